-- One row per region and year: the coupling degree C of its n subsystem indices under
-- every model of METHODS.md section 5, and the coordination index T, so that robustness
-- tables can compare models on the same indices:
--     standard  C = n (prod U)^(1/n) / sum U
--     wang2021  C = sqrt( (1 - mean pairwise |U_i - U_j|) P^(1/(n-1)) ), where
--               P = prod_i (U_i / max U) (two systems: P = min / max)
--               (Wang Shujia et al. 2021, J. Natural Resources 36(3))
--     fan2024   C = 1 - 2 sigma(U), sigma the population standard deviation taken in
--               two passes (Fan, Ke & Cao 2024, Statistics and Decision 40)
--     T = sum alpha_s U_s
-- All U = 0 leaves C undefined: every C is null and is_coupling_undefined is true.

with

subsystem_index as (

    select
        region,
        year,
        subsystem,
        development_index
    from {{ ref('fct_subsystem_index') }}

),

subsystem_weights as (

    select
        subsystem,
        alpha
    from {{ ref('int_subsystem_weights') }}

),

index_summary as (

    select
        subsystem_index.region,
        subsystem_index.year,
        count(*) as n_subsystems,
        sum(subsystem_index.development_index) as index_total,
        avg(subsystem_index.development_index) as index_mean,
        max(subsystem_index.development_index) as index_max,
        {{ product_aggregate('subsystem_index.development_index') }} as index_product,
        sum(subsystem_weights.alpha * subsystem_index.development_index)
            as coordination_index
    from subsystem_index
    left join subsystem_weights
        on subsystem_weights.subsystem = subsystem_index.subsystem
    group by subsystem_index.region, subsystem_index.year

),

index_spread as (

    select
        subsystem_index.region,
        subsystem_index.year,
        avg(
            (subsystem_index.development_index - index_summary.index_mean)
            * (subsystem_index.development_index - index_summary.index_mean)
        ) as index_variance
    from subsystem_index
    inner join index_summary
        on
            index_summary.region = subsystem_index.region
            and index_summary.year = subsystem_index.year
    group by subsystem_index.region, subsystem_index.year

),

pair_differences as (

    select
        first_index.region,
        first_index.year,
        avg(abs(first_index.development_index - second_index.development_index))
            as mean_pair_difference
    from subsystem_index as first_index
    inner join subsystem_index as second_index
        on
            second_index.region = first_index.region
            and second_index.year = first_index.year
            and second_index.subsystem > first_index.subsystem
    group by first_index.region, first_index.year

),

coupling as (

    select
        index_summary.region,
        index_summary.year,
        index_summary.n_subsystems,
        index_summary.coordination_index,
        index_summary.index_max = 0 as is_coupling_undefined,
        case
            when index_summary.index_max > 0
                then index_summary.n_subsystems
                    * power(
                        index_summary.index_product, 1.0 / index_summary.n_subsystems
                    )
                    / index_summary.index_total
        end as coupling_standard,
        case
            when index_summary.index_max > 0
                then sqrt(
                    (1 - pair_differences.mean_pair_difference)
                    * power(
                        index_summary.index_product
                        / power(index_summary.index_max, index_summary.n_subsystems),
                        1.0 / nullif(index_summary.n_subsystems - 1, 0)
                    )
                )
        end as coupling_wang2021,
        case
            when index_summary.index_max > 0
                then 1 - 2 * sqrt(index_spread.index_variance)
        end as coupling_fan2024
    from index_summary
    inner join index_spread
        on
            index_spread.region = index_summary.region
            and index_spread.year = index_summary.year
    left join pair_differences
        on
            pair_differences.region = index_summary.region
            and pair_differences.year = index_summary.year

)

select * from coupling
