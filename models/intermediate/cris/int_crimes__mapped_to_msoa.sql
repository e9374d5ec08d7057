with

crimes as {{ not_materialized() }} (
    select * from {{ ref('int_crimes__validated') }}
),

postcodes as (
    select * from {{ ref('stg_onspd__postcodes') }}
),

exported_crimes as {{ not_materialized() }} (
    -- only crimes that leave the force are mapped (read twice, by the mapping
    -- and below: not materialised, a copy of every exported crime)
    select * from crimes
    where quarantine_reason is null
),

msoas as (
    {{ map_to_msoa(
        'exported_crimes',
        key='crime_ref',
        postcode='location_postcode',
        easting='location_easting',
        northing='location_northing',
        directory='postcodes'
    ) }}
),

final as (
    -- the postcode and grid reference stop here: only the MSOA goes on
    select
        -- keys
        exported_crimes.crime_ref,

        -- codes
        exported_crimes.classification_code,
        exported_crimes.crimsec_code,
        exported_crimes.status,
        exported_crimes.prefix,

        -- dates and times
        exported_crimes.date_recorded,
        exported_crimes.date_cleared_up,
        exported_crimes.date_confirmed,
        exported_crimes.date_no_crimed,
        exported_crimes.offence_date_from,
        exported_crimes.offence_time_from,
        exported_crimes.offence_date_to,
        exported_crimes.offence_time_to,

        -- area
        msoas.msoa_code,
        msoas.msoa_method,

        -- flags
        exported_crimes.dv_flag,
        exported_crimes.hate_race,
        exported_crimes.hate_religion,
        exported_crimes.hate_sexual_orientation,
        exported_crimes.hate_disability,
        exported_crimes.hate_transgender,
        exported_crimes.gun_feature,
        exported_crimes.knife_feature
    from exported_crimes
    inner join msoas
        on exported_crimes.crime_ref = msoas.crime_ref
)

select * from final
