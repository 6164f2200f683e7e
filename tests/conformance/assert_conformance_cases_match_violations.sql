{#-
    Fails for every invoice whose violated_rule_count in mart_conformance_cases differs
    from its number of rows in fct_conformance_violations, or that has violations but
    is flagged conformant.
-#}
with

cases as (
    select * from {{ ref('mart_conformance_cases') }}
),

violations as (
    select * from {{ ref('fct_conformance_violations') }}
),

violation_counts as (
    select
        invoice_number,
        count(*) as violation_count
    from violations
    group by invoice_number
),

final as (
    select
        cases.invoice_number,
        cases.violated_rule_count,
        cases.is_conformant,
        coalesce(violation_counts.violation_count, 0) as violation_count
    from cases
    left join violation_counts
        on cases.invoice_number = violation_counts.invoice_number
    where
        cases.violated_rule_count <> coalesce(violation_counts.violation_count, 0)
        or cases.is_conformant <> (coalesce(violation_counts.violation_count, 0) = 0)
)

select * from final
