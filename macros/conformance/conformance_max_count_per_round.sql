{#-
    At most N per round: each round of a case contains activity_a no more than
    max_count times. A round starts at each activity_b (for approvals: Invoice Submitted
    for Approval) and runs until the next one; events before the first activity_b form
    round 0. Every case with at least one event is checked. Rounds follow
    event_sequence, so an activity_a at the same instant as a new activity_b belongs to
    the new round when its canonical rank is higher (Invoice Approved, rank 6, after
    Invoice Submitted for Approval, rank 3). The evidence is the first round over the
    limit: its activity_b and its first activity_a beyond the limit.
-#}
{% macro conformance_max_count_per_round(rules, events) %}
with

rules as (
    select * from {{ rules }}
    where rule_kind = 'max_count_per_round'
),

events as (
    select * from {{ events }}
),

cases as (
    select distinct invoice_number
    from events
),

events_in_rounds as (
    select
        rules.rule_id,
        rules.activity_a,
        rules.activity_b,
        rules.max_count,
        events.invoice_number,
        events.activity,
        events.event_id,
        events.event_at,
        events.event_sequence,
        sum(case when events.activity = rules.activity_b then 1 else 0 end) over (
            partition by rules.rule_id, events.invoice_number
            order by events.event_sequence
            rows between unbounded preceding and current row
        ) as round_number
    from rules
    inner join events
        on events.activity in (rules.activity_a, rules.activity_b)
),

round_starts as (
    select
        rule_id,
        invoice_number,
        round_number,
        event_id,
        event_at
    from events_in_rounds
    where activity = activity_b
),

numbered_events as (
    select
        rule_id,
        invoice_number,
        round_number,
        max_count,
        event_id,
        event_at,
        row_number() over (
            partition by rule_id, invoice_number, round_number
            order by event_sequence
        ) as occurrence_in_round,
        count(*) over (
            partition by rule_id, invoice_number, round_number
        ) as round_occurrence_count
    from events_in_rounds
    where activity = activity_a
),

first_excess as (
    select
        rule_id,
        invoice_number,
        round_number,
        event_id,
        event_at,
        row_number() over (
            partition by rule_id, invoice_number
            order by round_number
        ) as violation_rank
    from numbered_events
    where occurrence_in_round = max_count + 1
),

case_maximums as (
    select
        rule_id,
        invoice_number,
        max(round_occurrence_count) as max_round_occurrence_count
    from numbered_events
    group by rule_id, invoice_number
),

checks as (
    select
        rules.rule_id,
        rules.max_count,
        cases.invoice_number,
        coalesce(case_maximums.max_round_occurrence_count, 0)
            as max_round_occurrence_count,
        first_excess.event_id as activity_a_event_id,
        first_excess.event_at as activity_a_event_at,
        round_starts.event_id as activity_b_event_id,
        round_starts.event_at as activity_b_event_at
    from rules
    cross join cases
    left join case_maximums
        on
            rules.rule_id = case_maximums.rule_id
            and cases.invoice_number = case_maximums.invoice_number
    left join first_excess
        on
            rules.rule_id = first_excess.rule_id
            and cases.invoice_number = first_excess.invoice_number
            and first_excess.violation_rank = 1
    left join round_starts
        on
            first_excess.rule_id = round_starts.rule_id
            and first_excess.invoice_number = round_starts.invoice_number
            and first_excess.round_number = round_starts.round_number
),

final as (
    select
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(invoice_number as {{ dbt.type_string() }}) as invoice_number,
        max_round_occurrence_count > max_count as is_violated,
        cast(activity_a_event_id as {{ dbt.type_string() }}) as activity_a_event_id,
        cast(activity_a_event_at as {{ dbt.type_timestamp() }}) as activity_a_event_at,
        cast(activity_b_event_id as {{ dbt.type_string() }}) as activity_b_event_id,
        cast(activity_b_event_at as {{ dbt.type_timestamp() }}) as activity_b_event_at,
        -- The largest number of activity_a in any one round of the case.
        cast(max_round_occurrence_count as {{ dbt.type_string() }}) as observed_value,
        {{ dbt.concat([
            "'<= '", "cast(max_count as " ~ dbt.type_string() ~ ")"
        ]) }} as allowed_value
    from checks
)

select * from final
{% endmacro %}
