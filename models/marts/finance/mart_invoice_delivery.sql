{#-
    Delivery of each invoice to the customer, from the event log up to the as-of
    moment: time from generation and from final approval to the first send, and the
    number of sends. The first send is the earliest Invoice Sent to Customer event by
    time, then source record Id, and the final approval is the latest Invoice Approved
    event. A send before the final approval gives negative hours from approval.
-#}
{%- set double = type_double() %}

with

invoices as (
    select * from {{ ref('dim_invoices') }}
),

events as (
    select * from {{ ref('fct_invoice_events') }}
),

milestones as (
    select
        invoice_id,
        min(case when activity = 'Invoice Generated' then event_at end)
            as generated_at,
        max(case when activity = 'Invoice Approved' then event_at end)
            as approved_at,
        min(case when activity = 'Invoice Sent to Customer' then event_at end)
            as first_sent_at,
        sum(case when activity = 'Invoice Sent to Customer' then 1 else 0 end)
            as send_count
    from events
    group by invoice_id
),

final as (
    select
        invoices.invoice_number,
        invoices.invoice_id,
        invoices.region,
        coalesce(invoices.billing_department, 'Unassigned') as billing_department,
        cast(
            {{ dbt.date_trunc('month', 'milestones.generated_at') }} as date
        ) as generated_month_on,
        milestones.generated_at,
        milestones.approved_at,
        milestones.first_sent_at,
        cast(
            {{ timestamp_diff_seconds(
                'milestones.generated_at', 'milestones.first_sent_at'
            ) }} / 3600.0 as {{ double }}
        ) as hours_generation_to_send,
        cast(
            {{ timestamp_diff_seconds(
                'milestones.approved_at', 'milestones.first_sent_at'
            ) }} / 3600.0 as {{ double }}
        ) as hours_approval_to_send,
        cast(coalesce(milestones.send_count, 0) as integer) as send_count,
        coalesce(milestones.send_count, 0) > 0 as is_sent,
        coalesce(milestones.send_count, 0) > 1 as is_resent
    from invoices
    left join milestones
        on invoices.invoice_id = milestones.invoice_id
)

select * from final
