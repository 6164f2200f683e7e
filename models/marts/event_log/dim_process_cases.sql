{#-
    The case table that the process-mining marts read: one row per case with the
    segments they group by (region, billing department, case month), the case amount
    in the corporate currency and whether the case is still open. With
    event_log_source = imported the attributes come from the imported log's case table,
    and may be null; is_open then comes from the template's Payment Status.
-#}
with

{% if event_log_source() == 'imported' %}
cases as (
    select
        case_id,
        region,
        billing_department,
        {{ dbt.date_trunc('month', 'invoiced_on') }} as case_month,
        invoice_amount as case_amount,
        -- The template's payment status, read the way dim_invoices defines it.
        case
            when payment_status in ('Unpaid', 'Partially Paid') then true
            when payment_status in ('Paid', 'Cancelled') then false
        end as is_open
    from {{ source('imported_event_log', 'cases') }}
),
{% else %}
cases as (
    select
        invoice_number as case_id,
        region,
        billing_department,
        {{ dbt.date_trunc('month', 'invoiced_on') }} as case_month,
        invoice_amount_corporate as case_amount,
        is_open
    from {{ ref('dim_invoices') }}
),
{% endif %}

final as (
    select
        case_id,
        region,
        billing_department,
        cast(case_month as date) as case_month,
        cast(case_amount as decimal(18, 2)) as case_amount,
        is_open
    from cases
)

select * from final
