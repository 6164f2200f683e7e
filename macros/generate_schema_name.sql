{#- Use a model's custom schema name as it is (staging, intermediate, marts) instead
    of prefixing it with the target schema, so BI tools find the marts in `marts`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
