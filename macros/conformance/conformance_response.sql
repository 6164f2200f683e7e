{#-
    Response: every activity_a is eventually followed by activity_b. A case that contains
    activity_a is checked, and it violates the rule when its last activity_a has no
    activity_b after it in event_sequence order, which breaks equal timestamps by
    canonical rank. The check is made at the as-of moment, so a case whose response is
    still to come counts as violating; the timing kind sets a deadline instead.
-#}
{% macro conformance_response(rules, events) %}
with

rules as (
    select * from {{ rules }}
    where rule_kind = 'response'
),

events as (
    select * from {{ events }}
),

last_events as (
    select
        invoice_number,
        activity,
        event_id,
        event_at,
        event_sequence,
        row_number() over (
            partition by invoice_number, activity
            order by event_sequence desc
        ) as recency
    from events
),

checks as (
    select
        rules.rule_id,
        last_a.invoice_number,
        last_a.event_id as activity_a_event_id,
        last_a.event_at as activity_a_event_at,
        last_a.event_sequence as activity_a_sequence,
        last_b.event_id as activity_b_event_id,
        last_b.event_at as activity_b_event_at,
        last_b.event_sequence as activity_b_sequence
    from rules
    inner join last_events as last_a
        on
            rules.activity_a = last_a.activity
            and last_a.recency = 1
    left join last_events as last_b
        on
            last_a.invoice_number = last_b.invoice_number
            and rules.activity_b = last_b.activity
            and last_b.recency = 1
),

final as (
    select
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(invoice_number as {{ dbt.type_string() }}) as invoice_number,
        (
            activity_b_sequence is null
            or activity_b_sequence < activity_a_sequence
        ) as is_violated,
        cast(activity_a_event_id as {{ dbt.type_string() }}) as activity_a_event_id,
        cast(activity_a_event_at as {{ dbt.type_timestamp() }}) as activity_a_event_at,
        cast(activity_b_event_id as {{ dbt.type_string() }}) as activity_b_event_id,
        cast(activity_b_event_at as {{ dbt.type_timestamp() }}) as activity_b_event_at,
        -- Position of the last activity_b, which must be above that of the last
        -- activity_a.
        coalesce(
            cast(activity_b_sequence as {{ dbt.type_string() }}), 'none'
        ) as observed_value,
        {{ dbt.concat([
            "'> '", "cast(activity_a_sequence as " ~ dbt.type_string() ~ ")"
        ]) }} as allowed_value
    from checks
)

select * from final
{% endmacro %}
