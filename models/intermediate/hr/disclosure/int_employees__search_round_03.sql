{#- Round 3 of the top-down search for the employees' generalisation (macro
    disclosure_search_round; docs block hr_disclosure_control). -#}
{{ disclosure_search_round(
    'employees', 3,
    levels=ref('int_employees__levels'),
    previous=ref('int_employees__search_round_02')
) }}
