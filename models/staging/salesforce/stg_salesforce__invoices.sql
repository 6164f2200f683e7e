with

base as (
    select * from {{ ref('base_salesforce__invoices') }}
),

final as (
    select
        invoice_id,
        invoice_number,
        account_id,
        order_id,
        invoiced_on,
        due_on,
        invoice_status,
        payment_status,
        total_amount,
        balance_amount,
        payment_method,
        currency_code,
        payment_terms,
        billing_department,
        owner_id,
        created_at,
        created_by_id,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
