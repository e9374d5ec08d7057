"""The page of `hodh assess`: what a data protection officer shows a committee.

A short summary first (per profile: the columns that leave, the never-supplied ones, the
share of crimes unique, the people singled out), then the evidence, then the method in
plain words. Every profile side by side. Built from the assessment's figures alone
(hodh.assess), so the page holds what the JSON holds: counts, shares and column names,
never a value from the data. Offline: hodh.html's stylesheet, inline SVG, no script.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from hodh import html
from hodh.assess import (
    APPLICANT_QUASI_IDENTIFIERS,
    CRIME_QUASI_IDENTIFIERS,
    EMPLOYEE_QUASI_IDENTIFIERS,
    PEOPLE,
    PRECISIONS,
)
from hodh.run_page import attack_results

PRECISION_HEADINGS = {
    "minute": "time to the minute",
    "hour": "time to the hour",
    "day": "day, no time",
    "month": "month only",
    "none": "no date",
}
FLAGS = {
    "crimes.dv_flag",
    "crimes.hate_race",
    "crimes.hate_religion",
    "crimes.hate_sexual_orientation",
    "crimes.hate_disability",
    "crimes.hate_transgender",
    "crimes.gun_feature",
    "crimes.knife_feature",
}
# The detail-kept table's rows: crimes, their people, employees, applicants.
DETAIL_ORDER = (
    *CRIME_QUASI_IDENTIFIERS,
    *(f"{table}.{column}" for table, columns in PEOPLE.items() for column in columns),
    *EMPLOYEE_QUASI_IDENTIFIERS.values(),
    *APPLICANT_QUASI_IDENTIFIERS.values(),
)
# One colour per profile in the charts (colour-blind safe, enough for five profiles).
COLOURS = ("#1d3557", "#e07a1f", "#2a9d8f", "#8d5fd3", "#6b705c")
SECTIONS = (
    ("summary", "Summary"),
    ("columns", "What leaves"),
    ("crimes", "Crimes"),
    ("people", "Employees and applicants"),
    ("linkage", "Linkage keys"),
    ("detail", "Detail kept"),
    ("method", "Method"),
)


def render_page(assessment: dict[str, Any]) -> str:
    """The whole page for an assessment (the dict hodh.assess writes as JSON)."""
    profiles = assessment["profiles"]
    created = datetime.fromisoformat(assessment["created_at"])
    inputs = assessment["raw"]["inputs"]
    extract = ", ".join(
        f"{inputs[name]['rows']:,} {label}"
        for name, label in (
            ("cris_crimes.csv", "crime reports"),
            ("hr_employees.csv", "employees"),
            ("hr_applicants.csv", "applicants"),
        )
        if name in inputs
    )
    subtitle = [
        f"Assessment {assessment['assessment_id']}, {created:%d %B %Y %H:%M} UTC; "
        f"k = {assessment['k_anonymity']}; code {assessment['code_version']}",
        f"Raw extract {assessment['raw']['folder']}: {extract}",
        ("Profiles side by side: " if len(profiles) > 1 else "Profile: ")
        + "; ".join(f"{n} ({p['title']})" for n, p in profiles.items()),
        "Counts, shares and column names only: no record, value, key or pseudonym from the "
        "data is on this page.",
    ]
    sections = [
        _summary(assessment),
        _columns(profiles),
        _crimes(profiles),
        _people(profiles, assessment["k_anonymity"], assessment["reidentification"]),
        _linkage(assessment["linkage_keys"], profiles),
        _detail(profiles),
        _method(assessment),
    ]
    title = "Data protection impact assessment: the requirement profiles on the force's data"
    return html.page(title, subtitle, sections, links=SECTIONS)


# --- formatting ----------------------------------------------------------------------


def percent(share: float) -> str:
    """A share as a percentage a committee reads: one decimal, never 100.0 % for less than
    all, nor 0.0 % for more than none."""
    value = share * 100
    if 99.95 <= value < 100:
        text = "99.9"
    elif 0 < value < 0.05:
        text = "< 0.1"
    else:
        text = f"{value:.1f}"
    return text + "\u00a0%"  # a no-break space: the sign never wraps away from its number


def of(part: int, whole: int) -> str:
    """'part of whole (share)': a count is never shown without what it is out of."""
    return f"{part:,} of {whole:,} ({percent(part / whole if whole else 0.0)})"


def count_share(part: int, whole: int) -> str:
    """'part (share)' where the whole is the column's heading."""
    return f"{part:,} ({percent(part / whole if whole else 0.0)})"


