with

employees as (
    select * from {{ ref('int_employees__generalised') }}
),

applicants as (
    select * from {{ ref('int_applicants__generalised') }}
),

employee_steps as (
    {{ disclosure_control_report('employees', 'employees') }}
),

applicant_steps as (
    {{ disclosure_control_report('applicants', 'applicants') }}
),

steps as (
    select * from employee_steps
    union all
    select * from applicant_steps
),

final as (
    select
        population,
        step_order,
        step,
        k,
        cast(records as {{ dbt.type_bigint() }}) as records,
        cast(coalesce(records_touched, 0) as {{ dbt.type_bigint() }}) as records_touched,
        cast(smallest_class_after as {{ dbt.type_bigint() }}) as smallest_class_after,
        cast(coalesce(records_below_k_after, 0) as {{ dbt.type_bigint() }}) as records_below_k_after,
        cast(coalesce(records_exempt_after, 0) as {{ dbt.type_bigint() }}) as records_exempt_after
    from steps
)

select * from final
