{#-
    `select <columns> from <file>` for a user's input file: every required column (a
    missing one stops the build with a message naming the file, the columns it has and
    the ones it lacks) and every optional column, as null text when the file does not
    have it. Column names match in any letter case. `what` names the file's role in the
    message (e.g. 'indicator catalog').
-#}
{% macro select_from_input_file(path, required_columns, optional_columns=[],
    what='input') %}
    {%- set present = input_file_columns(path) -%}
    {%- if execute -%}
        {%- set missing = [] -%}
        {%- for column in required_columns if column not in present -%}
            {%- do missing.append(column) -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "The " ~ what ~ " file " ~ (path | tojson) ~ " lacks the column(s) "
                ~ (missing | join(', ')) ~ "; it has " ~ (present | join(', '))
                ~ ". Required: " ~ (required_columns | join(', '))
                ~ (("; optional: " ~ (optional_columns | join(', ')))
                    if optional_columns else '') ~ "."
            ) }}
        {%- endif -%}
    {%- endif %}
    select
        {%- for column in required_columns + optional_columns %}
        {% if column in present or not execute -%}
        {{ quote_identifier(column) }}
        {%- else -%}
        cast(null as string)
        {%- endif %} as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ read_input_file(path) }}
{%- endmacro %}