def _by_table(columns: Sequence[str]) -> str:
    """Column names grouped by table: 'crimes: a, b; crime_victims: c'."""
    if not columns:
        return "none"
    tables: dict[str, list[str]] = {}
    for column in columns:
        table, name = column.split(".", 1)
        tables.setdefault(table, []).append(name)
    return f"{len(columns)}: " + "; ".join(f"{t}: {', '.join(n)}" for t, n in tables.items())


def _same_people(profiles: dict[str, Any]) -> list[tuple[list[str], dict[str, Any]]]:
    """Profiles grouped by identical HR figures (profiles that share an HR requirement),
    so that the page says them once: [(names, figures)]."""
    groups: dict[str, tuple[list[str], dict[str, Any]]] = {}
    for name, profile in profiles.items():
        signature = json.dumps(profile["people"], sort_keys=True)
        groups.setdefault(signature, ([], profile["people"]))[0].append(name)
    return list(groups.values())


def _headline(profile: dict[str, Any]) -> dict[str, Any]:
    """The profile as it exports crimes: the view the summary quotes."""
    [view] = [view for view in profile["crime_uniqueness"] if view["exported"]]
    return view


def _column_count(profile: dict[str, Any]) -> int:
    """How many columns a profile exports, all tables together."""
    return sum(len(columns) for columns in profile["columns"].values())


def _known(view: dict[str, Any]) -> str:
    """What an intruder must know about a crime, in words, for a view's quasi-identifiers."""
    columns = view["quasi_identifiers"]
    parts = []
    if "crimes.crimsec_code" in columns:
        parts.append("offence")
    location = {
        "MSOA": "MSOA",
        "postcode": "postcode",
        "grid reference": "grid reference",
        "postcode and grid reference": "postcode and grid reference",
    }[view["location"]]
    parts.append(location)
    if any(column.startswith("crimes.offence_") for column in columns):
        parts.append("offence dates and times")
    flags = sum(column in FLAGS for column in columns)
    if flags:
        parts.append(f"{flags} flags (domestic violence, hate, gun, knife)")
    if "crimes.location_type" in columns:
        parts.append("location list")
    if "crimes.cash_in_transit" in columns:
        parts.append("cash in transit")
    people = _people_words(view["people_details"])
    if people:
        parts.append(people)
    return ", ".join(parts)


def _people_words(columns: Sequence[str]) -> str:
    """People's details in words, for labels and sentences."""
    tables = {column.split(".", 1)[0] for column in columns}
    if tables == {"crime_victims"}:
        return "victims' age, gender and ethnicity"
    if tables == {"crime_accused"}:
        return "accused's age, gender and ethnicity"
    if tables:
        return "victims' and accused's age, gender and ethnicity"
    return ""


def _view_label(view: dict[str, Any]) -> str:
    """A crime view in words: its location and people's details, and whether the
    profile exports them (a view can add what the profile withholds)."""
    people = _people_words(view["people_details"]) or "no victim or accused details"
    if view["exported"]:
        return f"as exported: {view['location']}; {people}"
    added = (
        "" if view["people_details_exported"] or not view["people_details"] else " (not exported)"
    )
    return f"{view['location']}; {people}{added}"


# --- sections ----------------------------------------------------------------------------


