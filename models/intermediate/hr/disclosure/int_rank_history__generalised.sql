{#- Rule 3 for rank history: an employee whose rank is grouped shows one
    period per rank group (from the start of its first row to the end of its
    last), not a sequence of rows that gives the exact rank back; a withheld
    rank shows one withheld period. One row per exported rank row: the rows
    merged into an earlier row of their period still leave, as part of it,
    and are counted in the reconciliation (merged_rows). -#}

with

rank_rows as (
    select * from {{ ref('int_rank_history__ordered') }}
),

generalised as (
    select * from {{ ref('int_employees__generalised') }}
),

shown as (
    -- each row's rank as it shows, and the period it belongs to: its own for
    -- a rank code, the person's one period of that group (or of WITHHELD) else
    select
        rank_rows.pay_number,
        rank_rows.rank_order,
        {{ shown_as('rank_history', 'rank_code', row='rank_rows', person='generalised') }} as rank_code,
        case when generalised.rank_shown_as = 'CODE' then rank_rows.rank_order else 0 end as period_key,
        rank_rows.start_date,
        rank_rows.end_date
    from rank_rows
    inner join generalised
        on rank_rows.pay_number = generalised.pay_number
),

periods as (
    select
        *,
        row_number() over (
            partition by pay_number, rank_code, period_key order by rank_order asc
        ) as position_in_period,
        min(start_date) over (partition by pay_number, rank_code, period_key) as period_start_date,
        first_value(end_date) over (
            partition by pay_number, rank_code, period_key order by rank_order desc
        ) as period_end_date
    from shown
),

final as (
    select
        -- keys
        pay_number,
        rank_order,

        -- codes
        rank_code,

        -- dates (as held; the mart shows them at the policy's precision)
        period_start_date as start_date,
        period_end_date as end_date,

        -- flags
        position_in_period > 1 as is_merged
    from periods
)

select * from final
