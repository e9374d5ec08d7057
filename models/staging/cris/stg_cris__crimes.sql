{%- set hate_types = ['race', 'religion', 'sexual_orientation', 'disability', 'transgender'] -%}
{%- set hate_flag = '(RACE|RELIGION|SEXUAL_ORIENTATION|DISABILITY|TRANSGENDER)' -%}

with

source as (
    select * from {{ source('cris', 'cris_crimes') }}
),

cleaned as (
    -- Only the columns the feed uses are staged: location_type,
    -- cash_in_transit, warrant numbers and mo_text stop at the raw file.
    select
        {{ clean_code('crime_ref') }} as crime_ref_text,
        {{ clean_text('crime_ref') }} as raw_crime_ref,
        {{ clean_code('borough_code') }} as borough_code_text,
        {{ clean_code('classification_code') }} as classification_code,
        {{ clean_code('crimsec_code') }} as crimsec_code_text,
        {{ clean_code('status') }} as status_text,
        {{ clean_code('prefix') }} as prefix_text,
        {{ clean_text('date_recorded') }} as date_recorded_text,
        {{ clean_text('date_cleared_up') }} as date_cleared_up_text,
        {{ clean_text('date_confirmed') }} as date_confirmed_text,
        {{ clean_text('date_no_crimed') }} as date_no_crimed_text,
        {{ clean_text('offence_date_from') }} as offence_date_from_text,
        {{ clean_text('offence_time_from') }} as offence_time_from_text,
        {{ clean_text('offence_date_to') }} as offence_date_to_text,
        {{ clean_text('offence_time_to') }} as offence_time_to_text,
        {{ clean_text('last_modified') }} as last_modified_text,
        {{ clean_code('location_postcode') }} as location_postcode_text,
        {{ clean_text('location_easting') }} as location_easting_text,
        {{ clean_text('location_northing') }} as location_northing_text,
        {{ clean_code('dv_flag') }} as dv_flag_text,
        {{ dbt.replace(clean_code('hate_flags'), "' '", "''") }} as hate_flags_text,
        {{ clean_code('gun_feature') }} as gun_feature_text,
        {{ clean_code('knife_feature') }} as knife_feature_text
    from source
),

parsed as (
    -- each cleaned value parsed once: a typed value, or null when unusable
    select
        *,
        {{ as_code('crime_ref_text', crime_ref_pattern()) }} as crime_ref,
        {{ as_code('borough_code_text', '[A-Z]{2,3}') }} as borough_code,
        {{ as_code('crimsec_code_text', '[0-9]{3}/[0-9]{2}') }} as crimsec_code,
        {{ as_code('status_text', '[DUNT]') }} as status,
        {{ as_code('prefix_text', '[ACS]') }} as prefix,
        {{ as_date('date_recorded_text') }} as date_recorded,
        {{ as_date('date_cleared_up_text') }} as date_cleared_up,
        {{ as_date('date_confirmed_text') }} as date_confirmed,
        {{ as_date('date_no_crimed_text') }} as date_no_crimed,
        {{ as_date('offence_date_from_text') }} as offence_date_from,
        {{ as_time('offence_time_from_text') }} as offence_time_from,
        {{ as_date('offence_date_to_text') }} as offence_date_to,
        {{ as_time('offence_time_to_text') }} as offence_time_to,
        {{ as_timestamp('last_modified_text') }} as last_modified,
        {{ normalise_postcode('location_postcode_text') }} as location_postcode,
        {{ as_number('location_easting_text') }} as location_easting,
        {{ as_number('location_northing_text') }} as location_northing,
        {{ as_flag('dv_flag_text') }} as dv_flag,
        {{ as_code('hate_flags_text', hate_flag ~ '(;' ~ hate_flag ~ ')*') }} as hate_flags,
        {{ as_flag('gun_feature_text') }} as gun_feature,
        {{ as_flag('knife_feature_text') }} as knife_feature
    from cleaned
),

final as (
    select
        -- keys
        crime_ref,
        raw_crime_ref,

        -- codes
        borough_code,
        classification_code,
        crimsec_code,
        status,
        prefix,

        -- dates and times
        date_recorded,
        date_cleared_up,
        date_confirmed,
        date_no_crimed,
        offence_date_from,
        offence_time_from,
        offence_date_to,
        offence_time_to,
        last_modified,

        -- location (used for MSOA mapping only, never exported)
        location_postcode,
        location_easting,
        location_northing,

        -- flags (a hate type is N when the list does not name it, or is empty)
        dv_flag,
        {%- for hate_type in hate_types %}
            case
                when {{ dbt.position("';" ~ hate_type | upper ~ ";'", "';' || hate_flags_text || ';'") }} > 0
                    then 'Y'
                else 'N'
            end as hate_{{ hate_type }},
        {%- endfor %}
        gun_feature,
        knife_feature,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('crime_ref_text'),
            invalid_if('crime_ref_text', 'crime_ref'),
            invalid_if('borough_code_text', 'borough_code'),
            invalid_if('crimsec_code_text', 'crimsec_code'),
            missing_if('status_text'),
            invalid_if('status_text', 'status'),
            invalid_if('prefix_text', 'prefix'),
            missing_if('date_recorded_text'),
            invalid_if('date_recorded_text', 'date_recorded'),
            invalid_if('date_cleared_up_text', 'date_cleared_up'),
            out_of_order_if('date_recorded', 'date_cleared_up'),
            invalid_if('date_confirmed_text', 'date_confirmed'),
            invalid_if('date_no_crimed_text', 'date_no_crimed'),
            invalid_if('offence_date_from_text', 'offence_date_from'),
            invalid_if('offence_time_from_text', 'offence_time_from'),
            invalid_if('offence_date_to_text', 'offence_date_to'),
            invalid_if('offence_time_to_text', 'offence_time_to'),
            out_of_order_if('offence_date_from', 'offence_date_to'),
            invalid_if('last_modified_text', 'last_modified'),
            invalid_if('location_postcode_text', 'location_postcode'),
            invalid_if('location_easting_text', 'location_easting'),
            invalid_if('location_northing_text', 'location_northing'),
            invalid_if('dv_flag_text', 'dv_flag'),
            invalid_if('hate_flags_text', 'hate_flags'),
            invalid_if('gun_feature_text', 'gun_feature'),
            invalid_if('knife_feature_text', 'knife_feature'),
        ]) }} as invalid_reasons
    from parsed
)

select * from final
