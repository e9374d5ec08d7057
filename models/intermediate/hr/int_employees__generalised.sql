{%- set quasi_identifiers = [
    'staff_type', 'gender', 'ethnicity_16', 'ethnicity_6', 'birth_year_band', 'rank_code', 'bcu_code'
] -%}

with

linked as (
    select * from {{ ref('int_employees__linked') }}
),

{{ k_anonymise('employees', 'linked', 'pay_number', quasi_identifiers, carried=['rank_group']) }},

final as (
    select
        *,
        -- how the employee's rank_history and assignments rows show their codes
        case
            when rank_code = {{ withheld() }} then 'WITHHELD'
            when applied_rank_grouped then 'GROUP'
            else 'CODE'
        end as rank_shown_as,
        case
            when bcu_code = {{ withheld() }} then 'WITHHELD'
            when applied_bcu_to_force then 'FORCE'
            else 'CODE'
        end as bcu_shown_as
    from employees_generalised
)

select * from final
