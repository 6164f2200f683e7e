with

base as (
    select * from {{ ref('base_salesforce__process_instances') }}
),

final as (
    select
        process_instance_id,
        target_object_id,
        process_status,
        created_at,
        completed_at,
        submitted_by_id,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
