{#- How a row is checked against its parent (macro checked_child_rows). -#}
{%- set checks = {
    'rows': 'rank_history', 'parents': ref('int_employees__validated'), 'key': 'pay_number',
    'missing': 'orphan_no_employee', 'quarantined': 'employee_quarantined',
    'fact': ['pay_number', 'rank_code', 'start_date'],
    'prefer': ['end_date desc nulls first', 'raw_pay_number asc'],
    'code': ['rank_code', 'ranks', 'rank_code'],
} -%}

with

rank_history as (
    select * from {{ ref('stg_hr__rank_history') }}
),

ranks as (
    select * from {{ ref('ref_ranks') }}
),

checked as (
    -- the same rank from the same day twice is one fact: keep one (a usable
    -- row first, then the longer period), quarantine the others
    {{ checked_child_rows(**checks) }}
),

final as (
    select
        -- keys
        pay_number,
        raw_pay_number,
        raw_row_number,

        -- codes
        rank_code,

        -- dates
        start_date,
        end_date,

        -- why the row cannot be exported (null: it is)
        {{ first_reason([
            staged_reason(),
            'code_reason',
            'parent_reason',
            duplicate_reason('row_rank', 'duplicate_row'),
        ]) }} as quarantine_reason
    from checked
)

select * from final
