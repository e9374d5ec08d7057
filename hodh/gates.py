"""The expectation gates: every suite in expectations/ run by Great Expectations on the warehouse.

Great Expectations computes every metric inside the engine that built the tables: as SQL in
DuckDB (hodh.gx_duckdb), or on Spark for a run built there (hodh.gx_spark), so a gate over
ten million crimes never brings a row into Python. A gate passes only when GX evaluated
it and it succeeded: an expectation that raised (GX records the exception in exception_info
and carries on), a suite file that does not load, a table that cannot be read or an export
table without a suite all count as failures, never as passes.

GX is asked for no unexpected values, and whatever it still returns is reduced to counts
before anything is reported: an unexpected value is exactly the personal value (a postcode
in a column) the gates exist to stop, so it must not reach the report either.
"""

import json
import logging
import re
import shutil
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import great_expectations as gx
from great_expectations.core import ExpectationSuite, ExpectationSuiteValidationResult
from great_expectations.core.expectation_validation_result import ExpectationValidationResult
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context import AbstractDataContext
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)
from great_expectations.datasource.fluent.interfaces import Batch
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

from hodh import PROJECT_DIR
from hodh.outcomes import ExpectationOutcome, SuiteOutcome
from hodh.project import date_variables

SUITES_DIR = PROJECT_DIR / "expectations"

# SUMMARY gives counts; a partial_unexpected_count of 0 keeps GX from fetching sample values.
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 0}
COUNT_KEYS = ("element_count", "unexpected_count", "unexpected_percent", "missing_count")
# Expectations whose observed value describes the table (its columns, types, size), not a row.
SHAPE_EXPECTATIONS = frozenset(
    {
        "expect_table_columns_to_match_ordered_list",
        "expect_table_columns_to_match_set",
        "expect_column_values_to_be_of_type",
        "expect_column_values_to_be_in_type_list",
    }
)
DOCS_SITE = "report"
# How the suites' SQL reads a policy value the run sets (run_gates' variables): DuckDB's
# getvariable(), which gives NULL for a name never set, so an unset one is caught here.
VARIABLE = re.compile(r"getvariable\('(\w+)'\)")

log = logging.getLogger(__name__)


QUIET_LOGGERS = {
    "great_expectations": logging.WARNING,
    "great_expectations.data_context.types.base": logging.WARNING,
    "great_expectations.expectations.type_comparison": logging.ERROR,
}


def open_context() -> AbstractDataContext:
    """An in-memory GX context: nothing written to disk, no progress bars on stderr.

    GX's INFO chatter (one module forces its own logger to INFO) and its warning, on every
    type check, that DuckDB has no SQLAlchemy dialect module (expected: hodh.gx_duckdb
    compares types as SQLAlchemy's generic ones) would bury the run's own progress.
    """
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


class Warehouse(Protocol):
    """Where the suites run: the DuckDB file (hodh.gx_duckdb.DuckDBWarehouse) or the tables
    of a Spark session (hodh.gx_spark.SparkWarehouse)."""

    def open(self, context: AbstractDataContext, variables: dict[str, int]) -> None:
        """Register the warehouse with GX; variables are the policy's values the suites'
        SQL reads."""

    def adapt(self, expectation: dict[str, Any]) -> dict[str, Any]:
        """An expectation of a suite file in this engine's terms."""

    def rows(self, sql: str) -> list[tuple[Any, ...]] | None:
        """The rows of a query, or None when the engine cannot run it (a missing table)."""

    def batch(self, name: str, schema_name: str, table_name: str) -> Batch:
        """A GX batch of the whole table."""

    def close(self) -> None:
        """Release what open() took."""


def load_suite(
    path: Path, adapt: Callable[[dict[str, Any]], dict[str, Any]] = lambda e: e
) -> ExpectationSuite:
    """Read a suite file, each expectation through adapt (the engine's terms); any invalid
    expectation raises.

    Each expectation is built here rather than by ExpectationSuite(), which logs an invalid
    expectation and drops it: a typo in a suite must fail the gate, not shrink it.
    """
    document = json.loads(path.read_text(encoding="utf-8"))
    expectations = [
        ExpectationConfiguration(**adapt(expectation)).to_domain_obj()
        for expectation in document["expectations"]
    ]
    return ExpectationSuite(
        name=document["name"],
        expectations=expectations,
        meta=document.get("meta", {}),
        notes=document.get("notes"),
    )


