{#-
    Throughput per calendar month, from the month of the first event of the log to the
    month of its last event, including months without events: cases started (month of
    their first event), cases closed (month of their last event, for cases that are not
    open), events, and the cases open at the month's end.

    A case is open when dim_process_cases.is_open says so, which for the Salesforce log
    means an open balance and not cancelled. An imported log has no status (is_open is
    null), so every one of its cases counts as closed at its last event.
-#}
{#- NOTE: the month spine has at most this many months (100 years), because a portable
    number series needs its length when the SQL is compiled. A log that spans longer
    loses its last months; the data test throughput_spans_every_event_month fails then. -#}
{%- set max_months = 1200 -%}
{%- set cycle_seconds = timestamp_diff_seconds('first_event_at', 'last_event_at') -%}
{%- set last_event_month = dbt.date_trunc('month', 'case_spans.last_event_at') -%}

with

events as (
    select * from {{ ref('fct_process_events') }}
),

cases as (
    select * from {{ ref('dim_process_cases') }}
),

case_spans as (
    select
        case_id,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at
    from events
    group by case_id
),

case_flows as (
    select
        case_spans.case_id,
        cast({{ dbt.date_trunc('month', 'case_spans.first_event_at') }} as date)
            as started_month,
        case
            when not coalesce(cases.is_open, false)
                then cast({{ last_event_month }} as date)
        end as closed_month,
        {{ cycle_seconds }} / 3600.0 as cycle_time_hours
    from case_spans
    left join cases
        on case_spans.case_id = cases.case_id
),

event_months as (
    select
        cast({{ dbt.date_trunc('month', 'event_at') }} as date) as event_month,
        count(*) as event_count
    from events
    group by cast({{ dbt.date_trunc('month', 'event_at') }} as date)
),

bounds as (
    select
        min(event_month) as first_month,
        max(event_month) as last_month
    from event_months
),

month_numbers as (
    {{ dbt.generate_series(max_months) }}
),

months as (
    select
        cast({{ dbt.dateadd(
            'month',
            'cast(month_numbers.generated_number as integer) - 1',
            'bounds.first_month'
        ) }} as date) as month_start_on,
        bounds.last_month
    from month_numbers
    cross join bounds
),

started as (
    select
        started_month,
        count(*) as started_case_count
    from case_flows
    group by started_month
),

closed as (
    select
        closed_month,
        count(*) as closed_case_count,
        avg(cycle_time_hours) as mean_closed_cycle_time_hours,
        {{ percentile_cont('cycle_time_hours', 0.5) }} as median_closed_cycle_time_hours
    from case_flows
    where closed_month is not null
    group by closed_month
),

monthly as (
    select
        months.month_start_on,
        coalesce(started.started_case_count, 0) as started_case_count,
        coalesce(closed.closed_case_count, 0) as closed_case_count,
        coalesce(event_months.event_count, 0) as event_count,
        closed.mean_closed_cycle_time_hours,
        closed.median_closed_cycle_time_hours
    from months
    left join started
        on months.month_start_on = started.started_month
    left join closed
        on months.month_start_on = closed.closed_month
    left join event_months
        on months.month_start_on = event_months.event_month
    where months.month_start_on <= months.last_month
),

final as (
    select
        month_start_on,
        cast(started_case_count as bigint) as started_case_count,
        cast(closed_case_count as bigint) as closed_case_count,
        cast(event_count as bigint) as event_count,
        -- Work in progress: cases started by the month's end and not closed by then.
        cast(sum(started_case_count - closed_case_count) over (
            order by month_start_on
            rows between unbounded preceding and current row
        ) as bigint) as open_case_count,
        mean_closed_cycle_time_hours,
        median_closed_cycle_time_hours
    from monthly
)

select * from final
