with

source as (
    select * from {{ source('cris', 'cris_accused') }}
),

typed as (
    -- Only the columns the feed uses are staged: person_ref, names, date of
    -- birth, age, gender and ethnicity stop at the raw file.
    select
        -- keys
        {{ parse_code('crime_ref', '[0-9]{7}/[0-9]{2}') }} as crime_ref,
        {{ parse_non_negative('accused_seq', 'integer') }} as accused_seq,
        {{ clean_text('crime_ref') }} as raw_crime_ref,
        {{ clean_text('accused_seq') }} as raw_accused_seq,

        -- codes (checked against the proceedings code list downstream)
        {{ clean_code('proceedings_code') }} as proceedings_code,

        -- dates
        {{ parse_date('proceedings_date') }} as proceedings_date,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('crime_ref'),
            invalid_if('crime_ref', parse_code('crime_ref', '[0-9]{7}/[0-9]{2}')),
            missing_if('accused_seq'),
            invalid_if('accused_seq', parse_non_negative('accused_seq', 'integer')),
            invalid_if('proceedings_date', parse_date('proceedings_date')),
        ]) }} as invalid_reasons
    from source
),

final as (
    select * from typed
)

select * from final
