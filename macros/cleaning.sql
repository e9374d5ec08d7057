{#- Value cleaning shared by every staging model. Raw extracts are read as
    text. A staging model cleans each column once (clean_text, clean_code:
    trimmed, null when empty), parses the cleaned text once (as_date,
    as_code, ...: a typed value, or null when the text is unusable, never a
    guess), and then names what it could not use by comparing the two
    (missing_if, invalid_if). By convention a cleaned column that is parsed
    further is named <column>_text. -#}

{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{% macro clean_code(column) -%}
    nullif(upper(trim({{ column }})), '')
{%- endmacro %}

{% macro crime_ref_pattern() -%}
    {#- The CRIS number NNNNNNN/YY: seven digits, a slash, a two-digit year. -#}
    [0-9]{7}/[0-9]{2}
{%- endmacro %}

{% macro as_date(text) -%}
    {#- YYYY-MM-DD and a real day: 2023-02-30 and 31/12/2023 are null. -#}
    case
        when {{ matches_pattern(text, '[0-9]{4}-[0-9]{2}-[0-9]{2}') }}
            then {{ dbt.safe_cast(text, api.Column.translate_type('date')) }}
    end
{%- endmacro %}

{% macro as_time(text) -%}
    {#- Times stay text HH:MM (the export format) once shown to be a real time. -#}
    case
        when {{ matches_pattern(text, '([01][0-9]|2[0-3]):[0-5][0-9]') }} then {{ text }}
    end
{%- endmacro %}

{% macro as_timestamp(text) -%}
    {#- An ISO 8601 date and time (T or space, seconds and fraction optional),
        in UTC when it says Z. An engine cast alone takes words such as
        infinity and epoch, and drops an offset such as +01:00 without
        applying it; those are guesses, so they are null. The Z is dropped
        before the cast: timestamps are UTC on both engines, and Spark's cast
        refuses a Z after minutes without seconds (10:15Z). -#}
    case
        when {{ matches_pattern(
            text,
            '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?Z?)?'
        ) }}
            then {{ dbt.safe_cast(dbt.replace(text, "'Z'", "''"), api.Column.translate_type('timestamp')) }}
    end
{%- endmacro %}

{% macro as_number(text, type='double', signed=true) -%}
    {#- A plain decimal: an optional sign, digits, an optional point. The
        engine's own cast is not enough on its own: it reads 1,000 as null but
        also takes 1e3, nan, inf and 0x10, and casts 1.5 to the integer 2.
        Those are guesses, so they are null here; an integer type takes whole
        numbers only. signed=false is for counts and quantities (hours, days,
        sequence numbers): a minus sign makes the value unusable. -#}
    {%- set integer_types = ['tinyint', 'smallint', 'int', 'integer', 'bigint', 'hugeint'] -%}
    {%- set sign = '[+-]?' if signed else '[+]?' -%}
    {%- if type | lower in integer_types -%}
        {%- set pattern = sign ~ '[0-9]+' -%}
    {%- else -%}
        {%- set pattern = sign ~ '([0-9]+([.][0-9]*)?|[.][0-9]+)' -%}
    {%- endif -%}
    case
        when {{ matches_pattern(text, pattern) }}
            then {{ dbt.safe_cast(text, api.Column.translate_type(type)) }}
    end
{%- endmacro %}

{% macro as_code(text, pattern) -%}
    {#- A cleaned code, or null when it does not have the expected shape. -#}
    case
        when {{ matches_pattern(text, pattern) }} then {{ text }}
    end
{%- endmacro %}

{% macro as_flag(text) -%}
    {{ as_code(text, '[YN]') }}
{%- endmacro %}

{% macro missing_if(text) -%}
    {#- The reason for a required value that is absent: <column>_missing. -#}
    {%- set column = text[:-5] if text.endswith('_text') else text -%}
    case when {{ text }} is null then '{{ column }}_missing' end
{%- endmacro %}

{% macro invalid_if(text, parsed, reason=none) -%}
    {#- The reason a present value could not be used: <column>_invalid, or reason. -#}
    case
        when {{ text }} is not null and {{ parsed }} is null
            then '{{ reason or (parsed ~ "_invalid") }}'
    end
{%- endmacro %}

{% macro out_of_order_if(earlier, later, reason=none) -%}
    {#- The reason two dates that bound a period are the wrong way round (the
        later one is before the earlier one); both must be usable to compare. -#}
    case
        when {{ later }} < {{ earlier }}
            then '{{ reason or (later ~ "_before_" ~ earlier) }}'
    end
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
