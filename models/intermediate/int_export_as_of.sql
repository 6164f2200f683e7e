{#- The extraction time is the latest SystemModstamp of any object that has one; for an
    imported event log, which has no such field, it is the time of its latest event. -#}
{%- set objects = salesforce_objects_with_field('SystemModstamp') -%}
{%- set as_of_date = as_of_date_var() -%}

with

{% if event_log_source() == 'imported' %}
modification_times as (
    select max(event_at) as modified_at
    from {{ source('imported_event_log', 'events') }}
),
{% else %}
modification_times as (
    {%- for object in objects %}
    select max(system_modified_at) as modified_at
    from {{ ref('base_salesforce__' ~ object.model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),
{% endif %}

extraction as (
    select max(modified_at) as extracted_at
    from modification_times
),

final as (
    select
        extracted_at,
        {%- if as_of_date %}
        {{ dbt.dateadd(
            'microsecond', -1,
            dbt.dateadd('day', 1, "cast('" ~ as_of_date ~ "' as " ~ dbt.type_timestamp() ~ ")")
        ) }} as as_of_at
        {%- else %}
        extracted_at as as_of_at
        {%- endif %}
    from extraction
)

select * from final
