with

employees as (
    select * from {{ ref('int_employees__validated') }}
),

rank_history as (
    select * from {{ ref('int_rank_history__validated') }}
),

assignments as (
    select * from {{ ref('int_assignments__validated') }}
),

ranks as (
    select * from {{ ref('ref_ranks') }}
),

rank_seniority as (
    {{ rank_seniority_lookup() }}
),

exported_employees as (
    select * from employees
    where quarantine_reason is null
),

exported_ranks as (
    -- every exported rank row with its rank group and the seniority of both
    select
        rank_history.pay_number,
        rank_history.rank_code,
        ranks.rank_group,
        code_seniority.seniority as rank_seniority,
        group_seniority.seniority as group_seniority
    from rank_history
    inner join ranks
        on rank_history.rank_code = ranks.rank_code
    left join rank_seniority as code_seniority
        on rank_history.rank_code = code_seniority.rank_value
    left join rank_seniority as group_seniority
        on ranks.rank_group = group_seniority.rank_value
    where rank_history.quarantine_reason is null
),

most_senior_rank as (
    -- the most senior rank the export shows, and the most senior group it
    -- would show if every rank row were generalised to its group
    select
        pay_number,
        rank_code,
        row_number() over (
            partition by pay_number
            order by {{ most_senior_first('rank_code', 'rank_seniority') }}
        ) as rank_order
    from exported_ranks
),

most_senior_group as (
    select
        pay_number,
        rank_group,
        row_number() over (
            partition by pay_number
            order by {{ most_senior_first('rank_group', 'group_seniority') }}
        ) as group_order
    from exported_ranks
),

latest_bcu as (
    select
        pay_number,
        bcu_code,
        row_number() over (
            partition by pay_number
            order by {{ latest_assignment_first('bcu_code', 'start_date', 'end_date') }}
        ) as assignment_order
    from assignments
    where quarantine_reason is null
),

final as (
    select
        -- keys
        exported_employees.pay_number,

        -- quasi-identifiers, as they would leave before disclosure control
        exported_employees.staff_type,
        exported_employees.gender,
        exported_employees.ethnicity_16,
        exported_employees.ethnicity_6,
        {{ birth_year_band('exported_employees.date_of_birth', 5) }} as birth_year_band,
        most_senior_rank.rank_code,
        latest_bcu.bcu_code,

        -- what generalisation may show instead
        most_senior_group.rank_group
    from exported_employees
    left join most_senior_rank
        on
            exported_employees.pay_number = most_senior_rank.pay_number
            and most_senior_rank.rank_order = 1
    left join most_senior_group
        on
            exported_employees.pay_number = most_senior_group.pay_number
            and most_senior_group.group_order = 1
    left join latest_bcu
        on
            exported_employees.pay_number = latest_bcu.pay_number
            and latest_bcu.assignment_order = 1
)

select * from final
