-- One row per region, year and raw indicator: the raw panel in source units, as given.
-- Source: the bundled seed provincial_indicators (real published statistics, see
-- seeds/raw/PROVENANCE.md) or, when the var indicator_values_path is set, the user's own
-- long-form CSV or Parquet file with the columns region, year, indicator, value.
{%- set settings = ccd_settings() %}

with

source_values as (

    {% if settings.indicator_values_path %}
    select
        region,
        year,
        indicator,
        value
    from {{ read_input_file(settings.indicator_values_path) }}
    {% else %}
    select
        province as region,
        year,
        indicator,
        value
    from {{ ref('provincial_indicators') }}
    {% endif %}

),

typed as (

    select
        cast(region as string) as region,
        cast(year as integer) as year,
        cast(indicator as string) as indicator,
        cast(value as double) as value
    from source_values

)

select * from typed
