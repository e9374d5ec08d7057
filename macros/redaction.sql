{#- Redaction and disclosure control for the HR feed (requirement sections 3
    and 4). What each generalisation step does is code (below); which steps
    run, in which order, and k are policy, held in the dbt variables
    generalisation_ladder and k_anonymity. -#}

{% macro year_band(year, width) -%}
    {#- 'YYYY-YYYY': the band of `width` years holding the year, aligned on
        multiples of the width (1972 in five-year bands is 1970-1974). -#}
    {%- set start = "(" ~ dbt.cast("floor(" ~ year ~ " / " ~ width ~ ")", api.Column.translate_type('integer'))
        ~ " * " ~ width ~ ")" -%}
    {{ dbt.concat([
        dbt.cast(start, api.Column.translate_type('string')),
        "'-'",
        dbt.cast("(" ~ start ~ " + " ~ (width - 1) ~ ")", api.Column.translate_type('string')),
    ]) }}
{%- endmacro %}

{% macro birth_year_band(column, width=5) -%}
    {#- The band of the year of birth; null when the date of birth is null. -#}
    {{ year_band('extract(year from ' ~ column ~ ')', width) }}
{%- endmacro %}

{% macro widen_year_band(column, width=10) -%}
    {#- A band (1970-1974) widened to `width` years (1970-1979). Anything that
        is not a band (WITHHELD, null) is left as it is. -#}
    case
        when {{ matches_pattern(column, '[0-9]{4}-[0-9]{4}') }}
            then {{ year_band(dbt.cast('left(' ~ column ~ ', 4)', api.Column.translate_type('integer')), width) }}
        else {{ column }}
    end
{%- endmacro %}

{% macro withheld() -%}
    'WITHHELD'
{%- endmacro %}

{% macro rank_seniority_lookup() -%}
    {#- Every value a rank_code column of the export can hold, with its
        seniority: the force's rank codes, and the rank groups disclosure
        control generalises them to (a group is as senior as its most senior
        member). The model that builds the linked person view and the test that
        recomputes it from the export both pick the most senior rank with it. -#}
    select
        rank_value,
        max(seniority) as seniority
    from (
        select
            rank_code as rank_value,
            seniority
        from {{ ref('ref_ranks') }}
        union all
        select
            rank_group as rank_value,
            seniority
        from {{ ref('ref_ranks') }}
    ) as rank_values
    group by rank_value
{%- endmacro %}

{% macro most_senior_first(rank_column, seniority_column) -%}
    {#- Window order that puts an employee's most senior rank first; equal
        seniority (ranks of different staff classes) falls back to the value,
        so the choice is deterministic and the same on the export. -#}
    {{ seniority_column }} desc nulls last, {{ rank_column }} asc
{%- endmacro %}

{% macro latest_assignment_first(bcu_column, start_column, end_column) -%}
    {#- Window order that puts an employee's latest assignment first: latest
        start, then an open (current) assignment, then the later end, then the
        BCU code, so the choice is deterministic and the same on the export. -#}
    {{ start_column }} desc, {{ end_column }} desc nulls first, {{ bcu_column }} asc
{%- endmacro %}

{% macro generalisation_steps(population) -%}
    {#- The catalogue of generalisation steps: for each step, the
        quasi-identifiers it changes and the expression each becomes (over the
        columns of the linked view). The variable generalisation_ladder picks
        which of them run and in which order. -#}
    {%- set steps = {
        'employees': {
            'ethnicity_16_withheld': {'ethnicity_16': withheld()},
            'birth_year_band_widened': {'birth_year_band': widen_year_band('birth_year_band', 10)},
            'rank_grouped': {'rank_code': 'rank_group'},
            'bcu_to_force': {'bcu_code': "'FORCE'"},
            'birth_year_band_withheld': {'birth_year_band': withheld()},
            'ethnicity_withheld': {'ethnicity_16': withheld(), 'ethnicity_6': withheld()},
            'all_withheld': {
                'staff_type': withheld(),
                'gender': withheld(),
                'ethnicity_16': withheld(),
                'ethnicity_6': withheld(),
                'birth_year_band': withheld(),
                'rank_code': withheld(),
                'bcu_code': withheld(),
            },
        },
        'applicants': {
            'msoa_code_removed': {'msoa_code': 'null'},
            'all_withheld': {
                'application_type': withheld(),
                'msoa_code': 'null',
            },
        },
    } -%}
    {%- if population not in steps -%}
        {{ exceptions.raise_compiler_error("no generalisation steps for population " ~ population) }}
    {%- endif -%}
    {{ return(steps[population]) }}
{%- endmacro %}

{% macro generalisation_ladder(population) -%}
    {#- The steps the data protection officer chose for a population, in order,
        checked against the catalogue so that a misspelt step stops the build. -#}
    {%- set ladder = var('generalisation_ladder')[population] -%}
    {%- set catalogue = generalisation_steps(population) -%}
    {%- for step in ladder if step not in catalogue -%}
        {{ exceptions.raise_compiler_error(
            "generalisation_ladder." ~ population ~ ": unknown step " ~ step
            ~ " (known: " ~ catalogue.keys() | join(', ') ~ ")"
        ) }}
    {%- endfor -%}
    {{ return(ladder) }}
{%- endmacro %}

{% macro k_anonymity() -%}
    {#- var k_anonymity, refused below var k_anonymity_minimum (the one place
        that minimum lives; hodh run reads it too). -#}
    {%- set minimum = var('k_anonymity_minimum') | int -%}
    {%- if not modules.re.fullmatch('[0-9]+', var('k_anonymity') | string)
        or var('k_anonymity') | int < minimum -%}
        {{ exceptions.raise_compiler_error(
            "k_anonymity must be a whole number of at least " ~ minimum ~ ", not " ~ var('k_anonymity')
        ) }}
    {%- endif -%}
    {{ return(var('k_anonymity') | int) }}
{%- endmacro %}

{% macro is_withheld(quasi_identifiers) -%}
    {#- True when every quasi-identifier is withheld (or absent): such a record
        discloses nothing and is exempt from k. -#}
    ({% for column in quasi_identifiers -%}
        coalesce({{ column }}, {{ withheld() }}) = {{ withheld() }}
        {%- if not loop.last %} and {% endif -%}
    {%- endfor %})
{%- endmacro %}

{% macro k_anonymise(population, input, key, quasi_identifiers, carried=[]) -%}
    {#- CTEs that make `input` k-anonymous on its quasi-identifiers, one ladder
        step at a time. Before each step the class of every record (the
        records sharing all its quasi-identifier values) is counted; the step
        is applied only to records whose class is smaller than k and which are
        not already entirely withheld; records are never dropped. A step never
        gives a value to an absent (null) quasi-identifier: an employee with
        no assignment has no BCU on the export, so none can be FORCE. Generalised
        records only ever join classes or form new ones, so a class that
        reached k never shrinks. The last CTE, <population>_generalised, holds
        per record the final values, applied_<step> (was the step applied to
        the record: it was in a class smaller than k), class_size_after_<step>
        and is_exempt_after_<step> for every step on the ladder (applied_<step>
        is false for catalogue steps left off it), class_size_before and
        is_exempt.

        population: employees or applicants (names the CTEs and the ladder)
        input: the CTE holding one row per record
        key: the record's key column
        quasi_identifiers: the columns k is judged on
        carried: other columns the step expressions need (kept unchanged) -#}
    {%- set catalogue = generalisation_steps(population) -%}
    {%- set ladder = generalisation_ladder(population) -%}
    {%- set k = k_anonymity() -%}
    {%- set previous = namespace(cte=population ~ '_step_0', flags=[]) -%}
{{ population }}_step_0 as (
    select
        {{ key }},
        {%- for column in quasi_identifiers + carried %}
        {{ column }},
        {%- endfor %}
        count(*) over (partition by {{ quasi_identifiers | join(', ') }}) as class_size_before
    from {{ input }}
),
{%- for step in ladder %}
{%- set changes = catalogue[step] %}
{%- set size_before = 'class_size_before' if loop.first else 'class_size_after_' ~ ladder[loop.index0 - 1] %}

{{ population }}_step_{{ loop.index }}_applied as (
    -- step {{ loop.index }}, {{ step }}: only records still in a class smaller than k
    select
        *,
        (
            {{ size_before }} < {{ k }}
            and not {{ is_withheld(quasi_identifiers) }}
        ) as applied_{{ step }}
    from {{ previous.cte }}
),

{{ population }}_step_{{ loop.index }} as (
    select
        {{ key }},
        {%- for column in quasi_identifiers %}
        {%- if column in changes %}
        case
            when applied_{{ step }} and {{ column }} is not null then {{ changes[column] }}
            else {{ column }}
        end as {{ column }},
        {%- else %}
        {{ column }},
        {%- endif %}
        {%- endfor %}
        {%- for column in carried %}
        {{ column }},
        {%- endfor %}
        class_size_before,
        {%- for flag in previous.flags %}
        {{ flag }},
        {%- endfor %}
        applied_{{ step }}
    from {{ population }}_step_{{ loop.index }}_applied
),

{{ population }}_step_{{ loop.index }}_sized as (
    select
        *,
        count(*) over (partition by {{ quasi_identifiers | join(', ') }}) as class_size_after_{{ step }},
        {{ is_withheld(quasi_identifiers) }} as is_exempt_after_{{ step }}
    from {{ population }}_step_{{ loop.index }}
),
{%- set previous.flags = previous.flags + [
    'applied_' ~ step, 'class_size_after_' ~ step, 'is_exempt_after_' ~ step
] %}
{%- set previous.cte = population ~ '_step_' ~ loop.index ~ '_sized' %}
{%- endfor %}

{{ population }}_generalised as (
    select
        *,
        {%- for step in catalogue if step not in ladder %}
        -- {{ step }} is not on the ladder
        false as applied_{{ step }},
        {%- endfor %}
        {{ is_withheld(quasi_identifiers) }} as is_exempt
    from {{ previous.cte }}
)
{%- endmacro %}

{% macro disclosure_control_report(population, relation) -%}
    {#- One row per step of the population's ladder (step 0, none, is the view
        before any step) from the output of k_anonymise: records touched (the
        step was applied to them), the smallest class after it and how many
        records are still below k, both leaving exempt records out, and how
        many are exempt. -#}
    {%- set k = k_anonymity() -%}
    select
        '{{ population }}' as population,
        0 as step_order,
        'none' as step,
        {{ k }} as k,
        count(*) as records,
        0 as records_touched,
        min(class_size_before) as smallest_class_after,
        sum(case when class_size_before < {{ k }} then 1 else 0 end) as records_below_k_after,
        0 as records_exempt_after
    from {{ relation }}
    {%- for step in generalisation_ladder(population) %}
    union all
    select
        '{{ population }}' as population,
        {{ loop.index }} as step_order,
        '{{ step }}' as step,
        {{ k }} as k,
        count(*) as records,
        sum(case when applied_{{ step }} then 1 else 0 end) as records_touched,
        min(case when not is_exempt_after_{{ step }} then class_size_after_{{ step }} end) as smallest_class_after,
        sum(
            case when not is_exempt_after_{{ step }} and class_size_after_{{ step }} < {{ k }} then 1 else 0 end
        ) as records_below_k_after,
        sum(case when is_exempt_after_{{ step }} then 1 else 0 end) as records_exempt_after
    from {{ relation }}
    {%- endfor %}
{%- endmacro %}
