"""Retention of run folders: WORK/<run_id>/ holds personal data, so old ones go.

Each run's folder holds its DuckDB file (quarantined rows, staged dates of birth and pay
numbers), dbt's target/ and logs. `hodh run --keep-runs N` keeps the newest N of them,
counting the run that just ended, and removes the rest. Only folders named like a run id
are ever touched, never anything else in the work root, and never the folder of a run that
is still going: a run holds an exclusive flock on WORK/<run_id>/run.lock for its lifetime,
and a folder whose lock is held is skipped. The lock goes with the process that holds it,
so the folder of a killed run is removable.
"""

import fcntl
import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any

# What hodh.pipeline.new_run_id() makes: a UTC timestamp and 8 random hex digits.
RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{8}")
LOCK_FILE = "run.lock"

log = logging.getLogger(__name__)


def make_run_folder(work_root: Path, run_id: str) -> tuple[Path, int]:
    """Create WORK/<run_id>/ holding its lock; the caller closes the descriptor at the end.

    The folder is made under a hidden name, locked, and renamed into place, so no other
    run's retention can see it before it is locked. Raises OSError if it cannot be made.
    """
    staging = work_root / f".{run_id}.new"
    staging.mkdir(parents=True)
    descriptor = -1
    try:
        descriptor = os.open(staging / LOCK_FILE, os.O_WRONLY | os.O_CREAT, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        folder = work_root / run_id
        staging.rename(folder)
    except BaseException:
        if descriptor >= 0:
            os.close(descriptor)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder, descriptor


def prune_runs(work_root: Path, keep: int, current: Path | None = None) -> list[str]:
    """Remove the oldest run folders in work_root so that at most `keep` remain.

    `current` (the run that just ended) is always kept and counts as one of `keep`.
    Folders are ordered by name (a run id starts with its UTC start time). Folders of runs
    in progress are skipped, so more than `keep` can remain while runs overlap. Returns
    the names of the folders removed, oldest first; a folder that cannot be removed is
    logged (name and error only) and left.
    """
    if keep < 1:
        raise ValueError(f"keep must be at least 1, not {keep}")
    runs = sorted(
        (
            entry
            for entry in work_root.iterdir()
            if RUN_ID.fullmatch(entry.name)
            and entry.is_dir()
            and not entry.is_symlink()
            and (current is None or entry.name != current.name)
        ),
        key=lambda entry: entry.name,
        reverse=True,
    )
    others_kept = keep - 1 if current is not None else keep
    removed = []
    for folder in reversed(runs[others_kept:]):
        try:
            if _remove_unless_running(folder):
                removed.append(folder.name)
        except OSError as error:
            log.warning("retention: could not remove %s (%s)", folder.name, error.strerror)
    return removed


def _remove_unless_running(folder: Path) -> bool:
    try:
        descriptor = os.open(folder / LOCK_FILE, os.O_RDONLY)
    except FileNotFoundError:
        # No lock file: a folder from before run locks, or one that another run's
        # retention is removing. Neither is a run in progress.
        if not folder.exists():
            return False
        descriptor = -1
    try:
        if descriptor >= 0:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
        # The lock is held while removing, so another retention skips the folder; one
        # that comes after the lock file is gone removes alongside, and what vanishes
        # under either is not an error.
        shutil.rmtree(folder, onerror=_ignore_vanished)
        return True
    finally:
        if descriptor >= 0:
            os.close(descriptor)


def _ignore_vanished(function: Any, path: str, excinfo: Any) -> None:
    if not isinstance(excinfo[1], FileNotFoundError):
        raise excinfo[1]
