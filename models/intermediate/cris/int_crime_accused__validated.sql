{%- set staged_reasons = malformed_row_reasons().values() | list + [
    'crime_ref_missing', 'crime_ref_invalid', 'accused_seq_missing', 'accused_seq_invalid',
    'proceedings_date_invalid',
] -%}

{#- The staged accused are read where they are used rather than through an
    import CTE: a CTE read twice is materialised, a copy of every row. -#}
{%- set accused = ref('stg_cris__accused') -%}
{%- set key = ['crime_ref', 'accused_seq'] -%}

with

crimes as (
    select * from {{ ref('int_crimes__validated') }}
),

proceedings_codes as (
    select * from {{ ref('ref_proceedings_codes') }}
),

crime_keys as (
    -- per CRIS number: does any of its rows leave the force?
    {{ exported_keys('crimes', 'crime_ref') }}
),

repeated_keys as (
    {{ repeated_keys(accused, key) }}
),

row_checked as (
    -- the row's own values, its outcome code, then its crime
    select
        accused.*,
        {{ dbt.concat([
            "coalesce(accused.proceedings_code, '')",
            "'|'",
            "coalesce(cast(accused.proceedings_date as " ~ dbt.type_string() ~ "), '')",
        ]) }} as copy_values,
        {{ first_reason([
            staged_reason(only=staged_reasons, reasons_column='accused.invalid_reasons'),
            unknown_code_reason('accused.proceedings_code', 'proceedings_codes.proceedings_code'),
            parent_reason('accused.crime_ref', 'crime_keys', 'crime_missing', 'crime_quarantined'),
        ]) }} as row_reason,
        (
            accused.crime_ref is null
            or accused.accused_seq is null
            or repeated_keys.crime_ref is not null
        ) as has_copies
    from {{ accused }} as accused
    left join proceedings_codes
        on accused.proceedings_code = proceedings_codes.proceedings_code
    left join crime_keys
        on accused.crime_ref = crime_keys.crime_ref
    left join repeated_keys
        on
            accused.crime_ref = repeated_keys.crime_ref
            and accused.accused_seq = repeated_keys.accused_seq
),

copies as (
    -- An accused can arrive twice. Identical copies are one accused: the
    -- first is kept. Copies that disagree cannot be told apart, so none is kept.
    {{ compare_copies('row_checked', key, 'copy_values', ['raw_crime_ref', 'raw_accused_seq']) }}
),

checked as (
    select
        *,
        {{ first_reason([
            'row_reason',
            reason_if('first_values != last_values', 'conflicting_accused_seq'),
            duplicate_reason('copy_rank', 'duplicate_accused_seq'),
        ]) }} as quarantine_reason
    from copies
),

final as (
    select
        -- keys
        crime_ref,
        accused_seq,
        raw_crime_ref,
        raw_accused_seq,
        raw_row_number,

        -- codes
        proceedings_code,

        -- dates
        proceedings_date,

        -- checks
        invalid_reasons,
        quarantine_reason
    from checked
)

select * from final
