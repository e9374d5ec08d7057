with

rank_history as (
    select * from {{ ref('int_rank_history__validated') }}
),

ranks as (
    select * from {{ ref('ref_ranks') }}
),

exported_ranks as (
    -- the rank rows that leave, with the rank's group and seniority
    select
        rank_history.pay_number,
        rank_history.rank_code,
        ranks.rank_group,
        ranks.seniority,
        rank_history.start_date,
        rank_history.end_date
    from rank_history
    inner join ranks
        on rank_history.rank_code = ranks.rank_code
    where rank_history.quarantine_reason is null
),

ordered as (
    -- each person's rows in the order they were held
    select
        *,
        row_number() over (
            partition by pay_number
            order by start_date asc, end_date asc nulls last, rank_code asc
        ) as rank_order,
        min(start_date) over (partition by pay_number, rank_group) as group_first_start_date,
        min(start_date) over (partition by pay_number) as first_start_date
    from exported_ranks
),

final as (
    select
        -- keys
        pay_number,
        rank_order,

        -- codes
        rank_code,
        rank_group,
        seniority,

        -- dates
        start_date,
        end_date,
        group_first_start_date,
        first_start_date
    from ordered
)

select * from final
