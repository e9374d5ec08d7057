{#- How a row is checked against its parent (macro checked_child_rows). -#}
{%- set checks = {
    'rows': 'statuses', 'parents': ref('int_applicants__validated'), 'key': 'applicant_ref',
    'missing': 'orphan_no_applicant', 'quarantined': 'applicant_quarantined',
    'fact': ['applicant_ref', 'status', 'status_date'],
    'prefer': ['raw_applicant_ref asc'],
} -%}

with

statuses as (
    select * from {{ ref('stg_hr__applicant_status') }}
),

checked as (
    -- the same status on the same day twice is one fact: keep one
    {{ checked_child_rows(**checks) }}
),

final as (
    select
        -- keys
        applicant_ref,
        raw_applicant_ref,
        raw_row_number,

        -- codes
        status,

        -- dates
        status_date,

        -- why the row cannot be exported (null: it is)
        {{ first_reason([
            staged_reason(),
            'parent_reason',
            duplicate_reason('row_rank', 'duplicate_row'),
        ]) }} as quarantine_reason
    from checked
)

select * from final
