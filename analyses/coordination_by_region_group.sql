-- Mean coordination degree D by region group and year (eastern coastal vs central, and
-- municipalities), with the spread within each group: a first look at regional
-- heterogeneity. Compile with `dbt compile` and run the SQL in target/compiled, or
-- query the published marts directly.

with

coupling as (

    select
        region,
        year,
        coordination_degree
    from {{ ref('fct_coupling_coordination') }}
    where not is_coupling_undefined

),

regions as (

    select
        region,
        region_group,
        is_municipality
    from {{ ref('dim_regions') }}

),

grouped as (

    select
        coalesce(regions.region_group, 'ungrouped') as region_group,
        coupling.year,
        count(*) as n_regions,
        avg(coupling.coordination_degree) as mean_coordination_degree,
        min(coupling.coordination_degree) as min_coordination_degree,
        max(coupling.coordination_degree) as max_coordination_degree
    from coupling
    left join regions
        on regions.region = coupling.region
    group by coalesce(regions.region_group, 'ungrouped'), coupling.year

)

select * from grouped
order by region_group, year
