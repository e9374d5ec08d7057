{#- The catalogue of HR disclosure control, in one place (requirement section
    4; docs block hr_disclosure_control): the policy the data protection
    officer sets (var disclosure_control), each key variable of the intruder's
    view with the steps that generalise it, and how each step shows in every
    export table. The models compute which step each record takes
    (models/intermediate/hr/disclosure/); what a step does to a value, and to
    every column that reveals the same fact, is written here and nowhere else. -#}

{% macro disclosure_policy() -%}
    {#- var disclosure_control, checked, with what the models need worked out:
        the key variables of each view, the ladder of each attribute (its
        levels, finest first, as the catalogue defines them), the date
        precision codes and the protected ranks. A policy entry the catalogue
        does not know stops compilation, naming it. -#}
    {%- set policy = var('disclosure_control') -%}
    {%- set intruder = policy['intruder'] -%}
    {%- set result = {
        'k': k_anonymity(),
        'protected_ranks': policy['protected_ranks'],
        'weights': policy.get('column_weights', {}),
        'fragmentation_discount': policy.get('fragmentation_discount', 0) | float,
        'base': {},
        'protected_person': intruder['protected_person'],
        'protected_precision': {},
        'populations': {},
    } -%}
    {%- for table in policy['date_precision'] -%}
        {%- do result['base'].update({table: disclosure_date_precision(table)}) -%}
    {%- endfor -%}
    {%- for table in ['employees', 'rank_history', 'abstractions', 'assignments', 'applicants', 'applicant_status'] -%}
        {%- if table not in result['base'] -%}
            {{ exceptions.raise_compiler_error("disclosure_control.date_precision: no precision for " ~ table) }}
        {%- endif -%}
    {%- endfor -%}
    {%- for item in intruder['protected_person'] if item not in ['staff_type', 'gender', 'birth_year', 'date_joined', 'appointed'] -%}
        {{ exceptions.raise_compiler_error(
            "disclosure_control.intruder.protected_person: unknown item " ~ item
            ~ " (known: staff_type, gender, birth_year, date_joined, appointed)"
        ) }}
    {%- endfor -%}
    {%- for item in ['date_joined', 'appointed'] -%}
        {%- set name = intruder['protected_person_date_precision'].get(item, 'month') -%}
        {%- do result['protected_precision'].update({
            item: date_precision_code(name, 'disclosure_control.intruder.protected_person_date_precision.' ~ item)
        }) -%}
    {%- endfor -%}
    {%- for population, view in [('employees', intruder['employee_view']), ('applicants', intruder['applicant_view'])] -%}
        {%- set attributes = [] -%}
        {%- set known = [] -%}
        {%- for name, attribute in disclosure_attributes(population).items() -%}
            {%- do known.extend(attribute['columns']) -%}
            {%- set listed = attribute['columns'] | select('in', view) | list -%}
            {%- if listed -%}
                {%- do attributes.append(disclosure_ladder(population, name, attribute, listed, intruder, result['base'])) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for column in view if column not in known -%}
            {{ exceptions.raise_compiler_error(
                "disclosure_control.intruder: " ~ population ~ " have no key variable " ~ column
                ~ " (known: " ~ known | join(', ') ~ ")"
            ) }}
        {%- endfor -%}
        {%- do result['populations'].update({population: attributes}) -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}

{% macro disclosure_ladder(population, name, attribute, listed, intruder, base) -%}
    {#- One attribute of a view as the search uses it: its key columns (those
        the intruder knows) and its levels, finest first: the catalogue's, less
        any the policy leaves off (var disclosure_control.generalisation_ladder).
        Each level keeps its position in the catalogue (catalogue_index). A
        date's levels are precisions, from the one the intruder knows it at
        (or the table's, if coarser) up to five years: the search never
        withholds a date (that withholds every date of the person); only the
        last resort does. -#}
    {%- set chosen = var('disclosure_control').get('generalisation_ladder', {}).get(name) -%}
    {%- set what = 'disclosure_control.generalisation_ladder.' ~ name -%}
    {%- set result = {'name': name, 'kind': attribute['kind'], 'columns': listed} -%}
    {%- if attribute['kind'] == 'date' -%}
        {%- set known = intruder['view_date_precision'].get(name, 'month') -%}
        {%- set view_code = date_precision_code(known, 'disclosure_control.intruder.view_date_precision.' ~ name) -%}
        {%- if view_code < 1 or view_code > 3 -%}
            {{ exceptions.raise_compiler_error(
                "disclosure_control.intruder.view_date_precision." ~ name ~ ": month, quarter or year, not " ~ known
            ) }}
        {%- endif -%}
        {%- set finest = [view_code, base[attribute['table']]] | max -%}
        {%- set catalogue = [] -%}
        {%- for precision, code in date_precisions()['codes'].items() if code >= finest and code <= 4 -%}
            {%- do catalogue.append({'name': precision, 'precision': code, 'step': name ~ '_to_' ~ precision}) -%}
        {%- endfor -%}
        {%- do result.update({'view_precision': view_code, 'table': attribute['table']}) -%}
    {%- else -%}
        {%- set catalogue = attribute['levels'] -%}
    {%- endif -%}
    {%- set names = catalogue | map(attribute='name') | list -%}
    {%- set chosen = chosen if chosen is not none else names -%}
    {%- set levels = [] -%}
    {%- for level in chosen -%}
        {%- if level not in names -%}
            {{ exceptions.raise_compiler_error(
                what ~ ": no level " ~ level ~ " (known, finest first: " ~ names | join(', ') ~ ")"
            ) }}
        {%- endif -%}
        {%- set index = names.index(level) -%}
        {%- if levels and index <= levels[-1]['catalogue_index'] -%}
            {{ exceptions.raise_compiler_error(what ~ ": levels must be listed finest first, once each") }}
        {%- endif -%}
        {%- do levels.append(dict(catalogue[index], catalogue_index=index)) -%}
    {%- endfor -%}
    {%- if not levels or (attribute['kind'] != 'date' and levels[-1]['name'] != names[-1]) -%}
        {{ exceptions.raise_compiler_error(what ~ ": the ladder must end with " ~ names[-1]) }}
    {%- endif -%}
    {%- do result.update({'levels': levels}) -%}
    {{ return(result) }}
{%- endmacro %}

{% macro disclosure_attributes(population) -%}
    {#- The key variables of a view that disclosure control can generalise, and
        the ladder of each: its levels, finest first. Each level gives the
        value of every key column at that level, over the columns of the
        population's linked view (int_employees__linked,
        int_applicants__linked), and names the step that brings a record to
        it. A null key value is read as WITHHELD (an employee with no rank
        rows, no date of birth). Dates (kind date) are generalised by
        precision instead (macro disclosure_ladder). -#}
    {%- set w = withheld() -%}
    {%- set catalogue = {
        'employees': {
            'staff_type': {'kind': 'code', 'columns': ['staff_type'], 'levels': [
                {'name': 'staff_type', 'values': {'staff_type': 'linked.staff_type'}},
                {'name': 'withheld', 'step': 'staff_type_withheld', 'values': {'staff_type': w}},
            ]},
            'gender': {'kind': 'code', 'columns': ['gender'], 'levels': [
                {'name': 'gender', 'values': {'gender': 'linked.gender'}},
                {'name': 'withheld', 'step': 'gender_withheld', 'values': {'gender': w}},
            ]},
            'ethnicity': {'kind': 'code', 'columns': ['ethnicity_16', 'ethnicity_6'], 'levels': [
                {'name': 'ethnicity_16', 'values': {
                    'ethnicity_16': 'linked.ethnicity_16', 'ethnicity_6': 'linked.ethnicity_6'}},
                {'name': 'ethnicity_6', 'step': 'ethnicity_16_withheld', 'values': {
                    'ethnicity_16': w, 'ethnicity_6': 'linked.ethnicity_6'}},
                {'name': 'withheld', 'step': 'ethnicity_withheld', 'values': {
                    'ethnicity_16': w, 'ethnicity_6': w}},
            ]},
            'birth_year_band': {'kind': 'code', 'columns': ['birth_year_band'], 'levels': [
                {'name': 'five_years', 'values': {'birth_year_band': 'linked.birth_year_band'}},
                {'name': 'ten_years', 'step': 'birth_year_band_widened', 'values': {
                    'birth_year_band': 'linked.birth_year_band_10'}},
                {'name': 'withheld', 'step': 'birth_year_band_withheld', 'values': {'birth_year_band': w}},
            ]},
            'rank_code': {'kind': 'code', 'columns': ['rank_code'], 'levels': [
                {'name': 'rank_code', 'values': {'rank_code': 'linked.rank_code'}},
                {'name': 'rank_group', 'step': 'rank_grouped', 'values': {'rank_code': 'linked.rank_group'}},
                {'name': 'withheld', 'step': 'rank_withheld', 'values': {'rank_code': w}},
            ]},
            'bcu_code': {'kind': 'code', 'columns': ['bcu_code'], 'levels': [
                {'name': 'bcu_code', 'values': {'bcu_code': 'linked.bcu_code'}},
                {'name': 'force', 'step': 'bcu_to_force', 'values': {
                    'bcu_code': "case when linked.bcu_code is not null then 'FORCE' end"}},
                {'name': 'withheld', 'step': 'bcu_withheld', 'values': {'bcu_code': w}},
            ]},
            'date_joined': {'kind': 'date', 'columns': ['date_joined'], 'table': 'employees'},
        },
        'applicants': {
            'application_type': {'kind': 'code', 'columns': ['application_type'], 'levels': [
                {'name': 'application_type', 'values': {'application_type': 'linked.application_type'}},
                {'name': 'withheld', 'step': 'application_type_withheld', 'values': {'application_type': w}},
            ]},
            'msoa_code': {'kind': 'code', 'columns': ['msoa_code'], 'levels': [
                {'name': 'msoa_code', 'values': {'msoa_code': 'linked.msoa_code'}},
                {'name': 'removed', 'step': 'msoa_code_removed', 'values': {'msoa_code': 'null'}},
            ]},
            'date_received': {'kind': 'date', 'columns': ['date_received'], 'table': 'applicants'},
        },
    } -%}
    {%- if population not in catalogue -%}
        {{ exceptions.raise_compiler_error("disclosure control: no catalogue for population " ~ population) }}
    {%- endif -%}
    {{ return(catalogue[population]) }}
{%- endmacro %}

{% macro disclosure_steps(population) -%}
    {#- The steps of a population's view that change a value, in report order:
        for a code, every level of its ladder but the catalogue's first (step,
        attribute, level); for a date, every precision coarser than its
        table's (step <attribute>_to_<precision>, level the precision code).
        The audit model disclosure_control_steps counts each where it changed
        a value, with the rule-2, last-resort and rule-3 steps after them. -#}
    {%- set policy = disclosure_policy() -%}
    {%- set steps = [] -%}
    {%- for attribute in policy['populations'][population] -%}
        {%- if attribute['kind'] == 'date' -%}
            {%- for precision, code in date_precisions()['codes'].items()
                if code > policy['base'][attribute['table']] and code in [2, 3, 4] -%}
                {%- do steps.append({
                    'step': attribute['name'] ~ '_to_' ~ precision, 'attribute': attribute['name'], 'level': code,
                }) -%}
            {%- endfor -%}
        {%- else -%}
            {%- for level in attribute['levels'] if level['catalogue_index'] > 0 -%}
                {%- do steps.append({'step': level['step'], 'attribute': attribute['name'], 'level': level['name']}) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(steps) }}
{%- endmacro %}

{% macro parental_leave_types() -%}
    {#- Abstraction types that tell a person's gender (with their length):
        shown as PARENTAL_LEAVE, without length, where gender is withheld. -#}
    {{ return(['MATERNITY', 'PATERNITY', 'ADOPTION']) }}
{%- endmacro %}

{% macro person_windows(person) -%}
    {#- The date windows of an employee (columns of int_employees__generalised
        under the alias person): the period their join date is shown at and,
        for a protected rank, the period their appointment is shown at. -#}
    {{ return([
        (person ~ '.join_window_precision', person ~ '.join_window_start'),
        (person ~ '.appointment_window_precision', person ~ '.appointment_window_start'),
    ]) }}
{%- endmacro %}

{% macro shown_as(table, column, row='rows', person='person') -%}
    {#- How a column of an HR export table shows once disclosure control has
        generalised its person: the value as it leaves, an SQL expression over
        the table's validated row (alias row) and the person's or applicant's
        final state (alias person: int_employees__generalised or
        int_applicants__generalised). Every generalisation is carried into
        every column that reveals the same fact (rule 3):

        - dates: at the table's precision (var disclosure_control.date_precision),
          coarser inside the person's join and appointment windows, null where
          every date of the person is withheld (macro shown_date);
        - a withheld staff type withholds employment_type, working_pattern,
          leaving_reason (WITHHELD) and hours_per_week (null);
        - a grouped or withheld rank shows on every rank row (one period per
          group: int_rank_history__generalised);
        - a BCU shown as FORCE or WITHHELD shows so on every posting, and the
          post goes with it (null);
        - a withheld gender shows parental leave as PARENTAL_LEAVE, without
          its end date, hours or days;
        - a withheld application type withholds `special` (null);
        - a person withheld on everything shows one WITHHELD posting without
          secondment (int_assignments__generalised) and no abstraction
          (int_abstractions__generalised).

        A column not listed here leaves as it is. Only the expression asked
        for is rendered. -#}
    {%- set w = withheld() -%}
    {%- set staff_type_withheld = person ~ '.staff_type = ' ~ w -%}
    {%- set parental = "'" ~ parental_leave_types() | join("', '") ~ "'" -%}
    {%- set parental_hidden = '(coalesce(' ~ person ~ '.gender, ' ~ w ~ ') = ' ~ w ~ ' and ' ~ row
        ~ '.abstraction_type in (' ~ parental ~ '))' -%}
    {%- set windows = person_windows(person) -%}
    {%- set applicant_windows = [(person ~ '.received_window_precision', person ~ '.received_window_start')] -%}
    {%- set dates = {
        'employees': ['date_joined', 'date_left'],
        'rank_history': ['start_date', 'end_date'],
        'assignments': ['start_date', 'end_date'],
        'abstractions': ['start_date', 'end_date'],
        'applicants': ['date_received'],
        'applicant_status': ['status_date'],
    } -%}
    {%- if table not in dates -%}
        {{ exceptions.raise_compiler_error("shown_as: no HR export table " ~ table) }}
    {%- endif -%}
    {%- set value = row ~ '.' ~ column -%}
    {%- if column in dates[table] -%}
        {%- set base = disclosure_date_precision(table) -%}
        {%- set is_end = column in ['date_left', 'end_date'] -%}
        {%- set shown = shown_date(
            value, base, applicant_windows if table.startswith('applicant') else windows, is_end=is_end
        ) -%}
        {%- if table == 'abstractions' and column == 'end_date' -%}
            {{ return('case when ' ~ parental_hidden ~ ' then null else ' ~ shown ~ ' end') }}
        {%- endif -%}
        {{ return(shown) }}
    {%- elif table == 'employees' and column in ['staff_type', 'birth_year_band', 'gender', 'ethnicity_16', 'ethnicity_6'] -%}
        {{ return(person ~ '.' ~ column) }}
    {%- elif table == 'employees' and column in ['leaving_reason', 'working_pattern', 'employment_type'] -%}
        {{ return('case when ' ~ staff_type_withheld ~ ' and ' ~ value ~ ' is not null then ' ~ w ~ ' else ' ~ value ~ ' end') }}
    {%- elif table == 'employees' and column == 'hours_per_week' -%}
        {{ return('case when ' ~ staff_type_withheld ~ ' then null else ' ~ value ~ ' end') }}
    {%- elif table == 'rank_history' and column == 'rank_code' -%}
        {{ return('case ' ~ person ~ ".rank_shown_as when 'CODE' then " ~ value ~ " when 'GROUP' then "
            ~ row ~ '.rank_group else ' ~ w ~ ' end') }}
    {%- elif table == 'assignments' and column == 'bcu_code' -%}
        {{ return('case ' ~ person ~ ".bcu_shown_as when 'CODE' then " ~ value ~ " when 'FORCE' then 'FORCE' else "
            ~ w ~ ' end') }}
    {%- elif table == 'assignments' and column == 'post_code' -%}
        {{ return('case when ' ~ person ~ ".bcu_shown_as = 'CODE' then " ~ value ~ ' end') }}
    {%- elif table == 'assignments' and column == 'secondment' -%}
        {{ return('case when ' ~ person ~ '.is_withheld_entirely then null else ' ~ value ~ ' end') }}
    {%- elif table == 'abstractions' and column == 'abstraction_type' -%}
        {{ return('case when ' ~ parental_hidden ~ " then 'PARENTAL_LEAVE' else " ~ value ~ ' end') }}
    {%- elif table == 'abstractions' and column in ['hours_lost', 'days_lost'] -%}
        {{ return('case when ' ~ parental_hidden ~ ' then null else ' ~ value ~ ' end') }}
    {%- elif table == 'applicants' and column in ['application_type', 'msoa_code'] -%}
        {{ return(person ~ '.' ~ column) }}
    {%- elif table == 'applicants' and column == 'special' -%}
        {{ return('case when ' ~ person ~ '.application_type = ' ~ w ~ ' then null else ' ~ value ~ ' end') }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{% macro disclosure_date_precision(table) -%}
    {#- The precision code an HR table's dates leave at (var
        disclosure_control.date_precision): day, month, quarter or year. -#}
    {%- set name = var('disclosure_control')['date_precision'].get(table) -%}
    {%- set code = date_precision_code(name, 'disclosure_control.date_precision.' ~ table) -%}
    {%- if code > 3 -%}
        {{ exceptions.raise_compiler_error(
            "disclosure_control.date_precision." ~ table ~ ": day, month, quarter or year, not " ~ name
        ) }}
    {%- endif -%}
    {{ return(code) }}
{%- endmacro %}
