"""What leaves the force, and what a run leaves behind, end to end through `hodh run`.

Unique personal values are planted in every never-supplied column of every raw file;
after a published run none of them, and never the pseudonym key, may appear in the
package (CSV, Parquet, manifest, report), the audit log, or the run's logs and dbt
artifacts. Only the run's DuckDB file may hold them (staging and quarantine stay in
the warehouse)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from raw_files import edit_raw_file

HODH = str(Path(sys.executable).parent / "hodh")
KEY = "planted-pseudonym-key-7Zq4-never-to-leave-the-force"

# Per raw file: column -> planted value (dates unlikely to occur otherwise).
PLANTED = {
    "cris_crimes.csv": {
        "location_type": "ZQPLANT_LOCTYPE",
        "recording_officer_warrant": "ZQW481516",
        "investigating_officer_warrant": "ZQW234200",
        "mo_text": "Zqplant forced the rear window",
        "cash_in_transit": "Y",
    },
    "cris_victims.csv": {
        "surname": "Zqplantvictimsurname",
        "forename": "Zqplantvictimforename",
        "date_of_birth": "1903-04-05",
        "relationship_code": "ZQPLANT_REL",
        "injury_level": "ZQPLANT_INJURY",
    },
    "cris_accused.csv": {
        "person_ref": "ZQPR5550199",
        "surname": "Zqplantaccusedsurname",
        "forename": "Zqplantaccusedforename",
        "date_of_birth": "1904-05-06",
    },
    "hr_employees.csv": {
        "collar_number": "ZQC90210",
        "surname": "Zqplantemployeesurname",
        "forename": "Zqplantemployeeforename",
        "marital_status": "ZQPLANT_MARITAL",
        "basic_pay": "98765.43",
        "pensionable_service_date": "1905-06-07",
        "fitness_level": "ZQPLANT_FIT",
    },
    "hr_abstractions.csv": {"sickness_reason": "Zqplant sickness reason"},
    "hr_assignments.csv": {"post_title": "Zqplant post title", "seconded_to": "Zqplant unit"},
    "hr_training.csv": {"course_code": "ZQPLANT_COURSE"},
    "hr_applicants.csv": {
        "job_reference": "ZQJOB7788",
        "surname": "Zqplantapplicantsurname",
        "forename": "Zqplantapplicantforename",
        "date_of_birth": "1906-07-08",
    },
}
PLANTED_ROWS = range(0, 30, 3)


def plant(raw: Path) -> set[str]:
    """Write the planted values into PLANTED_ROWS; return them with the clear keys,
    postcodes and grid references those rows carry (never to leave either)."""
    secrets = {value for values in PLANTED.values() for value in values.values()}
    secrets.discard("Y")

    def plant_rows(rows: list[dict[str, str]], values: dict[str, str]) -> None:
        for index in PLANTED_ROWS:
            rows[index].update(values)
            for column in ("pay_number", "applicant_ref", "location_postcode", "home_postcode"):
                value = (rows[index].get(column) or "").strip()
                # An all-digit key (a pay number) is no marker: a log's microsecond
                # timestamps hold any six digits. The planted values above are.
                if len(value) >= 5 and not value.isdigit():
                    secrets.add(value)

    for name, values in PLANTED.items():
        edit_raw_file(raw / name, lambda rows, values=values: plant_rows(rows, values))
    return secrets


def readable_text(path: Path) -> str:
    """A file as text; Parquet pages are compressed, so read their values instead."""
    if path.suffix == ".parquet":
        return json.dumps(pq.read_table(path).to_pylist(), default=str)
    return path.read_bytes().decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[str]]:
    tmp = tmp_path_factory.mktemp("privacy")
    raw, out, work = tmp / "raw", tmp / "out", tmp / "work"
    subprocess.run(
        [HODH, "generate", "--out", str(raw), "--crimes", "600", "--employees", "300",
         "--seed", "21", "--dirty", "0.03", "--quiet"],
        check=True,
    )  # fmt: skip
    secrets = plant(raw)
    finished = subprocess.run(
        [HODH, "run", "--raw", str(raw), "--out", str(out), "--work", str(work)],
        capture_output=True, text=True, env={**os.environ, "HODH_PSEUDONYM_KEY": KEY},
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr[-3000:]
    [run_dir] = work.iterdir()
    (run_dir / "console.txt").write_text(finished.stdout + finished.stderr)
    return out, run_dir, secrets


def leaks(folder: Path, secrets: set[str]) -> dict[str, list[str]]:
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix in (".duckdb", ".wal"):
            continue  # the warehouse itself: personal data stays there by design
        text = readable_text(path)
        hits = [secret for secret in secrets if secret in text]
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found


def test_the_search_finds_every_planted_value_where_it_is(published) -> None:
    """The raw folder holds every planted value: the search below would see a leak."""
    out, _, secrets = published
    found = leaks(out.parent / "raw", secrets)
    assert {hit for hits in found.values() for hit in hits} == secrets


def test_nothing_planted_and_never_the_key_leaves_in_the_package(published) -> None:
    out, _, secrets = published
    assert len(secrets) > 60
    assert {p.suffix for p in out.rglob("*") if p.is_file()} >= {".csv", ".parquet", ".json"}
    assert leaks(out, {*secrets, KEY}) == {}


def test_nothing_planted_and_never_the_key_in_logs_artifacts_or_console(published) -> None:
    _, run_dir, secrets = published
    assert (run_dir / "target" / "manifest.json").is_file()
    assert (run_dir / "logs" / "dbt.log").is_file()
    assert leaks(run_dir, {*secrets, KEY}) == {}
