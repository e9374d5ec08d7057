{% macro check_raw_inputs() %}
    {#- Before any model runs, every raw file the sources declare must exist
        and carry every declared column; otherwise stop with one line naming
        the file and the column. Runs for run/build only, so seeding or docs
        need no raw data. -#}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- set folder = raw_dir() -%}
        {%- for source in graph.sources.values() if source.source_name in ['cris', 'hr'] -%}
            {%- set path = folder ~ '/' ~ source.name ~ '.csv' -%}
            {%- set header = raw_file_header(path) -%}
            {%- if header is none -%}
                {{ exceptions.raise_compiler_error("raw file " ~ path ~ " is missing") }}
            {%- endif -%}
            {%- for column in source.columns if column not in header -%}
                {{ exceptions.raise_compiler_error("raw file " ~ path ~ " is missing column " ~ column) }}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{% endmacro %}
