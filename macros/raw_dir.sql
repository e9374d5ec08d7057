{% macro raw_dir() -%}
    {#- The raw folder this run reads, at execution time: the session variable
        hodh_raw_dir when set (hodh run sets it through the dbt plugin from
        HODH_RAW_DIR, so the folder is no input of dbt's parse and a parse is
        reused across runs), else var raw_dir. The sources read the same
        (their external_location). -#}
    {%- set query = "select coalesce(getvariable('hodh_raw_dir'), '" ~ var('raw_dir') ~ "')" -%}
    {{ return(run_query(query).columns[0].values()[0]) }}
{%- endmacro %}
