"""Edit generated raw files in tests without losing the shapes real extracts have.

The generator writes some files with a byte order mark, CRLF row ends, line breaks inside
quoted fields and a truncated last row. A test that plants values rewrites a file through
`edit_raw_file`, which keeps every one of those shapes: the feed must still meet them.
"""

import csv
import io
from collections.abc import Callable
from pathlib import Path

BOM = b"\xef\xbb\xbf"

Rows = list[dict[str, str]]


def read_raw_file(path: Path) -> tuple[list[str], Rows, list[list[str]]]:
    """The header, the whole rows as dicts, and the rows with fewer fields than the header."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header, *rows = list(csv.reader(handle))
    whole = [dict(zip(header, row, strict=True)) for row in rows if len(row) == len(header)]
    short = [row for row in rows if len(row) < len(header)]
    return header, whole, short


def edit_raw_file(path: Path, edit: Callable[[Rows], None]) -> None:
    """Let `edit` change the whole rows in place, then write the file back in its own shape:
    the same byte order mark, row ends and final newline, truncated rows last and short."""
    data = path.read_bytes()
    newline = "\r\n" if b"\r\n" in data.split(b"\n", 1)[0] + b"\n" else "\n"
    header, rows, short = read_raw_file(path)
    edit(rows)
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator=newline)
    writer.writerow(header)
    writer.writerows([row[column] for column in header] for row in rows)
    writer.writerows(short)
    written = text.getvalue()
    if not data.endswith((b"\n", b"\r")):
        written = written.removesuffix(newline)
    path.write_bytes((BOM if data.startswith(BOM) else b"") + written.encode("utf-8"))
