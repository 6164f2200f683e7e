{#-
    Reconciliation of each payment received up to the as-of moment: received (the
    payment record's creation), posted (the first change of its status to the posted
    value, var payment_posted_status) and applied (its first Allocation row), and the
    cash still unapplied at the as-of moment. Allocations to invoices missing from the
    export still take cash off the payment.
-#}
{%- set double = type_double() %}
{%- set corporate = var('corporate_currency') %}

with

payments as (
    select * from {{ ref('stg_salesforce__payments') }}
),

payment_history as (
    select * from {{ ref('stg_salesforce__payment_history') }}
),

allocations as (
    select * from {{ ref('stg_salesforce__payment_allocations') }}
),

rates as (
    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}
),

accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

regions as (
    select * from {{ ref('country_regions') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

payments_to_date as (
    select
        payments.*,
        coalesce(payments.currency_code, '{{ corporate }}') as payment_currency_code
    from payments
    cross join as_of
    where payments.created_at <= as_of.as_of_at
),

postings as (
    select
        payment_history.payment_id,
        min(payment_history.created_at) as posted_at
    from payment_history
    cross join as_of
    where
        payment_history.field_name = 'blng__Status__c'
        and payment_history.new_value = '{{ var("payment_posted_status") }}'
        and payment_history.created_at <= as_of.as_of_at
    group by payment_history.payment_id
),

allocation_totals as (
    select
        allocations.payment_id,
        min(case
            when allocations.allocation_type <> 'Unallocation'
                then allocations.created_at
        end) as first_applied_at,
        -- An Unallocation returns cash to the payment, whatever its sign in the export.
        sum(case
            when allocations.allocation_type = 'Unallocation'
                then -1 * abs(allocations.allocation_amount)
            else allocations.allocation_amount
        end) as net_applied_amount
    from allocations
    cross join as_of
    where allocations.created_at <= as_of.as_of_at
    group by allocations.payment_id
),

-- Dated rate in force on the day the payment was received.
matching_rates as (
    select
        payments_to_date.payment_id,
        rates.conversion_rate,
        row_number() over (
            partition by payments_to_date.payment_id
            order by rates.start_on desc, rates.dated_conversion_rate_id asc
        ) as rate_rank
    from payments_to_date
    inner join rates
        on
            payments_to_date.payment_currency_code = rates.currency_code
            and cast(payments_to_date.created_at as date) >= rates.start_on
            and (
                rates.next_start_on is null
                or cast(payments_to_date.created_at as date) < rates.next_start_on
            )
),

joined as (
    select
        payments_to_date.payment_id,
        payments_to_date.payment_number,
        payments_to_date.account_id,
        coalesce(regions.region, 'Unassigned') as region,
        payments_to_date.payment_currency_code as currency_code,
        payments_to_date.payment_amount,
        case
            when payments_to_date.payment_currency_code = '{{ corporate }}' then 1
            else matching_rates.conversion_rate
        end as conversion_rate,
        payments_to_date.created_at as received_at,
        postings.posted_at,
        allocation_totals.first_applied_at,
        coalesce(allocation_totals.net_applied_amount, 0) as applied_amount
    from payments_to_date
    left join postings
        on payments_to_date.payment_id = postings.payment_id
    left join allocation_totals
        on payments_to_date.payment_id = allocation_totals.payment_id
    left join matching_rates
        on
            payments_to_date.payment_id = matching_rates.payment_id
            and matching_rates.rate_rank = 1
    left join accounts
        on payments_to_date.account_id = accounts.account_id
    left join regions
        on accounts.billing_country_code = regions.country_code
),

final as (
    select
        payment_id,
        payment_number,
        account_id,
        region,
        currency_code,
        cast({{ dbt.date_trunc('month', 'received_at') }} as date) as received_month_on,
        received_at,
        posted_at,
        first_applied_at,
        cast(
            {{ timestamp_diff_seconds('received_at', 'posted_at') }} / 3600.0
            as {{ double }}
        ) as hours_received_to_posted,
        cast(
            {{ timestamp_diff_seconds('posted_at', 'first_applied_at') }} / 3600.0
            as {{ double }}
        ) as hours_posted_to_applied,
        cast(
            {{ timestamp_diff_seconds('received_at', 'first_applied_at') }} / 3600.0
            as {{ double }}
        ) as hours_received_to_applied,
        -- Same calendar day in UTC.
        cast(first_applied_at as date) = cast(received_at as date)
            as is_applied_same_day,
        cast(payment_amount as decimal(18, 2)) as payment_amount,
        cast(applied_amount as decimal(18, 2)) as applied_amount,
        cast(payment_amount - applied_amount as decimal(18, 2)) as unapplied_amount,
        cast(payment_amount / conversion_rate as decimal(18, 2))
            as payment_amount_corporate,
        cast((payment_amount - applied_amount) / conversion_rate as decimal(18, 2))
            as unapplied_amount_corporate
    from joined
)

select * from final
