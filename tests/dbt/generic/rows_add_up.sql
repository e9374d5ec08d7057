{% test rows_add_up(model) %}
    {#- A reconciliation table adds up: on every row (one per raw file) the
        rows exported, quarantined and not required make the raw rows. Fails
        with the rows that do not. -#}
    select
        raw_file,
        raw_rows,
        exported_rows,
        quarantined_rows,
        not_required_rows
    from {{ model }}
    where
        raw_rows is null
        or raw_rows != coalesce(exported_rows, 0) + coalesce(quarantined_rows, 0) + coalesce(not_required_rows, 0)
{% endtest %}
