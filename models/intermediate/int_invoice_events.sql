{#-
    Every invoice event from every activity source, before the as-of cut-off, with the
    attributes the event log needs: the invoice number as case id, the activity's stage
    and canonical rank, and the resource's name. Events without a timestamp and events
    after the as-of moment stay here so the data-quality mart can count them;
    fct_invoice_events leaves them out.
-#}
{%- set event_models = [
    'int_invoice_events__order_fulfilled',
    'int_invoice_events__invoice_generated',
    'int_invoice_events__approval_steps',
    'int_invoice_events__status_changes',
    'int_invoice_events__invoice_sent',
    'int_invoice_events__due_date',
    'int_invoice_events__payment_reminders',
    'int_invoice_events__payments',
    'int_invoice_events__cash_application',
    'int_invoice_events__closure',
] -%}

with

events as (
    {%- for model_name in event_models %}
    select
        invoice_id,
        activity,
        event_at,
        resource_user_id,
        source_object,
        source_record_id
    from {{ ref(model_name) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

invoices as (
    select
        invoice_id,
        invoice_number
    from {{ ref('stg_salesforce__invoices') }}
),

activities as (
    select * from {{ ref('activities') }}
),

users as (
    select * from {{ ref('int_users') }}
),

final as (
    select
        {{ dbt.hash(dbt.concat([
            'events.invoice_id', "'|'", 'events.activity', "'|'",
            'events.source_object', "'|'", 'events.source_record_id'
        ])) }} as event_id,
        invoices.invoice_number,
        events.invoice_id,
        events.activity,
        activities.process_stage,
        activities.canonical_rank as activity_rank,
        events.event_at,
        users.user_name as resource,
        events.resource_user_id,
        coalesce(users.is_automated, false) as is_automated,
        events.source_object,
        events.source_record_id
    from events
    inner join invoices
        on events.invoice_id = invoices.invoice_id
    left join activities
        on events.activity = activities.activity
    left join users
        on events.resource_user_id = users.user_id
)

select * from final
