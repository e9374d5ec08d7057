{% macro pseudonymise(column, domain) -%}
    {#- HMAC-SHA-256 (64 lower-case hex) of the column under the force's key, in a
        domain of its own (employee, applicant: the same reference in two domains
        gives unrelated pseudonyms). The key is never a Jinja value: each engine
        calls a function that reads it from HODH_PSEUDONYM_KEY at run time. -#}
    {%- if domain not in ['employee', 'applicant'] -%}
        {{ exceptions.raise_compiler_error("pseudonymise: no domain " ~ domain ~ " (employee, applicant)") }}
    {%- endif -%}
    {{ return(adapter.dispatch('pseudonymise', 'hodh')(column, domain)) }}
{%- endmacro %}

{% macro duckdb__pseudonymise(column, domain) -%}
    hodh_pseudonymise({{ column }}, '{{ domain }}')
{%- endmacro %}

{% macro spark__pseudonymise(column, domain) -%}
    {#- The same function, registered in the Spark session from the
        environment (hodh/spark.py; docs/spark.md for a cluster). -#}
    hodh_pseudonymise({{ column }}, '{{ domain }}')
{%- endmacro %}

{% macro default__pseudonymise(column, domain) -%}
    {{ exceptions.raise_compiler_error(
        "pseudonymise has no implementation for " ~ adapter.type()
        ~ ": register an HMAC-SHA-256 function that reads HODH_PSEUDONYM_KEY"
    ) }}
{%- endmacro %}

{% macro pseudonym_key_check() -%}
    {#- A statement that fails at once, with a message naming the variable but
        never the key, when HODH_PSEUDONYM_KEY is missing, too short or not
        random: a pre-hook of every mart that carries a pseudonym, so even a run
        with no rows to hash cannot go on without a usable key. -#}
    select {{ pseudonymise("'key check'", 'employee') }} as key_check
{%- endmacro %}
