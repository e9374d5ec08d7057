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
    -- exactly the columns of the contract, in its order, each as disclosure
    -- control shows it (macro shown_as: the catalogue)
    select
        -- keys
        pseudonyms.employee_id,

        -- codes
        {{ shown_as('employees', 'staff_type', row='employees', person='generalised') }} as staff_type,

        -- dates
        {{ shown_as('employees', 'date_joined', row='employees', person='generalised') }} as date_joined,
        {{ shown_as('employees', 'date_left', row='employees', person='generalised') }} as date_left,

        -- codes
        {{ shown_as('employees', 'leaving_reason', row='employees', person='generalised') }} as leaving_reason,
        {{ shown_as('employees', 'birth_year_band', row='employees', person='generalised') }} as birth_year_band,
        {{ shown_as('employees', 'gender', row='employees', person='generalised') }} as gender,
        {{ shown_as('employees', 'ethnicity_16', row='employees', person='generalised') }} as ethnicity_16,
        {{ shown_as('employees', 'ethnicity_6', row='employees', person='generalised') }} as ethnicity_6,
        {{ shown_as('employees', 'disability', row='employees', person='generalised') }} as disability,

        -- flags
        {{ shown_as('employees', 'suspended', row='employees', person='generalised') }} as suspended,
        {{ shown_as('employees', 'probationer', row='employees', person='generalised') }} as probationer,
        {{ shown_as('employees', 'rejoiner', row='employees', person='generalised') }} as rejoiner,
        {{ shown_as('employees', 'transferee', row='employees', person='generalised') }} as transferee,

        -- working pattern
        {{ shown_as('employees', 'working_pattern', row='employees', person='generalised') }} as working_pattern,
        {{ shown_as('employees', 'hours_per_week', row='employees', person='generalised') }} as hours_per_week,
        {{ shown_as('employees', 'employment_type', row='employees', person='generalised') }} as employment_type
    from employees
    inner join generalised
        on employees.pay_number = generalised.pay_number
    inner join pseudonyms
        on employees.pay_number = pseudonyms.pay_number
    where employees.quarantine_reason is null
)

select * from final
