{#- One row per precedence rule and case that contains the rule's activity_b. -#}
{{ conformance_precedence(
    rules=ref('conformance_rules'),
    events=ref('fct_invoice_events')
) }}
