-- One row per indicator of the indicator system: its place in the system (subsystem,
-- dimension, direction), how it is built from the raw series, its unit and meaning, and
-- how many of its panel values were observed or interpolated.

with

catalog as (

    select
        indicator,
        subsystem,
        dimension,
        direction,
        source_indicator,
        denominator_indicator,
        multiplier,
        unit,
        indicator_name,
        description
    from {{ ref('stg_indicator_catalog') }}

),

value_counts as (

    select
        indicator,
        sum(case when value_status = 'observed' then 1 else 0 end) as n_observed,
        sum(case when value_status = 'interpolated' then 1 else 0 end) as n_interpolated
    from {{ ref('int_indicator_panel_filled') }}
    group by indicator

),

final as (

    select
        catalog.indicator,
        catalog.indicator_name,
        catalog.subsystem,
        catalog.dimension,
        catalog.direction,
        catalog.unit,
        catalog.description,
        catalog.source_indicator,
        catalog.denominator_indicator,
        cast(catalog.multiplier as double) as multiplier,
        cast(coalesce(value_counts.n_observed, 0) as integer) as n_observed,
        cast(coalesce(value_counts.n_interpolated, 0) as integer) as n_interpolated
    from catalog
    left join value_counts
        on value_counts.indicator = catalog.indicator

)

select * from final
