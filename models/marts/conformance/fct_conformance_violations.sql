{#-
    One row per invoice and conformance rule that the invoice violates, with the rule's
    definition and the evidence: the events compared, their timestamps, and the observed
    and allowed values as text.
-#}
with

checks as (
    select * from {{ ref('int_conformance__checks') }}
),

rules as (
    select * from {{ ref('conformance_rules') }}
),

cases as (
    select * from {{ ref('int_conformance__case_attributes') }}
),

final as (
    select
        {{ dbt.hash(dbt.concat([
            'checks.rule_id', "'|'", 'checks.invoice_number'
        ])) }} as violation_id,
        checks.invoice_number,
        cases.invoice_id,
        checks.rule_id,
        rules.rule_name,
        rules.rule_kind,
        rules.severity,
        rules.activity_a,
        rules.activity_b,
        checks.activity_a_event_id,
        checks.activity_a_event_at,
        checks.activity_b_event_id,
        checks.activity_b_event_at,
        checks.observed_value,
        checks.allowed_value
    from checks
    inner join rules
        on checks.rule_id = rules.rule_id
    left join cases
        on checks.invoice_number = cases.invoice_number
    where checks.is_violated
)

select * from final
