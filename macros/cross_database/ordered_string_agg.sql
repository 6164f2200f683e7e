{#-
    Aggregate: the text values of a group joined with a delimiter, in the order of a
    sort key. delimiter_text is an SQL string literal such as "' → '". The sort key
    should be unique within the group, or rows that tie come out in an order the engine
    picks. dbt.listagg cannot be used because its Spark version ignores the order. The
    spelling differs by engine: DuckDB and PostgreSQL string_agg(x, d order by k),
    standard SQL listagg(x, d) within group (order by k), and Spark, which has no ordered
    string aggregate, sorts a list of (key, value) structs and joins the values.
-#}
{% macro ordered_string_agg(expression, delimiter_text, order_by) %}
    {{- return(adapter.dispatch('ordered_string_agg', 'o2c_billing')(expression, delimiter_text, order_by)) -}}
{% endmacro %}

{% macro default__ordered_string_agg(expression, delimiter_text, order_by) -%}
    listagg({{ expression }}, {{ delimiter_text }}) within group (order by {{ order_by }})
{%- endmacro %}

{% macro duckdb__ordered_string_agg(expression, delimiter_text, order_by) -%}
    string_agg({{ expression }}, {{ delimiter_text }} order by {{ order_by }})
{%- endmacro %}

{% macro postgres__ordered_string_agg(expression, delimiter_text, order_by) -%}
    string_agg({{ expression }}, {{ delimiter_text }} order by {{ order_by }})
{%- endmacro %}

{#- array_sort orders structs by their first field, the sort key. -#}
{% macro spark__ordered_string_agg(expression, delimiter_text, order_by) -%}
    array_join(
        transform(
            array_sort(collect_list(named_struct('sort_key', {{ order_by }}, 'value', {{ expression }}))),
            item -> item.value
        ),
        {{ delimiter_text }}
    )
{%- endmacro %}
