{#-
    Invoice Posted and Invoice Cancelled: changes of the invoice status field
    (blng__InvoiceStatus__c) to Posted or Cancelled in the invoice's field history.
    Credit Note Issued: the creation of a credit note against the invoice, unless the
    credit note is still a draft or was cancelled.
-#}
with

invoice_history as (
    select * from {{ ref('stg_salesforce__invoice_history') }}
),

credit_notes as (
    select * from {{ ref('stg_salesforce__credit_notes') }}
),

status_changes as (
    select
        invoice_id,
        case new_value
            when 'Posted' then 'Invoice Posted'
            when 'Cancelled' then 'Invoice Cancelled'
        end as activity,
        created_at as event_at,
        created_by_id as resource_user_id,
        'blng__Invoice__History' as source_object,
        invoice_history_id as source_record_id
    from invoice_history
    where
        field_name = 'blng__InvoiceStatus__c'
        and new_value in ('Posted', 'Cancelled')
),

credit_notes_issued as (
    select
        invoice_id,
        'Credit Note Issued' as activity,
        created_at as event_at,
        created_by_id as resource_user_id,
        'blng__CreditNote__c' as source_object,
        credit_note_id as source_record_id
    from credit_notes
    where
        invoice_id is not null
        and coalesce(credit_note_status, '') not in ('Draft', 'Cancelled')
),

final as (
    select * from status_changes
    union all
    select * from credit_notes_issued
)

select * from final
