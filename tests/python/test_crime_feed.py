"""The crime half of the feed, on the shared published run (conftest `feed`).

The run's raw data is generated dirty, with personal values planted in every
never-supplied column and the shapes of real extracts. The tests check what a data
protection officer would: no planted personal value and no postcode in any export table,
the contract's columns only, every raw row exported or quarantined, and the run report
tables. The postcode directory loader is checked on each accepted header set and on the
headers it must refuse.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import Feed, run_dbt
from raw_files import PLANTED, PLANTED_ROWS, read_raw_file

CRIS_FILES = ("cris_crimes.csv", "cris_victims.csv", "cris_accused.csv")
CONTRACT = {
    "crimes": [
        "crime_ref", "date_recorded", "date_cleared_up", "date_confirmed", "date_no_crimed",
        "classification_code", "crimsec_code", "status", "prefix", "offence_date_from",
        "offence_time_from", "offence_date_to", "offence_time_to", "msoa_code", "dv_flag",
        "hate_race", "hate_religion", "hate_sexual_orientation", "hate_disability",
        "hate_transgender", "gun_feature", "knife_feature", "victim_count",
        "person_victim_count", "accused_count",
    ],
    "crime_victims": ["crime_ref", "victim_seq", "victim_type"],
    "crime_accused": ["crime_ref", "accused_seq", "proceedings_code", "proceedings_date"],
}  # fmt: skip
NEVER_SUPPLIED_COLUMNS = {
    "surname", "forename", "date_of_birth", "age", "gender", "ethnicity_code", "home_postcode",
    "relationship_code", "injury_level", "person_ref", "location_type", "cash_in_transit",
    "recording_officer_warrant", "investigating_officer_warrant", "mo_text",
    "location_postcode", "location_easting", "location_northing", "borough_code",
    "last_modified", "hate_flags",
}  # fmt: skip
POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)


def planted_keys(feed: Feed, raw_file: str) -> set[tuple[str, ...]]:
    """The keys of the rows carrying planted values, as the export shows them."""
    header, rows, _ = read_raw_file(feed.raw / raw_file)
    key_columns = [column for column in header[:2] if column.endswith(("_ref", "_seq"))]
    return {tuple(rows[i][c].strip() for c in key_columns) for i in PLANTED_ROWS}


def planted_grid_values(feed: Feed) -> set[str]:
    """The offence grid references of the crimes carrying planted values."""
    _, rows, _ = read_raw_file(feed.raw / "cris_crimes.csv")
    return {
        rows[i][column].strip()
        for i in PLANTED_ROWS
        for column in ("location_easting", "location_northing")
        if rows[i][column].strip()
    }


@pytest.fixture(scope="module")
def warehouse(feed: Feed) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(feed.warehouse), read_only=True)
    yield connection
    connection.close()


def _tables(warehouse: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    return [
        row[0]
        for row in warehouse.execute(
            "select table_name from information_schema.tables where table_schema = ?", [schema]
        ).fetchall()
    ]


def _cells(warehouse: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    """Every value of a table, as text."""
    rows = warehouse.execute(f'select * from "{schema}"."{table}"').fetchall()
    return {str(value) for row in rows for value in row if value is not None}


def test_marts_have_exactly_the_contract_columns(warehouse: duckdb.DuckDBPyConnection) -> None:
    for table, columns in CONTRACT.items():
        found = [
            row[0]
            for row in warehouse.execute(
                "select column_name from information_schema.columns"
                " where table_schema = 'export' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
        ]
        assert found == columns, table
        assert not NEVER_SUPPLIED_COLUMNS & set(found)


def test_planted_rows_are_exported_so_a_leak_would_show(
    feed: Feed, warehouse: duckdb.DuckDBPyConnection
) -> None:
    exported = {
        "cris_crimes.csv": ("crimes", "crime_ref"),
        "cris_victims.csv": ("crime_victims", "crime_ref, cast(victim_seq as varchar)"),
        "cris_accused.csv": ("crime_accused", "crime_ref, cast(accused_seq as varchar)"),
    }
    for raw_file, (table, key) in exported.items():
        keys = set(warehouse.execute(f"select {key} from export.{table}").fetchall())
        assert len(planted_keys(feed, raw_file) & keys) >= 5, raw_file


def test_no_planted_personal_value_in_any_export_table(
    feed: Feed, warehouse: duckdb.DuckDBPyConnection
) -> None:
    planted = {
        value.lower() for name in CRIS_FILES for value in PLANTED[name].values() if value != "Y"
    }
    grid_values = planted_grid_values(feed)
    tables = _tables(warehouse, "export")
    assert set(CONTRACT) <= set(tables)
    for table in tables:
        cells = _cells(warehouse, "export", table)
        lowered = [cell.lower() for cell in cells]
        for value in planted:
            assert not any(value in cell for cell in lowered), (table, value)
        # no offence grid reference of a planted crime, and nothing shaped like a postcode
        assert not grid_values & cells, table
        assert not [cell for cell in cells if POSTCODE.search(cell)], table


def test_quarantine_holds_keys_and_reasons_only(
    feed: Feed, warehouse: duckdb.DuckDBPyConnection
) -> None:
    columns = [
        row[0]
        for row in warehouse.execute(
            "select column_name from information_schema.columns where table_schema = 'audit'"
            " and table_name = 'quarantine' order by ordinal_position"
        ).fetchall()
    ]
    assert columns == ["raw_file", "raw_key", "reason"]
    cells = " ".join(_cells(warehouse, "audit", "quarantine")).lower()
    for name in CRIS_FILES:
        for value in PLANTED[name].values():
            if value != "Y":
                assert value.lower() not in cells


def test_quarantine_is_not_empty_and_gives_each_planted_fault_its_reason(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    reasons = {
        (raw_file, reason)
        for raw_file, reason in warehouse.execute(
            "select distinct raw_file, reason from audit.quarantine"
        ).fetchall()
    }
    expected = {
        ("cris_crimes.csv", "crime_ref_invalid"),
        ("cris_crimes.csv", "duplicate_crime_ref"),
        ("cris_crimes.csv", "crimsec_code_unknown"),
        ("cris_crimes.csv", "borough_code_unknown"),
        ("cris_crimes.csv", "dates_impossible"),
        ("cris_crimes.csv", "date_recorded_invalid"),
        ("cris_victims.csv", "crime_missing"),
        ("cris_victims.csv", "duplicate_victim_seq"),
        ("cris_accused.csv", "crime_missing"),
        ("cris_accused.csv", "proceedings_code_unknown"),
    }
    assert expected <= reasons


def test_reconciliation_adds_up_against_the_raw_files(
    feed: Feed, warehouse: duckdb.DuckDBPyConnection
) -> None:
    rows = warehouse.execute(
        "select raw_file, raw_rows, exported_rows, quarantined_rows, not_required_rows"
        " from audit.reconciliation"
    ).fetchall()
    assert {row[0] for row in rows} == set(feed.raw_rows)
    for raw_file, raw_rows, exported, quarantined, not_required in rows:
        assert raw_rows == feed.raw_rows[raw_file]  # counted here from the CSV, not by dbt
        assert raw_rows == exported + quarantined + not_required
    export_tables = dict(zip(CRIS_FILES, CONTRACT, strict=True))
    for raw_file, _, exported, quarantined, _ in rows:
        if raw_file in export_tables:
            assert quarantined > 0
            count = warehouse.execute(f"select count(*) from export.{export_tables[raw_file]}")
            assert count.fetchone() == (exported,)


def test_msoa_mapping_summary_counts_every_method(warehouse: duckdb.DuckDBPyConnection) -> None:
    counts = dict(
        warehouse.execute("select method, crimes from audit.msoa_mapping_summary").fetchall()
    )
    assert set(counts) == {"postcode", "terminated_postcode", "grid", "unmapped"}
    assert all(counts[method] > 0 for method in counts)  # the generator plants each case
    crimes = warehouse.execute("select count(*), count(msoa_code) from export.crimes").fetchone()
    assert crimes is not None
    assert sum(counts.values()) == crimes[0]
    assert counts["unmapped"] == crimes[0] - crimes[1]


def test_disclosure_risk_is_reported_at_three_granularities(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    rows = warehouse.execute(
        "select granularity, exported_crimes, unique_crimes, share_unique"
        " from audit.crime_disclosure_risk"
    ).fetchall()
    by_granularity = {row[0]: row[1:] for row in rows}
    assert set(by_granularity) == {"minute", "hour", "day"}
    exported = warehouse.execute("select count(*) from export.crimes").fetchone()
    assert exported is not None
    for total, unique, share in by_granularity.values():
        assert total == exported[0]
        assert 0 <= unique <= total
        assert share == pytest.approx(unique / total, abs=1e-4)
    # coarser times can only merge classes
    minute, hour, day = (by_granularity[g][1] for g in ("minute", "hour", "day"))
    assert minute >= hour >= day


def test_crimes_more_unique_than_the_policy_accepts_are_refused(feed: Feed, tmp_path: Path) -> None:
    """The shared run passed the uniqueness test at the default limit (every crime may be
    unique); a force that lowers the limit below this run's share gets a failing test."""
    assert (
        feed.manifest["gates"]["dbt_tests"]["test.hodh.assert_crime_uniqueness_within_policy"]
        == "pass"
    )
    shutil.copy(feed.warehouse, tmp_path / "warehouse.duckdb")
    (share,) = (
        row["share_unique"]
        for row in feed.manifest["run_report"]["crime_disclosure_risk"]
        if row["granularity"] == "minute"
    )
    completed = run_dbt(
        "test", "--select", "assert_crime_uniqueness_within_policy", root=tmp_path,
        dbt_vars={"raw_dir": str(feed.raw), "crime_uniqueness_limit": share - 0.01},
    )  # fmt: skip
    assert completed.returncode == 1
    assert "FAIL 1 assert_crime_uniqueness_within_policy" in completed.stdout


