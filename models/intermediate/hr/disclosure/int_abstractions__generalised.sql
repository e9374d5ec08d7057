{#- The abstractions of an employee withheld on everything (the last resort)
    would show their history (how many, of which kind, how long): they are
    withheld (is_withheld), still counted in the reconciliation
    (withheld_rows). Every other exported abstraction leaves. A view: the
    abstractions mart, the reconciliation and the report read it. -#}

with

abstractions as (
    select * from {{ ref('int_abstractions__validated') }}
),

generalised as (
    select * from {{ ref('int_employees__generalised') }}
),

final as (
    select
        -- keys
        abstractions.pay_number,

        -- codes
        abstractions.abstraction_type,

        -- dates
        abstractions.start_date,
        abstractions.end_date,

        -- numbers
        abstractions.hours_lost,
        abstractions.days_lost,

        -- flags
        abstractions.assault_on_duty,
        generalised.is_withheld_entirely as is_withheld
    from abstractions
    inner join generalised
        on abstractions.pay_number = generalised.pay_number
    where abstractions.quarantine_reason is null
)

select * from final
