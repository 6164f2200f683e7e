{#-
    Invoice delivery per region and billing department, with subtotals per region
    ('All departments'), per department ('All regions') and overall, from
    mart_invoice_delivery. Re-send rate = invoices sent more than once / invoices sent.
-#}
{%- set double = type_double() %}
{%- set string = dbt.type_string() %}

with

invoices as (
    select * from {{ ref('mart_invoice_delivery') }}
),

sent_invoices as (
    select * from invoices
    where is_sent
),

-- Each sent invoice once per level of detail. A union replaces GROUPING SETS,
-- which sqlfluff's DuckDB dialect cannot parse.
grouped_invoices as (
    select
        region,
        billing_department,
        is_resent,
        hours_generation_to_send,
        hours_approval_to_send
    from sent_invoices

    union all

    select
        region,
        'All departments' as billing_department,
        is_resent,
        hours_generation_to_send,
        hours_approval_to_send
    from sent_invoices

    union all

    select
        'All regions' as region,
        billing_department,
        is_resent,
        hours_generation_to_send,
        hours_approval_to_send
    from sent_invoices

    union all

    select
        'All regions' as region,
        'All departments' as billing_department,
        is_resent,
        hours_generation_to_send,
        hours_approval_to_send
    from sent_invoices
),

aggregated as (
    select
        region,
        billing_department,
        count(*) as sent_invoice_count,
        sum(case when is_resent then 1 else 0 end) as resent_invoice_count,
        {{ percentile_cont('hours_generation_to_send', 0.5) }}
            as median_hours_generation_to_send,
        {{ percentile_cont('hours_generation_to_send', 0.9) }}
            as p90_hours_generation_to_send,
        {{ percentile_cont('hours_approval_to_send', 0.5) }}
            as median_hours_approval_to_send
    from grouped_invoices
    group by region, billing_department
),

final as (
    select
        cast(region as {{ string }}) as region,
        cast(billing_department as {{ string }}) as billing_department,
        cast(sent_invoice_count as integer) as sent_invoice_count,
        cast(resent_invoice_count as integer) as resent_invoice_count,
        cast(1.0 * resent_invoice_count / sent_invoice_count as {{ double }})
            as resend_rate,
        cast(median_hours_generation_to_send as {{ double }})
            as median_hours_generation_to_send,
        cast(p90_hours_generation_to_send as {{ double }})
            as p90_hours_generation_to_send,
        cast(median_hours_approval_to_send as {{ double }})
            as median_hours_approval_to_send
    from aggregated
)

select * from final
