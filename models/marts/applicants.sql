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
    -- application_type, msoa_code and date_received as disclosure control
    -- left them; `special` goes with a withheld application_type
    select
        -- keys
        pseudonyms.applicant_id,

        -- codes
        {{ shown_as('applicants', 'application_type', row='applicants', person='generalised') }} as application_type,

        -- dates
        {{ shown_as('applicants', 'date_received', row='applicants', person='generalised') }} as date_received,

        -- flags
        {{ shown_as('applicants', 'special', row='applicants', person='generalised') }} as special,
        {{ shown_as('applicants', 'graduate', row='applicants', person='generalised') }} as graduate,

        -- location
        {{ shown_as('applicants', 'msoa_code', row='applicants', person='generalised') }} as msoa_code
    from applicants
    inner join generalised
        on applicants.applicant_ref = generalised.applicant_ref
    inner join pseudonyms
        on applicants.applicant_ref = pseudonyms.applicant_ref
    where applicants.quarantine_reason is null
)

select * from final
