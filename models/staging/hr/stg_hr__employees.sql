{%- set staff_types = 'OFFICER|STAFF|PCSO|SPECIAL|TRAFFIC_WARDEN' -%}
{%- set leaving_reasons = 'RETIRED|RESIGNED|DISMISSED|TRANSFERRED|DECEASED|MEDICAL_RETIREMENT|END_OF_CONTRACT|OTHER' -%}
{%- set employment_types = 'PERMANENT|FIXED_TERM|CASUAL|SECONDEE' -%}

with

source as (
    select * from {{ source('hr', 'hr_employees') }}
),

cleaned as (
    -- Only the columns the feed uses are staged: collar number, names, marital
    -- status, basic pay, pensionable service date, OSPRE, graduate and fitness
    -- level stop at the raw file. date_of_birth is kept only to derive the
    -- birth year band; it never leaves.
    select
        {{ clean_code('pay_number') }} as pay_number,
        {{ clean_text('pay_number') }} as raw_pay_number,
        {{ clean_code('staff_type') }} as staff_type_text,
        {{ clean_code('gender') }} as gender_text,
        {{ clean_code('ethnicity_code') }} as ethnicity_code_text,
        {{ clean_code('disability') }} as disability_text,
        {{ clean_code('leaving_reason') }} as leaving_reason_text,
        {{ clean_code('working_pattern') }} as working_pattern_text,
        {{ clean_code('employment_type') }} as employment_type_text,
        {{ clean_text('date_of_birth') }} as date_of_birth_text,
        {{ clean_text('date_joined') }} as date_joined_text,
        {{ clean_text('date_left') }} as date_left_text,
        {{ clean_text('hours_per_week') }} as hours_per_week_text,
        {{ clean_code('suspended') }} as suspended_text,
        {{ clean_code('probationer') }} as probationer_text,
        {{ clean_code('rejoiner') }} as rejoiner_text,
        {{ clean_code('transferee') }} as transferee_text
    from source
),

parsed as (
    -- each cleaned value parsed once: a typed value, or null when unusable
    select
        *,
        {{ as_code('staff_type_text', staff_types) }} as staff_type,
        {{ as_code('gender_text', '[MFU]') }} as gender,
        {{ as_code('ethnicity_code_text', '[A-Z][0-9]|NS') }} as ethnicity_code,
        {{ as_code('disability_text', '[YNU]') }} as disability,
        {{ as_code('leaving_reason_text', leaving_reasons) }} as leaving_reason,
        {{ as_code('working_pattern_text', 'FT|PT') }} as working_pattern,
        {{ as_code('employment_type_text', employment_types) }} as employment_type,
        {{ as_date('date_of_birth_text') }} as date_of_birth,
        {{ as_date('date_joined_text') }} as date_joined,
        {{ as_date('date_left_text') }} as date_left,
        {{ as_number('hours_per_week_text', signed=false) }} as hours_per_week,
        {{ as_flag('suspended_text') }} as suspended,
        {{ as_flag('probationer_text') }} as probationer,
        {{ as_flag('rejoiner_text') }} as rejoiner,
        {{ as_flag('transferee_text') }} as transferee
    from cleaned
),

final as (
    select
        -- keys
        pay_number,
        raw_pay_number,

        -- codes
        staff_type,
        gender,
        ethnicity_code,
        disability,
        leaving_reason,
        working_pattern,
        employment_type,

        -- dates
        date_of_birth,
        date_joined,
        date_left,

        -- numbers
        hours_per_week,

        -- flags
        suspended,
        probationer,
        rejoiner,
        transferee,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('pay_number'),
            missing_if('staff_type_text'),
            invalid_if('staff_type_text', 'staff_type'),
            invalid_if('gender_text', 'gender'),
            invalid_if('ethnicity_code_text', 'ethnicity_code'),
            invalid_if('disability_text', 'disability'),
            invalid_if('leaving_reason_text', 'leaving_reason'),
            invalid_if('working_pattern_text', 'working_pattern'),
            invalid_if('employment_type_text', 'employment_type'),
            invalid_if('date_of_birth_text', 'date_of_birth'),
            missing_if('date_joined_text'),
            invalid_if('date_joined_text', 'date_joined'),
            invalid_if('date_left_text', 'date_left'),
            out_of_order_if('date_joined', 'date_left'),
            invalid_if('hours_per_week_text', 'hours_per_week'),
            invalid_if('suspended_text', 'suspended'),
            invalid_if('probationer_text', 'probationer'),
            invalid_if('rejoiner_text', 'rejoiner'),
            invalid_if('transferee_text', 'transferee'),
        ]) }} as invalid_reasons
    from parsed
)

select * from final
