-- One row per problem found in the inputs, before any computation: the values, the
-- indicator catalog, the region catalog and the settings that depend on them. Empty
-- when the inputs are well formed. Every later model depends on this one, and its test
-- stops the build with every message below (the table stays for inspection):
--   values:   empty region or indicator, a year that is not a whole number, a value
--             that is empty (long form), not a number, NaN or infinite; duplicate
--             (region, year, indicator) rows; a raw series that no catalog indicator
--             reads and that is neither excluded with a reason nor allowed;
--   catalog:  a blank or duplicate indicator, a missing subsystem or dimension, a
--             direction other than positive/negative/1/-1, a multiplier that is not a
--             positive number, a raw series the recipe reads that has no data; fewer
--             than two subsystems;
--   settings: subsystem_weights naming subsystems the catalog lacks or missing one;
--             fewer than two samples for an entropy computation.
{%- set settings = ccd_settings() %}

with

raw_values as (

    select
        input_row_number,
        input_form,
        region,
        year_text,
        year,
        indicator,
        value_text,
        value,
        is_empty_cell
    from {{ ref('stg_indicator_values') }}

),

catalog as (

    select
        catalog_row_number,
        indicator,
        subsystem,
        dimension,
        direction_text,
        direction,
        source_indicator,
        denominator_indicator,
        multiplier_text,
        multiplier,
        'catalog indicator ' || coalesce(
            '''' || indicator || '''', 'on row ' || cast(catalog_row_number as string)
        ) as catalog_label
    from {{ ref('stg_indicator_catalog') }}

),

exclusions as (

    select indicator
    from {{ ref('stg_indicator_exclusions') }}

),

