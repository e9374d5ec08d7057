with

applicants as (
    select * from {{ ref('int_applicants__validated') }}
),

postcodes as (
    select * from {{ ref('stg_onspd__postcodes') }}
),

exported_applicants as (
    select * from applicants
    where quarantine_reason is null
),

applicant_msoas as (
    -- by home postcode only: applicants have no grid reference
    {{ map_to_msoa('exported_applicants', 'applicant_ref', 'home_postcode', directory='postcodes') }}
),

final as (
    select
        -- keys
        exported_applicants.applicant_ref,

        -- the applicants' view, as it would leave before disclosure control
        exported_applicants.application_type,
        applicant_msoas.msoa_code,
        exported_applicants.date_received,
        {{ month_index('exported_applicants.date_received') }} as received_month,

        -- how the MSOA was found (postcode, terminated_postcode or unmapped)
        applicant_msoas.msoa_method
    from exported_applicants
    left join applicant_msoas
        on exported_applicants.applicant_ref = applicant_msoas.applicant_ref
)

select * from final
