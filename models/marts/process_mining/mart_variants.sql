{#-
    The variants of the event log: one row per distinct ordered list of activities, with
    how many cases follow it and how long they take from first to last event. The
    readable activity_sequence comes from one case of the variant, since all of its
    cases have the same activities in the same order.
-#}
with

case_variants as (
    select * from {{ ref('mart_case_variants') }}
),

events as (
    select * from {{ ref('fct_process_events') }}
),

case_total as (
    select count(*) as total_case_count
    from case_variants
),

variant_summary as (
    select
        variant_id,
        variant_rank,
        min(case_id) as example_case_id,
        max(event_count) as activity_count,
        count(*) as case_count,
        avg(case_duration_hours) as mean_case_duration_hours,
        {{ percentile_cont('case_duration_hours', 0.5) }} as median_case_duration_hours,
        {{ percentile_cont('case_duration_hours', 0.9) }} as p90_case_duration_hours
    from case_variants
    group by variant_id, variant_rank
),

example_sequences as (
    select
        events.case_id,
        {{ ordered_string_agg('events.activity', "' → '", 'events.event_sequence') }}
            as activity_sequence
    from events
    inner join variant_summary
        on events.case_id = variant_summary.example_case_id
    group by events.case_id
),

final as (
    select
        variant_summary.variant_id,
        variant_summary.variant_rank,
        example_sequences.activity_sequence,
        variant_summary.activity_count,
        variant_summary.case_count,
        cast(variant_summary.case_count as {{ type_double() }})
        / case_total.total_case_count as case_share,
        cast(sum(variant_summary.case_count) over (
            order by variant_summary.variant_rank
            rows between unbounded preceding and current row
        ) as {{ type_double() }})
        / case_total.total_case_count as cumulative_case_share,
        variant_summary.mean_case_duration_hours,
        variant_summary.median_case_duration_hours,
        variant_summary.p90_case_duration_hours,
        variant_summary.example_case_id
    from variant_summary
    cross join case_total
    inner join example_sequences
        on variant_summary.example_case_id = example_sequences.case_id
)

select * from final
