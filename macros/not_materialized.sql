{% macro not_materialized() -%}
    {#- Put after `as` in a CTE that is read more than once: DuckDB materialises
        such a CTE (a copy of every row and column it holds, spilled to disk
        when it does not fit) where reading it again is cheaper. Empty on other
        engines, which plan CTEs their own way. -#}
    {{ return(adapter.dispatch('not_materialized', 'hodh')()) }}
{%- endmacro %}

{% macro default__not_materialized() -%}
{%- endmacro %}

{% macro duckdb__not_materialized() -%}
    not materialized
{%- endmacro %}
