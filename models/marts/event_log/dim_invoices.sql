{#-
    The case table: one row per invoice that staging keeps, with the attributes analysts
    filter on and figures derived from the event log, all as of the as-of moment.
-#}
{%- set term_days = dbt.datediff('invoices.invoiced_on', 'invoices.due_on', 'day') -%}
{%- set net_days = 'cast(' ~ term_days ~ ' as ' ~ dbt.type_string() ~ ')' -%}
{%- set days_late_until = 'coalesce(cast(closed_at as date), as_of_on)' -%}

with

invoices as (
    select * from {{ ref('stg_salesforce__invoices') }}
),

amounts as (
    select * from {{ ref('int_invoice_amounts') }}
),

accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

orders as (
    select * from {{ ref('stg_salesforce__orders') }}
),

users as (
    select * from {{ ref('int_users') }}
),

regions as (
    select * from {{ ref('country_regions') }}
),

closures as (
    select * from {{ ref('int_invoice_closures') }}
),

events as (
    select * from {{ ref('fct_invoice_events') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

conformance as (
    select * from {{ ref('mart_conformance_cases') }}
),

latest_balances as (
    select
        invoice_id,
        open_balance_amount,
        row_number() over (
            partition by invoice_id
            order by movement_sequence desc
        ) as recency_rank
    from {{ ref('int_invoice_balance_movements') }}
),

event_summary as (
    select
        invoice_id,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at,
        sum(case when activity = 'Invoice Submitted for Approval' then 1 else 0 end)
            as approval_round_count,
        sum(case when activity = 'Payment Reminder Issued' then 1 else 0 end)
            as reminder_count,
        sum(case when activity = 'Invoice Sent to Customer' then 1 else 0 end)
            as send_count
    from events
    group by invoice_id
),

joined as (
    select
        invoices.invoice_number,
        invoices.invoice_id,
        accounts.account_name as customer_name,
        invoices.account_id,
        orders.order_number as sales_order_number,
        invoices.total_amount as invoice_amount,
        amounts.currency_code,
        amounts.total_amount_corporate as invoice_amount_corporate,
        invoices.invoiced_on,
        invoices.due_on,
        coalesce(
            invoices.payment_terms,
            {{ dbt.concat(["'Net '", net_days]) }}
        ) as payment_terms,
        invoices.payment_method,
        invoices.billing_department,
        owners.user_name as user_responsible,
        accounts.billing_country_code,
        coalesce(regions.region, 'Unassigned') as region,
        invoices.invoice_status,
        closures.closed_at,
        closures.cancelled_at,
        cast(case
            when closures.cancelled_at is not null then 0
            else coalesce(latest_balances.open_balance_amount, invoices.total_amount)
        end as decimal(18, 2)) as open_balance_amount,
        event_summary.first_event_at,
        event_summary.last_event_at,
        cast(coalesce(event_summary.approval_round_count, 0) as integer)
            as approval_round_count,
        cast(coalesce(event_summary.reminder_count, 0) as integer) as reminder_count,
        cast(coalesce(event_summary.send_count, 0) as integer) as send_count,
        cast(as_of.as_of_at as date) as as_of_on,
        cast(coalesce(conformance.violated_rule_count, 0) as integer)
            as violated_rule_count,
        coalesce(conformance.is_conformant, true) as is_conformant
    from invoices
    inner join amounts
        on invoices.invoice_id = amounts.invoice_id
    cross join as_of
    left join accounts
        on invoices.account_id = accounts.account_id
    left join orders
        on invoices.order_id = orders.order_id
    left join users as owners
        on invoices.owner_id = owners.user_id
    left join regions
        on accounts.billing_country_code = regions.country_code
    left join closures
        on invoices.invoice_id = closures.invoice_id
    left join latest_balances
        on
            invoices.invoice_id = latest_balances.invoice_id
            and latest_balances.recency_rank = 1
    left join event_summary
        on invoices.invoice_id = event_summary.invoice_id
    left join conformance
        on invoices.invoice_number = conformance.invoice_number
),

final as (
    select
        invoice_number,
        invoice_id,
        customer_name,
        account_id,
        sales_order_number,
        invoice_amount,
        currency_code,
        invoice_amount_corporate,
        invoiced_on,
        due_on,
        payment_terms,
        payment_method,
        billing_department,
        user_responsible,
        billing_country_code,
        region,
        -- Payment status as of the as-of moment, rebuilt from the balance because
        -- Salesforce's own field is a formula without history.
        case
            when cancelled_at is not null then 'Cancelled'
            when open_balance_amount < 0.005 then 'Paid'
            when open_balance_amount < invoice_amount then 'Partially Paid'
            else 'Unpaid'
        end as payment_status,
        open_balance_amount,
        cancelled_at is null and open_balance_amount >= 0.005 as is_open,
        closed_at,
        cancelled_at,
        first_event_at,
        last_event_at,
        {{ timestamp_diff_seconds('first_event_at', 'last_event_at') }} / 3600.0
            as cycle_time_hours,
        {{ timestamp_diff_seconds('first_event_at', 'last_event_at') }} / 86400.0
            as cycle_time_days,
        approval_round_count,
        reminder_count,
        send_count,
        -- Whole days past the due date, counted to the closing date of a closed
        -- invoice and to the as-of date of an open one. It is 0 when paid on time,
        -- and null without a due date or for a cancelled invoice.
        cast(case
            when due_on is null or cancelled_at is not null then null
            else greatest(
                0,
                {{ dbt.datediff('due_on', days_late_until, 'day') }}
            )
        end as integer) as days_late,
        violated_rule_count,
        is_conformant
    from joined
)

select * from final
