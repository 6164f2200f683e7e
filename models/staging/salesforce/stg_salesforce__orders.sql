with

base as (
    select * from {{ ref('base_salesforce__orders') }}
),

final as (
    select
        order_id,
        order_number,
        account_id,
        order_status,
        effective_on,
        activated_at,
        created_at,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
