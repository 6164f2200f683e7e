with

users as (
    select * from {{ ref('stg_salesforce__users') }}
),

integration_users as (
    select * from {{ ref('integration_users') }}
),

final as (
    select
        users.user_id,
        users.user_name,
        users.department,
        users.user_type,
        -- Work done by Salesforce's Automated Process user or by a listed integration
        -- user counts as automated.
        (
            users.user_type = 'AutomatedProcess'
            or integration_users.user_name is not null
        ) as is_automated
    from users
    left join integration_users
        on users.user_name = integration_users.user_name
)

select * from final
