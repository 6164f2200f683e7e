with

base as (
    select * from {{ ref('base_salesforce__credit_notes') }}
),

final as (
    select
        credit_note_id,
        credit_note_number,
        invoice_id,
        credited_on,
        credit_note_amount,
        credit_note_status,
        currency_code,
        created_at,
        created_by_id,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
