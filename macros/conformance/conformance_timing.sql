{#-
    Timing: each activity_a keeps a time window, measured in elapsed time (a day is
    86,400 seconds) and inclusive at both ends. A rule sets min_days, max_days or both,
    and exactly one reference:
    - activity_b: the first activity_b after each activity_a (in event_sequence order)
      comes at least min_days and at most max_days after it. While no activity_b has
      followed yet, the activity_a violates only once the as-of moment is more than
      max_days after it.
    - compare_field (due_on or invoiced_on): each activity_a comes at least min_days
      and at most max_days after the start of that date in the org's timezone. Cases
      without the date are not checked.
    A case that contains activity_a is checked. The evidence is its first activity_a
    that breaks the window (with the activity_b it was measured to), or else its first
    activity_a.
-#}
{% macro conformance_timing(rules, events, cases, as_of) %}
{%- set seconds_per_day = 86400 -%}
{%- set min_text = 'cast(min_days as ' ~ dbt.type_string() ~ ')' -%}
{%- set max_text = 'cast(max_days as ' ~ dbt.type_string() ~ ')' -%}
with

rules as (
    select * from {{ rules }}
    where rule_kind = 'timing'
),

events as (
    select * from {{ events }}
),

cases as (
    select * from {{ cases }}
),

as_of as (
    select as_of_at from {{ as_of }}
),

timed_events as (
    select
        rules.rule_id,
        rules.activity_b,
        rules.compare_field,
        rules.min_days,
        rules.max_days,
        events.invoice_number,
        events.event_id,
        events.event_at,
        events.event_sequence
    from rules
    inner join events
        on rules.activity_a = events.activity
),

responses as (
    select
        timed_events.rule_id,
        timed_events.event_id,
        responding_events.event_id as response_event_id,
        responding_events.event_at as response_event_at,
        row_number() over (
            partition by timed_events.rule_id, timed_events.event_id
            order by responding_events.event_sequence
        ) as response_rank
    from timed_events
    inner join events as responding_events
        on
            timed_events.invoice_number = responding_events.invoice_number
            and timed_events.activity_b = responding_events.activity
            and timed_events.event_sequence < responding_events.event_sequence
),

measured_events as (
    select
        timed_events.rule_id,
        timed_events.invoice_number,
        timed_events.event_id,
        timed_events.event_at,
        timed_events.event_sequence,
        timed_events.activity_b,
        timed_events.compare_field,
        timed_events.min_days,
        timed_events.max_days,
        responses.response_event_id,
        responses.response_event_at,
        timed_events.activity_b is not null
        and responses.response_event_id is null as is_awaiting_response,
        case
            when timed_events.activity_b is not null
                then {{ timestamp_diff_seconds(
                    'timed_events.event_at',
                    'coalesce(responses.response_event_at, as_of.as_of_at)'
                ) }}
            else {{ timestamp_diff_seconds(
                conformance_case_moment('timed_events.compare_field', 'cases'),
                'timed_events.event_at'
            ) }}
        end as elapsed_seconds
    from timed_events
    cross join as_of
    left join responses
        on
            timed_events.rule_id = responses.rule_id
            and timed_events.event_id = responses.event_id
            and responses.response_rank = 1
    left join cases
        on timed_events.invoice_number = cases.invoice_number
),

judged_events as (
    select
        *,
        coalesce(
            (
                not is_awaiting_response
                and elapsed_seconds < min_days * {{ seconds_per_day }}
            )
            or elapsed_seconds > max_days * {{ seconds_per_day }},
            false
        ) as is_violated
    from measured_events
    where elapsed_seconds is not null
),

ranked_events as (
    select
        *,
        case
            when min_days is not null and max_days is not null
                then {{ dbt.concat(["'between '", min_text, "' and '", max_text]) }}
            when min_days is not null
                then {{ dbt.concat(["'at least '", min_text]) }}
            else {{ dbt.concat(["'at most '", max_text]) }}
        end as window_text,
        case
            when activity_b is not null
                then {{ dbt.concat(["'until '", 'activity_b']) }}
            else {{ dbt.concat(["'after '", 'compare_field']) }}
        end as reference_text,
        row_number() over (
            partition by rule_id, invoice_number
            order by case when is_violated then 0 else 1 end, event_sequence
        ) as evidence_rank
    from judged_events
),

final as (
    select
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(invoice_number as {{ dbt.type_string() }}) as invoice_number,
        is_violated,
        cast(event_id as {{ dbt.type_string() }}) as activity_a_event_id,
        cast(event_at as {{ dbt.type_timestamp() }}) as activity_a_event_at,
        cast(response_event_id as {{ dbt.type_string() }}) as activity_b_event_id,
        cast(response_event_at as {{ dbt.type_timestamp() }}) as activity_b_event_at,
        -- Elapsed days rounded to hundredths, negative when activity_a came before the
        -- date of compare_field.
        cast(
            cast(elapsed_seconds / {{ seconds_per_day }}.0 as decimal(18, 2))
            as {{ dbt.type_string() }}
        ) as observed_value,
        {{ dbt.concat(['window_text', "' days '", 'reference_text']) }} as allowed_value
    from ranked_events
    where evidence_rank = 1
)

select * from final
{% endmacro %}
