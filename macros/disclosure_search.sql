{#- The mechanics of HR disclosure control (docs block hr_disclosure_control):
    the value of every key variable at every level of its ladder, one round of
    the top-down search, and the last resort. What each level shows is the
    catalogue's (macros/disclosure_catalogue.sql); the policy is var
    disclosure_control. -#}

{% macro disclosure_search_rounds() -%}
    {#- How many rounds the search runs per population: one model per round
        (int_<population>__search_round_NN), so that each round reads the last
        from a table. The search has converged in 8 rounds on every data set
        tried; a round after that copies the one before
        (disclosure_search_round_converged), and audit.disclosure_control_rounds
        shows whether the last one changed anything. -#}
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

        Every attribute's split is worked out at once, on one row per record
        and attribute (its values at each level encoded as text that sorts
        like the values, nulls first), so that each step is one window over
        all attributes rather than one per attribute.

        population: employees or applicants; round: its number (1 starts
        from the top); levels: the population's levels model; previous: the
        round before (none for round 1). -#}
    {%- set policy = disclosure_policy() -%}
    {%- set attributes = policy['populations'][population] -%}
    {%- set k = policy['k'] -%}
    {%- set discount = policy['fragmentation_discount'] -%}
    {%- set key = {'employees': 'pay_number', 'applicants': 'applicant_ref'}[population] -%}
    {%- set string = api.Column.translate_type('string') -%}
    {%- set most_levels = attributes | map(attribute='levels') | map('length') | max -%}
    {%- set view_parts = [] -%}
    {%- for attribute in attributes -%}
        {%- for column in attribute['columns'] -%}
            {%- if view_parts -%}{%- do view_parts.append("'|'") -%}{%- endif -%}
            {%- do view_parts.append("coalesce(" ~ dbt.cast('v_' ~ column, string) ~ ", '~')") -%}
        {%- endfor -%}
    {%- endfor -%}
{%- if previous is not none and disclosure_search_converged(previous) %}
{{- disclosure_search_round_converged(attributes, key, round, previous) }}
{%- else %}
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
    -- the view each record shows now
    select
        *,
        {%- for attribute in attributes %}
        {%- for column in attribute['columns'] %}
        {{ disclosure_level_case(attribute, attribute['name'] ~ '_level', column ~ '__{j}') }}
            as v_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}{% if not loop.last %},{% endif %}
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

class_ids as (
    -- a number per active class: the windows below partition by it
    select
        class_key,
        dense_rank() over (order by class_key) as class_id
    from (select distinct class_key from classes where class_active = 1) as active_classes
),

active as (
    select
        classes.*,
        class_ids.class_id
    from classes
    inner join class_ids
        on classes.class_key = class_ids.class_key
),

by_attribute as (
    -- one row per active record and attribute: its level, and at each level
    -- its value (text) and the key values it keeps
    {%- for attribute in attributes %}
    {%- set a = attribute['name'] %}
    {%- set count = attribute['levels'] | length %}
    select
        {{ key }},
        class_id,
        class_size,
        '{{ a }}' as attribute,
        {{ a }}_level as attribute_level,
        {%- for j in range(most_levels) %}
        {%- if j < count %}
        {{ disclosure_encoded(attribute, j) }} as value_{{ j }},
        {{ a }}__kept_{{ j }} as kept_{{ j }}{% if not loop.last %},{% endif %}
        {%- else %}
        {{ dbt.cast('null', string) }} as value_{{ j }},
        {{ dbt.cast('null', api.Column.translate_type('float')) }} as kept_{{ j }}{% if not loop.last %},{% endif %}
        {%- endif %}
        {%- endfor %}
    from active
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

current_view as (
    select
        *,
        {{ disclosure_at_level('attribute_level', 'value', most_levels) }} as current_value,
        {{ disclosure_at_level('attribute_level', 'kept', most_levels) }} as current_kept
    from by_attribute
),
{%- set previous_cte = namespace(name='current_view') %}
{%- set settled = [] %}
{%- for j in range(most_levels - 1) %}
{%- set condition -%}
attribute_level > {{ j }}{% for s in settled %} and not {{ s }}{% endfor %}
{%- endset %}

counted_{{ j }} as (
    -- how many records of the class, not settled finer, share each level-{{ j }} value
    select
        *,
        sum(case when {{ condition }} then 1 else 0 end) over (
            partition by class_id, attribute, value_{{ j }}
        ) as count_{{ j }}
    from {{ previous_cte.name }}
),

settled_{{ j }} as (
    select
        *,
        ({{ condition }} and count_{{ j }} >= {{ k }}) as settles_{{ j }}
    from counted_{{ j }}
),
{%- do settled.append('settles_' ~ j) %}
{%- set previous_cte.name = 'settled_' ~ j %}
{%- endfor %}

split as (
    -- the level each record would show, the size of the part it shows it
    -- with, and whether its value would stay as it is
    select
        *,
        case{% for j in range(most_levels - 1) %} when settles_{{ j }} then {{ j }}{% endfor %} else attribute_level end as new_level,
        case{% for j in range(most_levels - 1) %} when settles_{{ j }} then count_{{ j }}{% endfor %} end as part_size
    from {{ previous_cte.name }}
),

split_values as (
    select
        *,
        {{ disclosure_at_level('new_level', 'value', most_levels) }} as new_value
    from split
),

remainder as (
    -- the records that would stay as they are and, should they be fewer
    -- than k, the smallest revealed part, which stays with them
    select
        *,
        new_value = current_value as stays,
        {{ dbt.concat([dbt.cast('new_level', string), "'|'", 'new_value']) }} as part,
        sum(case when new_value = current_value then 1 else 0 end) over (
            partition by class_id, attribute
        ) as remainder_size,
        first_value(
            case when new_value <> current_value then {{ dbt.concat([dbt.cast('new_level', string), "'|'", 'new_value']) }} end
        ) over (
            partition by class_id, attribute
            order by
                case when new_value = current_value then 1 else 0 end asc,
                part_size asc nulls last,
                new_level desc,
                new_value asc
        ) as part_kept_back
    from split_values
),

revealed as (
    select
        *,
        case
            when remainder_size > 0 and remainder_size < {{ k }} and not stays and part = part_kept_back
                then attribute_level
            else new_level
        end as revealed_level
    from remainder
),

revealed_values as (
    select
        *,
        {{ disclosure_at_level('revealed_level', 'value', most_levels) }} as revealed_value,
        {{ disclosure_at_level('revealed_level', 'kept', most_levels) }} as revealed_kept
    from revealed
),
{%- set gained = 'sum(revealed_kept - current_kept) over (partition by class_id, attribute)' %}
{%- if discount > 0 %}

children as (
    -- the size of the class each record would be in
    select
        *,
        count(*) over (partition by class_id, attribute, revealed_value) as child_size
    from revealed_values
),
{%- set gained -%}
({{ gained }}) / (1 + {{ discount }} * avg(ln({{ dbt.cast('class_size', api.Column.translate_type('float')) }} / child_size)) over (partition by class_id, attribute))
{%- endset %}
{%- set gain_source = 'children' %}
{%- else %}
{%- set gain_source = 'revealed_values' %}
{%- endif %}

scored as (
    -- key values brought to full detail (weighted, discounted), then levels revealed
    select
        {{ key }},
        attribute,
        revealed_level,
        {{ nearest_integer('(' ~ gained ~ ') * 1000000') }}
        + sum(attribute_level - revealed_level) over (partition by class_id, attribute) as gain
    from {{ gain_source }}
),

gains as (
    -- back to one row per record
    select
        {{ key }},
        {%- for attribute in attributes %}
        max(case when attribute = '{{ attribute['name'] }}' then revealed_level end) as {{ attribute['name'] }}_revealed,
        max(case when attribute = '{{ attribute['name'] }}' then gain end) as {{ attribute['name'] }}_gain{% if not loop.last %},{% endif %}
        {%- endfor %}
    from scored
    group by {{ key }}
),

best as (
    select
        active.{{ key }},
        {%- for attribute in attributes %}
        active.{{ attribute['name'] }}_level,
        gains.{{ attribute['name'] }}_revealed,
        gains.{{ attribute['name'] }}_gain,
        {%- endfor %}
        greatest({% for attribute in attributes %}gains.{{ attribute['name'] }}_gain{% if not loop.last %}, {% endif %}{% endfor %}) as best_gain
    from active
    inner join gains
        on active.{{ key }} = gains.{{ key }}
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
    from best
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
{%- endif %}
{%- endmacro %}

{% macro disclosure_search_converged(previous) -%}
    {#- True when no record changed in the round before previous either, so
        that no class is active: every record of this round is carried over.
        Asked of the warehouse when the round is built; false while dbt only
        parses, or compiles before the round before was ever built. -#}
    {%- if not execute or load_relation(previous) is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set active = run_query(
        "select count(*) from " ~ previous ~ " where coalesce(best_gain, 0) > 0"
    ) -%}
    {{ return(active.columns[0].values()[0] == 0) }}
{%- endmacro %}

{% macro disclosure_search_round_converged(attributes, key, round, previous) -%}
    {#- A round after the search has converged: what the full round gives
        when no class is active (every record carried over as it is), without
        planning the full round's SQL, which costs Spark seconds a round. -#}
with

previous_round as (
    select * from {{ previous }}
),

final as (
    select
        {{ key }},
        {%- for attribute in attributes %}
        {{ attribute['name'] }}_level,
        {%- endfor %}
        {{ dbt.cast('null', api.Column.translate_type('string')) }} as chosen_attribute,
        {{ dbt.cast('0', api.Column.translate_type('bigint')) }} as best_gain,
        false as changed_level,
        {{ round }} as search_round
    from previous_round
)

select * from final
{%- endmacro %}

{% macro disclosure_encoded(attribute, j) -%}
    {#- An attribute's value at level j as one text that sorts like its key
        columns in order, nulls first (each column as text, null as the empty
        text, joined by a character below any in a value; a number padded to
        sort as a number). -#}
    {%- set string = api.Column.translate_type('string') -%}
    {%- set parts = [] -%}
    {%- for column in attribute['columns'] -%}
        {%- if parts -%}{%- do parts.append('chr(1)') -%}{%- endif -%}
        {%- if attribute['kind'] == 'date' -%}
            {%- do parts.append("coalesce(lpad(" ~ dbt.cast(column ~ '__' ~ j, string) ~ ", 12, '0'), '')") -%}
        {%- else -%}
            {%- do parts.append("coalesce(" ~ dbt.cast(column ~ '__' ~ j, string) ~ ", '')") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) if parts | length > 1 else parts[0] }}
{%- endmacro %}

{% macro disclosure_at_level(level, prefix, count) -%}
    {#- case <level> when j then <prefix>_<j> ... end, for levels 0 to count - 1. -#}
    (case {{ level }}{% for j in range(count) %} when {{ j }} then {{ prefix }}_{{ j }}{% endfor %} end)
{%- endmacro %}

{% macro disclosure_searched_view(attributes, levels, searched, key) -%}
    {#- The select of the view the search arrived at: each record's level per
        attribute (from the last round, `searched`) and its value on the view
        at that level (v_<column>), beside every column of `levels`, joined
        on `key`. -#}
    select
        {%- for attribute in attributes %}
            {{ searched }}.{{ attribute['name'] }}_level,
            {%- for column in attribute['columns'] %}
                {{ disclosure_level_case(
                    attribute, searched ~ '.' ~ attribute['name'] ~ '_level', levels ~ '.' ~ column ~ '__{j}'
                ) }} as v_{{ column }},
            {%- endfor %}
        {%- endfor %}
        {{ levels }}.*
    from {{ levels }}
    inner join {{ searched }}
        on {{ levels }}.{{ key }} = {{ searched }}.{{ key }}
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

{% macro nearest_integer(expression) -%}
    {#- A double as the nearest bigint, a half to the even neighbour: what
        DuckDB's cast does. Spark's cast truncates instead, so it rounds first. -#}
    {{ return(adapter.dispatch('nearest_integer', 'hodh')(expression)) }}
{%- endmacro %}

{% macro default__nearest_integer(expression) -%}
    {{ dbt.cast(expression, api.Column.translate_type('bigint')) }}
{%- endmacro %}

{% macro spark__nearest_integer(expression) -%}
    {{ dbt.cast('bround(' ~ expression ~ ', 0)', api.Column.translate_type('bigint')) }}
{%- endmacro %}