def _summary(assessment: dict[str, Any]) -> str:
    """The executive summary: one table with every profile side by side, then the
    findings in plain sentences, so a committee can stop reading here."""
    profiles = assessment["profiles"]
    k = assessment["k_anonymity"]
    names = list(profiles)
    rows: list[list[Any]] = [
        ["Requirement", *(p["title"] for p in profiles.values())],
        [
            "Columns that leave",
            *(f"{_column_count(p)} in {len(p['columns'])} tables" for p in profiles.values()),
        ],
        [
            "On the never-supplied list",
            *(_by_table(p["never_supplied"]) for p in profiles.values()),
        ],
        [
            "Can hodh run publish it?",
            *(
                ("html", html.verdict(True, "yes"))
                if not p["never_supplied"]
                else ("html", html.verdict(False, f"no: {len(p['never_supplied'])} never-supplied"))
                for p in profiles.values()
            ),
        ],
    ]
    for precision, label in (
        ("minute", "Crimes unique on what leaves (offence time to the minute)"),
        ("none", "Crimes unique knowing only place, offence and flags (no date)"),
    ):
        rows.append(
            [
                label,
                *(
                    of(
                        _headline(p)["precision"][precision]["unique_crimes"],
                        _headline(p)["precision"][precision]["crimes"],
                    )
                    for p in profiles.values()
                ),
            ]
        )
    victims = assessment["crime_frame"]["person_victims_exported"]
    rows.append(
        [
            "Person victims on a crime unique to the minute",
            *(
                of(_headline(p)["precision"]["minute"]["person_victims_on_unique_crimes"], victims)
                for p in profiles.values()
            ),
        ]
    )
    for population, label in (("employees", "Employees"), ("applicants", "Applicants")):
        rows.append(
            [
                f"{label} singled out after disclosure control",
                *(
                    of(
                        p["people"]["extended"][population]["after"]["singled_out"],
                        p["people"]["extended"][population]["after"]["people"],
                    )
                    for p in profiles.values()
                ),
            ]
        )
        rows.append(
            [
                f"{label} in classes smaller than k = {k} after disclosure control",
                *(
                    of(
                        p["people"]["extended"][population]["after"]["below_k"],
                        p["people"]["extended"][population]["after"]["people"],
                    )
                    for p in profiles.values()
                ),
            ]
        )
    parts = [html.table(["", *names], rows)]
    failed = assessment["dbt_tests_failed"]
    if failed:
        parts.append(
            html.paragraph(
                f"{len(failed)} dbt tests failed on this extract, so hodh run would refuse to "
                "publish it whatever the profile; the figures are computed on the tables as "
                "built (assessment.json names the tests).",
                "verdict warn",
            )
        )
    parts.append(html.bullets([*_findings(profiles, k), *_key_findings(assessment)]))
    parts.append(
        html.paragraph(
            "People are singled out on the requirement's linked person view (section 4, "
            "rule 1: staff type, gender, ethnicity, birth band, most senior rank, latest BCU "
            "and the year joined; applicants: type, MSOA and month received); the section "
            "on employees and applicants also shows the narrower view the k-anonymity gate "
            "checks.",
            "note",
        )
    )
    return html.section("Summary", *parts, anchor="summary")


def _findings(profiles: dict[str, Any], k: int) -> list[str]:
    """One plain sentence per profile and per finding, from the figures."""
    findings = []
    for name, profile in profiles.items():
        view = _headline(profile)
        minute, none = view["precision"]["minute"], view["precision"]["none"]
        never = profile["never_supplied"]
        exported = f"{name} exports {_column_count(profile)} columns"
        exported += (
            f", {len(never)} of them on the never-supplied list (hodh run refuses to publish it)"
            if never
            else ", none on the never-supplied list"
        )
        details = _people_words(view["people_details"])
        findings.append(
            f"{exported}. {percent(minute['share_unique'])} of its crimes are the only one with "
            f"their {_known(view)}: whoever knows that much about a crime can pick out its "
            "record and read the rest of it"
            + (f", including the {details}" if details else "")
            + f". Knowing only the place, the offence and the flags, with no date, "
            f"{percent(none['share_unique'])} would still be unique."
        )
        added = [v for v in profile["crime_uniqueness"] if not v["people_details_exported"]]
        for variant in added:
            findings.append(
                f"Had {name} added the {_people_words(variant['people_details'])}, "
                f"{percent(variant['precision']['none']['share_unique'])} of its crimes would "
                "be unique knowing only the place, the offence, the flags and those details "
                f"(against {percent(none['share_unique'])} without them): SCIRG's reason for "
                "withholding them, measured."
            )
    for names, people in _same_people(profiles):
        who = " and ".join(names)
        shared = " (the same HR requirement, the same figures)" if len(names) > 1 else ""
        gate, extended = (
            people["gate"]["employees"]["after"],
            people["extended"]["employees"]["after"],
        )
        if extended["below_k"] and not gate["below_k"]:
            findings.append(
                f"Employees, {who}{shared}: disclosure control makes the view the gate checks "
                f"k-anonymous (no one in a class smaller than k = {k}), but the year joined "
                "leaves the force as recorded: with it, "
                f"{of(extended['below_k'], extended['people'])} employees are in classes "
                f"smaller than k and {extended['singled_out']:,} are singled out."
            )
        else:
            findings.append(
                f"Employees, {who}{shared}: after disclosure control "
                f"{extended['singled_out']:,} are singled out and {extended['below_k']:,} are "
                f"in classes smaller than k = {k} on the requirement's view."
            )
    return findings


