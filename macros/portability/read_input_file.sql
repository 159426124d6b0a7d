{#-
    A relation expression that reads a user's input file, chosen by its extension:
    .parquet (also .pq) or .csv (also .tsv, .txt; delimiter sniffed). Paths are relative
    to the directory dbt runs in. The path is passed as a quoted string literal, so no
    file name can change the SQL around it.
-#}
{% macro read_input_file(path) %}
    {{ return(adapter.dispatch('read_input_file', 'digital_real_ccd')(path)) }}
{% endmacro %}

{% macro default__read_input_file(path) %}
    {{ exceptions.raise_compiler_error(
        "read_input_file: reading files is not implemented for adapter '"
        ~ adapter.type() ~ "'; load the file as a table and point the staging models"
        ~ " at it instead."
    ) }}
{% endmacro %}

{% macro duckdb__read_input_file(path) %}
    {%- set lowered = path | lower -%}
    {%- if lowered.endswith('.parquet') or lowered.endswith('.pq') -%}
        read_parquet({{ sql_string_literal(path) }})
    {%- elif lowered.endswith('.csv') or lowered.endswith('.tsv')
        or lowered.endswith('.txt') -%}
        {#- header forced, every column as text: the staging models cast, so a cell
            that is not a number is reported instead of being guessed at -#}
        read_csv({{ sql_string_literal(path) }}, header = true, all_varchar = true)
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "read_input_file: cannot tell the format of " ~ (path | tojson)
            ~ " from its extension; use .csv or .parquet."
        ) }}
    {%- endif -%}
{% endmacro %}


{#- The column names of an input file (lower-cased unless keep_case); an empty list
    while dbt parses the project, when no file is read. -#}
{% macro input_file_columns(path, keep_case=false) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query(
        'select * from ' ~ read_input_file(path) ~ ' limit 0'
    ) -%}
    {%- if keep_case -%}
        {{ return(result.column_names | list) }}
    {%- endif -%}
    {{ return(result.column_names | map('lower') | list) }}
{% endmacro %}
