{#-
    One row per KPI and month for reports and BI tiles, taken from the finance marts
    for all regions. Each KPI's month is the month its source mart groups by, and the
    model documentation lists them. Rates are shares from 0 to 1.
-#}
{%- set double = type_double() %}
{%- set string = dbt.type_string() %}
{%- set currency = var('corporate_currency') %}
{#- code, name, unit, source CTE, month column, value expression -#}
{%- set kpis = [
    ('dso', 'Days sales outstanding', 'days',
        'dso', 'month_start_on', 'dso_days'),
    ('countback_dso', 'Countback DSO', 'days',
        'dso', 'month_start_on', 'countback_dso_days'),
    ('best_possible_dso', 'Best possible DSO', 'days',
        'dso', 'month_start_on', 'best_possible_dso_days'),
    ('average_days_delinquent', 'Average days delinquent', 'days',
        'dso', 'month_start_on', 'average_days_delinquent'),
    ('collection_effectiveness_index', 'Collection effectiveness index', 'percent',
        'dso', 'month_start_on', 'collection_effectiveness_index_percent'),
    ('open_ar', 'Open AR at month end', currency,
        'dso', 'month_start_on', 'ending_ar_amount'),
    ('past_due_ar', 'Past-due AR at month end', currency,
        'dso', 'month_start_on', 'ending_past_due_ar_amount'),
    ('credit_sales', 'Credit sales', currency,
        'dso', 'month_start_on', 'credit_sales_amount'),
    ('first_pass_approval_rate', 'First-pass approval rate', 'ratio',
        'approvals', 'submitted_month_on', 'first_pass_approval_rate'),
    ('approval_rework_rate', 'Approval rework rate', 'ratio',
        'approvals', 'submitted_month_on', 'rework_rate'),
    ('median_approval_hours', 'Median approval cycle time', 'hours',
        'approvals', 'submitted_month_on', 'median_approval_cycle_hours'),
    ('resend_rate', 'Invoice re-send rate', 'ratio',
        'deliveries', 'generated_month_on', 'resend_rate'),
    ('median_hours_to_send', 'Median time from generation to first send', 'hours',
        'deliveries', 'generated_month_on', 'median_hours_generation_to_send'),
    ('median_hours_to_apply_cash', 'Median time from receipt to cash application',
        'hours', 'reconciliation', 'received_month_on', 'median_hours_to_apply'),
    ('cash_applied_same_day_rate', 'Share of payments applied on the day received',
        'ratio', 'reconciliation', 'received_month_on', 'applied_same_day_rate'),
    ('unapplied_cash', 'Cash unapplied at the as-of moment', currency,
        'reconciliation', 'received_month_on', 'unapplied_amount_corporate'),
    ('discounts_missed', 'Early-payment discounts missed', currency,
        'discounts', 'invoice_month_on', 'discount_missed_amount'),
    ('past_due_recovery_rate', 'Recovery rate of past-due invoices', 'ratio',
        'recovery', 'invoice_month_on', 'recovery_rate'),
] %}

with

dso_months as (
    select * from {{ ref('mart_dso_monthly') }}
),

approval_summary as (
    select * from {{ ref('mart_approval_rework_summary') }}
),

deliveries_by_invoice as (
    select * from {{ ref('mart_invoice_delivery') }}
),

reconciliation_summary as (
    select * from {{ ref('mart_payment_reconciliation_summary') }}
),

discounts_by_invoice as (
    select * from {{ ref('mart_payment_discounts') }}
),

recovery as (
    select * from {{ ref('mart_dunning_recovery_monthly') }}
),

dso as (
    select * from dso_months
    where region = 'All regions'
),

approvals as (
    select * from approval_summary
    where dimension_name = 'all'
),

deliveries as (
    select
        generated_month_on,
        case
            when sum(case when is_sent then 1 else 0 end) > 0
                then
                    cast(sum(case when is_resent then 1 else 0 end) as {{ double }})
                    / sum(case when is_sent then 1 else 0 end)
        end as resend_rate,
        {{ percentile_cont('hours_generation_to_send', 0.5) }}
            as median_hours_generation_to_send
    from deliveries_by_invoice
    where generated_month_on is not null
    group by generated_month_on
),

reconciliation as (
    select * from reconciliation_summary
    where region = 'All regions'
),

discounts as (
    select
        cast({{ dbt.date_trunc('month', 'invoiced_on') }} as date)
            as invoice_month_on,
        sum(discount_missed_amount_corporate) as discount_missed_amount
    from discounts_by_invoice
    group by {{ dbt.date_trunc('month', 'invoiced_on') }}
),

kpi_values as (
    {%- for code, name, unit, source, month_column, value in kpis %}
    select
        '{{ code }}' as kpi_code,
        '{{ name }}' as kpi_name,
        '{{ unit }}' as unit,
        {{ month_column }} as period_month_on,
        cast({{ value }} as {{ double }}) as kpi_value
    from {{ source }}
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        cast(kpi_code as {{ string }}) as kpi_code,
        cast(kpi_name as {{ string }}) as kpi_name,
        cast(period_month_on as date) as period_month_on,
        kpi_value,
        cast(unit as {{ string }}) as unit
    from kpi_values
)

select * from final
