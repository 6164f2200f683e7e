{#-
    Fails for every rule of the seed conformance_rules that lacks a parameter its kind
    needs, or sets one its kind does not read, so a misconfigured row is reported
    instead of checking nothing. Parameters per kind are documented on the models
    int_conformance__<kind>.
-#}
with

rules as (
    select * from {{ ref('conformance_rules') }}
),

problems as (
    select
        rule_id,
        rule_kind,
        case
            when activity_a is null then 'activity_a is missing'
            when
                rule_kind in (
                    'precedence', 'response', 'max_count_per_round',
                    'segregation_of_duties'
                )
                and activity_b is null
                then 'activity_b is missing'
            when
                rule_kind in ('max_count', 'conditional_existence', 'end_state')
                and activity_b is not null
                then 'activity_b is not read by this kind'
            when rule_kind <> 'precedence' and activity_a_occurrence is not null
                then 'activity_a_occurrence is read only by precedence'
            when
                rule_kind in ('max_count', 'max_count_per_round')
                and (max_count is null or max_count < 0)
                then 'max_count must be 0 or more'
            when
                rule_kind not in ('max_count', 'max_count_per_round')
                and max_count is not null
                then 'max_count is not read by this kind'
            when
                rule_kind in ('conditional_existence', 'end_state')
                and threshold_amount is null
                then 'threshold_amount is missing'
            when
                rule_kind = 'end_state' and threshold_amount < 0
                then 'threshold_amount must be 0 or more'
            when
                rule_kind in ('conditional_existence', 'end_state')
                and (
                    compare_field is null
                    or compare_field not in (
                        'total_amount_corporate', 'total_amount', 'open_balance_amount'
                    )
                )
                then 'compare_field must name an amount'
            when
                rule_kind = 'timing'
                and (activity_b is null) = (compare_field is null)
                then 'timing needs exactly one of activity_b and compare_field'
            when
                rule_kind = 'timing'
                and compare_field not in ('due_on', 'invoiced_on')
                then 'compare_field of a timing rule must name a date'
            when
                rule_kind = 'timing' and min_days is null and max_days is null
                then 'timing needs min_days, max_days or both'
            when
                rule_kind = 'timing' and min_days > max_days
                then 'min_days is above max_days'
            when
                rule_kind <> 'timing'
                and (min_days is not null or max_days is not null)
                then 'min_days and max_days are read only by timing'
            when
                rule_kind not in ('conditional_existence', 'end_state', 'timing')
                and compare_field is not null
                then 'compare_field is not read by this kind'
            when
                rule_kind not in ('conditional_existence', 'end_state')
                and threshold_amount is not null
                then 'threshold_amount is not read by this kind'
        end as problem
    from rules
),

final as (
    select
        rule_id,
        rule_kind,
        problem
    from problems
    where problem is not null
)

select * from final
