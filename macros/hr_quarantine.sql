{#- Checks the HR intermediate models share: which parent rows were exported,
    and why a child row (a history row of an employee, a status of an
    applicant) cannot be. A row with a reason is quarantined, never guessed. -#}

{% macro exported_keys(relation, key) -%}
    {#- One row per key of a validated parent: is_exported when one of its rows
        has no quarantine reason (the kept one of duplicates). -#}
    select
        {{ key }},
        max(case when quarantine_reason is null then 1 else 0 end) = 1 as is_exported
    from {{ relation }}
    where {{ key }} is not null
    group by {{ key }}
{%- endmacro %}

{% macro parent_reason(key, parent, parent_name) -%}
    {#- Why a child row cannot go out for lack of its parent: no parent row at
        all (an orphan), or a parent that is itself quarantined. A child with no
        key at all already has its own <key>_missing reason. -#}
    case
        when {{ key }} is not null and {{ parent }}.{{ key.split('.')[-1] }} is null
            then 'orphan_no_{{ parent_name }}'
        when not {{ parent }}.is_exported
            then '{{ parent_name }}_quarantined'
    end
{%- endmacro %}

{% macro unknown_code_reason(column, reference_column) -%}
    {#- A code of the right shape that the force's code list does not hold. -#}
    case
        when {{ column }} is not null and {{ reference_column }} is null
            then '{{ column.split(".")[-1] }}_unknown'
    end
{%- endmacro %}

{% macro duplicate_reason(row_rank, reason) -%}
    {#- Every row but the one ranked first among rows sharing a key. -#}
    case when {{ row_rank }} > 1 then '{{ reason }}' end
{%- endmacro %}

{% macro blocking_reasons(reasons, ignored) -%}
    {#- A row's ';'-separated invalid reasons less those that do not stop it
        being exported (an unusable postcode only costs the MSOA); null when
        none is left. -#}
    {%- set expression = namespace(sql="';' || " ~ reasons ~ " || ';'") -%}
    {%- for reason in ignored -%}
        {%- set expression.sql = dbt.replace(expression.sql, "';" ~ reason ~ ";'", "';'") -%}
    {%- endfor -%}
    nullif(trim(both ';' from {{ expression.sql }}), '')
{%- endmacro %}

{% macro first_reason(checks) -%}
    {#- A row's quarantine reason: the first of the checks (SQL expressions
        giving a reason or null, staged reasons first) that found one; null
        when none did and the row is exported. One reason a row, as for crime. -#}
    {{ dbt.split_part(invalid_reasons(checks), "';'", 1) }}
{%- endmacro %}

{% macro ascending(columns) -%}
    {#- The columns as an ascending order list, ending a tie-break on a row's
        own values so that which duplicate is kept never depends on file order. -#}
    {%- for column in columns -%}
        {{ column }} asc{{ ", " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
