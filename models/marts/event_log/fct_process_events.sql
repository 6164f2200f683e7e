{#-
    The event log that the process-mining marts read, in generic columns (case_id,
    activity, event_at, resource) so the marts assume nothing about the billing process.
    The var event_log_source picks it: salesforce reads fct_invoice_events; imported
    reads an event log that scripts/import_event_log.py loaded into raw_event_log,
    whose events are already sequenced by time with the file order breaking ties.
-#}
with

{% if event_log_source() == 'imported' %}
events as (
    select
        event_id,
        case_id,
        activity,
        event_at,
        resource,
        cast(null as boolean) as is_automated,
        event_sequence
    from {{ source('imported_event_log', 'events') }}
),
{% else %}
events as (
    select
        event_id,
        invoice_number as case_id,
        activity,
        event_at,
        resource,
        is_automated,
        event_sequence
    from {{ ref('fct_invoice_events') }}
),
{% endif %}

final as (
    select
        event_id,
        case_id,
        activity,
        event_at,
        resource,
        is_automated,
        event_sequence
    from events
)

select * from final
