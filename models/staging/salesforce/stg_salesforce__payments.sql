with

base as (
    select * from {{ ref('base_salesforce__payments') }}
),

final as (
    select
        payment_id,
        payment_number,
        account_id,
        invoice_id,
        payment_amount,
        paid_on,
        payment_type,
        payment_status,
        currency_code,
        created_at,
        created_by_id,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
