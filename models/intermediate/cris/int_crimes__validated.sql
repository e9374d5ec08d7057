{#- Staged reasons that send a crime to quarantine: a missing or unusable
    value in a column that is exported (or the borough, a force code list).
    A bad postcode or grid reference is not among them: it only costs the
    MSOA, which then falls back or stays null. last_modified only orders
    versions. -#}
{%- set quarantining_reasons = [
    'date_recorded_missing', 'date_recorded_invalid', 'status_missing', 'status_invalid',
    'crimsec_code_invalid', 'prefix_invalid', 'date_cleared_up_invalid', 'date_confirmed_invalid',
    'date_no_crimed_invalid', 'offence_date_from_invalid', 'offence_time_from_invalid',
    'offence_date_to_invalid', 'offence_time_to_invalid', 'dv_flag_invalid', 'hate_flags_invalid',
    'gun_feature_invalid', 'knife_feature_invalid', 'borough_code_invalid',
] -%}

{#- The staged crimes are read where they are used rather than through an
    import CTE: a CTE read in three places is materialised, a copy of every
    row and column (ten million crimes: gigabytes spilled to disk). -#}
{%- set crimes = ref('stg_cris__crimes') -%}

with

offence_codes as (
    select * from {{ ref('ref_offence_codes') }}
),

bcus as (
    select * from {{ ref('ref_bcus') }}
),

repeated_refs as (
    -- CRIS numbers that arrive more than once (a few in a hundred)
    select crime_ref
    from {{ crimes }}
    where crime_ref is not null
    group by crime_ref
    having count(*) > 1
),

versions as (
    -- A crime_ref can arrive more than once: the latest last_modified is the
    -- current version, the others are superseded. Exact ties prefer a clean
    -- copy, then fixed column orders, so every run keeps the same one. Only
    -- repeated (or missing) CRIS numbers are ranked: ranking every crime
    -- sorts them all, with all their columns, for nothing.
    select
        *,
        row_number() over (
            partition by crime_ref
            order by
                last_modified desc nulls last,
                case when invalid_reasons is null then 0 else 1 end asc,
                date_recorded desc nulls last,
                status asc,
                crimsec_code asc,
                date_cleared_up desc nulls last
        ) as version_rank
    from {{ crimes }}
    where crime_ref is null or crime_ref in (select repeated_refs.crime_ref from repeated_refs)
    union all
    select
        *,
        1 as version_rank
    from {{ crimes }}
    where
        crime_ref is not null
        and crime_ref not in (select repeated_refs.crime_ref from repeated_refs)
),

classification_codes as (
    select distinct classification_code from offence_codes
),

coded as (
    -- each code against the force's code lists
    select
        versions.*,
        offence_codes.crimsec_code is not null as is_known_crimsec_code,
        offence_codes.classification_code as offence_classification_code,
        classification_codes.classification_code is not null as is_known_classification_code,
        bcus.bcu_code is not null as is_known_borough_code
    from versions
    left join offence_codes
        on versions.crimsec_code = offence_codes.crimsec_code
    left join classification_codes
        on versions.classification_code = classification_codes.classification_code
    left join bcus
        on versions.borough_code = bcus.bcu_code
),

checked as (
    select
        *,
        {{ first_reason([
            staged_reason(only=malformed_row_reasons().values() | list + ['crime_ref_missing', 'crime_ref_invalid']),
            duplicate_reason('version_rank', 'duplicate_crime_ref'),
            staged_reason(only=quarantining_reasons),
            reason_if('crimsec_code is null', 'crimsec_code_missing'),
            reason_if('not is_known_crimsec_code', 'crimsec_code_unknown'),
            reason_if('classification_code is not null and not is_known_classification_code',
                'classification_code_unknown'),
            reason_if('classification_code != offence_classification_code', 'classification_code_inconsistent'),
            reason_if('borough_code is not null and not is_known_borough_code', 'borough_code_unknown'),
            reason_if(has_invalid_reason('offence_date_to_before_offence_date_from')
                ~ ' or date_cleared_up < date_recorded'
                ~ ' or date_no_crimed < date_recorded'
                ~ ' or offence_date_from > date_recorded', 'dates_impossible'),
        ]) }} as quarantine_reason
    from coded
),

final as (
    select
        -- keys
        crime_ref,
        raw_crime_ref,
        raw_row_number,

        -- codes
        borough_code,
        classification_code,
        crimsec_code,
        status,
        prefix,

        -- dates and times
        date_recorded,
        date_cleared_up,
        date_confirmed,
        date_no_crimed,
        offence_date_from,
        offence_time_from,
        offence_date_to,
        offence_time_to,
        last_modified,

        -- location (MSOA mapping only)
        location_postcode,
        location_easting,
        location_northing,

        -- flags
        dv_flag,
        hate_race,
        hate_religion,
        hate_sexual_orientation,
        hate_disability,
        hate_transgender,
        gun_feature,
        knife_feature,

        -- checks
        invalid_reasons,
        version_rank,
        quarantine_reason
    from checked
)

select * from final
