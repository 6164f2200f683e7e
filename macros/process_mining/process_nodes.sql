{#-
    Names of the two artificial nodes of the directly-follows graph in
    fct_process_transitions and the transition marts: every case goes from the start node
    to its first activity and from its last activity to the end node. No activity of the
    event log may carry either name; the data test
    assert_no_activity_named_like_a_process_node checks that.
-#}
{% macro process_start_node() -%}
    {{ return('▶ start') }}
{%- endmacro %}

{% macro process_end_node() -%}
    {{ return('■ end') }}
{%- endmacro %}