def expectation_label(config: ExpectationConfiguration) -> str:
    """A short name for an expectation: its description, or its type and columns."""
    if config.description:
        return config.description
    kwargs = config.kwargs
    columns = kwargs.get("column") or kwargs.get("column_list")
    if "column_A" in kwargs:
        columns = [kwargs["column_A"], kwargs["column_B"]]
    if columns is None:
        return config.type
    if isinstance(columns, str):
        columns = [columns]
    return f"{config.type}({', '.join(columns)})"


def run_gates(
    warehouse: Warehouse,
    report_dir: Path,
    *,
    run_id: str,
    k: int,
    raw_rows: dict[str, int],
    tables: Sequence[str],
    suites_dir: Path = SUITES_DIR,
) -> list[SuiteOutcome]:
    """Run every suite against the warehouse and write GX Data Docs to report_dir.

    raw_rows are the rows counted from the raw files themselves, so the reconciliation
    suite checks the warehouse's count against an independent one. k is the run's k,
    which the k-anonymity queries read as the variable k_anonymity; the HR date checks
    read the policy's date precisions as variables too (date_variables).
    """
    context = open_context()
    variables = {"k_anonymity": int(k), **date_variables()}
    try:
        warehouse.open(context, variables)
        parameters = _suite_parameters(warehouse, raw_rows, suites_dir)
        outcomes: list[SuiteOutcome] = []
        results: list[ExpectationSuiteValidationResult] = []
        for path in sorted(suites_dir.glob("*.json")):
            started = time.monotonic()
            outcome, result = _run_suite(context, warehouse, path, parameters, variables)
            log.info(
                "  suite %s: %s (%.1f s)",
                outcome.suite,
                _verdict(outcome),
                time.monotonic() - started,
            )
            outcomes.append(outcome)
            if result is not None:
                results.append(result)
        # A suite file is named for its table, so a missing file is a missing gate.
        covered = {outcome.suite for outcome in outcomes}
        outcomes.extend(
            SuiteOutcome(suite=table, table=f"export.{table}", error="no expectation suite")
            for table in tables
            if table not in covered
        )
    finally:
        warehouse.close()
    _write_data_docs(context, results, report_dir, run_id)
    return outcomes


def _verdict(outcome: SuiteOutcome) -> str:
    if outcome.error is not None:
        return outcome.error
    failed = sum(not e.passed for e in outcome.expectations)
    passed = len(outcome.expectations) - failed
    return f"{passed}/{len(outcome.expectations)} expectations passed"


def _suite_parameters(
    warehouse: Warehouse, raw_rows: dict[str, int], suites_dir: Path
) -> dict[str, Any]:
    """Values the suites refer to as $PARAMETER: raw counts, and the rows each export table
    must hold (<table>_published_rows: the reconciliation's exported rows less those
    disclosure control merged into another row of the table or withheld)."""
    parameters: dict[str, Any] = {
        "raw_files": sorted(raw_rows),
        "raw_file_rows": [[name, rows] for name, rows in sorted(raw_rows.items())],
    }
    counted = warehouse.rows(
        "select raw_file, exported_rows - merged_rows - withheld_rows from audit.reconciliation"
    )
    if counted is None:
        # No reconciliation table: the suites that need its counts fail for want of a
        # value (_run_suite), and the reconciliation suite fails on the missing table.
        return parameters
    exported = dict(counted)
    for path in suites_dir.glob("*.json"):
        meta = json.loads(path.read_text(encoding="utf-8")).get("meta", {})
        raw_file = meta.get("reconciled_with")
        if raw_file in exported:
            table = meta["table"].split(".")[-1]
            parameters[f"{table}_published_rows"] = exported[raw_file]
    return parameters


