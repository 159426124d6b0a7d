-- One row per indicator of the indicator system: which subsystem and dimension it
-- belongs to, its direction, and how it is built from the raw series
-- (value = raw[source_indicator] / raw[denominator_indicator] * multiplier).
-- Source: the seed indicator_catalog, or the user's file named by indicator_catalog_path
-- (required columns indicator, subsystem, dimension, direction; the others optional).
-- Direction is accepted as positive/negative or 1/-1 and stored as positive/negative.
{%- set settings = ccd_settings() %}
{%- set optional_columns = [
    'source_indicator', 'denominator_indicator', 'multiplier',
    'unit', 'name', 'description',
] %}

with

source_catalog as (

    {% if settings.indicator_catalog_path %}
    {%- set present = input_file_columns(settings.indicator_catalog_path) %}
    select
        indicator,
        subsystem,
        dimension,
        direction,
        {%- for column in optional_columns %}
        {% if column in present or not execute -%}
        {{ column }}
        {%- else -%}
        cast(null as string) as {{ column }}
        {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ read_input_file(settings.indicator_catalog_path) }}
    {% else %}
    select
        indicator,
        subsystem,
        dimension,
        direction,
        {%- for column in optional_columns %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('indicator_catalog') }}
    {% endif %}

),

typed as (

    select
        trim(cast(indicator as string)) as indicator,
        trim(cast(subsystem as string)) as subsystem,
        trim(cast(dimension as string)) as dimension,
        case lower(trim(cast(direction as string)))
            when 'positive' then 'positive'
            when '1' then 'positive'
            when '+1' then 'positive'
            when 'negative' then 'negative'
            when '-1' then 'negative'
            else cast(direction as string)
        end as direction,
        coalesce(
            nullif(trim(cast(source_indicator as string)), ''),
            trim(cast(indicator as string))
        ) as source_indicator,
        nullif(trim(cast(denominator_indicator as string)), '') as denominator_indicator,
        coalesce(cast(multiplier as double), 1.0) as multiplier,
        cast(unit as string) as unit,
        cast(name as string) as indicator_name,
        cast(description as string) as description
    from source_catalog

)

select * from typed
