"""`hodh run`: the whole feed for a scheduler: check, build, gate, package, audit.

Exit 0: a package was published. Exit 1: a dbt test or an expectation failed, or the run
could not finish; nothing was published and the report names what failed. Exit 2: the
pseudonym key or the input is unusable. Whatever the end, the run appends one line to
OUT/audit.jsonl (when OUT itself is usable).

Each run works in its own folder WORK/<run_id>/ (`hodh run --work`, default
warehouse/runs/): its DuckDB file (so two runs never contend for DuckDB's single writer
lock), dbt's target/ and logs/, the run's own log hodh.log and its report. The warehouse
holds quarantined personal data, so of the work folder only the report and the export
tables ever go to OUT, and when a run ends the oldest run folders beyond `keep_runs`
(`hodh run --keep-runs`, default 7) are removed (hodh/retention.py).
"""

from __future__ import annotations

import importlib
import logging
import logging.handlers
import os
import secrets
import subprocess
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hodh import PROJECT_DIR, __version__
from hodh.audit import append_record
from hodh.build import BuildOutcome, BuildProgress, dbt_build, dbt_environment
from hodh.constants import (
    DEFAULT_KEEP_RUNS,
    DEFAULT_MEMORY_LIMIT,
    EXIT_BAD_INPUT,
    EXIT_GATE_FAILED,
    EXIT_OK,
    MEMORY_LIMIT_VARIABLE,
)
from hodh.inputs import InputError, check_raw_dir, describe_inputs, sha256_of
from hodh.package import EXPORT_TABLES, RunFacts, group_readable, publish_package, read_run_facts
from hodh.postcode_cache import parquet_copy
from hodh.profiles import DEFAULT_PROFILE, Profile, load_profile, profile_gate
from hodh.project import k_minimum, project, project_var
from hodh.pseudonyms import PseudonymKeyError, fingerprint, load_key
from hodh.reidentification import check_reidentification
from hodh.report import dbt_summary, failures, headline, manifest_gates, write_report
from hodh.retention import make_run_folder, prune_runs

if TYPE_CHECKING:  # hodh.gates imports Great Expectations, seconds of start-up
    from hodh.gates import SuiteOutcome, Warehouse

log = logging.getLogger(__name__)

Build = Callable[..., BuildOutcome]


@dataclass(frozen=True)
class RunRequest:
    """What `hodh run` was asked to do; k None means the dbt project's default; profile
    names the requirement profile the export must match (requirement_profiles/).

    keep_runs: how many run folders (this run's included) stay in work_root afterwards.
    audited: False for a build that is not a run of the feed (`hodh assess`): it publishes
    nothing, so it writes no line in OUT/audit.jsonl (its own log is in its work folder).
    """

    raw_dir: Path
    out_dir: Path
    postcode_directory: Path
    work_root: Path
    k: int | None = None
    keep_runs: int = DEFAULT_KEEP_RUNS
    profile: str = DEFAULT_PROFILE
    audited: bool = True
    # what dbt builds on (hodh.build): duckdb, or spark (docs/spark.md)
    engine: str = "duckdb"


@dataclass(frozen=True)
class RunResult:
    """How the run ended: the exit code, why, and where its work folder, package or report is.

    work_dir is None for a run refused before it built anything: such a run makes no work
    folder, so it never pushes an earlier run's folder out of retention.
    """

    run_id: str
    exit_code: int
    reason: str
    failed: tuple[str, ...]
    work_dir: Path | None
    package: Path | None = None
    report: Path | None = None


