"""Synthetic raw extracts (REQUIREMENT section 2) so the feed can run with no real data.

Everything is vectorised (numpy draws, pyarrow string kernels, DuckDB CSV
writer): a million crimes and 50,000 employees with decades of HR history take
seconds, and the same seed gives byte-identical files. Codes come from the
force's lists (`hodh.reference`) and locations from a postcode directory;
with `dirty > 0` every fault kind of section 2 is planted at that rate per file, and
every shape of real extracts (a byte order mark, CRLF row ends, line breaks in free text, a
last row cut short) in the files `FILE_SHAPES` names.

One module per domain (`crime`, `crime_people`, `employees`, `hr_history`,
`applicants`) draws a file's columns and names its faults; `generate` runs them in order.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

from hodh import reference
from hodh.generate.applicants import applicant_faults, draw_applicants, status_faults
from hodh.generate.arrays import Columns
from hodh.generate.contract import COLUMNS, FAULT_KINDS, FILE_SHAPES, FREE_TEXT
from hodh.generate.crime import crime_faults, draw_crimes
from hodh.generate.crime_people import accused_faults, draw_accused, draw_victims, victim_faults
from hodh.generate.employees import draw_employees, employee_faults, orphan_pay_numbers
from hodh.generate.faults import Fault, plant
from hodh.generate.hr_history import (
    abstraction_faults,
    assignment_faults,
    draw_abstractions,
    draw_assignments,
    draw_rank_history,
    draw_training,
    rank_faults,
    training_faults,
)
from hodh.generate.places import load_places
from hodh.generate.shapes import break_lines, write_raw_file
from hodh.postcodes import SAMPLE_PATH

__all__ = ["COLUMNS", "FAULT_KINDS", "FILE_SHAPES", "FREE_TEXT", "generate"]


def generate(
    out_dir: Path | str,
    crimes: int,
    employees: int,
    seed: int,
    dirty: float = 0.0,
    postcode_directory: Path | str = SAMPLE_PATH,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write every raw file of section 2 into `out_dir`; return the rows written per file.

    Applicants number a third of `employees`. `dirty` is the share of rows of each file
    given one planted fault, and of free text given a second line (0 writes only clean,
    valid rows in plain files).
    """
    if crimes < 1 or employees < 1:
        raise ValueError("crimes and employees must be at least 1")
    if not 0.0 <= dirty <= 1.0:
        raise ValueError(f"dirty must be between 0 and 1, not {dirty}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # Independent streams: clean rows do not change with `dirty` or with the other file sizes.
    parts = ["crimes", "victims", "accused", "employees", "ranks", "assignments",
             "abstractions", "training", "applicants", "faults", "shapes"]  # fmt: skip
    rng = {
        part: np.random.default_rng(s)
        for part, s in zip(parts, np.random.SeedSequence(seed).spawn(len(parts)), strict=True)
    }
    faults = rng["faults"]
    written: dict[str, int] = {}
    clock = [time.perf_counter()]

    def emit(name: str, cols: Columns, kinds: dict[str, Fault]) -> Columns:
        cols = plant(cols, dirty, faults, name, kinds)
        shapes = FILE_SHAPES[name] if dirty > 0 else ()
        if "line_breaks_in_text" in shapes:
            break_lines(cols, FREE_TEXT[name], dirty, rng["shapes"])
        table = pa.table([cols[c] for c in COLUMNS[name]], names=COLUMNS[name])
        written[name] = write_raw_file(table, out / name, shapes, rng["shapes"])
        now = time.perf_counter()
        if progress is not None:
            progress(f"{name}: {written[name]:,} rows in {now - clock[0]:.1f} s")
        clock[0] = now
        return cols

    lists = reference.load()
    boroughs = lists.bcus["bcu_type"] == "BOROUGH"
    places = load_places(postcode_directory, lists.bcus["lad_code"][boroughs])

    crime_cols, facts = draw_crimes(rng["crimes"], crimes, places)
    crime_cols = emit("cris_crimes.csv", crime_cols, crime_faults(facts))
    facts.ref = crime_cols["crime_ref"].slice(0, crimes)  # children keep a planted bad ref
    emit("cris_victims.csv", draw_victims(rng["victims"], facts, places), victim_faults())
    emit("cris_accused.csv", draw_accused(rng["accused"], facts), accused_faults())

    employee_cols, staff = draw_employees(rng["employees"], employees)
    emit("hr_employees.csv", employee_cols, employee_faults(staff))
    orphans = orphan_pay_numbers(faults, staff)
    ranks, start = draw_rank_history(rng["ranks"], staff)
    emit("hr_rank_history.csv", ranks, rank_faults(start, orphans))
    abstractions, start = draw_abstractions(rng["abstractions"], staff)
    emit("hr_abstractions.csv", abstractions, abstraction_faults(start, orphans))
    assignments, start = draw_assignments(rng["assignments"], staff)
    emit("hr_assignments.csv", assignments, assignment_faults(start, orphans))
    emit("hr_training.csv", draw_training(rng["training"], staff), training_faults(orphans))

    applicants, trail = draw_applicants(rng["applicants"], max(1, round(employees / 3)), places)
    emit("hr_applicants.csv", applicants, applicant_faults())
    emit("hr_applicant_status.csv", trail, status_faults())
    return written
