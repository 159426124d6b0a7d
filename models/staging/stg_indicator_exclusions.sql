-- One row per raw series deliberately left out of the indicator system, with the
-- reason. Source: the seed indicator_exclusions (for the bundled panel) or the user's
-- file named by indicator_exclusions_path (columns indicator, reason). A user panel
-- without such a file has none. Raw series neither read by the catalog nor listed here
-- stop the build unless allow_unused_indicators is true; either way fct_input_audit
-- records why each of their rows was not used.
{%- set settings = ccd_settings() %}

with

source_exclusions as (

    {% if settings.indicator_exclusions_path %}
    {{ select_from_input_file(
        settings.indicator_exclusions_path, ['indicator', 'reason'], [],
        'indicator exclusions',
    ) }}
    {% else %}
    {{ select_bundled_reference('indicator_exclusions', ['indicator', 'reason']) }}
    {% endif %}

),

typed as (

    select
        cast(indicator as string) as indicator,
        cast(reason as string) as reason
    from source_exclusions

)

select * from typed
