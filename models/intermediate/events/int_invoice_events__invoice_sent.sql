{#-
    Invoice Sent to Customer: every outgoing email related to the invoice whose status is
    Sent (Salesforce status code 3). A second sent email is a re-send and a second event.
    Drafts, and emails received from the customer, are not sends.
-#}
with

invoices as (
    select invoice_id from {{ ref('stg_salesforce__invoices') }}
),

emails as (
    select * from {{ ref('stg_salesforce__email_messages') }}
),

final as (
    select
        invoices.invoice_id,
        'Invoice Sent to Customer' as activity,
        emails.message_at as event_at,
        emails.created_by_id as resource_user_id,
        'EmailMessage' as source_object,
        emails.email_message_id as source_record_id
    from emails
    inner join invoices
        on emails.related_to_id = invoices.invoice_id
    where
        emails.email_status = '3'
        and not emails.is_incoming
)

select * from final
