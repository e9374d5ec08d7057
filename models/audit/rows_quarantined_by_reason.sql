with

quarantine as (
    select * from {{ ref('quarantine') }}
),

final as (
    -- counts only: the quarantine's raw keys never leave the force
    select
        raw_file,
        reason,
        cast(count(*) as {{ dbt.type_bigint() }}) as quarantined_rows
    from quarantine
    group by raw_file, reason
)

select * from final
