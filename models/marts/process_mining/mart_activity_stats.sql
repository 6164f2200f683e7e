{#-
    Statistics per activity of the event log: how often it happens, in how many cases,
    how often it repeats within a case (rework), where in the case it usually sits, how
    many resources do it, and how much of it automated users do.
-#}
{%- set double = type_double() -%}

with

events as (
    select * from {{ ref('fct_process_events') }}
),

case_total as (
    select count(distinct case_id) as total_case_count
    from events
),

occurrences as (
    select
        activity,
        case_id,
        count(*) as occurrence_count
    from events
    group by activity, case_id
),

repeats as (
    select
        activity,
        count(*) as case_count,
        sum(case when occurrence_count > 1 then 1 else 0 end) as rework_case_count,
        sum(occurrence_count - 1) as repetition_count
    from occurrences
    group by activity
),

event_stats as (
    select
        activity,
        count(*) as event_count,
        count(distinct resource) as resource_count,
        count(resource) as resourced_event_count,
        sum(case when is_automated then 1 else 0 end) as automated_event_count,
        count(is_automated) as flagged_event_count,
        {{ percentile_cont('event_sequence', 0.5) }} as median_position
    from events
    group by activity
),

final as (
    select
        event_stats.activity,
        cast(event_stats.event_count as bigint) as event_count,
        cast(repeats.case_count as bigint) as case_count,
        cast(repeats.case_count as {{ double }})
        / case_total.total_case_count as case_coverage,
        cast(repeats.rework_case_count as bigint) as rework_case_count,
        cast(repeats.repetition_count as bigint) as repetition_count,
        cast(event_stats.median_position as {{ double }}) as median_position,
        cast(event_stats.resource_count as bigint) as resource_count,
        cast(event_stats.automated_event_count as bigint) as automated_event_count,
        -- Share of the events whose is_automated flag is known (those with a
        -- resource). Null when no flag is known, as in an imported log.
        case
            when event_stats.flagged_event_count > 0
                then
                    cast(event_stats.automated_event_count as {{ double }})
                    / event_stats.flagged_event_count
        end as automation_rate
    from event_stats
    inner join repeats
        on event_stats.activity = repeats.activity
    cross join case_total
)

select * from final
