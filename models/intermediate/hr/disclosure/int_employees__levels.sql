{#- Every key variable of the extended linked person view at every level of
    its ladder, per exported employee (the catalogue, macros/
    disclosure_catalogue.sql, says what each level shows). A protected rank's
    holder never shows finer than their rule-2 group (its floors); the latest
    BCU the export shows depends on how the postings' dates are shown, so it
    is worked out for every level of the join date, and where the levels
    disagree the BCU is never shown exactly. -#}
{%- set policy = disclosure_policy() -%}
{%- set base = policy['base'] -%}
{%- set weights = policy['weights'] -%}
{%- set attributes = {} -%}
{%- for attribute in policy['populations']['employees'] -%}
    {%- do attributes.update({attribute['name']: attribute}) -%}
{%- endfor -%}
{%- set joined = attributes.get('date_joined') -%}
{#- the join date's window at each of its levels: none at the precision the
    intruder knows it at (the table's precision shows that already), else the
    level's precision -#}
{%- set join_levels = [] -%}
{%- if joined -%}
    {%- for level in joined['levels'] -%}
        {%- do join_levels.append(level['precision'] if level['precision'] > joined['view_precision'] else 0) -%}
    {%- endfor -%}
{%- else -%}
    {%- do join_levels.append(0) -%}
{%- endif -%}
{%- set appointment_window = ('appointment_window_precision', 'appointment_window_start') -%}

with

linked as (
    select * from {{ ref('int_employees__linked') }}
),

protected_groups as (
    select * from {{ ref('int_employees__protected_groups') }}
),

assignments as (
    select * from {{ ref('int_assignments__validated') }}
),

people as (
    -- the true view, and what rule 2 fixes
    select
        linked.pay_number,
        linked.join_month,
        linked.staff_type as true_staff_type,
        linked.gender as true_gender,
        linked.ethnicity_16 as true_ethnicity_16,
        linked.ethnicity_6 as true_ethnicity_6,
        linked.birth_year_band as true_birth_year_band,
        linked.rank_code as true_rank_code,
        linked.bcu_code as true_bcu_code,
        linked.staff_type,
        linked.gender,
        linked.ethnicity_16,
        linked.ethnicity_6,
        linked.birth_year_band,
        linked.birth_year_band_10,
        linked.rank_code,
        linked.rank_group,
        linked.is_protected,
        protected_groups.protected_group,
        protected_groups.pay_number is not null as has_fixed_rank,
        coalesce(protected_groups.staff_type_floor, 0) as staff_type_floor,
        coalesce(protected_groups.gender_floor, 0) as gender_floor,
        coalesce(protected_groups.birth_year_band_floor, 0) as birth_year_band_floor,
        coalesce(protected_groups.rank_code_floor, 0) as rank_code_floor,
        coalesce(protected_groups.join_hull_precision, 0) as join_hull_precision,
        coalesce(protected_groups.appointment_window_precision, 0) as appointment_window_precision,
        protected_groups.appointment_window_start
    from linked
    left join protected_groups
        on linked.pay_number = protected_groups.pay_number
),

windows as (
    -- the period the join date is shown at, at each level of its ladder
    select
        *,
        {%- for window in join_levels %}
            greatest(join_hull_precision, {{ window }}) as join_window_precision_{{ loop.index0 }},
            case
                when greatest(join_hull_precision, {{ window }}) between 1 and 4
                    then {{ period_start('join_month', 'greatest(join_hull_precision, ' ~ window ~ ')') }}
            end as join_window_start_{{ loop.index0 }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from people
),

postings as (
    -- every exported posting, its dates as month indexes (pay_number from windows.*:
    -- a second copy is ambiguous on Spark)
    select
        assignments.bcu_code,
        assignments.start_date,
        assignments.end_date,
        windows.*,
        {{ month_index('assignments.start_date') }} as start_month,
        {{ month_index('assignments.end_date') }} as end_month,
        {{ month_index(dbt.dateadd('day', 1, 'assignments.end_date')) }} as end_next_month
    from assignments
    inner join windows
        on assignments.pay_number = windows.pay_number
    where assignments.quarantine_reason is null
),

postings_shown as (
    -- their dates as the export would show them, at each level of the join date
    select
        pay_number,
        bcu_code,
        {%- for window in join_levels %}
            {%- set windows_at_level = [
                ('join_window_precision_' ~ loop.index0, 'join_window_start_' ~ loop.index0), appointment_window,
            ] %}
            {{ shown_date('start_date', base['assignments'], windows_at_level, month='start_month') }}
                as start_date_{{ loop.index0 }},
            {{ shown_date(
                'end_date', base['assignments'], windows_at_level,
                is_end=true, month='end_month', next_month='end_next_month',
            ) }} as end_date_{{ loop.index0 }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from postings
),

postings_ordered as (
    select
        *,
        {%- for window in join_levels %}
            row_number() over (
                partition by pay_number
                order by {{ latest_assignment_first(
                    'bcu_code', 'start_date_' ~ loop.index0, 'end_date_' ~ loop.index0
                ) }}
            ) as posting_position_{{ loop.index0 }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from postings_shown
),

latest_bcu as (
    -- the latest BCU the export would show, at each level of the join date
    select
        pay_number,
        {%- for window in join_levels %}
            max(case when posting_position_{{ loop.index0 }} = 1 then bcu_code end)
                as latest_bcu_code_{{ loop.index0 }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from postings_ordered
    group by pay_number
),

viewable as (
    select
        windows.*,
        latest_bcu.latest_bcu_code_0 as bcu_code,
        -- where the levels of the join date disagree on the latest BCU, it is never shown exactly
        case
            {%- for window in join_levels[1:] %}
                when not {{ equal_or_both_null(
                    'latest_bcu.latest_bcu_code_0', 'latest_bcu.latest_bcu_code_' ~ loop.index
                ) }} then 1
            {%- endfor %}
            else 0
        end as bcu_code_floor
    from windows
    left join latest_bcu
        on windows.pay_number = latest_bcu.pay_number
),

placed as (
    -- the level of the catalogue's ladder each attribute actually shows at
    -- each level of its own ladder, and the precision of the join date
    select
        *,
        {%- for name, attribute in attributes.items() if attribute['kind'] == 'code' %}
            {%- if name == 'rank_code' %}
                {{ disclosure_shown_at(attribute, floor='rank_code_floor', fixed='has_fixed_rank') }}
            {%- elif name in ['staff_type', 'gender', 'birth_year_band', 'bcu_code'] %}
                {{ disclosure_shown_at(attribute, floor=name ~ '_floor') }}
            {%- else %}
                {{ disclosure_shown_at(attribute) }}
            {%- endif %}
        {%- endfor %}
        {%- for window in join_levels %}
            -- the precision date_joined shows at, at level {{ loop.index0 }} of its ladder
            case
                when join_window_precision_{{ loop.index0 }} = 5 or appointment_window_precision = 5 then 5
                else greatest(
                    {{ base['employees'] }},
                    join_window_precision_{{ loop.index0 }},
                    case
                        when {{ in_period('join_month', 'appointment_window_precision', 'appointment_window_start') }}
                            then appointment_window_precision
                        else 0
                    end
                )
            end as date_joined__precision_{{ loop.index0 }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from viewable
),

valued as (
    -- each key column's value at each level
    select
        *,
        {%- for name, attribute in attributes.items() if attribute['kind'] == 'code' %}
            {{ disclosure_values(attribute, source='placed') }}
        {%- endfor %}
        {%- for window in join_levels %}
            -- the join date as the view reads it, at the precision the intruder knows it at
            case
                when date_joined__precision_{{ loop.index0 }} < 5
                    then {{ period_start(
                        'join_month',
                        'greatest(' ~ joined['view_precision'] | default(3) ~ ', date_joined__precision_' ~ loop.index0 ~ ')',
                    ) }}
            end as date_joined__{{ loop.index0 }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from placed
),

final as (
    select
        -- keys
        pay_number,

        -- the true view (null read as WITHHELD where compared)
        true_staff_type,
        true_gender,
        true_ethnicity_16,
        true_ethnicity_6,
        true_birth_year_band,
        true_rank_code,
        true_bcu_code,
        join_month,

        -- each key variable at each level of its ladder, and the key values it keeps
        {{ disclosure_level_columns(attributes.values()) }}

        -- date windows at each level of the join date (precision codes, macro
        -- date_precisions; starts as month indexes)
        {%- for window in join_levels %}
            join_window_precision_{{ loop.index0 }},
            join_window_start_{{ loop.index0 }},
        {%- endfor %}
        appointment_window_precision,
        appointment_window_start,

        -- rule 2
        is_protected,
        protected_group
    from valued
)

select * from final
