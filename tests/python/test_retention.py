"""Retention of run folders: `hodh run --keep-runs N` leaves at most N in the work folder.

A run folder holds personal data (the quarantine, staged dates of birth and pay numbers),
so old ones are removed when a run ends; but only folders named like a run id, never
anything else in the work folder, and never the folder of a run still going (its lock is
held).
"""

import fcntl
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from warehouse_fixture import build_warehouse, write_raw_files

from hodh import PROJECT_DIR
from hodh.audit import AUDIT_LOG
from hodh.build import BuildOutcome, NodeResult
from hodh.pipeline import RunRequest, new_run_id, run_feed
from hodh.postcode_cache import CACHE
from hodh.retention import LOCK_FILE, RUN_ID, make_run_folder, prune_runs

HODH = str(Path(sys.executable).parent / "hodh")
KEY = "8380ddc47e118f1ce9197c174448f3139de234493dfd4ce495aeb473b0978895"
POSTCODES = PROJECT_DIR / "reference" / "onspd_sample.csv"
PASSING_TEST = NodeResult("test.hodh.unique_crimes_crime_ref", "test", "pass", 0.1)
OLD = [f"2026010{day}T020000Z-0000000{day}" for day in range(1, 6)]  # oldest first


def old_runs(work: Path, names: list[str] = OLD) -> None:
    """Run folders as earlier runs leave them (a warehouse file standing for the data)."""
    for name in names:
        (work / name / "target").mkdir(parents=True)
        (work / name / "hodh.duckdb").write_bytes(b"personal data")
        (work / name / LOCK_FILE).touch()


def names(work: Path) -> list[str]:
    return sorted(path.name for path in work.iterdir())


def test_run_ids_are_what_retention_recognises() -> None:
    assert RUN_ID.fullmatch(new_run_id())
    assert all(RUN_ID.fullmatch(name) for name in OLD)


def test_keeps_the_newest_n(tmp_path: Path) -> None:
    old_runs(tmp_path)
    assert prune_runs(tmp_path, 3) == OLD[:2]
    assert names(tmp_path) == OLD[2:]
    assert prune_runs(tmp_path, 3) == []


def test_the_current_run_counts_and_is_always_kept(tmp_path: Path) -> None:
    old_runs(tmp_path)
    # Even when a newer folder exists (a run that started later), the run that just
    # ended keeps its own folder: its report is where the command line points.
    current = tmp_path / OLD[1]
    assert prune_runs(tmp_path, 2, current) == [OLD[0], OLD[2], OLD[3]]
    assert names(tmp_path) == [OLD[1], OLD[4]]
    assert prune_runs(tmp_path, 1, current) == [OLD[4]]
    assert names(tmp_path) == [OLD[1]]


def test_ignores_everything_that_is_not_a_run_folder(tmp_path: Path) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    old_runs(work, OLD[:2])
    others = {
        "notes": "dir",
        "docs-logs": "dir",
        f".{OLD[0]}.new": "dir",
        f"{OLD[0]}.old": "dir",
        "20260101T020000Z-ABCDEF01": "dir",  # upper-case hex: not a run id
        "20260101T020000Z-000000011": "dir",
        "20260101T020000Z-00000000": "file",  # a run id, but a file
        "readme.txt": "file",
    }
    for name, kind in others.items():
        if kind == "dir":
            (work / name).mkdir()
            (work / name / "keep.txt").write_text("mine")
        else:
            (work / name).write_text("mine")
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    (work / "20260101T000000Z-00000000").symlink_to(elsewhere, target_is_directory=True)

    assert prune_runs(work, 1) == [OLD[0]]
    assert names(work) == sorted([*others, "20260101T000000Z-00000000", OLD[1]])
    assert (elsewhere / "keep.txt").read_text() == "mine"
    for name, kind in others.items():
        assert (work / name / "keep.txt" if kind == "dir" else work / name).read_text() == "mine"


def test_skips_the_folder_of_a_run_in_progress(tmp_path: Path) -> None:
    old_runs(tmp_path, OLD[1:])
    running, lock = make_run_folder(tmp_path, OLD[0])
    try:
        assert prune_runs(tmp_path, 1) == OLD[1:4]
        assert names(tmp_path) == [OLD[0], OLD[4]]
        assert (running / LOCK_FILE).exists()
    finally:
        os.close(lock)
    # The lock goes with its holder (a run that ended, or was killed): removable now.
    assert prune_runs(tmp_path, 1) == [OLD[0]]


