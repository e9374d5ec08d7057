{% macro raw_dir() -%}
    {{ return(adapter.dispatch('raw_dir', 'hodh')()) }}
{%- endmacro %}

{% macro default__raw_dir() -%}
    {#- Engines without DuckDB's session variables: HODH_RAW_DIR, else var
        raw_dir (hodh run sets HODH_RAW_DIR for dbt on every engine). -#}
    {{ return(env_var('HODH_RAW_DIR', var('raw_dir'))) }}
{%- endmacro %}

{% macro duckdb__raw_dir() -%}
    {#- The raw folder this run reads, at execution time: the session variable
        hodh_raw_dir when set (hodh run sets it through the dbt plugin from
        HODH_RAW_DIR, so the folder is no input of dbt's parse and a parse is
        reused across runs), else var raw_dir. The sources read the same
        (their external_location). -#}
    {%- set query = "select coalesce(getvariable('hodh_raw_dir'), '" ~ var('raw_dir') ~ "')" -%}
    {{ return(run_query(query).columns[0].values()[0]) }}
{%- endmacro %}