def _run_suite(
    context: AbstractDataContext,
    warehouse: Warehouse,
    path: Path,
    parameters: dict[str, Any],
    variables: dict[str, int],
) -> tuple[SuiteOutcome, ExpectationSuiteValidationResult | None]:
    def adapt(expectation: dict[str, Any]) -> dict[str, Any]:
        query = expectation.get("kwargs", {}).get("unexpected_rows_query", "")
        unset = sorted(set(VARIABLE.findall(query)) - variables.keys())
        if unset:
            raise _UnsetVariableError(", ".join(unset))
        return warehouse.adapt(expectation)

    try:
        suite = load_suite(path, adapt)
    except _UnsetVariableError as error:
        error_text = f"could not be run: no value for variable {error}"
        return SuiteOutcome(path.stem, "?", error=error_text), None
    except Exception as error:
        error_text = f"suite could not be loaded ({_name(error)})"
        return SuiteOutcome(path.stem, "?", error=error_text), None
    table = suite.meta.get("table", "?")
    missing = _parameters_of(suite) - parameters.keys()
    if missing:
        error_text = f"could not be run: no value for {', '.join(sorted(missing))}"
        return SuiteOutcome(path.stem, table, error=error_text), None
    try:
        schema_name, table_name = table.split(".")
        batch = warehouse.batch(suite.name, schema_name, table_name)
        result = batch.validate(
            suite, result_format=RESULT_FORMAT, expectation_parameters=parameters
        )
    except Exception as error:
        return SuiteOutcome(path.stem, table, error=f"could not be run ({_name(error)})"), None
    outcomes = tuple(_reduce(expectation_result) for expectation_result in result.results)
    result.success = all(outcome.passed for outcome in outcomes)
    context.suites.add(suite)
    return SuiteOutcome(path.stem, table, outcomes), result


class _UnsetVariableError(Exception):
    """A suite's SQL reads a variable the run does not set."""


def _parameters_of(suite: ExpectationSuite) -> set[str]:
    """The $PARAMETER names a suite refers to (GX would stop the whole suite on a missing one)."""
    return {
        value["$PARAMETER"]
        for expectation in suite.expectations
        for value in expectation.configuration.kwargs.values()
        if isinstance(value, dict) and "$PARAMETER" in value
    }


def _reduce(result: ExpectationValidationResult) -> ExpectationOutcome:
    """Judge one result and strip it, in place, to what may be shown: counts, no values."""
    config = result.expectation_config
    raised = _raised(result.exception_info)
    observed = {key: result.result[key] for key in COUNT_KEYS if key in result.result}
    value = result.result.get("observed_value")
    if isinstance(value, int | float) or config.type in SHAPE_EXPECTATIONS:
        observed["observed_value"] = value
    result.result = dict(observed)
    message = f"raised {', '.join(raised)}" if raised else None
    result.exception_info = {
        "raised_exception": bool(raised),
        "exception_message": message,
        "exception_traceback": message,
    }
    passed = result.success is True and not raised
    result.success = passed
    return ExpectationOutcome(expectation_label(config), passed, raised, observed)


def _raised(exception_info: Any) -> tuple[str, ...]:
    """Exception class names from GX's exception_info, flat or keyed by metric.

    Only the class name is kept: a database error message can quote a value.
    """
    if not isinstance(exception_info, dict):
        return ()
    if "raised_exception" in exception_info:
        entries = [exception_info]
    else:
        entries = [entry for entry in exception_info.values() if isinstance(entry, dict)]
    return tuple(
        _exception_class(entry.get("exception_traceback"))
        for entry in entries
        if entry.get("raised_exception")
    )


def _exception_class(traceback: str | None) -> str:
    last_line = (traceback or "").strip().splitlines()[-1:] or [""]
    name = last_line[0].split(":", 1)[0].rsplit(".", 1)[-1]
    return name if re.fullmatch(r"[A-Za-z_]\w*", name) else "Exception"


def _name(error: Exception) -> str:
    return type(error).__name__


