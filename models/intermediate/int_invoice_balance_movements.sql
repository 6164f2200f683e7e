{#-
    One row per change of an invoice's open balance up to the as-of moment: cash applied
    (an Allocation lowers the balance), cash taken back (an Unallocation raises it) and
    credit notes (lower it, unless draft or cancelled), with the running open balance
    after each change. Changes at the same instant are ordered by kind (cash applied,
    cash taken back, credit note) and then by record Id, so the running balance does not
    depend on row order.
    Amounts are taken in the invoice currency: Salesforce Billing allocates and credits
    in the currency of the invoice.
-#}
with

invoices as (
    select * from {{ ref('stg_salesforce__invoices') }}
),

allocations as (
    select * from {{ ref('stg_salesforce__payment_allocations') }}
),

credit_notes as (
    select * from {{ ref('stg_salesforce__credit_notes') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

movements as (
    select
        invoice_id,
        created_at as moved_at,
        case when allocation_type = 'Unallocation' then 2 else 1 end as movement_order,
        case
            when allocation_type = 'Unallocation' then 'cash_unapplied'
            else 'cash_applied'
        end as movement_type,
        'blng__PaymentAllocationInvoice__c' as source_object,
        payment_allocation_id as source_record_id,
        -- An Unallocation undoes cash, whatever sign the export gives its amount.
        case
            when allocation_type = 'Unallocation' then abs(allocation_amount)
            else -1 * allocation_amount
        end as balance_change_amount
    from allocations

    union all

    select
        invoice_id,
        created_at as moved_at,
        3 as movement_order,
        'credit_note' as movement_type,
        'blng__CreditNote__c' as source_object,
        credit_note_id as source_record_id,
        -1 * abs(credit_note_amount) as balance_change_amount
    from credit_notes
    where
        invoice_id is not null
        and coalesce(credit_note_status, '') not in ('Draft', 'Cancelled')
),

movements_to_date as (
    select movements.*
    from movements
    cross join as_of
    where movements.moved_at <= as_of.as_of_at
),

final as (
    select
        movements_to_date.invoice_id,
        movements_to_date.moved_at,
        movements_to_date.movement_type,
        movements_to_date.source_object,
        movements_to_date.source_record_id,
        movements_to_date.balance_change_amount,
        invoices.total_amount
        + sum(movements_to_date.balance_change_amount) over (
            partition by movements_to_date.invoice_id
            order by
                movements_to_date.moved_at,
                movements_to_date.movement_order,
                movements_to_date.source_record_id
            rows between unbounded preceding and current row
        ) as open_balance_amount,
        row_number() over (
            partition by movements_to_date.invoice_id
            order by
                movements_to_date.moved_at,
                movements_to_date.movement_order,
                movements_to_date.source_record_id
        ) as movement_sequence
    from movements_to_date
    inner join invoices
        on movements_to_date.invoice_id = invoices.invoice_id
)

select * from final
