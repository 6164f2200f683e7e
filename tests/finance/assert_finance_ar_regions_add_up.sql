{#-
    In every month of mart_ar_balance_monthly the regions must add up to the
    'All regions' row, for each amount. Returns one row per month and amount where
    they do not.
-#}
{%- set amounts = [
    'open_ar_amount', 'current_ar_amount', 'past_due_ar_amount',
    'credit_sales_amount', 'credit_balance_amount',
] %}

with

balances as (
    select * from {{ ref('mart_ar_balance_monthly') }}
),

comparisons as (
    {%- for amount in amounts %}
    select
        month_end_on,
        '{{ amount }}' as amount_column,
        sum(case when region <> 'All regions' then {{ amount }} else 0 end)
            as regions_total,
        sum(case when region = 'All regions' then {{ amount }} else 0 end)
            as all_regions_total
    from balances
    group by month_end_on
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select *
    from comparisons
    where regions_total <> all_regions_total
)

select * from final
