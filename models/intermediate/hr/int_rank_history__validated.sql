with

rank_history as (
    select * from {{ ref('stg_hr__rank_history') }}
),

employees as (
    select * from {{ ref('int_employees__validated') }}
),

ranks as (
    select * from {{ ref('ref_ranks') }}
),

employee_keys as (
    {{ exported_keys('employees', 'pay_number') }}
),

checked as (
    select
        rank_history.*,
        {{ unknown_code_reason('rank_history.rank_code', 'ranks.rank_code') }} as rank_reason,
        {{ parent_reason('rank_history.pay_number', 'employee_keys', 'employee') }} as employee_reason
    from rank_history
    left join ranks
        on rank_history.rank_code = ranks.rank_code
    left join employee_keys
        on rank_history.pay_number = employee_keys.pay_number
),

ranked as (
    -- the same rank from the same day twice is one fact: keep one (a usable
    -- row first, then the longer period), quarantine the others
    select
        *,
        row_number() over (
            partition by pay_number, rank_code, start_date
            order by
                case when invalid_reasons is null and rank_reason is null then 0 else 1 end asc,
                end_date desc nulls first,
                raw_pay_number asc
        ) as row_rank
    from checked
),

final as (
    select
        -- keys
        pay_number,
        raw_pay_number,
        raw_row_number,

        -- codes
        rank_code,

        -- dates
        start_date,
        end_date,

        -- why the row cannot be exported (null: it is)
        {{ first_reason([
            'invalid_reasons',
            'rank_reason',
            'employee_reason',
            duplicate_reason('row_rank', 'duplicate_row'),
        ]) }} as quarantine_reason
    from ranked
)

select * from final
