{#- One row per conditional_existence rule and case above the rule's threshold. -#}
{{ conformance_conditional_existence(
    rules=ref('conformance_rules'),
    events=ref('fct_invoice_events'),
    cases=ref('int_conformance__case_attributes')
) }}
