with

quarantined as (
    -- every quarantined row of every raw file in var raw_files
    {{ quarantined_rows() }}
),

final as (
    select
        raw_file,
        raw_key,
        reason
    from quarantined
)

select * from final
