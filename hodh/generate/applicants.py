"""Recruitment: applications and each applicant's status trail, and their faults."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh.generate.arrays import (
    Columns,
    birth_dates,
    child_rows,
    choose,
    flags,
    iso_dates,
    null_where,
    numbers,
    strings,
    text,
    year_of,
)
from hodh.generate.faults import (
    Fault,
    child_faults,
    date_format,
    duplicate,
    impossible_date,
    lower_case,
    odd_postcode,
    stray_spaces,
)
from hodh.generate.places import Places, home_postcodes
from hodh.generate.timeline import EXTRACT_DAY, day_number
from hodh.generate.vocabulary import (
    APPLICATION_SHARE,
    APPLICATION_TYPES,
    OUTCOMES,
    STAGES,
    draw_names,
)


def draw_applicants(rng: np.random.Generator, n: int, places: Places) -> tuple[Columns, Columns]:
    """Applications over three years and each one's status trail, in date order."""
    received = np.sort(rng.integers(day_number("2021-04-01"), EXTRACT_DAY - 14, n))
    number = 2_000_000 + np.cumsum(rng.integers(1, 4, n))
    ref = pc.binary_join_element_wise("A", numbers(number), "")
    kind = choose(rng, APPLICATION_SHARE, n)
    job = pc.binary_join_element_wise(
        "MPS", text(["OFF", "STF", "PCS", "SPC"], kind), numbers(year_of(received)),
        pc.utf8_lpad(numbers(rng.integers(1, 60, n)), 3, "0"), "/",
    )  # fmt: skip
    gender = np.where(rng.random(n) < 0.38, "F", "M")
    surname, forename = draw_names(rng, gender)
    home = places.pcds.take(pa.array(home_postcodes(rng, places, n)))
    applicants = {
        "applicant_ref": ref,
        "job_reference": job,
        "application_type": text(APPLICATION_TYPES, kind),
        "date_received": iso_dates(received),
        "special": flags(kind == APPLICATION_TYPES.index("SPECIAL")),
        "graduate": flags(rng.random(n) < np.array([0.4, 0.45, 0.2, 0.3])[kind]),
        "home_postcode": null_where(rng.random(n) < 0.02, home),
        "surname": surname,
        "forename": forename,
        "date_of_birth": iso_dates(birth_dates(rng, received, 18 + rng.gamma(2, 4, n))),
    }

    # RECEIVED, SIFTED, ... as far as the applicant got, then REJECTED or WITHDRAWN unless
    # appointed; steps dated after the extract have not happened yet.
    outcome = choose(rng, [o[2] for o in OUTCOMES], n)
    reached = np.array([o[0] for o in OUTCOMES])[outcome]
    final = np.array([o[1] for o in OUTCOMES])[outcome]
    owner, pos = child_rows(reached + (final != ""))
    gap = np.where(pos == 0, 0, rng.integers(5, 60, len(owner)))
    csum = np.cumsum(gap)
    day = received[owner] + csum - (csum - gap)[pos == 0][owner]
    status = np.where(pos < reached[owner], np.array(STAGES)[np.minimum(pos, 5)], final[owner])
    done = day < EXTRACT_DAY
    trail = {
        "applicant_ref": ref.take(pa.array(owner[done])),
        "status": strings(status[done]),
        "status_date": iso_dates(day[done]),
    }
    return applicants, trail


def applicant_faults() -> dict[str, Fault]:
    return {
        "duplicate_key": duplicate,
        "lower_case_code": lower_case({"application_type": "", "special": ""}),
        "stray_spaces": stray_spaces({"application_type": "", "graduate": ""}),
        "impossible_date": impossible_date(["date_received", "date_of_birth"]),
        "date_format": date_format(["date_received", "date_of_birth"]),
        "postcode_spacing_case": odd_postcode("home_postcode", "E1 6AN"),
    }


def status_faults() -> dict[str, Fault]:
    return child_faults("applicant_ref", {"status": ""}, ["status_date"], _orphan_applicant_refs)


def _orphan_applicant_refs(rows: np.ndarray) -> pa.Array:
    """Applicant references below the first one ever issued."""
    return pc.binary_join_element_wise("A", numbers(1_000_000 + rows % 999_999), "")
