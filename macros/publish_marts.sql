{#-
    Publish the marts only when a whole run succeeded, so that a failed or partial run
    never leaves BI users with half a result.

    dbt builds the mart models into the schema marts_build. At the end of a `dbt build`
    or `dbt run` (the project's on-run-end hook) this macro copies them, with their
    descriptions as comments, into the published schema (var publish_schema, default
    `marts`) - but only if the run rebuilt every mart and no node errored, failed or was
    skipped (warnings are fine). On DuckDB the copy is one transaction: readers see the
    previous result or the new one, never a mix. Each publication is logged in
    meta.publications with the settings that produced it.
-#}
{% macro publish_marts(results) %}
    {%- if not execute or flags.WHICH not in ['build', 'run'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set settings = ccd_settings() -%}
    {%- set marts = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.fqn[1] == 'marts' -%}
            {%- do marts.append(node) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set problems = [] -%}
    {%- set skipped = [] -%}
    {%- set built = [] -%}
    {%- for result in results -%}
        {%- if result.status == 'skipped' -%}
            {%- do skipped.append(result.node.name) -%}
        {%- elif result.status not in ['success', 'pass', 'warn'] -%}
            {%- do problems.append(result.node.name ~ ' (' ~ result.status ~ ')') -%}
        {%- elif result.node.resource_type == 'model' -%}
            {%- do built.append(result.node.unique_id) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set missing = [] -%}
    {%- for node in marts if node.unique_id not in built -%}
        {%- do missing.append(node.name) -%}
    {%- endfor -%}

    {%- if problems or skipped or missing -%}
        {%- if problems or skipped -%}
            {%- set reason = (problems | join(', ') if problems else 'nothing failed')
                ~ '; ' ~ skipped | length ~ ' node(s) skipped' -%}
        {%- else -%}
            {%- set reason = 'not rebuilt by this run: ' ~ (missing | join(', ')) -%}
        {%- endif -%}
        {{ log(
            "Marts NOT published to schema '" ~ settings.publish_schema ~ "' ("
            ~ reason ~ "); it still holds the last successful run.", info=True
        ) }}
        {{ return('') }}
    {%- endif -%}

    {{ return(adapter.dispatch('publish_marts', 'digital_real_ccd')(marts, settings)) }}
{% endmacro %}


{% macro default__publish_marts(marts, settings) %}
    {#- engines without multi-table transactions: table by table (not atomic) -#}
    {%- for node in marts -%}
        {%- do run_query(
            'create or replace table ' ~ settings.publish_schema ~ '.' ~ node.name
            ~ ' as select * from ' ~ node.relation_name
        ) -%}
    {%- endfor -%}
    {{ log("Marts published to schema '" ~ settings.publish_schema ~ "'.", info=True) }}
    {{ return('') }}
{% endmacro %}


{% macro duckdb__publish_marts(marts, settings) %}
    {%- set schema = settings.publish_schema -%}
    {%- set statements = [
        'begin transaction',
        'create schema if not exists ' ~ schema,
        'create schema if not exists meta',
        'create table if not exists meta.publications (published_at timestamp,'
        ~ ' invocation_id varchar, published_schema varchar, marts varchar,'
        ~ ' settings varchar)',
    ] -%}
    {%- for node in marts -%}
        {%- set target = schema ~ '.' ~ node.name -%}
        {%- do statements.append(
            'create or replace table ' ~ target
            ~ ' as select * from ' ~ node.relation_name
        ) -%}
        {%- do statements.append(
            'comment on table ' ~ target ~ ' is ' ~ sql_string_literal(node.description)
        ) -%}
        {%- for column in node.columns.values() -%}
            {%- do statements.append(
                'comment on column ' ~ target ~ '.' ~ quote_identifier(column.name)
                ~ ' is ' ~ sql_string_literal(column.description)
            ) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do statements.append(
        'insert into meta.publications values (current_timestamp, '
        ~ sql_string_literal(invocation_id) ~ ', ' ~ sql_string_literal(schema) ~ ', '
        ~ sql_string_literal(marts | map(attribute='name') | join(', ')) ~ ', '
        ~ sql_string_literal(settings | tojson) ~ ')'
    ) -%}
    {%- do statements.append('commit') -%}
    {%- do run_query(statements | join(';\n')) -%}
    {{ log(
        "Marts published to schema '" ~ schema ~ "' (" ~ marts | length ~ " tables).",
        info=True
    ) }}
    {{ return('') }}
{% endmacro %}
