{#- Each exported applicant's final generalisation: the search's last round,
    then the last resort (macro disclosure_last_resort); the catalogue (macro
    shown_as) turns these columns into the export's values. -#}
{%- set policy = disclosure_policy() -%}
{%- set attributes = policy['populations']['applicants'] -%}
{%- set by_name = {} -%}
{%- for attribute in attributes -%}
    {%- do by_name.update({attribute['name']: attribute}) -%}
{%- endfor -%}
{%- set columns = disclosure_key_columns('applicants') -%}
{%- set last_round = 'int_applicants__search_round_' ~ '%02d' % disclosure_search_rounds()['applicants'] -%}

with

levels as (
    select * from {{ ref('int_applicants__levels') }}
),

searched as (
    select * from {{ ref(last_round) }}
),

viewed as (
    -- the view the search arrived at
    {{ disclosure_searched_view(attributes, 'levels', 'searched', 'applicant_ref') }}
),

{{ disclosure_last_resort('applicants', 'viewed') }},

placed as (
    -- where the search left each attribute (catalogue positions), and the
    -- precision of date_received, at the record's level
    select
        *,
        {%- for attribute in attributes if attribute['kind'] == 'code' %}
            {{ disclosure_level_case(attribute, attribute['name'] ~ '_level', attribute['name'] ~ '__shown_at_{j}') }}
                as {{ attribute['name'] }}_at_level,
        {%- endfor %}
        {{ disclosure_level_case(by_name['date_received'], 'date_received_level', 'date_received__precision_{j}')
            if 'date_received' in by_name else '0' }} as received_precision_at_level
    from decided
),

final as (
    select
        -- keys
        applicant_ref,

        -- the applicant's values as they leave (msoa_code null where removed
        -- or unknown); a key variable the intruder does not know leaves in full
        case
            when {{ ('application_type' not in columns) | lower }} then true_application_type
            when is_withheld_entirely then {{ withheld() }}
            else {{ 'v_application_type' if 'application_type' in columns else 'null' }}
        end as application_type,
        case
            when {{ ('msoa_code' not in columns) | lower }} then true_msoa_code
            when is_withheld_entirely then null
            else nullif({{ 'v_msoa_code' if 'msoa_code' in columns else 'null' }}, {{ withheld() }})
        end as msoa_code,
        case
            when {{ ('date_received' not in columns) | lower }} then received_month
            when is_withheld_entirely then null
            else {{ 'v_date_received' if 'date_received' in columns else 'null' }}
        end as view_received_period,

        -- the level of the catalogue's ladder each code attribute shows at
        {%- for attribute in attributes if attribute['kind'] == 'code' %}
            case
                when is_withheld_entirely then {{ attribute['levels'][-1]['catalogue_index'] }}
                else {{ attribute['name'] }}_at_level
            end as {{ attribute['name'] }}_shown_at,
        {%- endfor %}

        -- the window of date_received and every status date in its period
        -- (precision code, macro date_precisions; start as a month index)
        case when is_withheld_entirely then 5 else received_precision_at_level end as received_window_precision,
        case
            when not is_withheld_entirely and received_precision_at_level between 1 and 4
                then {{ period_start('received_month', 'received_precision_at_level') }}
        end as received_window_start,

        -- the last resort
        is_withheld_entirely,
        is_below_k,
        is_taken_into_withheld_class
    from placed
)

select * from final
