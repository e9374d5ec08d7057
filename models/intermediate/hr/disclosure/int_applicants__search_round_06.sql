{#- Round 6 of the top-down search for the applicants' generalisation (macro
    disclosure_search_round; docs block hr_disclosure_control). -#}
{{ disclosure_search_round(
    'applicants', 6,
    levels=ref('int_applicants__levels'),
    previous=ref('int_applicants__search_round_05')
) }}
