{#-
    The variant of each case: one row per case of the event log with the id and rank of
    its variant, the ordered list of its activities. The id is content-derived, so the
    same sequence gets the same id in every run and every log. Cases without events are
    not in the event log and have no variant.
-#}
{%- set activity_hashes = ordered_string_agg(
    dbt.hash('activity'), "''", 'event_sequence'
) -%}
{%- set duration_seconds = timestamp_diff_seconds('first_event_at', 'last_event_at') -%}

with

events as (
    select * from {{ ref('fct_process_events') }}
),

-- Each activity name becomes its fixed-width hash before the names are joined. The
-- joined text then maps back to exactly one sequence of names, whatever characters the
-- names contain, and its hash is the variant id.
case_sequences as (
    select
        case_id,
        {{ dbt.hash(activity_hashes) }} as variant_id,
        count(*) as event_count,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at
    from events
    group by case_id
),

variant_sizes as (
    select
        case_id,
        variant_id,
        event_count,
        first_event_at,
        last_event_at,
        count(*) over (partition by variant_id) as variant_case_count
    from case_sequences
),

final as (
    select
        case_id,
        cast(variant_id as {{ dbt.type_string() }}) as variant_id,
        -- The most frequent variant is 1; the variant id breaks ties in case count.
        cast(dense_rank() over (
            order by variant_case_count desc, variant_id asc
        ) as bigint) as variant_rank,
        event_count,
        first_event_at,
        last_event_at,
        {{ duration_seconds }} / 3600.0 as case_duration_hours
    from variant_sizes
)

select * from final
