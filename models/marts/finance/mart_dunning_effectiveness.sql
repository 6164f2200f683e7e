{#-
    Effect of payment reminders per reminder level. An invoice counts as paid at its
    Invoice Closed event (dim_invoices.closed_at, up to the as-of moment). The share
    paid within N days uses only reminders issued at least N days before the as-of
    moment, because later ones cannot have shown the outcome yet.
-#}
{%- set double = type_double() %}
{%- set windows = [7, 14, 30] %}

with

reminders as (
    select * from {{ ref('int_finance_payment_reminders') }}
),

invoices as (
    select * from {{ ref('dim_invoices') }}
),

as_of as (
    select as_of_at from {{ ref('int_export_as_of') }}
),

dated_reminders as (
    select
        reminders.*,
        cast(reminders.reminded_at as date) as reminded_on
    from reminders
),

reminder_outcomes as (
    select
        reminders.reminder_level,
        reminders.invoice_id,
        {{ dbt.datediff('invoices.due_on', 'reminders.reminded_on', 'day') }}
            as days_due_to_reminder,
        -- Payment before the reminder is not a result of it.
        case
            when invoices.closed_at >= reminders.reminded_at
                then
                    {{ timestamp_diff_seconds(
                        'reminders.reminded_at', 'invoices.closed_at'
                    ) }} / 86400.0
        end as days_reminder_to_payment,
        {{ timestamp_diff_seconds('reminders.reminded_at', 'as_of.as_of_at') }}
        / 86400.0 as days_observed
    from dated_reminders as reminders
    inner join invoices
        on reminders.invoice_id = invoices.invoice_id
    cross join as_of
),

aggregated as (
    select
        reminder_level,
        count(*) as reminded_invoice_count,
        count(days_reminder_to_payment) as paid_after_reminder_count,
        {%- for days in windows %}
        sum(case when days_observed >= {{ days }} then 1 else 0 end)
            as observed_{{ days }}_days_count,
        sum(case
            when
                days_observed >= {{ days }}
                and days_reminder_to_payment <= {{ days }}
                then 1
            else 0
        end) as paid_within_{{ days }}_days_count,
        {%- endfor %}
        {{ percentile_cont('days_due_to_reminder', 0.5) }}
            as median_days_due_to_reminder,
        {{ percentile_cont('days_reminder_to_payment', 0.5) }}
            as median_days_reminder_to_payment
    from reminder_outcomes
    group by reminder_level
),

final as (
    select
        reminder_level,
        cast(reminded_invoice_count as integer) as reminded_invoice_count,
        cast(paid_after_reminder_count as integer) as paid_after_reminder_count,
        cast(median_days_due_to_reminder as {{ double }})
            as median_days_due_to_reminder,
        {%- for days in windows %}
        cast(observed_{{ days }}_days_count as integer)
            as observed_{{ days }}_days_count,
        cast(case
            when observed_{{ days }}_days_count > 0
                then
                    1.0 * paid_within_{{ days }}_days_count
                    / observed_{{ days }}_days_count
        end as {{ double }}) as paid_within_{{ days }}_days_rate,
        {%- endfor %}
        cast(median_days_reminder_to_payment as {{ double }})
            as median_days_reminder_to_payment
    from aggregated
)

select * from final
