-- One row per subsystem of the catalog: its weight alpha in the coordination index
-- T = sum alpha_s U_s. From the var subsystem_weights when set (validated to sum to 1;
-- a catalog subsystem it does not name gets a null alpha, which fails the tests), else
-- equal weights 1/n.
{%- set settings = ccd_settings() %}
-- depends_on: {{ ref('int_input_issues') }}  (no computation before validation)

with

catalog_subsystems as (

    select distinct subsystem
    from {{ ref('stg_indicator_catalog') }}

),

{% if settings.subsystem_weights %}
configured_weights as (

    {% for subsystem, alpha in settings.subsystem_weights.items() -%}
    select
        {{ sql_string_literal(subsystem) }} as subsystem,
        cast({{ alpha }} as double) as alpha
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

weights as (

    select
        catalog_subsystems.subsystem,
        configured_weights.alpha,
        'configured' as alpha_source
    from catalog_subsystems
    left join configured_weights
        on configured_weights.subsystem = catalog_subsystems.subsystem

)
{% else %}
weights as (

    select
        subsystem,
        1.0 / count(*) over () as alpha,
        'equal' as alpha_source
    from catalog_subsystems

)
{% endif %}

select * from weights
