-- One row per indicator (and per year when entropy_scope = 'year'): its entropy weight
-- with the full provenance of how it was computed (METHODS.md section 3),
--     w_j = d_j / sum of d over the indicators of the same subsystem (and year)
-- so the weights of each subsystem sum to 1 and each subsystem index lies in [0, 1].
-- Constant indicators have d = 0 and so w = 0 (a warning test names them).
{%- set settings = ccd_settings() %}

with

entropy as (

    select
        indicator,
        subsystem,
        dimension,
        direction,
        entropy_year,
        n_observations,
        min_value,
        max_value,
        is_constant,
        entropy_k,
        entropy,
        divergence
    from {{ ref('int_indicator_entropy') }}

),

panel_cells as (

    select
        indicator,
        {% if settings.entropy_scope == 'year' -%}
        year
        {%- else -%}
        cast(null as integer)
        {%- endif %} as entropy_year,
        value_status
    from {{ ref('int_indicator_panel_filled') }}

),

interpolation_counts as (

    select
        indicator,
        entropy_year,
        sum(case when value_status = 'interpolated' then 1 else 0 end)
            as n_interpolated
    from panel_cells
    group by indicator, entropy_year

),

weighted as (

    select
        entropy.indicator,
        entropy.entropy_year as year,
        entropy.subsystem,
        entropy.dimension,
        entropy.direction,
        entropy.n_observations,
        coalesce(interpolation_counts.n_interpolated, 0) as n_interpolated,
        entropy.min_value,
        entropy.max_value,
        entropy.is_constant,
        entropy.entropy_k,
        entropy.entropy,
        entropy.divergence,
        entropy.divergence / nullif(
            sum(entropy.divergence) over (
                partition by entropy.subsystem, entropy.entropy_year
            ),
            0
        ) as weight
    from entropy
    left join interpolation_counts
        on
            interpolation_counts.indicator = entropy.indicator
            {%- if settings.entropy_scope == 'year' %}
            and interpolation_counts.entropy_year = entropy.entropy_year
            {%- endif %}

),

final as (

    select
        indicator,
        cast(year as integer) as year,
        subsystem,
        dimension,
        direction,
        cast(n_observations as integer) as n_observations,
        cast(n_interpolated as integer) as n_interpolated,
        cast(min_value as double) as min_value,
        cast(max_value as double) as max_value,
        is_constant,
        cast(entropy_k as double) as entropy_k,
        cast(entropy as double) as entropy,
        cast(divergence as double) as divergence,
        cast(weight as double) as weight,
        '{{ settings.entropy_scope }}' as entropy_scope,
        '{{ settings.zero_policy }}' as zero_policy,
        cast(
            {{ settings.zero_shift_epsilon if settings.zero_policy == 'shift'
                else 'null' }} as double
        ) as zero_shift_epsilon
    from weighted

)

select * from final
