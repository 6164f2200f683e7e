{#- The event log the process-mining marts read (var event_log_source), validated. -#}
{% macro event_log_source() %}
    {%- set value = var('event_log_source', 'salesforce') | string | trim | lower -%}
    {%- if value not in ['salesforce', 'imported'] -%}
        {{ exceptions.raise_compiler_error(
            "Invalid var event_log_source '" ~ value ~ "': use salesforce (the event log built from the export) or imported (a log loaded by scripts/import_event_log.py)") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}