# ---------------------------------------------------------------- postcode directory headers

LAYOUT_HEADERS = {
    "onspd_upper_case": ["PCD", "PCDS", "DOTERM", "OSEAST1M", "OSNRTH1M", "MSOA11", "MSOA21"],
    "nspl2025": ["pcd7", "pcds", "doterm", "east1m", "north1m", "lad25cd", "msoa21cd"],
    "lookup": ["pcd7", "pcds", "doterm", "msoa11cd", "msoa21cd", "ladcd"],
}
VALUES = {
    "pcd": "SW1A0AA", "pcd7": "SW1A0AA", "pcds": "sw1a 0aa", "doterm": "",
    "oseast1m": "530268", "osnrth1m": "179545", "east1m": "530268", "north1m": "179545",
    "msoa11": "E02000977", "msoa21": "E02000979", "msoa11cd": "E02000977",
    "msoa21cd": "E02000979", "lad25cd": "E09000033", "ladcd": "E09000033",
}  # fmt: skip


@pytest.fixture(scope="module")
def directory_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("postcode_directory")


def _load_directory(
    feed: Feed, root: Path, header: list[str], msoa_year: int
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Write a one-postcode directory with the header and load it (stg_onspd__postcodes).

    Each MSOA year has its own project folder and one directory path, so dbt parses the
    project once per year and partially after that (the file's content is not parsed).
    """
    project = root / str(msoa_year)
    project.mkdir(exist_ok=True)
    directory = project / "directory.csv"
    directory.write_text(
        ",".join(header) + "\n" + ",".join(VALUES.get(name.lower(), "X") for name in header) + "\n"
    )
    dbt_vars = {"raw_dir": str(feed.raw), "postcode_directory": str(directory)}
    completed = run_dbt(
        "run", "--select", "stg_onspd__postcodes", root=project,
        dbt_vars={**dbt_vars, "msoa_year": msoa_year},
    )  # fmt: skip
    return directory, completed


@pytest.mark.parametrize(
    ("layout", "msoa_year", "found", "grid"),
    [
        ("onspd_upper_case", 2011, "ONSPD header", True),
        ("nspl2025", 2021, "NSPL 2025 header", True),
        ("lookup", 2011, "ONS postcode lookup header", False),
    ],
)
def test_postcode_directory_header_sets_are_recognised(
    feed: Feed, directory_root: Path, layout: str, msoa_year: int, found: str, grid: bool
) -> None:
    directory, completed = _load_directory(feed, directory_root, LAYOUT_HEADERS[layout], msoa_year)
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert f"postcode directory {directory}: {found}" in completed.stdout
    warehouse = directory.parent / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        row = connection.execute(
            "select postcode, msoa_code, easting, northing, is_terminated"
            " from staging.stg_onspd__postcodes"
        ).fetchone()
    expected_msoa = "E02000977" if msoa_year == 2011 else "E02000979"
    grid_values = (530268.0, 179545.0) if grid else (None, None)
    assert row == ("SW1A 0AA", expected_msoa, *grid_values, False)


@pytest.mark.parametrize(
    ("header", "msoa_year", "message"),
    [
        (["pcds", "doterm", "easting", "northing", "msoa"], 2021, "has no known header"),
        (LAYOUT_HEADERS["nspl2025"], 2011, "(NSPL 2025 header) has no 2011 MSOA column"),
    ],
)
def test_postcode_directory_without_a_usable_header_stops_with_one_line(
    feed: Feed, directory_root: Path, header: list[str], msoa_year: int, message: str
) -> None:
    directory, completed = _load_directory(feed, directory_root, header, msoa_year)
    assert completed.returncode != 0
    lines = [line for line in completed.stdout.splitlines() if message in line]
    assert len(lines) == 1, completed.stdout[-3000:]
    assert f"postcode directory {directory}" in lines[0]
