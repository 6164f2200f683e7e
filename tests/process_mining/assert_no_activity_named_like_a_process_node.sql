{#- Fails for every activity of the event log that carries the name of the start or end
    node of the directly-follows graph, whose arcs it would merge with the artificial
    ones. Rename the activity in the source log. -#}
select
    activity,
    count(*) as event_count
from {{ ref('fct_process_events') }}
where activity in ('{{ process_start_node() }}', '{{ process_end_node() }}')
group by activity
