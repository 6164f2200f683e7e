with

base as (
    select * from {{ ref('base_salesforce__accounts') }}
),

final as (
    select
        account_id,
        account_name,
        billing_country,
        billing_country_code,
        payment_terms,
        created_at,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
