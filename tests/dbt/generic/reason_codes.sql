{% test reason_codes(model, column_name, reasons) %}
    {#- Every ';'-separated reason in the column is one of the documented codes,
        so the docs, the quarantine and the models cannot drift apart. -#}
    {#- A row that did not split into its raw file's fields can be in any
        staging model: its reasons are listed once (macro malformed_row_reasons). -#}
    {%- set one_reason = '(' ~ (reasons + malformed_row_reasons().values() | list) | join('|') ~ ')' -%}
    select {{ column_name }}
    from {{ model }}
    where
        {{ column_name }} is not null
        and not {{ matches_pattern(column_name, one_reason ~ '(;' ~ one_reason ~ ')*') }}
{% endtest %}
