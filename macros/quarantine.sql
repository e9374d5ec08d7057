{#- Deciding which rows go to quarantine, and why. A row gets one reason: the
    first of an ordered list of checks that holds. -#}

{% macro quarantine_reason(checks) -%}
    {#- The first reason whose condition holds, else null (the row is kept).
        checks: a list of [condition, reason] pairs in priority order, the
        condition a SQL boolean expression, the reason a stable snake_case code. -#}
    case
    {%- for check in checks %}
        when {{ check[0] }} then '{{ check[1] }}'
    {%- endfor %}
    end
{%- endmacro %}

{% macro has_invalid_reason(reason, reasons_column='invalid_reasons') -%}
    {#- True when a staged ';'-separated invalid_reasons list holds the code
        (whole codes only: date_recorded_invalid never matches recorded_invalid). -#}
    ({{ dbt.position("';" ~ reason ~ ";'", dbt.concat(["';'", reasons_column, "';'"])) }} > 0)
{%- endmacro %}

{% macro staged_reason_checks(reasons, reasons_column='invalid_reasons') -%}
    {#- [condition, reason] pairs for quarantine_reason, one per staged
        invalid reason that sends a row to quarantine, in the order given. -#}
    {%- set checks = [] -%}
    {%- for reason in reasons -%}
        {%- do checks.append([has_invalid_reason(reason, reasons_column), reason]) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}

{% macro quarantine_key(parts, row_number='raw_row_number') -%}
    {#- The raw key of a row as text, for tracing it back to the raw file:
        its raw key columns joined by '|' (an absent part is empty); for a row
        that did not split into the file's fields, 'row N' (its row number
        after the header); null when neither is known. -#}
    {%- if parts | length == 1 -%}
        {%- set key = parts[0] -%}
    {%- else -%}
        {%- set pieces = [] -%}
        {%- for part in parts -%}
            {%- if not loop.first %}{% do pieces.append("'|'") %}{% endif -%}
            {%- do pieces.append("coalesce(" ~ part ~ ", '')") -%}
        {%- endfor -%}
        {%- set key -%}
        case
            when {{ parts | join(' is not null or ') }} is not null
                then {{ dbt.concat(pieces) }}
        end
        {%- endset -%}
    {%- endif -%}
    coalesce(
        {{ key }},
        {{ dbt.concat(["'row '", dbt.cast(row_number, api.Column.translate_type('string'))]) }}
    )
{%- endmacro %}
