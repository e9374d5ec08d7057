{#- The run report's reasons account for every quarantined row: per raw file,
    the rows of rows_quarantined_by_reason add up to its quarantined_rows in
    reconciliation. Returns the raw files where they do not. -#}

with

reconciliation as (
    select * from {{ ref('reconciliation') }}
),

by_reason as (
    select * from {{ ref('rows_quarantined_by_reason') }}
),

reasons_per_file as (
    select
        raw_file,
        sum(quarantined_rows) as quarantined_rows
    from by_reason
    group by raw_file
),

final as (
    select
        reconciliation.raw_file,
        reconciliation.quarantined_rows,
        coalesce(reasons_per_file.quarantined_rows, 0) as rows_with_a_reason
    from reconciliation
    left join reasons_per_file
        on reconciliation.raw_file = reasons_per_file.raw_file
    where reconciliation.quarantined_rows != coalesce(reasons_per_file.quarantined_rows, 0)
)

select * from final
