{#-
    One row per rule and case that the rule applies to, from every rule kind, with
    is_violated and the evidence. A new rule kind adds its model to the list below.
-#}
{%- set kind_models = [
    'int_conformance__precedence',
    'int_conformance__response',
    'int_conformance__max_count',
    'int_conformance__max_count_per_round',
    'int_conformance__conditional_existence',
    'int_conformance__segregation_of_duties',
    'int_conformance__timing',
    'int_conformance__end_state',
] -%}

with

rules as (
    select * from {{ ref('conformance_rules') }}
),

kind_checks as (
    {%- for kind_model in kind_models %}
    select
        rule_id,
        invoice_number,
        is_violated,
        activity_a_event_id,
        activity_a_event_at,
        activity_b_event_id,
        activity_b_event_at,
        observed_value,
        allowed_value
    from {{ ref(kind_model) }}
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        kind_checks.rule_id,
        rules.rule_kind,
        kind_checks.invoice_number,
        kind_checks.is_violated,
        kind_checks.activity_a_event_id,
        kind_checks.activity_a_event_at,
        kind_checks.activity_b_event_id,
        kind_checks.activity_b_event_at,
        kind_checks.observed_value,
        kind_checks.allowed_value
    from kind_checks
    inner join rules
        on kind_checks.rule_id = rules.rule_id
)

select * from final
