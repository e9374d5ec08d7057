{#- The search round by round: per population, round and the attribute a
    class chose to reveal, how many records changed level. The last round of
    each population should change nothing (the search has converged; if not,
    the last resort takes the rest, at some cost in detail, never in safety).
    Aggregates only: published in the manifest's run report. -#}

with

changes as (
    -- every round model of both searches (macro disclosure_round_changes)
    {{ disclosure_round_changes() }}
),

totals as (
    select
        *,
        sum(records_changed) over (partition by population, search_round) as round_changed
    from changes
),

final as (
    -- the attributes revealed in each round; a round that changed nothing
    -- shows as one row, none
    select
        population,
        search_round,
        chosen_attribute,
        cast(records_changed as {{ dbt.type_bigint() }}) as records_changed
    from totals
    where records_changed > 0 or (round_changed = 0 and chosen_attribute = 'none')
)

select * from final
