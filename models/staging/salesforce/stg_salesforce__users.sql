with

base as (
    select * from {{ ref('base_salesforce__users') }}
),

final as (
    select
        user_id,
        user_name,
        department,
        is_active,
        user_type,
        created_at,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
