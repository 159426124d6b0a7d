{#-
    The model's grain: no two rows share the same values of `combination_of_columns`
    (nulls count as equal, so a null year in panel scope is one key). Fails with one row
    per duplicated key and how often it occurs.
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- if combination_of_columns is string or combination_of_columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "unique_combination_of_columns: argument 'combination_of_columns' must be a"
            ~ " non-empty list of column names; got "
            ~ (combination_of_columns | tojson)
        ) }}
    {%- endif -%}
    {%- set columns = combination_of_columns | join(', ') %}

    select
        {{ columns }},
        count(*) as n_rows
    from {{ model }}
    group by {{ columns }}
    having count(*) > 1

{% endtest %}
