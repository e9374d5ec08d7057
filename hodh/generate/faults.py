"""Fault planting: each kind of section 2's dirt as a function editing chosen rows of a
file's columns in place (or returning rows to append), and `plant` dealing rows out to them."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh.generate.arrays import Columns, iso_dates, text
from hodh.generate.contract import FAULT_KINDS

# Well-formed codes that are on none of the force's lists.
UNKNOWN = {
    "crimsec": ["999/99", "028/99", "123/45"],
    "borough": ["ZZ", "XQ", "LB"],
    "ethnicity": ["X1", "W3", "B7"],
    "proceedings": ["ZZZ", "FPN", "CHX"],
    "rank": ["DCI", "DSUPT", "CONST"],
    "bcu": ["ZZ", "XQ", "MPS"],
}

Fault = Callable[[Columns, np.ndarray], Columns | None]
# Parent keys that no parent row has, one for each of the given rows.
Orphans = Callable[[np.ndarray], pa.Array]


def cells(cols: Columns, name: str, rows: np.ndarray) -> pa.Array:
    return cols[name].take(pa.array(rows))


def replace_cells(cols: Columns, name: str, rows: np.ndarray, values: pa.Array | list[str]) -> None:
    """Replace the values at sorted `rows` of a text column."""
    mask = np.zeros(len(cols[name]), dtype=bool)
    mask[rows] = True
    values = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
    cols[name] = pc.replace_with_mask(cols[name], pa.array(mask), values.cast(pa.string()))


def _spread(
    fallbacks: dict[str, str], edit: Callable[[Columns, str, np.ndarray, str], None]
) -> Fault:
    """A fault dealing its rows out over several columns, each with a stand-in value for
    rows where it is empty (so that the fault always shows)."""

    def fault(cols: Columns, rows: np.ndarray) -> None:
        for i, (name, fallback) in enumerate(fallbacks.items()):
            if len(part := rows[rows % len(fallbacks) == i]):
                edit(cols, name, part, fallback)

    return fault


def _value(cols: Columns, name: str, rows: np.ndarray, fallback: str) -> pa.Array:
    """Current values at `rows`, `fallback` where empty."""
    return pc.coalesce(cells(cols, name, rows), pa.scalar(fallback, pa.string()))


def lower_case(codes: dict[str, str]) -> Fault:
    """Codes in lower case (`cw`, `ps`)."""

    def edit(cols: Columns, name: str, rows: np.ndarray, fallback: str) -> None:
        replace_cells(cols, name, rows, pc.utf8_lower(_value(cols, name, rows, fallback)))

    return _spread(codes, edit)


def stray_spaces(codes: dict[str, str]) -> Fault:
    """Codes with stray leading and trailing spaces."""

    def edit(cols: Columns, name: str, rows: np.ndarray, fallback: str) -> None:
        value = _value(cols, name, rows, fallback)
        replace_cells(cols, name, rows, pc.binary_join_element_wise(" ", value, "  ", ""))

    return _spread(codes, edit)


def impossible_date(dates: list[str]) -> Fault:
    """A date that cannot exist: 30 February, 31 April, 31 June."""

    def edit(cols: Columns, name: str, rows: np.ndarray, fallback: str) -> None:
        year = pc.utf8_slice_codeunits(_value(cols, name, rows, fallback), 0, 4)
        tail = text(["-02-30", "-04-31", "-06-31"], rows % 3)
        replace_cells(cols, name, rows, pc.binary_join_element_wise(year, tail, ""))

    return _spread(dict.fromkeys(dates, "1985-06-01"), edit)


def date_format(dates: list[str]) -> Fault:
    """A real date written day first (31/12/2023), as spreadsheets do."""

    def edit(cols: Columns, name: str, rows: np.ndarray, fallback: str) -> None:
        value = _value(cols, name, rows, fallback)
        parts = [pc.utf8_slice_codeunits(value, a, b) for a, b in ((8, 10), (5, 7), (0, 4))]
        replace_cells(cols, name, rows, pc.binary_join_element_wise(*parts, "/"))

    return _spread(dict.fromkeys(dates, "1985-06-01"), edit)


def odd_postcode(name: str, fallback: str) -> Fault:
    """The same postcode in lower case without its space (`sw1a1aa`) or padded (` SW1A  1AA `)."""

    def fault(cols: Columns, rows: np.ndarray) -> None:
        value = _value(cols, name, rows, fallback)
        squeezed = pc.utf8_lower(pc.replace_substring(value, " ", ""))
        padded = pc.binary_join_element_wise(" ", pc.replace_substring(value, " ", "  "), " ", "")
        replace_cells(cols, name, rows, pc.if_else(pa.array(rows % 2 == 0), squeezed, padded))

    return fault


def unknown_code(name: str, kind: str) -> Fault:
    """A well-formed code that is not on the force's list."""

    def fault(cols: Columns, rows: np.ndarray) -> None:
        replace_cells(cols, name, rows, text(UNKNOWN[kind], rows % len(UNKNOWN[kind])))

    return fault


def end_before_start(start: np.ndarray, end: str) -> Fault:
    """An end date before the row's start date (`start` holds the clean start days)."""

    def fault(cols: Columns, rows: np.ndarray) -> None:
        replace_cells(cols, end, rows, iso_dates(start[rows] - 1 - rows % 90))

    return fault


def duplicate(cols: Columns, rows: np.ndarray) -> Columns:
    """Copies of existing rows, appended (the extract job wrote them twice)."""
    return {name: cells(cols, name, rows) for name in cols}


def orphan(key: str, refs: Orphans) -> Fault:
    """Rows whose parent key is absent from the parent file."""

    def fault(cols: Columns, rows: np.ndarray) -> None:
        replace_cells(cols, key, rows, refs(rows))

    return fault


def plant(
    cols: Columns, rate: float, rng: np.random.Generator, file: str, faults: dict[str, Fault]
) -> Columns:
    """Give a `rate` share of rows one fault each, the kinds of `FAULT_KINDS[file]` dealt
    out in turn so that every kind appears; rows a fault returns are appended."""
    n = len(next(iter(cols.values())))
    kinds = [faults[kind] for kind in FAULT_KINDS[file]]
    if rate <= 0 or n == 0:
        return cols
    rows = rng.choice(n, min(n, max(len(kinds), round(rate * n))), replace=False)
    extra = []
    for i, fault in enumerate(kinds):
        chosen = np.sort(rows[i :: len(kinds)])
        if len(chosen) and (added := fault(cols, chosen)) is not None:
            extra.append(added)
    if extra:
        cols = {name: pa.concat_arrays([cols[name], *(e[name] for e in extra)]) for name in cols}
    return cols


def child_faults(
    key: str, codes: dict[str, str], dates: list[str], orphans: Orphans
) -> dict[str, Fault]:
    """Faults shared by child files: orphans, exact duplicates, bad codes and dates."""
    return {
        "orphan": orphan(key, orphans),
        "duplicate_key": duplicate,
        "lower_case_code": lower_case(codes),
        "stray_spaces": stray_spaces(codes),
        "impossible_date": impossible_date(dates),
        "date_format": date_format(dates),
    }
