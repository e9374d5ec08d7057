with

abstractions as (
    select * from {{ ref('stg_hr__abstractions') }}
),

employees as (
    select * from {{ ref('int_employees__validated') }}
),

employee_keys as (
    {{ exported_keys('employees', 'pay_number') }}
),

checked as (
    select
        abstractions.*,
        {{ parent_reason('abstractions.pay_number', 'employee_keys', 'employee') }} as employee_reason
    from abstractions
    left join employee_keys
        on abstractions.pay_number = employee_keys.pay_number
),

ranked as (
    -- the same abstraction from the same day twice is one fact: keep one (a
    -- usable row first, then the longer period), quarantine the others
    select
        *,
        row_number() over (
            partition by pay_number, abstraction_type, start_date
            order by
                case when invalid_reasons is null then 0 else 1 end asc,
                end_date desc nulls first,
                days_lost desc nulls last,
                hours_lost desc nulls last,
                assault_on_duty asc,
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
        abstraction_type,

        -- dates
        start_date,
        end_date,

        -- numbers
        hours_lost,
        days_lost,

        -- flags
        assault_on_duty,

        -- why the row cannot be exported (null: it is)
        {{ first_reason([
            'invalid_reasons',
            'employee_reason',
            duplicate_reason('row_rank', 'duplicate_row'),
        ]) }} as quarantine_reason
    from ranked
)

select * from final
