{#-
    Every non-null value of the column lies in [min_value, max_value], allowing
    `tolerance` for the rounding of sums of doubles. NaN fails (it is never in a range).
    Fails with the offending rows.
-#}
{% test value_between(model, column_name, min_value, max_value, tolerance=0) %}
    {%- for name, bound in [('min_value', min_value), ('max_value', max_value),
        ('tolerance', tolerance)] -%}
        {%- if bound is not number or bound is boolean -%}
            {{ exceptions.raise_compiler_error(
                "value_between: argument '" ~ name ~ "' must be a number; got "
                ~ (bound | tojson)
            ) }}
        {%- endif -%}
    {%- endfor %}

    select *
    from {{ model }}
    where
        {{ column_name }} is not null
        and not (
            {{ column_name }} >= {{ min_value - tolerance }}
            and {{ column_name }} <= {{ max_value + tolerance }}
        )

{% endtest %}
