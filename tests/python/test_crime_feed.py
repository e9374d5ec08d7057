"""End to end on generated dirty data: the crime half of the feed.

One dirty raw extract is generated, personal values are planted in it, and
the crime models are built once for the module (dbt build: models, unit
tests, data tests). The tests then check what a data protection officer
would: no planted personal value and no postcode in any export table, the
contract's columns only, every raw row exported or quarantined, and the run
report tables. The postcode directory loader is checked on each accepted
header set and on the headers it must refuse.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from raw_files import edit_raw_file

from hodh import PROJECT_DIR

BIN = Path(sys.executable).parent
# The crime models and everything they need; the feed-wide reconciliation
# union also reads the HR models, which this module does not build, so the
# CRIS part (int_cris__reconciliation) is checked instead.
CRIME_SELECTION = [
    "--select",
    "+int_cris__reconciliation+",
    "+msoa_mapping_summary+",
    "+crime_disclosure_risk+",
    "--exclude",
    "reconciliation+",
]

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

# Personal values planted in the raw files: none may reach an export table.
PLANTED = {
    "cris_crimes.csv": {
        "mo_text": "Zanzibarquill forced the rear window with a PLANTED crowbar",
        "recording_officer_warrant": "W-PLANT-481516",
        "investigating_officer_warrant": "W-PLANT-234200",
        "location_type": "PLANTED_LOCATION_TYPE",
    },
    "cris_victims.csv": {
        "surname": "Quaxleworth-Plant",
        "forename": "Zebedarius",
        "date_of_birth": "1931-02-17",
        "home_postcode": "ZE3 9XQ",
        "relationship_code": "PLANTED_RELATIONSHIP",
        "injury_level": "PLANTED_INJURY",
    },
    "cris_accused.csv": {
        "person_ref": "PR-PLANT-5550199",
        "surname": "Ostrogothica",
        "forename": "Plantagenet",
        "date_of_birth": "1929-11-05",
    },
}
PLANTED_ROWS = range(0, 40, 4)  # ten rows of each file carry the planted values
POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Feed:
    raw_dir: Path
    database: Path
    build: subprocess.CompletedProcess[str]
    raw_rows: dict[str, int]
    planted_keys: dict[str, set[tuple[str, ...]]]
    planted_grid_values: set[str]


def _env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR / "profiles"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "HODH_DUCKDB_PATH": str(tmp / "warehouse.duckdb"),
        "HODH_TEMP_DIR": str(tmp / "duckdb_tmp"),
        "HODH_PSEUDONYM_KEY": "crime-feed-test-key-not-a-real-secret-0123456789",
    }


def _dbt(tmp: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run dbt from the project with its own warehouse, target and log folders."""
    return subprocess.run(
        [
            str(BIN / "dbt"), *args,
            "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs"),
            "--vars", json.dumps(variables),
        ],
        cwd=PROJECT_DIR, env=_env(tmp), capture_output=True, text=True, check=False,
    )  # fmt: skip


def _plant(raw_dir: Path) -> tuple[dict[str, set[tuple[str, ...]]], set[str]]:
    """Write the planted values into PLANTED_ROWS of each CRIS file; return the keys of
    the planted rows per file and the planted crimes' grid values."""
    keys: dict[str, set[tuple[str, ...]]] = {}
    grid_values: set[str] = set()
    for name, values in PLANTED.items():

        def plant_rows(rows: list[dict[str, str]], name: str = name, values: dict = values) -> None:
            key_columns = [c for c in list(rows[0])[:2] if c.endswith(("_ref", "_seq"))]
            keys[name] = set()
            for index in PLANTED_ROWS:
                rows[index].update(values)
                keys[name].add(tuple(rows[index][column].strip() for column in key_columns))
                if name == "cris_crimes.csv":
                    grid_values.update(
                        rows[index][column].strip()
                        for column in ("location_easting", "location_northing")
                        if rows[index][column].strip()
                    )

        edit_raw_file(raw_dir / name, plant_rows)
    return keys, grid_values


