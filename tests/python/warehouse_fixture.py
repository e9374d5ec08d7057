"""A small warehouse with the shape `dbt build` leaves, for the gate and package tests.

Built directly in DuckDB so the gates, the package and the run can be tested without the
dbt models: schema export with the nine contract tables (a small, clean, k-anonymous
population for k = 3, its dates at month precision), audit with the reconciliation, a
quarantine table holding personal values that must never leave, and run-report tables;
reference with the shipped seeds; intermediate with the validated HR tables the
re-identification gate reads what the intruder knows from (nobody holds a protected rank).
Raw files with matching row counts are written beside it for the reconciliation check.
"""

import csv
import hashlib
from pathlib import Path

import duckdb

from hodh import PROJECT_DIR
from hodh.inputs import raw_contract

K = 3
# A personal value planted in the quarantine table: it must never reach OUT or a report.
QUARANTINED_SURNAME = "Quarantinedsurname"

EXPORT_DDL = {
    "crimes": """crime_ref varchar, date_recorded date, date_cleared_up date,
        date_confirmed date, date_no_crimed date, classification_code varchar,
        crimsec_code varchar, status varchar, prefix varchar, offence_date_from date,
        offence_time_from varchar, offence_date_to date, offence_time_to varchar,
        msoa_code varchar, dv_flag varchar, hate_race varchar, hate_religion varchar,
        hate_sexual_orientation varchar, hate_disability varchar, hate_transgender varchar,
        gun_feature varchar, knife_feature varchar, victim_count integer,
        person_victim_count integer, accused_count integer""",
    "crime_victims": "crime_ref varchar, victim_seq integer, victim_type varchar",
    "crime_accused": """crime_ref varchar, accused_seq integer, proceedings_code varchar,
        proceedings_date date""",
    "employees": """employee_id varchar, staff_type varchar, date_joined date, date_left date,
        leaving_reason varchar, birth_year_band varchar, gender varchar, ethnicity_16 varchar,
        ethnicity_6 varchar, disability varchar, suspended varchar, probationer varchar,
        rejoiner varchar, transferee varchar, working_pattern varchar, hours_per_week double,
        employment_type varchar""",
    "rank_history": "employee_id varchar, rank_code varchar, start_date date, end_date date",
    "abstractions": """employee_id varchar, abstraction_type varchar, start_date date,
        end_date date, hours_lost double, days_lost double, assault_on_duty varchar""",
    "assignments": """employee_id varchar, bcu_code varchar, post_code varchar, start_date date,
        end_date date, secondment varchar""",
    "applicants": """applicant_id varchar, application_type varchar, date_received date,
        special varchar, graduate varchar, msoa_code varchar""",
    "applicant_status": "applicant_id varchar, status varchar, status_date date",
}
RAW_FILES = {
    "crimes": "cris_crimes.csv",
    "crime_victims": "cris_victims.csv",
    "crime_accused": "cris_accused.csv",
    "employees": "hr_employees.csv",
    "rank_history": "hr_rank_history.csv",
    "abstractions": "hr_abstractions.csv",
    "assignments": "hr_assignments.csv",
    "applicants": "hr_applicants.csv",
    "applicant_status": "hr_applicant_status.csv",
}
TRAINING_ROWS = 4
# (staff_type, gender, ethnicity_16, ethnicity_6, birth_year_band, rank_code, bcu_code);
# each class has K people, the class withheld on everything too (it is no exemption).
EMPLOYEE_CLASSES = [
    ("OFFICER", "M", "W1", "WHITE", "1970-1974", "PC", "CW"),
    ("STAFF", "F", "A1", "ASIAN", "1980-1984", "BAND_D", "HQ"),
    ("WITHHELD",) * 7,
]


