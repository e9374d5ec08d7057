{#- Nothing is lost silently (REQUIREMENT section 5): for every raw file of
    the feed, the rows exported, quarantined and not required add up to the
    rows of the file; and every CRIS raw file is reconciled. Returns the files
    that fail, with their counts. -#}

with

reconciliation as (
    select * from {{ ref('reconciliation') }}
),

expected_files as (
    select file_list.raw_file
    from (
        values
        ('cris_crimes.csv'),
        ('cris_victims.csv'),
        ('cris_accused.csv')
    ) as file_list (raw_file)
),

not_adding_up as (
    select
        raw_file,
        raw_rows,
        exported_rows,
        quarantined_rows,
        not_required_rows
    from reconciliation
    where
        raw_rows is null
        or raw_rows != coalesce(exported_rows, 0) + coalesce(quarantined_rows, 0) + coalesce(not_required_rows, 0)
),

not_reconciled as (
    select
        expected_files.raw_file,
        null as raw_rows,
        null as exported_rows,
        null as quarantined_rows,
        null as not_required_rows
    from expected_files
    left join reconciliation
        on expected_files.raw_file = reconciliation.raw_file
    where reconciliation.raw_file is null
),

final as (
    select * from not_adding_up
    union all
    select * from not_reconciled
)

select * from final
