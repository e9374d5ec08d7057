with

employees as (
    select * from {{ ref('int_employees__validated') }}
),

generalised as (
    select * from {{ ref('int_employees__generalised') }}
),

pseudonyms as (
    select * from {{ ref('int_employees__pseudonymised') }}
),

final as (
    -- exactly the columns of the contract, in its order; the quasi-identifiers
    -- are the values disclosure control left on the linked person view
    select
        -- keys
        pseudonyms.employee_id,

        -- codes
        generalised.staff_type,

        -- dates
        employees.date_joined,
        employees.date_left,

        -- codes
        employees.leaving_reason,
        generalised.birth_year_band,
        generalised.gender,
        generalised.ethnicity_16,
        generalised.ethnicity_6,
        employees.disability,

        -- flags
        employees.suspended,
        employees.probationer,
        employees.rejoiner,
        employees.transferee,

        -- working pattern
        employees.working_pattern,
        employees.hours_per_week,
        employees.employment_type
    from employees
    inner join generalised
        on employees.pay_number = generalised.pay_number
    inner join pseudonyms
        on employees.pay_number = pseudonyms.pay_number
    where employees.quarantine_reason is null
)

select * from final
