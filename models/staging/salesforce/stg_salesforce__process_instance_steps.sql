with

base as (
    select * from {{ ref('base_salesforce__process_instance_steps') }}
),

final as (
    select
        process_instance_step_id,
        process_instance_id,
        step_status,
        actor_id,
        original_actor_id,
        comments,
        created_at,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
