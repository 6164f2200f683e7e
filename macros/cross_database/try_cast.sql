{#-
    Cast text to a type, giving null instead of an error when the text does not convert
    (for example the date 2024-02-30, or a number too large for the decimal type).
    DuckDB and Spark have try_cast. PostgreSQL has none, so there the cast runs only
    when the function o2c_billing_is_castable, which create_cross_database_functions
    creates when dbt starts, finds that it succeeds.
-#}
{% macro try_cast(expression, data_type) %}
    {{- return(adapter.dispatch('try_cast', 'o2c_billing')(expression, data_type)) -}}
{% endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro postgres__try_cast(expression, data_type) -%}
    case
        when {{ target.schema }}.o2c_billing_is_castable({{ expression }}, '{{ data_type }}')
            then cast({{ expression }} as {{ data_type }})
    end
{%- endmacro %}


{#-
    Create the SQL functions that the dispatched macros need on an engine, in the
    target schema. Runs when dbt starts (called by the on-run-start hook). Only
    PostgreSQL needs one so far.
-#}
{% macro create_cross_database_functions() %}
    {{ return(adapter.dispatch('create_cross_database_functions', 'o2c_billing')()) }}
{% endmacro %}

{% macro default__create_cross_database_functions() %}
    {{ return('') }}
{% endmacro %}

{#- o2c_billing_is_castable(value, type_name) is true when cast(value as type_name)
    succeeds. The cast runs as dynamic SQL inside an exception block, which costs a
    few microseconds per call (about 1 s for 150,000 values on a 2-core machine). -#}
{% macro postgres__create_cross_database_functions() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- do run_query('create schema if not exists ' ~ adapter.quote(target.schema)) -%}
    {%- set create_function -%}
        create or replace function {{ adapter.quote(target.schema) }}.o2c_billing_is_castable(
            value text, type_name text
        ) returns boolean
        language plpgsql immutable parallel safe
        as $function$
        begin
            execute format('select cast(%L as %s)', value, type_name);
            return true;
        exception when others then
            return false;
        end;
        $function$
    {%- endset -%}
    {%- do run_query(create_function) -%}
    {{ return('') }}
{% endmacro %}
