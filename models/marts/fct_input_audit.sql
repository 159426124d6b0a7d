-- One row per input value and one per filled cell: what became of every value of the
-- input panel, so that nothing is lost silently. Input values (audit_kind
-- 'input_value', one per row of a long file or cell of a wide one) are
--   used      the value entered at least one catalog indicator (named in
--             catalog_indicators);
--   excluded  it did not, and detail says why: its series is excluded with a reason
--             or allowed unused, it is an empty cell of a wide file (not observed), or
--             its ratio partner of the same region-year is missing or zero (the
--             indicator value is then a gap, filled or refused by the gap policy).
-- Filled cells (audit_kind 'filled_cell') are the catalog indicator values that no
-- input gave, interpolated as detail says. The input_value rows reconcile one to one
-- with stg_indicator_values (a test proves it).

with

raw_values as (

    select
        input_row_number,
        region,
        year,
        indicator,
        value_text,
        is_empty_cell
    from {{ ref('stg_indicator_values') }}

),

catalog_reads as (

    select distinct
        catalog_indicator,
        raw_indicator
    from {{ ref('int_catalog_series_reads') }}

),

exclusions as (

    select
        indicator,
        reason
    from {{ ref('stg_indicator_exclusions') }}

),

derived_values as (

    select
        region,
        year,
        indicator
    from {{ ref('int_indicator_values_derived') }}

),

value_uses as (

    select
        raw_values.input_row_number,
        raw_values.indicator,
        count(catalog_reads.catalog_indicator) as n_catalog_reads,
        {{ aggregate_text(
            'case when derived_values.indicator is not null'
            ~ ' then catalog_reads.catalog_indicator end'
        ) }} as catalog_indicators
    from raw_values
    left join catalog_reads
        on catalog_reads.raw_indicator = raw_values.indicator
    left join derived_values
        on
            derived_values.indicator = catalog_reads.catalog_indicator
            and derived_values.region = raw_values.region
            and derived_values.year = raw_values.year
    group by raw_values.input_row_number, raw_values.indicator

),

input_values as (

    select
        'input_value' as audit_kind,
        raw_values.input_row_number,
        raw_values.region,
        raw_values.year,
        raw_values.indicator,
        raw_values.value_text,
        case
            when raw_values.is_empty_cell then 'excluded'
            when value_uses.catalog_indicators is not null then 'used'
            else 'excluded'
        end as status,
        value_uses.catalog_indicators,
        case
            when raw_values.is_empty_cell
                then 'empty cell of the wide file: not observed'
            when value_uses.catalog_indicators is not null
                then 'enters ' || value_uses.catalog_indicators
            when value_uses.n_catalog_reads = 0 and exclusions.reason is not null
                then 'series excluded: ' || exclusions.reason
            when value_uses.n_catalog_reads = 0
                then 'series not read by the catalog (allow_unused_indicators)'
            else 'its ratio partner of the same region and year is missing or zero,'
                || ' so the indicator value is a gap'
        end as detail
    from raw_values
    inner join value_uses
        on
            value_uses.input_row_number = raw_values.input_row_number
            and value_uses.indicator = raw_values.indicator
    left join exclusions
        on exclusions.indicator = raw_values.indicator

),

filled_cells as (

    select
        'filled_cell' as audit_kind,
        cast(null as integer) as input_row_number,
        region,
        year,
        indicator,
        cast(null as string) as value_text,
        value_status as status,
        indicator as catalog_indicators,
        'interpolated linearly between ' || cast(interpolated_from_year as string)
        || ' and ' || cast(interpolated_to_year as string) as detail
    from {{ ref('int_indicator_panel_filled') }}
    where value_status = 'interpolated'

),

final as (

    select * from input_values
    union all
    select * from filled_cells

)

select
    audit_kind,
    cast(input_row_number as integer) as input_row_number,
    region,
    cast(year as integer) as year,
    indicator,
    value_text,
    status,
    catalog_indicators,
    detail
from final
