{#-
    An identity or rule that must hold on every row (optionally only where
    `where_clause` holds), e.g. "abs(coordination_degree * coordination_degree -
    coupling_degree * coordination_index) <= 1e-12". Fails with the rows where it is
    false or null.
-#}
{% test expression_is_true(model, expression, column_name=none, where_clause=none) %}

    select *
    from {{ model }}
    where
        {% if where_clause %}({{ where_clause }}) and {% endif %}
        not coalesce({{ expression }}, false)

{% endtest %}
