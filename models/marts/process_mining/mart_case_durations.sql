{#-
    Milestone times of each case: one row per case of dim_process_cases with the time it
    first reached each milestone and the hours between milestones. The var
    process_milestones names the activity of each milestone, so any event log with
    those activity names works.

    Each milestone is its activity's first occurrence in the case. The same rule holds
    for every milestone and every log, needs no knowledge of how an approval process is
    structured, and is defined for cases still in progress. With two approval steps,
    approved is therefore the first approver's step, and the wait for the second falls
    in approved_to_sent_hours; taking the final approval instead would move that wait to
    generated_to_approved_hours.
-#}
{%- set milestone = process_milestones() -%}
{%- set generated_to_approved = timestamp_diff_seconds(
    'generated_at', 'approved_at'
) -%}
{%- set approved_to_sent = timestamp_diff_seconds('approved_at', 'sent_at') -%}
{%- set sent_to_paid = timestamp_diff_seconds('sent_at', 'paid_at') -%}
{%- set paid_to_reconciled = timestamp_diff_seconds('paid_at', 'reconciled_at') -%}
{%- set generated_to_closed = timestamp_diff_seconds('generated_at', 'closed_at') -%}

with

events as (
    select * from {{ ref('fct_process_events') }}
),

cases as (
    select * from {{ ref('dim_process_cases') }}
),

-- The first occurrence of an activity is its earliest event: event_sequence orders a
-- case's events by time first.
milestone_times as (
    select
        case_id,
        min(case when activity = {{ milestone.generated }} then event_at end)
            as generated_at,
        min(case when activity = {{ milestone.approved }} then event_at end)
            as approved_at,
        min(case when activity = {{ milestone.sent }} then event_at end)
            as sent_at,
        min(case when activity = {{ milestone.paid }} then event_at end)
            as paid_at,
        min(case when activity = {{ milestone.reconciled }} then event_at end)
            as reconciled_at,
        min(case when activity = {{ milestone.closed }} then event_at end)
            as closed_at
    from events
    where
        activity in (
            {{ milestone.generated }},
            {{ milestone.approved }},
            {{ milestone.sent }},
            {{ milestone.paid }},
            {{ milestone.reconciled }},
            {{ milestone.closed }}
        )
    group by case_id
),

case_milestones as (
    select
        cases.case_id,
        milestone_times.generated_at,
        milestone_times.approved_at,
        milestone_times.sent_at,
        milestone_times.paid_at,
        milestone_times.reconciled_at,
        milestone_times.closed_at
    from cases
    left join milestone_times
        on cases.case_id = milestone_times.case_id
),

final as (
    select
        case_id,
        generated_at,
        approved_at,
        sent_at,
        paid_at,
        reconciled_at,
        closed_at,
        -- Hours between first occurrences: null when either milestone is missing, and
        -- negative when the later milestone came first (an invoice sent before its
        -- approval, say).
        {{ generated_to_approved }} / 3600.0 as generated_to_approved_hours,
        {{ approved_to_sent }} / 3600.0 as approved_to_sent_hours,
        {{ sent_to_paid }} / 3600.0 as sent_to_paid_hours,
        {{ paid_to_reconciled }} / 3600.0 as paid_to_reconciled_hours,
        {{ generated_to_closed }} / 3600.0 as generated_to_closed_hours
    from case_milestones
)

select * from final
