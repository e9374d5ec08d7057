with

source as (
    select * from {{ source('cris', 'cris_accused') }}
),

cleaned as (
    -- Only the columns the feed uses are staged: person_ref, names, date of
    -- birth, age, gender and ethnicity stop at the raw file.
    select
        {{ clean_code('crime_ref') }} as crime_ref_text,
        {{ clean_text('crime_ref') }} as raw_crime_ref,
        {{ clean_text('accused_seq') }} as accused_seq_text,
        {{ clean_code('proceedings_code') }} as proceedings_code,
        {{ clean_text('proceedings_date') }} as proceedings_date_text
    from source
),

parsed as (
    -- each cleaned value parsed once: a typed value, or null when unusable
    select
        *,
        {{ as_code('crime_ref_text', crime_ref_pattern()) }} as crime_ref,
        {{ as_number('accused_seq_text', 'integer', signed=false) }} as accused_seq,
        {{ as_date('proceedings_date_text') }} as proceedings_date
    from cleaned
),

final as (
    select
        -- keys
        crime_ref,
        accused_seq,
        raw_crime_ref,
        accused_seq_text as raw_accused_seq,

        -- codes (checked against the proceedings code list downstream)
        proceedings_code,

        -- dates
        proceedings_date,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('crime_ref_text'),
            invalid_if('crime_ref_text', 'crime_ref'),
            missing_if('accused_seq_text'),
            invalid_if('accused_seq_text', 'accused_seq'),
            invalid_if('proceedings_date_text', 'proceedings_date'),
        ]) }} as invalid_reasons
    from parsed
)

select * from final
