{#-
    One row per invoice with its amount in the corporate currency (var
    corporate_currency), converted at the dated exchange rate in force on the invoice
    date. Salesforce's DatedConversionRate gives units of a currency per one unit of the
    corporate currency, valid from StartDate (inclusive) to NextStartDate (exclusive), so
    corporate amount = document amount / rate. An invoice without a currency is in the
    corporate currency. Without a rate for its currency and date the corporate amount is
    null, and the data-quality mart counts the invoice.
-#}
{%- set corporate = var('corporate_currency') -%}

with

invoices as (
    select * from {{ ref('stg_salesforce__invoices') }}
),

rates as (
    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}
),

matching_rates as (
    select
        invoices.invoice_id,
        rates.conversion_rate,
        row_number() over (
            partition by invoices.invoice_id
            order by rates.start_on desc, rates.dated_conversion_rate_id asc
        ) as rate_rank
    from invoices
    inner join rates
        on
            invoices.currency_code = rates.currency_code
            and invoices.invoiced_on >= rates.start_on
            and (
                rates.next_start_on is null
                or invoices.invoiced_on < rates.next_start_on
            )
),

invoices_with_rates as (
    select
        invoices.invoice_id,
        invoices.total_amount,
        coalesce(invoices.currency_code, '{{ corporate }}') as currency_code,
        case
            when coalesce(invoices.currency_code, '{{ corporate }}') = '{{ corporate }}'
                then 1
            else matching_rates.conversion_rate
        end as conversion_rate
    from invoices
    left join matching_rates
        on
            invoices.invoice_id = matching_rates.invoice_id
            and matching_rates.rate_rank = 1
),

final as (
    select
        invoice_id,
        currency_code,
        total_amount,
        conversion_rate,
        cast(total_amount / conversion_rate as decimal(18, 2)) as total_amount_corporate
    from invoices_with_rates
)

select * from final
