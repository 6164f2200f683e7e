{#-
    One row per invoice with the moments that end its open life, up to the as-of moment:
    closed_at is the first balance change after which the open balance is zero or less
    (Salesforce Billing's payment status is a formula field without history, so the
    balance is rebuilt from allocations and credit notes); cancelled_at is the first
    change of the invoice status to Cancelled.
-#}
with

invoices as (
    select invoice_id from {{ ref('stg_salesforce__invoices') }}
),

movements as (
    select * from {{ ref('int_invoice_balance_movements') }}
),

invoice_history as (
    select * from {{ ref('stg_salesforce__invoice_history') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

closing_movements as (
    select
        invoice_id,
        moved_at,
        source_object,
        source_record_id,
        row_number() over (
            partition by invoice_id
            order by movement_sequence
        ) as closing_rank
    from movements
    -- Half a cent of tolerance absorbs rounding in amounts with two decimals.
    where open_balance_amount < 0.005
),

cancellations as (
    select
        invoice_history.invoice_id,
        min(invoice_history.created_at) as cancelled_at
    from invoice_history
    cross join as_of
    where
        invoice_history.field_name = 'blng__InvoiceStatus__c'
        and invoice_history.new_value = 'Cancelled'
        and invoice_history.created_at <= as_of.as_of_at
    group by invoice_history.invoice_id
),

final as (
    select
        invoices.invoice_id,
        closing_movements.moved_at as closed_at,
        closing_movements.source_object as closed_by_object,
        closing_movements.source_record_id as closed_by_record_id,
        cancellations.cancelled_at
    from invoices
    left join closing_movements
        on
            invoices.invoice_id = closing_movements.invoice_id
            and closing_movements.closing_rank = 1
    left join cancellations
        on invoices.invoice_id = cancellations.invoice_id
)

select * from final
