"""`hodh run` as a scheduler and the data protection officer see it.

Exit 0 with a package and a published audit line; exit 1 with no package, a report and
an audit line naming the failed gate; exit 2 with one line on stderr when the key or the
input is unusable. Most runs here replace `dbt build` by a builder that writes a small
warehouse of the marts' shape (tests/python/warehouse_fixture.py); the last two read the
shared run of the real project on generated dirty data (conftest `feed`).
"""

import csv
import json
import multiprocessing
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import FEED_KEY, HODH, Feed
from warehouse_fixture import build_warehouse, write_raw_files

from hodh import PROJECT_DIR, package
from hodh.audit import AUDIT_LOG
from hodh.build import BuildOutcome, NodeResult
from hodh.pipeline import RunRequest, RunResult, run_feed

KEY = "aeb838bdce2660dae1b6a5662be613a9c7a39c95f05860f86349bc9765ace50a"
POSTCODES = PROJECT_DIR / "reference" / "onspd_sample.csv"
PASSING_TEST = NodeResult("test.hodh.unique_crimes_crime_ref", "test", "pass", 0.1)


def fixture_build(**kwargs: Any) -> BuildOutcome:
    build_warehouse(kwargs["duckdb_path"])
    return BuildOutcome((PASSING_TEST,))


def postcode_build(**kwargs: Any) -> BuildOutcome:
    """The fixture warehouse with a postcode planted in an exported column."""
    outcome = fixture_build(**kwargs)
    with duckdb.connect(str(kwargs["duckdb_path"])) as connection:
        connection.execute("update export.assignments set post_code = 'SW1A 1AA'")
    return outcome


def failing_test_build(**kwargs: Any) -> BuildOutcome:
    build_warehouse(kwargs["duckdb_path"])
    failing = NodeResult("test.hodh.assert_employees_k_anonymous", "test", "fail", 0.1)
    return BuildOutcome((PASSING_TEST, failing))


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """Raw files whose row counts are the ones the fixture warehouse reconciles to."""
    raw_rows = build_warehouse(tmp_path / "counts.duckdb")
    write_raw_files(tmp_path / "raw", raw_rows)
    return tmp_path / "raw"


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HODH_PSEUDONYM_KEY", KEY)


def run(raw_dir: Path, out: Path, build: Any = fixture_build, k: int = 3) -> RunResult:
    request = RunRequest(
        raw_dir=raw_dir,
        out_dir=out,
        postcode_directory=POSTCODES,
        work_root=out.parent / "work",
        k=k,
    )
    return run_feed(request, build=build)


def audit_lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / AUDIT_LOG).read_text().splitlines()]


def test_a_passing_run_publishes_one_package_and_audits_it(
    raw_dir: Path, tmp_path: Path, key: None
) -> None:
    out = tmp_path / "out"
    result = run(raw_dir, out)
    assert result.exit_code == 0, result.failed
    assert sorted(path.name for path in out.iterdir()) == sorted([AUDIT_LOG, result.run_id])
    manifest = json.loads((result.package / "manifest.json").read_text())
    for field in ("run_id", "status", "created_at", "profile", "code_version", "inputs"):
        assert manifest[field], field
    assert manifest["status"] == "published"
    assert set(manifest["inputs"]["cris_crimes.csv"]) == {"sha256", "rows"}
    assert manifest["gates"]["passed"]
    assert manifest["gates"]["dbt_tests"] == {PASSING_TEST.unique_id: "pass"}
    assert {suite["suite"] for suite in manifest["gates"]["expectation_suites"]} >= set(
        package.EXPORT_TABLES
    )
    assert (result.package / "report" / "index.html").exists()
    assert (result.package / "report" / "summary.json").exists()
    [line] = audit_lines(out)
    assert (line["run_id"], line["status"], line["exit_code"]) == (result.run_id, "published", 0)
    assert (result.work_dir / "hodh.log").exists()


