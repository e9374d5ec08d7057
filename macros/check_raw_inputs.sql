{% macro check_raw_inputs() %}
    {#- Before any model runs, every raw file the sources declare must exist
        and carry every declared column; otherwise stop with one line naming
        the file and the column. Runs for run/build only, so seeding or docs
        need no raw data. -#}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- set folder = raw_dir() -%}
        {%- for source in graph.sources.values() if source.source_name in ['cris', 'hr'] -%}
            {%- set path = folder ~ '/' ~ source.name ~ '.csv' -%}
            {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
            {%- if found == 0 -%}
                {{ exceptions.raise_compiler_error("raw file " ~ path ~ " is missing") }}
            {%- endif -%}
            {%- set header = run_query(
                "describe select * from read_csv('" ~ path ~ "', " ~ var('raw_csv_options') ~ ")"
            ).columns[0].values() | map('lower') | list -%}
            {%- for column in source.columns if column not in header -%}
                {{ exceptions.raise_compiler_error("raw file " ~ path ~ " is missing column " ~ column) }}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{% endmacro %}
