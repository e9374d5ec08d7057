{% test keeps_every_row(model, compare_to) %}
    {#- A staging model never drops a row: it has exactly as many rows as the
        raw file it reads (dirty rows carry invalid_reasons instead). -#}
    with

    counts as (
        select
            (select count(*) from {{ model }}) as model_rows,
            (select count(*) from {{ compare_to }}) as raw_rows
    )

    select * from counts
    where model_rows != raw_rows
{% endtest %}
