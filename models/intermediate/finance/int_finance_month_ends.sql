{#-
    One row per calendar month from the month of the first invoice to the month of the
    as-of moment: the month-end dates that the receivables marts measure on. The month
    of the as-of moment is measured on the as-of date, not on its calendar month end.
-#}
-- NOTE: the spine covers at most 1,200 months (100 years) of invoices. Raise the
-- bound of generate_series if an export ever spans more.
{%- set max_months = 1200 %}

with

invoices as (
    select invoiced_on from {{ ref('dim_invoices') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

month_numbers as (
    {{ dbt.generate_series(max_months) }}
),

bounds as (
    select
        cast(
            {{ dbt.date_trunc('month', 'min(invoices.invoiced_on)') }} as date
        ) as first_month_on,
        cast({{ dbt.date_trunc('month', 'max(as_of.as_of_at)') }} as date)
            as last_month_on,
        cast(max(as_of.as_of_at) as date) as as_of_on
    from invoices
    cross join as_of
),

months as (
    select
        cast(
            {{ dbt.dateadd(
                'month', 'month_numbers.generated_number - 1', 'bounds.first_month_on'
            ) }} as date
        ) as month_start_on,
        bounds.as_of_on
    from bounds
    cross join month_numbers
    where
        month_numbers.generated_number - 1
        <= {{ dbt.datediff('bounds.first_month_on', 'bounds.last_month_on', 'month') }}
),

month_ends as (
    select
        month_start_on,
        cast({{ dbt.last_day('month_start_on', 'month') }} as date) as month_end_on,
        as_of_on
    from months
),

measured as (
    select
        month_start_on,
        month_end_on,
        case
            when month_end_on <= as_of_on then month_end_on else as_of_on
        end as measured_on,
        month_end_on <= as_of_on as is_complete_month
    from month_ends
),

final as (
    select
        month_start_on,
        month_end_on,
        measured_on,
        cast(
            {{ dbt.datediff('month_start_on', 'measured_on', 'day') }}
            + 1 as integer
        ) as days_in_period,
        cast(
            {{ dbt.dateadd('day', 1, 'measured_on') }} as {{ dbt.type_timestamp() }}
        ) as measured_until_at,
        is_complete_month
    from measured
)

select * from final
