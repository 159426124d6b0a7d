-- One row per coupling stage band of C: upper-inclusive (lower_bound, upper_bound], the
-- bottom band also holding C = 0. Source: the seed coupling_stages (same scheme as the
-- coordination levels, Tian et al. 2021).

with

stages as (

    select
        cast(coupling_stage as string) as coupling_stage,
        cast(lower_bound as double) as lower_bound,
        cast(upper_bound as double) as upper_bound,
        cast(stage_name_zh as string) as stage_name_zh,
        cast(stage_name_en as string) as stage_name_en
    from {{ ref('coupling_stages') }}

)

select * from stages
