{#- Round 1 of the top-down search for the applicants' generalisation (macro
    disclosure_search_round; docs block hr_disclosure_control). -#}
{{ disclosure_search_round('applicants', 1, levels=ref('int_applicants__levels'), previous=none) }}
