with

abstractions as (
    select * from {{ ref('int_abstractions__generalised') }}
),

generalised as (
    select * from {{ ref('int_employees__generalised') }}
),

pseudonyms as (
    select * from {{ ref('int_employees__pseudonymised') }}
),

final as (
    -- where gender is withheld, parental leave shows as PARENTAL_LEAVE,
    -- without the length that tells maternity from paternity leave; a person
    -- withheld on everything shows none
    select
        -- keys
        pseudonyms.employee_id,

        -- codes
        {{ shown_as('abstractions', 'abstraction_type', row='abstractions', person='generalised') }}
            as abstraction_type,

        -- dates
        {{ shown_as('abstractions', 'start_date', row='abstractions', person='generalised') }} as start_date,
        {{ shown_as('abstractions', 'end_date', row='abstractions', person='generalised') }} as end_date,

        -- numbers
        {{ shown_as('abstractions', 'hours_lost', row='abstractions', person='generalised') }} as hours_lost,
        {{ shown_as('abstractions', 'days_lost', row='abstractions', person='generalised') }} as days_lost,

        -- flags
        {{ shown_as('abstractions', 'assault_on_duty', row='abstractions', person='generalised') }} as assault_on_duty
    from abstractions
    inner join generalised
        on abstractions.pay_number = generalised.pay_number
    inner join pseudonyms
        on abstractions.pay_number = pseudonyms.pay_number
    where not abstractions.is_withheld
)

select * from final
