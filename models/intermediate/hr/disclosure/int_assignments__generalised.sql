{#- The postings of an employee withheld on everything (the last resort) must
    not make them stand out either: they leave as one WITHHELD posting, without
    dates, post or secondment; the rest are merged into it (is_merged), still
    counted in the reconciliation (merged_rows). Every other exported posting
    leaves as its own row. A view: the assignments mart, the
    reconciliation and the report read it. -#}

with

assignments as (
    select * from {{ ref('int_assignments__validated') }}
),

generalised as (
    select * from {{ ref('int_employees__generalised') }}
),

exported as (
    select
        assignments.*,
        generalised.is_withheld_entirely
    from assignments
    inner join generalised
        on assignments.pay_number = generalised.pay_number
    where assignments.quarantine_reason is null
),

ordered as (
    select
        *,
        row_number() over (
            partition by pay_number
            order by start_date asc, end_date asc nulls last, bcu_code asc, post_code asc nulls first
        ) as posting_order
    from exported
),

final as (
    select
        -- keys
        pay_number,

        -- codes
        bcu_code,
        post_code,

        -- dates
        start_date,
        end_date,

        -- flags
        secondment,
        is_withheld_entirely and posting_order > 1 as is_merged
    from ordered
)

select * from final
