with

statuses as (
    select * from {{ ref('int_applicant_status__validated') }}
),

pseudonyms as (
    select * from {{ ref('int_applicants__pseudonymised') }}
),

final as (
    select
        -- keys
        pseudonyms.applicant_id,

        -- codes
        statuses.status,

        -- dates
        statuses.status_date
    from statuses
    inner join pseudonyms
        on statuses.applicant_ref = pseudonyms.applicant_ref
    where statuses.quarantine_reason is null
)

select * from final
