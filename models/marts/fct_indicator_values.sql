-- One row per region, year and indicator: the indicator value in its catalog unit, how
-- it came about (observed or interpolated) and its normalised value x' in [0, 1] (null
-- for an indicator that is constant over its entropy group). The panel behind every
-- index, for inspection and for obstacle-degree and robustness analyses.

with

normalised as (

    select
        region,
        year,
        indicator,
        subsystem,
        dimension,
        value,
        value_status,
        normalised_value
    from {{ ref('int_indicator_values_normalised') }}

),

filled as (

    select
        region,
        year,
        indicator,
        interpolated_from_year,
        interpolated_to_year
    from {{ ref('int_indicator_panel_filled') }}

),

final as (

    select
        normalised.region,
        cast(normalised.year as integer) as year,
        normalised.indicator,
        normalised.subsystem,
        normalised.dimension,
        cast(normalised.value as double) as value,
        normalised.value_status,
        cast(filled.interpolated_from_year as integer) as interpolated_from_year,
        cast(filled.interpolated_to_year as integer) as interpolated_to_year,
        cast(normalised.normalised_value as double) as normalised_value
    from normalised
    inner join filled
        on
            filled.region = normalised.region
            and filled.year = normalised.year
            and filled.indicator = normalised.indicator

)

select * from final
