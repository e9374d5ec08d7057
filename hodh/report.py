"""The run report: report/summary.json and report/index.html beside GX's Data Docs.

One place that says whether the gates passed and names every failure, dbt tests and
expectations alike, for the data protection officer (index.html, the run page of
hodh.run_page, readable offline) and for machines (summary.json). Like the Data Docs it
holds counts, never values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hodh import run_page
from hodh.build import PASSED, BuildOutcome
from hodh.outcomes import SuiteOutcome
from hodh.package import RunFacts
from hodh.profiles import Profile
from hodh.project import project_var


def failures(build: BuildOutcome, suites: list[SuiteOutcome] | None) -> list[str]:
    """Every failed gate by name; a run with no suites (dbt failed first) lists dbt's."""
    return build.failures() + [name for suite in suites or [] for name in suite.failures()]


def dbt_summary(build: BuildOutcome) -> str:
    tests = build.tests()
    passed = sum(node.status in PASSED for node in tests)
    summary = f"{passed}/{len(tests)} dbt tests passed"
    return f"{summary} ({build.error})" if build.error else summary


def headline(build: BuildOutcome, suites: list[SuiteOutcome] | None) -> str:
    """The gates in one line, for a CI log or a scheduler's mail."""
    dbt_part = dbt_summary(build)
    if suites is None:
        suite_part = "expectation suites not run"
    else:
        expectations = [e for suite in suites for e in suite.expectations]
        suite_part = (
            f"{sum(suite.passed for suite in suites)}/{len(suites)} expectation suites, "
            f"{sum(e.passed for e in expectations)}/{len(expectations)} expectations passed"
        )
    verdict = "PASSED" if not failures(build, suites) else "FAILED"
    return f"gates {verdict}: {dbt_part}; {suite_part}"


def manifest_gates(build: BuildOutcome, suites: list[SuiteOutcome]) -> dict[str, Any]:
    """The manifest's gates section: each suite and expectation, each dbt test."""
    return {
        "passed": not failures(build, suites),
        "expectation_suites": [
            {
                "suite": suite.suite,
                "table": suite.table,
                "passed": suite.passed,
                "expectations": [
                    {"expectation": e.label, "passed": e.passed} for e in suite.expectations
                ],
            }
            for suite in suites
        ],
        "dbt_tests": {node.unique_id: node.status for node in build.tests()},
    }


def write_report(
    report_dir: Path,
    *,
    run_id: str,
    k: int,
    profile: Profile,
    build: BuildOutcome,
    suites: list[SuiteOutcome] | None,
    facts: RunFacts,
    disclosure: dict[str, Any] | None = None,
) -> None:
    """summary.json and the run page index.html; suites is None when dbt failed and they
    were not run, disclosure (the re-identification gate's figures) None when the gate
    did not run."""
    report_dir.mkdir(parents=True, exist_ok=True)
    failed = failures(build, suites)
    summary = {
        "run_id": run_id,
        "passed": not failed,
        "headline": headline(build, suites),
        "failed": failed,
        "k_anonymity": k,
        "requirement_profile": profile.manifest_entry(),
        "dbt": {
            "passed": build.passed,
            "error": build.error,
            "nodes": [
                {"node": node.unique_id, "type": node.resource_type, "status": node.status}
                for node in build.nodes
            ],
        },
        "expectation_suites": None if suites is None else [suite.as_dict() for suite in suites],
    }
    (report_dir / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    page = run_page.render(
        report_dir,
        run_id=run_id,
        k=k,
        profile=profile,
        build=build,
        suites=suites,
        failed=failed,
        headline=summary["headline"],
        facts=facts,
        crime_uniqueness_limit=float(project_var("crime_uniqueness_limit")),
        disclosure=disclosure,
    )
    (report_dir / "index.html").write_text(page, encoding="utf-8")
