{#-
    Cast text to a type, giving null instead of an error when the text does not convert
    (for example the date 2024-02-30). DuckDB and Spark have try_cast. PostgreSQL has no
    such function, so callers must first check the format with regexp_like; a value in
    the right format but out of range (day 30 of February) still fails there.
-#}
{% macro try_cast(expression, data_type) %}
    {{- return(adapter.dispatch('try_cast', 'o2c_billing')(expression, data_type)) -}}
{% endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro postgres__try_cast(expression, data_type) -%}
    cast({{ expression }} as {{ data_type }})
{%- endmacro %}
