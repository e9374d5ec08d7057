"""The shapes of real extracts (`FILE_SHAPES`): line breaks, quotes and commas in free text,
a byte order mark, CRLF row ends, a last row cut short. The feed must read them as they come."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh.generate.arrays import Columns, text
from hodh.generate.faults import cells, replace_cells
from hodh.generate.vocabulary import SECOND_LINES
from hodh.postcodes import csv_field, write_csv


def break_lines(cols: Columns, column: str, rate: float, rng: np.random.Generator) -> None:
    """Give a `rate` share of rows (two at least) a second line of free text: a note after an
    LF or a CRLF in turn, so both kinds appear, each with the first note (a quote, a comma)."""
    n, notes = len(cols[column]), SECOND_LINES[column]
    chosen = rng.choice(n, min(n, max(2, round(rate * n))), replace=False)
    turn = np.argsort(chosen)  # the order drawn, for rows in file order
    rows = chosen[turn]
    second_line = pc.binary_join_element_wise(
        text(["\n", "\r\n"], turn % 2), text(notes, turn // 2 % len(notes)), ""
    )
    replace_cells(cols, column, rows, pc.binary_join_element_wise(
        cells(cols, column, rows), second_line, ""
    ))  # fmt: skip


def write_raw_file(
    table: pa.Table, path: Path, shapes: tuple[str, ...], rng: np.random.Generator
) -> int:
    """Write `table` as CSV with its file shapes; return the rows written, a last row cut short
    counted (the feed must account for it)."""
    line_end = "\r\n" if "crlf_row_ends" in shapes else "\n"
    write_csv(table, path, line_end=line_end, byte_order_mark="byte_order_mark" in shapes)
    if "truncated_last_row" not in shapes or table.num_rows == 0:
        return table.num_rows
    with path.open("ab") as handle:
        handle.write(_cut_row(table, rng).encode())
    return table.num_rows + 1


def _cut_row(table: pa.Table, rng: np.random.Generator) -> str:
    """A copy of a row cut within its fourth field, with no line end: what an extract job
    killed while writing leaves. The row is one with a fourth value when any has."""
    fourth = pc.is_valid(table.column(3)).to_numpy()
    candidates = np.flatnonzero(fourth) if fourth.any() else np.arange(table.num_rows)
    row = table.slice(int(rng.choice(candidates)), 1).to_pylist()[0]
    fields = ["" if value is None else csv_field(value) for value in list(row.values())[:4]]
    return ",".join([*fields[:3], fields[3][: (len(fields[3]) + 1) // 2]])
