{#-
    Every directly-follows occurrence of the event log: one row per pair of consecutive
    events of a case in event_sequence order, plus one transition from the start node to
    the case's first activity and one from its last activity to the end node. Repeated
    activities give self-loops (from_activity = to_activity), which count like any
    other transition. Only transitions between two events have a duration.
-#}
{%- set duration_seconds = timestamp_diff_seconds('from_event_at', 'to_event_at') -%}

with

events as (
    select
        case_id,
        activity,
        event_at,
        event_sequence
    from {{ ref('fct_process_events') }}
),

-- One sort per case gives each event both of its neighbours.
neighbours as (
    select
        case_id,
        activity,
        event_at,
        event_sequence,
        lag(event_sequence) over (
            partition by case_id
            order by event_sequence
        ) as previous_event_sequence,
        lead(activity) over (
            partition by case_id
            order by event_sequence
        ) as next_activity,
        lead(event_at) over (
            partition by case_id
            order by event_sequence
        ) as next_event_at,
        lead(event_sequence) over (
            partition by case_id
            order by event_sequence
        ) as next_event_sequence
    from events
),

transitions as (
    select
        case_id,
        event_sequence as transition_sequence,
        '{{ process_start_node() }}' as from_activity,
        activity as to_activity,
        cast(null as {{ dbt.type_timestamp() }}) as from_event_at,
        event_at as to_event_at,
        true as is_process_start,
        false as is_process_end
    from neighbours
    where previous_event_sequence is null

    union all

    -- The last event of a case leads to the end node. That transition is numbered one
    -- past the event's own sequence, so (case_id, transition_sequence) stays unique.
    select
        case_id,
        coalesce(next_event_sequence, event_sequence + 1) as transition_sequence,
        activity as from_activity,
        coalesce(next_activity, '{{ process_end_node() }}') as to_activity,
        event_at as from_event_at,
        next_event_at as to_event_at,
        false as is_process_start,
        next_event_sequence is null as is_process_end
    from neighbours
),

final as (
    select
        case_id,
        cast(transition_sequence as bigint) as transition_sequence,
        from_activity,
        to_activity,
        from_event_at,
        to_event_at,
        -- Exact hours between the two events; null for the start and end transitions,
        -- which have only one event.
        {{ duration_seconds }} / 3600.0 as duration_hours,
        is_process_start,
        is_process_end,
        (
            from_activity = to_activity
            and not is_process_start
            and not is_process_end
        ) as is_self_loop
    from transitions
)

select * from final
