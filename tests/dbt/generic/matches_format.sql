{% test matches_format(model, column_name, pattern) %}
    {#- Every non-null value of the column has the given shape (a regular
        expression matched against the whole value): CRIS number, crimsec
        code, MSOA code, time. Fails with the offending values. -#}
    select {{ column_name }} as value_of_wrong_format
    from {{ model }}
    where
        {{ column_name }} is not null
        and not {{ matches_pattern(column_name, pattern) }}
{% endtest %}
