{#- Nothing is lost silently: every raw file of the input contract (the cris
    and hr sources) has its row in the reconciliation; rows_add_up checks
    that each row adds up. Returns the raw files with no row. -#}

with

reconciliation as (
    select * from {{ ref('reconciliation') }}
),

contract_files as (
    {%- for source in graph.sources.values() if source.source_name in ['cris', 'hr'] %}
        select '{{ source.name }}.csv' as raw_file
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select contract_files.raw_file
    from contract_files
    left join reconciliation
        on contract_files.raw_file = reconciliation.raw_file
    where reconciliation.raw_file is null
)

select * from final
