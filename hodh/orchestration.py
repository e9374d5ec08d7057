"""The feed as a Dagster asset graph, for a scheduler that wants lineage and a history.

    .venv/bin/dagster dev -m hodh.orchestration                            # the graph in a browser
    .venv/bin/dagster asset materialize -m hodh.orchestration --select '*'  # one run, from a shell

Every dbt model and seed is an asset (dagster-dbt), from the raw sources through staging,
intermediate and the marts to the audit tables; the dbt tests are their checks. Every
expectation suite is a blocking check on the table it validates, and the package is the
asset downstream of the marts: it materialises only when every check passed. Each step
calls the same code as `hodh run` (hodh.pipeline.FeedRun): the same checks of the key and
the raw files, the same work folder, report, atomic package, manifest and audit line, and
a refused audit line when a gate fails. A nightly schedule and a sensor that starts a run
when a complete raw drop has arrived come with it.

Configuration is the environment `hodh run` already uses: HODH_PSEUDONYM_KEY, HODH_RAW_DIR
(--raw) and HODH_OUT_DIR (--out) are required; HODH_ONSPD (--onspd), HODH_WORK_DIR
(--work), HODH_K (--k), HODH_KEEP_RUNS (--keep-runs) and HODH_PROFILE (--profile) are
optional, as are HODH_DROP_SETTLE_SECONDS (how long every raw file must be unchanged before
the sensor starts a run, default 300) and HODH_SCHEDULE (the nightly cron, default
0 2 * * *, London time). A required one that is missing stops the run, or skips the sensor, with one
line naming it.

The steps of one run share its state in this process, so the job runs them in one process
(the in-process executor), holding the run folder's lock from the first step to the last.
"""

import fcntl
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    Definitions,
    Failure,
    MaterializeResult,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    asset,
    define_asset_job,
    in_process_executor,
    multi_asset_check,
    sensor,
)
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from hodh import PROJECT_DIR
from hodh.build import BuildOutcome
from hodh.constants import (
    DEFAULT_KEEP_RUNS,
    DEFAULT_POSTCODE_DIRECTORY,
    DEFAULT_WORK_ROOT,
    EXIT_GATE_FAILED,
)
from hodh.inputs import raw_contract
from hodh.package import EXPORT_TABLES
from hodh.pipeline import FeedRun, close_run, open_run
from hodh.pipeline import RunRequest as FeedRequest
from hodh.profiles import DEFAULT_PROFILE
from hodh.report import failures

DBT = Path(sys.executable).parent / "dbt"
TARGET = PROJECT_DIR / "target"
# Project files whose change makes the asset graph's dbt manifest stale.
PROJECT_FILES = ("dbt_project.yml", "models", "macros", "seeds", "tests/dbt", "profiles")
# The expectation suites (expectations/<suite>.json) and the tables they validate.
SUITES = {table: ("export", table) for table in EXPORT_TABLES} | {
    "reconciliation": ("audit", "reconciliation")
}
DEFAULT_SETTLE_SECONDS = 300
DEFAULT_SCHEDULE = "0 2 * * *"


class SettingError(Exception):
    """A required setting is missing or unusable: one line naming it."""


@dataclass(frozen=True)
class Settings:
    """What one run of the feed is asked to do, from the environment."""

    request: FeedRequest
    settle_seconds: int


def settings(environ: dict[str, str] | None = None) -> Settings:
    """The run's settings from the environment; SettingError names what is missing."""
    environ = os.environ if environ is None else environ

    def required(name: str, what: str) -> Path:
        if not environ.get(name):
            raise SettingError(f"{name} is not set: {what}")
        return Path(environ[name])

    def whole(name: str, default: int | None) -> int | None:
        text = environ.get(name)
        if not text:
            return default
        if not text.isdigit():
            raise SettingError(f"{name} is {text!r}, not a whole number")
        return int(text)

    if not environ.get("HODH_PSEUDONYM_KEY"):
        raise SettingError("HODH_PSEUDONYM_KEY is not set: the force's secret pseudonym key")
    request = FeedRequest(
        raw_dir=required("HODH_RAW_DIR", "the folder the extract jobs drop the raw files in"),
        out_dir=required("HODH_OUT_DIR", "the folder for the packages and audit.jsonl"),
        postcode_directory=Path(environ.get("HODH_ONSPD") or DEFAULT_POSTCODE_DIRECTORY),
        work_root=Path(environ.get("HODH_WORK_DIR") or DEFAULT_WORK_ROOT),
        k=whole("HODH_K", None),
        keep_runs=whole("HODH_KEEP_RUNS", DEFAULT_KEEP_RUNS) or DEFAULT_KEEP_RUNS,
        profile=environ.get("HODH_PROFILE") or DEFAULT_PROFILE,
    )
    return Settings(request, whole("HODH_DROP_SETTLE_SECONDS", DEFAULT_SETTLE_SECONDS) or 0)


