{#-
    Cash application speed per month of receipt and region (and all regions), from
    mart_payment_reconciliation. Time to apply runs from receipt to the first
    allocation. Payments not applied by the as-of moment count in the payment count
    but not in the percentiles.
-#}
{%- set double = type_double() %}

with

payments as (
    select * from {{ ref('mart_payment_reconciliation') }}
),

regional_payments as (
    select
        received_month_on,
        region,
        hours_received_to_applied,
        is_applied_same_day,
        unapplied_amount_corporate
    from payments

    union all

    select
        received_month_on,
        'All regions' as region,
        hours_received_to_applied,
        is_applied_same_day,
        unapplied_amount_corporate
    from payments
),

aggregated as (
    select
        received_month_on,
        region,
        count(*) as received_payment_count,
        count(hours_received_to_applied) as applied_payment_count,
        sum(case when is_applied_same_day then 1 else 0 end)
            as applied_same_day_count,
        {{ percentile_cont('hours_received_to_applied', 0.5) }}
            as median_hours_to_apply,
        {{ percentile_cont('hours_received_to_applied', 0.9) }}
            as p90_hours_to_apply,
        sum(unapplied_amount_corporate) as unapplied_amount_corporate
    from regional_payments
    group by received_month_on, region
),

final as (
    select
        received_month_on,
        cast(region as {{ dbt.type_string() }}) as region,
        cast('{{ var("corporate_currency") }}' as {{ dbt.type_string() }})
            as currency_code,
        cast(received_payment_count as integer) as received_payment_count,
        cast(applied_payment_count as integer) as applied_payment_count,
        cast(median_hours_to_apply as {{ double }}) as median_hours_to_apply,
        cast(p90_hours_to_apply as {{ double }}) as p90_hours_to_apply,
        cast(1.0 * applied_same_day_count / received_payment_count as {{ double }})
            as applied_same_day_rate,
        cast(unapplied_amount_corporate as decimal(18, 2))
            as unapplied_amount_corporate
    from aggregated
)

select * from final
