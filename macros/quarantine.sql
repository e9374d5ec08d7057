{#- The one vocabulary every validation model (int_*__validated) uses to say
    why a row cannot be exported. A row's quarantine_reason is the first
    reason that applies, in the order the model lists them (first_reason);
    each reason is a SQL expression giving a stable snake_case code or null:
    one the staging model found (staged_reason), an unknown code
    (unknown_code_reason), a missing or quarantined parent (parent_reason,
    over the parent's exported_keys), a second copy of a row (duplicate_reason),
    or any other condition (reason_if). A row with a reason is quarantined,
    never guessed. -#}

{% macro first_reason(reasons) -%}
    {#- The first of the reasons that is not null; null when none applies and
        the row is exported. -#}
    {%- if reasons | length == 1 -%}
        {{ reasons[0] }}
    {%- else -%}
        coalesce({{ reasons | join(', ') }})
    {%- endif -%}
{%- endmacro %}

{% macro reason_if(condition, reason) -%}
    case when {{ condition }} then '{{ reason }}' end
{%- endmacro %}

{% macro staged_reason(only=none, ignored=[], reasons_column='invalid_reasons') -%}
    {#- A reason staging found on the row. With `only`, the first of those codes
        (in the order given) that the row carries; otherwise the row's first
        staged reason (in staging's order) that is not in `ignored`. -#}
    {%- if only is not none -%}
        {%- set checks = [] -%}
        {%- for reason in only -%}
            {%- do checks.append(reason_if(has_invalid_reason(reason, reasons_column), reason)) -%}
        {%- endfor -%}
        {{ first_reason(checks) }}
    {%- else -%}
        {#- The text before the first ';'. Not dbt.split_part: dbt-spark's escapes
            the delimiter with a backslash ('\\'), and on Spark dbt's unit tests cut
            the model's SQL at the ';' after it. -#}
        {%- set reasons = blocking_reasons(reasons_column, ignored) -%}
        substring(
            {{ reasons }}, 1, {{ dbt.position("';'", dbt.concat([reasons, "';'"])) }} - 1
        )
    {%- endif -%}
{%- endmacro %}

{% macro has_invalid_reason(reason, reasons_column='invalid_reasons') -%}
    {#- True when a staged ';'-separated invalid_reasons list holds the code
        (whole codes only: date_recorded_invalid never matches recorded_invalid). -#}
    ({{ dbt.position("';" ~ reason ~ ";'", dbt.concat(["';'", reasons_column, "';'"])) }} > 0)
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

{% macro unknown_code_reason(column, reference_column) -%}
    {#- A code of the right shape that the force's code list does not hold. -#}
    case
        when {{ column }} is not null and {{ reference_column }} is null
            then '{{ column.split(".")[-1] }}_unknown'
    end
{%- endmacro %}

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

{% macro parent_reason(key, parent, missing, quarantined) -%}
    {#- Why a child row cannot go out for lack of its parent: no parent row at
        all (`missing`, an orphan), or a parent that is itself quarantined
        (`quarantined`). parent is exported_keys of the parent, left-joined on
        key. A child with no key at all already has its own staged reason. -#}
    case
        when {{ key }} is not null and {{ parent }}.{{ key.split('.')[-1] }} is null
            then '{{ missing }}'
        when not {{ parent }}.is_exported
            then '{{ quarantined }}'
    end
{%- endmacro %}

{% macro duplicate_reason(row_rank, reason) -%}
    {#- Every row but the one ranked first among rows sharing a key. -#}
    {{ reason_if(row_rank ~ ' > 1', reason) }}
{%- endmacro %}

{% macro ascending(columns) -%}
    {#- The columns as an ascending order list, ending a tie-break on a row's
        own values so that which duplicate is kept never depends on file order. -#}
    {%- for column in columns -%}
        {{ column }} asc{{ ", " if not loop.last }}
    {%- endfor -%}
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

{% macro compare_copies(rows, key, copy_values, tie_break) -%}
    {#- Copies of one record (rows sharing key and reason) compared: copy_rank
        orders them (by their values, then tie_break), first_values and
        last_values bound them, so identical copies (first = last) keep their
        first and copies that disagree can all be quarantined. Only keys that
        arrive more than once, or lack a part, are compared (has_copies):
        windows over every row sort them all, with all their columns. -#}
    {%- set partition = (key + ['row_reason']) | join(', ') -%}
    select
        *,
        row_number() over (
            partition by {{ partition }} order by {{ copy_values }}, {{ tie_break | join(', ') }}
        ) as copy_rank,
        min({{ copy_values }}) over (partition by {{ partition }}) as first_values,
        max({{ copy_values }}) over (partition by {{ partition }}) as last_values
    from {{ rows }}
    where has_copies
    union all
    select
        *,
        1 as copy_rank,
        {{ copy_values }} as first_values,
        {{ copy_values }} as last_values
    from {{ rows }}
    where not has_copies
{%- endmacro %}

{% macro repeated_keys(relation, key) -%}
    {#- The keys that arrive more than once (a few in a hundred). -#}
    select {{ key | join(', ') }}
    from {{ relation }}
    where {{ key | join(' is not null and ') }} is not null
    group by {{ key | join(', ') }}
    having count(*) > 1
{%- endmacro %}

{% macro checked_child_rows(rows, parents, key, missing, quarantined, fact, prefer, code=none) -%}
    {#- Every row of a child table (an employee's history, an applicant's
        statuses) with what its validation needs: code_reason (its code is
        not on the force's list), parent_reason (no exported parent, see
        parent_reason) and row_rank, 1 for the row kept of the rows that state
        the same fact (a usable row first, then `prefer`), so a second copy
        is quarantined.
        rows: the staged child rows; parents: the parent's validation model
        (a relation or CTE); key: the parent key column; missing, quarantined:
        the parent reasons; fact: the columns that make a fact; prefer: order
        terms after usability; code: optional [column, code list relation,
        its column]. -#}
    select
        *,
        row_number() over (
            partition by {{ fact | join(', ') }}
            order by
                case when invalid_reasons is null and code_reason is null then 0 else 1 end asc,
                {{ prefer | join(', ') }}
        ) as row_rank
    from (
        select
            {{ rows }}.*,
            {%- if code %}
            {{ unknown_code_reason(rows ~ '.' ~ code[0], 'code_list.' ~ code[2]) }} as code_reason,
            {%- else %}
            cast(null as {{ dbt.type_string() }}) as code_reason,
            {%- endif %}
            {{ parent_reason(rows ~ '.' ~ key, 'parent_keys', missing, quarantined) }} as parent_reason
        from {{ rows }}
        {%- if code %}
        left join {{ code[1] }} as code_list
            on {{ rows }}.{{ code[0] }} = code_list.{{ code[2] }}
        {%- endif %}
        left join ({{ exported_keys(parents, key) }}) as parent_keys
            on {{ rows }}.{{ key }} = parent_keys.{{ key }}
    ) as checked
{%- endmacro %}
