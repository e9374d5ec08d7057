{#- Exported crime dates are possible: nothing cleared up or no-crimed before
    it was recorded, no offence starting after it was recorded, no offence
    window ending before it starts (such rows are quarantined as
    dates_impossible). Returns the crimes that break it. -#}

with

crimes as (
    select * from {{ ref('crimes') }}
),

final as (
    select
        crime_ref,
        date_recorded,
        date_cleared_up,
        date_no_crimed,
        offence_date_from,
        offence_date_to
    from crimes
    where
        date_cleared_up < date_recorded
        or date_no_crimed < date_recorded
        or offence_date_from > date_recorded
        or offence_date_to < offence_date_from
)

select * from final
