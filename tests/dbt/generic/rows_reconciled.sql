{% test rows_reconciled(model, raw_file) %}
    {#- An export table holds every row its raw file exports: its rows are the
        reconciliation's exported_rows less the rows disclosure control merged
        into another row of the table or withheld (merged_rows,
        withheld_rows). Fails with one row showing both counts, or when the
        raw file has no reconciliation row. -#}
    with

    expected as (
        select exported_rows - merged_rows - withheld_rows as expected_rows
        from {{ ref('reconciliation') }}
        where raw_file = '{{ raw_file }}'
    ),

    counts as (
        select
            (select count(*) from {{ model }}) as table_rows,
            (select max(expected_rows) from expected) as expected_rows
    )

    select * from counts
    where expected_rows is null or table_rows != expected_rows
{% endtest %}
