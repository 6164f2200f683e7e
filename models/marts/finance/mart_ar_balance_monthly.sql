{#-
    Accounts receivable at each month end, per region and for all regions.

    An invoice is in AR from its invoice date. Its balance at a month end is its total
    minus allocations, plus unallocations, minus credit notes recorded before midnight
    after the day the month is measured on (int_finance_month_ends), all in the invoice
    currency, and 0 from its cancellation. Each change is one row of
    int_invoice_balance_movements, so a partial payment or an unallocation counts once.

    Conversion: every balance uses the dated rate of the invoice date (the rate of
    int_invoice_amounts), the rate that credit sales use, so AR and sales stay in one
    scale and a payment at another day's rate never leaves an exchange difference in
    AR. Revaluation at the month-end rate is not done.

    A balance below zero (cash or credit beyond the invoice total) counts as 0 in AR.
    The excess is a customer credit: it shows in credit_balance_amount and, while the
    cash is not allocated elsewhere, as unapplied cash in mart_payment_reconciliation.
-#}
{%- set all_regions = "'All regions'" -%}

with

month_ends as (
    select * from {{ ref('int_finance_month_ends') }}
),

invoices as (
    select * from {{ ref('dim_invoices') }}
),

amounts as (
    select * from {{ ref('int_invoice_amounts') }}
),

movements as (
    select * from {{ ref('int_invoice_balance_movements') }}
),

invoice_month_ends as (
    select
        month_ends.month_end_on,
        month_ends.measured_on,
        month_ends.measured_until_at,
        invoices.invoice_id,
        invoices.region,
        invoices.due_on,
        invoices.invoice_amount,
        invoices.cancelled_at,
        amounts.conversion_rate
    from month_ends
    inner join invoices
        on month_ends.measured_on >= invoices.invoiced_on
    inner join amounts
        on invoices.invoice_id = amounts.invoice_id
),

movement_totals as (
    select
        invoice_month_ends.month_end_on,
        invoice_month_ends.invoice_id,
        sum(movements.balance_change_amount) as balance_change_amount
    from invoice_month_ends
    inner join movements
        on
            invoice_month_ends.invoice_id = movements.invoice_id
            and invoice_month_ends.measured_until_at > movements.moved_at
    group by invoice_month_ends.month_end_on, invoice_month_ends.invoice_id
),

invoice_balances as (
    select
        invoice_month_ends.month_end_on,
        invoice_month_ends.region,
        invoice_month_ends.conversion_rate,
        -- A due date on or after the measuring day, or no due date, counts as current.
        coalesce(
            invoice_month_ends.due_on < invoice_month_ends.measured_on, false
        ) as is_past_due,
        case
            when
                invoice_month_ends.cancelled_at
                < invoice_month_ends.measured_until_at
                then 0
            else
                invoice_month_ends.invoice_amount
                + coalesce(movement_totals.balance_change_amount, 0)
        end as balance_amount
    from invoice_month_ends
    left join movement_totals
        on
            invoice_month_ends.month_end_on = movement_totals.month_end_on
            and invoice_month_ends.invoice_id = movement_totals.invoice_id
),

-- NOTE: an invoice without a dated rate for its currency and date gets a null
-- corporate amount and drops out of AR and sales. The check
-- cases_without_conversion_rate of mart_event_log_quality counts such invoices.
corporate_balances as (
    select
        month_end_on,
        region,
        is_past_due,
        -- Half a cent of tolerance, as in int_invoice_closures.
        balance_amount >= 0.005 as is_open,
        cast(
            case when balance_amount > 0 then balance_amount else 0 end
            / conversion_rate as decimal(18, 2)
        ) as open_amount,
        cast(
            case when balance_amount < 0 then -1 * balance_amount else 0 end
            / conversion_rate as decimal(18, 2)
        ) as credit_balance_amount
    from invoice_balances
),

regional_balances as (
    select
        month_end_on,
        region,
        is_past_due,
        is_open,
        open_amount,
        credit_balance_amount
    from corporate_balances

    union all

    select
        month_end_on,
        {{ all_regions }} as region,
        is_past_due,
        is_open,
        open_amount,
        credit_balance_amount
    from corporate_balances
),

balance_totals as (
    select
        month_end_on,
        region,
        sum(open_amount) as open_ar_amount,
        sum(case when is_past_due then 0 else open_amount end) as current_ar_amount,
        sum(case when is_past_due then open_amount else 0 end) as past_due_ar_amount,
        sum(case when is_open then 1 else 0 end) as open_invoice_count,
        sum(case when is_open and is_past_due then 1 else 0 end)
            as past_due_invoice_count,
        sum(credit_balance_amount) as credit_balance_amount
    from regional_balances
    group by month_end_on, region
),

monthly_sales as (
    select
        month_ends.month_end_on,
        invoices.region,
        invoices.invoice_amount_corporate
    from month_ends
    inner join invoices
        on
            month_ends.month_start_on <= invoices.invoiced_on
            and month_ends.measured_on >= invoices.invoiced_on
),

sales_totals as (
    select
        month_end_on,
        region,
        sum(invoice_amount_corporate) as credit_sales_amount
    from monthly_sales
    group by month_end_on, region

    union all

    select
        month_end_on,
        {{ all_regions }} as region,
        sum(invoice_amount_corporate) as credit_sales_amount
    from monthly_sales
    group by month_end_on
),

regions as (
    select distinct region from invoices
    union all
    select {{ all_regions }} as region
),

final as (
    select
        month_ends.month_start_on,
        month_ends.month_end_on,
        month_ends.measured_on,
        month_ends.days_in_period,
        month_ends.is_complete_month,
        cast(regions.region as {{ dbt.type_string() }}) as region,
        cast('{{ var("corporate_currency") }}' as {{ dbt.type_string() }})
            as currency_code,
        cast(coalesce(balance_totals.open_ar_amount, 0) as decimal(18, 2))
            as open_ar_amount,
        cast(coalesce(balance_totals.current_ar_amount, 0) as decimal(18, 2))
            as current_ar_amount,
        cast(coalesce(balance_totals.past_due_ar_amount, 0) as decimal(18, 2))
            as past_due_ar_amount,
        cast(coalesce(sales_totals.credit_sales_amount, 0) as decimal(18, 2))
            as credit_sales_amount,
        cast(coalesce(balance_totals.credit_balance_amount, 0) as decimal(18, 2))
            as credit_balance_amount,
        cast(coalesce(balance_totals.open_invoice_count, 0) as integer)
            as open_invoice_count,
        cast(coalesce(balance_totals.past_due_invoice_count, 0) as integer)
            as past_due_invoice_count
    from month_ends
    cross join regions
    left join balance_totals
        on
            month_ends.month_end_on = balance_totals.month_end_on
            and regions.region = balance_totals.region
    left join sales_totals
        on
            month_ends.month_end_on = sales_totals.month_end_on
            and regions.region = sales_totals.region
)

select * from final
