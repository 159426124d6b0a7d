-- One row per region, year, subsystem and dimension: the dimension's development index
-- (METHODS.md section 4),
--     U(s, dim) = sum over indicators j of the dimension of w_j x'_j
-- with the entropy weights normalised within the whole subsystem, so the dimension
-- indices of a subsystem add up to its subsystem index. Constant indicators add 0.
{%- set settings = ccd_settings() %}

with

normalised as (

    select
        region,
        year,
        indicator,
        subsystem,
        dimension,
        normalised_value
    from {{ ref('int_indicator_values_normalised') }}

),

weights as (

    select
        indicator,
        year,
        weight
    from {{ ref('fct_indicator_weights') }}

),

weighted_values as (

    select
        normalised.region,
        normalised.year,
        normalised.subsystem,
        normalised.dimension,
        coalesce(weights.weight * normalised.normalised_value, 0) as weighted_value
    from normalised
    inner join weights
        on
            weights.indicator = normalised.indicator
            {%- if settings.entropy_scope == 'year' %}
            and weights.year = normalised.year
            {%- endif %}

),

dimension_index as (

    select
        region,
        year,
        subsystem,
        dimension,
        count(*) as n_indicators,
        sum(weighted_value) as development_index
    from weighted_values
    group by region, year, subsystem, dimension

),

final as (

    select
        region,
        cast(year as integer) as year,
        subsystem,
        dimension,
        cast(n_indicators as integer) as n_indicators,
        cast(development_index as double) as development_index
    from dimension_index

)

select * from final
