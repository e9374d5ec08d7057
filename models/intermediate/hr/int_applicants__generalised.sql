with

linked as (
    select * from {{ ref('int_applicants__linked') }}
),

{{ k_anonymise('applicants', 'linked', 'applicant_ref', ['application_type', 'msoa_code']) }},

final as (
    select * from applicants_generalised
)

select * from final
