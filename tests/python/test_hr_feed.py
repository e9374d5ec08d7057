"""The HR feed end to end on a hand-built force (tests/python/hr_population.py):
the export contract, pseudonyms, k-anonymity of the linked person view
recomputed here in Python, the lone Commissioner and the chief officers from
tiny minority groups, quarantine and reconciliation, and no key or personal
value anywhere in target/, logs/ or the exported tables.

dbt builds the whole project once per module for k = 5 (the population's CRIS
files are empty), and once more, the disclosure control models only, for k = 10,
each with its own target path.
"""

import csv
import itertools
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import run_dbt
from hr_population import CHIEF_OFFICERS, Population, build_population

from hodh import PROJECT_DIR
from hodh.pseudonyms import pseudonymise

KEY = "0e8189c1ad3c66c594ef968a4b35b643a5db31e470ba66587e06f9bf24d67ac9"
EMPLOYEES = 3000
APPLICANTS = 400
HR_MARTS = {
    "employees": [
        ("employee_id", "VARCHAR"), ("staff_type", "VARCHAR"), ("date_joined", "DATE"),
        ("date_left", "DATE"), ("leaving_reason", "VARCHAR"), ("birth_year_band", "VARCHAR"),
        ("gender", "VARCHAR"), ("ethnicity_16", "VARCHAR"), ("ethnicity_6", "VARCHAR"),
        ("disability", "VARCHAR"), ("suspended", "VARCHAR"), ("probationer", "VARCHAR"),
        ("rejoiner", "VARCHAR"), ("transferee", "VARCHAR"), ("working_pattern", "VARCHAR"),
        ("hours_per_week", "DOUBLE"), ("employment_type", "VARCHAR"),
    ],
    "rank_history": [
        ("employee_id", "VARCHAR"), ("rank_code", "VARCHAR"),
        ("start_date", "DATE"), ("end_date", "DATE"),
    ],
    "abstractions": [
        ("employee_id", "VARCHAR"), ("abstraction_type", "VARCHAR"), ("start_date", "DATE"),
        ("end_date", "DATE"), ("hours_lost", "DOUBLE"), ("days_lost", "DOUBLE"),
        ("assault_on_duty", "VARCHAR"),
    ],
    "assignments": [
        ("employee_id", "VARCHAR"), ("bcu_code", "VARCHAR"), ("post_code", "VARCHAR"),
        ("start_date", "DATE"), ("end_date", "DATE"), ("secondment", "VARCHAR"),
    ],
    "applicants": [
        ("applicant_id", "VARCHAR"), ("application_type", "VARCHAR"), ("date_received", "DATE"),
        ("special", "VARCHAR"), ("graduate", "VARCHAR"), ("msoa_code", "VARCHAR"),
    ],
    "applicant_status": [
        ("applicant_id", "VARCHAR"), ("status", "VARCHAR"), ("status_date", "DATE"),
    ],
}  # fmt: skip
QUASI_IDENTIFIERS = [
    "staff_type", "gender", "ethnicity_16", "ethnicity_6", "birth_year_band", "rank_code",
    "bcu_code",
]  # fmt: skip
CHIEF_RANKS = {"COMM", "DCOMM", "AC", "DAC", "CMDR"}


@dataclass
class Build:
    population: Population
    raw: Path
    warehouse: Path
    target: Path
    logs: Path
    result: subprocess.CompletedProcess[str]

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as connection:
            return connection.execute(sql).fetchall()

    def records(self, sql: str) -> list[dict]:
        with duckdb.connect(str(self.warehouse), read_only=True) as connection:
            cursor = connection.execute(sql)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def build_hr(
    root: Path, raw: Path, selection: list[str], k: int, target: str
) -> subprocess.CompletedProcess[str]:
    """dbt build of the selection at k, into root's warehouse with its own target path
    (the dbt unit tests run in test_dbt_unit_tests)."""
    project = root / target
    project.mkdir(exist_ok=True)
    warehouse = root / "warehouse.duckdb"
    return run_dbt(
        "build", "--select", *selection, "--exclude-resource-type", "unit_test",
        root=project, dbt_vars={"raw_dir": str(raw), "k_anonymity": k},
        env={"HODH_DUCKDB_PATH": str(warehouse)}, key=KEY,
    )  # fmt: skip


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("hr_feed")
    population = build_population(EMPLOYEES, seed=2010, applicants=APPLICANTS)
    raw = population.write(root / "raw")
    result = build_hr(root, raw, ["*"], 5, "k5")
    return Build(
        population,
        raw,
        root / "warehouse.duckdb",
        root / "k5" / "target",
        root / "k5" / "logs",
        result,
    )


