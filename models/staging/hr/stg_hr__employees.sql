{%- set staff_types = 'OFFICER|STAFF|PCSO|SPECIAL|TRAFFIC_WARDEN' -%}
{%- set leaving_reasons = 'RETIRED|RESIGNED|DISMISSED|TRANSFERRED|DECEASED|MEDICAL_RETIREMENT|END_OF_CONTRACT|OTHER' -%}
{%- set employment_types = 'PERMANENT|FIXED_TERM|CASUAL|SECONDEE' -%}

with

source as (
    select * from {{ source('hr', 'hr_employees') }}
),

typed as (
    -- Only the columns the feed uses are staged: collar number, names, marital
    -- status, basic pay, pensionable service date, OSPRE, graduate and fitness
    -- level stop at the raw file. date_of_birth is kept only to derive the
    -- birth year band; it never leaves.
    select
        -- keys
        {{ clean_code('pay_number') }} as pay_number,
        {{ clean_text('pay_number') }} as raw_pay_number,

        -- codes
        {{ parse_code('staff_type', staff_types) }} as staff_type,
        {{ parse_code('gender', '[MFU]') }} as gender,
        {{ parse_code('ethnicity_code', '[A-Z][0-9]|NS') }} as ethnicity_code,
        {{ parse_code('disability', '[YNU]') }} as disability,
        {{ parse_code('leaving_reason', leaving_reasons) }} as leaving_reason,
        {{ parse_code('working_pattern', 'FT|PT') }} as working_pattern,
        {{ parse_code('employment_type', employment_types) }} as employment_type,

        -- dates
        {{ parse_date('date_of_birth') }} as date_of_birth,
        {{ parse_date('date_joined') }} as date_joined,
        {{ parse_date('date_left') }} as date_left,

        -- numbers
        {{ parse_non_negative('hours_per_week') }} as hours_per_week,

        -- flags
        {{ parse_flag('suspended') }} as suspended,
        {{ parse_flag('probationer') }} as probationer,
        {{ parse_flag('rejoiner') }} as rejoiner,
        {{ parse_flag('transferee') }} as transferee,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('pay_number'),
            missing_if('staff_type'),
            invalid_if('staff_type', parse_code('staff_type', staff_types)),
            invalid_if('gender', parse_code('gender', '[MFU]')),
            invalid_if('ethnicity_code', parse_code('ethnicity_code', '[A-Z][0-9]|NS')),
            invalid_if('disability', parse_code('disability', '[YNU]')),
            invalid_if('leaving_reason', parse_code('leaving_reason', leaving_reasons)),
            invalid_if('working_pattern', parse_code('working_pattern', 'FT|PT')),
            invalid_if('employment_type', parse_code('employment_type', employment_types)),
            invalid_if('date_of_birth', parse_date('date_of_birth')),
            missing_if('date_joined'),
            invalid_if('date_joined', parse_date('date_joined')),
            invalid_if('date_left', parse_date('date_left')),
            out_of_order_if('date_joined', 'date_left'),
            invalid_if('hours_per_week', parse_non_negative('hours_per_week')),
            invalid_if('suspended', parse_flag('suspended')),
            invalid_if('probationer', parse_flag('probationer')),
            invalid_if('rejoiner', parse_flag('rejoiner')),
            invalid_if('transferee', parse_flag('transferee')),
        ]) }} as invalid_reasons
    from source
),

final as (
    select * from typed
)

select * from final
