{#-
    Approval activities from the steps of approval processes whose target is an invoice.
    Only the submission and approver decisions are activities: Started (submission),
    Approved, Rejected and Removed (recall). Pending, NoResponse and Reassigned steps say
    who was waiting or reassigned, not what was decided, so they are left out.
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

final as (
    select
        invoices.invoice_id,
        case steps.step_status
            when 'Started' then 'Invoice Submitted for Approval'
            when 'Approved' then 'Invoice Approved'
            when 'Rejected' then 'Invoice Rejected'
            when 'Removed' then 'Approval Recalled'
        end as activity,
        steps.created_at as event_at,
        steps.actor_id as resource_user_id,
        'ProcessInstanceStep' as source_object,
        steps.process_instance_step_id as source_record_id
    from steps
    inner join process_instances
        on steps.process_instance_id = process_instances.process_instance_id
    inner join invoices
        on process_instances.target_object_id = invoices.invoice_id
    where steps.step_status in ('Started', 'Approved', 'Rejected', 'Removed')
)

select * from final