def dbt_manifest() -> Path:
    """The dbt manifest the asset graph is drawn from, parsed again when a project file is
    newer than it (one `dbt parse`, about 15 s; later loads reuse it). Under a lock: two
    processes loading the graph at once (Dagster's daemon and webserver, test workers)
    would otherwise both parse, one reading the manifest while the other writes it."""
    manifest = TARGET / "manifest.json"
    TARGET.mkdir(parents=True, exist_ok=True)
    with (TARGET / "parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        newest = max(
            (path.stat().st_mtime for name in PROJECT_FILES for path in _files(PROJECT_DIR / name)),
            default=0.0,
        )
        if not manifest.is_file() or manifest.stat().st_mtime < newest:
            subprocess.run(
                [str(DBT), "parse", "--quiet", "--project-dir", str(PROJECT_DIR),
                 "--profiles-dir", str(PROJECT_DIR / "profiles"), "--target-path", str(TARGET)],
                check=True, cwd=PROJECT_DIR,
                env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"},
            )  # fmt: skip
    return manifest


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
    elif path.is_dir():
        yield from (child for child in path.rglob("*") if child.is_file())


# ---------------------------------------------------------------- one run's state

_RUNS: dict[str, tuple[FeedRun, int]] = {}  # by Dagster run id: the run and the umask before it


def _start(context: AssetExecutionContext) -> FeedRun:
    """The first step: the same checks as `hodh run`, then the run's work folder."""
    try:
        request = settings().request
    except SettingError as error:
        raise Failure(str(error)) from None
    # The run's files are its owner's alone, as under hodh run (dbt inherits the umask).
    umask = os.umask(0o077)
    run = open_run(request)
    if run.result is not None:  # refused before the build: audited, no work folder
        os.umask(umask)
        raise Failure(f"refused: {run.result.reason}")
    _RUNS[context.run.run_id] = (run, umask)
    context.log.info(f"hodh run {run.run_id}, work folder {run.work_dir}")
    return run


def _current(context: AssetExecutionContext | AssetCheckExecutionContext) -> FeedRun:
    if context.run.run_id not in _RUNS:
        raise Failure(
            "this step needs the earlier steps of the same run: materialise the whole graph "
            "(--select '*')"
        )
    return _RUNS[context.run.run_id][0]


def _end(context: AssetExecutionContext | AssetCheckExecutionContext, run: FeedRun) -> None:
    """The last step of a run, published or refused: retention, lock and log released."""
    _, umask = _RUNS.pop(context.run.run_id)
    try:
        close_run(run)
    finally:
        os.umask(umask)


def _refuse(
    context: AssetExecutionContext | AssetCheckExecutionContext,
    run: FeedRun,
    reason: str,
    failed: list[str],
) -> None:
    result = run.refuse(EXIT_GATE_FAILED, reason, failed)
    _end(context, run)
    raise Failure(
        f"refused: {reason}; nothing was published",
        metadata={"failed": failed[:50], "report": str(result.report) if result.report else ""},
    )


# ---------------------------------------------------------------- the assets


