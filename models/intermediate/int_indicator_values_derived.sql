-- One row per region, year and catalog indicator that has a value: the indicator built
-- from the raw series as the catalog says,
--     value = raw[source_indicator] / raw[denominator_indicator] * multiplier
-- (or raw[source_indicator] * multiplier without a denominator). Unit conversions and
-- ratios such as per-worker productivity happen here, never in the seeds. A ratio
-- exists only where both raw values are observed and the denominator is not 0; a
-- missing one is a gap for int_indicator_panel_filled to handle.
-- depends_on: {{ ref('int_input_issues') }}  (no computation before validation)

with

catalog as (

    select
        indicator,
        source_indicator,
        denominator_indicator,
        multiplier
    from {{ ref('stg_indicator_catalog') }}

),

raw_values as (

    select
        region,
        year,
        indicator,
        value
    from {{ ref('stg_indicator_values') }}

),

derived as (

    select
        numerators.region,
        numerators.year,
        catalog.indicator,
        case
            when catalog.denominator_indicator is null
                then numerators.value * catalog.multiplier
            else numerators.value / nullif(denominators.value, 0) * catalog.multiplier
        end as value
    from catalog
    inner join raw_values as numerators
        on numerators.indicator = catalog.source_indicator
    left join raw_values as denominators
        on
            denominators.indicator = catalog.denominator_indicator
            and denominators.region = numerators.region
            and denominators.year = numerators.year

),

observed as (

    select
        region,
        year,
        indicator,
        value
    from derived
    where value is not null

)

select * from observed
