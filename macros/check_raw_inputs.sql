{% macro check_raw_inputs() %}select 1{% endmacro %}
