{#- Fails when mart_throughput_monthly does not have exactly one row for every month
    from the first to the last event month, for example when a log spans more months
    than the model's series of month numbers. -#}
{%- set event_month_span = dbt.datediff(
    'event_bounds.first_month', 'event_bounds.last_month', 'month'
) -%}
with

event_bounds as (
    select
        cast({{ dbt.date_trunc('month', 'min(event_at)') }} as date) as first_month,
        cast({{ dbt.date_trunc('month', 'max(event_at)') }} as date) as last_month
    from {{ ref('fct_process_events') }}
),

spine as (
    select
        min(month_start_on) as first_month,
        max(month_start_on) as last_month,
        count(*) as month_count
    from {{ ref('mart_throughput_monthly') }}
)

select
    event_bounds.first_month as first_event_month,
    event_bounds.last_month as last_event_month,
    spine.first_month as first_spine_month,
    spine.last_month as last_spine_month,
    spine.month_count
from event_bounds
cross join spine
where
    event_bounds.first_month is not null
    and (
        spine.first_month <> event_bounds.first_month
        or spine.last_month <> event_bounds.last_month
        or spine.month_count <> {{ event_month_span }} + 1
    )
