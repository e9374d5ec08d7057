"""The feed on Spark (issue 15, docs/spark.md): `hodh run --engine spark` publishes the same
package as `hodh run` on DuckDB for the same raw data and key.

One small generated dirty data set (every fault kind, the shapes of real extracts: a byte
order mark, CRLF row ends, line breaks and quotes in free text, truncated last rows) goes
through both engines with one key. The export tables must be byte-identical (the
manifests' checksums), and so must everything else both runs read from their warehouse:
the reconciliation, the run report, the quarantine row for row, and the gates' verdicts,
expectation by expectation, though the Spark run's suites ran on Spark. Planted
expectations fail there as they do on DuckDB, and dbt's unit tests pass on Spark too.
The key must stay out of everything the Spark run leaves in its work folder, as it does
on DuckDB.

A local Spark session (local[1], offline) builds the feed in a few minutes: the slow part
of the suite after the shared feed, and in a module of its own so pytest-xdist gives it
one worker.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import HODH, dbt_totals, leaks
from raw_files import plant_personal_values, plant_real_extract_shapes

from hodh import PROJECT_DIR

KEY = "5e2b9d4f7a1c3e6b8d0f2a4c6e8b1d3f5a7c9e0b2d4f6a8c1e3b5d7f9a0c2e4b"
SIZE = ["--crimes", "300", "--employees", "600", "--seed", "2024", "--dirty", "0.05"]


def _start(raw: Path, root: Path, engine: str) -> subprocess.Popen[bytes]:
    """`hodh run --quiet` on one engine, its stdout and stderr written to files in root."""
    root.mkdir(parents=True)
    with (root / "stdout").open("wb") as stdout, (root / "stderr").open("wb") as stderr:
        return subprocess.Popen(
            [
                HODH, "run", "--raw", str(raw), "--out", str(root / "out"),
                "--work", str(root / "work"), "--engine", engine, "--quiet",
            ],
            stdout=stdout, stderr=stderr, cwd=PROJECT_DIR,
            env={**os.environ, "HODH_PSEUDONYM_KEY": KEY, "HODH_SPARK_MASTER": "local[1]"},
        )  # fmt: skip


def _only(folder: Path) -> Path:
    [path] = [path for path in folder.iterdir() if path.is_dir() and not path.name.startswith(".")]
    return path


def _warehouse(work: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every audit table of a run's warehouse, all rows sorted."""
    with duckdb.connect(str(work / "hodh.duckdb"), read_only=True) as connection:
        names = connection.execute(
            "select table_name from information_schema.tables where table_schema = 'audit'"
        ).fetchall()
        return {
            name: connection.execute(f'select * from audit."{name}" order by all').fetchall()
            for (name,) in names
        }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("parity")
    raw = root / "raw"
    subprocess.run(
        [HODH, "generate", "--out", str(raw), *SIZE, "--quiet"], check=True, cwd=PROJECT_DIR
    )
    plant_real_extract_shapes(raw)
    (root / "planted.json").write_text(json.dumps(sorted(plant_personal_values(raw))))
    # Both at once: the DuckDB run takes its half minute while Spark plans its statements
    # on one core.
    roots = {engine: root / engine for engine in ("spark", "duckdb")}
    runs = {engine: _start(raw, engine_root, engine) for engine, engine_root in roots.items()}
    for engine, run in runs.items():
        assert run.wait() == 0, f"{engine}: {(roots[engine] / 'stderr').read_text()[-3000:]}"
    # A copy of the Spark run's metastore for the unit tests' dbt, taken while no process
    # has it open: a Derby metastore is one process's at a time, and the gate tests below
    # open the run's own in this one.
    shutil.copytree(_only(root / "spark" / "work") / "spark", root / "spark-unit-tests")
    return roots


