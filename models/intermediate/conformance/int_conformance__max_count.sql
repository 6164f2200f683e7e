{#- One row per max_count rule and case with at least one event. -#}
{{ conformance_max_count(
    rules=ref('conformance_rules'),
    events=ref('fct_invoice_events')
) }}
