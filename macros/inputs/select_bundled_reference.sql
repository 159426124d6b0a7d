{#-
    `select <columns> from <seed>` for a bundled reference seed that describes the
    bundled panel only (its regions, its excluded series): when the var
    indicator_values_path points at a user's own panel, the same select returns no rows,
    so nothing about the seven provinces leaks into someone else's panel.
-#}
{% macro select_bundled_reference(seed_name, columns) %}
    select
        {{ columns | join(',\n        ') }}
    from {{ ref(seed_name) }}
    {%- if ccd_settings().indicator_values_path %}
    where 1 = 0
    {%- endif %}
{%- endmacro %}
