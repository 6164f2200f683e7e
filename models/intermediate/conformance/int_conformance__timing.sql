{#- One row per timing rule and case that contains the rule's activity_a. -#}
{{ conformance_timing(
    rules=ref('conformance_rules'),
    events=ref('fct_invoice_events'),
    cases=ref('int_conformance__case_attributes'),
    as_of=ref('int_export_as_of')
) }}
