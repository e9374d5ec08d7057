{{ config(materialized='table') }}
{#- A table, not a view: the full directory has 2.7 million rows and the MSOA
    mapping reads it twice (postcode lookup and grid search). -#}
{%- set directory = postcode_directory_columns(source('onspd', 'postcodes')) -%}

with

source as (
    -- Only the five fields the mapping needs, whatever this edition calls
    -- them; the directory's other columns (about 50 in a full file) are
    -- never read.
    select
        {{ directory.postcode }} as pcds,
        {{ directory.terminated }} as doterm,
        {{ directory.easting or 'cast(null as ' ~ dbt.type_string() ~ ')' }} as easting_text,
        {{ directory.northing or 'cast(null as ' ~ dbt.type_string() ~ ')' }} as northing_text,
        {{ directory.msoa }} as msoa_text
    from {{ source('onspd', 'postcodes') }}
),

typed as (
    select
        -- keys
        {{ normalise_postcode('pcds') }} as postcode,

        -- area: England and Wales MSOAs only (the directory holds pseudo
        -- codes and Scottish intermediate zones in the same column)
        {{ as_code(clean_code('msoa_text'), '[EW]02[0-9]{6}') }} as msoa_code,

        -- location
        {{ as_number(clean_text('easting_text')) }} as easting,
        {{ as_number(clean_text('northing_text')) }} as northing,

        -- status
        {{ clean_text('doterm') }} is not null as is_terminated
    from source
),

final as (
    select * from typed
)

select * from final
