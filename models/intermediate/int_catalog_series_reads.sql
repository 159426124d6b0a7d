-- One row per catalog indicator and raw series it reads: its source series and, for a
-- ratio, its denominator series. The one place that says which raw series the
-- indicator system uses - for validation (unread series, recipes without data), for
-- the panel grid (only read series span it) and for the input audit.

with

catalog as (

    select
        indicator,
        source_indicator,
        denominator_indicator
    from {{ ref('stg_indicator_catalog') }}

),

reads as (

    select
        indicator as catalog_indicator,
        source_indicator as raw_indicator,
        'source' as read_role
    from catalog
    where source_indicator is not null

    union all

    select
        indicator,
        denominator_indicator,
        'denominator'
    from catalog
    where denominator_indicator is not null

)

select * from reads
