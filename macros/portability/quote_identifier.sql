{#-
    A column name as a quoted SQL identifier, whatever characters it holds (a column of
    a user's wide file may be named in Chinese, with spaces or quotes). ANSI double
    quotes with embedded quotes doubled; Spark uses backticks.
-#}
{% macro quote_identifier(name) %}
    {{ return(adapter.dispatch('quote_identifier', 'digital_real_ccd')(name)) }}
{% endmacro %}

{% macro default__quote_identifier(name) -%}
    "{{ name | string | replace('"', '""') }}"
{%- endmacro %}

{% macro spark__quote_identifier(name) -%}
    `{{ name | string | replace('`', '``') }}`
{%- endmacro %}
