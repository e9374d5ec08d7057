{% test grain(model, columns) %}
    {#- The model has one row per combination of the columns: its grain. Fails
        with each combination that has more than one row. -#}
    select
        {{ columns | join(', ') }},
        count(*) as rows_with_these_values
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
