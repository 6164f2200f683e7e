{#-
    Read a timestamp without zone as wall-clock time in an IANA timezone and return the
    same instant as a UTC timestamp without zone (for example 2024-03-01 00:00 in
    Europe/Berlin becomes 2024-02-29 23:00). Daylight saving time follows the zone's
    rules on that date. Engines spell this differently: DuckDB and PostgreSQL use
    AT TIME ZONE twice, Spark has to_utc_timestamp.
-#}
{% macro local_to_utc(expression, timezone) %}
    {{- return(adapter.dispatch('local_to_utc', 'o2c_billing')(expression, timezone)) -}}
{% endmacro %}

{% macro default__local_to_utc(expression, timezone) -%}
    (({{ expression }}) at time zone '{{ timezone }}') at time zone 'UTC'
{%- endmacro %}

{#- In DuckDB, AT TIME ZONE on a timestamp gives a timestamptz; casting it back to a
    timestamp renders it in the session timezone, which the profile pins to UTC. -#}
{% macro duckdb__local_to_utc(expression, timezone) -%}
    cast(timezone('{{ timezone }}', {{ expression }}) as timestamp)
{%- endmacro %}

{% macro spark__local_to_utc(expression, timezone) -%}
    to_utc_timestamp({{ expression }}, '{{ timezone }}')
{%- endmacro %}
