{#- Redaction for the HR feed (requirement sections 3 and 4): birth year
    bands, the WITHHELD literal, k, and how the export is read (the most
    senior rank, the latest posting). Disclosure control itself is in
    disclosure_catalogue.sql (the catalogue and the policy),
    disclosure_search.sql (the search) and periods.sql (dates). -#}

{% macro year_band(year, width) -%}
    {#- 'YYYY-YYYY': the band of `width` years holding the year, aligned on
        multiples of the width (1972 in five-year bands is 1970-1974). -#}
    {%- set start = "(" ~ dbt.cast("floor(" ~ year ~ " / " ~ width ~ ")", api.Column.translate_type('integer'))
        ~ " * " ~ width ~ ")" -%}
    {{ dbt.concat([
        dbt.cast(start, api.Column.translate_type('string')),
        "'-'",
        dbt.cast("(" ~ start ~ " + " ~ (width - 1) ~ ")", api.Column.translate_type('string')),
    ]) }}
{%- endmacro %}

{% macro birth_year_band(column, width=5) -%}
    {#- The band of the year of birth; null when the date of birth is null. -#}
    {{ year_band('extract(year from ' ~ column ~ ')', width) }}
{%- endmacro %}

{% macro withheld() -%}
    'WITHHELD'
{%- endmacro %}

{% macro rank_seniority_lookup() -%}
    {#- Every value a rank_code column of the export can hold, with its
        seniority: the force's rank codes, and the rank groups disclosure
        control generalises them to (a group is as senior as its most senior
        member). The model that builds the linked person view and the test that
        recomputes it from the export both pick the most senior rank with it. -#}
    select
        rank_value,
        max(seniority) as seniority
    from (
        select
            rank_code as rank_value,
            seniority
        from {{ ref('ref_ranks') }}
        union all
        select
            rank_group as rank_value,
            seniority
        from {{ ref('ref_ranks') }}
    ) as rank_values
    group by rank_value
{%- endmacro %}

{% macro most_senior_first(rank_column, seniority_column) -%}
    {#- Window order that puts an employee's most senior rank first; equal
        seniority (ranks of different staff classes) falls back to the value,
        so the choice is deterministic and the same on the export. -#}
    {{ seniority_column }} desc nulls last, {{ rank_column }} asc
{%- endmacro %}

{% macro latest_assignment_first(bcu_column, start_column, end_column) -%}
    {#- Window order that puts an employee's latest assignment first: latest
        start, then an open (current) assignment, then the later end, then the
        BCU code, so the choice is deterministic and the same on the export. -#}
    {{ start_column }} desc nulls last, {{ end_column }} desc nulls first, {{ bcu_column }} asc
{%- endmacro %}

{% macro k_anonymity() -%}
    {#- var k_anonymity, refused below var k_anonymity_minimum (the one place
        that minimum lives; hodh run reads it too). -#}
    {%- set minimum = var('k_anonymity_minimum') | int -%}
    {%- if not modules.re.fullmatch('[0-9]+', var('k_anonymity') | string)
        or var('k_anonymity') | int < minimum -%}
        {{ exceptions.raise_compiler_error(
            "k_anonymity must be a whole number of at least " ~ minimum ~ ", not " ~ var('k_anonymity')
        ) }}
    {%- endif -%}
    {{ return(var('k_anonymity') | int) }}
{%- endmacro %}
