{#- The disclosure control report (models/audit/disclosure_control_*): the
    selects repeated per key variable, step and round, generated from the
    policy (var disclosure_control) and the catalogue. -#}

{% macro disclosure_shown_columns() -%}
    {#- Where the final value of each key column is, in int_employees__generalised
        and int_applicants__generalised. -#}
    {{ return({
        'staff_type': 'staff_type', 'gender': 'gender', 'ethnicity_16': 'ethnicity_16',
        'ethnicity_6': 'ethnicity_6', 'birth_year_band': 'birth_year_band',
        'rank_code': 'view_rank_code', 'bcu_code': 'view_bcu_code',
        'application_type': 'application_type', 'msoa_code': 'msoa_code',
    }) }}
{%- endmacro %}

{% macro disclosure_view_step_counts(population, relation) -%}
    {#- One select per step of a population's view (macro disclosure_steps),
        joined by union all: the records the step touched, counted only where
        it changed a value. A code step counts the records that end at its
        level with a key value that differs from the true one (true_<column>);
        a date step counts the records whose date shows at its precision and
        differs from the date at the table's precision. `relation` holds the
        generalised records with their true values and month indexes. -#}
    {%- set policy = disclosure_policy() -%}
    {%- set shown = disclosure_shown_columns() -%}
    {%- set w = withheld() -%}
    {%- set date_columns = {
        'employees': ('date_joined_precision', 'join_month', policy['base']['employees']),
        'applicants': ('received_window_precision', 'received_month', policy['base']['applicants']),
    }[population] -%}
    {%- for step in disclosure_steps(population) %}
    {%- set attribute = (policy['populations'][population] | selectattr('name', 'equalto', step['attribute']) | list)[0] %}
    select
        '{{ population }}' as population,
        {{ loop.index }} as step_order,
        '{{ step['step'] }}' as step,
        '{{ attribute['columns'] | join(', ') }}' as changes,
        '{{ population }}' as counted,
        count(*) as records,
        sum(case
            {%- if attribute['kind'] == 'date' %}
            when
                {{ date_columns[0] }} = {{ step['level'] }}
                and {{ period_start(date_columns[1], step['level']) }} <> {{ period_start(date_columns[1], date_columns[2]) }}
                then 1
            {%- else %}
            {%- set level = (attribute['levels'] | selectattr('name', 'equalto', step['level']) | list)[0] %}
            when
                {{ attribute['name'] }}_shown_at = {{ level['catalogue_index'] }}
                and (
                    {%- for column in attribute['columns'] %}
                    coalesce({{ shown[column] }}, {{ w }}) <> coalesce(true_{{ column }}, {{ w }}){% if not loop.last %} or{% endif %}
                    {%- endfor %}
                )
                then 1
            {%- endif %}
            else 0
        end) as records_touched
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{% macro disclosure_detail_counts() -%}
    {#- One select per population and key column of its view, joined by
        union all: the records that keep full detail (the value shown is the
        true one, null read as WITHHELD; a date shows at the precision the
        intruder knows it at, or finer). Reads the CTEs employees,
        employees_linked, applicants and applicants_linked. -#}
    {%- set policy = disclosure_policy() -%}
    {%- set shown = disclosure_shown_columns() -%}
    {%- set w = withheld() -%}
    {%- set order = namespace(n=0, first=true) -%}
    {%- for population, linked, key, precision in [
        ('employees', 'employees_linked', 'pay_number', 'date_joined_precision'),
        ('applicants', 'applicants_linked', 'applicant_ref', 'received_window_precision'),
    ] %}
    {%- for attribute in policy['populations'][population] %}
    {%- for column in attribute['columns'] %}
    {%- set order.n = order.n + 1 %}
    {%- if not order.first %}
    union all
    {%- endif %}
    {%- set order.first = false %}
    select
        '{{ population }}' as population,
        {{ order.n }} as column_order,
        '{{ column }}' as column_name,
        count(*) as records,
        sum(case
            {%- if attribute['kind'] == 'date' %}
            when generalised.{{ precision }} <= {{ attribute['view_precision'] }} then 1
            {%- else %}
            when coalesce(generalised.{{ shown[column] }}, {{ w }}) = coalesce(linked.{{ column }}, {{ w }}) then 1
            {%- endif %}
            else 0
        end) as records_kept
    from {{ population }} as generalised
    inner join {{ linked }} as linked
        on generalised.{{ key }} = linked.{{ key }}
    {%- endfor %}
    {%- endfor %}
    {%- endfor %}
{%- endmacro %}

{% macro disclosure_round_changes() -%}
    {#- One select per population and round of the search (macro
        disclosure_search_rounds), joined by union all: the records whose
        level changed, by the attribute their class revealed ('none' where it
        revealed nothing). -#}
    {%- set rounds = disclosure_search_rounds() -%}
    {%- set first = namespace(value=true) -%}
    {%- for population, count in rounds.items() %}
    {%- for round in range(1, count + 1) %}
    {%- if not first.value %}
    union all
    {%- endif %}
    {%- set first.value = false %}
    select
        '{{ population }}' as population,
        {{ round }} as search_round,
        coalesce(chosen_attribute, 'none') as chosen_attribute,
        sum(case when changed_level then 1 else 0 end) as records_changed
    from {{ ref('int_' ~ population ~ '__search_round_' ~ '%02d' % round) }}
    group by chosen_attribute
    {%- endfor %}
    {%- endfor %}
{%- endmacro %}
