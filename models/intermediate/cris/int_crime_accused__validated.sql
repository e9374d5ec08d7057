{%- set staged_reasons = malformed_row_reasons().values() | list + [
    'crime_ref_missing', 'crime_ref_invalid', 'accused_seq_missing', 'accused_seq_invalid',
    'proceedings_date_invalid',
] -%}

{#- The staged accused are read where they are used rather than through an
    import CTE: a CTE read twice is materialised, a copy of every row. -#}
{%- set accused = ref('stg_cris__accused') -%}

with

crimes as (
    select * from {{ ref('int_crimes__validated') }}
),

proceedings_codes as (
    select * from {{ ref('ref_proceedings_codes') }}
),

crime_outcomes as (
    -- per CRIS number: does any of its rows leave the force?
    select
        crime_ref,
        max(case when quarantine_reason is null then 1 else 0 end) as is_exported
    from crimes
    where crime_ref is not null
    group by crime_ref
),

repeated_keys as (
    -- accused keys that arrive more than once (a few in a hundred)
    select
        crime_ref,
        accused_seq
    from {{ accused }}
    where crime_ref is not null and accused_seq is not null
    group by crime_ref, accused_seq
    having count(*) > 1
),

row_checked as (
    -- the row's own values, its outcome code, then its crime
    select
        accused.*,
        {{ dbt.concat([
            "coalesce(accused.proceedings_code, '')",
            "'|'",
            "coalesce(cast(accused.proceedings_date as " ~ dbt.type_string() ~ "), '')",
        ]) }} as exported_values,
        {{ quarantine_reason(
            staged_reason_checks(staged_reasons, 'accused.invalid_reasons')
            + [
                ['accused.proceedings_code is not null and proceedings_codes.proceedings_code is null',
                    'proceedings_code_unknown'],
                ['crime_outcomes.crime_ref is null', 'crime_missing'],
                ['crime_outcomes.is_exported = 0', 'crime_quarantined'],
            ]
        ) }} as row_reason,
        (
            accused.crime_ref is null
            or accused.accused_seq is null
            or repeated_keys.crime_ref is not null
        ) as has_copies
    from {{ accused }} as accused
    left join proceedings_codes
        on accused.proceedings_code = proceedings_codes.proceedings_code
    left join crime_outcomes
        on accused.crime_ref = crime_outcomes.crime_ref
    left join repeated_keys
        on
            accused.crime_ref = repeated_keys.crime_ref
            and accused.accused_seq = repeated_keys.accused_seq
),

copies as (
    -- An accused can arrive twice. Identical copies are one accused: the
    -- first is kept. Copies that disagree cannot be told apart, so none is kept.
    -- Only keys that arrive more than once (or lack a part) are compared:
    -- windows over every accused sort them all, with all their columns.
    select
        *,
        row_number() over (
            partition by crime_ref, accused_seq, row_reason
            order by exported_values, raw_crime_ref, raw_accused_seq
        ) as copy_rank,
        min(exported_values) over (partition by crime_ref, accused_seq, row_reason) as first_values,
        max(exported_values) over (partition by crime_ref, accused_seq, row_reason) as last_values
    from row_checked
    where has_copies
    union all
    select
        *,
        1 as copy_rank,
        exported_values as first_values,
        exported_values as last_values
    from row_checked
    where not has_copies
),

checked as (
    select
        *,
        coalesce(
            row_reason,
            {{ quarantine_reason([
                ['first_values != last_values', 'conflicting_accused_seq'],
                ['copy_rank > 1', 'duplicate_accused_seq'],
            ]) }}
        ) as quarantine_reason
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
