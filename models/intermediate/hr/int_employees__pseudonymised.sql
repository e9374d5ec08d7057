with

employees as (
    select * from {{ ref('int_employees__validated') }}
),

final as (
    select
        -- keys
        pay_number,
        {{ pseudonymise('pay_number', 'employee') }} as employee_id
    from employees
    where quarantine_reason is null
)

select * from final
