{#-
    A text expression as an integer when it holds a whole number ('2013', ' 2013 ',
    '2013.0' as Excel exports write it), else null - never an error, so that input
    validation can report the cell instead of the cast failing.
-#}
{% macro integer_from_text(expression) -%}
    case
        when
            try_cast(trim({{ expression }}) as double)
            = floor(try_cast(trim({{ expression }}) as double))
            then cast(try_cast(trim({{ expression }}) as double) as integer)
    end
{%- endmacro %}
