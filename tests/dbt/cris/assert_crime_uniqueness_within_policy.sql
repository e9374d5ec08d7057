{#- The share of exported crimes unique on their quasi-identifiers at the
    precision they leave at (offence times to the minute) is within the
    policy (var crime_uniqueness_limit). SCIRG accepted unique crimes once no
    victim or offender characteristic leaves, so the default, 1.0, accepts
    every crime being unique; a force that wants crimes to hide in a crowd
    lowers it and a run above it is refused. Returns the measure when over. -#}

with

risk as (
    select * from {{ ref('crime_disclosure_risk') }}
),

final as (
    select
        granularity,
        share_unique
    from risk
    where
        granularity = 'minute'
        and share_unique > {{ var('crime_uniqueness_limit') }}
)

select * from final