def new_run_id() -> str:
    """Sortable by time, and unique even for two runs started in the same second."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"


def run_feed(request: RunRequest, build: Build | None = None) -> RunResult:
    """Run the feed once; build is `dbt build` unless given (tests give their own builder).

    Raises InputError only when keep_runs is below 1. Every other end is a RunResult with
    its audit line written (when OUT is usable).
    """
    if request.keep_runs < 1:
        raise InputError(f"keep-runs must be at least 1, not {request.keep_runs}")
    # Everything the run writes is its owner's alone (the work folder holds the quarantine
    # and personal data); the package and the audit log are opened to the group explicitly.
    umask = os.umask(0o077)
    try:
        run = open_run(request)
        if run.result is not None:
            return run.result
        try:
            return run.execute(build or dbt_build)
        finally:
            close_run(run)
    finally:
        os.umask(umask)


def open_run(request: RunRequest) -> FeedRun:
    """Check the key and the inputs, then make the run's work folder and its log file.

    The checks come first, before any work folder exists: a refused run costs nothing, and
    comes back with its result set (audited, work_dir None). Its log lines so far are kept
    in memory and go into the run's log file once the folder is made. The run holds the
    lock of its work folder until close_run, so no other run's retention removes it.
    """
    run = FeedRun(request, new_run_id(), datetime.now(UTC))
    early_log = _hold_log()
    try:
        run.check()
        work_root = request.work_root.resolve()
        try:
            work_dir, run.lock = make_run_folder(work_root, run.run_id)
        except OSError as error:
            folder = work_root / run.run_id
            raise InputError(f"work folder {folder} cannot be created ({error.strerror})") from None
    except (InputError, PseudonymKeyError) as error:
        run.result = run.refuse(EXIT_BAD_INPUT, str(error))
        return run
    finally:
        logging.getLogger("hodh").removeHandler(early_log)
    run.log_handler = _log_to_file(work_dir / "hodh.log")
    early_log.setTarget(run.log_handler)
    early_log.close()  # flushes what was logged before the folder existed into the file
    run.work_dir = work_dir
    log.info("work folder %s", work_dir)
    return run


def close_run(run: FeedRun) -> None:
    """The end of a run that made a work folder: retention (the oldest run folders beyond
    keep_runs go, never this one), then its lock and log file released."""
    if run.work_dir is None:
        return
    try:
        _retain(run.request.work_root.resolve(), run.request.keep_runs, run.work_dir)
    finally:
        if run.log_handler is not None:
            logging.getLogger("hodh").removeHandler(run.log_handler)
            run.log_handler.close()
        if run.lock is not None:
            os.close(run.lock)
            run.lock = None


def _retain(work_root: Path, keep: int, current: Path) -> None:
    """Remove the oldest run folders beyond `keep`; the run's outcome is already decided
    and audited, so a failure or a stop here is logged, never the run's end."""
    try:
        removed = prune_runs(work_root, keep, current)
    except (OSError, KeyboardInterrupt) as error:
        log.warning("retention: stopped (%s); old run folders may remain", type(error).__name__)
        return
    if removed:
        message = "retention: keeping the newest %d run folders; removed %s"
        log.info(message, keep, ", ".join(removed))
    else:
        log.debug("retention: keeping the newest %d run folders; none to remove", keep)


