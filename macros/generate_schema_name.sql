{#-
    Use each folder's schema name as it is (raw, staging, intermediate, marts_build)
    instead of dbt's default "<target schema>_<custom schema>", so BI users find the
    marts in one plainly named schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
