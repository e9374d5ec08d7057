with

crimes as (
    select * from {{ ref('int_crimes__validated') }}
),

victims as (
    select * from {{ ref('int_crime_victims__validated') }}
),

accused as (
    select * from {{ ref('int_crime_accused__validated') }}
),

quarantined_crimes as (
    select
        'cris_crimes.csv' as raw_file,
        {{ quarantine_key(['raw_crime_ref']) }} as raw_key,
        quarantine_reason as reason
    from crimes
    where quarantine_reason is not null
),

quarantined_victims as (
    select
        'cris_victims.csv' as raw_file,
        {{ quarantine_key(['raw_crime_ref', 'raw_victim_seq']) }} as raw_key,
        quarantine_reason as reason
    from victims
    where quarantine_reason is not null
),

quarantined_accused as (
    select
        'cris_accused.csv' as raw_file,
        {{ quarantine_key(['raw_crime_ref', 'raw_accused_seq']) }} as raw_key,
        quarantine_reason as reason
    from accused
    where quarantine_reason is not null
),

final as (
    select * from quarantined_crimes
    union all
    select * from quarantined_victims
    union all
    select * from quarantined_accused
)

select * from final