class FeedRun:
    """One run's state, so each step reads as one method: check, build, gate, publish (or
    refuse). `hodh run` calls them in order (run_feed); the Dagster job (hodh.orchestration)
    calls the same steps from its assets, so both publish the same package, manifest and
    audit line."""

    def __init__(self, request: RunRequest, run_id: str, started: datetime) -> None:
        self.request, self.run_id, self.started = request, run_id, started
        self.k = request.k if request.k is not None else int(project_var("k_anonymity"))
        self.work_dir: Path | None = None
        self.out_usable = False
        self.key_fingerprint: str | None = None
        self.inputs: dict[str, dict[str, Any]] = {}
        # the postcode directory's checksum and the Parquet copy dbt reads (postcode_cache)
        self.postcode_sha256 = ""
        self.postcode_copy: Path | None = None
        self.profile: Profile | None = None
        self.facts: RunFacts | None = None
        # the re-identification gate's figures (counts only), for the manifest
        self.disclosure_figures: dict[str, Any] = {}
        # set as the run goes: its folder's lock and log, what dbt and the gates found, and
        # the result of a run refused before it made a folder
        self.lock: int | None = None
        self.log_handler: logging.Handler | None = None
        self.built: BuildOutcome | None = None
        self.suites: list[SuiteOutcome] | None = None
        self.result: RunResult | None = None

    def check(self) -> None:
        """Everything that makes input unusable, before any work folder exists; keeps each
        raw file's checksum and row count (inputs)."""
        request = self.request
        if request.out_dir.exists() and not request.out_dir.is_dir():
            raise InputError(f"output folder {request.out_dir} is not a folder")
        try:
            if not request.out_dir.exists():
                request.out_dir.mkdir(parents=True)
                group_readable(request.out_dir)
        except OSError as error:
            message = f"output folder {request.out_dir} is unusable ({error.strerror})"
            raise InputError(message) from None
        self.out_usable = True
        self.key_fingerprint = fingerprint(load_key())
        if self.k < k_minimum():
            raise InputError(f"k must be at least {k_minimum()}, not {self.k}")
        self.profile = load_profile(request.profile)
        check_raw_dir(request.raw_dir)
        if not request.postcode_directory.is_file():
            raise InputError(f"postcode directory {request.postcode_directory} does not exist")
        log.info("run %s, k = %d", self.run_id, self.k)
        with _step("inputs"):
            inputs = describe_inputs(request.raw_dir, project_var("raw_csv_options"))
            total = sum(item["rows"] for item in inputs.values())
            log.info("%d raw files, %s rows", len(inputs), f"{total:,}")
        self.inputs = inputs
        with _step("postcode directory"):
            self.postcode_sha256 = sha256_of(request.postcode_directory)
            self.postcode_copy = parquet_copy(
                request.postcode_directory,
                self.postcode_sha256,
                request.work_root.resolve(),
                {"memory_limit": _memory_limit()},
            )

    def execute(self, build: Build) -> RunResult:
        try:
            return self._feed(build)
        except KeyboardInterrupt:
            return self.refuse(EXIT_GATE_FAILED, "interrupted; nothing was published")
        except Exception as error:
            # Frames only: an exception's message can quote a value from the data.
            log.error("run failed: %s\n%s", type(error).__name__, _frames(error))
            return self.refuse(
                EXIT_GATE_FAILED, f"run failed ({type(error).__name__}); nothing was published"
            )

    @property
    def report_dir(self) -> Path:
        assert self.work_dir is not None
        return self.work_dir / "report"

    @property
    def duckdb_path(self) -> Path:
        assert self.work_dir is not None
        return self.work_dir / "hodh.duckdb"

    @property
    def settings(self) -> dict[str, str]:
        """DuckDB settings of every connection the run opens after dbt: the memory limit,
        and spill files in the run's work folder."""
        assert self.work_dir is not None
        return {
            "memory_limit": _memory_limit(),
            "temp_directory": str(self.work_dir / "tmp"),
        }

    def dbt_environment(self) -> dict[str, str]:
        return dbt_environment(self.duckdb_path, self.work_dir, self.request.raw_dir)

    @property
    def dbt_vars(self) -> dict[str, Any]:
        return {
            "postcode_directory": str(self.postcode_copy),
            "k_anonymity": self.k,
        }

    def _feed(self, build: Build) -> RunResult:
        built = self.build(build)
        if not built.passed:
            return self.refuse_build(built)
        suites = self.gate(built)
        failed = failures(built, suites)
        if failed:
            return self.refuse(EXIT_GATE_FAILED, "gates failed", failed)
        return self.publish(built, suites)

    def build(self, build: Build) -> BuildOutcome:
        with _step("dbt build"):
            _import_in_background("hodh.gates")
            log.info("dbt: starting and parsing the project")
            built = build(
                duckdb_path=self.duckdb_path,
                work_dir=self.work_dir,
                raw_dir=self.request.raw_dir,
                dbt_vars=self.dbt_vars,
                progress=BuildProgress(log),
                **({"engine": self.request.engine} if self.request.engine != "duckdb" else {}),
            )
            log.info(dbt_summary(built))
        return built

    def refuse_build(self, built: BuildOutcome) -> RunResult:
        """The report of a build that failed (no suites ran), and the refusal."""
        self._write_report(built, None)
        return self.refuse(EXIT_GATE_FAILED, "dbt build failed", failures(built, None))

    def gate(self, built: BuildOutcome) -> list[SuiteOutcome]:
        """Every expectation suite on the built warehouse and the requirement profile's
        gate, then the run report."""
        with _step("expectation gates"):
            from hodh import gates

            with self._gate_warehouse() as warehouse:
                suites = gates.run_gates(
                    warehouse,
                    self.report_dir,
                    run_id=self.run_id,
                    k=self.k,
                    raw_rows={name: item["rows"] for name, item in self.inputs.items()},
                    tables=EXPORT_TABLES,
                    suites_dir=gates.SUITES_DIR,
                )
            attack = check_reidentification(
                self.duckdb_path, k=self.k, settings=self.settings, key=load_key()
            )
            self.disclosure_figures = attack.figures
            suites.append(attack.outcome)
            built_tables = self._read_facts().tables
            exported = {table: shape["columns"] for table, shape in built_tables.items()}
            suites.append(profile_gate(self.profile, exported))
            self._write_report(built, suites)
            log.info(headline(built, suites))
        return suites

    @contextmanager
    def _gate_warehouse(self) -> Iterator[Warehouse]:
        """Where the expectation suites run: the engine that built the tables. On Spark, a
        session on the run's own metastore (the build's session ended with its process).
        The steps after them (re-identification, profile, package) read the DuckDB file,
        into which the build copied Spark's tables (hodh.spark.copy_to_duckdb)."""
        if self.request.engine != "spark":
            from hodh.gx_duckdb import DuckDBWarehouse

            yield DuckDBWarehouse(self.duckdb_path, self.settings)
            return
        from hodh.gx_spark import SparkWarehouse
        from hodh.spark import start_session

        log.info("expectation suites: on Spark, the run's metastore")
        session = start_session(self.work_dir / "spark")
        try:
            yield SparkWarehouse(session)
        finally:
            session.stop()

    def _read_facts(self) -> RunFacts:
        """What the warehouse holds, for the report and the manifest: read once per run."""
        if self.facts is None:
            self.facts = read_run_facts(self.duckdb_path, self.settings)
        return self.facts

    def _write_report(self, built: BuildOutcome, suites: list[SuiteOutcome] | None) -> None:
        write_report(
            self.report_dir,
            run_id=self.run_id,
            k=self.k,
            profile=self.profile,
            build=built,
            suites=suites,
            facts=self._read_facts(),
            disclosure=self.disclosure_figures or None,
        )

    def publish(self, built: BuildOutcome, suites: list[SuiteOutcome]) -> RunResult:
        """The package, moved into place in one step, and its audit line."""
        with _step("package"):
            package = publish_package(
                self.request.out_dir,
                self.run_id,
                duckdb_path=self.duckdb_path,
                settings=self.settings,
                report_dir=self.report_dir,
                facts=self._read_facts(),
                manifest={
                    "run_id": self.run_id,
                    "status": "published",
                    "created_at": self.started.isoformat(),
                    "profile": {
                        "requirement": self.profile.title,
                        "requirement_profile": self.profile.manifest_entry(),
                        "version": project()["version"],
                        "k_anonymity": self.k,
                        "msoa_year": project_var("msoa_year"),
                        "postcode_directory": {
                            "file": self.request.postcode_directory.name,
                            "sha256": self.postcode_sha256,
                        },
                    },
                    "code_version": code_version(),
                    "pseudonym_key_fingerprint": self.key_fingerprint,
                    "inputs": self.inputs,
                    "gates": manifest_gates(built, suites),
                    "disclosure_control": self.disclosure_figures,
                },
            )
        self._audit(
            "published",
            EXIT_OK,
            "published",
            (),
            package=package.name,
            manifest_sha256=sha256_of(package / "manifest.json"),
        )
        log.info("published %s", package)
        return RunResult(
            self.run_id, EXIT_OK, "published", (), self.work_dir, package, package / "report"
        )

    def refuse(self, exit_code: int, reason: str, failed: list[str] | None = None) -> RunResult:
        failed = failed or []
        self._audit("refused", exit_code, reason, failed)
        report = None
        if self.work_dir is not None and (self.report_dir / "index.html").exists():
            report = self.report_dir
        # Unusable input is the command line's one line on stderr; the log file keeps it too.
        level = logging.DEBUG if exit_code == EXIT_BAD_INPUT else logging.ERROR
        log.log(level, "refused: %s%s", reason, f" ({len(failed)} failed)" if failed else "")
        for name in failed:
            log.error("  failed: %s", name)
        return RunResult(self.run_id, exit_code, reason, tuple(failed), self.work_dir, None, report)

    def _audit(self, status: str, exit_code: int, reason: str, failed: Any, **extra: str) -> None:
        if not self.out_usable or not self.request.audited:
            return
        append_record(
            self.request.out_dir,
            {
                "run_id": self.run_id,
                "status": status,
                "exit_code": exit_code,
                "reason": reason,
                "failed_gates": list(failed),
                "started_at": self.started.isoformat(),
                "finished_at": datetime.now(UTC).isoformat(),
                "code_version": code_version(),
                "pseudonym_key_fingerprint": self.key_fingerprint,
                "work_dir": None if self.work_dir is None else str(self.work_dir),
                **extra,
            },
        )


