{%- set abstraction_types = 'SICKNESS|MATERNITY|PATERNITY|ADOPTION|CAREER_BREAK|SUSPENSION|RESTRICTED_DUTY' -%}

with

source as (
    select * from {{ source('hr', 'hr_abstractions') }}
),

cleaned as (
    -- Only the columns the feed uses are staged: sickness_reason and
    -- sick_pay_status (health data, never supplied) stop at the raw file.
    select
        {{ clean_code('pay_number') }} as pay_number,
        {{ clean_text('pay_number') }} as raw_pay_number,
        {{ clean_code('abstraction_type') }} as abstraction_type_text,
        {{ clean_text('start_date') }} as start_date_text,
        {{ clean_text('end_date') }} as end_date_text,
        {{ clean_text('hours_lost') }} as hours_lost_text,
        {{ clean_text('days_lost') }} as days_lost_text,
        {{ clean_code('assault_on_duty') }} as assault_on_duty_text
    from source
),

parsed as (
    -- each cleaned value parsed once: a typed value, or null when unusable
    select
        *,
        {{ as_code('abstraction_type_text', abstraction_types) }} as abstraction_type,
        {{ as_date('start_date_text') }} as start_date,
        {{ as_date('end_date_text') }} as end_date,
        {{ as_number('hours_lost_text', signed=false) }} as hours_lost,
        {{ as_number('days_lost_text', signed=false) }} as days_lost,
        {{ as_flag('assault_on_duty_text') }} as assault_on_duty
    from cleaned
),

final as (
    select
        -- keys
        pay_number,
        raw_pay_number,

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

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('pay_number'),
            missing_if('abstraction_type_text'),
            invalid_if('abstraction_type_text', 'abstraction_type'),
            missing_if('start_date_text'),
            invalid_if('start_date_text', 'start_date'),
            invalid_if('end_date_text', 'end_date'),
            out_of_order_if('start_date', 'end_date'),
            invalid_if('hours_lost_text', 'hours_lost'),
            invalid_if('days_lost_text', 'days_lost'),
            invalid_if('assault_on_duty_text', 'assault_on_duty'),
        ]) }} as invalid_reasons
    from parsed
)

select * from final
