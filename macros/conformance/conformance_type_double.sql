{#-
    The SQL name of a double-precision float type. dbt.type_float() gives float, which
    is single precision in DuckDB, and PostgreSQL has no type named double.
-#}
{% macro conformance_type_double() %}
    {{- return(adapter.dispatch('conformance_type_double', 'o2c_billing')()) -}}
{% endmacro %}

{% macro default__conformance_type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__conformance_type_double() -%}
    double
{%- endmacro %}

{% macro spark__conformance_type_double() -%}
    double
{%- endmacro %}
