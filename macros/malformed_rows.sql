{#- Rows of a raw file that do not split into the header's fields. The
    sources read each raw file with DuckDB's parallel reader, which sets such a
    row aside (store_rejects) instead of stopping: a truncated row (fewer
    fields, as when an extract job is stopped mid-write) or one with more
    fields than the header. This post-hook of every raw file's staging model
    puts each of them back as a row of the model with only its row number and
    a reason, so it is quarantined and reconciled like any other bad row,
    never lost. A row whose quoting or encoding is broken (an unclosed quote
    swallows the rows after it) cannot be set aside safely: the file is
    unreadable and the model stops, naming the file and the row. -#}

{% macro malformed_row_reasons() -%}
    {#- The reason a set-aside row is quarantined with, by DuckDB's error type. -#}
    {{ return({'MISSING COLUMNS': 'row_truncated', 'TOO MANY COLUMNS': 'row_has_extra_fields'}) }}
{%- endmacro %}

{% macro forget_malformed_rows() -%}
    {#- Pre-hook: DuckDB appends each scan's set-aside rows to the same
        temporary tables of the connection, and a scan that sets nothing aside
        adds nothing, so earlier scans of the file must not be read as this one's. -#}
    {{ return(adapter.dispatch('forget_malformed_rows', 'hodh')()) }}
{%- endmacro %}

{% macro default__forget_malformed_rows() -%}
    select 1
{%- endmacro %}

{% macro duckdb__forget_malformed_rows() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    drop table if exists temp.raw_rejects__{{ model.sources[0][1] }};
    drop table if exists temp.raw_scans__{{ model.sources[0][1] }}
{%- endmacro %}

{% macro append_malformed_rows() -%}
    {{ return(adapter.dispatch('append_malformed_rows', 'hodh')()) }}
{%- endmacro %}

{% macro default__append_malformed_rows() -%}
    {#- Engines whose CSV reader pads short rows have nothing set aside. -#}
    select 1
{%- endmacro %}

{% macro duckdb__append_malformed_rows() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set raw_file = model.sources[0][1] -%}
    {%- set rejects = 'raw_rejects__' ~ raw_file -%}
    {%- set reasons = malformed_row_reasons() -%}
    {%- set splittable = "('" ~ reasons.keys() | join("', '") ~ "')" -%}
    select error(
        'raw file {{ raw_dir() }}/{{ raw_file }}.csv is unreadable at row '
        || (min(line) - 1) || ' after the header ('
        || lower(arg_min(error_type, line)) || '): check its quotes and that it is UTF-8'
    )
    from {{ rejects }}
    where error_type not in {{ splittable }}
    having count(*) > 0;

    insert into {{ this }} (raw_row_number, invalid_reasons)
    select
        line - 1 as raw_row_number,
        -- one reason a row, fewer fields first (DuckDB reports each field it missed)
        case
            {%- for error_type, reason in reasons.items() %}
            when bool_or(error_type = '{{ error_type }}') then '{{ reason }}'
            {%- endfor %}
        end as invalid_reasons
    from {{ rejects }}
    group by line
{%- endmacro %}

{% macro spark__append_malformed_rows() -%}
    {#- Spark's reader marks such a row (PERMISSIVE mode, a corrupt-record
        column) instead of setting it aside; macro register_raw_files kept
        each with its row number and reason before any model ran. -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set source = graph.sources['source.hodh.' ~ model.sources[0][0] ~ '.' ~ model.sources[0][1]] -%}
    insert into {{ this }} (raw_row_number, invalid_reasons)
    select
        raw_row_number,
        invalid_reasons
    from {{ source.schema }}.{{ source.identifier }}__malformed
{%- endmacro %}
