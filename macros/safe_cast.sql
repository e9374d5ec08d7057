{#- dbt's safe_cast on DuckDB is a plain cast, which stops the whole build
    on one bad value; try_cast gives null, which staging then reports. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{#- Spark's cast gives null on bad input only while ANSI mode is off (dbt-spark
    turns it off); try_cast gives null either way. -#}
{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
