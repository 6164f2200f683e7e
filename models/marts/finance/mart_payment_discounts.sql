{#-
    Early-payment discounts: every invoice whose payment terms appear in the seed
    payment_discount_terms (such as 2/10 Net 30). The discount is captured when the
    invoice closed (Invoice Closed: fully paid or credited) on or before the last day
    of the window, invoice date + discount days, and that day counts. It is missed when
    the invoice closed later or was still open after the window, and pending while the
    window is still open at the as-of date. A cancelled invoice has no discount.
-#}

with

invoices as (
    select * from {{ ref('dim_invoices') }}
),

discount_terms as (
    select * from {{ ref('payment_discount_terms') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

discount_invoices as (
    select
        invoices.invoice_number,
        invoices.invoice_id,
        invoices.region,
        invoices.payment_terms,
        discount_terms.discount_percent,
        discount_terms.discount_days,
        invoices.invoiced_on,
        cast(
            {{ dbt.dateadd(
                'day', 'discount_terms.discount_days', 'invoices.invoiced_on'
            ) }} as date
        ) as discount_deadline_on,
        invoices.currency_code,
        invoices.invoice_amount,
        invoices.invoice_amount_corporate,
        cast(invoices.closed_at as date) as closed_on,
        invoices.cancelled_at,
        cast(as_of.as_of_at as date) as as_of_on
    from invoices
    inner join discount_terms
        on invoices.payment_terms = discount_terms.payment_terms
    cross join as_of
),

statuses as (
    select
        discount_invoices.*,
        case
            when discount_invoices.cancelled_at is not null then 'cancelled'
            when
                discount_invoices.closed_on
                <= discount_invoices.discount_deadline_on
                then 'captured'
            when discount_invoices.closed_on is not null then 'missed'
            when
                discount_invoices.as_of_on > discount_invoices.discount_deadline_on
                then 'missed'
            else 'pending'
        end as discount_status
    from discount_invoices
),

final as (
    select
        invoice_number,
        invoice_id,
        region,
        payment_terms,
        cast(discount_percent as decimal(5, 2)) as discount_percent,
        cast(discount_days as integer) as discount_days,
        invoiced_on,
        discount_deadline_on,
        closed_on,
        currency_code,
        cast(invoice_amount as decimal(18, 2)) as invoice_amount,
        cast(discount_status as {{ dbt.type_string() }}) as discount_status,
        cast(invoice_amount * discount_percent * 0.01 as decimal(18, 2))
            as discount_available_amount,
        cast(invoice_amount_corporate * discount_percent * 0.01 as decimal(18, 2))
            as discount_available_amount_corporate,
        cast(case
            when discount_status = 'missed'
                then invoice_amount * discount_percent * 0.01
            else 0
        end as decimal(18, 2)) as discount_missed_amount,
        cast(case
            when discount_status = 'missed'
                then invoice_amount_corporate * discount_percent * 0.01
            else 0
        end as decimal(18, 2)) as discount_missed_amount_corporate
    from statuses
)

select * from final
