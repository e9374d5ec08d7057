with

employees as (
    select * from {{ ref('int_employees__validated') }}
),

rank_history as (
    select * from {{ ref('int_rank_history__validated') }}
),

abstractions as (
    select * from {{ ref('int_abstractions__validated') }}
),

assignments as (
    select * from {{ ref('int_assignments__validated') }}
),

applicants as (
    select * from {{ ref('int_applicants__validated') }}
),

applicant_status as (
    select * from {{ ref('int_applicant_status__validated') }}
),

quarantined_employees as (
    select
        'hr_employees.csv' as raw_file,
        {{ quarantine_key(['raw_pay_number']) }} as raw_key,
        quarantine_reason as reason
    from employees
    where quarantine_reason is not null
),

quarantined_rank_history as (
    select
        'hr_rank_history.csv' as raw_file,
        {{ quarantine_key(['raw_pay_number']) }} as raw_key,
        quarantine_reason as reason
    from rank_history
    where quarantine_reason is not null
),

quarantined_abstractions as (
    select
        'hr_abstractions.csv' as raw_file,
        {{ quarantine_key(['raw_pay_number']) }} as raw_key,
        quarantine_reason as reason
    from abstractions
    where quarantine_reason is not null
),

quarantined_assignments as (
    select
        'hr_assignments.csv' as raw_file,
        {{ quarantine_key(['raw_pay_number']) }} as raw_key,
        quarantine_reason as reason
    from assignments
    where quarantine_reason is not null
),

quarantined_applicants as (
    select
        'hr_applicants.csv' as raw_file,
        {{ quarantine_key(['raw_applicant_ref']) }} as raw_key,
        quarantine_reason as reason
    from applicants
    where quarantine_reason is not null
),

quarantined_applicant_status as (
    select
        'hr_applicant_status.csv' as raw_file,
        {{ quarantine_key(['raw_applicant_ref']) }} as raw_key,
        quarantine_reason as reason
    from applicant_status
    where quarantine_reason is not null
),

final as (
    -- hr_training is never supplied, so none of its rows is quarantined:
    -- reconciliation counts them all as not required
    select * from quarantined_employees
    union all
    select * from quarantined_rank_history
    union all
    select * from quarantined_abstractions
    union all
    select * from quarantined_assignments
    union all
    select * from quarantined_applicants
    union all
    select * from quarantined_applicant_status
)

select * from final
