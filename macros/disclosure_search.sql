{#- The mechanics of HR disclosure control (docs block hr_disclosure_control):
    the value of every key variable at every level of its ladder, one round of
    the top-down search, and the last resort. What each level shows is the
    catalogue's (macros/disclosure_catalogue.sql); the policy is var
    disclosure_control. -#}

{% macro disclosure_search_rounds() -%}
    {#- How many rounds the search runs per population: one model per round
        (int_<population>__search_round_NN), so that each round reads the last
        from a table. The search has converged in 8 rounds on every data set
        tried; a round that finds nothing to reveal is cheap, and
        audit.disclosure_control_rounds shows whether the last one changed
        anything. -#}
    {{ return({'employees': 10, 'applicants': 6}) }}
{%- endmacro %}

{% macro disclosure_key_columns(population) -%}
    {#- The key columns of a population's view, in the catalogue's order. -#}
    {%- set columns = [] -%}
    {%- for attribute in disclosure_policy()['populations'][population] -%}
        {%- do columns.extend(attribute['columns']) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{% macro disclosure_shown_at(attribute, floor='0', fixed='false') -%}
    {#- Select-list entries (each followed by a comma), one per level j of a
        code attribute's ladder: <attribute>__shown_at_<j>, the position in
        the catalogue's ladder of the level the record actually shows at j.
        floor: SQL of the catalogue position it may show no finer than (rule
        2, an ambiguous latest BCU): the level shown is the first of the
        ladder at or above it. fixed: SQL that is true where the attribute
        shows its floor at every level (the rank of a protected person). -#}
    {%- set levels = attribute['levels'] -%}
    {%- for level in levels %}
        case
            when {{ fixed }} then {{ disclosure_first_level_at(levels, floor, 0) }}
            else {{ disclosure_first_level_at(levels, floor, loop.index0) }}
        end as {{ attribute['name'] }}__shown_at_{{ loop.index0 }},
    {%- endfor %}
{%- endmacro %}

{% macro disclosure_first_level_at(levels, floor, j) -%}
    {#- The catalogue position of the first level of the ladder, from level j
        on, that is at or above the floor (the ladder ends with the
        catalogue's last level, so there always is one). -#}
    (case
        {%- for level in levels[j:] %}
        when {{ floor }} <= {{ level['catalogue_index'] }} then {{ level['catalogue_index'] }}
        {%- endfor %}
    end)
{%- endmacro %}

{% macro disclosure_values(attribute, source='linked') -%}
    {#- Select-list entries (each followed by a comma): <column>__<j>, the
        value of each key column of a code attribute at each level j (from
        <attribute>__shown_at_<j>), over the columns of relation `source`;
        null is read as WITHHELD. -#}
    {%- set levels = attribute['levels'] -%}
    {%- for level in levels %}
    {%- set j = loop.index0 %}
    {%- for column in attribute['columns'] %}
        coalesce(case {{ attribute['name'] }}__shown_at_{{ j }}
            {%- for shown in levels %}
            when {{ shown['catalogue_index'] }} then {{ shown['values'][column] | replace('linked.', source ~ '.') }}
            {%- endfor %}
        end, {{ withheld() }}) as {{ column }}__{{ j }},
    {%- endfor %}
    {%- endfor %}
{%- endmacro %}

{% macro disclosure_kept(attribute, truth='true_') -%}
    {#- Select-list entries (each followed by a comma): <attribute>__kept_<j>,
        how many key columns of a code attribute keep full detail at level j,
        weighted by var disclosure_control.column_weights: <column>__<j>
        against the true value <truth><column> (null read as WITHHELD). -#}
    {%- set weights = disclosure_policy()['weights'] -%}
    {%- for level in attribute['levels'] %}
    {%- set j = loop.index0 %}
        (
            {%- for column in attribute['columns'] %}
            {{ weights.get(column, 1) }} * (case when {{ column }}__{{ j }} = coalesce({{ truth }}{{ column }}, {{ withheld() }}) then 1 else 0 end)
            {%- if not loop.last %} +{% endif %}
            {%- endfor %}
        ) as {{ attribute['name'] }}__kept_{{ j }},
    {%- endfor %}
{%- endmacro %}

{% macro disclosure_level_columns(attributes) -%}
    {#- Select-list entries (each followed by a comma) of a levels model's
        final select: for each attribute and level j, where it shows
        (<attribute>__shown_at_<j> for a code, <attribute>__precision_<j> for
        a date), the value of each key column (<column>__<j>), and the key
        values it keeps (<attribute>__kept_<j>: a date keeps full detail
        where it shows at the precision the intruder knows it at, or finer). -#}
    {%- set weights = disclosure_policy()['weights'] -%}
    {%- for attribute in attributes %}
        {%- set name = attribute['name'] %}
        {%- for level in attribute['levels'] %}
            {%- set j = loop.index0 %}
        {{ name }}__{{ 'shown_at' if attribute['kind'] == 'code' else 'precision' }}_{{ j }},
            {%- for column in attribute['columns'] %}
        {{ column }}__{{ j }},
            {%- endfor %}
        {%- endfor %}
        {%- if attribute['kind'] == 'code' %}
        {{ disclosure_kept(attribute) }}
        {%- else %}
            {%- for level in attribute['levels'] %}
        {{ weights.get(name, 1) }} * (
            case when {{ name }}__precision_{{ loop.index0 }} <= {{ attribute['view_precision'] }} then 1 else 0 end
        ) as {{ name }}__kept_{{ loop.index0 }},
            {%- endfor %}
        {%- endif %}
    {%- endfor %}
{%- endmacro %}

{% macro disclosure_level_case(attribute, level_column, template) -%}
    {#- case <level_column> when j then <template with {j}> ... end, over the
        attribute's levels. -#}
    (case {{ level_column }}
        {%- for level in attribute['levels'] %}
        when {{ loop.index0 }} then {{ template | replace('{j}', loop.index0 | string) }}
        {%- endfor %}
    end)
{%- endmacro %}

{% macro disclosure_search_round(population, round, levels, previous=none) -%}
    {#- One round of the top-down search, for every class of the view at once
        (a class: the records that currently show the same key values).

        Round 1 starts from the coarsest view: every attribute at the top of
        its ladder. In each round, for each attribute not yet at its finest
        level, a class works out the split that would reveal it: a record
        whose value at the finest level is shared by at least k records of the
        class shows it; the rest pool at the next level (ten-year band, rank
        group, FORCE), and pools of k show that; anyone left stays as they
        were (the class's remainder), and should the remainder hold fewer than
        k, the smallest revealed part stays with it. So no class ever drops
        below k. Each class then reveals the attribute whose split brings the
        most key values to full detail (weighted), discounted for splits into
        many small classes (var disclosure_control.fragmentation_discount);
        ties go to the catalogue's order. A class that revealed nothing in the
        last round cannot change (no one joins a class that did not split): it
        is carried over as it is.

        Each attribute's split is worked out in a branch of its own, over the
        few columns it needs, and the branches are joined back by the record's
        key: the window functions then move narrow rows.

        population: employees or applicants; round: its number (1 starts
        from the top); levels: the population's levels model; previous: the
        round before (none for round 1). -#}
    {%- set policy = disclosure_policy() -%}
    {%- set attributes = policy['populations'][population] -%}
    {%- set k = policy['k'] -%}
    {%- set discount = policy['fragmentation_discount'] -%}
    {%- set key = {'employees': 'pay_number', 'applicants': 'applicant_ref'}[population] -%}
    {%- set string = api.Column.translate_type('string') -%}
    {%- set view_parts = [] -%}
    {%- for attribute in attributes -%}
        {%- for column in attribute['columns'] -%}
            {%- if view_parts -%}{%- do view_parts.append("'|'") -%}{%- endif -%}
            {%- do view_parts.append("coalesce(" ~ dbt.cast('v_' ~ column, string) ~ ", '~')") -%}
        {%- endfor -%}
    {%- endfor -%}
with

levels as (
    select * from {{ levels }}
),
{%- if previous is not none %}

previous_round as (
    select * from {{ previous }}
),
{%- endif %}

state as (
    -- each record's current level of every attribute
    select
        levels.*,
        {%- for attribute in attributes %}
        {%- if previous is none %}
        {{ attribute['levels'] | length - 1 }} as {{ attribute['name'] }}_level,
        {%- else %}
        previous_round.{{ attribute['name'] }}_level,
        {%- endif %}
        {%- endfor %}
        {%- if previous is none %}
        true as was_active
        {%- else %}
        coalesce(previous_round.best_gain, 0) > 0 as was_active
        {%- endif %}
    from levels
    {%- if previous is not none %}
    inner join previous_round
        on levels.{{ key }} = previous_round.{{ key }}
    {%- endif %}
),

viewed as (
    -- the view each record shows now, and the key values it keeps
    select
        *,
        {%- for attribute in attributes %}
        {%- for column in attribute['columns'] %}
        {{ disclosure_level_case(attribute, attribute['name'] ~ '_level', column ~ '__{j}') }} as v_{{ column }},
        {%- endfor %}
        {{ disclosure_level_case(attribute, attribute['name'] ~ '_level', attribute['name'] ~ '__kept_{j}') }}
            as {{ attribute['name'] }}_kept{% if not loop.last %},{% endif %}
        {%- endfor %}
    from state
),

keyed as (
    select
        *,
        {{ dbt.concat(view_parts) }} as class_key
    from viewed
),

classes as (
    -- a class changes only where it split last round
    select
        *,
        count(*) over (partition by class_key) as class_size,
        max(case when was_active then 1 else 0 end) over (partition by class_key) as class_active
    from keyed
),

active as {{ not_materialized() }} (
    select * from classes
    where class_active = 1
),
{%- for attribute in attributes %}
{%- set a = attribute['name'] %}
{%- set top = attribute['levels'] | length - 1 %}
{%- set settled = [] %}
{%- set branch = namespace(name=a ~ '_branch') %}

{{ a }}_branch as (
    -- {{ a }}: the columns its split needs
    select
        {{ key }},
        class_key,
        class_size,
        {{ a }}_level,
        {{ a }}_kept,
        {%- for column in attribute['columns'] %}
        v_{{ column }},
        {%- endfor %}
        {%- for level in attribute['levels'] %}
        {%- set j = loop.index0 %}
        {%- for column in attribute['columns'] %}
        {{ column }}__{{ j }},
        {%- endfor %}
        {{ a }}__kept_{{ j }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from active
),
{%- for j in range(top) %}
{%- set condition -%}
{{ a }}_level > {{ j }}{% for s in settled %} and not {{ s }}{% endfor %}
{%- endset %}

{{ a }}_counted_{{ j }} as (
    -- {{ a }}: how many records of the class, not settled finer, share each level-{{ j }} value
    select
        *,
        sum(case when {{ condition }} then 1 else 0 end) over (
            partition by class_key{% for column in attribute['columns'] %}, {{ column }}__{{ j }}{% endfor %}
        ) as {{ a }}_count_{{ j }}
    from {{ branch.name }}
),

{{ a }}_settled_{{ j }} as (
    select
        *,
        ({{ condition }} and {{ a }}_count_{{ j }} >= {{ k }}) as {{ a }}_settles_{{ j }}
    from {{ a }}_counted_{{ j }}
),
{%- do settled.append(a ~ '_settles_' ~ j) %}
{%- set branch.name = a ~ '_settled_' ~ j %}
{%- endfor %}

{{ a }}_split as (
    -- {{ a }}: the level each record would show, and the size of the part it shows it with
    select
        *,
        case{% for j in range(top) %} when {{ a }}_settles_{{ j }} then {{ j }}{% endfor %} else {{ a }}_level end as {{ a }}_new,
        case{% for j in range(top) %} when {{ a }}_settles_{{ j }} then {{ a }}_count_{{ j }}{% endfor %} end as {{ a }}_part_size
    from {{ branch.name }}
),

{{ a }}_split_values as (
    select
        *,
        {%- for column in attribute['columns'] %}
        {{ disclosure_level_case(attribute, a ~ '_new', column ~ '__{j}') }} as {{ a }}_new_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ a }}_split
),
{%- set same -%}
({% for column in attribute['columns'] %}{{ equal_or_both_null(a ~ '_new_' ~ column, 'v_' ~ column) }}{% if not loop.last %} and {% endif %}{% endfor %})
{%- endset %}
{%- set parts = [dbt.cast(a ~ '_new', string)] %}
{%- for column in attribute['columns'] %}
{%- do parts.extend(["'|'", 'coalesce(' ~ dbt.cast(a ~ '_new_' ~ column, string) ~ ", '~')"]) %}
{%- endfor %}
{%- set part_key = dbt.concat(parts) %}

{{ a }}_remainder as (
    -- {{ a }}: the records that would stay as they are and, should they be
    -- fewer than k, the smallest revealed part, which stays with them
    select
        *,
        {{ same }} as {{ a }}_stays,
        {{ part_key }} as {{ a }}_part,
        sum(case when {{ same }} then 1 else 0 end) over (partition by class_key) as {{ a }}_remainder_size,
        first_value(case when not {{ same }} then {{ part_key }} end) over (
            partition by class_key
            order by
                case when {{ same }} then 1 else 0 end asc,
                {{ a }}_part_size asc nulls last,
                {{ a }}_new desc{% for column in attribute['columns'] %},
                {{ a }}_new_{{ column }} asc nulls first{% endfor %}
        ) as {{ a }}_part_kept_back
    from {{ a }}_split_values
),

{{ a }}_final as (
    select
        *,
        case
            when
                {{ a }}_remainder_size > 0 and {{ a }}_remainder_size < {{ k }}
                and not {{ a }}_stays and {{ a }}_part = {{ a }}_part_kept_back
                then {{ a }}_level
            else {{ a }}_new
        end as {{ a }}_revealed
    from {{ a }}_remainder
),
{%- set gained -%}
sum({{ disclosure_level_case(attribute, a ~ '_revealed', a ~ '__kept_{j}') }} - {{ a }}_kept) over (partition by class_key)
{%- endset %}
{%- if discount > 0 %}

{{ a }}_children as (
    -- {{ a }}: the size of the class each record would be in
    select
        *,
        count(*) over (
            partition by class_key{% for column in attribute['columns'] %}, {{ disclosure_level_case(attribute, a ~ '_revealed', column ~ '__{j}') }}{% endfor %}
        ) as {{ a }}_child_size
    from {{ a }}_final
),
{%- set gained -%}
({{ gained }}) / (1 + {{ discount }} * avg(ln({{ dbt.cast('class_size', api.Column.translate_type('float')) }} / {{ a }}_child_size)) over (partition by class_key))
{%- endset %}
{%- set gain_source = a ~ '_children' %}
{%- else %}
{%- set gain_source = a ~ '_final' %}
{%- endif %}

{{ a }}_gain as (
    -- {{ a }}: key values brought to full detail (weighted, discounted), then levels revealed
    select
        {{ key }},
        {{ a }}_revealed,
        {{ dbt.cast('(' ~ gained ~ ') * 1000000', api.Column.translate_type('bigint')) }}
        + sum({{ a }}_level - {{ a }}_revealed) over (partition by class_key) as {{ a }}_gain
    from {{ gain_source }}
),
{%- endfor %}

gains as (
    select
        active.{{ key }},
        {%- for attribute in attributes %}
        active.{{ attribute['name'] }}_level,
        {{ attribute['name'] }}_gain.{{ attribute['name'] }}_revealed,
        {{ attribute['name'] }}_gain.{{ attribute['name'] }}_gain,
        {%- endfor %}
        greatest({% for attribute in attributes %}{{ attribute['name'] }}_gain.{{ attribute['name'] }}_gain{% if not loop.last %}, {% endif %}{% endfor %}) as best_gain
    from active
    {%- for attribute in attributes %}
    inner join {{ attribute['name'] }}_gain
        on active.{{ key }} = {{ attribute['name'] }}_gain.{{ key }}
    {%- endfor %}
),
{%- set decided = {} %}
{%- for attribute in attributes %}
{%- set earlier = attributes[:loop.index0] %}
{%- set expression -%}
case
            when
                best_gain > 0 and {{ attribute['name'] }}_gain = best_gain
                {%- for other in earlier %} and {{ other['name'] }}_gain < best_gain{% endfor %}
                then {{ attribute['name'] }}_revealed
            else {{ attribute['name'] }}_level
        end
{%- endset %}
{%- do decided.update({attribute['name']: expression}) %}
{%- endfor %}

decided as (
    -- each class reveals the attribute with the best gain (the first, on a tie)
    select
        {{ key }},
        {%- for attribute in attributes %}
        {{ decided[attribute['name']] }} as {{ attribute['name'] }}_level,
        {%- endfor %}
        case
            {%- for attribute in attributes %}
            when best_gain > 0 and {{ attribute['name'] }}_gain = best_gain then '{{ attribute['name'] }}'
            {%- endfor %}
        end as chosen_attribute,
        best_gain,
        (
            {%- for attribute in attributes %}
            {{ decided[attribute['name']] }} <> {{ attribute['name'] }}_level{% if not loop.last %} or{% endif %}
            {%- endfor %}
        ) as changed_level
    from gains
),

carried_over as (
    -- classes that cannot change this round
    select
        {{ key }},
        {%- for attribute in attributes %}
        {{ attribute['name'] }}_level,
        {%- endfor %}
        {{ dbt.cast('null', string) }} as chosen_attribute,
        {{ dbt.cast('0', api.Column.translate_type('bigint')) }} as best_gain,
        false as changed_level
    from classes
    where class_active = 0
),

final as (
    select
        *,
        {{ round }} as search_round
    from decided
    union all
    select
        *,
        {{ round }} as search_round
    from carried_over
)

select * from final
{%- endmacro %}

{% macro disclosure_last_resort(population, viewed) -%}
    {#- CTEs of the last resort, after the search's last round. `viewed` holds
        one row per record with v_<column>, its value on the view. A record
        still in a class smaller than k (only where the coarsest view already
        was: a rare five-year join period) is withheld on every key variable,
        its dates with them. Withholding everything is no exemption: the
        withheld class must hold k too, so where it holds 1 to k - 1 records
        the smallest other classes join it until it does. The last CTE,
        decided, adds is_below_k, is_taken_into_withheld_class and
        is_withheld_entirely. -#}
    {%- set policy = disclosure_policy() -%}
    {%- set k = policy['k'] -%}
    {%- set columns = disclosure_key_columns(population) -%}
    {%- set dates = [] -%}
    {%- for attribute in policy['populations'][population] if attribute['kind'] == 'date' -%}
        {%- do dates.extend(attribute['columns']) -%}
    {%- endfor -%}
sized as (
    select
        *,
        count(*) over (
            partition by {% for column in columns %}v_{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}
        ) as class_size
    from {{ viewed }}
),

forced as (
    -- a record in a class smaller than k is withheld on every key variable
    select
        *,
        class_size < {{ k }} as is_below_k,
        {%- for column in columns %}
        case
            when class_size < {{ k }} then {% if column in dates %}null{% else %}{{ withheld() }}{% endif %}
            else v_{{ column }}
        end as f_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from sized
),

final_classes as (
    select
        {%- for column in columns %}
        f_{{ column }},
        {%- endfor %}
        count(*) as class_size,
        max(case
            when
                {%- for column in columns %}
                {% if column in dates %}f_{{ column }} is null{% else %}f_{{ column }} = {{ withheld() }}{% endif %}{% if not loop.last %} and{% endif %}
                {%- endfor %}
                then 1
            else 0
        end) as is_all_withheld
    from forced
    group by {% for column in columns %}f_{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}
),

withheld_class as (
    select coalesce(sum(case when is_all_withheld = 1 then class_size else 0 end), 0) as withheld_size
    from final_classes
),

made_up as (
    -- where the withheld class holds 1 to k - 1 records, the smallest other
    -- classes join it until it holds k
    select
        final_classes.*,
        sum(final_classes.class_size) over (
            order by
                final_classes.class_size asc
                {%- for column in columns %},
                final_classes.f_{{ column }} asc nulls first
                {%- endfor %}
            rows between unbounded preceding and current row
        ) - final_classes.class_size as taken_before,
        withheld_class.withheld_size
    from final_classes
    cross join withheld_class
    where
        final_classes.is_all_withheld = 0
        and withheld_class.withheld_size > 0
        and withheld_class.withheld_size < {{ k }}
),

taken as (
    select * from made_up
    where taken_before < {{ k }} - withheld_size
),

decided as (
    select
        forced.*,
        forced.is_below_k or taken.class_size is not null as is_withheld_entirely,
        taken.class_size is not null as is_taken_into_withheld_class
    from forced
    left join taken
        on
            {%- for column in columns %}
            {{ equal_or_both_null('forced.f_' ~ column, 'taken.f_' ~ column) }}{% if not loop.last %} and{% endif %}
            {%- endfor %}
)
{%- endmacro %}
