{#-
    The directly-follows graph of the whole event log: one row per pair of activities
    that follow each other in at least one case, with how often and how long. The start
    and end nodes are included, so the graph shows how cases begin and end.
-#}
with

transitions as (
    select * from {{ ref('fct_process_transitions') }}
),

final as (
    select
        from_activity,
        to_activity,
        is_process_start,
        is_process_end,
        is_self_loop,
        count(*) as transition_count,
        count(distinct case_id) as case_count,
        sum(duration_hours) as total_duration_hours,
        avg(duration_hours) as mean_duration_hours,
        {{ percentile_cont('duration_hours', 0.5) }} as median_duration_hours,
        {{ percentile_cont('duration_hours', 0.9) }} as p90_duration_hours,
        min(duration_hours) as min_duration_hours,
        max(duration_hours) as max_duration_hours
    from transitions
    group by
        from_activity,
        to_activity,
        is_process_start,
        is_process_end,
        is_self_loop
)

select * from final
