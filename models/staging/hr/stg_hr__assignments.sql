with

source as (
    select * from {{ source('hr', 'hr_assignments') }}
),

typed as (
    -- Only the columns the feed uses are staged: post_title (free text) and
    -- seconded_to stop at the raw file.
    select
        -- keys
        {{ clean_code('pay_number') }} as pay_number,
        {{ clean_text('pay_number') }} as raw_pay_number,

        -- codes (bcu_code is checked against the BCU list downstream)
        {{ parse_code('bcu_code', '[A-Z]{2,3}') }} as bcu_code,
        {{ clean_code('post_code') }} as post_code,

        -- dates
        {{ parse_date('start_date') }} as start_date,
        {{ parse_date('end_date') }} as end_date,

        -- flags
        {{ parse_flag('secondment') }} as secondment,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('pay_number'),
            missing_if('bcu_code'),
            invalid_if('bcu_code', parse_code('bcu_code', '[A-Z]{2,3}')),
            missing_if('start_date'),
            invalid_if('start_date', parse_date('start_date')),
            invalid_if('end_date', parse_date('end_date')),
            out_of_order_if('start_date', 'end_date'),
            invalid_if('secondment', parse_flag('secondment')),
        ]) }} as invalid_reasons
    from source
),

final as (
    select * from typed
)

select * from final
