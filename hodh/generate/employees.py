"""HR employees: who people are (staff type, rank, service, pay) now and in the past."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh import reference
from hodh.generate.arrays import (
    Columns,
    birth_dates,
    choose,
    code_weights,
    flags,
    iso_dates,
    null_where,
    numbers,
    strings,
    text,
)
from hodh.generate.faults import (
    Fault,
    Orphans,
    cells,
    date_format,
    duplicate,
    end_before_start,
    impossible_date,
    lower_case,
    stray_spaces,
    unknown_code,
)
from hodh.generate.timeline import (
    EXTRACT_DAY,
    PCSO_START,
    TRAFFIC_WARDENS_END,
    YEAR,
    day_number,
)
from hodh.generate.vocabulary import (
    BASIC_PAY,
    LEAVING_BY_TYPE,
    LEAVING_REASONS,
    OFFICER_PYRAMID_CURRENT,
    OFFICER_PYRAMID_PAST,
    STAFF_PYRAMID,
    STAFF_TYPE_SHARE,
    STAFF_TYPES,
    WORKFORCE_ETHNICITY,
    draw_names,
)


@dataclass(frozen=True)
class Ladders:
    """The force's ranks by seniority within each staff type, flattened: the rank of staff
    type k at level l (0 the most junior) is at offset[k] + l."""

    code: np.ndarray
    chief: np.ndarray
    offset: np.ndarray
    length: np.ndarray


def rank_ladders() -> Ladders:
    ranks = reference.load().ranks
    seniority = ranks["seniority"].astype(int)
    rows = [np.flatnonzero(ranks["staff_class"] == kind) for kind in STAFF_TYPES]
    if missing := [k for k, r in zip(STAFF_TYPES, rows, strict=True) if not len(r)]:
        raise ValueError(f"the ranks list has no rank for {', '.join(missing)}")
    rows = [r[np.argsort(seniority[r], kind="stable")] for r in rows]
    flat = np.concatenate(rows)
    length = np.array([len(r) for r in rows])
    chief = ranks["chief_officer"][flat] == "Y"
    return Ladders(ranks["rank_code"][flat], chief, np.cumsum(length) - length, length)


@dataclass(frozen=True)
class Staff:
    """Per-employee facts the HR files are built from, in pay-number order."""

    pay_number: np.ndarray
    kind: np.ndarray  # index into STAFF_TYPES
    current: np.ndarray
    female: np.ndarray
    start_level: np.ndarray
    level: np.ndarray  # final rank level
    reason: np.ndarray  # index into LEAVING_REASONS; -1 while employed
    joined: np.ndarray
    left: np.ndarray  # EXTRACT_DAY while employed
    hours: np.ndarray


def _careers(rng: np.random.Generator, n: int, ladders: Ladders) -> dict[str, np.ndarray]:
    """Who people are in HR terms (the fields of `Staff` but pay number and hours): type,
    final rank, when they joined and left."""
    kind = choose(rng, STAFF_TYPE_SHARE, n)
    is_ = {name: kind == i for i, name in enumerate(STAFF_TYPES)}
    current = (rng.random(n) < 0.66) & ~is_["TRAFFIC_WARDEN"]
    female = rng.random(n) < np.array([0.3, 0.6, 0.4, 0.3, 0.45])[kind]

    # Final rank: a pyramid for officers and staff, exactly one serving Commissioner and
    # one serving Deputy Commissioner (the two most senior officer ranks).
    level = np.zeros(n, dtype=np.int64)
    for mask, weights, k in (
        (is_["OFFICER"] & current, OFFICER_PYRAMID_CURRENT, 0),
        (is_["OFFICER"] & ~current, OFFICER_PYRAMID_PAST, 0),
        (is_["STAFF"], STAFF_PYRAMID, 1),
    ):
        pyramid = (weights + [0.0] * ladders.length[k])[: ladders.length[k]]
        level[mask] = choose(rng, pyramid, int(mask.sum()))
    serving = np.flatnonzero(is_["OFFICER"] & current)
    top = ladders.length[0] - 1
    if len(serving) >= 2 and top >= 1:
        level[rng.choice(serving, 2, replace=False)] = [top, top - 1]
    start_level = np.where(is_["STAFF"], level - rng.binomial(level, 0.4), 0)
    steps = level - start_level
    min_service = np.where(is_["OFFICER"], 2.2, 2.0) * steps + rng.uniform(0.1, 6, n) * (steps > 0)

    # Service: current staff recruited mostly in recent years; leavers by leaving reason.
    reason = np.full(n, -1)
    for i, name in enumerate(STAFF_TYPES):
        past = ~current & (kind == i)
        reason[past] = choose(rng, LEAVING_BY_TYPE[name], int(past.sum()))
    why = {r: reason == i for i, r in enumerate(LEAVING_REASONS)}
    service = np.select(
        [current, why["RETIRED"] & is_["OFFICER"], why["RETIRED"], why["END_OF_CONTRACT"],
         why["DECEASED"] | why["MEDICAL_RETIREMENT"]],
        [rng.exponential(np.array([10.0, 9.0, 6.0, 4.0, 8.0])[kind]), rng.uniform(26, 35, n),
         rng.uniform(12, 40, n), rng.uniform(0.3, 3, n), rng.uniform(2, 28, n)],
        rng.exponential(6.0, n),
    )  # fmt: skip
    service = np.minimum(np.maximum(service, min_service), 40.0)
    last_left = np.where(is_["TRAFFIC_WARDEN"], TRAFFIC_WARDENS_END, EXTRACT_DAY - 1)
    left = np.where(current, EXTRACT_DAY, rng.integers(day_number("1990-01-01"), last_left))
    left = np.where(is_["PCSO"], np.maximum(left, PCSO_START + 400), left)
    service = np.where(is_["PCSO"], np.minimum(service, (left - PCSO_START) / YEAR), service)
    return {
        "kind": kind,
        "current": current,
        "female": female,
        "start_level": start_level,
        "level": level,
        "reason": reason,
        "joined": left - np.floor(service * YEAR).astype(np.int64),
        "left": left,
    }


def draw_employees(rng: np.random.Generator, n: int) -> tuple[Columns, Staff]:
    """People employed now or in the past, in pay-number order, and the facts behind them."""
    lists = reference.load()
    ladders = rank_ladders()
    careers = _careers(rng, n, ladders)
    order = np.argsort(careers["joined"], kind="stable")  # pay numbers follow joining order
    width = 6 if n <= 300_000 else 7
    pay_number = np.sort(rng.choice(9 * 10 ** (width - 1), n, replace=False)) + 10 ** (width - 1)
    kind = careers["kind"][order]
    is_ = {name: kind == i for i, name in enumerate(STAFF_TYPES)}
    part_time = rng.random(n) < np.array([0.07, 0.2, 0.08, 1.0, 0.1])[kind]
    hours = np.select(
        [is_["SPECIAL"], part_time],
        [rng.integers(2, 9, n) * 2, rng.integers(8, 17, n) * 2],
        np.array([40, 36, 40, 40, 40])[kind],
    )
    staff = Staff(pay_number=pay_number, hours=hours, **{k: v[order] for k, v in careers.items()})
    level, current = staff.level, staff.current
    years = (staff.left - staff.joined) / YEAR

    age_join = 18 + rng.gamma(2.0, np.array([3.5, 7.0, 5.0, 6.0, 8.0])[kind])
    retired = staff.reason == LEAVING_REASONS.index("RETIRED")
    age_join = np.where(retired, np.maximum(age_join, 50 - years), age_join)
    dob = birth_dates(rng, staff.joined, np.maximum(18, np.minimum(age_join, 66 - years)))

    rank = ladders.offset[kind] + level
    chief = ladders.chief[rank]
    band = np.array([BASIC_PAY.get(code, (25_000, 35_000)) for code in ladders.code])[rank]
    pay = np.round(rng.uniform(band[:, 0], band[:, 1]) / 10) * 10
    boroughs = lists.bcus["bcu_code"][lists.bcus["bcu_type"] == "BOROUGH"]
    collar = pc.binary_join_element_wise(
        numbers(rng.integers(1, 10_000, n)), text(boroughs, rng.integers(0, len(boroughs), n)), ""
    )
    collared = (is_["OFFICER"] & ~chief) | is_["PCSO"] | is_["SPECIAL"]
    gender = np.where(staff.female, "F", "M")
    surname, forename = draw_names(rng, gender)

    # Ethnicity like the workforce, with fewer minorities in senior ranks.
    eth = lists.ethnicity
    ethnicity = choose(rng, code_weights(eth["ethnicity_16"], WORKFORCE_ETHNICITY, 1.0), n)
    minority = ~np.isin(eth["ethnicity_6"][ethnicity], ["WHITE", "NOT_STATED"])
    senior = (is_["OFFICER"] & (level >= 4)) | chief
    whiten = minority & senior & (rng.random(n) < np.where(chief, 0.7, 0.5))
    ethnicity[whiten] = np.flatnonzero(eth["ethnicity_16"] == "W1")[0]

    transferee = rng.random(n) < np.where(is_["OFFICER"], 0.06, 0.01)
    pensionable = staff.joined - np.where(transferee, rng.integers(365, 3650, n), 0)
    probation = np.where(is_["PCSO"], 365, 730)
    employment = np.select(
        [is_["SPECIAL"], is_["STAFF"]],
        [np.full(n, 2), choose(rng, [82, 10, 4, 4], n)],
        np.where(rng.random(n) < 0.005, 3, 0),
    )
    graduate_share = np.where(staff.joined > day_number("2018-01-01"), 0.45, 0.2)
    cols: Columns = {
        "pay_number": numbers(staff.pay_number),
        "collar_number": null_where(~collared, collar),
        "surname": surname,
        "forename": forename,
        "staff_type": text(STAFF_TYPES, kind),
        "date_of_birth": iso_dates(dob),
        "gender": strings(gender),
        "ethnicity_code": text(eth["ethnicity_16"], ethnicity),
        "disability": text(["Y", "N", "U"], choose(rng, [4, 84, 12], n)),
        "date_joined": iso_dates(staff.joined),
        "date_left": iso_dates(staff.left, current),
        "leaving_reason": text(LEAVING_REASONS, np.maximum(staff.reason, 0), current),
        "marital_status": text(
            ["SINGLE", "MARRIED", "CIVIL_PARTNERSHIP", "DIVORCED", "SEPARATED", "WIDOWED",
             "NOT_STATED"],
            choose(rng, [38, 42, 2, 8, 3, 1, 6], n),
        ),
        "basic_pay": numbers(pay.astype(np.int64), is_["SPECIAL"]),  # specials are volunteers
        "pensionable_service_date": iso_dates(pensionable, is_["SPECIAL"]),
        "ospre_qualified": flags(is_["OFFICER"] & ((level >= 1) | (rng.random(n) < 0.1))),
        "graduate": flags(rng.random(n) < graduate_share),
        "fitness_level": text(
            ["5.4", "5.6", "6.3", "6.8", "7.6", "8.2", "9.4"],
            choose(rng, [40, 20, 12, 10, 8, 6, 4], n),
            is_["STAFF"] | is_["TRAFFIC_WARDEN"],
        ),
        "suspended": flags(current & (rng.random(n) < 0.003)),
        "probationer": flags(current & ~is_["STAFF"] & (EXTRACT_DAY - staff.joined < probation)),
        "rejoiner": flags(rng.random(n) < 0.03),
        "transferee": flags(transferee),
        "working_pattern": text(["FT", "PT"], part_time.astype(np.int64)),
        "hours_per_week": numbers(staff.hours),
        "employment_type": text(["PERMANENT", "FIXED_TERM", "CASUAL", "SECONDEE"], employment),
    }  # fmt: skip
    return cols, staff


def _reused_pay_number(cols: Columns, rows: np.ndarray) -> Columns:
    """Another person's row given an existing pay number."""
    copy = duplicate(cols, (rows + 1) % len(cols["pay_number"]))
    copy["pay_number"] = cells(cols, "pay_number", rows)
    return copy


def employee_faults(staff: Staff) -> dict[str, Fault]:
    return {
        "duplicate_key": _reused_pay_number,
        "lower_case_code": lower_case({"staff_type": "", "gender": ""}),
        "stray_spaces": stray_spaces({"ethnicity_code": "", "staff_type": ""}),
        "unknown_ethnicity": unknown_code("ethnicity_code", "ethnicity"),
        "impossible_date": impossible_date(["date_joined", "date_of_birth"]),
        "date_format": date_format(["date_joined", "date_of_birth"]),
        "end_before_start": end_before_start(staff.joined, "date_left"),
    }


def orphan_pay_numbers(rng: np.random.Generator, staff: Staff) -> Orphans:
    """Pay numbers of the same width that nobody has, drawn from `rng` when a fault asks."""

    def orphans(rows: np.ndarray) -> pa.Array:
        width = len(str(staff.pay_number[0]))
        candidates = rng.integers(10 ** (width - 1), 10**width, 4 * len(rows) + 100)
        return numbers(candidates[~np.isin(candidates, staff.pay_number)][: len(rows)])

    return orphans
