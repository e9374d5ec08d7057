with

assignments as (
    select * from {{ ref('stg_hr__assignments') }}
),

employees as (
    select * from {{ ref('int_employees__validated') }}
),

bcus as (
    select * from {{ ref('ref_bcus') }}
),

employee_keys as (
    {{ exported_keys('employees', 'pay_number') }}
),

checked as (
    select
        assignments.*,
        {{ unknown_code_reason('assignments.bcu_code', 'bcus.bcu_code') }} as bcu_reason,
        {{ parent_reason('assignments.pay_number', 'employee_keys', 'employee') }} as employee_reason
    from assignments
    left join bcus
        on assignments.bcu_code = bcus.bcu_code
    left join employee_keys
        on assignments.pay_number = employee_keys.pay_number
),

ranked as (
    -- the same posting from the same day twice is one fact: keep one (a
    -- usable row first, then the longer period), quarantine the others
    select
        *,
        row_number() over (
            partition by pay_number, bcu_code, post_code, start_date
            order by
                case when invalid_reasons is null and bcu_reason is null then 0 else 1 end asc,
                end_date desc nulls first,
                secondment asc,
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
        bcu_code,
        post_code,

        -- dates
        start_date,
        end_date,

        -- flags
        secondment,

        -- why the row cannot be exported (null: it is)
        {{ first_reason([
            'invalid_reasons',
            'bcu_reason',
            'employee_reason',
            duplicate_reason('row_rank', 'duplicate_row'),
        ]) }} as quarantine_reason
    from ranked
)

select * from final
