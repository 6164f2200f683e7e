{#-
    Parsers for the text values of a Salesforce export. Each returns null for an empty
    value and for a value it cannot read; the staging base models compare the result
    with the raw text to tell the two apart and send unreadable rows to the audit model.
-#}

{#- Salesforce datetime to a UTC timestamp. Accepts 2024-01-05T10:15:00.000Z, an offset
    (+0000, -05:00, which is subtracted to reach UTC), no zone (read as UTC, as Fivetran
    writes 2024-01-05 10:15:00), a space instead of the T, and 0 to 6 fraction digits. -#}
{% macro parse_salesforce_timestamp(expression) -%}
    {%- set zone_pattern = '(Z|[+-][0-9]{2}:?[0-9]{2})$' -%}
    {%- set local_text = "replace(regexp_replace(" ~ expression ~ ", '" ~ zone_pattern ~ "', ''), 'T', ' ')" -%}
    {%- set zone_text = "substr(" ~ expression ~ ", length(regexp_replace(" ~ expression ~ ", '" ~ zone_pattern ~ "', '')) + 1)" -%}
    case
        when {{ regexp_like(expression, '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?(Z|[+-][0-9]{2}:?[0-9]{2})?$') }}
            then {{ dbt.dateadd(
                'minute',
                "-1 * case when " ~ zone_text ~ " in ('', 'Z') then 0"
                ~ " else (case when substr(" ~ zone_text ~ ", 1, 1) = '-' then -1 else 1 end)"
                ~ " * (cast(substr(" ~ zone_text ~ ", 2, 2) as integer) * 60"
                ~ " + cast(substr(" ~ zone_text ~ ", length(" ~ zone_text ~ ") - 1, 2) as integer)) end",
                try_cast(local_text, dbt.type_timestamp())
            ) }}
    end
{%- endmacro %}

{#- Salesforce date (2024-01-05). Dates carry no timezone and get no conversion. Sync
    tools such as Fivetran write date fields as a timestamp (2019-11-11 17:23:34); the
    date part is kept and the time of day dropped, since a date field has none. -#}
{% macro parse_salesforce_date(expression) -%}
    case
        when {{ regexp_like(expression, '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$') }}
            then {{ try_cast('substr(' ~ expression ~ ', 1, 10)', 'date') }}
    end
{%- endmacro %}

{#- Salesforce checkbox: true/false in any case, or 1/0. -#}
{% macro parse_salesforce_boolean(expression) -%}
    case
        when lower({{ expression }}) in ('true', '1') then true
        when lower({{ expression }}) in ('false', '0') then false
    end
{%- endmacro %}

{#- Decimal number with a point as the decimal separator, cast to the given precision. -#}
{% macro parse_salesforce_number(expression, data_type) -%}
    case
        when {{ regexp_like(expression, '^-?[0-9]+([.][0-9]+)?$') }}
            then {{ try_cast(expression, data_type) }}
    end
{%- endmacro %}

{#-
    Salesforce Id in its 18-character form. A 15-character Id is case-sensitive; the
    18-character form appends three characters that encode the case of the first 15:
    for each block of 5 characters, bit i is set when character i is an upper-case letter,
    and the 5-bit number indexes 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'. An 18-character Id
    is rebuilt the same way from its first 15 characters, so both forms give one value.
    Anything that is not 15 or 18 letters and digits gives null.
-#}
{% macro normalize_salesforce_id(expression) -%}
    {%- set suffix_letters = [] -%}
    {%- for block in range(3) -%}
        {%- set bits = [] -%}
        {%- for position in range(5) -%}
            {%- set character = "substr(" ~ expression ~ ", " ~ (block * 5 + position + 1) ~ ", 1)" -%}
            {%- do bits.append("case when " ~ character ~ " <> lower(" ~ character ~ ") then " ~ (2 ** position) ~ " else 0 end") -%}
        {%- endfor -%}
        {%- do suffix_letters.append("substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', " ~ bits | join(' + ') ~ " + 1, 1)") -%}
    {%- endfor -%}
    case
        when {{ regexp_like(expression, '^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$') }}
            then {{ dbt.concat(["substr(" ~ expression ~ ", 1, 15)"] + suffix_letters) }}
    end
{%- endmacro %}

{#- Parse one registered field from its trimmed raw text by its registry type. -#}
{% macro parse_salesforce_field(field, expression) -%}
    {%- if field.type == 'id' -%}
        {{ normalize_salesforce_id(expression) }}
    {%- elif field.type == 'timestamp' -%}
        {{ parse_salesforce_timestamp(expression) }}
    {%- elif field.type == 'date' -%}
        {{ parse_salesforce_date(expression) }}
    {%- elif field.type == 'boolean' -%}
        {{ parse_salesforce_boolean(expression) }}
    {%- elif field.type == 'amount' -%}
        {{ parse_salesforce_number(expression, 'decimal(18, 2)') }}
    {%- elif field.type == 'rate' -%}
        {{ parse_salesforce_number(expression, 'decimal(18, 9)') }}
    {%- elif field.type == 'text' -%}
        {{ expression }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("Unknown field type '" ~ field.type ~ "' for " ~ field.api) }}
    {%- endif -%}
{%- endmacro %}
