{#-
    Aging of open receivables at the as-of date: every invoice with an open balance in
    dim_invoices, placed in a bucket by whole days past its due date. Buckets: current
    (0 days or fewer, so not yet due or due on the as-of date), 1-30, 31-60, 61-90 and
    over 90 days past due. An invoice without a due date is current.
-#}

with

invoices as (
    select * from {{ ref('dim_invoices') }}
),

amounts as (
    select * from {{ ref('int_invoice_amounts') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

open_invoices as (
    select
        invoices.invoice_number,
        invoices.invoice_id,
        invoices.account_id,
        invoices.customer_name,
        invoices.region,
        invoices.currency_code,
        invoices.invoiced_on,
        invoices.due_on,
        cast(as_of.as_of_at as date) as as_of_on,
        invoices.open_balance_amount,
        amounts.conversion_rate
    from invoices
    inner join amounts
        on invoices.invoice_id = amounts.invoice_id
    cross join as_of
    where invoices.is_open
),

days_past_due as (
    select
        open_invoices.*,
        {{ dbt.datediff('due_on', 'as_of_on', 'day') }}
            as days_past_due
    from open_invoices
),

final as (
    select
        invoice_number,
        invoice_id,
        account_id,
        customer_name,
        region,
        currency_code,
        invoiced_on,
        due_on,
        as_of_on,
        cast(days_past_due as integer) as days_past_due,
        cast(case
            when days_past_due is null or days_past_due <= 0 then 'current'
            when days_past_due <= 30 then '1-30'
            when days_past_due <= 60 then '31-60'
            when days_past_due <= 90 then '61-90'
            else 'over 90'
        end as {{ dbt.type_string() }}) as aging_bucket,
        cast(case
            when days_past_due is null or days_past_due <= 0 then 1
            when days_past_due <= 30 then 2
            when days_past_due <= 60 then 3
            when days_past_due <= 90 then 4
            else 5
        end as integer) as aging_bucket_order,
        cast(open_balance_amount as decimal(18, 2)) as open_balance_amount,
        -- Invoice-date rate, as in mart_ar_balance_monthly, so the buckets add up to
        -- the open AR of the last month end.
        cast(open_balance_amount / conversion_rate as decimal(18, 2))
            as open_balance_amount_corporate
    from days_past_due
)

select * from final
