"""The raw input contract: which CSV files and columns a run needs, and whether it can read them.

The dbt sources yml files are the one statement of the contract; this module reads them so
that `hodh run` refuses unusable input (exit 2) before dbt starts, with the rule the dbt hook
`check_raw_inputs` applies. It also reads every raw file once as the dbt sources will read
it (the same DuckDB options, from dbt_project.yml), to count its rows independently of the
warehouse and to refuse a file that no reader can trust: bytes that are not UTF-8, or a
quoted field that is never closed (it would swallow the rows after it). A row that merely
has fewer or more fields than the header (a truncated last row) is counted: dbt quarantines
it. Every refusal is one line naming the file, the line and what is wrong, never a value.
"""

import codecs
import csv
import hashlib
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import duckdb
import yaml

from hodh import PROJECT_DIR

SOURCE_FILES = ("models/staging/cris/_cris__sources.yml", "models/staging/hr/_hr__sources.yml")
CHUNK = 1 << 20
# DuckDB's names for a row that does not split into the header's fields: dbt quarantines
# such a row (macro malformed_row_reasons); any other error type makes the file unreadable.
SPLIT_ERRORS = frozenset({"MISSING COLUMNS", "TOO MANY COLUMNS"})
DUCKDB_ERRORS = {
    "UNQUOTED VALUE": "a quoted field is never closed, or text follows its closing quote",
    "INVALID ENCODING": "a byte sequence that is not UTF-8",
    "LINE SIZE OVER MAXIMUM": "a row longer than DuckDB's maximum line size (an unclosed quote?)",
}
PYTHON_CSV_ERRORS = {
    "unexpected end of data": "a quoted field opened here is never closed",
    "expected after": "text follows the closing quote of a field",
    "field larger than field limit": "a field longer than any real value (an unclosed quote?)",
    "line contains NUL": "a NUL byte (binary data, or a file that is not UTF-8 text)",
}


class InputError(Exception):
    """Input that no run can use: the message is one line naming the problem."""


def raw_contract(project_dir: Path = PROJECT_DIR) -> dict[str, list[str]]:
    """Return {raw file name: [columns]} as the dbt sources declare them."""
    contract: dict[str, list[str]] = {}
    for relative in SOURCE_FILES:
        document = yaml.safe_load((project_dir / relative).read_text())
        for source in document["sources"]:
            for table in source["tables"]:
                contract[f"{table['name']}.csv"] = [c["name"] for c in table["columns"]]
    return contract


def read_header(path: Path) -> list[str]:
    """The header row of a raw CSV, lower-cased and trimmed (a byte order mark is skipped)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError:
        raise InputError(f"raw file {path} is not UTF-8: line 1 has bytes that are not") from None
    if not header:
        raise InputError(f"raw file {path} is empty: it has no header row")
    return [name.strip().lower() for name in header]


def check_raw_dir(raw_dir: Path, project_dir: Path = PROJECT_DIR) -> None:
    """Raise InputError unless every raw file exists with every contract column."""
    if not raw_dir.is_dir():
        raise InputError(f"raw folder {raw_dir} does not exist")
    for file_name, columns in raw_contract(project_dir).items():
        path = raw_dir / file_name
        if not path.is_file():
            raise InputError(f"raw file {path} is missing")
        header = read_header(path)
        for column in columns:
            if column not in header:
                raise InputError(f"raw file {path} is missing column {column}")


def describe_inputs(raw_dir: Path, csv_options: str) -> dict[str, dict[str, Any]]:
    """Per raw file of the contract: its sha256 and its rows, as dbt's sources read them.

    rows counts every row after the header, including rows that do not split into the
    header's fields (dbt quarantines them). Raises InputError for a file no reader can trust.
    """
    return {
        name: {
            "sha256": checksum_utf8(raw_dir / name),
            "rows": count_rows(raw_dir / name, csv_options),
        }
        for name in raw_contract()
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    for chunk in _chunks(path):
        digest.update(chunk)
    return digest.hexdigest()


def checksum_utf8(path: Path) -> str:
    """The file's sha256, checking on the way that it is UTF-8 (InputError if not)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    for chunk in _chunks(path):
        digest.update(chunk)
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            # error.start counts from the bytes the decoder still held from the last chunk
            held = len(error.object) - len(chunk)
            _refuse_at(path, offset - held + error.start, "a byte sequence that is not UTF-8")
        offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        _refuse_at(path, offset - 1, "the file ends inside a UTF-8 character")
    return digest.hexdigest()


def count_rows(path: Path, csv_options: str) -> int:
    """Rows after the header, read with the dbt sources' options; rows set aside because they
    do not split into the header's fields are counted too (dbt puts them back, quarantined)."""
    # A connection of its own: DuckDB keeps what a scan set aside in temporary tables, and a
    # scan that sets nothing aside leaves no trace, so an earlier file's rows would show.
    with closing(duckdb.connect()) as connection:
        try:
            ((rows,),) = connection.execute(
                f"select count(*) from read_csv({_literal(path)}, {csv_options})"
            ).fetchall()  # all of it: DuckDB stores the set-aside rows when the scan ends
        except duckdb.Error as error:
            _diagnose(path, type(error).__name__)
        errors = connection.execute(
            "select line, byte_position, error_type from reject_errors order by line, byte_position"
        ).fetchall()
    set_aside: dict[int, list[tuple[int, str]]] = {}
    for line, byte_position, error_type in errors:
        set_aside.setdefault(line, []).append((byte_position, error_type))
    for errors in set_aside.values():
        fatal = [(position, kind) for position, kind in errors if kind not in SPLIT_ERRORS]
        if fatal:
            position, kind = fatal[0]
            _refuse_at(path, position, DUCKDB_ERRORS.get(kind, kind.lower()))
    return rows + len(set_aside)


def _diagnose(path: Path, duckdb_error: str) -> None:
    """DuckDB could not read the file at all: refuse it at the first line that breaks
    RFC 4180, or, when there is none, with DuckDB's error class."""
    broken = first_unreadable_line(path)
    if broken:
        line, what = broken
        raise InputError(f"raw file {path} is unreadable at line {line}: {what}")
    raise InputError(f"raw file {path} is not readable CSV (DuckDB: {duckdb_error})")


def first_unreadable_line(path: Path) -> tuple[int, str] | None:
    """The first line that breaks RFC 4180 and why, found with Python's strict csv reader
    (slow, but only used once DuckDB has refused the file); None when every line reads."""
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
        reader = csv.reader(handle, strict=True)
        record_start = 1
        try:
            for _ in reader:
                record_start = reader.line_num + 1
        except csv.Error as error:
            what = next(
                (text for key, text in PYTHON_CSV_ERRORS.items() if key in str(error)),
                "not RFC 4180 CSV",
            )
            return record_start, what
    return None


def _refuse_at(path: Path, byte_position: int, what: str) -> None:
    line = 1 + sum(chunk.count(b"\n") for chunk in _chunks(path, limit=byte_position))
    raise InputError(f"raw file {path} is unreadable at line {line}: {what}")


def _chunks(path: Path, limit: int | None = None) -> Iterator[bytes]:
    """The file's bytes in chunks, up to byte `limit` when given."""
    left = limit
    with path.open("rb") as handle:
        while (left is None or left > 0) and (chunk := handle.read(CHUNK)):
            if left is not None:
                chunk = chunk[:left]
                left -= len(chunk)
            yield chunk


def _literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"
