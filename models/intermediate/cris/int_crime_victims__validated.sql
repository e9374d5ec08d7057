{%- set staged_reasons = malformed_row_reasons().values() | list + [
    'crime_ref_missing', 'crime_ref_invalid', 'victim_seq_missing', 'victim_seq_invalid',
    'victim_type_missing', 'victim_type_invalid',
] -%}

{#- The staged victims are read where they are used rather than through an
    import CTE: a CTE read twice is materialised, a copy of every row. -#}
{%- set victims = ref('stg_cris__victims') -%}

with

crimes as (
    select * from {{ ref('int_crimes__validated') }}
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
    -- victim keys that arrive more than once (a few in a hundred)
    select
        crime_ref,
        victim_seq
    from {{ victims }}
    where crime_ref is not null and victim_seq is not null
    group by crime_ref, victim_seq
    having count(*) > 1
),

row_checked as (
    -- the row's own values, then its crime
    select
        victims.*,
        {{ quarantine_reason(
            staged_reason_checks(staged_reasons)
            + [
                ['crime_outcomes.crime_ref is null', 'crime_missing'],
                ['crime_outcomes.is_exported = 0', 'crime_quarantined'],
            ]
        ) }} as row_reason,
        (
            victims.crime_ref is null
            or victims.victim_seq is null
            or repeated_keys.crime_ref is not null
        ) as has_copies
    from {{ victims }} as victims
    left join crime_outcomes
        on victims.crime_ref = crime_outcomes.crime_ref
    left join repeated_keys
        on
            victims.crime_ref = repeated_keys.crime_ref
            and victims.victim_seq = repeated_keys.victim_seq
),

copies as (
    -- A victim can arrive twice. Identical copies are one victim: the first
    -- is kept. Copies that disagree cannot be told apart, so none is kept.
    -- Only keys that arrive more than once (or lack a part) are compared:
    -- windows over every victim sort them all, with all their columns.
    select
        *,
        row_number() over (
            partition by crime_ref, victim_seq, row_reason
            order by victim_type, raw_crime_ref, raw_victim_seq
        ) as copy_rank,
        min(victim_type) over (partition by crime_ref, victim_seq, row_reason) as first_victim_type,
        max(victim_type) over (partition by crime_ref, victim_seq, row_reason) as last_victim_type
    from row_checked
    where has_copies
    union all
    select
        *,
        1 as copy_rank,
        victim_type as first_victim_type,
        victim_type as last_victim_type
    from row_checked
    where not has_copies
),

checked as (
    select
        *,
        coalesce(
            row_reason,
            {{ quarantine_reason([
                ['first_victim_type != last_victim_type', 'conflicting_victim_seq'],
                ['copy_rank > 1', 'duplicate_victim_seq'],
            ]) }}
        ) as quarantine_reason
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
