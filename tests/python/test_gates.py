"""The expectation gates pass on a clean warehouse and fail, by name, on planted faults.

Each fault is one a data protection officer relies on the gates to stop: a postcode in an
exported column, a duplicate key, an ethnicity code outside the 16+1 list, a class of the
linked person view smaller than k, a column dropped from the contract, a raw row that the
reconciliation does not account for. An expectation that raised and a suite that cannot
be loaded are failures too, never passes.
"""

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from warehouse_fixture import QUARANTINED_SURNAME, RAW_FILES, K, build_warehouse

from hodh.gates import SUITES_DIR, SuiteOutcome, load_suite, run_gates
from hodh.gx_duckdb import DuckDBWarehouse

PLANTED_POSTCODE = "sw1a 1aa"


def gates(
    warehouse: Path, report: Path, raw_rows: dict[str, int], suites_dir: Path = SUITES_DIR
) -> dict[str, SuiteOutcome]:
    outcomes = run_gates(
        DuckDBWarehouse(warehouse, settings={}),
        report,
        run_id="test-run",
        k=K,
        raw_rows=raw_rows,
        tables=list(RAW_FILES),
        suites_dir=suites_dir,
    )
    return {outcome.suite: outcome for outcome in outcomes}


def failed(outcomes: dict[str, SuiteOutcome]) -> set[str]:
    return {failure for outcome in outcomes.values() for failure in outcome.failures()}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, SuiteOutcome], Path]:
    folder = tmp_path_factory.mktemp("clean")
    raw_rows = build_warehouse(folder / "hodh.duckdb")
    return gates(folder / "hodh.duckdb", folder / "report", raw_rows), folder / "report"


@pytest.fixture(scope="module")
def corrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, SuiteOutcome], Path]:
    """One warehouse with every planted fault: each test below looks for its own."""
    folder = tmp_path_factory.mktemp("corrupted")
    raw_rows = build_warehouse(folder / "hodh.duckdb")
    raw_rows["hr_training.csv"] += 1  # a raw row the warehouse never saw
    with duckdb.connect(str(folder / "hodh.duckdb")) as connection:
        connection.execute(
            f"update export.assignments set post_code = 'near {PLANTED_POSTCODE}' "
            "where rowid = (select min(rowid) from export.assignments)"
        )
        connection.execute("insert into export.crimes select * from export.crimes limit 1")
        connection.execute(
            "update export.employees set ethnicity_16 = 'X7' "
            "where rowid = (select min(rowid) from export.employees)"
        )
        # One officer moves to another BCU: a class of one on the linked person view.
        connection.execute(
            "update export.assignments set bcu_code = 'SO' "
            "where rowid = (select max(rowid) from export.assignments where bcu_code = 'CW')"
        )
        connection.execute("alter table export.applicants drop column graduate")
    return gates(folder / "hodh.duckdb", folder / "report", raw_rows), folder / "report"


def test_every_suite_passes_on_a_clean_warehouse(clean) -> None:
    outcomes, _ = clean
    assert set(outcomes) == {*RAW_FILES, "reconciliation"}
    assert failed(outcomes) == set()
    assert all(outcome.expectations for outcome in outcomes.values())


def test_a_postcode_in_any_text_column_fails(corrupted) -> None:
    outcomes, _ = corrupted
    assert "assignments: expect_column_values_to_not_match_regex(post_code)" in failed(outcomes)


def test_a_duplicate_key_fails_uniqueness_and_the_reconciled_row_count(corrupted) -> None:
    outcomes, _ = corrupted
    assert {
        "crimes: expect_column_values_to_be_unique(crime_ref)",
        "crimes: expect_table_row_count_to_equal",
    } <= failed(outcomes)


def test_an_unknown_ethnicity_code_fails(corrupted) -> None:
    outcomes, _ = corrupted
    assert {
        "employees: expect_column_values_to_be_in_set(ethnicity_16)",
        "employees: expect_column_pair_values_to_be_in_set(ethnicity_16, ethnicity_6)",
    } <= failed(outcomes)


def test_a_class_smaller_than_k_fails_k_anonymity(corrupted, clean) -> None:
    assert "employees: the extended linked person view is k-anonymous" in failed(corrupted[0])
    # The clean warehouse's people withheld on everything are a class of k too: withholding
    # everything is no exemption.
    assert "employees: the extended linked person view is k-anonymous" not in failed(clean[0])