def _write_data_docs(
    context: AbstractDataContext,
    results: list[ExpectationSuiteValidationResult],
    report_dir: Path,
    run_id: str,
) -> None:
    """GX Data Docs for the suites and their results, made readable offline.

    GX's own index page is built by JavaScript from the internet, so it is removed; the
    run report (hodh.report) writes the index instead.
    """
    context.add_data_docs_site(
        DOCS_SITE,
        {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(report_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    run = RunIdentifier(run_name=run_id, run_time=datetime.now(UTC))
    for result in results:
        result.meta["run_id"] = run
        suite = ExpectationSuiteIdentifier(name=result.suite_name)
        key = ValidationResultIdentifier(suite, run, batch_identifier=result.suite_name)
        context.validation_results_store.set(key, result)
    context.build_data_docs(site_names=[DOCS_SITE])
    (report_dir / "index.html").unlink(missing_ok=True)
    for page in report_dir.rglob("*.html"):
        page.write_text(make_offline(page.read_text(encoding="utf-8")), encoding="utf-8")
    # GX's fonts, stylesheets, walkthrough animations and logos: no page links them once
    # offline (its pages carry their styles inline), 3.6 MB per package.
    shutil.rmtree(report_dir / "static", ignore_errors=True)


REMOTE_TAGS = re.compile(
    r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>"
    r"|<link[^>]*\bhref=\"https?://[^\"]*\"[^>]*>"
    r"|<img[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>",
    re.IGNORECASE,
)
REMOTE_CSS = re.compile(r"url\(\s*['\"]?https?://[^)]*\)", re.IGNORECASE)
# GX draws an expectation's status as an icon of a web font that is not there offline; the
# page says it in words instead (a "Status:" header already has its word after the icon).
STATUS_ICONS = {
    "fa-check-circle": '<strong style="color:#0b5a24">PASSED</strong>',
    "fa-times": '<strong style="color:#8a1313">FAILED</strong>',
    "fa-exclamation-triangle": '<strong style="color:#8a1313">ERROR</strong>',
}
ICON = re.compile(r'(Status:</span>\s*)?<i class="fas (fa-[a-z-]+)[^"]*"[^>]*></i>')
# The "Show All / Failed Only" filter: buttons for a script the offline page does not carry.
VALIDATION_FILTER = re.compile(
    r'<div class="card mb-3">\s*<div class="card-header p-2">\s*<strong>Actions</strong>.*?'
    r"Failed Only\s*</label>\s*</div>\s*</div>\s*</div>\s*</div>\s*</div>",
    re.DOTALL,
)
LOCAL_ASSETS = re.compile(r'<link[^>]*\bhref="[^"]*static/[^"]*"[^>]*>', re.IGNORECASE)
INLINE_SCRIPTS = re.compile(r"<script\b[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL)
FOOTERS = re.compile(r"<footer\b.*?</footer>", re.IGNORECASE | re.DOTALL)
OFFLINE_STYLE = (
    "<style>body{font-family:sans-serif;margin:1em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>"
)


def make_offline(html: str) -> str:
    """Drop every stylesheet, script, image and background GX loads from the internet or
    from its static folder, and say in words what its icons showed.

    What is left is GX's inline styles and its server-rendered content. The inline scripts
    only drive widgets of the removed libraries (the Failed Only filter among them) and the
    footer advertises a newsletter, so they go too.
    """
    for pattern, replacement in (
        (REMOTE_TAGS, ""),
        (LOCAL_ASSETS, ""),
        (INLINE_SCRIPTS, ""),
        (FOOTERS, ""),
        (REMOTE_CSS, "none"),
        (VALIDATION_FILTER, ""),
    ):
        html = pattern.sub(replacement, html)
    html = ICON.sub(_status_word, html)
    return html.replace("</head>", OFFLINE_STYLE + "</head>", 1)


def _status_word(match: re.Match[str]) -> str:
    if match.group(1):  # "Status: <icon> Succeeded": the word is already there
        return match.group(1)
    return STATUS_ICONS.get(match.group(2), "")
