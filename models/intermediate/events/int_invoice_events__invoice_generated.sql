-- Invoice Generated: the creation of the invoice record.
with

invoices as (
    select * from {{ ref('stg_salesforce__invoices') }}
),

final as (
    select
        invoice_id,
        'Invoice Generated' as activity,
        created_at as event_at,
        created_by_id as resource_user_id,
        'blng__Invoice__c' as source_object,
        invoice_id as source_record_id
    from invoices
)

select * from final
