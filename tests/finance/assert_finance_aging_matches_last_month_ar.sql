{#-
    The aging buckets of mart_ar_aging must add up to the open AR of 'All regions' at
    the last month end of mart_ar_balance_monthly, and the current bucket to its
    current AR, when that month is measured on the as-of date (always, because the
    spine ends in the month of the as-of moment). Returns a row when either differs.
-#}
with

aging as (
    select * from {{ ref('mart_ar_aging') }}
),

balances as (
    select * from {{ ref('mart_ar_balance_monthly') }}
),

last_month_end as (
    select max(month_end_on) as month_end_on
    from balances
),

last_month as (
    select
        balances.open_ar_amount,
        balances.current_ar_amount
    from balances
    inner join last_month_end
        on balances.month_end_on = last_month_end.month_end_on
    where balances.region = 'All regions'
),

aging_totals as (
    select
        coalesce(sum(open_balance_amount_corporate), 0) as open_amount,
        coalesce(sum(case
            when aging_bucket = 'current' then open_balance_amount_corporate
            else 0
        end), 0) as current_amount
    from aging
),

final as (
    select
        last_month.open_ar_amount,
        aging_totals.open_amount,
        last_month.current_ar_amount,
        aging_totals.current_amount
    from last_month
    cross join aging_totals
    where
        last_month.open_ar_amount <> aging_totals.open_amount
        or last_month.current_ar_amount <> aging_totals.current_amount
)

select * from final
