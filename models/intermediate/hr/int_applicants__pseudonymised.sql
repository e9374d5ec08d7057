with

applicants as (
    select * from {{ ref('int_applicants__validated') }}
),

final as (
    select
        -- keys
        applicant_ref,
        {{ pseudonymise('applicant_ref', 'applicant') }} as applicant_id
    from applicants
    where quarantine_reason is null
)

select * from final
