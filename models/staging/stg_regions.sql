-- One row per region with its group for heterogeneity analyses. Source: the seed
-- regions (the seven bundled provinces and municipalities; groups after the NBS east /
-- centre / west division) or the user's file named by region_catalog_path (columns
-- region and optionally region_name_zh, region_group, is_municipality). A user panel
-- without a region file gets no rows here; dim_regions then lists its regions with null
-- groups.
{%- set settings = ccd_settings() %}
{%- set optional_columns = ['region_name_zh', 'region_group', 'is_municipality'] %}

with

source_regions as (

    {% if settings.region_catalog_path %}
    {{ select_from_input_file(
        settings.region_catalog_path, ['region'], optional_columns, 'region catalog'
    ) }}
    {% else %}
    {{ select_bundled_reference('regions', ['region'] + optional_columns) }}
    {% endif %}

),

typed as (

    select
        cast(region as string) as region,
        cast(region_name_zh as string) as region_name_zh,
        cast(region_group as string) as region_group,
        cast(is_municipality as boolean) as is_municipality
    from source_regions

)

select * from typed
