{#-
    Fails for every rule whose violation counts disagree across the conformance models:
    the overall row of mart_conformance, the sum of each breakdown (region, department,
    month) and the rows of fct_conformance_violations must give the same number, and
    so must the cases checked in mart_conformance and in int_conformance__checks. A
    fan-out join or a dropped row shows up here.
-#}
with

adherence as (
    select * from {{ ref('mart_conformance') }}
),

violations as (
    select * from {{ ref('fct_conformance_violations') }}
),

checks as (
    select * from {{ ref('int_conformance__checks') }}
),

segment_totals as (
    select
        rule_id,
        segment_type,
        sum(cases_checked) as cases_checked,
        sum(cases_violating) as cases_violating
    from adherence
    group by rule_id, segment_type
),

overall as (
    select
        rule_id,
        cases_checked,
        cases_violating
    from segment_totals
    where segment_type = 'overall'
),

violation_counts as (
    select
        rule_id,
        count(*) as violation_count
    from violations
    group by rule_id
),

check_counts as (
    select
        rule_id,
        count(*) as check_count
    from checks
    group by rule_id
),

final as (
    select
        segment_totals.rule_id,
        segment_totals.segment_type,
        segment_totals.cases_checked,
        segment_totals.cases_violating,
        overall.cases_checked as overall_cases_checked,
        overall.cases_violating as overall_cases_violating,
        coalesce(violation_counts.violation_count, 0) as violation_count,
        coalesce(check_counts.check_count, 0) as check_count
    from segment_totals
    left join overall
        on segment_totals.rule_id = overall.rule_id
    left join violation_counts
        on segment_totals.rule_id = violation_counts.rule_id
    left join check_counts
        on segment_totals.rule_id = check_counts.rule_id
    where
        overall.rule_id is null
        or segment_totals.cases_checked <> overall.cases_checked
        or segment_totals.cases_violating <> overall.cases_violating
        or overall.cases_violating <> coalesce(violation_counts.violation_count, 0)
        or overall.cases_checked <> coalesce(check_counts.check_count, 0)
)

select * from final
