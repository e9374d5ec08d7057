{% macro normalise_postcode(column) -%}
    {#- Upper case, inner spaces removed, one space before the inward code;
        null unless the result has the shape of a UK postcode. Letters and
        digits are never swapped (an O for a 0 is not guessed). -#}
    {%- set squeezed = dbt.replace(clean_code(column), "' '", "''") -%}
    {%- set spaced = dbt.concat([
        "left(" ~ squeezed ~ ", " ~ dbt.length(squeezed) ~ " - 3)", "' '", dbt.right(squeezed, '3')
    ]) -%}
    case
        when {{ matches_pattern(spaced, '[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}') }}
            then {{ spaced }}
    end
{%- endmacro %}
