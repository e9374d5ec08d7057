"""`dbt build` through dbt's Python API (dbtRunner), in a child process of its own.

A child process because dbt-duckdb keeps its DuckDB connection open for the life of the
process that ran dbt, and DuckDB then refuses the read-only connection the gates and the
package open on the same file; the child exiting also returns the memory DuckDB used
before the gates start. The child reports each finished node as it goes (the run shows
progress) and the final status of every node (the gates and the manifest list each test).
"""

import json
import logging
import multiprocessing
import os
import re
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from hodh import PROJECT_DIR, parse_cache
from hodh.constants import RAW_DIR_VARIABLE

# Node statuses that do not stop a publication: a test with severity warn only warns.
PASSED = frozenset({"success", "pass", "warn"})
# The node types that are checks (a data test, a unit test), not builds.
TEST_TYPES = frozenset({"test", "unit_test"})
# Where the runs in one work folder keep dbt's parse of the project (hodh.parse_cache).
PARSE_CACHE = ".dbt-parse"
# How long dbt may take to exit once it has reported; after that it is stopped.
EXIT_GRACE_SECONDS = 60


@dataclass(frozen=True)
class NodeResult:
    """One dbt node (seed, model, test, unit test, hook) and how it ended."""

    unique_id: str
    resource_type: str
    status: str
    seconds: float


@dataclass(frozen=True)
class BuildOutcome:
    """Every node's result; error names what stopped dbt itself, if anything did."""

    nodes: tuple[NodeResult, ...]
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and all(node.status in PASSED for node in self.nodes)

    @classmethod
    def from_run_results(cls, path: Path) -> "BuildOutcome":
        """The outcome dbt recorded in its run_results.json (when another process ran dbt);
        no file at all means dbt stopped before it finished."""
        if not path.is_file():
            return cls((), "dbt stopped before it finished")
        results = json.loads(path.read_text())["results"]
        return cls(
            tuple(
                NodeResult(
                    result["unique_id"],
                    result["unique_id"].split(".", 1)[0],
                    str(result["status"]),
                    float(result["execution_time"]),
                )
                for result in results
            )
        )

    def tests(self) -> list[NodeResult]:
        return [node for node in self.nodes if node.resource_type in TEST_TYPES]

    def failures(self) -> list[str]:
        failed = [
            f"dbt: {node.unique_id} {node.status}"
            for node in self.nodes
            if node.status not in PASSED
        ]
        return ([f"dbt: {self.error}"] if self.error else []) + failed


class BuildProgress:
    """dbt's progress for a log: the parse, models and seeds as N of M, failed nodes.

    dbt spends its first seconds starting and parsing the project; the log says when that
    ends and what it found, so a long silence never looks like a hang.
    """

    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self.started = time.monotonic()
        self.done = 0
        self.total: int | None = None

    def parsed(self, stat_line: str) -> None:
        """dbt's summary of what it found, e.g. '44 models, 236 data tests, 6 seeds, ...'."""
        counts = dict(
            (kind, int(number)) for number, kind in re.findall(r"(\d+) (models|seeds)", stat_line)
        )
        self.total = sum(counts.values()) or None
        elapsed = time.monotonic() - self.started
        self.log.info("dbt: parsed the project in %.1f s: %s", elapsed, stat_line)

    def node(self, node: NodeResult) -> None:
        """Models and seeds as they finish, tests only when they fail (or at debug level)."""
        name = node.unique_id.split(".", 2)[-1]
        if node.resource_type in {"model", "seed"}:
            self.done += 1
        position = f"{self.done}/{self.total}" if self.total else str(self.done)
        if node.status not in {"success", "pass"}:
            self.log.warning("  dbt %s %s: %s", node.resource_type, name, node.status)
        elif node.resource_type in {"model", "seed"}:
            self.log.info(
                "  dbt %s %s %s: %s (%.1f s)",
                position,
                node.resource_type,
                name,
                node.status,
                node.seconds,
            )
        else:
            self.log.debug("  dbt %s %s: %s", node.resource_type, name, node.status)


