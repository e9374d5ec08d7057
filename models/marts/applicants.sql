with

applicants as (
    select * from {{ ref('int_applicants__validated') }}
),

generalised as (
    select * from {{ ref('int_applicants__generalised') }}
),

pseudonyms as (
    select * from {{ ref('int_applicants__pseudonymised') }}
),

final as (
    -- application_type and msoa_code are the values disclosure control left
    select
        -- keys
        pseudonyms.applicant_id,

        -- codes
        generalised.application_type,

        -- dates
        applicants.date_received,

        -- flags
        applicants.special,
        applicants.graduate,

        -- location
        generalised.msoa_code
    from applicants
    inner join generalised
        on applicants.applicant_ref = generalised.applicant_ref
    inner join pseudonyms
        on applicants.applicant_ref = pseudonyms.applicant_ref
    where applicants.quarantine_reason is null
)

select * from final
