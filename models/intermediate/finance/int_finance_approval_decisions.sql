{#-
    One row per approver decision on an invoice's approval process up to the as-of
    moment: Approved, Rejected and Removed (recall) steps of ProcessInstanceStep, with
    the actor's name. is_terminal marks the step that ended its process: the last
    decision step by time, then step Id, of a process that is no longer Pending.
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

users as (
    select * from {{ ref('int_users') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

decision_steps as (
    select
        steps.process_instance_step_id,
        steps.process_instance_id,
        process_instances.target_object_id as invoice_id,
        process_instances.process_status,
        steps.step_status,
        steps.actor_id,
        steps.created_at as decided_at,
        row_number() over (
            partition by steps.process_instance_id
            order by steps.created_at desc, steps.process_instance_step_id desc
        ) as recency_rank
    from steps
    inner join process_instances
        on steps.process_instance_id = process_instances.process_instance_id
    inner join invoices
        on process_instances.target_object_id = invoices.invoice_id
    where steps.step_status in ('Approved', 'Rejected', 'Removed')
),

final as (
    select
        decision_steps.process_instance_step_id,
        decision_steps.process_instance_id,
        decision_steps.invoice_id,
        decision_steps.step_status,
        decision_steps.actor_id,
        users.user_name as actor_name,
        decision_steps.decided_at,
        -- Ranked before the as-of cut-off, because a process whose final step comes
        -- later is still open at the as-of moment and none of its steps is terminal.
        (
            decision_steps.recency_rank = 1
            and coalesce(decision_steps.process_status, 'Pending') <> 'Pending'
        ) as is_terminal
    from decision_steps
    cross join as_of
    left join users
        on decision_steps.actor_id = users.user_id
    where decision_steps.decided_at <= as_of.as_of_at
)

select * from final
