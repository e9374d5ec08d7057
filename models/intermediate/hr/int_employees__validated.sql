with

employees as (
    select * from {{ ref('stg_hr__employees') }}
),

ethnicities as (
    select * from {{ ref('ref_ethnicity') }}
),

with_ethnicity_group as (
    -- the 6+1 group of the 16+1 code; a code the list does not hold is unknown
    select
        employees.*,
        ethnicities.ethnicity_6,
        {{ unknown_code_reason('employees.ethnicity_code', 'ethnicities.ethnicity_16') }} as ethnicity_reason
    from employees
    left join ethnicities
        on employees.ethnicity_code = ethnicities.ethnicity_16
),

ranked as (
    -- a pay number can arrive more than once: a usable row wins over an
    -- unusable one, then the latest joiner (a rejoiner's current record), then
    -- the row's values, so the choice never depends on the file's row order
    select
        *,
        row_number() over (
            partition by pay_number
            order by
                case when invalid_reasons is null and ethnicity_reason is null then 0 else 1 end asc,
                date_joined desc nulls last,
                date_left desc nulls first,
                {{ ascending([
                    'raw_pay_number', 'staff_type', 'date_of_birth', 'gender', 'ethnicity_code',
                    'disability', 'leaving_reason', 'suspended', 'probationer', 'rejoiner',
                    'transferee', 'working_pattern', 'hours_per_week', 'employment_type',
                ]) }}
        ) as pay_number_rank
    from with_ethnicity_group
),

final as (
    select
        -- keys
        pay_number,
        raw_pay_number,
        raw_row_number,

        -- codes
        staff_type,
        gender,
        ethnicity_code as ethnicity_16,
        ethnicity_6,
        disability,
        leaving_reason,
        working_pattern,
        employment_type,

        -- dates
        date_of_birth,
        date_joined,
        date_left,

        -- numbers
        hours_per_week,

        -- flags
        suspended,
        probationer,
        rejoiner,
        transferee,

        -- why the row cannot be exported (null: it is)
        {{ first_reason([
            staged_reason(),
            'ethnicity_reason',
            duplicate_reason('pay_number_rank', 'duplicate_pay_number'),
        ]) }} as quarantine_reason
    from ranked
)

select * from final
