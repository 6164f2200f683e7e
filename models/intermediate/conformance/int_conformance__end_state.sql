{#- One row per end_state rule and case that contains the rule's activity_a. -#}
{{ conformance_end_state(
    rules=ref('conformance_rules'),
    events=ref('fct_invoice_events'),
    cases=ref('int_conformance__case_attributes')
) }}
