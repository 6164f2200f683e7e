{#-
    The milestone activities of mart_case_durations (var process_milestones), validated
    and returned as SQL string literals keyed by milestone: generated, approved, sent,
    paid, reconciled and closed. dbt_project.yml sets the canonical names; an override
    with --vars replaces the whole mapping, so it must name all six.
-#}
{% macro process_milestones() %}
    {%- set required = ['generated', 'approved', 'sent', 'paid', 'reconciled', 'closed'] -%}
    {%- set milestones = var('process_milestones') -%}
    {%- if milestones is not mapping -%}
        {{ exceptions.raise_compiler_error(
            "Invalid var process_milestones: expected a mapping from each of " ~ required | join(', ') ~ " to an activity name, got " ~ milestones) }}
    {%- endif -%}
    {%- set literals = {} -%}
    {%- for milestone in required -%}
        {%- set activity = (milestones.get(milestone) or '') | string | trim -%}
        {%- if not activity -%}
            {{ exceptions.raise_compiler_error(
                "Invalid var process_milestones: the activity of milestone '" ~ milestone ~ "' is missing; name all of " ~ required | join(', ')) }}
        {%- endif -%}
        {%- do literals.update({milestone: "'" ~ dbt.escape_single_quotes(activity) ~ "'"}) -%}
    {%- endfor -%}
    {{ return(literals) }}
{% endmacro %}
