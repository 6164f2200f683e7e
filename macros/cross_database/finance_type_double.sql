{#-
    The 8-byte floating-point type, for casts of ratios and durations. dbt.type_float()
    renders FLOAT, which is a 4-byte REAL in DuckDB. PostgreSQL spells the 8-byte type
    double precision, DuckDB and Spark double.
-#}
{% macro finance_type_double() %}
    {{- return(adapter.dispatch('finance_type_double', 'o2c_billing')()) -}}
{% endmacro %}

{% macro default__finance_type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__finance_type_double() -%}
    double
{%- endmacro %}

{% macro spark__finance_type_double() -%}
    double
{%- endmacro %}
