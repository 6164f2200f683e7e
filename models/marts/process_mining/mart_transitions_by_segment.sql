{#-
    The directly-follows graph of each segment of cases: mart_transitions per region,
    billing department and case month together. Counts, sums, minimums and maximums add
    up across segments; medians and 90th percentiles do not, so they are computed here
    for each segment.
-#}
with

transitions as (
    select * from {{ ref('fct_process_transitions') }}
),

cases as (
    select * from {{ ref('dim_process_cases') }}
),

segmented as (
    select
        cases.region,
        cases.billing_department,
        cases.case_month,
        transitions.case_id,
        transitions.from_activity,
        transitions.to_activity,
        transitions.is_process_start,
        transitions.is_process_end,
        transitions.is_self_loop,
        transitions.duration_hours
    from transitions
    left join cases
        on transitions.case_id = cases.case_id
),

final as (
    select
        region,
        billing_department,
        case_month,
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
    from segmented
    group by
        region,
        billing_department,
        case_month,
        from_activity,
        to_activity,
        is_process_start,
        is_process_end,
        is_self_loop
)

select * from final
