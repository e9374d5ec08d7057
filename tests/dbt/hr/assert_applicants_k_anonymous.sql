{#- Every class of (application_type, msoa_code) in the exported applicants
    holds at least k applicants, except fully withheld ones. -#}
{%- set quasi_identifiers = ['application_type', 'msoa_code'] -%}

with

applicants as (
    select * from {{ ref('applicants') }}
),

classes as (
    select
        applicant_id,
        application_type,
        msoa_code,
        count(*) over (partition by {{ quasi_identifiers | join(', ') }}) as class_size
    from applicants
),

final as (
    select * from classes
    where
        class_size < {{ k_anonymity() }}
        and not {{ is_withheld(quasi_identifiers) }}
)

select * from final
