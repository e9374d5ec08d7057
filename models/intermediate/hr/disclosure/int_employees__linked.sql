{%- set protected_ranks = "'" ~ disclosure_policy()['protected_ranks'] | join("', '") ~ "'" -%}

with

employees as (
    select * from {{ ref('int_employees__validated') }}
),

rank_rows as (
    select * from {{ ref('int_rank_history__ordered') }}
),

assignments as (
    select * from {{ ref('int_assignments__validated') }}
),

rank_seniority as (
    {{ rank_seniority_lookup() }}
),

exported_employees as (
    select * from employees
    where quarantine_reason is null
),

most_senior_rank as (
    -- the most senior rank of the person's exported rank rows
    select
        pay_number,
        rank_code,
        rank_group,
        seniority,
        row_number() over (
            partition by pay_number
            order by {{ most_senior_first('rank_code', 'seniority') }}
        ) as rank_position
    from rank_rows
),

most_senior_group as (
    -- the most senior group the export would show if every rank row showed its group
    select
        rank_rows.pay_number,
        rank_rows.rank_group,
        row_number() over (
            partition by rank_rows.pay_number
            order by {{ most_senior_first('rank_rows.rank_group', 'rank_seniority.seniority') }}
        ) as group_position
    from rank_rows
    left join rank_seniority
        on rank_rows.rank_group = rank_seniority.rank_value
),

appointment as (
    -- the first row at the most senior rank: the appointment a colleague knows of
    select
        rank_rows.pay_number,
        rank_rows.start_date as appointed_date,
        rank_rows.group_first_start_date,
        rank_rows.first_start_date,
        row_number() over (partition by rank_rows.pay_number order by rank_rows.rank_order asc) as appointment_position
    from rank_rows
    inner join most_senior_rank
        on
            rank_rows.pay_number = most_senior_rank.pay_number
            and rank_rows.rank_code = most_senior_rank.rank_code
            and most_senior_rank.rank_position = 1
),

latest_bcu as (
    select
        pay_number,
        bcu_code,
        row_number() over (
            partition by pay_number
            order by {{ latest_assignment_first('bcu_code', 'start_date', 'end_date') }}
        ) as assignment_position
    from assignments
    where quarantine_reason is null
),

final as (
    select
        -- keys
        exported_employees.pay_number,

        -- the extended linked person view, as it would leave before disclosure control
        exported_employees.staff_type,
        exported_employees.gender,
        exported_employees.ethnicity_16,
        exported_employees.ethnicity_6,
        {{ birth_year_band('exported_employees.date_of_birth', 5) }} as birth_year_band,
        most_senior_rank.rank_code,
        latest_bcu.bcu_code,
        exported_employees.date_joined,

        -- what generalisation may show instead
        {{ birth_year_band('exported_employees.date_of_birth', 10) }} as birth_year_band_10,
        most_senior_group.rank_group,
        most_senior_rank.rank_group as rank_code_group,
        most_senior_rank.seniority as rank_seniority,

        -- what a colleague knows of a protected rank (rule 2), as month indexes
        {{ dbt.cast('extract(year from exported_employees.date_of_birth)', api.Column.translate_type('integer')) }}
            as birth_year,
        {{ month_index('exported_employees.date_joined') }} as join_month,
        {{ month_index('appointment.appointed_date') }} as appointed_month,
        {{ month_index('appointment.group_first_start_date') }} as appointed_group_month,
        {{ month_index('appointment.first_start_date') }} as first_rank_month,
        coalesce(most_senior_rank.rank_code in ({{ protected_ranks }}), false) as is_protected
    from exported_employees
    left join most_senior_rank
        on
            exported_employees.pay_number = most_senior_rank.pay_number
            and most_senior_rank.rank_position = 1
    left join most_senior_group
        on
            exported_employees.pay_number = most_senior_group.pay_number
            and most_senior_group.group_position = 1
    left join appointment
        on
            exported_employees.pay_number = appointment.pay_number
            and appointment.appointment_position = 1
    left join latest_bcu
        on
            exported_employees.pay_number = latest_bcu.pay_number
            and latest_bcu.assignment_position = 1
)

select * from final
