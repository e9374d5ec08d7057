with

source as (
    select * from {{ source('cris', 'cris_victims') }}
),

typed as (
    -- Only the columns the feed uses are staged: names, date of birth, age,
    -- gender, ethnicity, home postcode, relationship and injury stop at the raw file.
    select
        -- keys
        {{ parse_code('crime_ref', '[0-9]{7}/[0-9]{2}') }} as crime_ref,
        {{ parse_non_negative('victim_seq', 'integer') }} as victim_seq,
        {{ clean_text('crime_ref') }} as raw_crime_ref,
        {{ clean_text('victim_seq') }} as raw_victim_seq,

        -- codes
        {{ parse_code('victim_type', '[PO]') }} as victim_type,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('crime_ref'),
            invalid_if('crime_ref', parse_code('crime_ref', '[0-9]{7}/[0-9]{2}')),
            missing_if('victim_seq'),
            invalid_if('victim_seq', parse_non_negative('victim_seq', 'integer')),
            missing_if('victim_type'),
            invalid_if('victim_type', parse_code('victim_type', '[PO]')),
        ]) }} as invalid_reasons
    from source
),

final as (
    select * from typed
)

select * from final