def test_spark_publishes_the_duckdb_package_byte_for_byte(runs: dict[str, Path]) -> None:
    manifests = {
        engine: json.loads((_only(root / "out") / "manifest.json").read_text())
        for engine, root in runs.items()
    }
    duckdb_tables, spark_tables = manifests["duckdb"]["tables"], manifests["spark"]["tables"]
    assert list(spark_tables) == list(duckdb_tables)
    for table, written in duckdb_tables.items():
        assert written["rows"] > 0, table
        assert spark_tables[table] == written, table
    for field in ("reconciliation", "run_report", "pseudonym_key_fingerprint", "gates"):
        assert manifests["spark"][field] == manifests["duckdb"][field], field
    log = (_only(runs["spark"] / "work") / "hodh.log").read_text()
    assert "expectation suites: on Spark" in log


def test_expectations_on_spark_fail_as_they_do_on_duckdb(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    """Planted expectations on each run's own tables, on Spark through the translation of
    the suites' DuckDB terms (a policy variable, SQLAlchemy's type names, a regex): each
    fails where the data breaks it and passes where it does not, with the same verdicts on
    both engines; a suite reading a variable the run does not set is not run, on either."""
    from hodh.gates import run_gates
    from hodh.gx_duckdb import DuckDBWarehouse
    from hodh.gx_spark import SparkWarehouse
    from hodh.spark import start_session

    planted = [
        ("crime_ref", "expect_column_values_to_match_regex", {"regex": "^[0-9]{7}/[0-9]{2}$"}),
        ("crime_ref", "expect_column_values_to_match_regex", {"regex": "^X"}),
        ("victim_count", "expect_column_values_to_be_of_type", {"type_": "Integer"}),
        ("victim_count", "expect_column_values_to_be_of_type", {"type_": "String"}),
        ("victim_count", "expect_column_values_to_be_in_type_list", {"type_list": ["Numeric"]}),
        (
            "victim_count",
            "expect_column_values_to_be_in_type_list",
            {"type_list": ["Numeric", "Integer"]},
        ),
    ]
    expectations = [
        {"type": kind, "kwargs": {"column": column, **kwargs}, "description": f"{kind} {kwargs}"}
        for column, kind, kwargs in planted
    ]
    for operator in (">=", "<"):
        query = f"select * from {{batch}} where victim_count {operator} -getvariable('k_anonymity')"
        expectations.append(
            {"type": "unexpected_rows_expectation", "kwargs": {"unexpected_rows_query": query},
             "description": f"victim_count {operator} -k"}
        )  # fmt: skip
    unset = "select * from {batch} where getvariable('not_set') = 1"
    suites = tmp_path / "suites"
    suites.mkdir()
    for name, content in (
        ("crimes", expectations),
        ("unset", [{"type": "unexpected_rows_expectation",
                    "kwargs": {"unexpected_rows_query": unset}}]),
    ):  # fmt: skip
        suite = {"name": name, "meta": {"table": "export.crimes"}, "expectations": content}
        (suites / f"{name}.json").write_text(json.dumps(suite))

    def verdicts(warehouse: Any, engine: str) -> dict[str, Any]:
        outcomes = run_gates(
            warehouse, tmp_path / engine, run_id="planted", k=5,
            raw_rows={}, tables=["crimes"], suites_dir=suites,
        )  # fmt: skip
        by_suite = {outcome.suite: outcome for outcome in outcomes}
        return {e.label: e.passed for e in by_suite["crimes"].expectations} | {
            "unset": by_suite["unset"].error
        }

    work = _only(runs["spark"] / "work")
    session = start_session(work / "spark")
    try:
        on_spark = verdicts(SparkWarehouse(session), "spark")
    finally:
        session.stop()
    duckdb_work = _only(runs["duckdb"] / "work")
    on_duckdb = verdicts(DuckDBWarehouse(duckdb_work / "hodh.duckdb", {}), "duckdb")
    assert on_duckdb == {
        "expect_column_values_to_match_regex {'regex': '^[0-9]{7}/[0-9]{2}$'}": True,
        "expect_column_values_to_match_regex {'regex': '^X'}": False,
        "expect_column_values_to_be_of_type {'type_': 'Integer'}": True,
        "expect_column_values_to_be_of_type {'type_': 'String'}": False,
        "expect_column_values_to_be_in_type_list {'type_list': ['Numeric']}": False,
        "expect_column_values_to_be_in_type_list {'type_list': ['Numeric', 'Integer']}": True,
        "victim_count >= -k": False,
        "victim_count < -k": True,
        "unset": "could not be run: no value for variable not_set",
    }
    assert on_spark == on_duckdb


def test_every_dbt_unit_test_passes_on_spark(runs: dict[str, Path], tmp_path: Path) -> None:
    """dbt's unit tests (each rule's corner cases on fixed rows; test_dbt_unit_tests runs
    them on DuckDB) on Spark, typed by the relations the Spark run built."""
    environment = {
        **os.environ,
        "HODH_PSEUDONYM_KEY": KEY,
        "HODH_SPARK_MASTER": "local[1]",
        "HODH_SPARK_DIR": str(runs["spark"].parent / "spark-unit-tests"),
        "HODH_RAW_DIR": str(runs["spark"].parent / "raw"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR / "profiles"),
    }
    completed = subprocess.run(
        [sys.executable, "-m", "hodh.spark", "test", "--select", "test_type:unit",
         "--target", "spark", "--project-dir", str(PROJECT_DIR),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        capture_output=True, text=True, cwd=tmp_path, env=environment, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-4000:]
    totals = dbt_totals(completed.stdout)
    assert (totals["error"], totals["skip"]) == (0, 0)
    assert totals["pass"] >= 30


def test_spark_quarantines_the_same_rows_for_the_same_reasons(runs: dict[str, Path]) -> None:
    on_duckdb = _warehouse(_only(runs["duckdb"] / "work"))
    on_spark = _warehouse(_only(runs["spark"] / "work"))
    assert set(on_spark) == set(on_duckdb)
    quarantine = on_duckdb["quarantine"]
    # the truncated rows planted in cris_crimes and hr_rank_history are among them
    assert sum("row_truncated" in str(row) for row in quarantine) >= 2
    for name, rows in on_duckdb.items():
        assert on_spark[name] == rows, name


def test_a_quiet_spark_run_prints_its_package_and_nothing_of_spark(
    runs: dict[str, Path],
) -> None:
    """--quiet prints the package's path alone, on either engine, for a scheduler to read;
    Spark's logging is errors only. One line is the JVM's, which Spark's launcher makes
    (it adds an incubator module on Java 17) and no setting silences."""
    jvm_notice = "WARNING: Using incubator modules: jdk.incubator.vector"
    for engine, root in runs.items():
        assert (root / "stdout").read_text().splitlines() == [str(_only(root / "out"))]
        stderr = (root / "stderr").read_text().splitlines()
        assert [line for line in stderr if line != jvm_notice] == [], engine


def test_nothing_planted_and_never_the_key_leaves_a_spark_run(runs: dict[str, Path]) -> None:
    """Personal values planted in every never-supplied column (raw_files.PLANTED), the
    clear keys and postcodes of their rows, and the key: in none of the Spark run's
    package, logs, dbt artifacts, GX report (the suites ran on Spark) or console. Only its
    warehouses may hold them: Spark's (warehouse and metastore, spark/) and the DuckDB
    copy."""
    planted = set(json.loads((runs["spark"].parent / "planted.json").read_text()))
    assert len(planted) > 60
    work = _only(runs["spark"] / "work")
    assert (work / "spark").is_dir()  # the session's warehouse and metastore were there
    assert (work / "report").is_dir() and (work / "logs" / "dbt.log").is_file()
    compiled = list((work / "target").rglob("*.sql"))
    assert any("hodh_pseudonymise(" in path.read_text() for path in compiled)
    secrets = {*planted, KEY}
    assert leaks(work, secrets, warehouses=("spark",)) == {}
    assert leaks(runs["spark"] / "out", secrets) == {}
    assert leaks(runs["spark"], secrets, warehouses=("work", "out")) == {}  # the console