row_locations as (

    select
        raw_values.*,
        'row ' || cast(input_row_number as string)
        || ' (region ' || coalesce('''' || region || '''', 'empty')
        || ', year ' || coalesce(year_text, 'empty')
        || ', indicator ' || coalesce('''' || indicator || '''', 'empty') || ')'
            as location
    from raw_values

),

value_issues as (

    select
        'empty_region' as issue_code,
        input_row_number,
        location || ': the region is empty' as issue_message,
        'give every row a region name' as remedy
    from row_locations
    where region is null or trim(region) = ''

    union all

    select
        'invalid_year',
        input_row_number,
        location || ': the year ' || coalesce('''' || year_text || '''', 'is empty and')
        || ' is not a whole number',
        'write years as whole numbers such as 2013'
    from row_locations
    where year is null

    union all

    select
        'empty_indicator',
        input_row_number,
        location || ': the indicator name is empty',
        'name the indicator of every row'
    from row_locations
    where indicator is null or trim(indicator) = ''

    union all

    select
        'value_not_a_number',
        input_row_number,
        location || case
            when nullif(trim(value_text), '') is null then ': the value is empty'
            when value is null
                then ': the value ''' || value_text || ''' is not a number'
            else ': the value ''' || value_text || ''' is not a finite number'
        end,
        case
            when nullif(trim(value_text), '') is null
                then 'delete the row (a missing observation is a row that is absent)'
                || ' or fill in the value'
            else 'write the value as a plain number (no units, no thousands separators)'
        end
    from row_locations
    where
        not is_empty_cell
        and (value is null or not (value - value = 0))

),

duplicate_rows as (

    select
        'duplicate_row' as issue_code,
        min(input_row_number) as input_row_number,
        'region ''' || region || ''', year ' || cast(year as string)
        || ', indicator ''' || indicator || ''' appears ' || cast(count(*) as string)
        || ' times (rows ' || {{ aggregate_text('input_row_number') }} || ')'
            as issue_message,
        'keep exactly one row per region, year and indicator' as remedy
    from raw_values
    where region is not null and year is not null and indicator is not null
    group by region, year, indicator
    having count(*) > 1

),

catalog_reads as (

    select
        catalog_indicator,
        raw_indicator
    from {{ ref('int_catalog_series_reads') }}

),

raw_series as (

    select
        indicator,
        count(*) as n_rows
    from raw_values
    where indicator is not null
    group by indicator

),

series_issues as (

    select
        'indicator_not_in_catalog' as issue_code,
        cast(null as integer) as input_row_number,
        'the values hold the series ''' || raw_series.indicator || ''' ('
        || cast(raw_series.n_rows as string) || ' row(s)), which no catalog indicator'
        || ' reads' as issue_message,
        'add it to the catalog, list it with a reason in the exclusions file'
        || ' (var indicator_exclusions_path), or set allow_unused_indicators: true'
            as remedy
    from raw_series
    left join catalog_reads
        on catalog_reads.raw_indicator = raw_series.indicator
    left join exclusions
        on exclusions.indicator = raw_series.indicator
    where
        catalog_reads.raw_indicator is null
        and exclusions.indicator is null
        and not {{ 'true' if settings.allow_unused_indicators else 'false' }}

),

recipe_issues as (

    select
        'catalog_series_without_data' as issue_code,
        cast(null as integer) as input_row_number,
        'catalog indicator ''' || catalog_reads.catalog_indicator
        || ''' reads the series ''' || catalog_reads.raw_indicator
        || ''', which has no rows in the values'
            as issue_message,
        'add the series to the values, fix the name in the catalog, or remove the'
        || ' indicator from the catalog' as remedy
    from catalog_reads
    left join raw_series
        on raw_series.indicator = catalog_reads.raw_indicator
    where raw_series.indicator is null

),

catalog_issues as (

    select
        'catalog_empty_indicator' as issue_code,
        cast(null as integer) as input_row_number,
        'catalog row ' || cast(catalog_row_number as string)
        || ': the indicator name is empty' as issue_message,
        'name every indicator of the catalog' as remedy
    from catalog
    where indicator is null

    union all

    select
        'catalog_duplicate_indicator',
        cast(null as integer),
        'catalog indicator ''' || indicator || ''' is defined '
        || cast(count(*) as string) || ' times',
        'define each indicator once'
    from catalog
    where indicator is not null
    group by indicator
    having count(*) > 1

    union all

    select
        'catalog_missing_subsystem',
        cast(null as integer),
        catalog_label || ' has no subsystem',
        'give every indicator a subsystem (for example digital or real)'
    from catalog
    where subsystem is null

    union all

    select
        'catalog_missing_dimension',
        cast(null as integer),
        catalog_label || ' has no dimension',
        'give every indicator a dimension within its subsystem'
    from catalog
    where dimension is null

    union all

    select
        'catalog_invalid_direction',
        cast(null as integer),
        catalog_label || ' has the direction '
        || coalesce('''' || direction_text || '''', 'empty')
        || ', which is not allowed',
        'use positive or negative (or 1 and -1)'
    from catalog
    where direction is null

    union all

    select
        'catalog_invalid_multiplier',
        cast(null as integer),
        catalog_label || ' has the multiplier '''
        || multiplier_text || ''', which is not a positive number',
        'use a positive number, or leave the multiplier empty for 1'
    from catalog
    where multiplier is null or not (multiplier > 0 and multiplier - multiplier = 0)

),

catalog_subsystems as (

    select distinct subsystem
    from catalog
    where subsystem is not null

),

structure_issues as (

    select
        'too_few_subsystems' as issue_code,
        cast(null as integer) as input_row_number,
        'the catalog has ' || cast(count(*) as string) || ' subsystem(s) ('
        || coalesce({{ aggregate_text('subsystem') }}, 'none')
        || '); coupling needs at least two' as issue_message,
        'assign the indicators to at least two subsystems' as remedy
    from catalog_subsystems
    having count(*) < 2

    union all

    select
        'too_few_samples',
        cast(null as integer),
        {% if settings.entropy_scope == 'year' -%}
        'entropy_scope year computes one entropy per year over the regions, but the'
        || ' values hold ' || cast(count(distinct region) as string) || ' region(s)'
        {%- else -%}
        'the values hold ' || cast(count(distinct region) as string)
        || ' region(s) and ' || cast(count(distinct year) as string)
        || ' year(s): fewer than the two samples an entropy needs'
        {%- endif %},
        'add regions or years (entropy weights need at least two samples)'
    from raw_values
    having
        {% if settings.entropy_scope == 'year' -%}
        count(distinct region) < 2
        {%- else -%}
        count(distinct region) * count(distinct year) < 2
        {%- endif %}

    {% if settings.subsystem_weights %}
    {%- set named = settings.subsystem_weights.keys() | list %}

    union all

    select
        'subsystem_weights_mismatch',
        cast(null as integer),
        'var subsystem_weights gives no weight to the catalog subsystem '''
        || subsystem || '''',
        'name every catalog subsystem in subsystem_weights, or leave it null'
    from catalog_subsystems
    where subsystem not in (
        {%- for name in named %}{{ sql_string_literal(name) }}
        {{- ', ' if not loop.last }}{% endfor -%}
    )

    {% for name in named %}
    union all

    select
        'subsystem_weights_mismatch',
        cast(null as integer),
        'var subsystem_weights names the subsystem ' || {{ sql_string_literal(
            "'" ~ name ~ "'") }} || ', which the catalog does not have',
        'use the subsystem names of the catalog: '
        || (select {{ aggregate_text('subsystem') }} from catalog_subsystems)
    from (select 1 as placeholder) as single_row
    where
        {{ sql_string_literal(name) }}
        not in (select subsystem from catalog_subsystems)
    {% endfor %}
    {% endif %}

),

issues as (

    select 'values' as input_name, * from value_issues
    union all
    select 'values', * from duplicate_rows
    union all
    select 'values', * from series_issues
    union all
    select 'catalog', * from recipe_issues
    union all
    select 'catalog', * from catalog_issues
    union all
    select 'panel', * from structure_issues

)

select * from issues
