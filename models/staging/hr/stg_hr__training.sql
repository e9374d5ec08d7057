with

source as (
    select * from {{ source('hr', 'hr_training') }}
),

cleaned as (
    -- Training records are never supplied: only what reconciliation needs to
    -- count each row as not required is staged; competency stops at the raw file.
    select
        {{ clean_code('pay_number') }} as pay_number,
        {{ clean_text('pay_number') }} as raw_pay_number,
        {{ clean_code('course_code') }} as course_code,
        {{ clean_text('completed_date') }} as completed_date_text
    from source
),

parsed as (
    -- each cleaned value parsed once: a typed value, or null when unusable
    select
        *,
        {{ as_date('completed_date_text') }} as completed_date
    from cleaned
),

final as (
    select
        -- keys
        pay_number,
        raw_pay_number,

        -- codes
        course_code,

        -- dates
        completed_date,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('pay_number'),
            missing_if('course_code'),
            missing_if('completed_date_text'),
            invalid_if('completed_date_text', 'completed_date'),
        ]) }} as invalid_reasons
    from parsed
)

select * from final
