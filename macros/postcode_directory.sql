{#- Reading the postcode directory whatever its edition. The ONSPD, the NSPL
    and the ONS lookup files name the same fields differently, so the
    staging model asks these macros which columns to read. -#}

{% macro postcode_directory_layouts() -%}
    {#- The header sets the loader accepts (REQUIREMENT section 2), most
        specific first: the first whose postcode, termination and grid columns
        are all present, with at least one of its MSOA columns, is the file's. -#}
    {{ return([
        {'name': 'ONSPD', 'easting': 'oseast1m', 'northing': 'osnrth1m',
         'msoa': {'2011': 'msoa11', '2021': 'msoa21'}},
        {'name': 'NSPL 2025', 'easting': 'east1m', 'northing': 'north1m',
         'msoa': {'2021': 'msoa21cd'}},
        {'name': 'ONS postcode lookup', 'easting': none, 'northing': none,
         'msoa': {'2011': 'msoa11cd', '2021': 'msoa21cd'}},
    ]) }}
{%- endmacro %}

{% macro postcode_directory_columns(directory, path=var('postcode_directory'), msoa_year=var('msoa_year')) -%}
    {#- Which columns of the directory file to read, as a mapping with keys
        layout, postcode, terminated, easting, northing (none when the edition
        has no grid reference) and msoa (the column of var msoa_year), each
        quoted for the engine. Inspects the file's header at run time, logs
        which header set it found, and stops the run with one line when no
        known set matches or the wanted MSOA year is absent. -#}
    {%- set year = msoa_year | string -%}
    {%- if year not in ['2011', '2021'] -%}
        {{ exceptions.raise_compiler_error("var msoa_year is " ~ year ~ ": it must be 2011 or 2021") }}
    {%- endif -%}
    {%- set layouts = postcode_directory_layouts() -%}
    {%- if not execute -%}
        {#- Parsing only: no file is read; any valid column list will do. -#}
        {%- set layout = layouts[0] -%}
        {{ return({'layout': layout.name, 'postcode': 'pcds', 'terminated': 'doterm',
                   'easting': layout.easting, 'northing': layout.northing,
                   'msoa': layout.msoa.get(year, layout.msoa['2021'])}) }}
    {%- endif -%}

    {%- set header = {} -%}
    {%- for name in postcode_directory_header(directory, path) -%}
        {%- do header.update({name | trim | lower: name}) -%}
    {%- endfor -%}

    {%- set found = [] -%}
    {%- for layout in layouts if not found -%}
        {%- set required = ['pcds', 'doterm'] + ([layout.easting, layout.northing] if layout.easting else []) -%}
        {%- set has_msoa = layout.msoa.values() | select('in', header) | list | length > 0 -%}
        {%- if required | reject('in', header) | list | length == 0 and has_msoa -%}
            {%- do found.append(layout) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not found -%}
        {{ exceptions.raise_compiler_error(
            "postcode directory " ~ path ~ " has no known header: it needs pcds, doterm and an MSOA column"
            ~ " (ONSPD: oseast1m, osnrth1m, msoa11/msoa21; NSPL 2025: east1m, north1m, msoa21cd;"
            ~ " ONS lookup: msoa11cd/msoa21cd)"
        ) }}
    {%- endif -%}
    {%- set layout = found[0] -%}
    {%- set msoa = layout.msoa.get(year) -%}
    {%- if msoa is none or msoa not in header -%}
        {{ exceptions.raise_compiler_error(
            "postcode directory " ~ path ~ " (" ~ layout.name ~ " header) has no " ~ year
            ~ " MSOA column " ~ (msoa or layout.msoa.values() | join('/'))
            ~ ": set var msoa_year to a year the file carries, or load an edition that has it"
        ) }}
    {%- endif -%}

    {%- set columns = {
        'layout': layout.name,
        'postcode': adapter.quote(header['pcds']),
        'terminated': adapter.quote(header['doterm']),
        'easting': adapter.quote(header[layout.easting]) if layout.easting else none,
        'northing': adapter.quote(header[layout.northing]) if layout.northing else none,
        'msoa': adapter.quote(header[msoa]),
    } -%}
    {{ log(
        "postcode directory " ~ path ~ ": " ~ layout.name ~ " header; reading pcds, doterm, "
        ~ ((layout.easting ~ ", " ~ layout.northing) if layout.easting else "no grid reference (grid fallback off)")
        ~ ", " ~ msoa ~ " (" ~ year ~ " MSOAs)",
        info=True
    ) }}
    {{ return(columns) }}
{%- endmacro %}

{% macro postcode_directory_header(directory, path) -%}
    {#- The column names of the directory file, as the file spells them. -#}
    {{ return(adapter.dispatch('postcode_directory_header', 'hodh')(directory, path)) }}
{%- endmacro %}

{% macro default__postcode_directory_header(directory, path) -%}
    {%- set columns = adapter.get_columns_in_relation(directory) -%}
    {%- if not columns -%}
        {{ exceptions.raise_compiler_error("postcode directory " ~ path ~ " does not exist or is empty") }}
    {%- endif -%}
    {{ return(columns | map(attribute='name') | list) }}
{%- endmacro %}

{% macro duckdb__postcode_directory_header(directory, path) -%}
    {#- The directory is a CSV file read in place (read_csv), which the
        catalogue does not know: ask DuckDB to describe the read instead. -#}
    {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ exceptions.raise_compiler_error("postcode directory " ~ path ~ " does not exist (var postcode_directory)") }}
    {%- endif -%}
    {{ return(run_query("describe select * from " ~ directory).columns[0].values() | list) }}
{%- endmacro %}
