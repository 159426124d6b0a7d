{#- A value as a single-quoted SQL string literal, its quotes doubled (ANSI). -#}
{% macro sql_string_literal(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
