{#- Rule 1: the extended linked person view recomputed from the export
    tables alone, as the Home Office could join them on employee_id: every
    class of its key variables (var disclosure_control.intruder.employee_view:
    staff_type, gender, ethnicity, birth_year_band, the most senior rank_code
    and the latest bcu_code the export shows, and date_joined at the
    precision the intruder knows it, a year) holds at least k employees. An
    absent or null value is read as WITHHELD; a withheld record is no
    exemption. Returns the employees in smaller classes. -#}
{%- set policy = disclosure_policy() -%}
{%- set columns = disclosure_key_columns('employees') -%}
{%- set joined = policy['populations']['employees'] | selectattr('name', 'equalto', 'date_joined') | list -%}
{#- a date the intruder does not know is compared to the day (precision 0) -#}
{%- set view_precision = joined[0]['view_precision'] if joined else 0 -%}
{%- set w = withheld() -%}

with

employees as (
    select * from {{ ref('employees') }}
),

rank_history as (
    select * from {{ ref('rank_history') }}
),

assignments as (
    select * from {{ ref('assignments') }}
),

rank_seniority as (
    {{ rank_seniority_lookup() }}
),

ranked_ranks as (
    select
        rank_history.employee_id,
        rank_history.rank_code,
        row_number() over (
            partition by rank_history.employee_id
            order by {{ most_senior_first('rank_history.rank_code', 'rank_seniority.seniority') }}
        ) as rank_order
    from rank_history
    left join rank_seniority
        on rank_history.rank_code = rank_seniority.rank_value
),

ranked_assignments as (
    select
        employee_id,
        bcu_code,
        row_number() over (
            partition by employee_id
            order by {{ latest_assignment_first('bcu_code', 'start_date', 'end_date') }}
        ) as assignment_order
    from assignments
),

linked as (
    select
        employees.employee_id,
        coalesce(employees.staff_type, {{ w }}) as staff_type,
        coalesce(employees.gender, {{ w }}) as gender,
        coalesce(employees.ethnicity_16, {{ w }}) as ethnicity_16,
        coalesce(employees.ethnicity_6, {{ w }}) as ethnicity_6,
        coalesce(employees.birth_year_band, {{ w }}) as birth_year_band,
        coalesce(ranked_ranks.rank_code, {{ w }}) as rank_code,
        coalesce(ranked_assignments.bcu_code, {{ w }}) as bcu_code,
        {{ period_start(month_index('employees.date_joined'), view_precision) }} as date_joined
    from employees
    left join ranked_ranks
        on
            employees.employee_id = ranked_ranks.employee_id
            and ranked_ranks.rank_order = 1
    left join ranked_assignments
        on
            employees.employee_id = ranked_assignments.employee_id
            and ranked_assignments.assignment_order = 1
),

classes as (
    select
        *,
        count(*) over (partition by {{ columns | join(', ') }}) as class_size
    from linked
),

final as (
    select * from classes
    where class_size < {{ k_anonymity() }}
)

select * from final
