{#-
    Approval rework per invoice: how often the invoice went through approval, how it
    came back, and how long approval took, up to the as-of moment. Rounds and decisions
    come from int_finance_approval_rounds and int_finance_approval_decisions.
-#}
{%- set double = type_double() %}
{%- set string = dbt.type_string() %}
{#- Text like "1: 26.50; 2: pending", one entry per round in round order. -#}
{%- set round_wait_text = dbt.concat([
    'cast(round_number as ' ~ string ~ ')',
    "': '",
    "coalesce(cast(cast(cast(wait_hours as decimal(18, 9)) as decimal(18, 2)) as " ~ string ~ "), 'pending')",
]) %}

with

invoices as (
    select * from {{ ref('dim_invoices') }}
),

amount_bands as (
    select * from {{ ref('amount_bands') }}
),

rounds as (
    select * from {{ ref('int_finance_approval_rounds') }}
),

decisions as (
    select * from {{ ref('int_finance_approval_decisions') }}
),

round_summary as (
    select
        invoice_id,
        count(*) as submission_count,
        sum(rejection_step_count) as rejection_count,
        sum(recall_step_count) as recall_count,
        min(submitted_at) as first_submitted_at,
        max(case when round_outcome = 'Approved' then decided_at end)
            as final_approved_at,
        max(wait_hours) as max_round_wait_hours,
        {{ ordered_string_agg(round_wait_text, "'; '", 'round_number') }}
            as round_wait_hours_list
    from rounds
    group by invoice_id
),

first_rounds as (
    select
        invoice_id,
        round_outcome as first_round_outcome,
        rejection_step_count as first_round_rejection_count,
        recall_step_count as first_round_recall_count
    from rounds
    where round_number = 1
),

last_rounds as (
    select
        rounds.invoice_id,
        rounds.round_outcome as approval_status
    from rounds
    inner join round_summary
        on
            rounds.invoice_id = round_summary.invoice_id
            and rounds.round_number = round_summary.submission_count
),

-- Everyone who approved or rejected, once per invoice. A recall is the submitter's
-- action, so it names no approver.
approvers as (
    select distinct
        invoice_id,
        coalesce(actor_name, actor_id) as approver_name
    from decisions
    where step_status in ('Approved', 'Rejected')
),

approver_lists as (
    select
        invoice_id,
        count(*) as approver_count,
        {{ ordered_string_agg('approver_name', "', '", 'approver_name') }}
            as approver_names
    from approvers
    group by invoice_id
),

joined as (
    select
        invoices.invoice_number,
        invoices.invoice_id,
        invoices.region,
        invoices.billing_department,
        amount_bands.amount_band,
        invoices.invoice_amount_corporate,
        round_summary.submission_count,
        round_summary.rejection_count,
        round_summary.recall_count,
        round_summary.first_submitted_at,
        round_summary.final_approved_at,
        round_summary.max_round_wait_hours,
        round_summary.round_wait_hours_list,
        first_rounds.first_round_outcome,
        first_rounds.first_round_rejection_count,
        first_rounds.first_round_recall_count,
        last_rounds.approval_status,
        approver_lists.approver_count,
        approver_lists.approver_names
    from round_summary
    inner join invoices
        on round_summary.invoice_id = invoices.invoice_id
    inner join first_rounds
        on round_summary.invoice_id = first_rounds.invoice_id
    inner join last_rounds
        on round_summary.invoice_id = last_rounds.invoice_id
    left join approver_lists
        on round_summary.invoice_id = approver_lists.invoice_id
    left join amount_bands
        on
            invoices.invoice_amount_corporate >= amount_bands.lower_bound_amount
            and (
                amount_bands.upper_bound_amount is null
                or invoices.invoice_amount_corporate < amount_bands.upper_bound_amount
            )
),

final as (
    select
        invoice_number,
        invoice_id,
        region,
        billing_department,
        cast(coalesce(amount_band, 'unbanded') as {{ dbt.type_string() }})
            as amount_band,
        cast(invoice_amount_corporate as decimal(18, 2)) as invoice_amount_corporate,
        cast({{ dbt.date_trunc('month', 'first_submitted_at') }} as date)
            as submitted_month_on,
        cast(submission_count as integer) as submission_count,
        cast(rejection_count as integer) as rejection_count,
        cast(recall_count as integer) as recall_count,
        cast(submission_count - 1 as integer) as resubmission_count,
        first_submitted_at,
        final_approved_at,
        approval_status,
        cast(
            {{ timestamp_diff_seconds('first_submitted_at', 'final_approved_at') }}
            / 3600.0 as {{ double }}
        ) as approval_cycle_hours,
        cast(max_round_wait_hours as {{ double }}) as max_round_wait_hours,
        round_wait_hours_list,
        cast(coalesce(approver_count, 0) as integer) as approver_count,
        approver_names,
        first_round_outcome <> 'Pending' as is_first_round_decided,
        -- First pass: one submission that ended Approved without any rejected or
        -- recalled step.
        (
            first_round_outcome = 'Approved'
            and submission_count = 1
            and first_round_rejection_count = 0
            and first_round_recall_count = 0
        ) as is_first_pass_approved,
        (
            submission_count > 1 or rejection_count > 0 or recall_count > 0
        ) as is_reworked
    from joined
)

select * from final
