{#-
    Within each group of `group_by_columns`, the column sums to `expected` within
    `tolerance` (e.g. entropy weights sum to 1 per subsystem). A group whose sum is null
    fails too. Fails with one row per offending group and its sum.
-#}
{% test group_sum_equals(model, column_name, group_by_columns, expected=1,
    tolerance=1e-9) %}
    {%- if group_by_columns is string or group_by_columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "group_sum_equals: argument 'group_by_columns' must be a non-empty list of"
            ~ " column names; got " ~ (group_by_columns | tojson)
        ) }}
    {%- endif -%}
    {%- set columns = group_by_columns | join(', ') %}

    select
        {{ columns }},
        sum({{ column_name }}) as column_sum
    from {{ model }}
    group by {{ columns }}
    having
        sum({{ column_name }}) is null
        or abs(sum({{ column_name }}) - {{ expected }}) > {{ tolerance }}

{% endtest %}
