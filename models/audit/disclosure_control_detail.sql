{#- What disclosure control keeps (requirement section 4): per population and
    key variable of its view, the share of records that keep full detail
    (the value the view shows is the true one; a date is shown at the
    precision the intruder knows it at, or finer), and the mean over the
    view's columns. Aggregates only: published in the manifest's run report. -#}

with

employees as (
    select * from {{ ref('int_employees__generalised') }}
),

employees_linked as (
    select * from {{ ref('int_employees__linked') }}
),

applicants as (
    select * from {{ ref('int_applicants__generalised') }}
),

applicants_linked as (
    select * from {{ ref('int_applicants__linked') }}
),

kept as (
    -- per key column of each view (macro disclosure_detail_counts)
    {{ disclosure_detail_counts() }}
),

shares as (
    select
        population,
        column_order,
        column_name,
        records,
        records_kept,
        round(cast(records_kept as double) / nullif(records, 0), 4) as share_kept
    from kept
),

means as (
    -- the mean share over the view's columns
    select
        population,
        1000 as column_order,
        'mean' as column_name,
        max(records) as records,
        {{ dbt.cast('null', dbt.type_bigint()) }} as records_kept,
        round(avg(cast(records_kept as double) / nullif(records, 0)), 4) as share_kept
    from kept
    group by population
),

final as (
    select
        population,
        column_order,
        column_name,
        cast(records as {{ dbt.type_bigint() }}) as records,
        cast(records_kept as {{ dbt.type_bigint() }}) as records_kept,
        share_kept
    from shares
    union all
    select
        population,
        column_order,
        column_name,
        cast(records as {{ dbt.type_bigint() }}) as records,
        records_kept,
        share_kept
    from means
)

select * from final
