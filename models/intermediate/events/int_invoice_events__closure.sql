{#-
    Invoice Closed: the moment the open balance first reaches zero, attributed to the
    allocation or credit note that brought it there. Invoice Cancelled comes from the
    status history (int_invoice_events__status_changes), not from here.
-#}
with

closures as (
    select * from {{ ref('int_invoice_closures') }}
),

final as (
    select
        invoice_id,
        'Invoice Closed' as activity,
        closed_at as event_at,
        cast(null as {{ dbt.type_string() }}) as resource_user_id,
        closed_by_object as source_object,
        closed_by_record_id as source_record_id
    from closures
    where closed_at is not null
)

select * from final
