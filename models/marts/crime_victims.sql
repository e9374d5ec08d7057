with

victims as (
    select * from {{ ref('int_crime_victims__validated') }}
),

final as (
    -- the columns and order of the contract: nothing about the victim as a person
    select
        -- keys
        crime_ref,
        victim_seq,

        -- codes
        victim_type
    from victims
    where quarantine_reason is null
)

select * from final
