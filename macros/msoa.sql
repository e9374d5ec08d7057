{#- Mapping a location to its Middle Layer Super Output Area (MSOA): by
    postcode in the postcode directory, live or terminated, else by the grid
    reference (nearest live postcode within a search radius), else none.
    See the docs block msoa_mapping for the method and why. -#}

{% macro map_to_msoa(relation, key, postcode, easting=none, northing=none, directory='postcodes') -%}
    {#- A select giving one row per row of relation: the key, msoa_code and
        msoa_method (postcode, terminated_postcode, grid or unmapped).
        relation: a CTE or relation, unique on key; postcode: its postcode
        column, any case or spacing (normalised and validated here, so staged
        or raw text both work); easting, northing: its OS grid reference in
        metres, or none when the records have none (applicants); directory: a
        CTE or relation shaped like stg_onspd__postcodes (postcode unique,
        msoa_code, easting, northing, is_terminated). -#}
    {%- set radius = msoa_grid_search_metres() -%}
    with

    located as {{ not_materialized() }} (
        -- the record's postcode in directory form (null unless valid) and its
        -- grid reference, kept only when it lies within Great Britain
        select
            {{ key }} as mapping_key,
            {{ normalise_postcode(postcode) }} as postcode,
        {%- if easting and northing %}
            case when {{ is_usable_grid_reference(easting, northing) }} then {{ easting }} end as easting,
            case when {{ is_usable_grid_reference(easting, northing) }} then {{ northing }} end as northing
        {%- else %}
            cast(null as {{ dbt.type_float() }}) as easting,
            cast(null as {{ dbt.type_float() }}) as northing
        {%- endif %}
        from {{ relation }}
    ),

    postcode_matches as {{ not_materialized() }} (
        -- postcodes the directory knows, terminated ones included (old
        -- records carry them), that have an England or Wales MSOA
        select
            located.mapping_key,
            postcode_directory.msoa_code,
            postcode_directory.is_terminated
        from located
        inner join {{ directory }} as postcode_directory
            on located.postcode = postcode_directory.postcode
        where postcode_directory.msoa_code is not null
    ),

    grid_searches as (
        -- records the postcode did not map, once for each grid cell of the
        -- 3 x 3 block around their own: an equi-join key, never a cross join
        -- with the directory
        select
            located.mapping_key,
            located.easting,
            located.northing,
            {{ msoa_grid_cell('located.easting', radius) }} + neighbourhood.cell_offset_e as cell_e,
            {{ msoa_grid_cell('located.northing', radius) }} + neighbourhood.cell_offset_n as cell_n
        from located
        cross join {{ msoa_grid_neighbourhood() }} as neighbourhood (cell_offset_e, cell_offset_n)
        left join postcode_matches
            on located.mapping_key = postcode_matches.mapping_key
        where
            postcode_matches.mapping_key is null
            and located.easting is not null
    ),

    live_postcodes as (
        -- the directory's live postcodes with an MSOA and a usable grid
        -- reference, each in its grid cell
        select
            msoa_code,
            easting,
            northing,
            {{ msoa_grid_cell('easting', radius) }} as cell_e,
            {{ msoa_grid_cell('northing', radius) }} as cell_n
        from {{ directory }}
        where
            not is_terminated
            and msoa_code is not null
            and {{ is_usable_grid_reference('easting', 'northing') }}
    ),

    grid_candidates as (
        -- live postcodes within the search radius: the 3 x 3 block holds
        -- every point that near, so the nearest candidate is the nearest
        -- live postcode of the whole directory
        select
            grid_searches.mapping_key,
            live_postcodes.msoa_code,
            {{ squared_distance('grid_searches', 'live_postcodes') }} as squared_distance
        from grid_searches
        inner join live_postcodes
            on
                grid_searches.cell_e = live_postcodes.cell_e
                and grid_searches.cell_n = live_postcodes.cell_n
        where {{ squared_distance('grid_searches', 'live_postcodes') }} <= {{ radius * radius }}
    ),

    grid_ranked as (
        -- nearest first; an exact tie goes to the lower MSOA code, so runs repeat
        select
            mapping_key,
            msoa_code,
            row_number() over (
                partition by mapping_key order by squared_distance, msoa_code
            ) as distance_rank
        from grid_candidates
    ),

    grid_matches as (
        select
            mapping_key,
            msoa_code
        from grid_ranked
        where distance_rank = 1
    ),

    mapped as (
        select
            located.mapping_key as {{ key }},
            coalesce(postcode_matches.msoa_code, grid_matches.msoa_code) as msoa_code,
            case
                when postcode_matches.is_terminated then 'terminated_postcode'
                when postcode_matches.mapping_key is not null then 'postcode'
                when grid_matches.mapping_key is not null then 'grid'
                else 'unmapped'
            end as msoa_method
        from located
        left join postcode_matches
            on located.mapping_key = postcode_matches.mapping_key
        left join grid_matches
            on located.mapping_key = grid_matches.mapping_key
    )

    select * from mapped
{%- endmacro %}

{% macro msoa_grid_search_metres() -%}
    {#- How far the grid fallback looks for a live postcode, in metres
        (var msoa_grid_search_metres, default 500); also the side of a grid cell. -#}
    {%- set metres = var('msoa_grid_search_metres', 500) | int -%}
    {%- if metres <= 0 -%}
        {{ exceptions.raise_compiler_error("var msoa_grid_search_metres must be a positive number of metres") }}
    {%- endif -%}
    {{ return(metres) }}
{%- endmacro %}

{% macro is_usable_grid_reference(easting, northing) -%}
    {#- True for an OS grid reference within Great Britain (eastings 0-700000,
        northings 0-1300000 metres); a value outside cannot be a real place
        there and is not used. Null (not true) when either part is missing. -#}
    ({{ easting }} between 0 and 700000 and {{ northing }} between 0 and 1300000)
{%- endmacro %}

{% macro msoa_grid_cell(coordinate, cell_metres) -%}
    {#- The index of the grid cell (of side cell_metres) a coordinate lies in. -#}
    cast(floor({{ coordinate }} / {{ cell_metres }}) as {{ dbt.type_bigint() }})
{%- endmacro %}

{% macro msoa_grid_neighbourhood() -%}
    {#- The nine cell offsets (east, north) of a cell and its eight neighbours,
        as an inline table; alias it with two columns. -#}
    (values
    {%- for offset_e in [-1, 0, 1] %}{% for offset_n in [-1, 0, 1] %}
        ({{ offset_e }}, {{ offset_n }}){{ "," if not (loop.last and offset_e == 1) }}
    {%- endfor %}{% endfor %}
    )
{%- endmacro %}

{% macro squared_distance(here, there) -%}
    {#- Squared distance in square metres between two relations' easting and
        northing columns (no square root: it only orders and compares). -#}
    (
        ({{ here }}.easting - {{ there }}.easting) * ({{ here }}.easting - {{ there }}.easting)
        + ({{ here }}.northing - {{ there }}.northing) * ({{ here }}.northing - {{ there }}.northing)
    )
{%- endmacro %}
