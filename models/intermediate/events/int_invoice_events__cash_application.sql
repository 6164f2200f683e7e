{#-
    Cash Applied/Reconciled: each Allocation row of a payment to the invoice. Cash
    Unapplied: each Unallocation row, which reverses an earlier allocation.
-#}
with

allocations as (
    select * from {{ ref('stg_salesforce__payment_allocations') }}
),

final as (
    select
        invoice_id,
        case
            when allocation_type = 'Unallocation' then 'Cash Unapplied'
            else 'Cash Applied/Reconciled'
        end as activity,
        created_at as event_at,
        created_by_id as resource_user_id,
        'blng__PaymentAllocationInvoice__c' as source_object,
        payment_allocation_id as source_record_id
    from allocations
)

select * from final
