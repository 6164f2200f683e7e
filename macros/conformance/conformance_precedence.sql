{#-
    Precedence: activity_b occurs only after activity_a. A case that contains activity_b
    is checked, and it violates the rule when it has no activity_a, or when its first
    activity_b comes before its first activity_a (activity_a_occurrence first or empty:
    some activity_a precedes every activity_b) or before its last activity_a
    (activity_a_occurrence last: every activity_a precedes every activity_b). "Before"
    is the event_sequence order, so at an equal timestamp the activity with the lower
    canonical rank comes first: Invoice Approved (rank 6) at the same instant as Invoice
    Sent to Customer (rank 8) keeps the rule.
-#}
{% macro conformance_precedence(rules, events) %}
with

rules as (
    select * from {{ rules }}
    where rule_kind = 'precedence'
),

events as (
    select * from {{ events }}
),

ranked_events as (
    select
        invoice_number,
        activity,
        event_id,
        event_at,
        event_sequence,
        row_number() over (
            partition by invoice_number, activity
            order by event_sequence
        ) as occurrence,
        row_number() over (
            partition by invoice_number, activity
            order by event_sequence desc
        ) as recency
    from events
),

checks as (
    select
        rules.rule_id,
        first_b.invoice_number,
        compared_a.event_id as activity_a_event_id,
        compared_a.event_at as activity_a_event_at,
        compared_a.event_sequence as activity_a_sequence,
        first_b.event_id as activity_b_event_id,
        first_b.event_at as activity_b_event_at,
        first_b.event_sequence as activity_b_sequence
    from rules
    inner join ranked_events as first_b
        on
            rules.activity_b = first_b.activity
            and first_b.occurrence = 1
    left join ranked_events as compared_a
        on
            first_b.invoice_number = compared_a.invoice_number
            and rules.activity_a = compared_a.activity
            and (
                (
                    coalesce(rules.activity_a_occurrence, 'first') = 'first'
                    and compared_a.occurrence = 1
                )
                or (rules.activity_a_occurrence = 'last' and compared_a.recency = 1)
            )
),

final as (
    select
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(invoice_number as {{ dbt.type_string() }}) as invoice_number,
        (
            activity_a_sequence is null
            or activity_a_sequence > activity_b_sequence
        ) as is_violated,
        cast(activity_a_event_id as {{ dbt.type_string() }}) as activity_a_event_id,
        cast(activity_a_event_at as {{ dbt.type_timestamp() }}) as activity_a_event_at,
        cast(activity_b_event_id as {{ dbt.type_string() }}) as activity_b_event_id,
        cast(activity_b_event_at as {{ dbt.type_timestamp() }}) as activity_b_event_at,
        -- Position of the first or last activity_a in the case, which must be below
        -- that of the first activity_b.
        coalesce(
            cast(activity_a_sequence as {{ dbt.type_string() }}), 'none'
        ) as observed_value,
        {{ dbt.concat([
            "'< '", "cast(activity_b_sequence as " ~ dbt.type_string() ~ ")"
        ]) }} as allowed_value
    from checks
)

select * from final
{% endmacro %}
