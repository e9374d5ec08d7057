{% macro pseudonymise(column) -%}
    {#- HMAC-SHA-256 (64 lower-case hex) of the column under the force's key.
        The key is never a Jinja value: each engine calls a function that
        reads it from HODH_PSEUDONYM_KEY at run time. -#}
    {{ return(adapter.dispatch('pseudonymise', 'hodh')(column)) }}
{%- endmacro %}

{% macro duckdb__pseudonymise(column) -%}
    hodh_pseudonymise({{ column }})
{%- endmacro %}

{% macro default__pseudonymise(column) -%}
    {{ exceptions.raise_compiler_error(
        "pseudonymise has no implementation for " ~ adapter.type()
        ~ ": register an HMAC-SHA-256 function that reads HODH_PSEUDONYM_KEY"
    ) }}
{%- endmacro %}

{% macro pseudonym_key_check() -%}
    {#- A statement that fails at once, with a message naming the variable but
        never the key, when HODH_PSEUDONYM_KEY is missing or too short: a
        pre-hook of every model that pseudonymises, so even a run with no rows
        to hash cannot go on without a usable key. -#}
    select {{ pseudonymise("'key check'") }} as key_check
{%- endmacro %}
