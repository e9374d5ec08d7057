"""The run report: report/summary.json and report/index.html beside GX's Data Docs.

One place that says whether the gates passed and names every failure, dbt tests and
expectations alike, for the data protection officer (index.html, readable offline) and
for machines (summary.json). Like the Data Docs it holds counts, never values.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from hodh.build import PASSED, BuildOutcome
from hodh.outcomes import SuiteOutcome

TEST_TYPES = frozenset({"test", "unit_test"})


def failures(build: BuildOutcome, suites: list[SuiteOutcome] | None) -> list[str]:
    """Every failed gate by name; a run with no suites (dbt failed first) lists dbt's."""
    return build.failures() + [name for suite in suites or [] for name in suite.failures()]


def dbt_summary(build: BuildOutcome) -> str:
    tests = [node for node in build.nodes if node.resource_type in TEST_TYPES]
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
        "dbt_tests": {
            node.unique_id: node.status for node in build.nodes if node.resource_type in TEST_TYPES
        },
    }


def write_report(
    report_dir: Path,
    *,
    run_id: str,
    k: int,
    build: BuildOutcome,
    suites: list[SuiteOutcome] | None,
) -> None:
    """summary.json and index.html; suites is None when dbt failed and they were not run."""
    report_dir.mkdir(parents=True, exist_ok=True)
    summary = {
        "run_id": run_id,
        "passed": not failures(build, suites),
        "headline": headline(build, suites),
        "failed": failures(build, suites),
        "k_anonymity": k,
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
    (report_dir / "index.html").write_text(_index(report_dir, summary, suites))


def _index(report_dir: Path, summary: dict[str, Any], suites: list[SuiteOutcome] | None) -> str:
    escape = html.escape
    rows = []
    for suite in suites or []:
        pages = sorted(report_dir.glob(f"validations/{suite.suite}/**/*.html"))
        results = _link(pages[0].relative_to(report_dir), "results") if pages else ""
        expectations = report_dir / "expectations" / f"{suite.suite}.html"
        definition = (
            _link(expectations.relative_to(report_dir), "suite") if expectations.exists() else ""
        )
        status = "passed" if suite.passed else escape(suite.error or "FAILED")
        failed = sum(not e.passed for e in suite.expectations)
        rows.append(
            f"<tr><td>{escape(suite.suite)}</td><td>{escape(suite.table)}</td>"
            f"<td>{status}</td><td>{len(suite.expectations)}</td><td>{failed}</td>"
            f"<td>{results} {definition}</td></tr>"
        )
    failed_items = "".join(f"<li>{escape(name)}</li>" for name in summary["failed"])
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>HODH run {escape(summary["run_id"])}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:left}}</style></head>
<body>
<h1>HODH run {escape(summary["run_id"])}</h1>
<p><strong>{escape(summary["headline"])}</strong> (k = {summary["k_anonymity"]})</p>
{f"<h2>Failed</h2><ul>{failed_items}</ul>" if failed_items else ""}
<h2>Expectation suites</h2>
<table><tr><th>suite</th><th>table</th><th>status</th><th>expectations</th><th>failed</th>
<th>pages</th></tr>
{"".join(rows) or '<tr><td colspan="6">not run: dbt build failed</td></tr>'}
</table>
<p>Every node of <code>dbt build</code>, and every expectation with its counts, is in
<a href="summary.json">summary.json</a>.</p>
</body></html>
"""


def _link(target: Path, text: str) -> str:
    return f'<a href="{html.escape(target.as_posix())}">{text}</a>'
