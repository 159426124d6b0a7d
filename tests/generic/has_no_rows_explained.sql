{#-
    The model (optionally only the rows where `where_clause` holds) has no rows; if it
    has, the build stops with `summary` and, per row, the SQL expressions `message` and
    `remedy` (see macros/raise_for_rows.sql). With warn_only the rows are logged as a
    warning instead; pair it with severity warn.
-#}
{% test has_no_rows_explained(model, summary, message, remedy="''",
    where_clause=none, warn_only=false, column_name=none) %}
    {%- set failing_sql -%}
        select * from {{ model }}
        {%- if where_clause %} where {{ where_clause }}{% endif %}
    {%- endset -%}
    {{ raise_for_rows(failing_sql, summary, message, remedy, warn_only) }}
{% endtest %}
