-- One row per indicator and entropy group (entropy_year null in panel scope): the
-- information entropy of its normalised values (METHODS.md sections 2-3),
--     z = x' (zero_policy 'limit') or x' + epsilon (zero_policy 'shift')
--     p = z / sum z,   k = 1 / ln m,   e = -k sum p ln p  (0 ln 0 = 0),   d = 1 - e
-- m is the number of region-years in the group. A constant indicator has the uniform
-- p = 1/m, so e = 1 and d = 0 exactly. m < 2 leaves k and e null (and fails the tests).
{%- set settings = ccd_settings() %}

with

normalised as (

    select
        indicator,
        subsystem,
        dimension,
        direction,
        entropy_year,
        min_value,
        max_value,
        is_constant,
        {% if settings.zero_policy == 'shift' -%}
        normalised_value + {{ settings.zero_shift_epsilon }}
        {%- else -%}
        normalised_value
        {%- endif %} as entropy_input
    from {{ ref('int_indicator_values_normalised') }}

),

shares as (

    select
        indicator,
        subsystem,
        dimension,
        direction,
        entropy_year,
        min_value,
        max_value,
        is_constant,
        count(*) over (partition by indicator, entropy_year) as n_observations,
        entropy_input / nullif(
            sum(entropy_input) over (partition by indicator, entropy_year), 0
        ) as share
    from normalised

),

entropy_sums as (

    select
        indicator,
        subsystem,
        dimension,
        direction,
        entropy_year,
        min(min_value) as min_value,
        max(max_value) as max_value,
        bool_and(is_constant) as is_constant,
        max(n_observations) as n_observations,
        sum(case when share > 0 then share * ln(share) else 0 end) as share_log_sum
    from shares
    group by indicator, subsystem, dimension, direction, entropy_year

),

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
        1 / nullif(ln(n_observations), 0) as entropy_k,
        case
            when n_observations < 2 then null
            when is_constant then 1.0
            -- 0 - s, not -s: no negative zero when every p is 0 or 1
            else (0 - share_log_sum) / ln(n_observations)
        end as entropy
    from entropy_sums

),

final as (

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
        1 - entropy as divergence
    from entropy

)

select * from final
