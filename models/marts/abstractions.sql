with

abstractions as (
    select * from {{ ref('int_abstractions__validated') }}
),

pseudonyms as (
    select * from {{ ref('int_employees__pseudonymised') }}
),

final as (
    select
        -- keys
        pseudonyms.employee_id,

        -- codes
        abstractions.abstraction_type,

        -- dates
        abstractions.start_date,
        abstractions.end_date,

        -- numbers
        abstractions.hours_lost,
        abstractions.days_lost,

        -- flags
        abstractions.assault_on_duty
    from abstractions
    inner join pseudonyms
        on abstractions.pay_number = pseudonyms.pay_number
    where abstractions.quarantine_reason is null
)

select * from final
