{%- set hate_types = ['race', 'religion', 'sexual_orientation', 'disability', 'transgender'] -%}
{%- set hate_list = "';' || " ~ dbt.replace(clean_code('hate_flags'), "' '", "''") ~ " || ';'" -%}

with

source as (
    select * from {{ source('cris', 'cris_crimes') }}
),

typed as (
    -- Only the columns the feed uses are staged: location_type,
    -- cash_in_transit, warrant numbers and mo_text stop at the raw file.
    select
        -- keys
        {{ parse_code('crime_ref', '[0-9]{7}/[0-9]{2}') }} as crime_ref,
        {{ clean_text('crime_ref') }} as raw_crime_ref,

        -- codes
        {{ parse_code('borough_code', '[A-Z]{2,3}') }} as borough_code,
        {{ clean_code('classification_code') }} as classification_code,
        {{ parse_code('crimsec_code', '[0-9]{3}/[0-9]{2}') }} as crimsec_code,
        {{ parse_code('status', '[DUNT]') }} as status,
        {{ parse_code('prefix', '[ACS]') }} as prefix,

        -- dates and times
        {{ parse_date('date_recorded') }} as date_recorded,
        {{ parse_date('date_cleared_up') }} as date_cleared_up,
        {{ parse_date('date_confirmed') }} as date_confirmed,
        {{ parse_date('date_no_crimed') }} as date_no_crimed,
        {{ parse_date('offence_date_from') }} as offence_date_from,
        {{ parse_time('offence_time_from') }} as offence_time_from,
        {{ parse_date('offence_date_to') }} as offence_date_to,
        {{ parse_time('offence_time_to') }} as offence_time_to,
        {{ parse_timestamp('last_modified') }} as last_modified,

        -- location (used for MSOA mapping only, never exported)
        {{ normalise_postcode('location_postcode') }} as location_postcode,
        {{ parse_number('location_easting') }} as location_easting,
        {{ parse_number('location_northing') }} as location_northing,

        -- flags
        {{ parse_flag('dv_flag') }} as dv_flag,
        {%- for hate_type in hate_types %}
            case
                when {{ dbt.position("';" ~ hate_type | upper ~ ";'", hate_list) }} > 0 then 'Y'
                else 'N'
            end as hate_{{ hate_type }},
        {%- endfor %}
        {{ parse_flag('gun_feature') }} as gun_feature,
        {{ parse_flag('knife_feature') }} as knife_feature,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('crime_ref'),
            invalid_if('crime_ref', parse_code('crime_ref', '[0-9]{7}/[0-9]{2}')),
            invalid_if('borough_code', parse_code('borough_code', '[A-Z]{2,3}')),
            invalid_if('crimsec_code', parse_code('crimsec_code', '[0-9]{3}/[0-9]{2}')),
            missing_if('status'),
            invalid_if('status', parse_code('status', '[DUNT]')),
            invalid_if('prefix', parse_code('prefix', '[ACS]')),
            missing_if('date_recorded'),
            invalid_if('date_recorded', parse_date('date_recorded')),
            invalid_if('date_cleared_up', parse_date('date_cleared_up')),
            out_of_order_if('date_recorded', 'date_cleared_up'),
            invalid_if('date_confirmed', parse_date('date_confirmed')),
            invalid_if('date_no_crimed', parse_date('date_no_crimed')),
            invalid_if('offence_date_from', parse_date('offence_date_from')),
            invalid_if('offence_time_from', parse_time('offence_time_from')),
            invalid_if('offence_date_to', parse_date('offence_date_to')),
            invalid_if('offence_time_to', parse_time('offence_time_to')),
            out_of_order_if('offence_date_from', 'offence_date_to'),
            invalid_if('last_modified', parse_timestamp('last_modified')),
            invalid_if('location_postcode', normalise_postcode('location_postcode')),
            invalid_if('location_easting', parse_number('location_easting')),
            invalid_if('location_northing', parse_number('location_northing')),
            invalid_if('dv_flag', parse_flag('dv_flag')),
            invalid_if('hate_flags', "case when " ~ matches_pattern(
                dbt.replace(clean_code('hate_flags'), "' '", "''"),
                '(RACE|RELIGION|SEXUAL_ORIENTATION|DISABILITY|TRANSGENDER)(;(RACE|RELIGION|SEXUAL_ORIENTATION|DISABILITY|TRANSGENDER))*'
            ) ~ " then 'ok' end"),
            invalid_if('gun_feature', parse_flag('gun_feature')),
            invalid_if('knife_feature', parse_flag('knife_feature')),
        ]) }} as invalid_reasons
    from source
),

final as (
    select * from typed
)

select * from final
