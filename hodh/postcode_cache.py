"""The postcode directory read once per edition, not on every run.

A full directory is a 300 MB CSV of 2.7 million rows and about fifty columns, of which the
MSOA mapping needs five; parsing it took about 2.5 s of every run. The runs share a Parquet
copy instead, in WORK/.postcode-cache/<sha256>/<name>.parquet, keyed by the CSV's checksum
(which the manifest records anyway): the first run with a directory writes it, later runs
read only the columns they need from it (under 1 s). The copy is read from the CSV with the
dbt source's own options (var postcode_directory_csv_options: every field text, strict
RFC 4180), so the staging model sees the same values either way; a directory that is not
readable CSV is refused here, before dbt, with its line number.
"""

import logging
import os
import time
from contextlib import closing
from pathlib import Path

import duckdb

from hodh.inputs import InputError, first_unreadable_line
from hodh.project import project_var

CACHE = ".postcode-cache"

log = logging.getLogger(__name__)


def parquet_copy(directory: Path, sha256: str, work_root: Path, settings: dict[str, str]) -> Path:
    """The Parquet copy of the postcode directory for this checksum, written when absent."""
    copy = work_root / CACHE / sha256 / f"{directory.stem}.parquet"
    if copy.is_file():
        log.info("postcode directory: reusing its Parquet copy (%s)", copy.parent.name[:12])
        return copy
    copy.parent.mkdir(parents=True, exist_ok=True)
    partial = copy.with_name(f".{copy.name}.{os.getpid()}")
    started = time.monotonic()
    options = project_var("postcode_directory_csv_options")
    try:
        with closing(duckdb.connect(config=settings)) as connection:
            connection.execute(
                f"copy (select * from read_csv({_literal(directory)}, {options})) "
                f"to {_literal(partial)} (format parquet)"
            )
    except duckdb.Error as error:
        partial.unlink(missing_ok=True)
        broken = first_unreadable_line(directory)
        where = f" at line {broken[0]}: {broken[1]}" if broken else ""
        # The error's class only: DuckDB's message quotes the offending line.
        message = f"postcode directory {directory} is not readable CSV{where}"
        raise InputError(f"{message} (DuckDB: {type(error).__name__})") from None
    os.replace(partial, copy)  # whole or absent: a run that stops midway leaves no copy
    log.info(
        "postcode directory: Parquet copy written in %.1f s, kept for later runs",
        time.monotonic() - started,
    )
    return copy


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