def dbt_build(
    *,
    duckdb_path: Path,
    work_dir: Path,
    raw_dir: Path,
    dbt_vars: dict[str, Any],
    progress: BuildProgress,
    engine: str = "duckdb",
) -> BuildOutcome:
    """Run `dbt build` on the raw files in raw_dir into duckdb_path (work_dir/hodh.duckdb),
    with dbt's target/ and logs/ under work_dir.

    engine "spark" builds on a local Spark session instead (hodh.spark: the profile's
    spark target, its warehouse and metastore in work_dir/spark) and then copies what the
    gates, the report and the package read into duckdb_path, so every step after the
    build reads the same warehouse file whichever engine built it (docs/spark.md).

    Each run has its own DuckDB file and its own target/ and logs/, so two runs never
    share a DuckDB writer lock or dbt's artifacts. They share dbt's parse of the project
    (hodh.parse_cache): dbt runs inside the run's folder, where the warehouse and spill
    folder have the same relative names in every run, so the profile dbt's parse depends
    on is the same for every run.
    """
    if duckdb_path.parent != work_dir:
        raise ValueError(f"the warehouse {duckdb_path} must be in the run folder {work_dir}")
    # Unit tests check the models' logic on fixed fixture rows, not this run's data: the
    # same code gives the same result every run, so they run in `make test` (pytest builds
    # every model with its unit tests) and not here, where they cost seconds per run. The
    # exposure (the Home Office Data Hub) documents the marts' consumer; it has nothing to run.
    args = [
        "build",
        "--exclude-resource-type", "unit_test", "exposure",
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR / "profiles"),
        "--target-path", str(work_dir / "target"),
        "--log-path", str(work_dir / "logs"),
        "--vars", json.dumps(dbt_vars),
        "--quiet",
        "--no-use-colors",
        *(["--target", "spark"] if engine == "spark" else []),
    ]  # fmt: skip
    environment = {
        **dbt_environment(duckdb_path, work_dir, raw_dir),
        "HODH_DUCKDB_PATH": duckdb_path.name,
        "HODH_TEMP_DIR": "tmp",
    }
    if engine == "spark":
        environment["HODH_SPARK_DIR"] = str(work_dir / "spark")
    fingerprint = parse_cache.project_fingerprint()
    # one parse per engine: dbt's parse depends on the adapter
    cache = work_dir.parent / (PARSE_CACHE if engine == "duckdb" else f"{PARSE_CACHE}-{engine}")
    target = work_dir / "target"
    if parse_cache.restore(cache, target, fingerprint):
        progress.log.info("dbt: starting from the parse of an earlier run of the same project")
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_build_in_child, args=(sender, args, environment, work_dir, engine, duckdb_path)
    )
    child.start()
    sender.close()  # the child holds the only sending end: its exit ends the pipe
    try:
        outcome = _collect(receiver, progress)
        child.join(timeout=EXIT_GRACE_SECONDS)  # let dbt close its files and locks itself
        parse_cache.keep(cache, target, fingerprint)
        return outcome
    finally:
        if child.is_alive():
            child.terminate()
            child.join()
        receiver.close()


def dbt_environment(duckdb_path: Path, work_dir: Path, raw_dir: Path) -> dict[str, str]:
    """What a run's dbt needs in its environment: the run's own DuckDB file, spill files in
    its work folder, the raw folder (set as a session variable by hodh/dbt_plugin.py), and
    no usage statistics sent anywhere."""
    return {
        "HODH_DUCKDB_PATH": str(duckdb_path),
        "HODH_TEMP_DIR": str(work_dir / "tmp"),
        RAW_DIR_VARIABLE: str(raw_dir.resolve()),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }


def _collect(receiver: Connection, progress: BuildProgress) -> BuildOutcome:
    while True:
        try:
            kind, payload = receiver.recv()
        except EOFError:
            return BuildOutcome((), "dbt stopped before it finished")
        if kind == "parsed":
            progress.parsed(payload)
        elif kind == "node":
            progress.node(NodeResult(*payload))
        else:
            nodes, error = payload
            return BuildOutcome(tuple(NodeResult(*node) for node in nodes), error)


def _build_in_child(
    sender: Connection,
    args: list[str],
    environment: dict[str, str],
    work_dir: Path,
    engine: str = "duckdb",
    duckdb_path: Path | None = None,
) -> None:
    os.environ.update(environment)
    os.chdir(work_dir)
    if engine == "spark":
        from hodh import spark

        session = spark.start_session(Path(environment["HODH_SPARK_DIR"]))
    from dbt.cli.main import dbtRunner

    def report_node(event: Any) -> None:
        if event.info.name == "FoundStats":
            sender.send(("parsed", event.data.stat_line))
        elif event.info.name == "NodeFinished":
            node, result = event.data.node_info, event.data.run_result
            payload = (node.unique_id, node.resource_type, result.status, result.execution_time)
            sender.send(("node", payload))

    try:
        result = dbtRunner(callbacks=[report_node]).invoke(args)
    except BaseException as error:
        sender.send(("done", ([], f"dbt raised {type(error).__name__}")))
        return
    nodes = [
        (r.node.unique_id, str(r.node.resource_type), str(r.status), float(r.execution_time))
        for r in getattr(result.result, "results", None) or []
    ]
    # Only the exception's class: dbt quotes the database's error, which can quote a value.
    error = None if result.exception is None else f"dbt raised {type(result.exception).__name__}"
    if engine == "spark" and duckdb_path is not None:
        try:
            spark.copy_to_duckdb(session, duckdb_path)
        except spark.CopyError as copy_error:
            error = error or str(copy_error)
        except Exception as copy_error:
            error = error or f"copying from Spark raised {type(copy_error).__name__}"
        session.stop()
    sender.send(("done", (nodes, error)))
