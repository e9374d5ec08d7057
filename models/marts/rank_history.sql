with

rank_history as (
    select * from {{ ref('int_rank_history__validated') }}
),

ranks as (
    select * from {{ ref('ref_ranks') }}
),

generalised as (
    select * from {{ ref('int_employees__generalised') }}
),

pseudonyms as (
    select * from {{ ref('int_employees__pseudonymised') }}
),

final as (
    -- every row of an employee whose rank disclosure control grouped shows
    -- the group, so the most senior rank cannot be read back from the history
    select
        -- keys
        pseudonyms.employee_id,

        -- codes
        case generalised.rank_shown_as
            when 'WITHHELD' then {{ withheld() }}
            when 'GROUP' then ranks.rank_group
            else rank_history.rank_code
        end as rank_code,

        -- dates
        rank_history.start_date,
        rank_history.end_date
    from rank_history
    inner join ranks
        on rank_history.rank_code = ranks.rank_code
    inner join generalised
        on rank_history.pay_number = generalised.pay_number
    inner join pseudonyms
        on rank_history.pay_number = pseudonyms.pay_number
    where rank_history.quarantine_reason is null
)

select * from final