def _raw_rows(raw_dir: Path) -> dict[str, int]:
    """Data rows of each raw file, counted with a CSV reader (quoted fields may hold commas)."""
    counts = {}
    for path in raw_dir.glob("*.csv"):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            counts[path.name] = sum(1 for _ in csv.reader(handle)) - 1
    return counts


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Feed:
    tmp = tmp_path_factory.mktemp("crime_feed")
    raw_dir = tmp / "raw"
    generated = subprocess.run(
        [
            str(BIN / "hodh"), "generate", "--out", str(raw_dir), "--crimes", "3000",
            "--employees", "50", "--seed", "2024", "--dirty", "0.05", "--quiet",
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    planted_keys, grid_values = _plant(raw_dir)
    build = _dbt(tmp, "build", *CRIME_SELECTION, raw_dir=str(raw_dir))
    return Feed(
        raw_dir, tmp / "warehouse.duckdb", build, _raw_rows(raw_dir), planted_keys, grid_values
    )


@pytest.fixture(scope="module")
def warehouse(feed: Feed) -> Iterator[duckdb.DuckDBPyConnection]:
    assert feed.build.returncode == 0, feed.build.stdout[-4000:]
    connection = duckdb.connect(str(feed.database), read_only=True)
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


def test_build_passes_with_unit_and_data_tests(feed: Feed) -> None:
    assert feed.build.returncode == 0, feed.build.stdout[-4000:]
    summary = feed.build.stdout
    assert "unit tests" in summary and "data tests" in summary
    assert re.search(r"ERROR=0 ", summary)


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
        assert len(feed.planted_keys[raw_file] & keys) >= 5, raw_file


def test_no_planted_personal_value_in_any_export_table(
    feed: Feed, warehouse: duckdb.DuckDBPyConnection
) -> None:
    planted = {value.lower() for values in PLANTED.values() for value in values.values()}
    tables = _tables(warehouse, "export")
    assert set(CONTRACT) <= set(tables)
    for table in tables:
        cells = _cells(warehouse, "export", table)
        lowered = [cell.lower() for cell in cells]
        for value in planted:
            assert not any(value in cell for cell in lowered), (table, value)
        # no offence grid reference of a planted crime, and nothing shaped like a postcode
        assert not feed.planted_grid_values & cells, table
        assert not [cell for cell in cells if POSTCODE.search(cell)], table


def test_quarantine_holds_keys_and_reasons_only(
    feed: Feed, warehouse: duckdb.DuckDBPyConnection
) -> None:
    columns = [
        row[0]
        for row in warehouse.execute(
            "select column_name from information_schema.columns where table_schema = 'audit'"
            " and table_name = 'quarantine_cris' order by ordinal_position"
        ).fetchall()
    ]
    assert columns == ["raw_file", "raw_key", "reason"]
    cells = " ".join(_cells(warehouse, "audit", "quarantine_cris")).lower()
    for values in PLANTED.values():
        for value in values.values():
            assert value.lower() not in cells


def test_quarantine_is_not_empty_and_gives_each_planted_fault_its_reason(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    reasons = {
        (raw_file, reason)
        for raw_file, reason in warehouse.execute(
            "select distinct raw_file, reason from audit.quarantine_cris"
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
        " from intermediate.int_cris__reconciliation"
    ).fetchall()
    assert {row[0] for row in rows} == set(PLANTED)
    for raw_file, raw_rows, exported, quarantined, not_required in rows:
        assert raw_rows == feed.raw_rows[raw_file]  # counted here from the CSV, not by dbt
        assert raw_rows == exported + quarantined + not_required
        assert quarantined > 0
    export_rows = {
        "cris_crimes.csv": "crimes",
        "cris_victims.csv": "crime_victims",
        "cris_accused.csv": "crime_accused",
    }
    for raw_file, _, exported, _, _ in rows:
        count = warehouse.execute(f"select count(*) from export.{export_rows[raw_file]}").fetchone()
        assert count is not None and count[0] == exported


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


def _directory(path: Path, header: list[str]) -> Path:
    path.write_text(
        ",".join(header) + "\n" + ",".join(VALUES.get(name.lower(), "X") for name in header) + "\n"
    )
    return path


def _load_directory(
    feed: Feed, tmp: Path, directory: Path, msoa_year: int = 2021
) -> subprocess.CompletedProcess[str]:
    return _dbt(
        tmp, "run", "--select", "stg_onspd__postcodes",
        raw_dir=str(feed.raw_dir), postcode_directory=str(directory), msoa_year=str(msoa_year),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("layout", "msoa_year", "found", "grid"),
    [
        ("onspd_upper_case", 2011, "ONSPD header", True),
        ("nspl2025", 2021, "NSPL 2025 header", True),
        ("lookup", 2011, "ONS postcode lookup header", False),
    ],
)
def test_postcode_directory_header_sets_are_recognised(
    feed: Feed, tmp_path: Path, layout: str, msoa_year: int, found: str, grid: bool
) -> None:
    directory = _directory(tmp_path / f"{layout}.csv", LAYOUT_HEADERS[layout])
    completed = _load_directory(feed, tmp_path, directory, msoa_year)
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert f"postcode directory {directory}: {found}" in completed.stdout
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
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
    feed: Feed, tmp_path: Path, header: list[str], msoa_year: int, message: str
) -> None:
    directory = _directory(tmp_path / "directory.csv", header)
    completed = _load_directory(feed, tmp_path, directory, msoa_year)
    assert completed.returncode != 0
    lines = [line for line in completed.stdout.splitlines() if message in line]
    assert len(lines) == 1, completed.stdout[-3000:]
    assert f"postcode directory {directory}" in lines[0]
