with

source as (
    select * from {{ source('cris', 'cris_victims') }}
),

cleaned as (
    -- Only the columns the feed uses are staged: names, date of birth, age,
    -- gender, ethnicity, home postcode, relationship and injury stop at the raw file.
    select
        {{ clean_code('crime_ref') }} as crime_ref_text,
        {{ clean_text('crime_ref') }} as raw_crime_ref,
        {{ clean_text('victim_seq') }} as victim_seq_text,
        {{ clean_code('victim_type') }} as victim_type_text
    from source
),

parsed as (
    -- each cleaned value parsed once: a typed value, or null when unusable
    select
        *,
        {{ as_code('crime_ref_text', crime_ref_pattern()) }} as crime_ref,
        {{ as_number('victim_seq_text', 'integer', signed=false) }} as victim_seq,
        {{ as_code('victim_type_text', '[PO]') }} as victim_type
    from cleaned
),

final as (
    select
        -- keys
        crime_ref,
        victim_seq,
        raw_crime_ref,
        victim_seq_text as raw_victim_seq,

        -- codes
        victim_type,

        -- the row's number in the raw file: set only on a row that did not split
        -- into the header's fields (macro append_malformed_rows)
        cast(null as {{ dbt.type_bigint() }}) as raw_row_number,

        -- why values could not be used
        {{ invalid_reasons([
            missing_if('crime_ref_text'),
            invalid_if('crime_ref_text', 'crime_ref'),
            missing_if('victim_seq_text'),
            invalid_if('victim_seq_text', 'victim_seq'),
            missing_if('victim_type_text'),
            invalid_if('victim_type_text', 'victim_type'),
        ]) }} as invalid_reasons
    from parsed
)

select * from final
