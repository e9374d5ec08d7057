{#- The audit trail of every raw row, built from var raw_files (dbt_project.yml),
    the one list of how each raw file is accounted for: a new raw file is
    quarantined and reconciled by adding it there, with no SQL to edit. -#}

{% macro quarantined_rows() -%}
    {#- One row per quarantined row of every raw file: the file, the row's raw
        key and its reason. -#}
    {%- set files = [] -%}
    {%- for source_files in var('raw_files').values() -%}
        {%- for name, file in source_files.items() if file.validated -%}
            {%- do files.append((name, file)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for name, file in files %}
    select
        '{{ name }}.csv' as raw_file,
        {{ quarantine_key(file.raw_key) }} as raw_key,
        quarantine_reason as reason
    from {{ ref(file.validated) }}
    where quarantine_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{% macro reconciled_rows() -%}
    {#- One row per raw file: its rows (counted in staging, which keeps every
        raw row), and how many its validation model exports and quarantines;
        every row of a file the requirement never supplies is not required.
        Of the exported rows, merged_rows leave merged into another row of
        their export table by disclosure control (the rows of the file's
        `merged` model flagged is_merged: rank periods merged within a group,
        the postings of a person withheld on everything), and withheld_rows do
        not leave (the rows of its `withheld` model flagged is_withheld: the
        abstractions of a person withheld on everything); 0 for a file
        without one. -#}
    {%- set bigint = dbt.type_bigint() -%}
    {%- for source_name, files in var('raw_files').items() -%}
    {%- set outer = loop -%}
    {%- for name, file in files.items() %}
    select
        '{{ name }}.csv' as raw_file,
        cast(staged.raw_rows as {{ bigint }}) as raw_rows,
        {%- if file.validated %}
        cast(validated.exported_rows as {{ bigint }}) as exported_rows,
        cast(validated.quarantined_rows as {{ bigint }}) as quarantined_rows,
        cast(0 as {{ bigint }}) as not_required_rows,
        {%- if file.merged %}
        cast(merged.merged_rows as {{ bigint }}) as merged_rows,
        {%- else %}
        cast(0 as {{ bigint }}) as merged_rows,
        {%- endif %}
        {%- if file.withheld %}
        cast(withheld.withheld_rows as {{ bigint }}) as withheld_rows
        {%- else %}
        cast(0 as {{ bigint }}) as withheld_rows
        {%- endif %}
        {%- else %}
        cast(0 as {{ bigint }}) as exported_rows,
        cast(0 as {{ bigint }}) as quarantined_rows,
        cast(staged.raw_rows as {{ bigint }}) as not_required_rows,
        cast(0 as {{ bigint }}) as merged_rows,
        cast(0 as {{ bigint }}) as withheld_rows
        {%- endif %}
    from (select count(*) as raw_rows from {{ ref(file.staged) }}) as staged
    {%- if file.validated %}
    cross join (
        select
            coalesce(sum(case when quarantine_reason is null then 1 else 0 end), 0) as exported_rows,
            coalesce(sum(case when quarantine_reason is not null then 1 else 0 end), 0) as quarantined_rows
        from {{ ref(file.validated) }}
    ) as validated
    {%- endif %}
    {%- if file.merged %}
    cross join (
        select coalesce(sum(case when is_merged then 1 else 0 end), 0) as merged_rows
        from {{ ref(file.merged) }}
    ) as merged
    {%- endif %}
    {%- if file.withheld %}
    cross join (
        select coalesce(sum(case when is_withheld then 1 else 0 end), 0) as withheld_rows
        from {{ ref(file.withheld) }}
    ) as withheld
    {%- endif %}
    {%- if not (loop.last and outer.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}
{%- endmacro %}
