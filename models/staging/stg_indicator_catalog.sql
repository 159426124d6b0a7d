-- One row per indicator of the indicator system: which subsystem and dimension it
-- belongs to, its direction, and how it is built from the raw series (value =
-- raw[source_indicator] / raw[denominator_indicator] * multiplier). Source: the seed
-- indicator_catalog, or the user's file named by indicator_catalog_path (required
-- columns indicator, subsystem, dimension, direction; the others optional). Direction
-- is accepted as positive/negative or 1/-1 and stored as positive/negative (null when
-- it is neither; direction_text keeps what was given, for validation). Nothing is
-- dropped: int_input_issues reports blank names and bad values.
{%- set settings = ccd_settings() %}
{%- set optional_columns = [
    'source_indicator', 'denominator_indicator', 'multiplier',
    'unit', 'name', 'description',
] %}

with

source_catalog as (

    {% if settings.indicator_catalog_path %}
    {{ select_from_input_file(
        settings.indicator_catalog_path,
        ['indicator', 'subsystem', 'dimension', 'direction'],
        optional_columns,
        'indicator catalog',
    ) }}
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
        {{ input_row_number() }} as catalog_row_number,
        nullif(trim(cast(indicator as string)), '') as indicator,
        nullif(trim(cast(subsystem as string)), '') as subsystem,
        nullif(trim(cast(dimension as string)), '') as dimension,
        cast(direction as string) as direction_text,
        case lower(trim(cast(direction as string)))
            when 'positive' then 'positive'
            when '1' then 'positive'
            when '+1' then 'positive'
            when '1.0' then 'positive'
            when 'negative' then 'negative'
            when '-1' then 'negative'
            when '-1.0' then 'negative'
        end as direction,
        coalesce(
            nullif(trim(cast(source_indicator as string)), ''),
            nullif(trim(cast(indicator as string)), '')
        ) as source_indicator,
        nullif(trim(cast(denominator_indicator as string)), '')
            as denominator_indicator,
        cast(multiplier as string) as multiplier_text,
        coalesce(
            try_cast(nullif(trim(cast(multiplier as string)), '') as double),
            case when nullif(trim(cast(multiplier as string)), '') is null then 1.0 end
        ) as multiplier,
        cast(unit as string) as unit,
        cast(name as string) as indicator_name,
        cast(description as string) as description
    from source_catalog

)

select * from typed
