{#-
    At most N (absence when max_count is 0): a case contains activity_a no more than
    max_count times. Every case with at least one event is checked. The evidence is the
    first occurrence beyond the limit, counted in event_sequence order.
-#}
{% macro conformance_max_count(rules, events) %}
with

rules as (
    select * from {{ rules }}
    where rule_kind = 'max_count'
),

events as (
    select * from {{ events }}
),

cases as (
    select distinct invoice_number
    from events
),

numbered_events as (
    select
        invoice_number,
        activity,
        event_id,
        event_at,
        row_number() over (
            partition by invoice_number, activity
            order by event_sequence
        ) as occurrence
    from events
),

activity_counts as (
    select
        invoice_number,
        activity,
        count(*) as occurrence_count
    from events
    group by invoice_number, activity
),

checks as (
    select
        rules.rule_id,
        rules.max_count,
        cases.invoice_number,
        coalesce(activity_counts.occurrence_count, 0) as occurrence_count,
        first_excess.event_id as activity_a_event_id,
        first_excess.event_at as activity_a_event_at
    from rules
    cross join cases
    left join activity_counts
        on
            cases.invoice_number = activity_counts.invoice_number
            and rules.activity_a = activity_counts.activity
    left join numbered_events as first_excess
        on
            cases.invoice_number = first_excess.invoice_number
            and rules.activity_a = first_excess.activity
            and first_excess.occurrence = rules.max_count + 1
),

final as (
    select
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(invoice_number as {{ dbt.type_string() }}) as invoice_number,
        occurrence_count > max_count as is_violated,
        cast(activity_a_event_id as {{ dbt.type_string() }}) as activity_a_event_id,
        cast(activity_a_event_at as {{ dbt.type_timestamp() }}) as activity_a_event_at,
        cast(null as {{ dbt.type_string() }}) as activity_b_event_id,
        cast(null as {{ dbt.type_timestamp() }}) as activity_b_event_at,
        cast(occurrence_count as {{ dbt.type_string() }}) as observed_value,
        {{ dbt.concat([
            "'<= '", "cast(max_count as " ~ dbt.type_string() ~ ")"
        ]) }} as allowed_value
    from checks
)

select * from final
{% endmacro %}
