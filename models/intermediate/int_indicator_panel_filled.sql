-- One row per region, year and catalog indicator on the full panel grid (every region
-- and every year with a value of a raw series the catalog reads, x every catalog
-- indicator; an excluded series does not widen the panel), with gaps handled by the
-- var gap_policy:
--   interpolate: a gap between two observed years y0 < t < y1 of the same region and
--                indicator becomes v0 + (v1 - v0) (t - y0) / (y1 - y0), status
--                'interpolated'; a gap with no observation on one side is never
--                extrapolated: status 'unfillable', value null.
--   none:        every gap keeps a null value with status 'missing'.
-- Observed values have status 'observed'. Any status other than observed / interpolated
-- fails this model's tests and so stops the build before normalisation.
{%- set settings = ccd_settings() %}

with

indicator_values as (

    select
        region,
        year,
        indicator,
        value
    from {{ ref('int_indicator_values_derived') }}

),

catalog as (

    select indicator
    from {{ ref('stg_indicator_catalog') }}

),

catalog_series as (

    select distinct raw_indicator
    from {{ ref('int_catalog_series_reads') }}

),

series_values as (

    select
        raw_values.region,
        raw_values.year
    from {{ ref('stg_indicator_values') }} as raw_values
    inner join catalog_series
        on catalog_series.raw_indicator = raw_values.indicator
    where raw_values.value is not null

),

panel_regions as (

    select distinct region
    from series_values

),

panel_years as (

    select distinct year
    from series_values

),

grid as (

    select
        panel_regions.region,
        panel_years.year,
        catalog.indicator
    from panel_regions
    cross join panel_years
    cross join catalog

),

grid_values as (

    select
        grid.region,
        grid.year,
        grid.indicator,
        indicator_values.value as observed_value
    from grid
    left join indicator_values
        on
            indicator_values.region = grid.region
            and indicator_values.year = grid.year
            and indicator_values.indicator = grid.indicator

),

neighbour_years as (

    select
        region,
        year,
        indicator,
        observed_value,
        max(case when observed_value is not null then year end) over (
            partition by region, indicator
            order by year
            rows between unbounded preceding and current row
        ) as previous_observed_year,
        min(case when observed_value is not null then year end) over (
            partition by region, indicator
            order by year
            rows between current row and unbounded following
        ) as next_observed_year
    from grid_values

),

neighbour_values as (

    select
        neighbour_years.region,
        neighbour_years.year,
        neighbour_years.indicator,
        neighbour_years.observed_value,
        neighbour_years.previous_observed_year,
        neighbour_years.next_observed_year,
        previous_values.observed_value as previous_value,
        next_values.observed_value as next_value
    from neighbour_years
    left join grid_values as previous_values
        on
            previous_values.region = neighbour_years.region
            and previous_values.indicator = neighbour_years.indicator
            and previous_values.year = neighbour_years.previous_observed_year
    left join grid_values as next_values
        on
            next_values.region = neighbour_years.region
            and next_values.indicator = neighbour_years.indicator
            and next_values.year = neighbour_years.next_observed_year

),

filled as (

    select
        region,
        year,
        indicator,
        case
            when observed_value is not null then observed_value
            {%- if settings.gap_policy == 'interpolate' %}
            when previous_value is not null and next_value is not null
                then previous_value
                    + (next_value - previous_value)
                    * cast(year - previous_observed_year as double)
                    / cast(next_observed_year - previous_observed_year as double)
            {%- endif %}
        end as value,
        case
            when observed_value is not null then 'observed'
            {%- if settings.gap_policy == 'interpolate' %}
            when previous_value is not null and next_value is not null
                then 'interpolated'
            else 'unfillable'
            {%- else %}
            else 'missing'
            {%- endif %}
        end as value_status,
        previous_observed_year as filled_from_year,
        next_observed_year as filled_to_year
    from neighbour_values

),

final as (

    select
        region,
        year,
        indicator,
        value,
        value_status,
        case when value_status = 'interpolated' then filled_from_year end
            as interpolated_from_year,
        case when value_status = 'interpolated' then filled_to_year end
            as interpolated_to_year
    from filled

)

select * from final
