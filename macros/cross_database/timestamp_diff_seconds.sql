{#-
    Exact seconds from one timestamp to a later one, with the fraction of a second, as a
    floating-point number. dbt.datediff counts crossed unit boundaries instead (23:59 to
    00:01 is one day), which is wrong for durations. Each engine exposes the epoch
    differently: DuckDB epoch_ms, PostgreSQL extract(epoch from ...), Spark unix_micros.
-#}
{% macro timestamp_diff_seconds(start_expression, end_expression) %}
    {{- return(adapter.dispatch('timestamp_diff_seconds', 'o2c_billing')(start_expression, end_expression)) -}}
{% endmacro %}

{% macro default__timestamp_diff_seconds(start_expression, end_expression) -%}
    (extract(epoch from {{ end_expression }}) - extract(epoch from {{ start_expression }}))
{%- endmacro %}

{#- PostgreSQL 14 and later return extract(epoch ...) as numeric, whose scale grows with
    each division; the cast keeps the result a float as on the other engines. -#}
{% macro postgres__timestamp_diff_seconds(start_expression, end_expression) -%}
    cast(
        extract(epoch from {{ end_expression }}) - extract(epoch from {{ start_expression }})
        as double precision
    )
{%- endmacro %}

{% macro duckdb__timestamp_diff_seconds(start_expression, end_expression) -%}
    ((epoch_ms({{ end_expression }}) - epoch_ms({{ start_expression }})) / 1000.0)
{%- endmacro %}

{#- On Spark a bigint divided by the literal 1000000.0 is a decimal(37, 15), so the
    microseconds are cast to double first. -#}
{% macro spark__timestamp_diff_seconds(start_expression, end_expression) -%}
    (cast(unix_micros({{ end_expression }}) - unix_micros({{ start_expression }}) as double) / 1000000)
{%- endmacro %}
