{#- An unusable home postcode only costs the MSOA: it does not stop the applicant. -#}
{%- set ignored = ['home_postcode_invalid'] -%}

with

applicants as (
    select * from {{ ref('stg_hr__applicants') }}
),

ranked as (
    -- an applicant reference can arrive more than once: a usable row wins,
    -- then the latest application, then the row's values, so the choice never
    -- depends on the file's row order
    select
        *,
        row_number() over (
            partition by applicant_ref
            order by
                case when {{ blocking_reasons('invalid_reasons', ignored) }} is null then 0 else 1 end asc,
                date_received desc nulls last,
                {{ ascending(['raw_applicant_ref', 'application_type', 'special', 'graduate', 'home_postcode']) }}
        ) as applicant_ref_rank
    from applicants
),

final as (
    select
        -- keys
        applicant_ref,
        raw_applicant_ref,
        raw_row_number,

        -- codes
        application_type,

        -- dates
        date_received,

        -- flags
        special,
        graduate,

        -- location (never exported: only its MSOA leaves)
        home_postcode,

        -- why the row cannot be exported (null: it is); an unusable postcode
        -- only costs the MSOA
        {{ first_reason([
            staged_reason(ignored=ignored),
            duplicate_reason('applicant_ref_rank', 'duplicate_applicant_ref'),
        ]) }} as quarantine_reason
    from ranked
)

select * from final
