with

assignments as (
    select * from {{ ref('int_assignments__generalised') }}
),

generalised as (
    select * from {{ ref('int_employees__generalised') }}
),

pseudonyms as (
    select * from {{ ref('int_employees__pseudonymised') }}
),

final as (
    -- every row of a person whose BCU is generalised shows FORCE (or
    -- WITHHELD), without the post, so the latest BCU cannot be read back; a
    -- person withheld on everything shows one posting, the rest merged into it
    select
        -- keys
        pseudonyms.employee_id,

        -- codes
        {{ shown_as('assignments', 'bcu_code', row='assignments', person='generalised') }} as bcu_code,
        {{ shown_as('assignments', 'post_code', row='assignments', person='generalised') }} as post_code,

        -- dates
        {{ shown_as('assignments', 'start_date', row='assignments', person='generalised') }} as start_date,
        {{ shown_as('assignments', 'end_date', row='assignments', person='generalised') }} as end_date,

        -- flags
        {{ shown_as('assignments', 'secondment', row='assignments', person='generalised') }} as secondment
    from assignments
    inner join generalised
        on assignments.pay_number = generalised.pay_number
    inner join pseudonyms
        on assignments.pay_number = pseudonyms.pay_number
    where not assignments.is_merged
)

select * from final
