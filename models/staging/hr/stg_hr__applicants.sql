{%- set application_types = 'OFFICER|PCSO|STAFF|SPECIAL' -%}

with

source as (
    select * from {{ source('hr', 'hr_applicants') }}
),

typed as (
    -- Only the columns the feed uses are staged: job_reference, names and date
    -- of birth stop at the raw file. home_postcode is kept, normalised, only to
    -- find the MSOA; it never leaves.
    select
        -- keys
        {{ clean_code('applicant_ref') }} as applicant_ref,
        {{ clean_text('applicant_ref') }} as raw_applicant_ref,

        -- codes
        {{ parse_code('application_type', application_types) }} as application_type,

        -- dates
        {{ parse_date('date_received') }} as date_received,

        -- flags
        {{ parse_flag('special') }} as special,
        {{ parse_flag('graduate') }} as graduate,

        -- location (used for MSOA mapping only, never exported)
        {{ normalise_postcode('home_postcode') }} as home_postcode,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('applicant_ref'),
            missing_if('application_type'),
            invalid_if('application_type', parse_code('application_type', application_types)),
            missing_if('date_received'),
            invalid_if('date_received', parse_date('date_received')),
            invalid_if('special', parse_flag('special')),
            invalid_if('graduate', parse_flag('graduate')),
            invalid_if('home_postcode', normalise_postcode('home_postcode')),
        ]) }} as invalid_reasons
    from source
),

final as (
    select * from typed
)

select * from final
