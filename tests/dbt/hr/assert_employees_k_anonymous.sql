{#- The linked person view recomputed from the export tables alone, as the
    Home Office could join them on employee_id: every class of its
    quasi-identifiers must hold at least k employees, except records whose
    quasi-identifiers are all withheld. Returns the employees in smaller
    classes. -#}
{%- set quasi_identifiers = [
    'staff_type', 'gender', 'ethnicity_16', 'ethnicity_6', 'birth_year_band', 'rank_code', 'bcu_code'
] -%}

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
        employees.staff_type,
        employees.gender,
        employees.ethnicity_16,
        employees.ethnicity_6,
        employees.birth_year_band,
        ranked_ranks.rank_code,
        ranked_assignments.bcu_code
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
        count(*) over (partition by {{ quasi_identifiers | join(', ') }}) as class_size
    from linked
),

final as (
    select * from classes
    where
        class_size < {{ k_anonymity() }}
        and not {{ is_withheld(quasi_identifiers) }}
)

select * from final
