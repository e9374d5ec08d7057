{%- set application_types = 'OFFICER|PCSO|STAFF|SPECIAL' -%}

with

source as (
    select * from {{ source('hr', 'hr_applicants') }}
),

cleaned as (
    -- Only the columns the feed uses are staged: job_reference, names and date
    -- of birth stop at the raw file. home_postcode is kept, normalised, only to
    -- find the MSOA; it never leaves.
    select
        {{ clean_code('applicant_ref') }} as applicant_ref,
        {{ clean_text('applicant_ref') }} as raw_applicant_ref,
        {{ clean_code('application_type') }} as application_type_text,
        {{ clean_text('date_received') }} as date_received_text,
        {{ clean_code('special') }} as special_text,
        {{ clean_code('graduate') }} as graduate_text,
        {{ clean_code('home_postcode') }} as home_postcode_text
    from source
),

parsed as (
    -- each cleaned value parsed once: a typed value, or null when unusable
    select
        *,
        {{ as_code('application_type_text', application_types) }} as application_type,
        {{ as_date('date_received_text') }} as date_received,
        {{ as_flag('special_text') }} as special,
        {{ as_flag('graduate_text') }} as graduate,
        {{ normalise_postcode('home_postcode_text') }} as home_postcode
    from cleaned
),

final as (
    select
        -- keys
        applicant_ref,
        raw_applicant_ref,

        -- codes
        application_type,

        -- dates
        date_received,

        -- flags
        special,
        graduate,

        -- location (used for MSOA mapping only, never exported)
        home_postcode,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('applicant_ref'),
            missing_if('application_type_text'),
            invalid_if('application_type_text', 'application_type'),
            missing_if('date_received_text'),
            invalid_if('date_received_text', 'date_received'),
            invalid_if('special_text', 'special'),
            invalid_if('graduate_text', 'graduate'),
            invalid_if('home_postcode_text', 'home_postcode'),
        ]) }} as invalid_reasons
    from parsed
)

select * from final
