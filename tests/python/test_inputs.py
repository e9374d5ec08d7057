"""The raw input contract: a missing file or column stops a run with one line naming it."""

from pathlib import Path

import pytest

from hodh.inputs import InputError, check_raw_dir, raw_contract


def write_contract_files(raw_dir: Path) -> dict[str, list[str]]:
    contract = raw_contract()
    raw_dir.mkdir(parents=True, exist_ok=True)
    for file_name, columns in contract.items():
        (raw_dir / file_name).write_text(",".join(columns) + "\n", encoding="utf-8")
    return contract


def test_contract_covers_every_raw_file_of_the_specification() -> None:
    assert set(raw_contract()) == {
        "cris_crimes.csv", "cris_victims.csv", "cris_accused.csv",
        "hr_employees.csv", "hr_rank_history.csv", "hr_abstractions.csv",
        "hr_assignments.csv", "hr_training.csv", "hr_applicants.csv",
        "hr_applicant_status.csv",
    }  # fmt: skip
    assert raw_contract()["cris_crimes.csv"][0] == "crime_ref"


def test_complete_folder_passes(tmp_path: Path) -> None:
    write_contract_files(tmp_path)
    check_raw_dir(tmp_path)


def test_header_is_matched_regardless_of_case_and_spaces(tmp_path: Path) -> None:
    contract = write_contract_files(tmp_path)
    upper = " , ".join(column.upper() for column in contract["cris_victims.csv"])
    (tmp_path / "cris_victims.csv").write_text(upper + "\n", encoding="utf-8")
    check_raw_dir(tmp_path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    write_contract_files(tmp_path)
    (tmp_path / "hr_training.csv").unlink()
    with pytest.raises(InputError, match=r"hr_training\.csv is missing$"):
        check_raw_dir(tmp_path)


def test_missing_column_is_named(tmp_path: Path) -> None:
    contract = write_contract_files(tmp_path)
    columns = [c for c in contract["cris_crimes.csv"] if c != "dv_flag"]
    (tmp_path / "cris_crimes.csv").write_text(",".join(columns) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"cris_crimes\.csv is missing column dv_flag$"):
        check_raw_dir(tmp_path)


def test_empty_and_non_utf8_files_are_refused(tmp_path: Path) -> None:
    write_contract_files(tmp_path)
    (tmp_path / "hr_employees.csv").write_bytes(b"")
    with pytest.raises(InputError, match=r"hr_employees\.csv is empty"):
        check_raw_dir(tmp_path)
    (tmp_path / "hr_employees.csv").write_bytes(
        "pay_number,surname\n1,M\xfcller\n".encode("latin-1")
    )
    with pytest.raises(InputError, match="not UTF-8"):
        check_raw_dir(tmp_path)


def test_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        check_raw_dir(tmp_path / "nowhere")
