with

accused as (
    select * from {{ ref('int_crime_accused__validated') }}
),

final as (
    -- the columns and order of the contract: nothing about the accused as a person
    select
        -- keys
        crime_ref,
        accused_seq,

        -- outcome
        proceedings_code,
        proceedings_date
    from accused
    where quarantine_reason is null
)

select * from final
