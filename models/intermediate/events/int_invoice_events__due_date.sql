{#-
    Payment Due Date Reached: the start of the due date in the org's timezone (var
    org_timezone), converted to UTC. It is emitted only when the invoice was still open
    at that moment (neither closed nor cancelled at or before it) and the moment is not
    after the as-of moment. Changing org_timezone moves these events and no others,
    because every other timestamp comes from Salesforce in UTC.
-#}
with

invoices as (
    select * from {{ ref('stg_salesforce__invoices') }}
),

closures as (
    select * from {{ ref('int_invoice_closures') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

due_moments as (
    select
        invoice_id,
        {{ local_to_utc(
            'cast(due_on as ' ~ dbt.type_timestamp() ~ ')', var('org_timezone')
        ) }} as due_at
    from invoices
    where due_on is not null
),

final as (
    select
        due_moments.invoice_id,
        'Payment Due Date Reached' as activity,
        due_moments.due_at as event_at,
        cast(null as {{ dbt.type_string() }}) as resource_user_id,
        'blng__Invoice__c' as source_object,
        due_moments.invoice_id as source_record_id
    from due_moments
    inner join closures
        on due_moments.invoice_id = closures.invoice_id
    cross join as_of
    where
        due_moments.due_at <= as_of.as_of_at
        and (closures.closed_at is null or closures.closed_at > due_moments.due_at)
        and (
            closures.cancelled_at is null
            or closures.cancelled_at > due_moments.due_at
        )
)

select * from final
