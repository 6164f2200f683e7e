{#-
    Workload of each resource per ISO week (Monday to Sunday, by event time in UTC): how
    many events and cases the resource handled, and how long its cases had waited before
    its steps. The wait before an event is the time since the previous event of the same
    case in event_sequence order; a case's first event has no wait.
-#}
{%- set wait_seconds = timestamp_diff_seconds('previous_event_at', 'event_at') -%}

with

events as (
    select * from {{ ref('fct_process_events') }}
),

waits as (
    select
        resource,
        is_automated,
        case_id,
        activity,
        cast({{ dbt.date_trunc('week', 'event_at') }} as date) as week_start_on,
        event_at,
        lag(event_at) over (
            partition by case_id
            order by event_sequence
        ) as previous_event_at
    from events
),

final as (
    select
        resource,
        week_start_on,
        -- A resource is one user, so its events agree. Null when no event records it,
        -- as in an imported log.
        max(case
            when is_automated then 1
            when not is_automated then 0
        end) = 1 as is_automated,
        count(*) as event_count,
        count(distinct case_id) as case_count,
        count(distinct activity) as activity_count,
        count(previous_event_at) as waited_event_count,
        avg({{ wait_seconds }} / 3600.0) as mean_wait_hours,
        {{ percentile_cont(wait_seconds ~ ' / 3600.0', 0.5) }} as median_wait_hours,
        {{ percentile_cont(wait_seconds ~ ' / 3600.0', 0.9) }} as p90_wait_hours
    from waits
    group by resource, week_start_on
)

select * from final