def pseudonym(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def build_warehouse(path: Path) -> dict[str, int]:
    """Write the warehouse; returns the raw row count per raw file it reconciles to."""
    connection = duckdb.connect(str(path))
    try:
        _reference(connection)
        connection.execute("create schema export")
        for table, ddl in EXPORT_DDL.items():
            connection.execute(f"create table export.{table} ({ddl})")
        _crimes(connection)
        _employees(connection)
        _applicants(connection)
        return _audit(connection)
    finally:
        connection.close()


def write_raw_files(raw_dir: Path, raw_rows: dict[str, int]) -> None:
    """Raw CSVs with the contract's headers and the given number of (empty) rows."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    for name, columns in raw_contract().items():
        with (raw_dir / name).open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows([["x"] * len(columns)] * raw_rows[name])


def _reference(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("create schema reference")
    for seed in sorted((PROJECT_DIR / "seeds").glob("ref_*.csv")):
        connection.execute(
            f"create table reference.{seed.stem} as "
            f"select * from read_csv('{seed}', header = true, all_varchar = true)"
        )
    connection.execute(
        "alter table reference.ref_ranks alter seniority type integer using seniority::integer"
    )


def _crimes(connection: duckdb.DuckDBPyConnection) -> None:
    for number in range(1, 5):
        crime_ref = f"100000{number}/20"
        connection.execute(
            "insert into export.crimes values (?, date '2020-03-01', date '2020-03-05', "
            "date '2020-03-01', null, 'CL2801', '028/01', 'D', 'S', date '2020-02-28', "
            "'22:15', date '2020-02-29', '06:30', 'E02000001', 'N', 'N', 'N', 'N', 'N', 'N', "
            "'N', 'N', 2, 1, 1)",
            [crime_ref],
        )
        connection.execute(
            "insert into export.crime_victims values (?, 1, 'P'), (?, 2, 'O')",
            [crime_ref, crime_ref],
        )
        connection.execute(
            "insert into export.crime_accused values (?, 1, 'CHG', date '2020-04-01')",
            [crime_ref],
        )


def _employees(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("create schema intermediate")
    connection.execute(
        "create table intermediate.int_employees__validated (pay_number varchar, "
        "staff_type varchar, gender varchar, date_of_birth date, date_joined date, "
        "quarantine_reason varchar)"
    )
    connection.execute(
        "create table intermediate.int_rank_history__validated (pay_number varchar, "
        "rank_code varchar, start_date date, quarantine_reason varchar)"
    )
    people = [person for person in EMPLOYEE_CLASSES for _ in range(K)]
    for number, (staff, gender, eth16, eth6, band, rank, bcu) in enumerate(people):
        employee_id = pseudonym(f"E{number}")
        withheld = staff == "WITHHELD"
        connection.execute(
            "insert into export.employees values (?, ?, date '2001-09-01', null, null, ?, ?, "
            "?, ?, 'N', 'N', 'N', 'N', 'N', ?, ?, ?)",
            [employee_id, staff, band, gender, eth16, eth6]
            + (["WITHHELD", None, "WITHHELD"] if withheld else ["FT", 40.0, "PERMANENT"]),
        )
        connection.execute(
            "insert into export.rank_history values (?, ?, date '2001-09-01', null)",
            [employee_id, rank],
        )
        connection.execute(
            "insert into export.assignments values (?, ?, ?, date '2001-09-01', null, 'N')",
            [employee_id, bcu, None if withheld else "P1001"],
        )
        connection.execute(
            "insert into export.abstractions values "
            "(?, 'SICKNESS', date '2019-01-01', date '2019-01-01', 15.0, 2.0, 'N')",
            [employee_id],
        )
        true_staff, true_rank = ("OFFICER", "PC") if withheld else (staff, rank)
        connection.execute(
            "insert into intermediate.int_employees__validated values "
            "(?, ?, 'M', date '1971-02-03', date '2001-09-03', null)",
            [f"PN{number}", true_staff],
        )
        connection.execute(
            "insert into intermediate.int_rank_history__validated values "
            "(?, ?, date '2001-09-03', null)",
            [f"PN{number}", true_rank],
        )


def _applicants(connection: duckdb.DuckDBPyConnection) -> None:
    applicants = [("OFFICER", "E02000001")] * K + [("STAFF", None)] * K
    for number, (application_type, msoa_code) in enumerate(applicants):
        applicant_id = pseudonym(f"A{number}")
        connection.execute(
            "insert into export.applicants values (?, ?, date '2021-05-01', 'N', 'Y', ?)",
            [applicant_id, application_type, msoa_code],
        )
        connection.execute(
            "insert into export.applicant_status values "
            "(?, 'RECEIVED', date '2021-05-01'), (?, 'SIFTED', date '2021-06-01')",
            [applicant_id, applicant_id],
        )


def _audit(connection: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Reconciliation (one quarantined row per exported file) and the run-report tables."""
    connection.execute("create schema audit")
    rows = []
    for table, raw_file in RAW_FILES.items():
        (exported,) = connection.execute(f"select count(*) from export.{table}").fetchone()
        rows.append((raw_file, exported + 1, exported, 1, 0, 0, 0))
    rows.append(("hr_training.csv", TRAINING_ROWS, 0, 0, TRAINING_ROWS, 0, 0))
    connection.execute(
        "create table audit.reconciliation (raw_file varchar, raw_rows bigint, "
        "exported_rows bigint, quarantined_rows bigint, not_required_rows bigint, "
        "merged_rows bigint, withheld_rows bigint)"
    )
    connection.executemany("insert into audit.reconciliation values (?, ?, ?, ?, ?, ?, ?)", rows)
    connection.execute(
        "create table audit.quarantine as select 'hr_employees.csv' as raw_file, "
        f"'{QUARANTINED_SURNAME}' as raw_key, 'date_joined_missing' as reason"
    )
    connection.execute(
        "create table audit.msoa_mapping_summary as select * from (values "
        "('postcode', 4, 1.0), ('unmapped', 0, 0.0)) as t(method, crimes, share_of_crimes)"
    )
    connection.execute(
        "create table audit.rows_quarantined_by_reason as select * from (values "
        "('hr_employees.csv', 'date_joined_missing', 1)) as t(raw_file, reason, quarantined_rows)"
    )
    connection.execute(
        "create table audit.disclosure_control_steps as select * from (values "
        "('employees', 1, 'staff_type_withheld', 'staff_type', 'employees', 3, 9, 3)) "
        "as t(population, step_order, step, changes, counted, k, records, records_touched)"
    )
    connection.execute(
        "create table audit.disclosure_control_detail as select * from (values "
        "('employees', 1, 'staff_type', 9, 6, 0.6667), "
        "('employees', 1000, 'mean', 9, null, 0.6667)) "
        "as t(population, column_order, column_name, records, records_kept, share_kept)"
    )
    connection.execute(
        "create table audit.crime_disclosure_risk as select * from (values "
        "('minute', 4, 4, 1.0), ('hour', 4, 4, 1.0), ('day', 4, 2, 0.5)) "
        "as t(granularity, exported_crimes, unique_crimes, share_unique)"
    )
    return {raw_file: raw_rows for raw_file, raw_rows, *_ in rows}
