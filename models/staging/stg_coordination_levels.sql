-- One row per coordination level band of D: lower-inclusive [lower_bound, upper_bound),
-- the top band closed. Default: the 10-level scheme of Tian et al. (2021), Acta
-- Geographica Sinica 76(4); swap the seed coordination_levels for another scheme.

with

levels as (

    select
        cast(coordination_level as integer) as coordination_level,
        cast(lower_bound as double) as lower_bound,
        cast(upper_bound as double) as upper_bound,
        cast(level_name_zh as string) as level_name_zh,
        cast(level_name_en as string) as level_name_en
    from {{ ref('coordination_levels') }}

)

select * from levels
