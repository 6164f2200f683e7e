with

base as (
    select * from {{ ref('base_salesforce__tasks') }}
),

final as (
    select
        task_id,
        what_id,
        subject,
        task_type,
        task_subtype,
        task_status,
        activity_on,
        created_at,
        completed_at,
        owner_id,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
