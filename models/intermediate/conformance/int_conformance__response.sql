{#- One row per response rule and case that contains the rule's activity_a. -#}
{{ conformance_response(
    rules=ref('conformance_rules'),
    events=ref('fct_invoice_events')
) }}
