{#-
    Customer Payment Received: each payment that applies to the invoice, at the payment's
    CreatedDate. Payment Posted to Ledger: the change of the payment's status field
    (blng__Status__c) to the posted value (var payment_posted_status) in the payment's
    field history, once per invoice the payment applies to.
-#}
with

invoice_payments as (
    select * from {{ ref('int_invoice_payments') }}
),

payment_history as (
    select * from {{ ref('stg_salesforce__payment_history') }}
),

received as (
    select
        invoice_id,
        'Customer Payment Received' as activity,
        payment_created_at as event_at,
        payment_created_by_id as resource_user_id,
        'blng__Payment__c' as source_object,
        payment_id as source_record_id
    from invoice_payments
),

posted as (
    select
        invoice_payments.invoice_id,
        'Payment Posted to Ledger' as activity,
        payment_history.created_at as event_at,
        payment_history.created_by_id as resource_user_id,
        'blng__Payment__History' as source_object,
        payment_history.payment_history_id as source_record_id
    from payment_history
    inner join invoice_payments
        on payment_history.payment_id = invoice_payments.payment_id
    where
        payment_history.field_name = 'blng__Status__c'
        and payment_history.new_value = '{{ var("payment_posted_status") }}'
),

final as (
    select * from received
    union all
    select * from posted
)

select * from final