def test_a_column_missing_from_the_contract_fails_and_its_raised_checks_count_as_failures(
    corrupted,
) -> None:
    outcomes, _ = corrupted
    applicants = outcomes["applicants"]
    assert not applicants.passed
    raised = [e for e in applicants.expectations if e.raised]
    assert raised and not any(e.passed for e in raised)
    assert any(
        label.startswith("applicants: expect_table_columns_to_match_ordered_list")
        for label in failed(outcomes)
    )


def test_a_raw_row_not_accounted_for_fails_the_reconciliation(corrupted) -> None:
    outcomes, _ = corrupted
    assert "reconciliation: expect_column_pair_values_to_be_in_set(raw_file, raw_rows)" in failed(
        outcomes
    )


def test_the_report_names_no_value_from_the_data(corrupted) -> None:
    _, report = corrupted
    text = "\n".join(page.read_text() for page in report.rglob("*.html")).lower()
    assert PLANTED_POSTCODE not in text
    assert "x7" not in text
    assert QUARANTINED_SURNAME.lower() not in text


def test_the_data_docs_load_nothing_from_the_internet(corrupted) -> None:
    _, report = corrupted
    pages = list(report.rglob("*.html"))
    assert {page.parent.name for page in pages} >= {"expectations"}
    assert any("validations" in page.parts for page in pages)
    for page in pages:
        html = page.read_text()
        for remote in ('src="http', 'href="http', "url('http", 'url("http', "url(http"):
            assert remote not in html, (page, remote)


def test_an_export_table_without_a_suite_fails(tmp_path: Path) -> None:
    raw_rows = build_warehouse(tmp_path / "hodh.duckdb")
    suites = tmp_path / "suites"
    suites.mkdir()
    shutil.copy(SUITES_DIR / "crime_victims.json", suites)
    outcomes = gates(tmp_path / "hodh.duckdb", tmp_path / "report", raw_rows, suites)
    assert outcomes["crime_victims"].passed
    assert "crimes: no expectation suite" in failed(outcomes)


def test_a_suite_with_an_invalid_expectation_fails_instead_of_dropping_it(tmp_path: Path) -> None:
    raw_rows = build_warehouse(tmp_path / "hodh.duckdb")
    suites = tmp_path / "suites"
    suites.mkdir()
    document = json.loads((SUITES_DIR / "crime_victims.json").read_text())
    document["expectations"].append(
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "victim_type"}}
    )
    (suites / "crime_victims.json").write_text(json.dumps(document))
    outcomes = gates(tmp_path / "hodh.duckdb", tmp_path / "report", raw_rows, suites)
    assert outcomes["crime_victims"].error == "suite could not be loaded (ValidationError)"
    assert not outcomes["crime_victims"].passed


def test_every_text_column_of_every_export_suite_is_checked_for_postcodes() -> None:
    for table in RAW_FILES:
        suite = load_suite(SUITES_DIR / f"{table}.json")
        columns = next(
            e.column_list
            for e in suite.expectations
            if e.expectation_type == "expect_table_columns_to_match_ordered_list"
        )
        text_columns = {
            e.column
            for e in suite.expectations
            if e.expectation_type == "expect_column_values_to_be_of_type" and e.type_ == "String"
        }
        checked = {
            e.column
            for e in suite.expectations
            if e.expectation_type == "expect_column_values_to_not_match_regex"
        }
        typed = {
            e.column
            for e in suite.expectations
            if e.expectation_type.startswith("expect_column_values_to_be_")
            and "type" in e.expectation_type
        }
        assert typed == set(columns), table
        assert text_columns <= checked, table


def test_a_raw_file_missing_from_the_reconciliation_fails_its_table_and_the_reconciliation(
    tmp_path: Path,
) -> None:
    raw_rows = build_warehouse(tmp_path / "hodh.duckdb")
    with duckdb.connect(str(tmp_path / "hodh.duckdb")) as connection:
        connection.execute("delete from audit.reconciliation where raw_file = 'cris_crimes.csv'")
    outcomes = gates(tmp_path / "hodh.duckdb", tmp_path / "report", raw_rows)
    assert outcomes["crimes"].error == "could not be run: no value for crimes_published_rows"
    assert "reconciliation: expect_column_distinct_values_to_equal_set(raw_file)" in failed(
        outcomes
    )
    assert outcomes["crime_victims"].passed
