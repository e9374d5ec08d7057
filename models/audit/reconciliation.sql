{#- One row per raw file, from each area's reconciliation model: add an area
    by adding its model to this union. -#}
with

cris as (
    select * from {{ ref('int_cris__reconciliation') }}
),

hr as (
    select * from {{ ref('int_hr__reconciliation') }}
),

final as (
    select
        raw_file,
        raw_rows,
        exported_rows,
        quarantined_rows,
        not_required_rows
    from cris
    union all
    select
        raw_file,
        raw_rows,
        exported_rows,
        quarantined_rows,
        not_required_rows
    from hr
)

select * from final
