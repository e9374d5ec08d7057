{#- How a row is checked against its parent (macro checked_child_rows). -#}
{%- set checks = {
    'rows': 'assignments', 'parents': ref('int_employees__validated'), 'key': 'pay_number',
    'missing': 'orphan_no_employee', 'quarantined': 'employee_quarantined',
    'fact': ['pay_number', 'bcu_code', 'post_code', 'start_date'],
    'prefer': ['end_date desc nulls first', 'secondment asc', 'raw_pay_number asc'],
    'code': ['bcu_code', 'bcus', 'bcu_code'],
} -%}

with

assignments as (
    select * from {{ ref('stg_hr__assignments') }}
),

bcus as (
    select * from {{ ref('ref_bcus') }}
),

checked as (
    -- the same posting from the same day twice is one fact: keep one (a
    -- usable row first, then the longer period), quarantine the others
    {{ checked_child_rows(**checks) }}
),

final as (
    select
        -- keys
        pay_number,
        raw_pay_number,
        raw_row_number,

        -- codes
        bcu_code,
        post_code,

        -- dates
        start_date,
        end_date,

        -- flags
        secondment,

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
