{#- dbt types the rows of a unit-test fixture by describing the relation the
    fixture stands for. A raw source here is a read_csv call over a file
    (meta external_location), not a relation in the warehouse, so dbt cannot
    describe it and a unit test given source('cris', ...) rows stops with "Not
    able to get columns". For the raw sources this override describes the raw
    file itself, read exactly as the sources read it (every column text),
    like check_raw_inputs does; every other fixture is left to dbt's own
    macro. Unit tests on staging models therefore need the raw folder
    (var raw_dir), as any run does. -#}
{% macro get_fixture_sql(rows, column_name_to_data_types) %}
    {%- if column_name_to_data_types or this.schema not in ['cris', 'hr'] or not execute
        or load_relation(this) is not none -%}
        {{ return(dbt.get_fixture_sql(rows, column_name_to_data_types)) }}
    {%- endif -%}

    {%- set path = raw_dir() ~ '/' ~ this.identifier ~ '.csv' -%}
    {%- if run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] == 0 -%}
        {{ exceptions.raise_compiler_error(
            "unit test fixture for " ~ this.identifier ~ " takes its columns from the raw file header, but "
            ~ path ~ " is missing: point var raw_dir at a raw folder"
        ) }}
    {%- endif -%}
    {%- set header = run_query(
        "describe select * from read_csv('" ~ path ~ "', " ~ var('raw_csv_options') ~ ")"
    ).columns[0].values() -%}
    {%- set column_types = {} -%}
    {%- set default_row = {} -%}
    {%- for column_name in header -%}
        {%- do column_types.update({column_name | lower: dbt.type_string()}) -%}
        {%- do default_row.update({column_name | lower: dbt.safe_cast('null', dbt.type_string())}) -%}
    {%- endfor -%}

    {%- for row in rows -%}
        {%- set fixture_row = default_row.copy() -%}
        {%- do fixture_row.update(format_row(row, column_types)) %}
    select
        {%- for column_name, value in fixture_row.items() %}
        {{ value }} as {{ adapter.quote(column_name) }}{{ ',' if not loop.last }}
        {%- endfor %}
        {%- if not loop.last %}
    union all
        {%- endif -%}
    {%- else %}
    select
        {%- for column_name, value in default_row.items() %}
        {{ value }} as {{ adapter.quote(column_name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    limit 0
    {%- endfor -%}
{% endmacro %}
