{#-
    The case table that the process-mining marts read: one row per case with the
    segments they group by (region, billing department, case month) and the case amount
    in the corporate currency. With event_log_source = imported the attributes come from
    the imported log's case table, and may be null.
-#}
with

{% if event_log_source() == 'imported' %}
cases as (
    select
        case_id,
        region,
        billing_department,
        {{ dbt.date_trunc('month', 'invoiced_on') }} as case_month,
        invoice_amount as case_amount
    from {{ source('imported_event_log', 'cases') }}
),
{% else %}
cases as (
    select
        invoice_number as case_id,
        region,
        billing_department,
        {{ dbt.date_trunc('month', 'invoiced_on') }} as case_month,
        invoice_amount_corporate as case_amount
    from {{ ref('dim_invoices') }}
),
{% endif %}

final as (
    select
        case_id,
        region,
        billing_department,
        cast(case_month as date) as case_month,
        cast(case_amount as decimal(18, 2)) as case_amount
    from cases
)

select * from final