def _key_findings(assessment: dict[str, Any]) -> list[str]:
    """The linkage keys in one sentence each: how much they would join, who exports them."""
    findings = []
    for key in assessment["linkage_keys"]:
        figures = key["figures"]
        exported_by = ", ".join(key["exported_by"]) or "no assessed profile"
        if key["key"] == "warrant numbers":
            findings.append(
                f"Warrant numbers ({exported_by} exports them): "
                f"{of(figures['crimes_with_either'], figures['exported_crimes'])} exported "
                f"crimes carry an officer's warrant number, naming "
                f"{figures['distinct_officers']:,} officers; exported, each would join a crime "
                "to an officer's HR record."
            )
        else:
            findings.append(
                f"The accused's person reference ({exported_by} exports it) would link "
                f"{figures['crimes_linked_through_a_shared_person']:,} exported crimes to "
                f"each other through {figures['persons_on_more_than_one_crime']:,} people "
                "accused more than once."
            )
    return findings


def _columns(profiles: dict[str, Any]) -> str:
    """Which columns leave: counts per table, the never-supplied ones with why, and every
    column side by side (folded: it is long)."""
    names = list(profiles)
    tables = list(dict.fromkeys(t for p in profiles.values() for t in p["columns"]))
    counts = [
        [table, *(len(p["columns"].get(table, [])) for p in profiles.values())] for table in tables
    ]
    counts.append(["all tables", *(_column_count(p) for p in profiles.values())])
    numeric = set(range(1, len(names) + 1))
    parts = [
        html.paragraph(
            "How many columns each profile sends to the Home Office, table by table. The "
            "never-supplied list (requirement_profiles/never_supplied.yml) is what the force "
            "never supplies whatever a requirement asks: hodh run refuses a profile that "
            "exports any of it."
        ),
        html.table(["table", *names], counts, numeric=numeric),
    ]
    never = {}
    for name, profile in profiles.items():
        for column, why in profile["never_supplied"].items():
            never.setdefault(column, (why, []))[1].append(name)
    if never:
        parts.append("<h3>Never-supplied columns a profile would export</h3>")
        parts.append(
            html.table(
                ["column", "why the force never supplies it", "exported by"],
                [[column, why, ", ".join(by)] for column, (why, by) in never.items()],
            )
        )
    else:
        parts.append(html.paragraph("No profile exports a never-supplied column."))
    listing = []
    every = list(
        dict.fromkeys(
            f"{table}.{c['column']}"
            for p in profiles.values()
            for table, cols in p["columns"].items()
            for c in cols
        )
    )
    precision = {
        name: {f"{table}.{c['column']}": c for table, cols in p["columns"].items() for c in cols}
        for name, p in profiles.items()
    }
    for column in every:
        row = [column]
        for name in names:
            entry = precision[name].get(column)
            row.append("not exported" if entry is None else entry["precision"])
        listing.append(row)
    parts.append(
        html.details(
            f"Every column, side by side ({len(every)} columns)",
            html.table(["column", *(f"{n}: precision" for n in names)], listing),
        )
    )
    return html.section("What leaves: the columns of each profile", *parts, anchor="columns")


