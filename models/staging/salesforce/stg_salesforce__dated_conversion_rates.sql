with

base as (
    select * from {{ ref('base_salesforce__dated_conversion_rates') }}
),

final as (
    select
        dated_conversion_rate_id,
        currency_code,
        conversion_rate,
        start_on,
        next_start_on,
        system_modified_at
    from base
    where row_status = 'staged'
)

select * from final
