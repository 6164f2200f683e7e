{#- One row per max_count_per_round rule and case with at least one event. -#}
{{ conformance_max_count_per_round(
    rules=ref('conformance_rules'),
    events=ref('fct_invoice_events')
) }}
