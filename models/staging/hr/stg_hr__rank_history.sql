with

source as (
    select * from {{ source('hr', 'hr_rank_history') }}
),

cleaned as (
    -- Only the columns the feed uses are staged: rank_qualifier and
    -- rank_reason are never supplied and stop at the raw file.
    select
        {{ clean_code('pay_number') }} as pay_number,
        {{ clean_text('pay_number') }} as raw_pay_number,
        {{ clean_code('rank_code') }} as rank_code_text,
        {{ clean_text('start_date') }} as start_date_text,
        {{ clean_text('end_date') }} as end_date_text
    from source
),

parsed as (
    -- each cleaned value parsed once: a typed value, or null when unusable
    select
        *,
        {{ as_code('rank_code_text', '[A-Z][A-Z0-9_]*') }} as rank_code,
        {{ as_date('start_date_text') }} as start_date,
        {{ as_date('end_date_text') }} as end_date
    from cleaned
),

final as (
    select
        -- keys
        pay_number,
        raw_pay_number,

        -- codes (checked against the rank list downstream)
        rank_code,

        -- dates
        start_date,
        end_date,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('pay_number'),
            missing_if('rank_code_text'),
            invalid_if('rank_code_text', 'rank_code'),
            missing_if('start_date_text'),
            invalid_if('start_date_text', 'start_date'),
            invalid_if('end_date_text', 'end_date'),
            out_of_order_if('start_date', 'end_date'),
        ]) }} as invalid_reasons
    from parsed
)

select * from final
