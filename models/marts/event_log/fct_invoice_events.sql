{#-
    The canonical event log: one row per invoice event up to the as-of moment.
    event_sequence numbers the events of a case from 1 by event time, then the activity's
    canonical rank (so an allocation and the closure it causes keep their logical order),
    then the source record Id, then the event Id. Every key is a value of the data, so two
    runs over the same export give the same sequence whatever the order of its rows.
-#}
with

events as (
    select * from {{ ref('int_invoice_events') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

events_to_date as (
    select events.*
    from events
    cross join as_of
    where
        events.event_at is not null
        and events.event_at <= as_of.as_of_at
),

final as (
    select
        event_id,
        invoice_number,
        invoice_id,
        activity,
        process_stage,
        activity_rank,
        event_at,
        resource,
        resource_user_id,
        is_automated,
        source_object,
        source_record_id,
        -- row_number() is a bigint on DuckDB and PostgreSQL but an int on Spark.
        cast(row_number() over (
            partition by invoice_number
            order by event_at, activity_rank, source_record_id, event_id
        ) as bigint) as event_sequence
    from events_to_date
)

select * from final
