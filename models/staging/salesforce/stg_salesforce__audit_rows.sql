{#- Every raw row that staging could not use, from all objects, with the reason. -#}
with

{% for object in salesforce_objects() %}
{%- set key = object.fields | selectattr('api', 'equalto', 'Id') | first %}
{{ object.model }} as (
    select
        object_name,
        source_file,
        source_row_number,
        {{ key.column }}_raw as record_id,
        audit_reason,
        audit_field,
        audit_value
    from {{ ref('base_salesforce__' ~ object.model) }}
    where row_status = 'audited'
),
{% endfor %}

audited_rows as (
    {%- for object in salesforce_objects() %}
    select * from {{ object.model }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

reasons as (
    select * from {{ ref('audit_reasons') }}
),

final as (
    select
        audited_rows.object_name,
        audited_rows.source_file,
        audited_rows.source_row_number,
        audited_rows.record_id,
        audited_rows.audit_reason,
        audited_rows.audit_field,
        audited_rows.audit_value,
        reasons.description as audit_description,
        reasons.action as audit_action
    from audited_rows
    left join reasons
        on audited_rows.audit_reason = reasons.audit_reason
)

select * from final
