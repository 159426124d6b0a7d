-- One row per region of the panel, with its group for heterogeneity analyses. Every
-- region in the input values appears, also one the region catalog does not describe
-- (its group columns are then null).
-- depends_on: {{ ref('int_input_issues') }}  (no computation before validation)

with

panel_regions as (

    select distinct region
    from {{ ref('stg_indicator_values') }}

),

region_catalog as (

    select
        region,
        region_name_zh,
        region_group,
        is_municipality
    from {{ ref('stg_regions') }}

),

final as (

    select
        panel_regions.region,
        region_catalog.region_name_zh,
        region_catalog.region_group,
        region_catalog.is_municipality
    from panel_regions
    left join region_catalog
        on region_catalog.region = panel_regions.region

)

select * from final
