-- Cash received but not yet applied to invoices at the as-of date, per region, largest
-- first: the work queue of a cash-application team. Compile it with `dbt compile` and
-- run the SQL in target/compiled/ against the warehouse.
with

payments as (
    select * from {{ ref('mart_payment_reconciliation') }}
),

final as (
    select
        region,
        count(*) as payments_with_unapplied_cash,
        sum(unapplied_amount_corporate) as unapplied_amount_corporate,
        min(received_at) as oldest_received_at
    from payments
    where unapplied_amount_corporate > 0
    group by region
)

select * from final
order by unapplied_amount_corporate desc