class LayerGroups(DagsterDbtTranslator):
    """Assets grouped by the layer they belong to (their schema: reference, staging,
    intermediate, export, audit), so the graph reads raw to package, left to right."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("schema") or super().get_group_name(dbt_resource_props)


@dbt_assets(manifest=dbt_manifest(), dagster_dbt_translator=LayerGroups())
def hodh_dbt(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[object]:
    """Every dbt model and seed, built by one `dbt build` (its tests are the checks)."""
    run = _start(context)
    target = run.work_dir / "target"
    environment = run.dbt_environment()
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        invocation = dbt.cli(
            ["build", "--exclude-resource-type", "unit_test", "exposure",
             "--vars", json.dumps(run.dbt_vars)],
            context=context, target_path=target, raise_on_error=False,
        )  # fmt: skip
        yield from invocation.stream()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    run.built = BuildOutcome.from_run_results(target / "run_results.json")
    if not run.built.passed:
        run.refuse_build(run.built)
        _end(context, run)
        raise Failure("refused: dbt build failed; nothing was published")


@multi_asset_check(
    specs=[
        AssetCheckSpec(
            f"expectations_{suite}",
            asset=AssetKey(list(table)),
            blocking=True,
            description=f"Great Expectations suite expectations/{suite}.json",
        )
        for suite, table in SUITES.items()
    ],
)
def expectation_suites(context: AssetCheckExecutionContext) -> Iterator[AssetCheckResult]:
    """Every expectation suite on the built warehouse, as `hodh run` runs them."""
    run = _current(context)
    suites = run.gate(run.built)
    by_name = {suite.suite: suite for suite in suites}
    for name, table in SUITES.items():
        suite = by_name.get(name)
        yield AssetCheckResult(
            asset_key=AssetKey(list(table)),
            check_name=f"expectations_{name}",
            passed=suite is not None and suite.passed,
            metadata={
                "expectations": len(suite.expectations) if suite else 0,
                "failed": (suite.failures() if suite else ["no expectation suite"])[:50],
            },
        )
    run.suites = suites
    failed = failures(run.built, suites)
    if failed:
        _refuse(context, run, "gates failed", failed)


@asset(
    key=AssetKey("package"),
    group_name="package",
    deps=[AssetKey(list(table)) for table in SUITES.values()],
    description="OUT/<run_id>/: the export tables as CSV and Parquet, manifest.json, report/",
)
def package(context: AssetExecutionContext) -> MaterializeResult:
    """The package, written aside and moved into place, and its audit line."""
    run = _current(context)
    try:
        result = run.publish(run.built, run.suites)
    finally:
        _end(context, run)
    if result.package is None:
        raise Failure(f"refused: {result.reason}")
    return MaterializeResult(metadata={"package": str(result.package), "run_id": run.run_id})


# ---------------------------------------------------------------- when it runs

feed_job = define_asset_job("hodh_feed", selection=AssetSelection.all())

nightly = ScheduleDefinition(
    name="hodh_feed_nightly",
    job=feed_job,
    cron_schedule=os.environ.get("HODH_SCHEDULE") or DEFAULT_SCHEDULE,
    execution_timezone="Europe/London",
    default_status=DefaultScheduleStatus.STOPPED,
)


def complete_drop(raw_dir: Path, settle_seconds: int, now: float | None = None) -> str | None:
    """A fingerprint of the raw drop when every file of the input contract is there and none
    has changed for settle_seconds; None while a file is missing or still being written."""
    now = time.time() if now is None else now
    parts = []
    for name in sorted(raw_contract()):
        path = raw_dir / name
        if not path.is_file():
            return None
        stat = path.stat()
        if now - stat.st_mtime < settle_seconds:
            return None
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


@sensor(job=feed_job, minimum_interval_seconds=60, default_status=DefaultSensorStatus.STOPPED)
def raw_drop_sensor(context: SensorEvaluationContext) -> RunRequest | SkipReason:
    """Starts one run for each complete raw drop (every file there, unchanged for
    HODH_DROP_SETTLE_SECONDS); the cursor remembers the last drop run."""
    try:
        current = settings()
    except SettingError as error:
        return SkipReason(str(error))
    drop = complete_drop(current.request.raw_dir, current.settle_seconds)
    if drop is None:
        return SkipReason(f"no complete raw drop in {current.request.raw_dir} yet")
    if drop == context.cursor:
        return SkipReason(f"the raw drop {drop} has been run")
    context.update_cursor(drop)
    return RunRequest(run_key=drop, tags={"hodh/raw_drop": drop})


defs = Definitions(
    assets=[hodh_dbt, package],
    asset_checks=[expectation_suites],
    jobs=[feed_job],
    schedules=[nightly],
    sensors=[raw_drop_sensor],
    resources={
        "dbt": DbtCliResource(
            project_dir=str(PROJECT_DIR),
            profiles_dir=str(PROJECT_DIR / "profiles"),
            dbt_executable=str(DBT),  # the venv's: no need for it on PATH
        )
    },
    executor=in_process_executor,
)
