{#-
    One row per staged invoice with the values that conformance rules compare through
    their compare_field: amounts, the open balance as of the as-of moment, and the start
    of the invoice and due dates in the org's timezone (var org_timezone) as UTC
    timestamps, the same moment at which the Payment Due Date Reached event is placed.
-#}
with

invoices as (
    select * from {{ ref('stg_salesforce__invoices') }}
),

amounts as (
    select * from {{ ref('int_invoice_amounts') }}
),

movements as (
    select * from {{ ref('int_invoice_balance_movements') }}
),

events as (
    select * from {{ ref('fct_invoice_events') }}
),

latest_balances as (
    select
        invoice_id,
        open_balance_amount,
        row_number() over (
            partition by invoice_id
            order by movement_sequence desc
        ) as recency_rank
    from movements
),

event_counts as (
    select
        invoice_number,
        count(*) as event_count
    from events
    group by invoice_number
),

final as (
    select
        invoices.invoice_number,
        invoices.invoice_id,
        cast(invoices.total_amount as decimal(18, 2)) as total_amount,
        cast(amounts.total_amount_corporate as decimal(18, 2))
            as total_amount_corporate,
        -- Without any balance change the whole total is still open.
        cast(
            coalesce(latest_balances.open_balance_amount, invoices.total_amount)
            as decimal(18, 2)
        ) as open_balance_amount,
        invoices.invoiced_on,
        invoices.due_on,
        {{ local_to_utc(
            'cast(invoices.invoiced_on as ' ~ dbt.type_timestamp() ~ ')',
            var('org_timezone', 'UTC')
        ) }} as invoiced_on_start_at,
        {{ local_to_utc(
            'cast(invoices.due_on as ' ~ dbt.type_timestamp() ~ ')',
            var('org_timezone', 'UTC')
        ) }} as due_on_start_at,
        cast(coalesce(event_counts.event_count, 0) as integer) as event_count
    from invoices
    left join amounts
        on invoices.invoice_id = amounts.invoice_id
    left join latest_balances
        on
            invoices.invoice_id = latest_balances.invoice_id
            and latest_balances.recency_rank = 1
    left join event_counts
        on invoices.invoice_number = event_counts.invoice_number
)

select * from final
