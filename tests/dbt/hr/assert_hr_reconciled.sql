{#- Nothing is lost silently: for every HR raw file, the rows exported,
    quarantined and not required add up to the rows in the file, and each
    export table holds exactly the rows its checks kept. Returns the files
    that do not add up. -#}

with

reconciliation as (
    select * from {{ ref('int_hr__reconciliation') }}
),

final as (
    select
        raw_file,
        raw_rows,
        exported_rows,
        quarantined_rows,
        not_required_rows
    from reconciliation
    where raw_rows != exported_rows + quarantined_rows + not_required_rows
)

select * from final