def code_version() -> str:
    """The git commit the run's code is at (+dirty if changed), else the package version."""
    try:
        commit = _git("rev-parse", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return f"hodh {__version__}"
    return commit + ("+dirty" if dirty else "")


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout.strip()


def _memory_limit() -> str:
    """DuckDB's memory limit for every connection the run opens itself."""
    return os.environ.get(MEMORY_LIMIT_VARIABLE, DEFAULT_MEMORY_LIMIT)


def _import_in_background(module: str) -> None:
    """Import a module in a thread: hodh.gates (Great Expectations) takes seconds to import,
    which costs nothing while dbt builds in its child process and this one waits. A later
    import of the module waits for this one to finish (Python's import lock)."""
    threading.Thread(target=importlib.import_module, args=(module,), daemon=True).start()


@contextmanager
def _step(name: str) -> Iterator[None]:
    started = time.monotonic()
    log.info("%s ...", name)
    yield
    log.info("%s: done in %.1f s", name, time.monotonic() - started)


def _hold_log() -> logging.handlers.MemoryHandler:
    """Keep the run's log records in memory until its log file exists."""
    handler = logging.handlers.MemoryHandler(capacity=100_000, flushLevel=logging.CRITICAL + 1)
    handler.setLevel(logging.DEBUG)
    logging.getLogger("hodh").addHandler(handler)
    return handler


def _log_to_file(path: Path) -> logging.Handler:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.getLogger("hodh").addHandler(handler)
    return handler


def _frames(error: BaseException) -> str:
    return "".join(traceback.format_tb(error.__traceback__))
