{#-
    One row per segregation_of_duties rule and case with both activities performed by
    known users.
-#}
{{ conformance_segregation_of_duties(
    rules=ref('conformance_rules'),
    events=ref('fct_invoice_events')
) }}
