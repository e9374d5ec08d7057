with

crimes as (
    select * from {{ ref('int_crimes__mapped_to_msoa') }}
),

victims as (
    select * from {{ ref('int_crime_victims__validated') }}
),

accused as (
    select * from {{ ref('int_crime_accused__validated') }}
),

victim_counts as (
    -- victims that leave with the crime (crime_victims), all and persons only
    select
        crime_ref,
        count(*) as victim_count,
        sum(case when victim_type = 'P' then 1 else 0 end) as person_victim_count
    from victims
    where quarantine_reason is null
    group by crime_ref
),

accused_counts as (
    select
        crime_ref,
        count(*) as accused_count
    from accused
    where quarantine_reason is null
    group by crime_ref
),

final as (
    -- the columns and order of the contract (REQUIREMENT section 3)
    select
        -- keys
        crimes.crime_ref,

        -- dates
        crimes.date_recorded,
        crimes.date_cleared_up,
        crimes.date_confirmed,
        crimes.date_no_crimed,

        -- codes
        crimes.classification_code,
        crimes.crimsec_code,
        crimes.status,
        crimes.prefix,

        -- when
        crimes.offence_date_from,
        crimes.offence_time_from,
        crimes.offence_date_to,
        crimes.offence_time_to,

        -- where
        crimes.msoa_code,

        -- flags
        crimes.dv_flag,
        crimes.hate_race,
        crimes.hate_religion,
        crimes.hate_sexual_orientation,
        crimes.hate_disability,
        crimes.hate_transgender,
        crimes.gun_feature,
        crimes.knife_feature,

        -- counts
        cast(coalesce(victim_counts.victim_count, 0) as integer) as victim_count,
        cast(coalesce(victim_counts.person_victim_count, 0) as integer) as person_victim_count,
        cast(coalesce(accused_counts.accused_count, 0) as integer) as accused_count
    from crimes
    left join victim_counts
        on crimes.crime_ref = victim_counts.crime_ref
    left join accused_counts
        on crimes.crime_ref = accused_counts.crime_ref
)

select * from final
