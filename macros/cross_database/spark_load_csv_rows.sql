{#-
    Insert the rows of a seed on Spark. Replaces dbt-spark's spark__load_csv_rows
    (dbt-spark 1.11.0), whose session method binds an empty cell as the text 'None' and
    does not escape quotes in text. Here each value is written as a SQL literal: an empty
    cell becomes null, and text escapes backslashes and single quotes as Spark SQL
    string literals require.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set column_types = [] -%}
    {%- for column_name in agate_table.column_names -%}
        {%- do column_types.append(column_override.get(column_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}

    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for value in row -%}
                    {%- if value is none -%}
                        cast(null as {{ column_types[loop.index0] }})
                    {%- else -%}
                        cast({{ o2c_billing.spark_seed_literal(value) }} as {{ column_types[loop.index0] }})
                    {%- endif -%}
                    {{- ', ' if not loop.last -}}
                {%- endfor -%}
                ){{ ',' if not loop.last }}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}

    {#- The first statement is what dbt writes to the compiled seed file. -#}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}


{#- A seed value as a Spark SQL literal. Numbers and booleans are written as they
    are; everything else (text, dates) as a quoted string that the cast converts. -#}
{% macro spark_seed_literal(value) %}
    {%- if value is sameas true or value is sameas false -%}
        {{- return('true' if value else 'false') -}}
    {%- elif value is number -%}
        {{- return(value | string) -}}
    {%- else -%}
        {%- set text = value | string -%}
        {{- return("'" ~ text.replace('\\', '\\\\').replace("'", "\\'") ~ "'") -}}
    {%- endif -%}
{% endmacro %}
