{#-
    One row per payment and invoice it applies to: through an allocation row of any
    type, or through the payment's own invoice lookup. A payment split across two
    invoices appears twice.
-#}
with

payments as (
    select * from {{ ref('stg_salesforce__payments') }}
),

allocations as (
    select * from {{ ref('stg_salesforce__payment_allocations') }}
),

pairs as (
    select
        payment_id,
        invoice_id
    from allocations
    union
    select
        payment_id,
        invoice_id
    from payments
    where invoice_id is not null
),

final as (
    select
        pairs.payment_id,
        pairs.invoice_id,
        payments.created_at as payment_created_at,
        payments.created_by_id as payment_created_by_id
    from pairs
    inner join payments
        on pairs.payment_id = payments.payment_id
)

select * from final
