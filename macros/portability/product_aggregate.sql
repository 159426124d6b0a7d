{#-
    The product of a column over a group. DuckDB and Spark (3.2+) both have product();
    engines without it get exp(sum(ln x)) guarded for zeros, which is exact only up to
    rounding.
-#}
{% macro product_aggregate(expression) %}
    {{ return(adapter.dispatch('product_aggregate', 'digital_real_ccd')(expression)) }}
{% endmacro %}

{% macro default__product_aggregate(expression) -%}
    case
        when min({{ expression }}) = 0 then 0
        else exp(sum(ln({{ expression }})))
    end
{%- endmacro %}

{% macro duckdb__product_aggregate(expression) -%}
    product({{ expression }})
{%- endmacro %}

{% macro spark__product_aggregate(expression) -%}
    product({{ expression }})
{%- endmacro %}