@pytest.fixture(scope="module")
def build_k10(build: Build) -> Build:
    """The same warehouse, disclosure control and everything after it rebuilt for k = 10."""
    root = build.warehouse.parent
    selection = ["int_employees__generalised+", "int_applicants__generalised+"]
    result = build_hr(root, build.raw, selection, 10, "k10")
    return Build(
        build.population, build.raw, build.warehouse, root / "k10" / "target", build.logs, result
    )


def linked_view(build: Build) -> list[dict]:
    """The linked person view recomputed in Python from the export tables only."""
    seniority: dict[str, int] = {}
    with (PROJECT_DIR / "seeds" / "ref_ranks.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            for value in (row["rank_code"], row["rank_group"]):
                seniority[value] = max(seniority.get(value, 0), int(row["seniority"]))
    most_senior: dict[str, str] = {}
    for employee_id, rank_code in build.query(
        "select employee_id, rank_code from export.rank_history"
    ):
        best = most_senior.get(employee_id)
        key = (-seniority.get(rank_code, -1), rank_code)
        if best is None or key < (-seniority.get(best, -1), best):
            most_senior[employee_id] = rank_code
    latest: dict[str, tuple] = {}
    for employee_id, bcu_code, start, end in build.query(
        "select employee_id, bcu_code, start_date, end_date from export.assignments"
    ):
        # latest start, then an open assignment, then the later end, then the lower code
        key = (start, end is None, end or start, tuple(-ord(c) for c in bcu_code))
        if employee_id not in latest or key > latest[employee_id][0]:
            latest[employee_id] = (key, bcu_code)
    view = build.records(
        f"select employee_id, {', '.join(QUASI_IDENTIFIERS[:5])} from export.employees"
    )
    for person in view:
        person["rank_code"] = most_senior.get(person["employee_id"])
        person["bcu_code"] = latest.get(person["employee_id"], (None, None))[1]
    return view


def small_classes(view: list[dict], k: int) -> list[dict]:
    def values(person: dict) -> tuple:
        return tuple(person[column] for column in QUASI_IDENTIFIERS)

    sizes = Counter(values(person) for person in view)
    return [
        person
        for person in view
        if sizes[values(person)] < k
        and not all(person[c] in (None, "WITHHELD") for c in QUASI_IDENTIFIERS)
    ]


def test_dbt_build_passes_every_model_and_test(build: Build) -> None:
    assert build.result.returncode == 0, build.result.stdout[-4000:]
    for name in (
        "assert_employees_k_anonymous",
        "assert_applicants_k_anonymous",
        "rows_add_up_reconciliation",
    ):
        assert f"PASS {name}" in build.result.stdout


@pytest.mark.parametrize("table", HR_MARTS)
def test_marts_carry_exactly_the_contract_columns(build: Build, table: str) -> None:
    columns = build.query(
        "select column_name, data_type from information_schema.columns "
        f"where table_schema = 'export' and table_name = '{table}' order by ordinal_position"
    )
    assert columns == HR_MARTS[table]


def test_employee_and_applicant_ids_are_hmac_of_the_normalised_keys(build: Build) -> None:
    def expected(raw_file: str, key_column: str, domain: str) -> set[str]:
        rows = build.population.files[raw_file]
        return {
            pseudonymise(row[key_column].strip().upper(), KEY.encode(), domain)
            for row in rows
            if row.get(key_column, "").strip()
        }

    employee_ids = {row[0] for row in build.query("select employee_id from export.employees")}
    applicant_ids = {row[0] for row in build.query("select applicant_id from export.applicants")}
    assert employee_ids and employee_ids <= expected("hr_employees.csv", "pay_number", "employee")
    assert applicant_ids and applicant_ids <= expected(
        "hr_applicants.csv", "applicant_ref", "applicant"
    )
    assert all(len(i) == 64 and i == i.lower() for i in employee_ids | applicant_ids)


def test_linked_view_from_the_export_is_k_anonymous(build: Build) -> None:
    view = linked_view(build)
    assert len(view) >= EMPLOYEES
    assert small_classes(view, 5) == []


def test_applicants_are_k_anonymous_on_type_and_msoa(build: Build) -> None:
    rows = build.query("select application_type, msoa_code from export.applicants")
    sizes = Counter(rows)
    assert all(sizes[row] >= 5 or row[0] == "WITHHELD" for row in rows)
    assert any(msoa is not None for _, msoa in rows)  # MSOAs shared by k applicants stay


def test_chief_officers_end_in_classes_of_k_while_most_constables_keep_full_detail(
    build: Build,
) -> None:
    chiefs = build.records(
        "select * from intermediate.int_employees__generalised "
        f"where pay_number <= 'PN{len(CHIEF_OFFICERS):06d}'"
    )
    assert len(chiefs) == len(CHIEF_OFFICERS)
    for chief in chiefs:
        final_class = [v for k, v in chief.items() if k.startswith("class_size_after_")][-1]
        assert chief["is_exempt"] or final_class >= 5
        assert chief["rank_code"] in {"CHIEF_OFFICER", "WITHHELD"}
    # No chief officer rank code survives anywhere in the export.
    codes = {row[0] for row in build.query("select distinct rank_code from export.rank_history")}
    assert not codes & CHIEF_RANKS
    # The lone Commissioner cannot be picked out.
    view = linked_view(build)
    assert small_classes(view, 5) == []

    constables = build.records(
        "select generalised.* from intermediate.int_employees__generalised as generalised "
        "inner join intermediate.int_employees__linked as linked using (pay_number) "
        "where linked.rank_code = 'PC'"
    )
    untouched = [
        c for c in constables if not any(v for k, v in c.items() if k.startswith("applied_"))
    ]
    assert len(untouched) > 0.6 * len(constables)


def test_generalisation_is_the_same_in_every_table(build: Build) -> None:
    """The pseudonyms are never a table in the warehouse: the test makes its own map."""
    pay_numbers = [
        row["pay_number"].strip().upper()
        for row in build.population.files["hr_employees.csv"]
        if row.get("pay_number", "").strip()
    ]
    pseudonyms = [(p, pseudonymise(p, KEY.encode(), "employee")) for p in set(pay_numbers)]
    with duckdb.connect(str(build.warehouse), read_only=True) as connection:
        connection.execute("create temp table pseudonyms (pay_number varchar, employee_id varchar)")
        connection.executemany("insert into pseudonyms values (?, ?)", pseudonyms)
        grouped = connection.execute(
            "select rank_history.rank_code from export.rank_history "
            "inner join pseudonyms using (employee_id) "
            "inner join intermediate.int_employees__generalised as generalised using (pay_number) "
            "where generalised.rank_shown_as = 'GROUP'"
        ).fetchall()
        forced = connection.execute(
            "select distinct assignments.bcu_code from export.assignments "
            "inner join pseudonyms using (employee_id) "
            "inner join intermediate.int_employees__generalised as generalised using (pay_number) "
            "where generalised.bcu_shown_as = 'FORCE'"
        ).fetchall()
    groups = {row[0] for row in grouped}
    assert grouped and not groups & {"PC", "PS", "INSP", "CI", "SUPT", "CSUPT", *CHIEF_RANKS}
    assert forced == [("FORCE",)]


def test_report_counts_each_step_and_ends_at_k(build: Build) -> None:
    steps = build.records(
        "select * from audit.disclosure_control_steps "
        "where population = 'employees' order by step_order"
    )
    assert [s["step"] for s in steps] == [
        "none", "ethnicity_16_withheld", "birth_year_band_widened", "rank_grouped",
        "bcu_to_force", "birth_year_band_withheld", "ethnicity_withheld", "all_withheld",
    ]  # fmt: skip
    assert steps[0]["smallest_class_after"] < 5 and steps[0]["records_below_k_after"] > 0
    # a step touches exactly the records still below k after the one before
    for before, step in itertools.pairwise(steps):
        assert step["records_touched"] == before["records_below_k_after"]
    assert steps[-1]["smallest_class_after"] >= 5 and steps[-1]["records_below_k_after"] == 0
    assert {s["records"] for s in steps} == {len(linked_view(build))}


def test_quarantine_and_reconciliation(build: Build) -> None:
    reasons = set(build.query("select raw_file, raw_key, reason from audit.quarantine"))
    assert {
        ("hr_employees.csv", "PN000021", "duplicate_pay_number"),
        ("hr_employees.csv", "PN900001", "ethnicity_code_unknown"),
        ("hr_employees.csv", None, "pay_number_missing"),
        ("hr_employees.csv", "PN900002", "date_left_before_date_joined"),
        ("hr_rank_history.csv", "PN900002", "employee_quarantined"),
        ("hr_rank_history.csv", "PN999999", "orphan_no_employee"),
        ("hr_rank_history.csv", "PN000030", "rank_code_unknown"),
        ("hr_rank_history.csv", "PN000031", "end_date_before_start_date"),
        ("hr_assignments.csv", "PN000032", "bcu_code_unknown"),
        ("hr_abstractions.csv", "PN999998", "orphan_no_employee"),
        ("hr_applicants.csv", "AP000000", "duplicate_applicant_ref"),
        ("hr_applicant_status.csv", "AP999999", "orphan_no_applicant"),
    } <= reasons
    reconciliation = build.records("select * from audit.reconciliation where raw_file like 'hr_%'")
    assert {r["raw_file"] for r in reconciliation} == {
        f for f in build.population.files if f.startswith("hr_")
    }
    for row in reconciliation:
        assert row["raw_rows"] == len(build.population.files[row["raw_file"]])
        assert row["raw_rows"] == (
            row["exported_rows"] + row["quarantined_rows"] + row["not_required_rows"]
        )
        if row["raw_file"] == "hr_training.csv":
            assert row["not_required_rows"] == row["raw_rows"] and row["exported_rows"] == 0


def test_no_key_or_personal_value_in_target_logs_or_exports(build: Build, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    with duckdb.connect(str(build.warehouse), read_only=True) as connection:
        for table in HR_MARTS:
            connection.execute(f"copy export.{table} to '{exports / table}.csv' (header)")
    planted = [*build.population.planted, "planted"]
    assert len(planted) > 100
    files = [
        path
        for folder in (build.target, build.logs, exports)
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in {".msgpack"}
    ]
    assert any(path.name == "manifest.json" for path in files)
    assert any(path.name == "run_results.json" for path in files)
    for path in files:
        text = path.read_text(errors="replace")
        assert KEY not in text, path
        if path.parent == exports:
            lowered = text.lower()
            leaked = [value for value in planted if value.lower() in lowered]
        else:
            # target/ and logs/ hold SQL and test names, never data values
            leaked = [value for value in build.population.planted if value in text]
        assert leaked == [], (path, leaked[:5])


def test_k10_holds_on_the_linked_view(build_k10: Build) -> None:
    assert build_k10.result.returncode == 0, build_k10.result.stdout[-4000:]
    assert small_classes(linked_view(build_k10), 10) == []
    final = build_k10.records(
        "select * from audit.disclosure_control_steps where step = 'all_withheld'"
    )
    assert {row["k"] for row in final} == {10}
    assert all(row["smallest_class_after"] >= 10 for row in final)
