"""The raw input contract: every shape of a real extract is read, a file no reader can
trust stops a run with one line naming it, the line and what is wrong (never a value)."""

import hashlib
from pathlib import Path

import duckdb
import pytest

from hodh.inputs import InputError, check_raw_dir, count_rows, describe_inputs, raw_contract
from hodh.project import project_var

OPTIONS = project_var("raw_csv_options")  # exactly as the dbt sources read a raw file
HEADER = b"crime_ref,mo_text,status"


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
    (tmp_path / "hr_employees.csv").write_bytes("pay_number,surname\n".encode("utf-16"))
    with pytest.raises(InputError, match="not UTF-8"):
        check_raw_dir(tmp_path)


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    contract = write_contract_files(tmp_path)
    header = ",".join(contract["hr_employees.csv"]).encode()
    (tmp_path / "hr_employees.csv").write_bytes(b"\xef\xbb\xbf" + header + b"\r\n")
    check_raw_dir(tmp_path)


def read_back(path: Path) -> list[tuple[str, ...]]:
    with duckdb.connect() as connection:
        return connection.execute(f"select * from read_csv('{path}', {OPTIONS})").fetchall()


# Each shape section 2 of the requirement allows, as the bytes of a small crimes-like file,
# with the rows a reader must count and the values it must see.
SHAPES = {
    "quoted comma": (b'1,"forced, then fled",D\n', 1, ("1", "forced, then fled", "D")),
    "doubled quote": (b'1,"said ""open up""",D\n', 1, ("1", 'said "open up"', "D")),
    "LF in a quoted field": (b'1,"one\ntwo",D\n2,x,U\n', 2, ("1", "one\ntwo", "D")),
    "CRLF in a quoted field": (b'1,"one\r\ntwo",D\r\n', 1, ("1", "one\r\ntwo", "D")),
    "CRLF row ends": (b"1,a,D\r\n2,b,U\r\n", 2, ("1", "a", "D")),
    "non-ASCII text": ("1,Zoë Ní Łukasz,D\n".encode(), 1, ("1", "Zoë Ní Łukasz", "D")),
    "no final newline": (b"1,a,D\n2,b,U", 2, ("1", "a", "D")),
}  # fmt: skip


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("byte_order_mark", [b"", b"\xef\xbb\xbf"], ids=["", "BOM"])
def test_every_shape_of_a_real_extract_is_read(
    tmp_path: Path, shape: str, byte_order_mark: bytes
) -> None:
    body, rows, first = SHAPES[shape]
    newline = b"\r\n" if b"\r\n" in body else b"\n"
    path = tmp_path / "shape.csv"
    path.write_bytes(byte_order_mark + HEADER + newline + body)
    assert count_rows(path, OPTIONS) == rows
    assert read_back(path)[0] == first


def test_a_truncated_last_row_is_counted_not_read_and_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "truncated.csv"
    path.write_bytes(HEADER + b'\n1,"a\nb",D\n2,c,U\n3,tru')
    # dbt reads the two whole rows and puts the third back, quarantined (row_truncated)
    assert [row[0] for row in read_back(path)] == ["1", "2"]
    assert count_rows(path, OPTIONS) == 3


def test_a_row_with_extra_fields_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_bytes(HEADER + b"\n1,a,D\n2,unquoted, comma,U\n")
    assert count_rows(path, OPTIONS) == 2


# Files no reader can trust: their rows (each padded to the contract's width), the line the
# problem is on (as an editor counts lines) and what the refusal says.
UNREADABLE = {
    "Latin-1 bytes": ([b"1,a", "2,M\xfcller".encode("latin-1")], 3, "not UTF-8"),
    "quote never closed, mid-file": ([b'1,"Zqsecret'] + [b"2,b"] * 50, 2, "never closed"),
    # past the rows DuckDB samples to sniff the dialect: found by its reader, not its sniffer
    "quote never closed, at the end": ([b"2,b"] * 30000 + [b'1,"Zqsecret'], 30002, "closed"),
}


@pytest.mark.parametrize("problem", UNREADABLE)
def test_an_unreadable_file_is_refused_with_its_line_and_no_value(
    tmp_path: Path, problem: str
) -> None:
    rows, line, what = UNREADABLE[problem]
    columns = write_contract_files(tmp_path)["cris_crimes.csv"]
    padding = b"," * (len(columns) - 2)
    path = tmp_path / "cris_crimes.csv"
    path.write_bytes(b"\n".join([",".join(columns).encode(), *(row + padding for row in rows)]))
    with pytest.raises(InputError) as refused:
        describe_inputs(tmp_path, OPTIONS)
    message = str(refused.value)
    assert message.startswith(f"raw file {path} is unreadable at line {line}: ")
    assert what in message
    assert "\n" not in message and "Zqsecret" not in message and "ller" not in message


def test_inputs_are_counted_and_checksummed_as_read(tmp_path: Path) -> None:
    contract = write_contract_files(tmp_path)
    crimes = tmp_path / "cris_crimes.csv"
    width = len(contract[crimes.name])
    with crimes.open("a", encoding="utf-8", newline="") as handle:
        handle.write(",".join(["1234567/23", '"two\nlines"', *[""] * (width - 2)]) + "\r\n")
        handle.write("1234568/23,CW\n")  # truncated: counted, quarantined by dbt
    inputs = describe_inputs(tmp_path, OPTIONS)
    assert inputs[crimes.name] == {
        "sha256": hashlib.sha256(crimes.read_bytes()).hexdigest(),
        "rows": 2,
    }
    others = {name: entry["rows"] for name, entry in inputs.items() if name != crimes.name}
    assert others == dict.fromkeys(set(raw_contract()) - {crimes.name}, 0)
