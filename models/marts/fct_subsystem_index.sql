-- One row per region, year and subsystem: the subsystem's comprehensive development
-- index U_s = sum over its indicators of w_j x'_j (METHODS.md section 4), built as the
-- sum of its dimension indices. Lies in [0, 1] because the weights of a subsystem sum
-- to 1 and every x' lies in [0, 1].

with

dimension_index as (

    select
        region,
        year,
        subsystem,
        development_index
    from {{ ref('fct_dimension_index') }}

),

subsystem_index as (

    select
        region,
        year,
        subsystem,
        count(*) as n_dimensions,
        sum(development_index) as development_index
    from dimension_index
    group by region, year, subsystem

),

final as (

    select
        region,
        cast(year as integer) as year,
        subsystem,
        cast(n_dimensions as integer) as n_dimensions,
        cast(development_index as double) as development_index
    from subsystem_index

)

select * from final
