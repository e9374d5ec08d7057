{#- The quasi-identifiers of an exported crime (SCIRG: MSOA + offence +
    date/time + flags). Both ends of the offence window leave the force, so
    both count; times are compared to the minute, to the hour, or not at all. -#}
{%- set quasi_identifiers = [
    'msoa_code', 'crimsec_code', 'offence_date_from', 'offence_date_to',
    'dv_flag', 'hate_race', 'hate_religion', 'hate_sexual_orientation', 'hate_disability',
    'hate_transgender', 'gun_feature', 'knife_feature',
] -%}
{%- set to_the_minute = ['offence_time_from', 'offence_time_to'] -%}
{%- set to_the_hour = [
    dbt.split_part('offence_time_from', "':'", 1), dbt.split_part('offence_time_to', "':'", 1)
] -%}

with

crimes as {{ not_materialized() }} (
    -- read three times, once per granularity: not materialised, a copy of the export
    select * from {{ ref('crimes') }}
),

classes_by_minute as (
    -- crimes that share every quasi-identifier, offence times to the minute
    select count(*) as class_size
    from crimes
    group by {{ (quasi_identifiers + to_the_minute) | join(', ') }}
),

classes_by_hour as (
    -- the same with offence times cut to the hour
    select count(*) as class_size
    from crimes
    group by {{ (quasi_identifiers + to_the_hour) | join(', ') }}
),

classes_by_day as (
    -- the same with offence dates only
    select count(*) as class_size
    from crimes
    group by {{ quasi_identifiers | join(', ') }}
),

risks as (
    select
        1 as granularity_order,
        'minute' as granularity,
        sum(class_size) as exported_crimes,
        sum(case when class_size = 1 then 1 else 0 end) as unique_crimes
    from classes_by_minute
    union all
    select
        2 as granularity_order,
        'hour' as granularity,
        sum(class_size) as exported_crimes,
        sum(case when class_size = 1 then 1 else 0 end) as unique_crimes
    from classes_by_hour
    union all
    select
        3 as granularity_order,
        'day' as granularity,
        sum(class_size) as exported_crimes,
        sum(case when class_size = 1 then 1 else 0 end) as unique_crimes
    from classes_by_day
),

final as (
    select
        granularity,
        cast(coalesce(exported_crimes, 0) as {{ dbt.type_bigint() }}) as exported_crimes,
        cast(coalesce(unique_crimes, 0) as {{ dbt.type_bigint() }}) as unique_crimes,
        round(cast(unique_crimes as double) / nullif(exported_crimes, 0), 4) as share_unique
    from risks
    order by granularity_order
)

select * from final