def _crimes(profiles: dict[str, Any]) -> str:
    """Crime uniqueness: a chart of each profile as exported, then per profile a table of
    its views at each precision of what the intruder knows."""
    names = list(profiles)
    parts = [
        html.paragraph(
            "A crime record is unique when no other exported crime has the same values of "
            "what an intruder could know about it: the offence, where, when, its flags, and, "
            "where a profile exports them, the people's details. Whoever knows that much "
            "about a crime (its victim, a neighbour, a local news report) can pick out its "
            "record and read the rest of it. Each column shows what the intruder knows of "
            "when it happened, from the offence time to the minute (as exported) to no date "
            "at all."
        )
    ]
    labels, values, colours = [], [], []
    for index, (name, profile) in enumerate(profiles.items()):
        view = _headline(profile)
        for precision in PRECISIONS:
            labels.append(f"{name}: {PRECISION_HEADINGS[precision]}")
            values.append(view["precision"][precision]["share_unique"] * 100)
            colours.append(COLOURS[index % len(COLOURS)])
    parts.append(
        html.bar_chart(
            labels,
            values,
            title="Crimes unique, each profile as exported",
            colors=colours,
        )
    )
    for name, profile in profiles.items():
        rows = []
        for view in profile["crime_uniqueness"]:
            rows.append(
                [
                    _view_label(view),
                    *(
                        count_share(
                            view["precision"][p]["unique_crimes"], view["precision"][p]["crimes"]
                        )
                        for p in PRECISIONS
                    ),
                ]
            )
        crimes = _headline(profile)["precision"]["minute"]["crimes"]
        parts.append(f"<h3>{html.escape(name)}: unique crimes of {crimes:,} exported</h3>")
        parts.append(
            html.table(
                ["what the intruder knows", *(PRECISION_HEADINGS[p] for p in PRECISIONS)],
                rows,
                numeric=set(range(1, len(PRECISIONS) + 1)),
            )
        )
        parts.append(
            html.paragraph(
                f"As exported, the intruder needs: {_known(_headline(profile))}.", "note"
            )
        )
    if len(names) > 1:
        parts.append(
            html.paragraph(
                "The shares fall as an extract grows (more crimes share each place and day), "
                "so they are the force's own, for this extract; compare profiles on the same "
                "extract, as here.",
                "note",
            )
        )
    return html.section("Crimes: how many records could be picked out", *parts, anchor="crimes")


def _people(profiles: dict[str, Any], k: int, attack: dict[str, Any]) -> str:
    """The motivated intruder's figures, before and after disclosure control, on the
    requirement's view and the same view without dates, with a chart of the share below k."""
    parts = [
        html.paragraph(
            "The motivated intruder (the ICO's test) holds the whole package, joins the HR "
            "tables on the pseudonym, and knows about a person what a colleague or a press "
            "release gives away. A person is singled out when no one else in the export has "
            f"the same values; a class smaller than k = {k} is what disclosure control must "
            "not leave. Before: the exported people at full detail; after: the same view read "
            "from the export tables, as the Home Office would read it."
        )
    ]
    rows, labels, values, colours = [], [], [], []
    for index, (names, people_figures) in enumerate(_same_people(profiles)):
        who = ", ".join(names)
        for view, view_label in (
            ("extended", "requirement's view"),
            ("gate", "view without dates"),
        ):
            figures = people_figures[view]
            for population in ("employees", "applicants"):
                before, after = figures[population]["before"], figures[population]["after"]
                people = before["people"]
                rows.append(
                    [
                        who,
                        population,
                        view_label,
                        people,
                        count_share(before["singled_out"], people),
                        count_share(before["below_k"], people),
                        count_share(after["singled_out"], after["people"]),
                        count_share(after["below_k"], after["people"]),
                    ]
                )
                if population == "employees":
                    for when, numbers in (("before", before), ("after", after)):
                        labels.append(f"{who}: {view_label}, {when}")
                        values.append(numbers["below_k"] / people * 100 if people else 0.0)
                        colours.append(COLOURS[index % len(COLOURS)])
    parts.append(
        html.table(
            [
                "profiles",
                "people",
                "view",
                "exported",
                "singled out before",
                f"below k = {k} before",
                "singled out after",
                f"below k = {k} after",
            ],
            rows,
            numeric={3, 4, 5, 6, 7},
        )
    )
    parts.append(
        html.bar_chart(
            labels,
            values,
            title=f"Employees in classes smaller than k = {k}",
            colors=colours,
        )
    )
    first = next(iter(profiles.values()))["people"]
    parts.append(
        html.paragraph(
            "The requirement's view (section 4, rule 1): for employees "
            + ", ".join(first["extended"]["employee_quasi_identifiers"])
            + "; for applicants "
            + ", ".join(first["extended"]["applicant_quasi_identifiers"])
            + ". The view without dates leaves out the year joined and the month received. "
            "A quasi-identifier counts only where the profile exports its column.",
            "note",
        )
    )
    if "rule_1_employees" in attack:
        parts.append(
            html.paragraph(
                "The figures above are a compact reading. What decides whether a run may "
                "publish is the re-identification gate, the full attack (the year joined "
                "read as a window, every higher rank's look-alikes, hidden values given back "
                "by other columns); on this build it found:"
            )
        )
        parts += attack_results(attack, k)
    return html.section("Employees and applicants: the motivated intruder", *parts, anchor="people")


