{#-
    Days sales outstanding and the collection effectiveness index per month and region,
    from the month-end balances and credit sales of mart_ar_balance_monthly. Every
    formula is in the model documentation. A division by zero gives null.
-#}
{%- set double = type_double() %}

with

balances as (
    select * from {{ ref('mart_ar_balance_monthly') }}
),

periods as (
    select
        month_start_on,
        month_end_on,
        region,
        currency_code,
        days_in_period,
        -- The spine starts with the first invoice, so nothing is open before it.
        coalesce(
            lag(open_ar_amount) over (partition by region order by month_end_on), 0
        ) as beginning_ar_amount,
        credit_sales_amount,
        open_ar_amount as ending_ar_amount,
        current_ar_amount as ending_current_ar_amount,
        past_due_ar_amount as ending_past_due_ar_amount
    from balances
),

-- Countback: each month paired with itself and every earlier month, newest first.
-- newer_sales_amount is the credit sales of the months after the earlier month, up
-- to the measured month. The ending AR is set against those sales first.
countback_months as (
    select
        periods.month_end_on,
        periods.region,
        periods.ending_ar_amount,
        earlier.credit_sales_amount,
        earlier.days_in_period,
        coalesce(sum(earlier.credit_sales_amount) over (
            partition by periods.region, periods.month_end_on
            order by earlier.month_end_on desc
            rows between unbounded preceding and 1 preceding
        ), 0) as newer_sales_amount
    from periods
    inner join periods as earlier
        on
            periods.region = earlier.region
            and periods.month_end_on >= earlier.month_end_on
),

countback as (
    select
        month_end_on,
        region,
        sum(case
            -- AR is older than this month, so all its days count.
            when ending_ar_amount > newer_sales_amount + credit_sales_amount
                then days_in_period
            -- The rest of AR comes from this month's sales, so its days are prorated.
            when ending_ar_amount > newer_sales_amount
                then
                    cast(ending_ar_amount - newer_sales_amount as {{ double }})
                    / cast(credit_sales_amount as {{ double }}) * days_in_period
            else 0
        end) as countback_dso_days
    from countback_months
    group by month_end_on, region
),

ratios as (
    select
        periods.*,
        countback.countback_dso_days,
        case
            when periods.credit_sales_amount <> 0
                then
                    cast(periods.ending_ar_amount as {{ double }})
                    / cast(periods.credit_sales_amount as {{ double }})
                    * periods.days_in_period
        end as dso_days,
        case
            when periods.credit_sales_amount <> 0
                then
                    cast(periods.ending_current_ar_amount as {{ double }})
                    / cast(periods.credit_sales_amount as {{ double }})
                    * periods.days_in_period
        end as best_possible_dso_days,
        periods.beginning_ar_amount + periods.credit_sales_amount
        - periods.ending_ar_amount as cei_numerator_amount,
        periods.beginning_ar_amount + periods.credit_sales_amount
        - periods.ending_current_ar_amount as cei_denominator_amount
    from periods
    inner join countback
        on
            periods.month_end_on = countback.month_end_on
            and periods.region = countback.region
),

final as (
    select
        month_start_on,
        month_end_on,
        region,
        currency_code,
        days_in_period,
        cast(beginning_ar_amount as decimal(18, 2)) as beginning_ar_amount,
        cast(credit_sales_amount as decimal(18, 2)) as credit_sales_amount,
        cast(ending_ar_amount as decimal(18, 2)) as ending_ar_amount,
        cast(ending_current_ar_amount as decimal(18, 2)) as ending_current_ar_amount,
        cast(ending_past_due_ar_amount as decimal(18, 2)) as ending_past_due_ar_amount,
        cast(dso_days as {{ double }}) as dso_days,
        cast(countback_dso_days as {{ double }}) as countback_dso_days,
        cast(best_possible_dso_days as {{ double }}) as best_possible_dso_days,
        cast(dso_days - best_possible_dso_days as {{ double }})
            as average_days_delinquent,
        cast(case
            when cei_denominator_amount <> 0
                then
                    cast(cei_numerator_amount as {{ double }})
                    / cast(cei_denominator_amount as {{ double }}) * 100
        end as {{ double }}) as collection_effectiveness_index_percent
    from ratios
)

select * from final
