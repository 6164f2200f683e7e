{#-
    End state: a case that contains activity_a ends, at the as-of moment, with
    compare_field within threshold_amount of zero. compare_field names an amount of the
    case attributes (see conformance_case_amount). With activity_a Invoice Closed,
    compare_field open_balance_amount and threshold_amount 0.00, an invoice violates the
    rule when it was closed but its open balance after the last balance change up to the
    as-of moment is not exactly zero: cash unapplied after the closure, or an
    overpayment. A case that contains activity_a is checked; the evidence is its last
    activity_a.
-#}
{% macro conformance_end_state(rules, events, cases) %}
with

rules as (
    select * from {{ rules }}
    where rule_kind = 'end_state'
),

events as (
    select * from {{ events }}
),

cases as (
    select * from {{ cases }}
),

last_events as (
    select
        invoice_number,
        activity,
        event_id,
        event_at,
        row_number() over (
            partition by invoice_number, activity
            order by event_sequence desc
        ) as recency
    from events
),

checks as (
    select
        rules.rule_id,
        rules.threshold_amount,
        last_a.invoice_number,
        last_a.event_id as activity_a_event_id,
        last_a.event_at as activity_a_event_at,
        {{ conformance_case_amount('rules.compare_field', 'cases') }} as compared_amount
    from rules
    inner join last_events as last_a
        on
            rules.activity_a = last_a.activity
            and last_a.recency = 1
    left join cases
        on last_a.invoice_number = cases.invoice_number
),

final as (
    select
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(invoice_number as {{ dbt.type_string() }}) as invoice_number,
        coalesce(abs(compared_amount) > threshold_amount, false) as is_violated,
        cast(activity_a_event_id as {{ dbt.type_string() }}) as activity_a_event_id,
        cast(activity_a_event_at as {{ dbt.type_timestamp() }}) as activity_a_event_at,
        cast(null as {{ dbt.type_string() }}) as activity_b_event_id,
        cast(null as {{ dbt.type_timestamp() }}) as activity_b_event_at,
        coalesce(
            cast(cast(compared_amount as decimal(18, 2)) as {{ dbt.type_string() }}),
            'none'
        ) as observed_value,
        {{ dbt.concat([
            "'between -'",
            "cast(cast(threshold_amount as decimal(18, 2)) as "
            ~ dbt.type_string() ~ ")",
            "' and '",
            "cast(cast(threshold_amount as decimal(18, 2)) as "
            ~ dbt.type_string() ~ ")",
        ]) }} as allowed_value
    from checks
)

select * from final
{% endmacro %}
