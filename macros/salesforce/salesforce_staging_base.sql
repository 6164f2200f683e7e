{#-
    Classify every raw row of one Salesforce object and parse its fields.

    One row per raw row, with each registered field parsed to its type (the raw text is
    kept beside it as <column>_raw), and row_status saying what staging does with it:
      superseded  an older version of a record: another row has the same Id and a later
                  SystemModstamp (then CreatedDate, then a hash of the row's values)
      deleted     the latest version of the record has IsDeleted = true, or a sync
                  tool's deletion flag (Fivetran's _fivetran_deleted) set
      audited     the row cannot be used: no valid Id, a missing required value, a value
                  that does not parse, or a lookup to a record that staging did not keep;
                  audit_reason, audit_field and audit_value say which
      staged      the row goes to stg_salesforce__<entity>
    A row without a valid Id cannot be matched with its versions, so it is audited first.
-#}
{% macro salesforce_staging_base(object_name) %}
    {%- set object = salesforce_object(object_name) -%}
    {%- set fields = object.fields -%}
    {%- set key = fields | selectattr('api', 'equalto', 'Id') | first -%}
    {%- set field_names = fields | map(attribute='api') | list -%}
    {%- set lookups = fields | selectattr('parent', 'defined') | list -%}

    {%- set version_order = [] -%}
    {%- for api_name in ['SystemModstamp', 'CreatedDate'] if api_name in field_names -%}
        {%- do version_order.append((fields | selectattr('api', 'equalto', api_name) | first).column ~ ' desc nulls last') -%}
    {%- endfor -%}
    {%- do version_order.append('raw_row_hash') -%}

with

source as (
    select * from {{ source('salesforce', object.name) }}
),

trimmed as (
    select
        _source_file as source_file,
        _source_row_number as source_row_number,
        {{ parse_salesforce_boolean("nullif(trim(_fivetran_deleted), '')") }}
            as is_deleted_by_sync,
        {%- for field in fields %}
        nullif(trim({{ salesforce_raw_column(field.api) }}), '') as {{ field.column }}_raw{{ ',' if not loop.last }}
        {%- endfor %}
    from source
),

parsed as (
    select
        source_file,
        source_row_number,
        is_deleted_by_sync,
        {%- for field in fields %}
        {{ field.column }}_raw,
        {{ parse_salesforce_field(field, field.column ~ '_raw') }} as {{ field.column }},
        {%- endfor %}
        {{ dbt.hash(o2c_billing.salesforce_row_text(fields)) }} as raw_row_hash
    from trimmed
),

versioned as (
    select
        *,
        row_number() over (
            partition by {{ key.column }}
            order by {{ version_order | join(', ') }}
        ) as version_rank
    from parsed
),

checked as (
    select
        versioned.*,
        case
            {%- for check in o2c_billing.salesforce_row_checks(fields, lookups) %}
            when {{ check.condition }} then '{{ check.reason }}'
            {%- endfor %}
        end as audit_reason,
        case
            {%- for check in o2c_billing.salesforce_row_checks(fields, lookups) %}
            when {{ check.condition }} then '{{ check.field }}'
            {%- endfor %}
        end as audit_field,
        case
            {%- for check in o2c_billing.salesforce_row_checks(fields, lookups) %}
            when {{ check.condition }} then {{ check.value }}
            {%- endfor %}
        end as audit_value
    from versioned
    {%- for lookup in lookups %}
    left join {{ ref(lookup.parent) }} as parent_{{ loop.index }}
        on versioned.{{ lookup.column }} = parent_{{ loop.index }}.{{ o2c_billing.salesforce_key_column(lookup.parent) }}
    {%- endfor %}
),

final as (
    select
        '{{ object.name }}' as object_name,
        *,
        case
            when {{ key.column }} is null then 'audited'
            when version_rank > 1 then 'superseded'
            {%- if 'IsDeleted' in field_names %}
            when is_deleted then 'deleted'
            {%- endif %}
            when is_deleted_by_sync then 'deleted'
            when audit_reason is not null then 'audited'
            else 'staged'
        end as row_status
    from checked
)

select * from final
{% endmacro %}


{#- Text of all raw values of a row, used only to order two versions that tie on their
    timestamps in the same way on every run. -#}
{% macro salesforce_row_text(fields) -%}
    {%- set parts = [] -%}
    {%- for field in fields -%}
        {%- do parts.append("coalesce(" ~ field.column ~ "_raw, '')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}


{#- Key column of a staging model, such as account_id for stg_salesforce__accounts. -#}
{% macro salesforce_key_column(model_name) %}
    {%- for object in salesforce_objects() if 'stg_salesforce__' ~ object.model == model_name -%}
        {{ return((object.fields | selectattr('api', 'equalto', 'Id') | first).column) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("No Salesforce object is staged as '" ~ model_name ~ "'") }}
{% endmacro %}


{#- The checks that make a row unusable, in the order they are reported: the first that
    fails gives the row's audit_reason. -#}
{% macro salesforce_row_checks(fields, lookups) %}
    {%- set checks = [] -%}
    {%- for field in fields -%}
        {%- if field.get('not_null') -%}
            {%- do checks.append({
                'condition': 'versioned.' ~ field.column ~ '_raw is null',
                'reason': 'missing_value',
                'field': field.api,
                'value': 'cast(null as ' ~ dbt.type_string() ~ ')'}) -%}
        {%- endif -%}
        {%- if field.type != 'text' -%}
            {%- do checks.append({
                'condition': 'versioned.' ~ field.column ~ '_raw is not null and versioned.' ~ field.column ~ ' is null',
                'reason': 'invalid_' ~ field.type,
                'field': field.api,
                'value': 'versioned.' ~ field.column ~ '_raw'}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for lookup in lookups -%}
        {%- do checks.append({
            'condition': 'versioned.' ~ lookup.column ~ ' is not null and parent_' ~ loop.index ~ '.'
                ~ o2c_billing.salesforce_key_column(lookup.parent) ~ ' is null',
            'reason': 'unknown_parent',
            'field': lookup.api,
            'value': 'versioned.' ~ lookup.column ~ '_raw'}) -%}
    {%- endfor -%}
    {{ return(checks) }}
{% endmacro %}