def _linkage(keys: list[dict[str, Any]], profiles: dict[str, Any]) -> str:
    """What each linkage key would join, as counts: a table and one sentence per key."""
    parts = [
        html.paragraph(
            "A linkage key joins the export to other data. The keys themselves are never "
            "shown: only how many exported records carry one and how many people they name, "
            "so that the committee sees what exporting it would expose."
        )
    ]
    for key in keys:
        figures = key["figures"]
        exported_by = ", ".join(key["exported_by"]) or "none of the assessed profiles"
        title = f"{key['key'][0].upper()}{key['key'][1:]}: {', '.join(key['columns'])}"
        parts.append(f"<h3>{html.escape(title)}</h3>")
        parts.append(html.paragraph(f"Would join {key['joins']}. Exported by: {exported_by}."))
        if key["key"] == "warrant numbers":
            crimes = figures["exported_crimes"]
            rows = [
                [
                    "exported crimes with a recording officer's warrant number",
                    of(figures["crimes_with_recording_officer_warrant"], crimes),
                ],
                [
                    "exported crimes with an investigating officer's warrant number",
                    of(figures["crimes_with_investigating_officer_warrant"], crimes),
                ],
                ["exported crimes with either", of(figures["crimes_with_either"], crimes)],
                ["distinct officers named", f"{figures['distinct_officers']:,}"],
                ["of them as recording officer", f"{figures['distinct_recording_officers']:,}"],
                [
                    "of them as investigating officer",
                    f"{figures['distinct_investigating_officers']:,}",
                ],
                ["officers named on a single crime", f"{figures['officers_on_one_crime']:,}"],
                [
                    "crimes per officer: median, most",
                    f"{figures['median_crimes_per_officer']:g}, "
                    f"{figures['most_crimes_of_one_officer']:,}",
                ],
                [
                    "officers in the HR export, for scale",
                    f"{figures['officers_in_the_hr_export']:,}",
                ],
            ]
            after = (
                "Exported with the HR feed, a warrant number would join each crime to its "
                "officers' HR records (rank, BCU, postings, absences), and an officer's crimes "
                "to each other: the 2010 paper calls it 'very high risk'."
            )
        else:
            rows = [
                [
                    "exported accused with a person reference",
                    of(figures["accused_with_person_ref"], figures["exported_accused"]),
                ],
                ["distinct people named", f"{figures['distinct_persons']:,}"],
                [
                    "people accused in more than one exported crime",
                    f"{figures['persons_on_more_than_one_crime']:,}",
                ],
                [
                    "crimes linked to another through a shared person",
                    f"{figures['crimes_linked_through_a_shared_person']:,}",
                ],
            ]
            after = (
                "Exported, the person reference would join every crime of the same accused "
                "person, so whoever recognises one of them finds the others."
            )
        parts.append(html.table(["measure", "count"], rows, numeric={1}))
        parts.append(html.paragraph(after))
    return html.section("Linkage keys: what they would join", *parts, anchor="linkage")


