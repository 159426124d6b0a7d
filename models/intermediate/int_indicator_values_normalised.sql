-- One row per region, year and catalog indicator: the value min-max normalised with its
-- direction (METHODS.md section 1),
--     positive: x' = (x - min) / (max - min)    negative: x' = (max - x) / (max - min)
-- with min and max taken over the entropy group: all region-years of the indicator when
-- entropy_scope = 'panel', the regions of one year when it is 'year' (entropy_year is
-- then the year, else null). A constant indicator (max = min) has x' null and
-- is_constant true: it carries no information and gets weight 0.
{%- set settings = ccd_settings() %}

with

panel as (

    select
        region,
        year,
        indicator,
        value,
        value_status
    from {{ ref('int_indicator_panel_filled') }}

),

catalog as (

    select
        indicator,
        subsystem,
        dimension,
        direction
    from {{ ref('stg_indicator_catalog') }}

),

catalog_values as (

    select
        panel.region,
        panel.year,
        panel.indicator,
        catalog.subsystem,
        catalog.dimension,
        catalog.direction,
        panel.value,
        panel.value_status,
        {% if settings.entropy_scope == 'year' -%}
        panel.year
        {%- else -%}
        cast(null as integer)
        {%- endif %} as entropy_year
    from panel
    inner join catalog
        on catalog.indicator = panel.indicator

),

group_ranges as (

    select
        region,
        year,
        indicator,
        subsystem,
        dimension,
        direction,
        value,
        value_status,
        entropy_year,
        min(value) over (partition by indicator, entropy_year) as min_value,
        max(value) over (partition by indicator, entropy_year) as max_value
    from catalog_values

),

normalised as (

    select
        region,
        year,
        indicator,
        subsystem,
        dimension,
        direction,
        value,
        value_status,
        entropy_year,
        min_value,
        max_value,
        max_value = min_value as is_constant,
        case
            when max_value = min_value then null
            when direction = 'negative'
                then (max_value - value) / (max_value - min_value)
            else (value - min_value) / (max_value - min_value)
        end as normalised_value
    from group_ranges

)

select * from normalised
