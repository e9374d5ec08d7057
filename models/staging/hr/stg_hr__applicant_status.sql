{%- set statuses = 'RECEIVED|SIFTED|ASSESSED|VETTING|OFFERED|APPOINTED|WITHDRAWN|REJECTED' -%}

with

source as (
    select * from {{ source('hr', 'hr_applicant_status') }}
),

typed as (
    -- Every column of the file is used.
    select
        -- keys
        {{ clean_code('applicant_ref') }} as applicant_ref,
        {{ clean_text('applicant_ref') }} as raw_applicant_ref,

        -- codes
        {{ parse_code('status', statuses) }} as status,

        -- dates
        {{ parse_date('status_date') }} as status_date,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('applicant_ref'),
            missing_if('status'),
            invalid_if('status', parse_code('status', statuses)),
            missing_if('status_date'),
            invalid_if('status_date', parse_date('status_date')),
        ]) }} as invalid_reasons
    from source
),

final as (
    select * from typed
)

select * from final
