{%- set statuses = 'RECEIVED|SIFTED|ASSESSED|VETTING|OFFERED|APPOINTED|WITHDRAWN|REJECTED' -%}

with

source as (
    select * from {{ source('hr', 'hr_applicant_status') }}
),

cleaned as (
    -- Every column of the file is used.
    select
        {{ clean_code('applicant_ref') }} as applicant_ref,
        {{ clean_text('applicant_ref') }} as raw_applicant_ref,
        {{ clean_code('status') }} as status_text,
        {{ clean_text('status_date') }} as status_date_text
    from source
),

parsed as (
    -- each cleaned value parsed once: a typed value, or null when unusable
    select
        *,
        {{ as_code('status_text', statuses) }} as status,
        {{ as_date('status_date_text') }} as status_date
    from cleaned
),

final as (
    select
        -- keys
        applicant_ref,
        raw_applicant_ref,

        -- codes
        status,

        -- dates
        status_date,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('applicant_ref'),
            missing_if('status_text'),
            invalid_if('status_text', 'status'),
            missing_if('status_date_text'),
            invalid_if('status_date_text', 'status_date'),
        ]) }} as invalid_reasons
    from parsed
)

select * from final
