{#-
    The body of a test that explains itself. Runs `failing_sql`; if it returns rows,
    stops the build (or, with warn_only, logs a warning) with `summary` and one line per
    row - the SQL expressions `message` and `remedy` evaluated on it - listing at most
    `max_listed` rows and counting the rest. Returns `failing_sql`, so the test's status
    and `--store-failures` work as for any test.
-#}
{% macro raise_for_rows(failing_sql, summary, message, remedy, warn_only=false,
    max_listed=25) %}
    {%- if execute -%}
        {%- set counted = run_query(
            'select count(*) from (' ~ failing_sql ~ ') as f'
        ) -%}
        {%- set total = counted.columns[0].values()[0] | int -%}
        {%- if total > 0 -%}
            {%- set listed = run_query(
                'select ' ~ message ~ ' as message, ' ~ remedy ~ ' as remedy from ('
                ~ failing_sql ~ ') as f order by 1 limit ' ~ max_listed
            ) -%}
            {%- set lines = [summary ~ ' (' ~ total ~ ' found):'] -%}
            {%- for row in listed.rows -%}
                {%- do lines.append('  - ' ~ row[0] ~ (
                    ('\n      what to do: ' ~ row[1]) if row[1] else ''
                )) -%}
            {%- endfor -%}
            {%- if total > max_listed -%}
                {%- do lines.append('  ... and ' ~ (total - max_listed) ~ ' more') -%}
            {%- endif -%}
            {%- if warn_only -%}
                {%- do exceptions.warn(lines | join('\n')) -%}
            {%- else -%}
                {{ exceptions.raise_compiler_error(lines | join('\n')) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {{ failing_sql }}
{% endmacro %}
