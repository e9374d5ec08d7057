{% macro spark__alter_column_set_constraints(relation, column_dict) -%}
    {#- A contract's not_null constraint on Spark. dbt-spark declares it with
        ALTER COLUMN ... SET NOT NULL, which only Delta tables accept (this
        project's Spark tables are Parquet: Delta needs downloads). Here the
        constraint is checked instead, right after the table is built: a null
        in the column fails the model, as DuckDB's NOT NULL does. -#}
    {%- for column_name in column_dict -%}
        {%- for constraint in column_dict[column_name]['constraints'] if constraint.type == 'not_null' -%}
            {%- set quoted_name = adapter.quote(column_name) if column_dict[column_name]['quote'] else column_name -%}
            {%- set nulls = run_query(
                'select count(*) from ' ~ relation ~ ' where ' ~ quoted_name ~ ' is null'
            ).columns[0].values()[0] -%}
            {%- if nulls > 0 -%}
                {{ exceptions.raise_compiler_error(
                    relation ~ '.' ~ column_name ~ ' violates its not_null constraint (' ~ nulls ~ ' null rows)'
                ) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endmacro %}
