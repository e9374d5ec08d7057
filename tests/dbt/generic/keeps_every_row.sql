{% test keeps_every_row(model, compare_to) %}
    {#- A staging model never drops a row: it has a row for every row of the
        raw file it reads (dirty rows carry invalid_reasons instead). The rows
        that did not split into the file's fields are not in the source as dbt
        reads it; the model adds them back (raw_row_number set), so they are
        left out of the comparison. -#}
    with

    counts as (
        select
            (select count(*) from {{ model }} where raw_row_number is null) as model_rows,
            (select count(*) from {{ compare_to }}) as raw_rows
    )

    select * from counts
    where model_rows != raw_rows
{% endtest %}
