{#-
    The 8-byte floating-point type, for casts of ratios and durations. dbt.type_float()
    renders FLOAT, which is a 4-byte REAL in DuckDB. PostgreSQL spells the 8-byte type
    double precision, DuckDB and Spark double.
-#}
{% macro type_double() %}
    {{- return(adapter.dispatch('type_double', 'o2c_billing')()) -}}
{% endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
