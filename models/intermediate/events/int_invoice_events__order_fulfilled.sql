{#-
    Sales Order Fulfilled: the change of the order's Status to the fulfilled value (var
    order_fulfilled_status) in OrderHistory, once per invoice of the order. An order
    without any Status row in OrderHistory (the export has no history for it, or no
    OrderHistory file at all) falls back to its ActivatedDate, since activation is the
    last step Salesforce records for such an order; its resource is then unknown.
-#}
with

invoices as (
    select
        invoice_id,
        order_id
    from {{ ref('stg_salesforce__invoices') }}
    where order_id is not null
),

orders as (
    select * from {{ ref('stg_salesforce__orders') }}
),

status_history as (
    select * from {{ ref('stg_salesforce__order_history') }}
    where field_name = 'Status'
),

orders_with_status_history as (
    select distinct order_id
    from status_history
),

fulfilled_changes as (
    select
        order_id,
        created_at as event_at,
        created_by_id as resource_user_id,
        'OrderHistory' as source_object,
        order_history_id as source_record_id
    from status_history
    where new_value = '{{ var("order_fulfilled_status") }}'
),

activations_without_history as (
    select
        orders.order_id,
        orders.activated_at as event_at,
        cast(null as {{ dbt.type_string() }}) as resource_user_id,
        'Order' as source_object,
        orders.order_id as source_record_id
    from orders
    left join orders_with_status_history
        on orders.order_id = orders_with_status_history.order_id
    where
        orders_with_status_history.order_id is null
        and orders.activated_at is not null
),

order_events as (
    select * from fulfilled_changes
    union all
    select * from activations_without_history
),

final as (
    select
        invoices.invoice_id,
        'Sales Order Fulfilled' as activity,
        order_events.event_at,
        order_events.resource_user_id,
        order_events.source_object,
        order_events.source_record_id
    from invoices
    inner join order_events
        on invoices.order_id = order_events.order_id
)

select * from final
