{#-
    Aging of open receivables summarised per customer (account) and region, from
    mart_ar_aging: the corporate-currency open amount in each bucket.
-#}

with

aging as (
    select * from {{ ref('mart_ar_aging') }}
),

final as (
    select
        region,
        account_id,
        max(customer_name) as customer_name,
        cast(count(*) as integer) as open_invoice_count,
        cast(max(days_past_due) as integer) as max_days_past_due,
        {%- for bucket, column in [
            ('current', 'current_amount'),
            ('1-30', 'past_due_1_30_amount'),
            ('31-60', 'past_due_31_60_amount'),
            ('61-90', 'past_due_61_90_amount'),
            ('over 90', 'past_due_over_90_amount'),
        ] %}
        cast(sum(case
            when aging_bucket = '{{ bucket }}' then open_balance_amount_corporate
            else 0
        end) as decimal(18, 2)) as {{ column }},
        {%- endfor %}
        cast(sum(open_balance_amount_corporate) as decimal(18, 2))
            as open_balance_amount_corporate
    from aging
    group by region, account_id
)

select * from final
