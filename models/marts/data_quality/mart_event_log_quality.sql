{#-
    One row per data-quality check of the event log, with how many cases and events (or
    raw rows, for the audit check) it affects. A check with zero affected is kept, so a
    report shows that it ran.
-#}
with

all_events as (
    select * from {{ ref('int_invoice_events') }}
),

events as (
    select * from {{ ref('fct_invoice_events') }}
),

invoices as (
    select * from {{ ref('dim_invoices') }}
),

audit_rows as (
    select * from {{ ref('stg_salesforce__audit_rows') }}
),

payments as (
    select * from {{ ref('stg_salesforce__payments') }}
),

invoice_payments as (
    select * from {{ ref('int_invoice_payments') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

-- Invoice Closed takes the time of the allocation or credit note that closes the
-- invoice, so it always ties with that event. Such derived ties are not counted.
tied_events as (
    select
        invoice_number,
        event_at,
        count(*) as event_count
    from events
    where activity <> 'Invoice Closed'
    group by invoice_number, event_at
    having count(*) > 1
),

generated as (
    select
        invoice_number,
        min(event_at) as generated_at
    from events
    where activity = 'Invoice Generated'
    group by invoice_number
),

early_events as (
    select events.invoice_number
    from events
    inner join generated
        on events.invoice_number = generated.invoice_number
    where
        events.event_at < generated.generated_at
        and events.activity <> 'Sales Order Fulfilled'
),

checks as (
    select
        'timestamp_ties' as check_name,
        'Events that share their case and timestamp with another event; their order '
        || 'comes from the activity rank, then the record Id.' as check_description,
        count(distinct invoice_number) as cases_affected,
        coalesce(sum(event_count), 0) as events_affected
    from tied_events

    union all

    select
        'events_before_invoice_generated' as check_name,
        -- No apostrophe in the text: Spark reads 'a''b' as the two literals 'a' 'b'.
        'Events other than Sales Order Fulfilled that come before the Invoice '
        || 'Generated event of their case.' as check_description,
        count(distinct invoice_number) as cases_affected,
        count(*) as events_affected
    from early_events

    union all

    select
        'cases_without_invoice_generated' as check_name,
        'Cases whose event log has no Invoice Generated event.' as check_description,
        count(*) as cases_affected,
        0 as events_affected
    from invoices
    left join generated
        on invoices.invoice_number = generated.invoice_number
    where generated.invoice_number is null

    union all

    select
        'events_without_timestamp' as check_name,
        'Events left out of the event log because their source record has no time.'
            as check_description,
        count(distinct invoice_number) as cases_affected,
        count(*) as events_affected
    from all_events
    where event_at is null

    union all

    select
        'events_after_as_of' as check_name,
        'Events left out of the event log because they happen after the as-of moment.'
            as check_description,
        count(distinct all_events.invoice_number) as cases_affected,
        count(*) as events_affected
    from all_events
    cross join as_of
    where all_events.event_at > as_of.as_of_at

    union all

    select
        'rows_sent_to_audit' as check_name,
        'Raw Salesforce rows that staging could not use (events_affected counts raw '
        || 'rows; see stg_salesforce__audit_rows).' as check_description,
        count(distinct case
            when object_name = 'blng__Invoice__c' then source_row_number
        end) as cases_affected,
        count(*) as events_affected
    from audit_rows

    union all

    select
        'payments_not_reaching_any_invoice' as check_name,
        'Payments with neither an allocation nor an invoice lookup (events_affected '
        || 'counts payments).' as check_description,
        0 as cases_affected,
        count(*) as events_affected
    from payments
    left join invoice_payments
        on payments.payment_id = invoice_payments.payment_id
    where invoice_payments.payment_id is null

    union all

    select
        'cases_without_conversion_rate' as check_name,
        'Invoices in a currency with no dated exchange rate on the invoice date, so '
        || 'their amount in the corporate currency is null.' as check_description,
        count(*) as cases_affected,
        0 as events_affected
    from invoices
    where invoice_amount_corporate is null
),

final as (
    select
        check_name,
        check_description,
        cast(cases_affected as bigint) as cases_affected,
        cast(events_affected as bigint) as events_affected
    from checks
)

select * from final
