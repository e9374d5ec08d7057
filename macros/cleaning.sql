{#- Value cleaning shared by every staging model. Raw extracts are read as
    text, so each macro takes a text column and returns a typed value, or
    null when the value is absent or unusable (never a guess). -#}

{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{% macro clean_code(column) -%}
    nullif(upper(trim({{ column }})), '')
{%- endmacro %}

{% macro parse_date(column) -%}
    case
        when {{ matches_pattern(clean_text(column), '[0-9]{4}-[0-9]{2}-[0-9]{2}') }}
            then {{ dbt.safe_cast(clean_text(column), api.Column.translate_type('date')) }}
    end
{%- endmacro %}

{% macro parse_time(column) -%}
    {#- Times stay text HH:MM (the export format) once shown to be a real time. -#}
    case
        when {{ matches_pattern(clean_text(column), '([01][0-9]|2[0-3]):[0-5][0-9]') }}
            then {{ clean_text(column) }}
    end
{%- endmacro %}

{% macro parse_timestamp(column) -%}
    {#- An ISO 8601 date and time (T or space, seconds and fraction optional),
        in UTC when it says Z. An engine cast alone takes words such as
        infinity and epoch, and drops an offset such as +01:00 without
        applying it; those are guesses, so they are null. -#}
    case
        when {{ matches_pattern(
            clean_text(column),
            '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?Z?)?'
        ) }}
            then {{ dbt.safe_cast(clean_text(column), api.Column.translate_type('timestamp')) }}
    end
{%- endmacro %}

{% macro parse_number(column, type='double') -%}
    {#- A plain decimal: optional sign, digits, optional point. The engine's own
        cast is not enough on its own: it reads 1,000 as null but also takes
        1e3, nan, inf and 0x10, and casts 1.5 to the integer 2. Those are
        guesses, so they are null here; an integer type takes whole numbers only. -#}
    {%- set integer_types = ['tinyint', 'smallint', 'int', 'integer', 'bigint', 'hugeint'] -%}
    {%- if type | lower in integer_types -%}
        {%- set pattern = '[+-]?[0-9]+' -%}
    {%- else -%}
        {%- set pattern = '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)' -%}
    {%- endif -%}
    case
        when {{ matches_pattern(clean_text(column), pattern) }}
            then {{ dbt.safe_cast(clean_text(column), api.Column.translate_type(type)) }}
    end
{%- endmacro %}

{% macro parse_non_negative(column, type='double') -%}
    {#- A count or quantity (hours, days, sequence numbers): a number below zero
        is not a usable value, so it is null and reported like any other. -#}
    case
        when {{ parse_number(column, type) }} >= 0 then {{ parse_number(column, type) }}
    end
{%- endmacro %}

{% macro parse_code(column, pattern) -%}
    {#- An upper-cased code, or null when it does not have the expected shape. -#}
    case
        when {{ matches_pattern(clean_code(column), pattern) }} then {{ clean_code(column) }}
    end
{%- endmacro %}

{% macro parse_flag(column) -%}
    {{ parse_code(column, '[YN]') }}
{%- endmacro %}

{% macro invalid_if(column, parsed, reason=none) -%}
    {#- The reason a present value could not be used, for the row's invalid_reasons. -#}
    case
        when {{ clean_text(column) }} is not null and ({{ parsed }}) is null
            then '{{ reason or (column ~ "_invalid") }}'
    end
{%- endmacro %}

{% macro out_of_order_if(earlier, later, reason=none) -%}
    {#- The reason two dates that bound a period are the wrong way round (the
        later one is before the earlier one); both must parse to compare. -#}
    case
        when {{ parse_date(later) }} < {{ parse_date(earlier) }}
            then '{{ reason or (later ~ "_before_" ~ earlier) }}'
    end
{%- endmacro %}

{% macro missing_if(column) -%}
    case when {{ clean_text(column) }} is null then '{{ column }}_missing' end
{%- endmacro %}

{% macro invalid_reasons(checks) -%}
    {#- All reasons found on a row, ';'-separated; null for a clean row. -#}
    nullif(concat_ws(';', {{ checks | join(', ') }}), '')
{%- endmacro %}

{% macro matches_pattern(expression, pattern) -%}
    {{ return(adapter.dispatch('matches_pattern', 'hodh')(expression, pattern)) }}
{%- endmacro %}

{% macro default__matches_pattern(expression, pattern) -%}
    ({{ expression }} rlike '^(?:{{ pattern }})$')
{%- endmacro %}

{% macro duckdb__matches_pattern(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}
