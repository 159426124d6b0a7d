{#-
    The method settings, read from the project vars and validated in one place.

    Every model reads its settings through this macro, never through var() directly,
    so a wrong value stops `dbt compile` (and every other command) with a message that
    names the var, the value received and what is allowed. Returns a dict.
-#}
{% macro ccd_settings() %}
    {%- set choices = {
        'entropy_scope': ['panel', 'year'],
        'zero_policy': ['limit', 'shift'],
        'coupling_model': ['standard', 'wang2021', 'fan2024'],
        'gap_policy': ['interpolate', 'none'],
    } -%}
    {%- set settings = {} -%}

    {%- for name, allowed in choices.items() -%}
        {%- set value = var(name) -%}
        {%- if value not in allowed -%}
            {{ exceptions.raise_compiler_error(
                "Invalid value for var '" ~ name ~ "': got " ~ (value | tojson)
                ~ "; allowed values: " ~ (allowed | join(', ')) ~ "."
            ) }}
        {%- endif -%}
        {%- do settings.update({name: value}) -%}
    {%- endfor -%}

    {%- set epsilon = var('zero_shift_epsilon') -%}
    {%- if epsilon is not number or epsilon is boolean
        or not (0 < epsilon and epsilon < 1) -%}
        {{ exceptions.raise_compiler_error(
            "Invalid value for var 'zero_shift_epsilon': got " ~ (epsilon | tojson)
            ~ "; allowed values: a number greater than 0 and less than 1"
            ~ " (0.0001, 0.001 and 0.01 are in use)."
        ) }}
    {%- endif -%}
    {%- do settings.update({'zero_shift_epsilon': epsilon}) -%}

    {%- do settings.update({
        'subsystem_weights': ccd_validate_subsystem_weights(var('subsystem_weights'))
    }) -%}

    {%- for name in ['lag_numerator_subsystem', 'lag_denominator_subsystem'] -%}
        {%- set value = var(name) -%}
        {%- if value is not string or value | trim == '' -%}
            {{ exceptions.raise_compiler_error(
                "Invalid value for var '" ~ name ~ "': got " ~ (value | tojson)
                ~ "; allowed values: the name of a subsystem in the catalog."
            ) }}
        {%- endif -%}
        {%- do settings.update({name: value}) -%}
    {%- endfor -%}

    {%- for name in [
        'indicator_values_path', 'indicator_catalog_path', 'region_catalog_path',
        'indicator_exclusions_path',
    ] -%}
        {%- set value = var(name) -%}
        {%- if value is not none and (value is not string or value | trim == '') -%}
            {{ exceptions.raise_compiler_error(
                "Invalid value for var '" ~ name ~ "': got " ~ (value | tojson)
                ~ "; allowed values: null (the bundled seeds) or the path of a .csv"
                ~ " or .parquet file."
            ) }}
        {%- endif -%}
        {%- do settings.update({name: value}) -%}
    {%- endfor -%}
    {%- if settings.indicator_catalog_path and not settings.indicator_values_path -%}
        {{ exceptions.raise_compiler_error(
            "var 'indicator_catalog_path' is set but 'indicator_values_path' is not:"
            ~ " a catalog of your own needs the values it describes."
        ) }}
    {%- endif -%}

    {%- set allow_unused = var('allow_unused_indicators') -%}
    {%- if allow_unused is not boolean -%}
        {{ exceptions.raise_compiler_error(
            "Invalid value for var 'allow_unused_indicators': got "
            ~ (allow_unused | tojson) ~ "; allowed values: true, false."
        ) }}
    {%- endif -%}
    {%- do settings.update({'allow_unused_indicators': allow_unused}) -%}

    {%- set schema = var('publish_schema') -%}
    {%- if schema is not string
        or not modules.re.match('^[a-z_][a-z0-9_]*$', schema)
        or schema in ['marts_build', 'staging', 'intermediate', 'raw', 'meta'] -%}
        {{ exceptions.raise_compiler_error(
            "Invalid value for var 'publish_schema': got " ~ (schema | tojson)
            ~ "; allowed values: a lower-case SQL name (letters, digits, _) other than"
            ~ " the project's own schemas marts_build, staging, intermediate, raw,"
            ~ " meta."
        ) }}
    {%- endif -%}
    {%- do settings.update({'publish_schema': schema}) -%}

    {{ return(settings) }}
{% endmacro %}


{#- subsystem_weights: null (equal weights) or a mapping subsystem -> alpha >= 0 that
    sums to 1. Whether its keys match the catalog is data, checked by a data test. -#}
{% macro ccd_validate_subsystem_weights(weights) %}
    {%- if weights is none -%}
        {{ return(none) }}
    {%- endif -%}
    {#- a namespace: plain sets inside a Jinja loop do not leave the loop -#}
    {%- set check = namespace(problem=none, total=0) -%}
    {%- if weights is not mapping or weights | length < 2 -%}
        {%- set check.problem = 'a mapping of at least two subsystems to weights' -%}
    {%- else -%}
        {%- for subsystem, alpha in weights.items() -%}
            {%- if alpha is not number or alpha is boolean or alpha < 0 -%}
                {%- set check.problem = 'weights that are numbers >= 0' -%}
            {%- else -%}
                {%- set check.total = check.total + alpha -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if check.problem is none and (check.total - 1) | abs > 1e-9 -%}
            {%- set check.problem = 'weights that sum to 1 (these sum to '
                ~ check.total ~ ')' -%}
        {%- endif -%}
    {%- endif -%}
    {%- if check.problem is not none -%}
        {{ exceptions.raise_compiler_error(
            "Invalid value for var 'subsystem_weights': got " ~ (weights | tojson)
            ~ "; allowed values: null (equal weights) or " ~ check.problem
            ~ ", e.g. {digital: 0.5, real: 0.5}."
        ) }}
    {%- endif -%}
    {{ return(weights) }}
{% endmacro %}
