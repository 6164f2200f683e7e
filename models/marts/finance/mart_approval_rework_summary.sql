{#-
    Approval rework aggregated per month of first submission and per value of one
    dimension (all invoices, region, billing department or amount band), from
    mart_approval_rework. Rates are shares of the invoices whose first round is decided.
-#}
{%- set double = type_double() %}
{%- set string = dbt.type_string() %}

with

invoices as (
    select * from {{ ref('mart_approval_rework') }}
),

dimensioned as (
    select
        'all' as dimension_name,
        'All invoices' as dimension_value,
        invoices.*
    from invoices

    union all

    select
        'region' as dimension_name,
        region as dimension_value,
        invoices.*
    from invoices

    union all

    select
        'billing_department' as dimension_name,
        coalesce(billing_department, 'Unassigned') as dimension_value,
        invoices.*
    from invoices

    union all

    select
        'amount_band' as dimension_name,
        amount_band as dimension_value,
        invoices.*
    from invoices
),

aggregated as (
    select
        submitted_month_on,
        dimension_name,
        dimension_value,
        count(*) as submitted_invoice_count,
        sum(case when is_first_round_decided then 1 else 0 end)
            as decided_invoice_count,
        sum(case when is_first_pass_approved then 1 else 0 end)
            as first_pass_approved_count,
        sum(case when is_first_round_decided and is_reworked then 1 else 0 end)
            as reworked_invoice_count,
        count(final_approved_at) as approved_invoice_count,
        {{ percentile_cont('approval_cycle_hours', 0.5) }}
            as median_approval_cycle_hours,
        {{ percentile_cont('approval_cycle_hours', 0.9) }}
            as p90_approval_cycle_hours
    from dimensioned
    group by submitted_month_on, dimension_name, dimension_value
),

final as (
    select
        submitted_month_on,
        cast(dimension_name as {{ string }}) as dimension_name,
        cast(dimension_value as {{ string }}) as dimension_value,
        cast(submitted_invoice_count as integer) as submitted_invoice_count,
        cast(decided_invoice_count as integer) as decided_invoice_count,
        cast(first_pass_approved_count as integer) as first_pass_approved_count,
        cast(reworked_invoice_count as integer) as reworked_invoice_count,
        cast(approved_invoice_count as integer) as approved_invoice_count,
        cast(case
            when decided_invoice_count > 0
                then 1.0 * first_pass_approved_count / decided_invoice_count
        end as {{ double }}) as first_pass_approval_rate,
        cast(case
            when decided_invoice_count > 0
                then 1.0 * reworked_invoice_count / decided_invoice_count
        end as {{ double }}) as rework_rate,
        cast(median_approval_cycle_hours as {{ double }})
            as median_approval_cycle_hours,
        cast(p90_approval_cycle_hours as {{ double }}) as p90_approval_cycle_hours
    from aggregated
)

select * from final
