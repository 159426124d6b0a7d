-- One row per region and year: the coupling coordination degree model of its subsystem
-- indices (METHODS.md sections 5-7), under the coupling model chosen by the var
-- coupling_model:
--     C (coupling degree), T = sum alpha_s U_s (coordination index), D = sqrt(C T)
-- D is classified into the bands of coordination_levels ([lower, upper), top band
-- closed) and C into the stages of coupling_stages ((lower, upper], bottom band holding
-- 0). Relative development E = U_numerator / U_denominator (default real / digital):
-- E <= 0.8 real economy lagging, 0.8 < E <= 1.2 synchronous, E > 1.2 digital economy
-- lagging. All U = 0: C, D, level and stage are null and is_coupling_undefined is true.
{%- set settings = ccd_settings() %}

with

coupling_models as (

    select
        region,
        year,
        n_subsystems,
        coordination_index,
        is_coupling_undefined,
        coupling_{{ settings.coupling_model }} as coupling_degree
    from {{ ref('int_coupling_degree_models') }}

),

levels as (

    select
        coordination_level,
        lower_bound,
        upper_bound,
        level_name_zh,
        level_name_en,
        upper_bound = max(upper_bound) over () as is_top_band
    from {{ ref('stg_coordination_levels') }}

),

stages as (

    select
        coupling_stage,
        lower_bound,
        upper_bound,
        stage_name_zh,
        stage_name_en,
        lower_bound = min(lower_bound) over () as is_bottom_band,
        upper_bound = max(upper_bound) over () as is_top_band
    from {{ ref('stg_coupling_stages') }}

),

lag_indices as (

    select
        region,
        year,
        max(
            case
                when subsystem
                    = {{ sql_string_literal(settings.lag_numerator_subsystem) }}
                    then development_index
            end
        ) as numerator_index,
        max(
            case
                when subsystem
                    = {{ sql_string_literal(settings.lag_denominator_subsystem) }}
                    then development_index
            end
        ) as denominator_index
    from {{ ref('fct_subsystem_index') }}
    group by region, year

),

coordination as (

    select
        region,
        year,
        n_subsystems,
        is_coupling_undefined,
        coupling_degree,
        coordination_index,
        sqrt(coupling_degree * coordination_index) as coordination_degree
    from coupling_models

),

classified as (

    select
        coordination.region,
        coordination.year,
        coordination.n_subsystems,
        coordination.coupling_degree,
        coordination.coordination_index,
        coordination.coordination_degree,
        levels.coordination_level,
        levels.level_name_zh,
        levels.level_name_en,
        stages.coupling_stage,
        stages.stage_name_zh,
        stages.stage_name_en,
        coordination.is_coupling_undefined
    from coordination
    left join levels
        on
            coordination.coordination_degree >= levels.lower_bound
            and (
                coordination.coordination_degree < levels.upper_bound
                or levels.is_top_band
            )
    left join stages
        on
            (coordination.coupling_degree > stages.lower_bound or stages.is_bottom_band)
            and (
                coordination.coupling_degree <= stages.upper_bound or stages.is_top_band
            )

),

relative_development as (

    select
        classified.*,
        lag_indices.numerator_index / nullif(lag_indices.denominator_index, 0)
            as relative_development,
        case
            when lag_indices.numerator_index is null
                or lag_indices.denominator_index is null
                then 'not_applicable'
            when lag_indices.denominator_index = 0 and lag_indices.numerator_index = 0
                then 'undefined'
            when lag_indices.denominator_index = 0
                then 'digital_economy_lagging'
            when lag_indices.numerator_index / lag_indices.denominator_index <= 0.8
                then 'real_economy_lagging'
            when lag_indices.numerator_index / lag_indices.denominator_index <= 1.2
                then 'synchronous'
            else 'digital_economy_lagging'
        end as lag_type
    from classified
    left join lag_indices
        on
            lag_indices.region = classified.region
            and lag_indices.year = classified.year

),

final as (

    select
        region,
        cast(year as integer) as year,
        cast(n_subsystems as integer) as n_subsystems,
        '{{ settings.coupling_model }}' as coupling_model,
        cast(coupling_degree as double) as coupling_degree,
        cast(coordination_index as double) as coordination_index,
        cast(coordination_degree as double) as coordination_degree,
        cast(coordination_level as integer) as coordination_level,
        level_name_zh as coordination_level_name_zh,
        level_name_en as coordination_level_name_en,
        coupling_stage,
        stage_name_zh as coupling_stage_name_zh,
        stage_name_en as coupling_stage_name_en,
        cast(relative_development as double) as relative_development,
        lag_type,
        is_coupling_undefined
    from relative_development

)

select * from final
