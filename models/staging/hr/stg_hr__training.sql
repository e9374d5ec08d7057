with

source as (
    select * from {{ source('hr', 'hr_training') }}
),

typed as (
    -- Training records are never supplied: only what reconciliation needs to
    -- count each row as not required is staged; competency stops at the raw file.
    select
        -- keys
        {{ clean_code('pay_number') }} as pay_number,
        {{ clean_text('pay_number') }} as raw_pay_number,

        -- codes
        {{ clean_code('course_code') }} as course_code,

        -- dates
        {{ parse_date('completed_date') }} as completed_date,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('pay_number'),
            missing_if('course_code'),
            missing_if('completed_date'),
            invalid_if('completed_date', parse_date('completed_date')),
        ]) }} as invalid_reasons
    from source
),

final as (
    select * from typed
)

select * from final
