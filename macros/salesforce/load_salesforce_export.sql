{#-
    Load the Salesforce export folder (var salesforce_export_path) into raw tables.

    Runs as an on-run-start hook. Each object becomes raw_salesforce."<ApiName>" with one
    text column per registered field, named by the API name in lower case, plus
    _fivetran_deleted (a sync tool's deletion flag, null when the file lacks it),
    _source_file and _source_row_number (1 = first data row after the header) so the
    audit model can point at the row. The file of an object may be named by its API name
    (Bulk API 2.0, Data Loader) or by the Fivetran table name, and its columns may use
    either naming (CreatedDate or created_date). Extra columns are ignored.
    An optional object or column that is absent loads as an empty table or a null column;
    a required one that is absent stops the run with a message naming the file.
-#}
{% macro load_salesforce_export() %}
    {{ return(adapter.dispatch('load_salesforce_export', 'o2c_billing')()) }}
{% endmacro %}


{#- Engines other than DuckDB cannot read a local folder, so their raw tables must be
    loaded before dbt runs (scripts/load_raw_tables.py). The hook only creates the SQL
    functions that the cross-database macros need there. -#}
{% macro default__load_salesforce_export() %}
    {%- do o2c_billing.create_cross_database_functions() -%}
    {{ return('') }}
{% endmacro %}


{% macro duckdb__load_salesforce_export() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set folder = var('salesforce_export_path') | string -%}
    {%- set folder = folder.rstrip('/') -%}
    {#- An imported event log needs no export: every raw table is created empty, as
        for an absent optional object, so the Salesforce models build empty. -#}
    {%- if var('event_log_source', 'salesforce') | string | trim | lower == 'imported' -%}
        {%- do run_query('create schema if not exists raw_salesforce') -%}
        {%- for object in salesforce_objects() -%}
            {%- do run_query(o2c_billing.salesforce_raw_table_sql(object, folder, empty=true)) -%}
        {%- endfor -%}
        {{ log('event_log_source is imported: created the raw_salesforce tables empty', info=true) }}
        {{ return('') }}
    {%- endif -%}
    {%- if run_query("select count(*) from glob('" ~ folder | replace("'", "''") ~ "/*')").columns[0].values()[0] == 0 -%}
        {{ exceptions.raise_compiler_error(
            "Salesforce export folder '" ~ folder ~ "' is missing or empty. "
            ~ "Point the var salesforce_export_path at a folder of <ApiName>.csv files, "
            ~ "for example: make run INPUT=path/to/export, or "
            ~ "dbt build --vars '{salesforce_export_path: path/to/export}'") }}
    {%- endif -%}
    {%- do run_query('create schema if not exists raw_salesforce') -%}
    {%- for object in salesforce_objects() -%}
        {%- do run_query(o2c_billing.salesforce_raw_table_sql(object, folder)) -%}
    {%- endfor -%}
    {{ log('Loaded the Salesforce export from ' ~ folder ~ ' into schema raw_salesforce', info=true) }}
    {{ return('') }}
{% endmacro %}


{#- Fivetran's name for an API name: snake case with single underscores
    (blng__Invoice__c -> blng_invoice_c, CreatedDate -> created_date). -#}
{% macro salesforce_fivetran_name(api_name) %}
    {%- set snake = modules.re.sub('([a-z0-9])([A-Z])', '\\1_\\2', api_name) | lower -%}
    {{- return(modules.re.sub('_+', '_', snake)) -}}
{% endmacro %}


{#- Return the path of the object's file in the folder, or none when there is none. -#}
{% macro salesforce_export_file(object, folder) %}
    {%- set candidates = [] -%}
    {%- for base_name in [object.name, o2c_billing.salesforce_fivetran_name(object.name)] -%}
        {%- for extension in ['csv', 'parquet'] -%}
            {%- do candidates.append(folder ~ '/' ~ base_name ~ '.' ~ extension) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for candidate in candidates -%}
        {%- set found = run_query("select count(*) from glob('" ~ candidate | replace("'", "''") ~ "')") -%}
        {%- if found.columns[0].values()[0] > 0 -%}
            {{ return(candidate) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}


{% macro salesforce_raw_table_sql(object, folder, empty=false) %}
    {%- set table = 'raw_salesforce.' ~ adapter.quote(object.name) -%}
    {%- set path = none if empty else o2c_billing.salesforce_export_file(object, folder) -%}

    {%- if path is none and not object.optional and not empty -%}
        {{ exceptions.raise_compiler_error(
            "Salesforce export file for object " ~ object.name ~ " not found in '" ~ folder
            ~ "': expected " ~ object.name ~ ".csv (or " ~ object.name ~ ".parquet, or the Fivetran name "
            ~ o2c_billing.salesforce_fivetran_name(object.name) ~ ".csv). Export the object into that folder.") }}
    {%- endif -%}

    {%- if path is none -%}
        {%- set columns = [] -%}
        {%- for field in object.fields -%}
            {%- do columns.append('cast(null as varchar) as ' ~ salesforce_raw_column(field.api)) -%}
        {%- endfor -%}
        {{ return('create or replace table ' ~ table ~ ' as select ' ~ columns | join(', ')
            ~ ", cast(null as varchar) as _fivetran_deleted, cast(null as varchar) as _source_file"
            ~ ", cast(null as bigint) as _source_row_number limit 0") }}
    {%- endif -%}

    {%- set escaped_path = path | replace("'", "''") -%}
    {%- if path.endswith('.parquet') -%}
        {%- set reader = "read_parquet('" ~ escaped_path ~ "')" -%}
    {%- else -%}
        {%- set reader = "read_csv('" ~ escaped_path ~ "', header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')" -%}
    {%- endif -%}

    {%- set header = run_query('describe select * from ' ~ reader).columns[0].values() -%}
    {%- set header_by_name = {} -%}
    {%- for column in header -%}
        {%- do header_by_name.update({column | lower: column}) -%}
    {%- endfor -%}

    {%- set columns = [] -%}
    {%- for field in object.fields -%}
        {%- set raw_column = salesforce_raw_column(field.api) -%}
        {%- set fivetran_column = o2c_billing.salesforce_fivetran_name(field.api) -%}
        {%- if raw_column in header_by_name -%}
            {%- do columns.append('cast(' ~ adapter.quote(header_by_name[raw_column]) ~ ' as varchar) as ' ~ raw_column) -%}
        {%- elif fivetran_column in header_by_name -%}
            {%- do columns.append('cast(' ~ adapter.quote(header_by_name[fivetran_column]) ~ ' as varchar) as ' ~ raw_column) -%}
        {%- elif field.get('optional_column') -%}
            {%- do columns.append('cast(null as varchar) as ' ~ raw_column) -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error(
                "Column " ~ field.api ~ " is missing from " ~ path ~ " (its header has: " ~ header | join(', ')
                ~ "). Add the field " ~ object.name ~ "." ~ field.api ~ " to the export.") }}
        {%- endif -%}
    {%- endfor -%}

    {#- Fivetran marks records deleted in Salesforce with _fivetran_deleted, also on
        objects such as User that have no IsDeleted field. -#}
    {%- if '_fivetran_deleted' in header_by_name -%}
        {%- do columns.append('cast(' ~ adapter.quote(header_by_name['_fivetran_deleted']) ~ ' as varchar) as _fivetran_deleted') -%}
    {%- else -%}
        {%- do columns.append('cast(null as varchar) as _fivetran_deleted') -%}
    {%- endif -%}

    {{ return('create or replace table ' ~ table ~ ' as select ' ~ columns | join(', ')
        ~ ", '" ~ escaped_path ~ "' as _source_file, row_number() over () as _source_row_number from " ~ reader) }}
{% endmacro %}
