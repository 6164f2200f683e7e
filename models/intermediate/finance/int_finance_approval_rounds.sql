{#-
    One row per submission of an invoice for approval (a ProcessInstance) made up to the
    as-of moment. round_number orders an invoice's submissions by submission time, then
    process Id. The outcome comes from the process's terminal decision, and a process
    without one at the as-of moment is Pending.
-#}
with

invoices as (
    select invoice_id from {{ ref('stg_salesforce__invoices') }}
),

process_instances as (
    select * from {{ ref('stg_salesforce__process_instances') }}
),

steps as (
    select * from {{ ref('stg_salesforce__process_instance_steps') }}
),

decisions as (
    select * from {{ ref('int_finance_approval_decisions') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

-- The Started step is the submission. A process without one counts from its creation.
submissions as (
    select
        process_instance_id,
        min(created_at) as submitted_at
    from steps
    where step_status = 'Started'
    group by process_instance_id
),

rounds as (
    select
        process_instances.process_instance_id,
        process_instances.target_object_id as invoice_id,
        process_instances.submitted_by_id,
        coalesce(submissions.submitted_at, process_instances.created_at)
            as submitted_at
    from process_instances
    inner join invoices
        on process_instances.target_object_id = invoices.invoice_id
    left join submissions
        on process_instances.process_instance_id = submissions.process_instance_id
),

decision_counts as (
    select
        process_instance_id,
        sum(case when step_status = 'Approved' then 1 else 0 end)
            as approval_step_count,
        sum(case when step_status = 'Rejected' then 1 else 0 end)
            as rejection_step_count,
        sum(case when step_status = 'Removed' then 1 else 0 end)
            as recall_step_count
    from decisions
    group by process_instance_id
),

terminal_decisions as (
    select
        process_instance_id,
        step_status,
        decided_at
    from decisions
    where is_terminal
),

rounds_to_date as (
    select rounds.*
    from rounds
    cross join as_of
    where rounds.submitted_at <= as_of.as_of_at
),

final as (
    select
        rounds_to_date.process_instance_id,
        rounds_to_date.invoice_id,
        cast(row_number() over (
            partition by rounds_to_date.invoice_id
            order by rounds_to_date.submitted_at, rounds_to_date.process_instance_id
        ) as integer) as round_number,
        rounds_to_date.submitted_by_id,
        rounds_to_date.submitted_at,
        case terminal_decisions.step_status
            when 'Approved' then 'Approved'
            when 'Rejected' then 'Rejected'
            when 'Removed' then 'Recalled'
            else 'Pending'
        end as round_outcome,
        terminal_decisions.decided_at,
        {{ timestamp_diff_seconds(
            'rounds_to_date.submitted_at', 'terminal_decisions.decided_at'
        ) }} / 3600.0 as wait_hours,
        cast(coalesce(decision_counts.approval_step_count, 0) as integer)
            as approval_step_count,
        cast(coalesce(decision_counts.rejection_step_count, 0) as integer)
            as rejection_step_count,
        cast(coalesce(decision_counts.recall_step_count, 0) as integer)
            as recall_step_count
    from rounds_to_date
    left join terminal_decisions
        on rounds_to_date.process_instance_id = terminal_decisions.process_instance_id
    left join decision_counts
        on rounds_to_date.process_instance_id = decision_counts.process_instance_id
)

select * from final
