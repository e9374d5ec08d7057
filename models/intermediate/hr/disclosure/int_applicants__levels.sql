{#- Every key variable of the applicants' view at every level of its ladder,
    per exported applicant (the catalogue, macros/disclosure_catalogue.sql,
    says what each level shows). -#}
{%- set policy = disclosure_policy() -%}
{%- set base = policy['base'] -%}
{%- set attributes = {} -%}
{%- for attribute in policy['populations']['applicants'] -%}
    {%- do attributes.update({attribute['name']: attribute}) -%}
{%- endfor -%}
{%- set received = attributes.get('date_received') -%}
{%- set received_levels = received['levels'] if received else [] -%}

with

linked as (
    select * from {{ ref('int_applicants__linked') }}
),

placed as (
    -- the level of the catalogue's ladder each attribute shows at each level
    -- of its own ladder, and the precision of date_received (and of every
    -- status date in its period)
    select
        applicant_ref,
        application_type as true_application_type,
        msoa_code as true_msoa_code,
        application_type,
        msoa_code,
        {%- for name, attribute in attributes.items() if attribute['kind'] == 'code' %}
            {{ disclosure_shown_at(attribute) }}
        {%- endfor %}
        {%- for level in received_levels %}
            {%- set window = level['precision'] if level['precision'] > received['view_precision'] else 0 %}
            greatest({{ base['applicants'] }}, {{ window }}) as date_received__precision_{{ loop.index0 }},
        {%- endfor %}
        received_month
    from linked
),

valued as (
    -- each key column's value at each level
    select
        *,
        {%- for name, attribute in attributes.items() if attribute['kind'] == 'code' %}
            {{ disclosure_values(attribute, source='placed') }}
        {%- endfor %}
        {%- for level in received_levels %}
            {{ period_start(
                'received_month',
                'greatest(' ~ received['view_precision'] ~ ', date_received__precision_' ~ loop.index0 ~ ')',
            ) }} as date_received__{{ loop.index0 }},
        {%- endfor %}
        placed.received_month as view_received_month
    from placed
),

final as (
    select
        -- keys
        applicant_ref,

        -- the true view
        true_application_type,
        true_msoa_code,

        -- each key variable at each level of its ladder, and the key values it keeps
        {{ disclosure_level_columns(attributes.values()) }}

        -- date_received as a month index
        received_month
    from valued
)

select * from final
