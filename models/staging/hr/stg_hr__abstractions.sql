{%- set abstraction_types = 'SICKNESS|MATERNITY|PATERNITY|ADOPTION|CAREER_BREAK|SUSPENSION|RESTRICTED_DUTY' -%}

with

source as (
    select * from {{ source('hr', 'hr_abstractions') }}
),

typed as (
    -- Only the columns the feed uses are staged: sickness_reason and
    -- sick_pay_status (health data, never supplied) stop at the raw file.
    select
        -- keys
        {{ clean_code('pay_number') }} as pay_number,
        {{ clean_text('pay_number') }} as raw_pay_number,

        -- codes
        {{ parse_code('abstraction_type', abstraction_types) }} as abstraction_type,

        -- dates
        {{ parse_date('start_date') }} as start_date,
        {{ parse_date('end_date') }} as end_date,

        -- numbers
        {{ parse_non_negative('hours_lost') }} as hours_lost,
        {{ parse_non_negative('days_lost') }} as days_lost,

        -- flags
        {{ parse_flag('assault_on_duty') }} as assault_on_duty,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('pay_number'),
            missing_if('abstraction_type'),
            invalid_if('abstraction_type', parse_code('abstraction_type', abstraction_types)),
            missing_if('start_date'),
            invalid_if('start_date', parse_date('start_date')),
            invalid_if('end_date', parse_date('end_date')),
            out_of_order_if('start_date', 'end_date'),
            invalid_if('hours_lost', parse_non_negative('hours_lost')),
            invalid_if('days_lost', parse_non_negative('days_lost')),
            invalid_if('assault_on_duty', parse_flag('assault_on_duty')),
        ]) }} as invalid_reasons
    from source
),

final as (
    select * from typed
)

select * from final
