with

base as (
    select * from {{ ref('base_salesforce__payment_allocations') }}
),

final as (
    select
        payment_allocation_id,
        payment_id,
        invoice_id,
        allocation_amount,
        allocation_type,
        created_at,
        created_by_id,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
