{%- set staged_reasons = malformed_row_reasons().values() | list + [
    'crime_ref_missing', 'crime_ref_invalid', 'victim_seq_missing', 'victim_seq_invalid',
    'victim_type_missing', 'victim_type_invalid',
] -%}

{#- The staged victims are read where they are used rather than through an
    import CTE: a CTE read twice is materialised, a copy of every row. -#}
{%- set victims = ref('stg_cris__victims') -%}
{%- set key = ['crime_ref', 'victim_seq'] -%}

with

crimes as (
    select * from {{ ref('int_crimes__validated') }}
),

crime_keys as (
    -- per CRIS number: does any of its rows leave the force?
    {{ exported_keys('crimes', 'crime_ref') }}
),

repeated_keys as (
    {{ repeated_keys(victims, key) }}
),

row_checked as (
    -- the row's own values, then its crime
    select
        victims.*,
        victims.victim_type as copy_values,
        {{ first_reason([
            staged_reason(only=staged_reasons, reasons_column='victims.invalid_reasons'),
            parent_reason('victims.crime_ref', 'crime_keys', 'crime_missing', 'crime_quarantined'),
        ]) }} as row_reason,
        (
            victims.crime_ref is null
            or victims.victim_seq is null
            or repeated_keys.crime_ref is not null
        ) as has_copies
    from {{ victims }} as victims
    left join crime_keys
        on victims.crime_ref = crime_keys.crime_ref
    left join repeated_keys
        on
            victims.crime_ref = repeated_keys.crime_ref
            and victims.victim_seq = repeated_keys.victim_seq
),

copies as (
    -- A victim can arrive twice. Identical copies are one victim: the first
    -- is kept. Copies that disagree cannot be told apart, so none is kept.
    {{ compare_copies('row_checked', key, 'copy_values', ['raw_crime_ref', 'raw_victim_seq']) }}
),

checked as (
    select
        *,
        {{ first_reason([
            'row_reason',
            reason_if('first_values != last_values', 'conflicting_victim_seq'),
            duplicate_reason('copy_rank', 'duplicate_victim_seq'),
        ]) }} as quarantine_reason
    from copies
),

final as (
    select
        -- keys
        crime_ref,
        victim_seq,
        raw_crime_ref,
        raw_victim_seq,
        raw_row_number,

        -- codes
        victim_type,

        -- checks
        invalid_reasons,
        quarantine_reason
    from checked
)

select * from final
