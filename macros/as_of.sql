{#-
    The cut-off moment of every figure: events at or before it count, later ones do not.
    With the var as_of_date (YYYY-MM-DD) it is the last microsecond of that date in UTC;
    without it, the export's extraction time (the latest SystemModstamp in the export),
    so rebuilding the same export on any day gives the same results.
-#}
{% macro as_of_date_var() %}
    {%- set value = var('as_of_date', '') -%}
    {%- set value = '' if value is none else (value | string | trim) -%}
    {%- if value and not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
        {{ exceptions.raise_compiler_error(
            "Invalid var as_of_date '" ~ value ~ "': expected a date such as 2024-12-31, or leave it empty to use the export's extraction time") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}
