with

reconciled as (
    -- one row per raw file of var raw_files (macros/reconciliation.sql)
    {{ reconciled_rows() }}
),

final as (
    select
        raw_file,
        raw_rows,
        exported_rows,
        quarantined_rows,
        not_required_rows,
        merged_rows,
        withheld_rows
    from reconciled
)

select * from final
