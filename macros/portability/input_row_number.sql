{#-
    The position of a row in the file it was read from (1, 2, ...). DuckDB keeps the
    file order of a scan, so a window without order gives it; Spark requires an ordered
    window, and monotonically_increasing_id() follows the file order within a read.
-#}
{% macro input_row_number() %}
    {{ return(adapter.dispatch('input_row_number', 'digital_real_ccd')()) }}
{% endmacro %}

{% macro default__input_row_number() -%}
    row_number() over ()
{%- endmacro %}

{% macro spark__input_row_number() -%}
    row_number() over (order by monotonically_increasing_id())
{%- endmacro %}
