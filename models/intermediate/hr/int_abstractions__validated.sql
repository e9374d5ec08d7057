{#- How a row is checked against its parent (macro checked_child_rows). -#}
{%- set checks = {
    'rows': 'abstractions', 'parents': ref('int_employees__validated'), 'key': 'pay_number',
    'missing': 'orphan_no_employee', 'quarantined': 'employee_quarantined',
    'fact': ['pay_number', 'abstraction_type', 'start_date'],
    'prefer': [
        'end_date desc nulls first', 'days_lost desc nulls last', 'hours_lost desc nulls last',
        'assault_on_duty asc', 'raw_pay_number asc',
    ],
} -%}

with

abstractions as (
    select * from {{ ref('stg_hr__abstractions') }}
),

checked as (
    -- the same abstraction from the same day twice is one fact: keep one (a
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
        abstraction_type,

        -- dates
        start_date,
        end_date,

        -- numbers
        hours_lost,
        days_lost,

        -- flags
        assault_on_duty,

        -- why the row cannot be exported (null: it is)
        {{ first_reason([
            staged_reason(),
            'parent_reason',
            duplicate_reason('row_rank', 'duplicate_row'),
        ]) }} as quarantine_reason
    from checked
)

select * from final
