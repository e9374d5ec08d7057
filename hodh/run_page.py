"""The run page, report/index.html: what a data protection officer and an operator read
after a run, offline, with no script and nothing fetched.

What failed comes first; then what left the force (or would have, for a refused run), how
every raw row is accounted for and why rows were quarantined, what disclosure control
changed, how crimes were mapped to MSOAs, how unique the exported crimes are and what that
means, and every gate. Every figure comes from the run's warehouse (RunFacts), the same
figures the manifest publishes; like the manifest it holds counts, never a value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hodh import html
from hodh.build import PASSED, BuildOutcome
from hodh.outcomes import SuiteOutcome
from hodh.package import RunFacts
from hodh.profiles import Profile

# Finest first: the precision crimes leave at (offence times to the minute), then coarser.
PRECISIONS = ("minute", "hour", "day")
MSOA_METHODS = {
    "postcode": "from the offence's postcode",
    "terminated_postcode": "from a postcode no longer in use (its last MSOA)",
    "grid": "from the grid reference (nearest MSOA centroid)",
    "unmapped": "no MSOA: neither postcode nor grid reference could be placed",
}


def render(
    report_dir: Path,
    *,
    run_id: str,
    k: int,
    profile: Profile,
    build: BuildOutcome,
    suites: list[SuiteOutcome] | None,
    failed: Sequence[str],
    headline: str,
    facts: RunFacts,
    crime_uniqueness_limit: float,
    disclosure: dict[str, Any] | None,
) -> str:
    passed = not failed
    exported_rows = sum(table["rows"] for table in facts.tables.values())
    status = (
        f"All gates passed: {len(facts.tables)} tables, {exported_rows:,} rows leave the force."
        if passed
        else f"Refused: {len(failed)} gate(s) failed and nothing was published."
    )
    subtitle = [
        status,
        f"Requirement profile: {profile.title} ({profile.name}, version {profile.version}).",
        f"k-anonymity: k = {k}. {headline}",
    ]
    sections = [
        _failed(failed),
        _what_left(facts, profile, passed),
        _reconciliation(facts),
        _disclosure_control(facts, k, disclosure),
        _msoa_mapping(facts),
        _crime_uniqueness(facts, crime_uniqueness_limit),
        _gates(report_dir, build, suites, failed),
    ]
    return html.page(f"HODH feed run {run_id}", subtitle, [s for s in sections if s])


def _failed(failed: Sequence[str]) -> str:
    if not failed:
        return ""
    items = "".join(f"<li>{html.escape(name)}</li>" for name in failed)
    return html.section(
        "What failed",
        html.paragraph(
            "The run was refused: nothing left the force. Each failed gate is listed here "
            "and again under Gates below with its suite's pages.",
            "fail-text",
        ),
        f"<ol>{items}</ol>",
        anchor="failed",
    )


def _what_left(facts: RunFacts, profile: Profile, passed: bool) -> str:
    lead = (
        "These tables left the force in this package, as CSV and Parquet, with "
        "manifest.json (their checksums) and this report."
        if passed
        else "Nothing left the force. Had the gates passed, these tables would have left:"
    )
    rows = [
        (table, shape["rows"], len(shape["columns"]), ", ".join(shape["columns"]))
        for table, shape in facts.tables.items()
    ]
    return html.section(
        "What left the force",
        html.paragraph(lead),
        html.table(("table", "rows", "columns", "column names"), rows, numeric={1, 2})
        if rows
        else html.paragraph("No export table was built.", "note"),
        html.paragraph(
            f"Requirement profile {profile.name} (version {profile.version}, "
            f"sha256 {profile.sha256[:16]}…): {profile.source}. It lists every column with "
            "the precision it leaves at and its safeguards; manifest.json records it.",
            "note",
        ),
        anchor="what-left",
    )


def _reconciliation(facts: RunFacts) -> str:
    if not facts.reconciliation:
        return html.section(
            "Reconciliation",
            html.paragraph("Not built: the build stopped before the reconciliation.", "note"),
        )
    counts = facts.reconciliation.values()
    total = {key: sum(row[key] for row in counts) for key in next(iter(counts))}
    rows = [
        (
            raw_file,
            row["raw_rows"],
            row["exported_rows"],
            row["quarantined_rows"],
            row["not_required_rows"],
            row["merged_rows"],
            row["withheld_rows"],
        )
        for raw_file, row in facts.reconciliation.items()
    ]
    reasons = sorted(
        facts.run_report.get("rows_quarantined_by_reason", []),
        key=lambda row: (row["raw_file"], -row["quarantined_rows"], row["reason"]),
    )
    return html.section(
        "Reconciliation: every raw row accounted for",
        html.paragraph(
            f"{total['raw_rows']:,} raw rows came in: {total['exported_rows']:,} were exported, "
            f"{total['quarantined_rows']:,} quarantined and {total['not_required_rows']:,} "
            "are not required by the requirement (never supplied). A quarantined row stays "
            "in the force's warehouse with its reason, for the force to correct at source; "
            "it never leaves. Of the exported rows, disclosure control merges some into "
            f"another row of their table ({total['merged_rows']:,}: rank periods merged within "
            "a group, the postings of a person withheld on everything) and withholds others "
            f"({total['withheld_rows']:,}: the absences of a person withheld on everything)."
        ),
        html.table(
            (
                "raw file",
                "raw rows",
                "exported",
                "quarantined",
                "not required",
                "of the exported: merged",
                "withheld",
            ),
            rows,
            numeric={1, 2, 3, 4, 5, 6},
        ),
        "<h3>Why rows were quarantined</h3>",
        html.table(
            ("raw file", "reason", "rows"),
            [(row["raw_file"], row["reason"], row["quarantined_rows"]) for row in reasons],
            numeric={2},
        )
        if reasons
        else html.paragraph("No row was quarantined.", "note"),
        anchor="reconciliation",
    )


def _disclosure_control(facts: RunFacts, k: int, attack: dict[str, Any] | None) -> str:
    """The intruder's attack on the export (the re-identification gate's figures), what
    disclosure control kept, and what each step changed."""
    steps = facts.run_report.get("disclosure_control_steps")
    if not steps:
        return ""
    parts = [
        html.paragraph(
            "The HR tables can be joined on the pseudonym, so each person is judged on "
            "everything the package says about them together, as a motivated intruder who "
            "knows a colleague would judge them. The policy (dbt_project.yml, "
            "disclosure_control) sets what that intruder knows and which ranks and grades "
            "must be protected; disclosure control generalises only what it must to meet "
            "three rules, and a separate gate then attacks the built export."
        )
    ]
    if attack and "rule_1_employees" in attack:
        parts += attack_results(attack, k)
    parts += _detail_kept(facts)
    by_population: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for step in sorted(
        steps, key=lambda row: (row["population"] != "employees", row["step_order"])
    ):
        by_population[step["population"]].append(step)
    parts.append("<h3>What each step changed</h3>")
    parts.append(
        html.paragraph(
            "A step counts a record only where it changed a value; nobody is dropped. Rows "
            "merged or withheld are counted in the reconciliation above.",
            "note",
        )
    )
    for population, population_steps in by_population.items():
        parts.append(
            html.table(
                (f"{population}: step", "changes", "counted in", "of", "changed"),
                [
                    (
                        row["step"],
                        row["changes"],
                        row["counted"],
                        row["records"],
                        row["records_touched"],
                    )
                    for row in population_steps
                ],
                numeric={3, 4},
            )
        )
    return html.section("Disclosure control", *parts, anchor="disclosure-control")


def attack_results(attack: dict[str, Any], k: int) -> list[str]:
    """The three rules of the intruder model as the re-identification gate found them
    (also on the assessment page)."""
    employees, applicants = attack["rule_1_employees"], attack["rule_1_applicants"]
    protected, leaks = attack["rule_2"], attack["rule_3"]
    rows = [
        (
            "1. Nobody stands out on what a colleague knows: employees",
            f"{employees['records']:,} records in {employees['classes']:,} groups; smallest "
            f"group {employees['smallest_class']:,}",
            f"{employees['records_below_k']:,} records in a group smaller than {k}",
        ),
        (
            "1. Nobody stands out: applicants",
            f"{applicants['records']:,} records in {applicants['classes']:,} groups; smallest "
            f"group {applicants['smallest_class']:,}",
            f"{applicants['records_below_k']:,} records in a group smaller than {k}",
        ),
        (
            "2. Every holder of a higher rank or grade has at least k look-alikes",
            f"{protected['targets']:,} holders; fewest candidates "
            f"{protected['fewest_candidates_all'] or 0:,}",
            f"{protected['targets_below_k_all']:,} with fewer than {k}",
        ),
        (
            "3. No hidden value given back by another column",
            "withheld gender, staff type, BCU, rank and application type checked",
            f"{leaks['leaks']:,} given back",
        ),
    ]
    return [
        "<h3>The intruder's attack on this package</h3>",
        html.table(("rule", "what was attacked", "what the attack found"), rows),
    ]


def _detail_kept(facts: RunFacts) -> list[str]:
    """Per population, the share of records that keep each key column in full detail."""
    detail = facts.run_report.get("disclosure_control_detail") or []
    parts = []
    populations = {row["population"] for row in detail}
    for population in sorted(populations, key=lambda name: (name != "employees", name)):
        rows = sorted(
            (row for row in detail if row["population"] == population),
            key=lambda row: row["column_order"],
        )
        columns = [row for row in rows if row["column_name"] != "mean"]
        mean = next((row for row in rows if row["column_name"] == "mean"), None)
        parts.append(f"<h3>What is kept: {html.escape(population)}</h3>")
        if mean is not None:
            parts.append(
                html.paragraph(
                    f"On average {_share(mean['share_kept'])} of the {population}' key values "
                    "leave in full detail; the rest are generalised (a band, a group, a "
                    "coarser date) or withheld."
                )
            )
        parts.append(
            html.bar_chart(
                [row["column_name"] for row in columns],
                [100 * float(row["share_kept"]) for row in columns],
                title=f"{population.capitalize()}: records keeping full detail, per column",
            )
        )
        parts.append(
            html.table(
                ("column", "records", "kept in full detail", "share"),
                [
                    (
                        row["column_name"],
                        row["records"],
                        row["records_kept"],
                        _share(row["share_kept"]),
                    )
                    for row in columns
                ],
                numeric={1, 2, 3},
            )
        )
    return parts


def _share(share: float) -> str:
    return f"{100 * float(share):.1f}%"


def _msoa_mapping(facts: RunFacts) -> str:
    methods = {row["method"]: row for row in facts.run_report.get("msoa_mapping_summary", [])}
    if not methods:
        return ""
    total = sum(row["crimes"] for row in methods.values())
    ordered = [method for method in MSOA_METHODS if method in methods]
    ordered += sorted(set(methods) - set(ordered))
    unmapped = methods.get("unmapped", {}).get("crimes", 0)
    return html.section(
        "MSOA mapping",
        html.paragraph(
            f"No postcode or grid reference leaves the force: each of the {total:,} exported "
            "crimes carries the MSOA (an area of at least 5,000 residents) its location falls "
            f"in. {unmapped:,} crimes could not be placed and leave with no MSOA."
        ),
        html.table(
            ("method", "crimes", "share", "meaning"),
            [
                (
                    method,
                    methods[method]["crimes"],
                    _percent(methods[method]["crimes"], total),
                    MSOA_METHODS.get(method, ""),
                )
                for method in ordered
            ],
            numeric={1, 2},
        ),
        anchor="msoa",
    )


def _crime_uniqueness(facts: RunFacts, limit: float) -> str:
    risks = {row["granularity"]: row for row in facts.run_report.get("crime_disclosure_risk", [])}
    if "minute" not in risks:
        return ""
    exported = risks["minute"]
    unique, crimes = exported["unique_crimes"], exported["exported_crimes"]
    share = unique / crimes if crimes else 0.0
    within = share <= limit
    precisions = [p for p in PRECISIONS if p in risks]
    shares = [
        100 * risks[p]["unique_crimes"] / risks[p]["exported_crimes"]
        if risks[p]["exported_crimes"]
        else 0.0
        for p in precisions
    ]
    return html.section(
        "Crime uniqueness",
        html.paragraph(
            f"{unique:,} of {crimes:,} exported crimes ({_percent(unique, crimes)}) are the only "
            "crime with their MSOA, offence code, offence dates and times (to the minute, as "
            "they leave) and flags. Someone who already knows of such a crime, a victim or a "
            "neighbour, could find its record and learn what it holds: its classification, "
            "status and outcome dates and how many victims and accused it had, never who they "
            "are. SCIRG judged this low risk because no victim or offender characteristic "
            "leaves; the requirement profile's gate keeps it so."
        ),
        html.paragraph(
            f"The policy accepts at most {100 * limit:.1f}% of crimes being unique (var "
            f"crime_uniqueness_limit): this run is "
            + ("within it." if within else "above it, and was refused.")
        ),
        html.table(
            ("offence times compared to", "unique crimes", "exported crimes", "share unique"),
            [
                (
                    p,
                    risks[p]["unique_crimes"],
                    risks[p]["exported_crimes"],
                    _percent(risks[p]["unique_crimes"], risks[p]["exported_crimes"]),
                )
                for p in precisions
            ],
            numeric={1, 2, 3},
        ),
        html.bar_chart(
            [f"times to the {p}" if p != "day" else "dates only" for p in precisions],
            shares,
            title="Share of exported crimes that are unique, by time precision",
        ),
        anchor="crime-uniqueness",
    )


def _gates(
    report_dir: Path,
    build: BuildOutcome,
    suites: list[SuiteOutcome] | None,
    failed: Sequence[str],
) -> str:
    tests = build.tests()
    failed_tests = [node for node in tests if node.status not in PASSED]
    parts = [
        html.paragraph(
            f"{len(tests) - len(failed_tests):,} of {len(tests):,} dbt tests passed"
            + (f"; dbt stopped: {build.error}" if build.error else "")
            + "."
        )
    ]
    if failed_tests:
        parts.append(
            html.table(
                ("dbt test", "status"),
                [
                    (node.unique_id, ("html", html.verdict(False, node.status)))
                    for node in failed_tests
                ],
            )
        )
    if suites is None:
        parts.append(
            html.paragraph("The expectation suites did not run: dbt build failed.", "note")
        )
    else:
        rows = []
        for suite in sorted(suites, key=lambda s: (s.passed, s.suite)):
            failures = sum(not e.passed for e in suite.expectations)
            rows.append(
                (
                    ("html", html.verdict(suite.passed)),
                    suite.suite,
                    suite.table,
                    len(suite.expectations),
                    failures,
                    ("html", _suite_links(report_dir, suite.suite)),
                )
            )
        parts.append(
            html.table(
                ("verdict", "suite", "checks", "expectations", "failed", "pages"),
                rows,
                numeric={3, 4},
            )
        )
    parts.append(
        html.paragraph("summary.json holds every dbt test and expectation with its counts.", "note")
    )
    return html.section(
        "Gates: " + ("all passed" if not failed else f"{len(failed)} failed"),
        *parts,
        anchor="gates",
    )


def _suite_links(report_dir: Path, suite: str) -> str:
    links = []
    results = sorted(report_dir.glob(f"validations/{suite}/**/*.html"))
    if results:
        links.append(_link(results[0].relative_to(report_dir), "results"))
    definition = report_dir / "expectations" / f"{suite}.html"
    if definition.exists():
        links.append(_link(definition.relative_to(report_dir), "expectations"))
    return " ".join(links)


def _link(target: Path, text: str) -> str:
    return f'<a href="{html.escape(target.as_posix())}">{html.escape(text)}</a>'


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"
