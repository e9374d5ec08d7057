with

assignments as (
    select * from {{ ref('int_assignments__validated') }}
),

generalised as (
    select * from {{ ref('int_employees__generalised') }}
),

pseudonyms as (
    select * from {{ ref('int_employees__pseudonymised') }}
),

final as (
    -- every row of an employee whose BCU disclosure control generalised shows
    -- FORCE, so the latest BCU cannot be read back from the postings
    select
        -- keys
        pseudonyms.employee_id,

        -- codes
        case generalised.bcu_shown_as
            when 'WITHHELD' then {{ withheld() }}
            when 'FORCE' then 'FORCE'
            else assignments.bcu_code
        end as bcu_code,
        assignments.post_code,

        -- dates
        assignments.start_date,
        assignments.end_date,

        -- flags
        assignments.secondment
    from assignments
    inner join generalised
        on assignments.pay_number = generalised.pay_number
    inner join pseudonyms
        on assignments.pay_number = pseudonyms.pay_number
    where assignments.quarantine_reason is null
)

select * from final
