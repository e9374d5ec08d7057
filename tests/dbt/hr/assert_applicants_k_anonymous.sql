{#- Rule 1 for applicants: every class of the applicants' view recomputed
    from the export (var disclosure_control.intruder.applicant_view:
    application_type, msoa_code and date_received at the precision the
    intruder knows it, a month) holds at least k applicants. A null value is
    read as WITHHELD; a withheld record is no exemption. -#}
{%- set policy = disclosure_policy() -%}
{%- set columns = disclosure_key_columns('applicants') -%}
{%- set received = policy['populations']['applicants'] | selectattr('name', 'equalto', 'date_received') | list -%}
{#- a date the intruder does not know is compared to the day (precision 0) -#}
{%- set view_precision = received[0]['view_precision'] if received else 0 -%}
{%- set w = withheld() -%}

with

applicants as (
    select * from {{ ref('applicants') }}
),

viewed as (
    select
        applicant_id,
        coalesce(application_type, {{ w }}) as application_type,
        coalesce(msoa_code, {{ w }}) as msoa_code,
        {{ period_start(month_index('date_received'), view_precision) }} as date_received
    from applicants
),

classes as (
    select
        *,
        count(*) over (partition by {{ columns | join(', ') }}) as class_size
    from viewed
),

final as (
    select * from classes
    where class_size < {{ k_anonymity() }}
)

select * from final
