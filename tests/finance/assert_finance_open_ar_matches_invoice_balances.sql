{#-
    Open AR of 'All regions' at the last month end of mart_ar_balance_monthly must equal
    the open balances of dim_invoices at the as-of moment, each converted at its
    invoice-date rate and rounded to cents as the mart does (a balance below zero
    counts as 0). Returns a row when the two differ.
-#}
with

balances as (
    select * from {{ ref('mart_ar_balance_monthly') }}
),

invoices as (
    select * from {{ ref('dim_invoices') }}
),

amounts as (
    select * from {{ ref('int_invoice_amounts') }}
),

last_month_end as (
    select max(month_end_on) as month_end_on
    from balances
),

last_month as (
    select balances.open_ar_amount
    from balances
    inner join last_month_end
        on balances.month_end_on = last_month_end.month_end_on
    where balances.region = 'All regions'
),

invoice_balances as (
    select
        coalesce(sum(cast(
            case
                when invoices.open_balance_amount > 0
                    then invoices.open_balance_amount
                else 0
            end / amounts.conversion_rate as decimal(18, 2)
        )), 0) as open_balance_amount
    from invoices
    inner join amounts
        on invoices.invoice_id = amounts.invoice_id
),

final as (
    select
        last_month.open_ar_amount,
        invoice_balances.open_balance_amount
    from last_month
    cross join invoice_balances
    where last_month.open_ar_amount <> invoice_balances.open_balance_amount
)

select * from final
