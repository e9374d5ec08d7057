with

statuses as (
    select * from {{ ref('stg_hr__applicant_status') }}
),

applicants as (
    select * from {{ ref('int_applicants__validated') }}
),

applicant_keys as (
    {{ exported_keys('applicants', 'applicant_ref') }}
),

checked as (
    select
        statuses.*,
        {{ parent_reason('statuses.applicant_ref', 'applicant_keys', 'applicant') }} as applicant_reason
    from statuses
    left join applicant_keys
        on statuses.applicant_ref = applicant_keys.applicant_ref
),

ranked as (
    -- the same status on the same day twice is one fact: keep one
    select
        *,
        row_number() over (
            partition by applicant_ref, status, status_date
            order by
                case when invalid_reasons is null then 0 else 1 end asc,
                raw_applicant_ref asc
        ) as row_rank
    from checked
),

final as (
    select
        -- keys
        applicant_ref,
        raw_applicant_ref,
        raw_row_number,

        -- codes
        status,

        -- dates
        status_date,

        -- why the row cannot be exported (null: it is)
        {{ first_reason([
            'invalid_reasons',
            'applicant_reason',
            duplicate_reason('row_rank', 'duplicate_row'),
        ]) }} as quarantine_reason
    from ranked
)

select * from final
