with

staged_employees as (
    select * from {{ ref('stg_hr__employees') }}
),

staged_rank_history as (
    select * from {{ ref('stg_hr__rank_history') }}
),

staged_abstractions as (
    select * from {{ ref('stg_hr__abstractions') }}
),

staged_assignments as (
    select * from {{ ref('stg_hr__assignments') }}
),

staged_training as (
    select * from {{ ref('stg_hr__training') }}
),

staged_applicants as (
    select * from {{ ref('stg_hr__applicants') }}
),

staged_applicant_status as (
    select * from {{ ref('stg_hr__applicant_status') }}
),

employees as (
    select * from {{ ref('employees') }}
),

rank_history as (
    select * from {{ ref('rank_history') }}
),

abstractions as (
    select * from {{ ref('abstractions') }}
),

assignments as (
    select * from {{ ref('assignments') }}
),

applicants as (
    select * from {{ ref('applicants') }}
),

applicant_status as (
    select * from {{ ref('applicant_status') }}
),

quarantine as (
    select * from {{ ref('quarantine_hr') }}
),

raw_counts as (
    -- staging keeps every raw row (test keeps_every_row), so it counts the raw file
    select
        'hr_employees.csv' as raw_file,
        count(*) as raw_rows
    from staged_employees
    union all
    select
        'hr_rank_history.csv' as raw_file,
        count(*) as raw_rows
    from staged_rank_history
    union all
    select
        'hr_abstractions.csv' as raw_file,
        count(*) as raw_rows
    from staged_abstractions
    union all
    select
        'hr_assignments.csv' as raw_file,
        count(*) as raw_rows
    from staged_assignments
    union all
    select
        'hr_training.csv' as raw_file,
        count(*) as raw_rows
    from staged_training
    union all
    select
        'hr_applicants.csv' as raw_file,
        count(*) as raw_rows
    from staged_applicants
    union all
    select
        'hr_applicant_status.csv' as raw_file,
        count(*) as raw_rows
    from staged_applicant_status
),

exported_counts as (
    -- what the export tables really hold, not what the checks meant to keep
    select
        'hr_employees.csv' as raw_file,
        count(*) as exported_rows
    from employees
    union all
    select
        'hr_rank_history.csv' as raw_file,
        count(*) as exported_rows
    from rank_history
    union all
    select
        'hr_abstractions.csv' as raw_file,
        count(*) as exported_rows
    from abstractions
    union all
    select
        'hr_assignments.csv' as raw_file,
        count(*) as exported_rows
    from assignments
    union all
    select
        'hr_applicants.csv' as raw_file,
        count(*) as exported_rows
    from applicants
    union all
    select
        'hr_applicant_status.csv' as raw_file,
        count(*) as exported_rows
    from applicant_status
),

quarantined_counts as (
    select
        raw_file,
        count(*) as quarantined_rows
    from quarantine
    group by raw_file
),

final as (
    select
        raw_counts.raw_file,
        raw_counts.raw_rows,
        coalesce(exported_counts.exported_rows, 0) as exported_rows,
        coalesce(quarantined_counts.quarantined_rows, 0) as quarantined_rows,
        -- training records are never supplied: every row is not required
        case
            when raw_counts.raw_file = 'hr_training.csv' then raw_counts.raw_rows else 0
        end as not_required_rows
    from raw_counts
    left join exported_counts
        on raw_counts.raw_file = exported_counts.raw_file
    left join quarantined_counts
        on raw_counts.raw_file = quarantined_counts.raw_file
)

select * from final
