{#- Reading the raw files and the postcode directory where the engine finds
    them. DuckDB reads each CSV file in place, through the sources'
    external_location (read_csv): nothing to register. Spark reads it through
    a table of its catalogue: before any model runs (on-run-start), each raw
    file becomes an external CSV table <source>.<file>__raw with the file's
    own header, a view <source>.<file> of its rows that split into the
    header's fields (the source the staging model reads, like DuckDB's scan),
    and a table <source>.<file>__malformed of the rows that did not, with
    their row number and reason, put back by the staging model's post-hook
    (macro append_malformed_rows). -#}

{% macro register_raw_files() -%}
    {{ return(adapter.dispatch('register_raw_files', 'hodh')()) }}
{%- endmacro %}

{% macro default__register_raw_files() -%}
    select 1
{%- endmacro %}

{% macro spark__register_raw_files() -%}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- set folder = raw_dir() -%}
        {%- set reasons = malformed_row_reasons() -%}
        {%- for source in graph.sources.values() if source.source_name in ['cris', 'hr', 'onspd'] -%}
            {%- set is_raw_file = source.source_name != 'onspd' -%}
            {%- set path = (folder ~ '/' ~ source.name ~ '.csv') if is_raw_file else var('postcode_directory') -%}
            {%- set table = source.schema ~ '.' ~ source.identifier -%}
            {%- do run_query('create database if not exists ' ~ source.schema) -%}
            {%- do run_query(('drop view if exists ' if is_raw_file else 'drop table if exists ') ~ table) -%}
            {%- if not is_raw_file and path.endswith('.parquet') -%}
                {#- The Parquet copy hodh run keeps of the directory
                    (hodh/postcode_cache.py): the same columns, as text. -#}
                {%- do run_query(
                    'create table ' ~ table ~ " using parquet options (path '" ~ path ~ "')"
                ) -%}
            {%- elif not is_raw_file -%}
                {#- The postcode directory is read strictly, as on DuckDB: a row
                    that does not split into the header's fields stops the build. -#}
                {%- do run_query(
                    'create table ' ~ table ~ ' using csv options ('
                    ~ spark_csv_options(path) ~ ", mode 'FAILFAST')"
                ) -%}
            {%- else -%}
                {%- set header = raw_file_header(path) -%}
                {%- set columns = [] -%}
                {%- for name in header -%}
                    {%- do columns.append(adapter.quote(name) ~ ' string') -%}
                {%- endfor -%}
                {%- do run_query('drop table if exists ' ~ table ~ '__raw') -%}
                {%- do run_query(
                    'create table ' ~ table ~ '__raw (' ~ columns | join(', ')
                    ~ ', _corrupt_record string) using csv options (' ~ spark_csv_options(path)
                    ~ ", mode 'PERMISSIVE', columnNameOfCorruptRecord '_corrupt_record')"
                ) -%}
                {%- set quoted = [] -%}
                {%- for name in header -%}
                    {%- do quoted.append(adapter.quote(name)) -%}
                {%- endfor -%}
                {%- do run_query(
                    'create view ' ~ table ~ ' as select ' ~ quoted | join(', ')
                    ~ ' from ' ~ table ~ '__raw where _corrupt_record is null and ' ~ every_column_read(quoted)
                ) -%}
                {#- A malformed row's number in the file (1 the first row after
                    the header, as DuckDB counts): the file is one partition
                    (multiLine CSV is never split), read in order. Its fields
                    are counted outside quoted values: fewer than the header's
                    is a truncated row. -#}
                {%- do run_query('drop table if exists ' ~ table ~ '__malformed') -%}
                {%- do run_query(
                    'create table ' ~ table ~ '__malformed as'
                    ~ ' select raw_row_number, case when size(split(regexp_replace(_corrupt_record, '
                    ~ "'\"([^\"]|\"\")*\"?', ''), ',')) < " ~ header | length
                    ~ " then '" ~ reasons['MISSING COLUMNS'] ~ "' else '" ~ reasons['TOO MANY COLUMNS']
                    ~ "' end as invalid_reasons"
                    ~ ' from (select *, monotonically_increasing_id() + 1 as raw_row_number from '
                    ~ table ~ '__raw) as scanned where _corrupt_record is not null'
                    ~ ' and ' ~ every_column_read(quoted)
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}

{% macro every_column_read(columns) -%}
    {#- A condition true of every row that reads every column: Spark refuses a
        scan whose query reads only the corrupt-record column (as count(*) or
        a filter on it alone would), since a reader that skips the other
        columns cannot tell a malformed row. -#}
    length(concat_ws(',', {{ columns | join(', ') }})) >= 0
{%- endmacro %}

{% macro spark_csv_options(path) -%}
    {#- Spark's CSV reader set to read what DuckDB's reads (var
        raw_csv_options): every column text, header row, RFC 4180 quoting with
        line breaks inside quoted values (multiLine), a byte order mark
        skipped, an empty field null. -#}
    path '{{ path }}', header 'true', inferSchema 'false', multiLine 'true', sep ',', quote '"', escape '"', encoding 'UTF-8'
{%- endmacro %}

{% macro raw_file_header(path) -%}
    {#- The column names of a raw file's header (lower case), or none when the
        file is missing. -#}
    {{ return(adapter.dispatch('raw_file_header', 'hodh')(path)) }}
{%- endmacro %}

{% macro duckdb__raw_file_header(path) -%}
    {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(run_query(
        "describe select * from read_csv('" ~ path ~ "', " ~ var('raw_csv_options') ~ ")"
    ).columns[0].values() | map('lower') | list) }}
{%- endmacro %}

{% macro spark__raw_file_header(path) -%}
    {#- Spark names a missing path in its own error; the header is read as a
        temporary view of the file (no rows are read). -#}
    {%- do run_query(
        'create or replace temporary view hodh_raw_header using csv options (' ~ spark_csv_options(path) ~ ')'
    ) -%}
    {%- set header = run_query('describe hodh_raw_header').columns[0].values() | map('lower') | list -%}
    {%- do run_query('drop view if exists hodh_raw_header') -%}
    {{ return(header) }}
{%- endmacro %}
