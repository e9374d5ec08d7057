{#- The counts on crimes are the rows the recipient gets in crime_victims and
    crime_accused, so fraud counted per victim agrees whichever table the
    Home Office counts from. Returns the crimes whose counts disagree. -#}

with

crimes as (
    select * from {{ ref('crimes') }}
),

crime_victims as (
    select * from {{ ref('crime_victims') }}
),

crime_accused as (
    select * from {{ ref('crime_accused') }}
),

victim_rows as (
    select
        crime_ref,
        count(*) as victim_rows,
        sum(case when victim_type = 'P' then 1 else 0 end) as person_victim_rows
    from crime_victims
    group by crime_ref
),

accused_rows as (
    select
        crime_ref,
        count(*) as accused_rows
    from crime_accused
    group by crime_ref
),

final as (
    select
        crimes.crime_ref,
        crimes.victim_count,
        crimes.person_victim_count,
        crimes.accused_count,
        coalesce(victim_rows.victim_rows, 0) as victim_rows,
        coalesce(victim_rows.person_victim_rows, 0) as person_victim_rows,
        coalesce(accused_rows.accused_rows, 0) as accused_rows
    from crimes
    left join victim_rows
        on crimes.crime_ref = victim_rows.crime_ref
    left join accused_rows
        on crimes.crime_ref = accused_rows.crime_ref
    where
        crimes.victim_count != coalesce(victim_rows.victim_rows, 0)
        or crimes.person_victim_count != coalesce(victim_rows.person_victim_rows, 0)
        or crimes.accused_count != coalesce(accused_rows.accused_rows, 0)
        or crimes.person_victim_count > crimes.victim_count
)

select * from final
