"""The package and the audit log: complete or absent, checksummed, append-only.

What the Home Office and the data protection officer rely on: every export table as CSV
and Parquet with the manifest's checksums and row counts, nothing personal (quarantine)
in OUT, no half-written package ever visible, and an audit log that concurrent runs
append to without losing or mangling a line.
"""

import hashlib
import json
import multiprocessing
from pathlib import Path

import duckdb
import pytest
from warehouse_fixture import QUARANTINED_SURNAME, build_warehouse

from hodh.audit import AUDIT_LOG, append_record
from hodh.package import EXPORT_TABLES, publish_package, read_run_facts


def publish(out: Path, run_id: str, warehouse: Path, report: Path) -> Path:
    return publish_package(
        out,
        run_id,
        duckdb_path=warehouse,
        settings={},
        report_dir=report,
        manifest={"run_id": run_id, "status": "published"},
        facts=read_run_facts(warehouse, {}),
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("warehouse")
    build_warehouse(folder / "hodh.duckdb")
    (folder / "report").mkdir()
    (folder / "report" / "index.html").write_text("<html>report</html>")
    return folder


def test_a_package_holds_every_table_as_csv_and_parquet_with_checksums(
    warehouse: Path, tmp_path: Path
) -> None:
    package = publish(tmp_path, "run-1", warehouse / "hodh.duckdb", warehouse / "report")
    manifest = json.loads((package / "manifest.json").read_text())
    assert list(manifest["tables"]) == list(EXPORT_TABLES)
    with duckdb.connect(str(warehouse / "hodh.duckdb"), read_only=True) as connection:
        for table, entry in manifest["tables"].items():
            csv_path, parquet_path = package / f"{table}.csv", package / f"{table}.parquet"
            assert entry["csv_sha256"] == hashlib.sha256(csv_path.read_bytes()).hexdigest()
            assert entry["parquet_sha256"] == hashlib.sha256(parquet_path.read_bytes()).hexdigest()
            expected = connection.execute(f"select * from export.{table} order by all").fetchall()
            assert connection.execute(f"select * from '{parquet_path}'").fetchall() == expected
            assert entry["rows"] == len(expected)
            header = csv_path.read_text().splitlines()[0].split(",")
            assert header == entry["columns"]
    assert (package / "report" / "index.html").exists()


def test_dates_are_iso_and_nulls_empty_in_the_csv(warehouse: Path, tmp_path: Path) -> None:
    package = publish(tmp_path, "run-1", warehouse / "hodh.duckdb", warehouse / "report")
    header, first = (package / "employees.csv").read_text().splitlines()[:2]
    row = dict(zip(header.split(","), first.split(","), strict=True))
    assert row["date_joined"] == "2001-09-01"
    assert row["date_left"] == ""


def test_the_manifest_carries_the_reconciliation_and_the_run_report_but_no_quarantine(
    warehouse: Path, tmp_path: Path
) -> None:
    package = publish(tmp_path, "run-1", warehouse / "hodh.duckdb", warehouse / "report")
    manifest = json.loads((package / "manifest.json").read_text())
    for counts in manifest["reconciliation"].values():
        assert counts["raw_rows"] == (
            counts["exported_rows"] + counts["quarantined_rows"] + counts["not_required_rows"]
        )
    assert set(manifest["run_report"]) == {
        "msoa_mapping_summary",
        "disclosure_control_steps",
        "disclosure_control_detail",
        "crime_disclosure_risk",
        "rows_quarantined_by_reason",
    }
    assert manifest["run_report"]["msoa_mapping_summary"][0] == {
        "method": "postcode",
        "crimes": 4,
        "share_of_crimes": 1.0,
    }
    everything = b"".join(path.read_bytes() for path in package.rglob("*") if path.is_file())
    assert QUARANTINED_SURNAME.encode() not in everything


def test_the_same_warehouse_gives_byte_identical_files(warehouse: Path, tmp_path: Path) -> None:
    first = publish(tmp_path, "run-1", warehouse / "hodh.duckdb", warehouse / "report")
    second = publish(tmp_path, "run-2", warehouse / "hodh.duckdb", warehouse / "report")
    tables = [json.loads((p / "manifest.json").read_text())["tables"] for p in (first, second)]
    assert tables[0] == tables[1]


def test_a_failed_write_leaves_no_package_and_no_temporary_folder(
    warehouse: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(FileNotFoundError):
        publish(out, "run-1", warehouse / "hodh.duckdb", warehouse / "no-report-here")
    assert list(out.iterdir()) == []


def _append_many(out: str, writer: int, lines: int) -> None:
    for number in range(lines):
        append_record(Path(out), {"writer": writer, "line": number, "padding": "x" * 5000})


def _publish_one(out: str, run_id: str, warehouse: str, report: str) -> str:
    return str(publish(Path(out), run_id, Path(warehouse), Path(report)))


def test_concurrent_runs_append_whole_lines_and_publish_whole_packages(
    warehouse: Path, tmp_path: Path
) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        pool.starmap(_append_many, [(str(tmp_path), writer, 50) for writer in range(4)])
        packages = pool.starmap(
            _publish_one,
            [
                (
                    str(tmp_path),
                    f"run-{n}",
                    str(warehouse / "hodh.duckdb"),
                    str(warehouse / "report"),
                )
                for n in range(2)
            ],
        )
    records = [json.loads(line) for line in (tmp_path / AUDIT_LOG).read_text().splitlines()]
    assert sorted((r["writer"], r["line"]) for r in records) == [
        (writer, line) for writer in range(4) for line in range(50)
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [AUDIT_LOG, "run-0", "run-1"]
    for package in packages:
        manifest = json.loads((Path(package) / "manifest.json").read_text())
        assert all((Path(package) / f"{t}.parquet").exists() for t in manifest["tables"])