def _detail(profiles: dict[str, Any]) -> str:
    """What detail each quasi-identifier keeps, measured, beside the precision each
    profile states; the stated safeguards folded below."""
    names = list(profiles)
    measured = {c for p in profiles.values() for c in p["detail_kept"]}
    columns = [column for column in DETAIL_ORDER if column in measured]
    precision = {
        name: {f"{t}.{c['column']}": c for t, cols in p["columns"].items() for c in cols}
        for name, p in profiles.items()
    }
    rows = []
    for column in columns:
        row: list[Any] = [column]
        for name in names:
            kept = profiles[name]["detail_kept"].get(column)
            entry = precision[name].get(column)
            if kept is None or entry is None:
                row.append("not exported")
            else:
                row.append(f"{entry['precision']}: {percent(kept['share'])} {kept['measure']}")
        rows.append(row)
    parts = [
        html.paragraph(
            "What detail of each quasi-identifier leaves, measured on this extract: for a "
            "crime column, the share of exported crimes that carry a value; for victims' and "
            "accused's details, the share of exported people with a value; for employees and "
            "applicants, the share of exported people whose value leaves at full detail, "
            "after disclosure control has withheld, widened or grouped what it must."
        ),
        html.table(["column", *names], rows),
    ]
    safeguards = []
    for name, profile in profiles.items():
        for table, cols in profile["columns"].items():
            for c in cols:
                if c["safeguards"]:
                    safeguards.append([name, f"{table}.{c['column']}", c["safeguards"]])
    parts.append(
        html.details(
            f"Each profile's safeguards, as it states them ({len(safeguards)})",
            html.table(["profile", "column", "safeguards"], safeguards),
        )
    )
    return html.section("What detail each profile keeps", *parts, anchor="detail")


def _method(assessment: dict[str, Any]) -> str:
    """How the figures are made, in words a committee can check against the code."""
    frame = assessment["crime_frame"]
    crime_columns = ", ".join(c.split(".", 1)[1] for c in CRIME_QUASI_IDENTIFIERS)
    items = [
        "The warehouse is built with the same code as hodh run (dbt build: staging, "
        "validation, MSOA mapping, pseudonyms, disclosure control), in a work folder of its "
        "own. Nothing is published and no line is written in the feed's audit log.",
        "Crimes: every exported crime (export.crimes), with the columns staging drops (the "
        "location list, cash in transit, warrant numbers, victims' and accused's age, gender "
        "and ethnicity, the person reference) read from the raw files with the sources' own "
        "CSV options and traced to the version that was exported "
        f"({frame['crimes_traced_to_raw']:,} of {frame['crimes_exported']:,} crimes, "
        f"{frame['victims_traced_to_raw']:,} of {frame['victims_exported']:,} victims and "
        f"{frame['accused_traced_to_raw']:,} of {frame['accused_exported']:,} accused traced). "
        "Raw codes are trimmed and upper-cased as staging cleans codes.",
        "A profile's quasi-identifiers are the columns it exports among: "
        f"{crime_columns}, and the victims' and accused's age, gender and ethnicity. A "
        "crime's people's details are the sorted list of its person victims' (or accused's) "
        "values: the intruder sees them together, in no particular order.",
        "Crimes are grouped on the quasi-identifiers (an empty value is a value); a class of "
        "one is a unique crime. Times are cut to the hour by dropping the minutes; 'day' "
        "drops the times, 'month' keeps only the month of the offence dates, 'no date' drops "
        "them. These are the classes of the run report's audit.crime_disclosure_risk: for "
        "the reduced requirement as exported, to the minute, the hour and the day, its "
        "figures are the same.",
        "Each profile is measured as it exports crimes, then for each location it exports "
        "(MSOA where it exports no postcode or grid reference) without any person's details "
        "and with the victims' age, gender and ethnicity, exported or not.",
        "Employees before disclosure control: one row per exported employee at full detail "
        "(staff type, gender, 16+1 and 6+1 ethnicity, five-year birth band, most senior rank, "
        "latest BCU, year joined). After: the same view read from the export tables: the "
        "most senior rank in rank_history (a rank group as senior as its most senior member), "
        "the latest BCU in assignments (latest start, then an open posting, then the later "
        "end), the year of date_joined as exported; an absent value and WITHHELD both read as "
        "withheld. Applicants: application type, MSOA and month received. Every person "
        "counts, a record withheld in full included: it still stands out if its class is "
        "small.",
        "The view without the year joined and the month received is shown beside the "
        "requirement's, so that what the dates add can be read. These are compact counts; "
        "the verdict is the re-identification gate's full attack on the same build (rule 1 "
        "with the year joined read as a window, the month of appointment to a senior rank, "
        "values given back by other columns), shown with them.",
        "Linkage keys: how many exported records carry a key and how many distinct values "
        "(people) they name, counted in the warehouse; no key leaves it.",
        "Only counts, shares and column names come out of the database. The work folder "
        "holds the warehouse (personal data): it stays on this machine and is removed by "
        "retention like a run's folder (hodh run --keep-runs).",
    ]
    return html.section("Method, in plain words", html.bullets(items), anchor="method")
