{#-
    Segregation of duties: no user performs both activity_a and activity_b in one case.
    Users are compared by resource_user_id, because two users can share a name. A case
    with at least one activity_a and one activity_b that both name a user is checked;
    events without a user are ignored. The evidence is the first pair by the same user
    (by the event_sequence of activity_b, then of activity_a), or else the first pair.
-#}
{% macro conformance_segregation_of_duties(rules, events) %}
with

rules as (
    select * from {{ rules }}
    where rule_kind = 'segregation_of_duties'
),

events as (
    select * from {{ events }}
    where resource_user_id is not null
),

event_pairs as (
    select
        rules.rule_id,
        events_a.invoice_number,
        events_a.event_id as activity_a_event_id,
        events_a.event_at as activity_a_event_at,
        events_a.resource_user_id as activity_a_user_id,
        events_b.event_id as activity_b_event_id,
        events_b.event_at as activity_b_event_at,
        events_b.resource_user_id as activity_b_user_id,
        events_a.resource_user_id = events_b.resource_user_id as is_same_user,
        row_number() over (
            partition by rules.rule_id, events_a.invoice_number
            order by
                case
                    when events_a.resource_user_id = events_b.resource_user_id
                        then 0
                    else 1
                end,
                events_b.event_sequence,
                events_a.event_sequence
        ) as pair_rank
    from rules
    inner join events as events_a
        on rules.activity_a = events_a.activity
    inner join events as events_b
        on
            events_a.invoice_number = events_b.invoice_number
            and rules.activity_b = events_b.activity
),

final as (
    select
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(invoice_number as {{ dbt.type_string() }}) as invoice_number,
        is_same_user as is_violated,
        cast(activity_a_event_id as {{ dbt.type_string() }}) as activity_a_event_id,
        cast(activity_a_event_at as {{ dbt.type_timestamp() }}) as activity_a_event_at,
        cast(activity_b_event_id as {{ dbt.type_string() }}) as activity_b_event_id,
        cast(activity_b_event_at as {{ dbt.type_timestamp() }}) as activity_b_event_at,
        cast(activity_a_user_id as {{ dbt.type_string() }}) as observed_value,
        {{ dbt.concat([
            "'<> '", "cast(activity_b_user_id as " ~ dbt.type_string() ~ ")"
        ]) }} as allowed_value
    from event_pairs
    where pair_rank = 1
)

select * from final
{% endmacro %}
