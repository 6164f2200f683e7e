{#- Fails when fct_process_transitions does not have n + 1 transitions for each case of
    n events (one start, n - 1 between events, one end): a sign of lost or duplicated
    rows. -#}
with

events as (
    select
        case_id,
        count(*) as event_count
    from {{ ref('fct_process_events') }}
    group by case_id
),

transitions as (
    select
        case_id,
        count(*) as transition_count,
        sum(case when is_process_start then 1 else 0 end) as start_count,
        sum(case when is_process_end then 1 else 0 end) as end_count
    from {{ ref('fct_process_transitions') }}
    group by case_id
)

select
    coalesce(events.case_id, transitions.case_id) as case_id,
    events.event_count,
    transitions.transition_count,
    transitions.start_count,
    transitions.end_count
from events
full outer join transitions
    on events.case_id = transitions.case_id
where
    events.case_id is null
    or transitions.case_id is null
    or transitions.transition_count <> events.event_count + 1
    or transitions.start_count <> 1
    or transitions.end_count <> 1
