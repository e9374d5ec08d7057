"""The export package: what leaves the force, written aside and moved into place in one step.

`OUT/<run_id>/` holds `<table>.csv` and `<table>.parquet` for each export table (written
by DuckDB's COPY, so no table passes through Python), `manifest.json` and `report/`. It is
built in a hidden folder inside OUT and renamed into place once complete: rename is atomic
within one file system, so a reader sees the whole package or none of it, and a run that
fails or is interrupted removes its folder and leaves nothing behind.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from hodh.inputs import sha256_of

# Section 3 of the requirement, in its order.
EXPORT_TABLES = (
    "crimes",
    "crime_victims",
    "crime_accused",
    "employees",
    "rank_history",
    "abstractions",
    "assignments",
    "applicants",
    "applicant_status",
)
log = logging.getLogger(__name__)

RECONCILIATION_COLUMNS = (
    "raw_rows",
    "exported_rows",
    "quarantined_rows",
    "not_required_rows",
    "merged_rows",
    "withheld_rows",
)


def publish_package(
    out_dir: Path,
    run_id: str,
    *,
    duckdb_path: Path,
    settings: dict[str, str],
    report_dir: Path,
    manifest: dict[str, Any],
    facts: RunFacts,
    tables: Sequence[str] = EXPORT_TABLES,
) -> Path:
    """Write the package and move it into place; returns OUT/<run_id>.

    manifest holds the run's fields; facts the reconciliation and the run report read
    from the same warehouse the files are written from (read_run_facts), so the manifest
    and the run page say the same.
    """
    staging = out_dir / f".{run_id}.partial"
    try:
        staging.mkdir()
        with duckdb.connect(str(duckdb_path), read_only=True, config=settings) as connection:
            connection.execute("set preserve_insertion_order = true")  # the CSV keeps the order
            written = {table: _write_table(connection, table, staging) for table in tables}
            manifest = {
                **manifest,
                "tables": written,
                "reconciliation": facts.reconciliation,
                "run_report": facts.run_report,
            }
        shutil.copytree(report_dir, staging / "report")
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        for path in [staging, *staging.rglob("*")]:
            group_readable(path)
        _sync_tree(staging)
        package = out_dir / run_id
        os.rename(staging, package)
        _sync(out_dir)
        return package
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def group_readable(path: Path) -> None:
    """What leaves the force may be read by its owner's group (a transfer job), never by
    everyone: folders 0750, files 0640, whatever the umask made them."""
    path.chmod(0o750 if path.is_dir() else 0o640)


@dataclass(frozen=True)
class RunFacts:
    """What a run built, read once from its warehouse for the manifest and the run page:
    each export table's rows and columns, the reconciliation, and the run report (every
    audit table but the quarantine). Whatever a failed build did not make is left out."""

    tables: dict[str, dict[str, Any]]
    reconciliation: dict[str, dict[str, int]]
    run_report: dict[str, list[dict[str, Any]]]


def read_run_facts(duckdb_path: Path, settings: dict[str, str]) -> RunFacts:
    if not duckdb_path.exists():  # dbt stopped before it made the warehouse
        return RunFacts({}, {}, {})
    with duckdb.connect(str(duckdb_path), read_only=True, config=settings) as connection:
        built = {
            (schema, name)
            for schema, name in connection.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        return RunFacts(
            tables={
                table: _table_shape(connection, table)
                for table in EXPORT_TABLES
                if ("export", table) in built
            },
            reconciliation=(
                read_reconciliation(connection) if ("audit", "reconciliation") in built else {}
            ),
            run_report=read_run_report(connection),
        )


def _table_shape(connection: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    columns = [row[0] for row in connection.execute(f"describe export.{table}").fetchall()]
    (rows,) = connection.execute(f"select count(*) from export.{table}").fetchone()
    return {"rows": rows, "columns": columns}


def read_reconciliation(connection: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    rows = connection.execute(
        f"select raw_file, {', '.join(RECONCILIATION_COLUMNS)} "
        "from audit.reconciliation order by raw_file"
    ).fetchall()
    return {
        raw_file: dict(zip(RECONCILIATION_COLUMNS, counts, strict=True))
        for raw_file, *counts in rows
    }


def read_run_report(connection: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, Any]]]:
    """Every audit table of the run report, whatever its columns, all rows in a fixed order.

    The quarantine tables (audit.quarantine_*) hold personal data and never leave; the
    reconciliation has its own section. Any other audit table is a run report and is
    published, so an audit model that is not quarantine_* must hold aggregates only.
    """
    names = connection.execute(
        "select table_name from information_schema.tables where table_schema = 'audit' "
        "and table_name <> 'reconciliation' and not starts_with(table_name, 'quarantine') "
        "order by table_name"
    ).fetchall()
    report = {}
    for (name,) in names:
        cursor = connection.execute(f'select * from audit."{name}" order by all')
        columns = [column[0] for column in cursor.description]
        report[name] = [
            {column: _json_value(value) for column, value in zip(columns, row, strict=True)}
            for row in cursor.fetchall()
        ]
    return report


def _write_table(connection: duckdb.DuckDBPyConnection, table: str, folder: Path) -> dict[str, Any]:
    # Sorted on every column, so the same warehouse always gives byte-identical files. Sorted
    # once: the Parquet file is written in that order and the CSV copied from it, in its
    # order (preserve_insertion_order), instead of sorting the table a second time.
    query = f"select * from export.{table} order by all"
    csv_path, parquet_path = folder / f"{table}.csv", folder / f"{table}.parquet"
    connection.execute(
        f"copy ({query}) to {_literal(parquet_path)} (format parquet, compression zstd)"
    )
    connection.execute(
        f"copy (select * from read_parquet({_literal(parquet_path)})) "
        f"to {_literal(csv_path)} (format csv, header true)"
    )
    shape = _table_shape(connection, table)
    log.info("  %s: %s rows", table, f"{shape['rows']:,}")
    return {
        "rows": shape["rows"],
        "csv_sha256": sha256_of(csv_path),
        "parquet_sha256": sha256_of(parquet_path),
        "columns": shape["columns"],
    }


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _sync_tree(folder: Path) -> None:
    """Flush every file and folder of the package to disk before it is renamed into place."""
    for path in sorted(folder.rglob("*"), reverse=True):
        _sync(path)
    _sync(folder)


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
