with

source as (
    select * from {{ source('hr', 'hr_rank_history') }}
),

typed as (
    -- Only the columns the feed uses are staged: rank_qualifier and
    -- rank_reason are never supplied and stop at the raw file.
    select
        -- keys
        {{ clean_code('pay_number') }} as pay_number,
        {{ clean_text('pay_number') }} as raw_pay_number,

        -- codes (checked against the rank list downstream)
        {{ parse_code('rank_code', '[A-Z][A-Z0-9_]*') }} as rank_code,

        -- dates
        {{ parse_date('start_date') }} as start_date,
        {{ parse_date('end_date') }} as end_date,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('pay_number'),
            missing_if('rank_code'),
            invalid_if('rank_code', parse_code('rank_code', '[A-Z][A-Z0-9_]*')),
            missing_if('start_date'),
            invalid_if('start_date', parse_date('start_date')),
            invalid_if('end_date', parse_date('end_date')),
            out_of_order_if('start_date', 'end_date'),
        ]) }} as invalid_reasons
    from source
),

final as (
    select * from typed
)

select * from final
