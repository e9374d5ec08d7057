"""What the test modules share: the project's executables, one way to run dbt, and one
published run of the whole feed on generated dirty data.

The published run (fixture `feed`) is the expensive part of the suite, so it is built once
per session and read by every module that needs a real run: the privacy search, the crime
feed's checks, the documentation check, the end-to-end run. It is built once across
pytest-xdist workers too: the first worker builds it under a lock in the session's shared
temporary folder (or in HODH_TEST_FEED, which `make test` sets so that CI publishes this
run's report), the others wait for it and read it. Nothing may write to it.

Its raw data is what real extracts look like: `hodh generate --dirty` (every fault kind and
shape the generator plants), then, independently of the generator, personal values planted
in every never-supplied column (raw_files.PLANTED) and the shapes of section 2 planted by
hand (raw_files.plant_real_extract_shapes).
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from raw_files import plant_personal_values, plant_real_extract_shapes

from hodh import PROJECT_DIR

BIN = Path(sys.executable).parent
HODH = str(BIN / "hodh")
DBT = str(BIN / "dbt")
# The key of the shared run: a planted value like the others, it must never leave.
FEED_KEY = "9c4f1e7a2b6d8035c1e9f4a7b2d6e8031f5a9c7e2b4d6f8a0c3e5b7d9f1a2c4e6"
FEED_SIZE = ["--crimes", "3000", "--employees", "600", "--seed", "2024", "--dirty", "0.05"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The Spark parity module first: at several minutes on one worker it is the longest,
    so pytest-xdist starts it at once and the other worker takes the rest, rather than
    starting it last. (make test: -n 2 --dist loadfile --no-loadscope-reorder, which
    hands out modules in collection order instead of the largest first.)"""
    items.sort(key=lambda item: item.path.name != "test_spark_parity.py")


def run_dbt(
    *args: str,
    root: Path,
    dbt_vars: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    key: str | None = FEED_KEY,
) -> subprocess.CompletedProcess[str]:
    """`dbt <args>` on the project, with its DuckDB file, target and logs under root.

    key None runs without HODH_PSEUDONYM_KEY. Output is captured; check returncode.
    """
    environment = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR / "profiles"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "HODH_DUCKDB_PATH": str(root / "warehouse.duckdb"),
        "HODH_TEMP_DIR": str(root / "tmp"),
        **(env or {}),
    }
    environment.pop("HODH_PSEUDONYM_KEY", None)
    if key is not None:
        environment["HODH_PSEUDONYM_KEY"] = key
    command = [DBT, *args, "--project-dir", str(PROJECT_DIR)]
    command += ["--target-path", str(root / "target"), "--log-path", str(root / "logs")]
    if dbt_vars:
        command += ["--vars", json.dumps(dbt_vars)]
    return subprocess.run(
        command, cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, check=False
    )


def dbt_totals(stdout: str) -> dict[str, int]:
    """dbt's closing line (PASS=.. WARN=.. ERROR=.. SKIP=..) as counts."""
    summary = re.search(r"PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", stdout)
    assert summary is not None, stdout[-2000:]
    return dict(zip(("pass", "warn", "error", "skip"), map(int, summary.groups()), strict=True))


def readable_text(path: Path) -> str:
    """A file as text; Parquet pages are compressed, so read their values instead."""
    if path.suffix == ".parquet":
        return json.dumps(pq.read_table(path).to_pylist(), default=str)
    return path.read_bytes().decode("utf-8", errors="replace")


def leaks(
    folder: Path, secrets: set[str], warehouses: tuple[str, ...] = ()
) -> dict[str, list[str]]:
    """The files under folder that hold any of secrets, and which. The warehouse itself (a
    DuckDB file, and the folders named in warehouses) is skipped: personal data stays
    there by design."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix in (".duckdb", ".wal") or path.relative_to(folder).parts[0] in warehouses:
            continue
        text = readable_text(path)
        hits = [secret for secret in secrets if secret in text]
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found


@dataclass(frozen=True)
class Feed:
    """One published run: its raw folder, OUT, package, work folder and what was planted."""

    raw: Path
    out: Path
    package: Path
    work: Path
    console: str
    secrets: frozenset[str]
    truncated: dict[str, set[str]]
    raw_rows: dict[str, int]

    @property
    def warehouse(self) -> Path:
        return self.work / "hodh.duckdb"

    @property
    def manifest(self) -> dict[str, Any]:
        return json.loads((self.package / "manifest.json").read_text())


@pytest.fixture(scope="session")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Feed:
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # every worker's base folder sits in the session's own
    # make test builds it where CI publishes its report from (warehouse/ci, emptied first)
    root = Path(os.environ.get("HODH_TEST_FEED") or shared / "feed")
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root / "feed.lock"):
        if not (root / "feed.json").is_file():
            _publish(root)
    return _read(root)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on path (made if missing) for the block."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _publish(root: Path) -> None:
    raw, out, work = root / "raw", root / "out", root / "work"
    subprocess.run(
        [HODH, "generate", "--out", str(raw), *FEED_SIZE, "--quiet"], check=True, cwd=PROJECT_DIR
    )
    truncated = plant_real_extract_shapes(raw)
    secrets = plant_personal_values(raw)
    finished = subprocess.run(
        [HODH, "run", "--raw", str(raw), "--out", str(out), "--work", str(work)],
        capture_output=True, text=True, cwd=PROJECT_DIR,
        env={**os.environ, "HODH_PSEUDONYM_KEY": FEED_KEY},
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr[-3000:]
    [package] = [path for path in out.iterdir() if path.is_dir()]
    [run_dir] = [path for path in work.iterdir() if not path.name.startswith(".")]
    (root / "feed.json").write_text(
        json.dumps(
            {
                "package": str(package),
                "work": str(run_dir),
                "console": finished.stdout + finished.stderr,
                "secrets": sorted(secrets),
                "truncated": {name: sorted(keys) for name, keys in truncated.items()},
                "raw_rows": _raw_rows(raw),
            }
        )
    )


def _read(root: Path) -> Feed:
    state = json.loads((root / "feed.json").read_text())
    return Feed(
        raw=root / "raw",
        out=root / "out",
        package=Path(state["package"]),
        work=Path(state["work"]),
        console=state["console"],
        secrets=frozenset(state["secrets"]),
        truncated={name: set(keys) for name, keys in state["truncated"].items()},
        raw_rows=state["raw_rows"],
    )


def _raw_rows(raw: Path) -> dict[str, int]:
    """Data rows of each raw file, counted with a CSV reader (quoted fields may hold commas
    and line breaks; a truncated last row is a row)."""
    counts = {}
    for path in sorted(raw.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            counts[path.name] = sum(1 for _ in csv.reader(handle)) - 1
    return counts
