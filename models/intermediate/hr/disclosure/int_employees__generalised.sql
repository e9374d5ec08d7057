{#- Each exported employee's final generalisation: the search's last round,
    then the last resort (macro disclosure_last_resort), then how every table
    shows the person: the catalogue (macro shown_as) turns these columns into
    the export's values. -#}
{%- set policy = disclosure_policy() -%}
{%- set attributes = policy['populations']['employees'] -%}
{%- set by_name = {} -%}
{%- for attribute in attributes -%}
    {%- do by_name.update({attribute['name']: attribute}) -%}
{%- endfor -%}
{%- set columns = disclosure_key_columns('employees') -%}
{%- set last_round = 'int_employees__search_round_' ~ '%02d' % disclosure_search_rounds()['employees'] -%}
{#- how every rank row and posting shows, by the catalogue position shown -#}
{%- set rank_shown_as = "case rank_code__shown_at_{j} when 0 then 'CODE' when 1 then 'GROUP' else 'WITHHELD' end" -%}
{%- set bcu_shown_as = "case bcu_code__shown_at_{j} when 0 then 'CODE' when 1 then 'FORCE' else 'WITHHELD' end" -%}

with

levels as (
    select * from {{ ref('int_employees__levels') }}
),

searched as (
    select * from {{ ref(last_round) }}
),

viewed as (
    -- the view the search arrived at
    {{ disclosure_searched_view(attributes, 'levels', 'searched', 'pay_number') }}
),

{{ disclosure_last_resort('employees', 'viewed') }},

placed as (
    -- where the search left each attribute (catalogue positions), how rows
    -- show, and the join window, at the record's level
    select
        *,
        {%- for attribute in attributes if attribute['kind'] == 'code' %}
            {{ disclosure_level_case(attribute, attribute['name'] ~ '_level', attribute['name'] ~ '__shown_at_{j}') }}
                as {{ attribute['name'] }}_at_level,
        {%- endfor %}
        {{ disclosure_level_case(by_name['rank_code'], 'rank_code_level', rank_shown_as)
            if 'rank_code' in by_name else "'CODE'" }} as rank_shown_at_level,
        {{ disclosure_level_case(by_name['bcu_code'], 'bcu_code_level', bcu_shown_as)
            if 'bcu_code' in by_name else "'CODE'" }} as bcu_shown_at_level,
        {{ disclosure_level_case(by_name['date_joined'], 'date_joined_level', 'join_window_precision_{j}')
            if 'date_joined' in by_name else 'join_window_precision_0' }} as join_window_precision_at_level,
        {{ disclosure_level_case(by_name['date_joined'], 'date_joined_level', 'join_window_start_{j}')
            if 'date_joined' in by_name else 'join_window_start_0' }} as join_window_start_at_level
    from decided
),

final as (
    select
        -- keys
        pay_number,

        -- the person's values on the view as they leave; a value that is
        -- null in truth (no date of birth) stays null, and a key variable the
        -- intruder does not know leaves in full
        {%- for column in ['staff_type', 'gender', 'ethnicity_16', 'ethnicity_6', 'birth_year_band'] %}
            case
                when true_{{ column }} is null then null
                when {{ (column not in columns) | lower }} then true_{{ column }}
                when is_withheld_entirely then {{ withheld() }}
                else {{ 'v_' ~ column if column in columns else 'null' }}
            end as {{ column }},
        {%- endfor %}
        {%- for column in ['rank_code', 'bcu_code'] %}
            case
                when {{ (column not in columns) | lower }} then coalesce(true_{{ column }}, {{ withheld() }})
                when is_withheld_entirely then {{ withheld() }}
                else {{ 'v_' ~ column if column in columns else 'null' }}
            end as view_{{ column }},
        {%- endfor %}
        case
            when {{ ('date_joined' not in columns) | lower }} then join_month
            when is_withheld_entirely then null
            else {{ 'v_date_joined' if 'date_joined' in columns else 'null' }}
        end as view_join_period,

        -- the level of the catalogue's ladder each code attribute shows at
        -- (its position, 0 the finest)
        {%- for attribute in attributes if attribute['kind'] == 'code' %}
            case
                when is_withheld_entirely then {{ attribute['levels'][-1]['catalogue_index'] }}
                else {{ attribute['name'] }}_at_level
            end as {{ attribute['name'] }}_shown_at,
        {%- endfor %}

        -- how every rank row and posting of the person shows
        case when is_withheld_entirely then 'WITHHELD' else rank_shown_at_level end as rank_shown_as,
        case when is_withheld_entirely then 'WITHHELD' else bcu_shown_at_level end as bcu_shown_as,

        -- the person's date windows (precision codes, macro date_precisions;
        -- starts as month indexes): every date of the person inside one is
        -- shown at its precision; precision 5 withholds every date
        case when is_withheld_entirely then 5 else join_window_precision_at_level end as join_window_precision,
        case when is_withheld_entirely then null else join_window_start_at_level end as join_window_start,
        appointment_window_precision,
        appointment_window_start,
        -- the precision date_joined leaves at
        case
            when is_withheld_entirely or join_window_precision_at_level = 5 or appointment_window_precision = 5 then 5
            else greatest(
                {{ policy['base']['employees'] }},
                join_window_precision_at_level,
                case
                    when {{ in_period('join_month', 'appointment_window_precision', 'appointment_window_start') }}
                        then appointment_window_precision
                    else 0
                end
            )
        end as date_joined_precision,

        -- rule 2 and the last resort
        is_protected,
        protected_group,
        is_withheld_entirely,
        is_below_k,
        is_taken_into_withheld_class
    from placed
)

select * from final
