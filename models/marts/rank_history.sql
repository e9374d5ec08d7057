with

rank_history as (
    select * from {{ ref('int_rank_history__generalised') }}
),

generalised as (
    select * from {{ ref('int_employees__generalised') }}
),

pseudonyms as (
    select * from {{ ref('int_employees__pseudonymised') }}
),

final as (
    -- one row per period as disclosure control shows it: every row of a
    -- person whose rank is grouped shows its group, one period per group
    -- (int_rank_history__generalised); the rows merged into a period leave
    -- as part of it
    select
        -- keys
        pseudonyms.employee_id,

        -- codes
        rank_history.rank_code,

        -- dates
        {{ shown_as('rank_history', 'start_date', row='rank_history', person='generalised') }} as start_date,
        {{ shown_as('rank_history', 'end_date', row='rank_history', person='generalised') }} as end_date
    from rank_history
    inner join generalised
        on rank_history.pay_number = generalised.pay_number
    inner join pseudonyms
        on rank_history.pay_number = pseudonyms.pay_number
    where not rank_history.is_merged
)

select * from final
