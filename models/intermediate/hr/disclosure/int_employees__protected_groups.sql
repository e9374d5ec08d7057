{#- Rule 2: every holder of a protected rank is put in a group of k to 2k - 1
    such holders who are alike, and each member is shown no more precisely
    than what the whole group has in common, so that what a colleague knows
    about any one of them fits every other. Only what the policy says the
    intruder knows (var disclosure_control.intruder.protected_person) is
    made common. -#}
{%- set policy = disclosure_policy() -%}
{%- set k = policy['k'] -%}
{%- set known = policy['protected_person'] -%}
{%- set join_known = policy['protected_precision']['date_joined'] -%}
{%- set appointment_known = policy['protected_precision']['appointed'] -%}

with

linked as (
    select * from {{ ref('int_employees__linked') }}
),

protected as (
    -- the holders of a protected rank, by their most senior rank
    select
        *,
        count(*) over (partition by staff_type, rank_code_group) as stratum_size
    from linked
    where is_protected
),

stratified as (
    -- alike first: the same staff type and rank group, where k of them share it
    select
        *,
        case
            when stratum_size >= {{ k }} then {{ dbt.concat(['staff_type', "'|'", 'rank_code_group']) }}
            else 'pool'
        end as stratum,
        {{ whole_division('join_month', 60) }} as join_period,
        {{ whole_division('appointed_month', 60) }} as appointment_period
    from protected
),

by_periods as (
    -- then, where k of them share it, the same five-year periods of joining
    -- and appointment, or of joining alone
    select
        *,
        count(*) over (partition by stratum, join_period, appointment_period) as periods_size
    from stratified
),

by_join_period as (
    select
        *,
        sum(case when periods_size < {{ k }} then 1 else 0 end) over (
            partition by stratum, join_period
        ) as join_period_size
    from by_periods
),

celled as (
    select
        *,
        case
            when periods_size >= {{ k }}
                then {{ dbt.concat([
                    'stratum', "'|j'", dbt.cast('join_period', api.Column.translate_type('string')),
                    "'|a'", dbt.cast('appointment_period', api.Column.translate_type('string')),
                ]) }}
            when join_period_size >= {{ k }}
                then {{ dbt.concat(['stratum', "'|j'", dbt.cast('join_period', api.Column.translate_type('string'))]) }}
            else stratum
        end as cell
    from by_join_period
),

cell_sizes as (
    select
        *,
        count(*) over (partition by cell) as cell_size
    from celled
),

large_cells as (
    select distinct
        stratum,
        cell,
        cell_size
    from cell_sizes
    where cell_size >= {{ k }}
),

cells as (
    -- every cell that holds k, the largest first in its stratum and overall
    select
        stratum,
        cell,
        row_number() over (partition by stratum order by cell_size desc, cell asc) as position_in_stratum,
        row_number() over (order by cell_size desc, cell asc) as position_overall
    from large_cells
),

merged as (
    -- a cell of fewer than k (what is left of a stratum, or a small pool)
    -- joins the largest cell of its stratum, else the largest of all
    select
        cell_sizes.*,
        case
            when cell_sizes.cell_size >= {{ k }} then cell_sizes.cell
            else coalesce(same_stratum.cell, largest.cell, cell_sizes.cell)
        end as group_cell
    from cell_sizes
    left join cells as same_stratum
        on
            cell_sizes.stratum = same_stratum.stratum
            and same_stratum.position_in_stratum = 1
    left join cells as largest
        on largest.position_overall = 1
),

ordered as (
    -- the most alike next to each other
    select
        *,
        row_number() over (
            partition by group_cell
            order by
                rank_seniority desc, rank_code asc, gender asc nulls first, birth_year asc nulls first,
                join_month asc, appointed_month asc nulls first, pay_number asc
        ) as group_position,
        count(*) over (partition by group_cell) as group_cell_size
    from merged
),

grouped as (
    -- groups of k in that order; the last group of a cell takes the rest (fewer than 2k)
    select
        *,
        {{ dbt.concat([
            'group_cell', "'#'",
            dbt.cast(
                'least(' ~ whole_division('group_position - 1', k) ~ ', greatest('
                ~ whole_division('group_cell_size', k) ~ ' - 1, 0))',
                api.Column.translate_type('string'),
            ),
        ]) }} as protected_group
    from ordered
),

hulls as (
    -- what each group has in common
    select
        protected_group,
        count(*) as group_size,
        min(staff_type) as least_staff_type,
        max(staff_type) as greatest_staff_type,
        min(gender) as least_gender,
        max(gender) as greatest_gender,
        min(birth_year_band) as least_band,
        max(birth_year_band) as greatest_band,
        min(birth_year_band_10) as least_band_10,
        max(birth_year_band_10) as greatest_band_10,
        min(rank_code) as least_rank_code,
        max(rank_code) as greatest_rank_code,
        min(rank_code_group) as least_code_group,
        max(rank_code_group) as greatest_code_group,
        min(rank_group) as least_rank_group,
        max(rank_group) as greatest_rank_group,
        min({{ period_start('join_month', join_known) }}) as least_join,
        max({{ period_start('join_month', join_known) }}) as greatest_join,
        min({{ period_start('appointed_month', appointment_known) }}) as least_appointed,
        max({{ period_start('appointed_month', appointment_known) }}) as greatest_appointed,
        min({{ period_start('appointed_group_month', appointment_known) }}) as least_group_start,
        max({{ period_start('appointed_group_month', appointment_known) }}) as greatest_group_start,
        min({{ period_start('first_rank_month', appointment_known) }}) as least_first_rank,
        max({{ period_start('first_rank_month', appointment_known) }}) as greatest_first_rank
    from grouped
    group by protected_group
),

floors as (
    -- the finest level of each attribute (its position in the catalogue's
    -- ladder) at which the whole group looks the same; an attribute the
    -- intruder does not know needs none
    select
        *,
        case
            when {{ ('staff_type' not in known) | lower }} or least_staff_type = greatest_staff_type then 0
            else 1
        end as staff_type_floor,
        case
            when {{ ('gender' not in known) | lower }} then 0
            when {{ equal_or_both_null('least_gender', 'greatest_gender') }} then 0
            else 1
        end as gender_floor,
        case
            when {{ ('birth_year' not in known) | lower }} then 0
            when {{ equal_or_both_null('least_band', 'greatest_band') }} then 0
            when {{ equal_or_both_null('least_band_10', 'greatest_band_10') }} then 1
            else 2
        end as birth_year_band_floor,
        -- the rank: the code where all hold it; the group where all share the
        -- group of their most senior rank and it is the most senior group
        -- each shows; else withheld
        case
            when least_rank_code = greatest_rank_code then 0
            when
                least_code_group = greatest_code_group
                and least_rank_group = greatest_rank_group
                and least_code_group = least_rank_group
                then 1
            else 2
        end as rank_code_floor
    from hulls
),

windows as (
    -- the periods the group's join and appointment dates are shown at: the
    -- exported row that answers for the appointment is the row itself (rank
    -- code), the merged period of its group (group) or the one withheld
    -- period (withheld), so its start and every member's appointment fall in
    -- one period; none for a date the intruder does not know
    select
        *,
        case
            when {{ ('date_joined' not in known) | lower }} then 0
            else {{ hull_precision('least_join', 'greatest_join') }}
        end as join_hull_precision,
        case
            when {{ ('appointed' not in known) | lower }} then 0
            when rank_code_floor = 0 then {{ hull_precision('least_appointed', 'greatest_appointed') }}
            when rank_code_floor = 1 then {{ hull_precision(
                'least(least_appointed, least_group_start)', 'greatest(greatest_appointed, greatest_group_start)'
            ) }}
            else {{ hull_precision(
                'least(least_appointed, least_first_rank)', 'greatest(greatest_appointed, greatest_first_rank)'
            ) }}
        end as appointment_window_precision
    from floors
),

final as (
    select
        -- keys
        grouped.pay_number,
        grouped.protected_group,
        windows.group_size,

        -- the finest level each attribute may show (position in the catalogue's ladder)
        windows.staff_type_floor,
        windows.gender_floor,
        windows.birth_year_band_floor,
        windows.rank_code_floor,

        -- date windows (precision codes, macro date_precisions; start as a month index)
        windows.join_hull_precision,
        windows.appointment_window_precision,
        case
            when windows.appointment_window_precision between 1 and 4
                then {{ period_start('grouped.appointed_month', 'windows.appointment_window_precision') }}
        end as appointment_window_start
    from grouped
    inner join windows
        on grouped.protected_group = windows.protected_group
)

select * from final
