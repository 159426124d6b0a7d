-- The dimension indices of a subsystem add up to its development index (METHODS.md
-- section 4), within 1e-12. Returns the region-years and subsystems where they do not.

with

dimension_totals as (

    select
        region,
        year,
        subsystem,
        sum(development_index) as dimension_total
    from {{ ref('fct_dimension_index') }}
    group by region, year, subsystem

),

subsystem_index as (

    select
        region,
        year,
        subsystem,
        development_index
    from {{ ref('fct_subsystem_index') }}

),

mismatches as (

    select
        subsystem_index.region,
        subsystem_index.year,
        subsystem_index.subsystem,
        subsystem_index.development_index,
        dimension_totals.dimension_total
    from subsystem_index
    full outer join dimension_totals
        on
            dimension_totals.region = subsystem_index.region
            and dimension_totals.year = subsystem_index.year
            and dimension_totals.subsystem = subsystem_index.subsystem
    where
        dimension_totals.dimension_total is null
        or subsystem_index.development_index is null
        or abs(dimension_totals.dimension_total - subsystem_index.development_index)
        > 1e-12

)

select * from mismatches
