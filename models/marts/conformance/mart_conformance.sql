{#-
    One row per conformance rule and segment: the rule over all cases, and the rule by
    region, by billing department and by invoice month (YYYY-MM of the invoice date),
    with the cases checked, the cases violating and the adherence rate. Every rule of
    the seed has its overall row, even when no case was checked.
-#}
with

rules as (
    select * from {{ ref('conformance_rules') }}
),

checks as (
    select * from {{ ref('int_conformance__checks') }}
),

invoices as (
    select * from {{ ref('dim_invoices') }}
),

segmented_checks as (
    select
        checks.rule_id,
        'overall' as segment_type,
        'All' as segment_value,
        checks.invoice_number,
        checks.is_violated
    from checks

    union all

    select
        checks.rule_id,
        'region' as segment_type,
        coalesce(invoices.region, 'Unassigned') as segment_value,
        checks.invoice_number,
        checks.is_violated
    from checks
    left join invoices
        on checks.invoice_number = invoices.invoice_number

    union all

    select
        checks.rule_id,
        'billing_department' as segment_type,
        coalesce(invoices.billing_department, 'Unassigned') as segment_value,
        checks.invoice_number,
        checks.is_violated
    from checks
    left join invoices
        on checks.invoice_number = invoices.invoice_number

    union all

    select
        checks.rule_id,
        'invoice_month' as segment_type,
        coalesce(
            substring(cast(invoices.invoiced_on as {{ dbt.type_string() }}), 1, 7),
            'Unknown'
        ) as segment_value,
        checks.invoice_number,
        checks.is_violated
    from checks
    left join invoices
        on checks.invoice_number = invoices.invoice_number
),

segment_counts as (
    select
        rule_id,
        segment_type,
        segment_value,
        count(*) as cases_checked,
        sum(case when is_violated then 1 else 0 end) as cases_violating
    from segmented_checks
    group by rule_id, segment_type, segment_value
),

-- Rules that no case was checked against still get their overall row.
unchecked_rules as (
    select
        rules.rule_id,
        'overall' as segment_type,
        'All' as segment_value,
        0 as cases_checked,
        0 as cases_violating
    from rules
    left join segment_counts
        on
            rules.rule_id = segment_counts.rule_id
            and segment_counts.segment_type = 'overall'
    where segment_counts.rule_id is null
),

all_counts as (
    select * from segment_counts
    union all
    select * from unchecked_rules
),

final as (
    select
        cast(all_counts.rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(rules.rule_name as {{ dbt.type_string() }}) as rule_name,
        cast(rules.rule_kind as {{ dbt.type_string() }}) as rule_kind,
        cast(rules.severity as {{ dbt.type_string() }}) as severity,
        cast(all_counts.segment_type as {{ dbt.type_string() }}) as segment_type,
        cast(all_counts.segment_value as {{ dbt.type_string() }}) as segment_value,
        cast(all_counts.cases_checked as bigint) as cases_checked,
        cast(all_counts.cases_violating as bigint) as cases_violating,
        -- Share of the checked cases that keep the rule, null when none was checked.
        cast(case
            when all_counts.cases_checked > 0
                then 1.0 - 1.0 * all_counts.cases_violating / all_counts.cases_checked
        end as {{ type_double() }}) as adherence_rate
    from all_counts
    inner join rules
        on all_counts.rule_id = rules.rule_id
)

select * from final
