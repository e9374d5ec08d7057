with

crimes as (
    select * from {{ ref('int_crimes__mapped_to_msoa') }}
),

methods as (
    -- every method, so a method that mapped nothing still shows 0
    select
        method_list.method_order,
        method_list.method
    from (
        values
        (1, 'postcode'),
        (2, 'terminated_postcode'),
        (3, 'grid'),
        (4, 'unmapped')
    ) as method_list (method_order, method)
),

counted as (
    select
        msoa_method,
        count(*) as crimes
    from crimes
    group by msoa_method
),

final as (
    select
        methods.method,
        coalesce(counted.crimes, 0) as crimes,
        round(
            cast(coalesce(counted.crimes, 0) as double) / nullif(sum(coalesce(counted.crimes, 0)) over (), 0), 4
        ) as share_of_crimes
    from methods
    left join counted
        on methods.method = counted.msoa_method
    order by methods.method_order
)

select * from final
