-- Every subsystem (in every year, in year scope) has at least one indicator that is not
-- constant: otherwise all its divergences are 0, its weights undefined and its index
-- meaningless. Stops the build naming the subsystem.

{%- set failing_sql %}
    select
        subsystem,
        entropy_year,
        count(*) as n_indicators
    from {{ ref('int_indicator_entropy') }}
    group by subsystem, entropy_year
    having sum(case when is_constant then 0 else 1 end) = 0
{%- endset %}

{{ raise_for_rows(
    failing_sql,
    summary='Subsystems without a usable indicator; nothing was published',
    message="'subsystem ''' || subsystem || '''' || coalesce(', year '
        || cast(entropy_year as string), '') || ': all ' || cast(n_indicators as string)
        || ' indicator(s) are constant, so no weight can be computed'",
    remedy="'add indicators that vary across regions and years to this subsystem'",
) }}
