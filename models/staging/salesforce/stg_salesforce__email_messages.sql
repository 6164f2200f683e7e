with

base as (
    select * from {{ ref('base_salesforce__email_messages') }}
),

final as (
    select
        email_message_id,
        related_to_id,
        subject,
        email_status,
        message_at,
        is_incoming,
        created_by_id,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
