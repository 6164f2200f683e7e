with

base as (
    select * from {{ ref('base_salesforce__order_history') }}
),

final as (
    select
        order_history_id,
        order_id,
        field_name,
        old_value,
        new_value,
        created_at,
        created_by_id
    from base
    where row_status = 'staged'
)

select * from final
