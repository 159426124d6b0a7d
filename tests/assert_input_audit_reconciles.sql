-- Nothing is lost: every input value appears exactly once in fct_input_audit, the audit
-- holds no input value the input does not, and every interpolated panel cell is
-- accounted for as a filled cell. Stops the build naming the unreconciled rows.

{%- set failing_sql %}
    with

    inputs as (
        select input_row_number, indicator, count(*) as n_rows
        from {{ ref('stg_indicator_values') }}
        group by input_row_number, indicator
    ),

    audited as (
        select input_row_number, indicator, count(*) as n_rows
        from {{ ref('fct_input_audit') }}
        where audit_kind = 'input_value'
        group by input_row_number, indicator
    ),

    value_mismatches as (
        select
            coalesce(inputs.input_row_number, audited.input_row_number)
                as input_row_number,
            coalesce(inputs.indicator, audited.indicator) as indicator,
            coalesce(inputs.n_rows, 0) as n_input,
            coalesce(audited.n_rows, 0) as n_audited
        from inputs
        full outer join audited
            on
                audited.input_row_number = inputs.input_row_number
                and audited.indicator = inputs.indicator
        where coalesce(inputs.n_rows, 0) <> coalesce(audited.n_rows, 0)
    ),

    filled as (
        select count(*) as n_rows
        from {{ ref('int_indicator_panel_filled') }}
        where value_status = 'interpolated'
    ),

    audited_filled as (
        select count(*) as n_rows
        from {{ ref('fct_input_audit') }}
        where audit_kind = 'filled_cell'
    ),

    filled_mismatch as (
        select
            cast(null as integer) as input_row_number,
            'filled cells' as indicator,
            filled.n_rows as n_input,
            audited_filled.n_rows as n_audited
        from filled
        cross join audited_filled
        where filled.n_rows <> audited_filled.n_rows
    )

    select * from value_mismatches
    union all
    select * from filled_mismatch
{%- endset %}

{{ raise_for_rows(
    failing_sql,
    summary='The input audit does not reconcile with the input',
    message="coalesce('row ' || cast(input_row_number as string) || ', ', '')
        || indicator || ': ' || cast(n_input as string) || ' in the input, '
        || cast(n_audited as string) || ' in fct_input_audit'",
    remedy="'a defect of the project, not of your data: please report it'",
) }}
