{#- The values of a group joined into one sorted, comma-separated text. -#}
{% macro aggregate_text(expression) %}
    {{ return(adapter.dispatch('aggregate_text', 'digital_real_ccd')(expression)) }}
{% endmacro %}

{% macro default__aggregate_text(expression) -%}
    string_agg(cast({{ expression }} as string), ', ' order by {{ expression }})
{%- endmacro %}

{% macro spark__aggregate_text(expression) -%}
    array_join(array_sort(collect_list(cast({{ expression }} as string))), ', ')
{%- endmacro %}
