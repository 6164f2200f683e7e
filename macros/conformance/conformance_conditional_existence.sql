{#-
    Existence under a condition: a case whose compare_field is above threshold_amount
    contains activity_a. Only cases above the threshold are checked: a value exactly at
    the threshold is not above it, and a case whose value is null (an invoice without an
    exchange rate) is not checked. compare_field names an amount of the case attributes:
    total_amount_corporate, total_amount or open_balance_amount. The evidence is the
    first activity_a, or none.
-#}
{% macro conformance_conditional_existence(rules, events, cases) %}
with

rules as (
    select * from {{ rules }}
    where rule_kind = 'conditional_existence'
),

events as (
    select * from {{ events }}
),

cases as (
    select * from {{ cases }}
),

first_events as (
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

case_values as (
    select
        rules.rule_id,
        rules.activity_a,
        rules.threshold_amount,
        cases.invoice_number,
        {{ conformance_case_amount('rules.compare_field', 'cases') }} as compared_amount
    from rules
    cross join cases
    where cases.event_count > 0
),

checks as (
    select
        case_values.rule_id,
        case_values.invoice_number,
        case_values.threshold_amount,
        case_values.compared_amount,
        first_a.event_id as activity_a_event_id,
        first_a.event_at as activity_a_event_at
    from case_values
    left join first_events as first_a
        on
            case_values.invoice_number = first_a.invoice_number
            and case_values.activity_a = first_a.activity
            and first_a.occurrence = 1
    where case_values.compared_amount > case_values.threshold_amount
),

final as (
    select
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(invoice_number as {{ dbt.type_string() }}) as invoice_number,
        activity_a_event_id is null as is_violated,
        cast(activity_a_event_id as {{ dbt.type_string() }}) as activity_a_event_id,
        cast(activity_a_event_at as {{ dbt.type_timestamp() }}) as activity_a_event_at,
        cast(null as {{ dbt.type_string() }}) as activity_b_event_id,
        cast(null as {{ dbt.type_timestamp() }}) as activity_b_event_at,
        cast(
            cast(compared_amount as decimal(18, 2)) as {{ dbt.type_string() }}
        ) as observed_value,
        -- The largest amount that needs no activity_a.
        {{ dbt.concat([
            "'<= '",
            "cast(cast(threshold_amount as decimal(18, 2)) as "
            ~ dbt.type_string() ~ ")"
        ]) }} as allowed_value
    from checks
)

select * from final
{% endmacro %}
