{#-
    Row counts of every Salesforce object through staging. Each count comes from a
    different relation (the raw table, the staging model, the audit model and the base
    model), so a join that multiplies or loses rows in any of them breaks the balance
    raw_rows = staged_rows + superseded_rows + deleted_rows + audited_rows.
-#}
with

{% for object in salesforce_objects() %}
{{ object.model }} as (
    select
        '{{ object.name }}' as object_name,
        (
            select count(*) from {{ source('salesforce', object.name) }}
        ) as raw_rows,
        (
            select count(*) from {{ ref('stg_salesforce__' ~ object.model) }}
        ) as staged_rows,
        (
            select count(*) from {{ ref('base_salesforce__' ~ object.model) }}
            where row_status = 'superseded'
        ) as superseded_rows,
        (
            select count(*) from {{ ref('base_salesforce__' ~ object.model) }}
            where row_status = 'deleted'
        ) as deleted_rows,
        (
            select count(*) from {{ ref('stg_salesforce__audit_rows') }}
            where object_name = '{{ object.name }}'
        ) as audited_rows
),
{% endfor %}

counts as (
    {%- for object in salesforce_objects() %}
    select * from {{ object.model }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        object_name,
        raw_rows,
        staged_rows,
        superseded_rows,
        deleted_rows,
        audited_rows,
        raw_rows
        - (staged_rows + superseded_rows + deleted_rows + audited_rows)
            as unexplained_rows
    from counts
)

select * from final