def test_a_planted_failure_exits_1_publishes_nothing_and_names_the_expectation(
    raw_dir: Path, tmp_path: Path, key: None
) -> None:
    out = tmp_path / "out"
    result = run(raw_dir, out, build=postcode_build)
    assert result.exit_code == 1
    assert [path.name for path in out.iterdir()] == [AUDIT_LOG]
    failed = "assignments: expect_column_values_to_not_match_regex(post_code)"
    [line] = audit_lines(out)
    assert line["status"] == "refused" and line["exit_code"] == 1
    assert failed in line["failed_gates"]
    summary = json.loads((result.report / "summary.json").read_text())
    assert failed in summary["failed"]
    assert failed in (result.report / "index.html").read_text()
    # The report lives with the run's warehouse, never in OUT, and shows no value.
    assert result.report.is_relative_to(result.work_dir)
    everything = b"".join(p.read_bytes() for p in result.report.rglob("*") if p.is_file())
    assert b"SW1A" not in everything.upper()


def test_a_failed_dbt_test_exits_1_before_the_expectations(
    raw_dir: Path, tmp_path: Path, key: None
) -> None:
    out = tmp_path / "out"
    result = run(raw_dir, out, build=failing_test_build)
    assert result.exit_code == 1
    assert [path.name for path in out.iterdir()] == [AUDIT_LOG]
    assert audit_lines(out)[0]["failed_gates"] == [
        "dbt: test.hodh.assert_employees_k_anonymous fail"
    ]
    assert json.loads((result.report / "summary.json").read_text())["expectation_suites"] is None


