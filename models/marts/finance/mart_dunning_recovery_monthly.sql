{#-
    Recovery of past-due invoices per month of invoice date. An invoice is past due
    when its due date passed, before the as-of date, while it was neither closed nor
    cancelled. It is recovered when it closed (Invoice Closed) later, up to the as-of
    moment. Cancelling a past-due invoice is not a recovery.
-#}
{%- set double = type_double() %}

with

invoices as (
    select * from {{ ref('dim_invoices') }}
),

reminders as (
    select * from {{ ref('int_finance_payment_reminders') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

reminded_invoices as (
    select distinct invoice_id from reminders
),

past_due_invoices as (
    select
        invoices.invoice_id,
        cast({{ dbt.date_trunc('month', 'invoices.invoiced_on') }} as date)
            as invoice_month_on,
        invoices.invoice_amount_corporate,
        invoices.closed_at is not null as is_recovered,
        reminded_invoices.invoice_id is not null as is_reminded
    from invoices
    cross join as_of
    left join reminded_invoices
        on invoices.invoice_id = reminded_invoices.invoice_id
    where
        invoices.due_on < cast(as_of.as_of_at as date)
        and (
            invoices.closed_at is null
            or cast(invoices.closed_at as date) > invoices.due_on
        )
        and (
            invoices.cancelled_at is null
            or cast(invoices.cancelled_at as date) > invoices.due_on
        )
),

aggregated as (
    select
        invoice_month_on,
        count(*) as past_due_invoice_count,
        sum(case when is_recovered then 1 else 0 end) as recovered_invoice_count,
        sum(case when is_reminded then 1 else 0 end) as reminded_invoice_count,
        sum(invoice_amount_corporate) as past_due_invoice_amount,
        sum(case when is_recovered then invoice_amount_corporate else 0 end)
            as recovered_invoice_amount
    from past_due_invoices
    group by invoice_month_on
),

final as (
    select
        invoice_month_on,
        cast('{{ var("corporate_currency") }}' as {{ dbt.type_string() }})
            as currency_code,
        cast(past_due_invoice_count as integer) as past_due_invoice_count,
        cast(reminded_invoice_count as integer) as reminded_invoice_count,
        cast(recovered_invoice_count as integer) as recovered_invoice_count,
        cast(1.0 * recovered_invoice_count / past_due_invoice_count as {{ double }})
            as recovery_rate,
        cast(past_due_invoice_amount as decimal(18, 2)) as past_due_invoice_amount,
        cast(recovered_invoice_amount as decimal(18, 2)) as recovered_invoice_amount
    from aggregated
)

select * from final
