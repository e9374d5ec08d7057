with

statuses as (
    select * from {{ ref('int_applicant_status__validated') }}
),

generalised as (
    select * from {{ ref('int_applicants__generalised') }}
),

pseudonyms as (
    select * from {{ ref('int_applicants__pseudonymised') }}
),

final as (
    -- status dates follow the applicant's date_received: the RECEIVED status
    -- is the date received
    select
        -- keys
        pseudonyms.applicant_id,

        -- codes
        {{ shown_as('applicant_status', 'status', row='statuses', person='generalised') }} as status,

        -- dates
        {{ shown_as('applicant_status', 'status_date', row='statuses', person='generalised') }} as status_date
    from statuses
    inner join generalised
        on statuses.applicant_ref = generalised.applicant_ref
    inner join pseudonyms
        on statuses.applicant_ref = pseudonyms.applicant_ref
    where statuses.quarantine_reason is null
)

select * from final