def test_removes_a_folder_without_a_lock_file(tmp_path: Path) -> None:
    old_runs(tmp_path, OLD[:2])
    (tmp_path / OLD[0] / LOCK_FILE).unlink()  # a folder from before run locks
    assert prune_runs(tmp_path, 1) == [OLD[0]]


def test_keep_must_be_at_least_one(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        prune_runs(tmp_path, 0)


def test_make_run_folder_leaves_a_locked_folder_and_nothing_else(tmp_path: Path) -> None:
    folder, lock = make_run_folder(tmp_path, OLD[0])
    try:
        assert names(tmp_path) == [OLD[0]]
        assert _locked(folder)
    finally:
        os.close(lock)
    assert not _locked(folder)


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    raw_rows = build_warehouse(tmp_path / "counts.duckdb")
    write_raw_files(tmp_path / "raw", raw_rows)
    return tmp_path / "raw"


def test_a_run_with_keep_runs_1_leaves_its_own_folder_only(
    raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("HODH_PSEUDONYM_KEY", KEY)
    caplog.set_level(logging.INFO, logger="hodh")  # as `hodh run` logs to the run's log
    work, out = tmp_path / "work", tmp_path / "out"
    old_runs(work)
    (work / "notes").mkdir()
    seen_locked = []

    def build(**kwargs: Any) -> BuildOutcome:
        seen_locked.append(_locked(kwargs["work_dir"]))
        build_warehouse(kwargs["duckdb_path"])
        return BuildOutcome((PASSING_TEST,))

    request = RunRequest(raw_dir, out, POSTCODES, work_root=work, k=3, keep_runs=1)
    first = run_feed(request, build=build)
    assert first.exit_code == 0, first.failed
    assert names(work) == sorted([CACHE, "notes", first.run_id])  # the cache is kept
    assert f"removed {', '.join(OLD)}" in (first.work_dir / "hodh.log").read_text()
    second = run_feed(request, build=build)
    assert second.exit_code == 0, second.failed
    assert names(work) == sorted([CACHE, "notes", second.run_id])
    assert f"removed {first.run_id}" in (second.work_dir / "hodh.log").read_text()
    assert seen_locked == [True, True]
    assert not _locked(second.work_dir)


def test_refused_runs_cost_nothing_and_never_push_a_published_run_out(
    raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight runs refused for a missing key, one after another, with --keep-runs 7: the
    published run's folder, which audit.jsonl points to, stays; the refused runs make none."""
    work, out = tmp_path / "work", tmp_path / "out"

    def build(**kwargs: Any) -> BuildOutcome:
        build_warehouse(kwargs["duckdb_path"])
        return BuildOutcome((PASSING_TEST,))

    monkeypatch.setenv("HODH_PSEUDONYM_KEY", KEY)
    published = run_feed(RunRequest(raw_dir, out, POSTCODES, work_root=work, k=3), build=build)
    assert published.exit_code == 0, published.failed
    environment = {k: v for k, v in os.environ.items() if k != "HODH_PSEUDONYM_KEY"}
    command = [HODH, "run", "--raw", str(raw_dir), "--out", str(out), "--work", str(work)]
    for _ in range(8):
        finished = subprocess.run(
            [*command, "--keep-runs", "7"], env=environment, capture_output=True, text=True
        )
        assert finished.returncode == 2
        assert len(finished.stderr.splitlines()) == 1, finished.stderr  # exit 2: one line
    assert names(work) == [CACHE, published.run_id]
    lines = [json.loads(text) for text in (out / AUDIT_LOG).read_text().splitlines()]
    assert [line["status"] for line in lines] == ["published"] + ["refused"] * 8
    assert lines[0]["work_dir"] == str(published.work_dir)
    assert all(line["work_dir"] is None for line in lines[1:])

    usage = subprocess.run([*command, "--keep-runs", "0"], capture_output=True, text=True)
    assert usage.returncode == 2
    assert usage.stderr.splitlines() == [
        "hodh run: argument --keep-runs: 0 is less than 1 (see hodh run --help)"
    ]
    assert names(work) == [CACHE, published.run_id]


def _locked(folder: Path) -> bool:
    descriptor = os.open(folder / LOCK_FILE, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)
    return False
