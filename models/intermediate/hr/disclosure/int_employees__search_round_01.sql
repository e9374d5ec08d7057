{#- Round 1 of the top-down search for the employees' generalisation (macro
    disclosure_search_round; docs block hr_disclosure_control). -#}
{{ disclosure_search_round('employees', 1, levels=ref('int_employees__levels'), previous=none) }}
