{#- Dates at a precision, for disclosure control (requirement section 4: HR
    dates leave at the policy's precision, written as the first day of the
    period). Work is done on month indexes (year * 12 + month - 1), so that
    every precision from a month to five years is integer arithmetic that any
    engine runs the same way. A precision is a small integer, ordered from
    finest to coarsest (macro date_precisions): 0 day, 1 month, 2 quarter,
    3 year, 4 five years (years divisible by five: 1995-1999), 5 withheld. -#}

{% macro date_precisions() -%}
    {#- Precision name -> code, and each code's period length in months. -#}
    {{ return({
        'codes': {'day': 0, 'month': 1, 'quarter': 2, 'year': 3, 'five_years': 4, 'withheld': 5},
        'months': {1: 1, 2: 3, 3: 12, 4: 60},
    }) }}
{%- endmacro %}

{% macro date_precision_code(name, what) -%}
    {#- The code of a precision name; anything else stops compilation, naming
        the policy entry (what). -#}
    {%- set codes = date_precisions()['codes'] -%}
    {%- if name not in codes -%}
        {{ exceptions.raise_compiler_error(
            what ~ ": unknown date precision " ~ name ~ " (known: " ~ codes.keys() | join(', ') ~ ")"
        ) }}
    {%- endif -%}
    {{ return(codes[name]) }}
{%- endmacro %}

{% macro month_index(date) -%}
    {#- year * 12 + month - 1 of a date; null stays null. -#}
    (
        {{ dbt.cast('extract(year from ' ~ date ~ ')', api.Column.translate_type('integer')) }} * 12
        + {{ dbt.cast('extract(month from ' ~ date ~ ')', api.Column.translate_type('integer')) }} - 1
    )
{%- endmacro %}

{% macro whole_division(numerator, denominator) -%}
    {#- floor(numerator / denominator) as an integer, whatever the engine's
        division of integers does. -#}
    {{ dbt.cast('floor((' ~ numerator ~ ') / ' ~ denominator ~ ')', api.Column.translate_type('integer')) }}
{%- endmacro %}

{% macro period_months(precision) -%}
    {#- Length in months of a period at a precision code (an SQL expression);
        null for day and withheld. -#}
    {%- set months = date_precisions()['months'] -%}
    (case {{ precision }}{% for code, length in months.items() %} when {{ code }} then {{ length }}{% endfor %} end)
{%- endmacro %}

{% macro period_start(month, precision) -%}
    {#- Month index of the first month of the period at a precision code that
        holds a month index; the month itself at day precision; null when
        withheld. -#}
    (case
        when {{ precision }} = 0 then {{ month }}
        when {{ precision }} between 1 and 4
            then {{ whole_division(month, period_months(precision)) }} * {{ period_months(precision) }}
    end)
{%- endmacro %}

{% macro date_from_parts(year, month, day) -%}
    {{ return(adapter.dispatch('date_from_parts', 'hodh')(year, month, day)) }}
{%- endmacro %}

{% macro default__date_from_parts(year, month, day) -%}
    {#- make_date: DuckDB, Spark 3, PostgreSQL. -#}
    make_date({{ year }}, {{ month }}, {{ day }})
{%- endmacro %}

{% macro hull_precision(low, high) -%}
    {#- The precision at which two month indexes (the least and the greatest
        of a group) fall in one period: 0 when they are the same month (no
        coarsening needed), then 2 quarter, 3 year, 4 five years, 5 withheld
        (no period holds both); 5 when they are null. -#}
    (case
        when {{ low }} is null or {{ high }} is null then 5
        when {{ low }} = {{ high }} then 0
        when {{ whole_division(low, 3) }} = {{ whole_division(high, 3) }} then 2
        when {{ whole_division(low, 12) }} = {{ whole_division(high, 12) }} then 3
        when {{ whole_division(low, 60) }} = {{ whole_division(high, 60) }} then 4
        else 5
    end)
{%- endmacro %}

{% macro in_period(month, precision, start) -%}
    {#- True when a month index lies in the period (precision code and start
        month index) of a window; a window of precision 0 (none) or 5
        (withheld) holds no month. -#}
    (
        {{ precision }} between 1 and 4
        and {{ month }} >= {{ start }}
        and {{ month }} < {{ start }} + {{ period_months(precision) }}
    )
{%- endmacro %}

{% macro shown_date(date, base, windows, is_end=false, month=none, next_month=none) -%}
    {#- A person's date as it leaves: at the table's precision (base, a code),
        or, inside one of the person's windows, at the window's precision
        (the coarser wins), as the first day of its period. A window is a pair
        (precision, start) of SQL expressions: the period the person's join
        date (or, for a protected rank, appointment) is shown at, so that no
        other date of theirs gives it back. A window of precision 5 withholds
        every date of the person (null). An end date (is_end) whose next day
        opens a window it is not in is withheld: it would give away when the
        window's event happened. month and next_month: the month indexes of
        the date and of the day after, where a model has them already. -#}
    {%- set month = month if month is not none else month_index(date) -%}
    {%- set precision -%}
        greatest({{ base }}{% for window in windows %}, case when {{ in_period(month, window[0], window[1]) }} then {{ window[0] }} else 0 end{% endfor %})
    {%- endset -%}
    (case
        when {{ date }} is null{% for window in windows %} or {{ window[0] }} = 5{% endfor %} then null
        {%- if is_end %}
        {%- set next_month = next_month if next_month is not none else month_index(dbt.dateadd('day', 1, date)) %}
        {%- for window in windows %}
        when {{ in_period(next_month, window[0], window[1]) }} and not {{ in_period(month, window[0], window[1]) }} then null
        {%- endfor %}
        {%- endif %}
        else {{ date_at_precision(date, precision) }}
    end)
{%- endmacro %}

{% macro date_at_precision(date, precision) -%}
    {#- The first day of the period at a precision code (an SQL expression,
        evaluated once) that holds a date; the date itself at day precision,
        null when withheld. -#}
    {%- set date_type = api.Column.translate_type('date') -%}
    (case {{ precision }}
        when 0 then {{ date }}
        when 1 then {{ dbt.cast(dbt.date_trunc('month', date), date_type) }}
        when 2 then {{ dbt.cast(dbt.date_trunc('quarter', date), date_type) }}
        when 3 then {{ dbt.cast(dbt.date_trunc('year', date), date_type) }}
        when 4 then {{ date_from_parts(
            whole_division(dbt.cast('extract(year from ' ~ date ~ ')', api.Column.translate_type('integer')), 5) ~ ' * 5',
            '1', '1',
        ) }}
    end)
{%- endmacro %}

{% macro equal_or_both_null(left, right) -%}
    {#- Null-safe equality: true when both sides are equal or both null. -#}
    {{ return(adapter.dispatch('equal_or_both_null', 'hodh')(left, right)) }}
{%- endmacro %}

{% macro default__equal_or_both_null(left, right) -%}
    ({{ left }} is not distinct from {{ right }})
{%- endmacro %}

{% macro spark__equal_or_both_null(left, right) -%}
    ({{ left }} <=> {{ right }})
{%- endmacro %}
