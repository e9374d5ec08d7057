{#- How many records each step of disclosure control touched, counted only
    where it changed a value (requirement section 4): each view step by the
    level a record ends at, then the date steps, rule 2, the last resort, and
    the steps that carry a generalisation into the other columns and rows
    that reveal the same fact (rule 3). Aggregates only: published in the
    manifest's run report. -#}
{%- set policy = disclosure_policy() -%}
{%- set w = withheld() -%}
{%- set base = policy['base'] -%}
{%- set parental_types = "'" ~ parental_leave_types() | join("', '") ~ "'" -%}

with

generalised as (
    select * from {{ ref('int_employees__generalised') }}
),

linked as (
    select * from {{ ref('int_employees__linked') }}
),

employees as (
    select * from {{ ref('int_employees__validated') }}
),

rank_history as (
    select * from {{ ref('int_rank_history__generalised') }}
),

assignments as (
    select * from {{ ref('int_assignments__generalised') }}
),

abstractions as (
    select * from {{ ref('int_abstractions__generalised') }}
),

applicants as (
    select * from {{ ref('int_applicants__generalised') }}
),

applicants_linked as (
    select * from {{ ref('int_applicants__linked') }}
),

applicants_validated as (
    select * from {{ ref('int_applicants__validated') }}
),

people as (
    select
        generalised.*,
        linked.join_month,
        linked.appointed_month,
        linked.staff_type as true_staff_type,
        linked.gender as true_gender,
        linked.ethnicity_16 as true_ethnicity_16,
        linked.ethnicity_6 as true_ethnicity_6,
        linked.birth_year_band as true_birth_year_band,
        linked.rank_code as true_rank_code,
        linked.bcu_code as true_bcu_code,
        employees.employment_type,
        employees.working_pattern,
        employees.hours_per_week,
        employees.leaving_reason
    from generalised
    inner join linked
        on generalised.pay_number = linked.pay_number
    inner join employees
        on
            generalised.pay_number = employees.pay_number
            and employees.quarantine_reason is null
),

applicant_people as (
    select
        applicants.*,
        applicants_linked.application_type as true_application_type,
        applicants_linked.msoa_code as true_msoa_code,
        applicants_linked.received_month,
        applicants_validated.special
    from applicants
    inner join applicants_linked
        on applicants.applicant_ref = applicants_linked.applicant_ref
    inner join applicants_validated
        on
            applicants.applicant_ref = applicants_validated.applicant_ref
            and applicants_validated.quarantine_reason is null
),

employee_view_steps as (
    -- the steps of the extended linked person view (macro disclosure_view_step_counts)
    {{ disclosure_view_step_counts('employees', 'people') }}
),

applicant_view_steps as (
    {{ disclosure_view_step_counts('applicants', 'applicant_people') }}
),

steps as (
    select * from employee_view_steps
    union all
    select * from applicant_view_steps
    union all
    -- rule 2: a protected rank's appointment shown coarser than the table's precision
    select
        'employees' as population,
        101 as step_order,
        'appointment_date_coarsened' as step,
        'rank_history.start_date' as changes,
        'employees' as counted,
        count(*) as records,
        sum(case
            when
                appointment_window_precision between 2 and 4
                and {{ period_start('appointed_month', 'appointment_window_precision') }}
                <> {{ period_start('appointed_month', base['rank_history']) }}
                then 1
            else 0
        end) as records_touched
    from people
    union all
    select
        'employees' as population,
        102 as step_order,
        'dates_withheld' as step,
        'every date of the employee' as changes,
        'employees' as counted,
        count(*) as records,
        sum(case when join_window_precision = 5 or appointment_window_precision = 5 then 1 else 0 end)
            as records_touched
    from people
    union all
    -- the last resort
    select
        'employees' as population,
        201 as step_order,
        'withheld_entirely_in_a_class_below_k' as step,
        'every key variable and date' as changes,
        'employees' as counted,
        count(*) as records,
        sum(case when is_below_k then 1 else 0 end) as records_touched
    from people
    union all
    select
        'employees' as population,
        202 as step_order,
        'withheld_entirely_to_make_up_k' as step,
        'every key variable and date' as changes,
        'employees' as counted,
        count(*) as records,
        sum(case when is_taken_into_withheld_class then 1 else 0 end) as records_touched
    from people
    union all
    select
        'applicants' as population,
        201 as step_order,
        'withheld_entirely_in_a_class_below_k' as step,
        'every key variable and date' as changes,
        'applicants' as counted,
        count(*) as records,
        sum(case when is_below_k then 1 else 0 end) as records_touched
    from applicant_people
    union all
    select
        'applicants' as population,
        202 as step_order,
        'withheld_entirely_to_make_up_k' as step,
        'every key variable and date' as changes,
        'applicants' as counted,
        count(*) as records,
        sum(case when is_taken_into_withheld_class then 1 else 0 end) as records_touched
    from applicant_people
    union all
    -- rule 3: the same fact in other columns and rows
    select
        'employees' as population,
        301 as step_order,
        'employment_withheld_with_staff_type' as step,
        'employment_type, working_pattern, hours_per_week, leaving_reason' as changes,
        'employees' as counted,
        count(*) as records,
        sum(case
            when
                staff_type = {{ w }}
                and (
                    employment_type is not null or working_pattern is not null
                    or hours_per_week is not null or leaving_reason is not null
                )
                then 1
            else 0
        end) as records_touched
    from people
    union all
    select
        'employees' as population,
        302 as step_order,
        'rank_rows_merged' as step,
        'rank_history rows' as changes,
        'rank_history rows' as counted,
        count(*) as records,
        sum(case when is_merged then 1 else 0 end) as records_touched
    from rank_history
    union all
    select
        'employees' as population,
        303 as step_order,
        'post_code_removed' as step,
        'assignments.post_code' as changes,
        'assignments rows' as counted,
        count(*) as records,
        sum(case when generalised.bcu_shown_as <> 'CODE' and assignments.post_code is not null then 1 else 0 end)
            as records_touched
    from assignments
    inner join generalised
        on assignments.pay_number = generalised.pay_number
    union all
    select
        'employees' as population,
        305 as step_order,
        'postings_merged_for_the_withheld' as step,
        'assignments rows' as changes,
        'assignments rows' as counted,
        count(*) as records,
        sum(case when is_merged then 1 else 0 end) as records_touched
    from assignments
    union all
    select
        'employees' as population,
        306 as step_order,
        'abstractions_withheld_for_the_withheld' as step,
        'abstractions rows' as changes,
        'abstractions rows' as counted,
        count(*) as records,
        sum(case when is_withheld then 1 else 0 end) as records_touched
    from abstractions
    union all
    select
        'employees' as population,
        304 as step_order,
        'parental_leave_generalised' as step,
        'abstractions.abstraction_type, end_date, hours_lost, days_lost' as changes,
        'abstractions rows' as counted,
        count(*) as records,
        sum(case
            when
                coalesce(generalised.gender, {{ w }}) = {{ w }}
                and abstractions.abstraction_type in ({{ parental_types }})
                then 1
            else 0
        end) as records_touched
    from abstractions
    inner join generalised
        on abstractions.pay_number = generalised.pay_number
    union all
    select
        'applicants' as population,
        301 as step_order,
        'special_withheld_with_application_type' as step,
        'special' as changes,
        'applicants' as counted,
        count(*) as records,
        sum(case when application_type = {{ w }} and special is not null then 1 else 0 end) as records_touched
    from applicant_people
),

final as (
    select
        population,
        step_order,
        step,
        changes,
        counted,
        {{ k_anonymity() }} as k,
        cast(records as {{ dbt.type_bigint() }}) as records,
        cast(coalesce(records_touched, 0) as {{ dbt.type_bigint() }}) as records_touched
    from steps
)

select * from final