def test_an_interrupted_run_leaves_no_package(
    raw_dir: Path, tmp_path: Path, key: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = package._write_table

    def interrupt_after_first_table(connection: Any, table: str, folder: Path) -> Any:
        if table != package.EXPORT_TABLES[0]:
            raise KeyboardInterrupt
        return written(connection, table, folder)

    monkeypatch.setattr(package, "_write_table", interrupt_after_first_table)
    out = tmp_path / "out"
    result = run(raw_dir, out)
    assert result.exit_code == 1
    assert [path.name for path in out.iterdir()] == [AUDIT_LOG]
    assert audit_lines(out)[0]["reason"].startswith("interrupted")


def test_a_run_without_a_key_exits_2_with_one_line_on_stderr(raw_dir: Path, tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "HODH_PSEUDONYM_KEY"}
    out, work = tmp_path / "out", tmp_path / "work"
    command = [HODH, "run", "--raw", str(raw_dir), "--out", str(out), "--work", str(work)]
    finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert finished.returncode == 2
    [message] = finished.stderr.splitlines()
    assert message == (
        "hodh run: HODH_PSEUDONYM_KEY is not set: a secret key of at least 32 characters is "
        "required (python -c 'import secrets; print(secrets.token_hex(32))' makes one)"
    )
    [line] = audit_lines(out)
    assert (line["status"], line["exit_code"], line["work_dir"]) == ("refused", 2, None)
    assert not work.exists()  # a refused run costs nothing, not even a work folder


def test_a_missing_raw_file_exits_2(raw_dir: Path, tmp_path: Path, key: None) -> None:
    (raw_dir / "hr_training.csv").unlink()
    result = run(raw_dir, tmp_path / "out")
    assert result.exit_code == 2
    assert result.reason == f"raw file {raw_dir / 'hr_training.csv'} is missing"


def test_a_malformed_raw_file_exits_2_without_quoting_it(
    raw_dir: Path, tmp_path: Path, key: None
) -> None:
    crimes = raw_dir / "cris_crimes.csv"
    lines = len(crimes.read_bytes().splitlines())
    with crimes.open("ab") as handle:
        handle.write(b'1000009/20,"PLANTED, a quote never closed\n')
    result = run(raw_dir, tmp_path / "out")
    assert result.exit_code == 2
    assert result.reason == (
        f"raw file {crimes} is unreadable at line {lines + 1}: "
        "a quoted field opened here is never closed"
    )
    assert result.work_dir is None


def _run_in_process(raw_dir: str, out: str) -> tuple[int, str]:
    os.environ["HODH_PSEUDONYM_KEY"] = KEY
    result = run(Path(raw_dir), Path(out))
    return result.exit_code, result.run_id


def test_two_runs_at_once_publish_two_whole_packages(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.starmap(_run_in_process, [(str(raw_dir), str(out))] * 2)
    assert [code for code, _ in results] == [0, 0]
    run_ids = sorted(run_id for _, run_id in results)
    assert sorted(path.name for path in out.iterdir()) == sorted([AUDIT_LOG, *run_ids])
    assert sorted(line["run_id"] for line in audit_lines(out)) == run_ids


def test_end_to_end_on_generated_dirty_data(feed: Feed) -> None:
    """The real dbt project on the shared run: dirty data with every shape of a real
    extract publishes, personal values stay out, and every raw row is accounted for, each
    truncated row quarantined with its row number."""
    assert f"package: {feed.package}" in feed.console
    # progress for an operator: dbt's parse is announced and ended, models count up to M
    assert "dbt: starting and parsing the project" in feed.console
    assert re.search(r"dbt: parsed the project in [0-9.]+ s: \d+ models", feed.console)
    models = re.findall(r"dbt (\d+)/(\d+) (?:model|seed) ", feed.console)
    assert [int(n) for n, _ in models] == list(range(1, len(models) + 1))
    assert {int(m) for _, m in models} == {len(models)}
    manifest = feed.manifest
    assert manifest["gates"]["passed"] and len(manifest["gates"]["dbt_tests"]) > 50
    assert sum(entry["quarantined_rows"] for entry in manifest["reconciliation"].values()) > 0
    exported = "".join(path.read_text() for path in feed.package.glob("*.csv"))
    for value in _personal_values(feed.raw):
        assert value not in exported, value
    with duckdb.connect(str(feed.warehouse), read_only=True) as connection:
        quarantined = connection.execute(
            "select raw_file, raw_key from audit.quarantine where reason = 'row_truncated'"
        ).fetchall()
    expected = {(name, key) for name, keys in feed.truncated.items() for key in keys}
    assert set(quarantined) == expected
    assert {"cris_crimes.csv", "hr_rank_history.csv"} <= {name for name, _ in expected}
    for name, counts in manifest["reconciliation"].items():
        assert counts["raw_rows"] == manifest["inputs"][name]["rows"] == feed.raw_rows[name]


def test_a_failure_planted_after_a_real_build_is_refused(
    feed: Feed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared run's warehouse with an unknown ethnicity code planted in a mart after the
    build: the gates refuse it, publish nothing and audit the refusal."""

    def planted_build(**kwargs: Any) -> BuildOutcome:
        shutil.copy(feed.warehouse, kwargs["duckdb_path"])
        with duckdb.connect(str(kwargs["duckdb_path"])) as connection:
            connection.execute(
                "update export.employees set ethnicity_16 = 'X7' "
                "where rowid = (select min(rowid) from export.employees)"
            )
        return BuildOutcome((PASSING_TEST,))

    monkeypatch.setenv("HODH_PSEUDONYM_KEY", FEED_KEY)
    out = tmp_path / "out"
    refused = run_feed(
        RunRequest(feed.raw, out, POSTCODES, work_root=tmp_path / "work"), build=planted_build
    )
    assert refused.exit_code == 1
    assert "employees: expect_column_values_to_be_in_set(ethnicity_16)" in refused.failed
    assert [path.name for path in out.iterdir()] == [AUDIT_LOG]
    assert [line["status"] for line in audit_lines(out)] == ["refused"]


def _personal_values(raw: Path) -> set[str]:
    """Surnames and postcodes of the raw extracts (never exported)."""
    values = set()
    for name, columns in {
        "hr_employees.csv": ("surname",),
        "cris_victims.csv": ("surname", "home_postcode"),
        "cris_crimes.csv": ("location_postcode",),
        "hr_applicants.csv": ("surname", "home_postcode"),
    }.items():
        with (raw / name).open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                found = ((row[c] or "").strip() for c in columns)
                values.update(value for value in found if len(value) >= 6)
    return values
