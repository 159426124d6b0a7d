-- One row per input value: the raw panel in source units, exactly as given, with the
-- text of each cell kept beside its typed value so that input validation can say which
-- cells are not numbers. No row is dropped or merged here.
-- Source: the bundled seed provincial_indicators (real published statistics, see
-- seeds/raw/PROVENANCE.md) or, when the var indicator_values_path is set, the user's
-- CSV or Parquet file, in either form (told apart by its columns, any letter case):
--   long: region, year, indicator, value - one row per region, year and indicator;
--   wide: region, year and one column per indicator - each cell becomes a row here,
--         and an empty cell means "not observed" (kept, flagged is_empty_cell).
-- input_row_number is the data row of the file (1 = the first row after the header).
{%- set settings = ccd_settings() %}
{%- set path = settings.indicator_values_path %}

with

{% if path %}
{%- set columns = input_file_columns(path, keep_case=true) %}
{%- set lowered = columns | map('lower') | list %}
{%- set key_columns = {} %}
{%- for column in columns %}
    {%- if column | lower in ['region', 'year', 'indicator', 'value'] %}
        {%- do key_columns.update({column | lower: column}) %}
    {%- endif %}
{%- endfor %}
{%- set is_long = 'indicator' in lowered and 'value' in lowered %}
{%- if execute %}
    {%- set missing = [] %}
    {%- for required in (['region', 'year', 'indicator', 'value'] if is_long
        else ['region', 'year']) %}
        {%- if required not in lowered %}{% do missing.append(required) %}{% endif %}
    {%- endfor %}
    {%- if missing or (not is_long and columns | length < 3) %}
        {{ exceptions.raise_compiler_error(
            "The values file " ~ (path | tojson) ~ " has the columns "
            ~ (columns | tojson) ~ ". Expected long form (region, year, indicator,"
            ~ " value) or wide form (region, year and one column per indicator)"
            ~ (("; missing: " ~ (missing | join(', '))) if missing else "") ~ "."
        ) }}
    {%- endif %}
{%- endif %}

numbered_rows as (

    select
        {{ input_row_number() }} as input_row_number,
        *
    from {{ read_input_file(path) }}

),

source_values as (

    {% if is_long or not execute -%}
    select
        input_row_number,
        'long' as input_form,
        {{ quote_identifier(key_columns.get('region', 'region')) }} as region,
        {{ quote_identifier(key_columns.get('year', 'year')) }} as year,
        {{ quote_identifier(key_columns.get('indicator', 'indicator')) }} as indicator,
        {{ quote_identifier(key_columns.get('value', 'value')) }} as value
    from numbered_rows
    {%- else -%}
    {%- for column in columns if column | lower not in ['region', 'year'] %}
    select
        input_row_number,
        'wide' as input_form,
        {{ quote_identifier(key_columns.region) }} as region,
        {{ quote_identifier(key_columns.year) }} as year,
        {{ sql_string_literal(column) }} as indicator,
        {{ quote_identifier(column) }} as value
    from numbered_rows
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {%- endif %}

),
{% else %}
source_values as (

    select
        {{ input_row_number() }} as input_row_number,
        'long' as input_form,
        province as region,
        year,
        indicator,
        value
    from {{ ref('provincial_indicators') }}

),
{% endif %}

typed as (

    select
        cast(input_row_number as integer) as input_row_number,
        input_form,
        cast(region as string) as region,
        cast(year as string) as year_text,
        {{ integer_from_text('cast(year as string)') }} as year,
        cast(indicator as string) as indicator,
        cast(value as string) as value_text,
        try_cast(trim(cast(value as string)) as double) as value,
        input_form = 'wide' and nullif(trim(cast(value as string)), '') is null
            as is_empty_cell
    from source_values

)

select * from typed
