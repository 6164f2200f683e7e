{#-
    One row per Payment Reminder Issued event up to the as-of moment, with its level:
    the reminder's position among the invoice's reminders by event time, then source
    record Id. A fourth or later reminder keeps its own level (4, 5, ...), so no
    invoice counts twice at one level.
-#}
with

events as (
    select * from {{ ref('fct_invoice_events') }}
),

final as (
    select
        event_id,
        invoice_id,
        event_at as reminded_at,
        cast(row_number() over (
            partition by invoice_id
            order by event_at, source_record_id, event_id
        ) as integer) as reminder_level
    from events
    where activity = 'Payment Reminder Issued'
)

select * from final
