{#-
    Aggregate: the continuous percentile of a numeric expression in a group, ignoring
    nulls. It interpolates linearly between the two nearest values (PERCENTILE_CONT of
    SQL:2008), so fraction 0.5 gives the interpolated median: 2.5 for 1, 2, 3 and 13, and
    0.9 gives 3 + 0.7 * (13 - 3) = 10 there. fraction is a literal from 0 to 1. The
    spelling differs by engine: DuckDB quantile_cont(x, p), PostgreSQL and standard SQL
    percentile_cont(p) within group (order by x), Spark percentile(x, p), which
    interpolates the same way.
-#}
{% macro percentile_cont(expression, fraction) %}
    {{- return(adapter.dispatch('percentile_cont', 'o2c_billing')(expression, fraction)) -}}
{% endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__percentile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro spark__percentile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}
