{#-
    Payment Reminder Issued: tasks on the invoice whose subject matches the LIKE pattern
    in the var payment_reminder_subject_pattern. The reminder counts when the task was
    completed; a task without a completion time counts at its creation.
-#}
with

invoices as (
    select invoice_id from {{ ref('stg_salesforce__invoices') }}
),

tasks as (
    select * from {{ ref('stg_salesforce__tasks') }}
),

final as (
    select
        invoices.invoice_id,
        'Payment Reminder Issued' as activity,
        coalesce(tasks.completed_at, tasks.created_at) as event_at,
        tasks.owner_id as resource_user_id,
        'Task' as source_object,
        tasks.task_id as source_record_id
    from tasks
    inner join invoices
        on tasks.what_id = invoices.invoice_id
    where tasks.subject like '{{ var("payment_reminder_subject_pattern") }}'
)

select * from final
