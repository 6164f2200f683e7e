{#-
    True when the text matches the regular expression (POSIX-style, unanchored unless the
    pattern anchors itself). The function name differs by engine: DuckDB has
    regexp_matches(), PostgreSQL the ~ operator, Spark the rlike operator.
-#}
{% macro regexp_like(expression, pattern) %}
    {{- return(adapter.dispatch('regexp_like', 'o2c_billing')(expression, pattern)) -}}
{% endmacro %}

{% macro default__regexp_like(expression, pattern) -%}
    regexp_like({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__regexp_like(expression, pattern) -%}
    regexp_matches({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro postgres__regexp_like(expression, pattern) -%}
    ({{ expression }} ~ '{{ pattern }}')
{%- endmacro %}

{% macro spark__regexp_like(expression, pattern) -%}
    ({{ expression }} rlike '{{ pattern }}')
{%- endmacro %}
