"""HR history of each employee: ranks held, postings, abstractions from duty, training."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh import reference
from hodh.generate.arrays import (
    Columns,
    child_rows,
    choose,
    code_weights,
    flags,
    iso_dates,
    numbers,
    pick_in_vocab,
    text,
)
from hodh.generate.employees import Staff, rank_ladders
from hodh.generate.faults import Fault, Orphans, child_faults, end_before_start, unknown_code
from hodh.generate.timeline import EXTRACT_DAY, HR_HISTORY_START, YEAR
from hodh.generate.vocabulary import (
    ABSTRACTIONS,
    BOROUGH_WEIGHTS,
    COURSES,
    LEAVING_REASONS,
    POST_TITLES,
    SECONDED_TO,
    SICKNESS_REASONS,
    STAFF_TYPES,
)


def _periods(
    rng: np.random.Generator, count: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Consecutive periods cutting each owner's span [start, end] at random shares.

    Returns owner, start day and end day (the day before the next period starts).
    """
    owner, _ = child_rows(count)
    share = rng.uniform(0.4, 1.6, len(owner))
    total = np.bincount(owner, share, minlength=len(count))
    before = np.cumsum(share) - share
    before -= before[(np.cumsum(count) - count)[owner]]
    length = (end - start)[owner]
    starts = start[owner] + np.floor(length * before / total[owner]).astype(np.int64)
    return owner, starts, _ends(owner, starts, end)


def _ends(owner: np.ndarray, starts: np.ndarray, last_end: np.ndarray) -> np.ndarray:
    """End of consecutive periods: the day before the next one starts, else the owner's end."""
    ends = np.empty(len(owner), dtype=np.int64)
    ends[:-1] = starts[1:] - 1
    last = np.append(owner[1:] != owner[:-1], True)
    ends[last] = last_end[owner[last]]
    return ends


def _open_end(ends: np.ndarray, owner: np.ndarray, staff: Staff) -> pa.Array:
    """End dates; the last period of someone still employed is open (empty)."""
    return iso_dates(ends, staff.current[owner] & (ends >= EXTRACT_DAY))


def draw_rank_history(rng: np.random.Generator, staff: Staff) -> tuple[Columns, np.ndarray]:
    """Officers join as constables and are promoted over the years; staff join on a band and
    move up; some act up before a promotion, some act up and revert, a few dismissed were
    demoted first. Periods are consecutive; the last is open while the person is employed."""
    ladders = rank_ladders()
    owner, start, end = _periods(rng, staff.level - staff.start_level + 1, staff.joined, staff.left)
    level = staff.start_level[owner] + child_rows(staff.level - staff.start_level + 1)[1]
    kind = staff.kind[owner]
    duration = end - start
    last = np.append(owner[1:] != owner[:-1], True)
    above = ladders.offset[kind] + np.minimum(level + 1, ladders.length[kind] - 1)
    can_act = (level + 1 < ladders.length[kind]) & ~ladders.chief[above]
    dismissed = staff.reason[owner] == LEAVING_REASONS.index("DISMISSED")
    u = rng.random(len(owner))
    split = np.select(
        [last & dismissed & (level > 0) & (duration > 180) & (u < 0.3),
         can_act & (duration > 365) & (u < 0.04),
         ~last & (duration > 180) & (u < 0.19)],
        [3, 2, 1],
        0,
    )  # fmt: skip
    # Pieces of each kind of split: share of the period before it starts, level change.
    row, piece = child_rows(np.array([1, 2, 3, 2])[split])
    share = np.array([[0, 0, 0], [0, 0.8, 0], [0, 0.5, 0.7], [0, 0.7, 0]])[split[row], piece]
    delta = np.array([[0, 0, 0], [0, 1, 0], [0, 1, 0], [0, -1, 0]])[split[row], piece]
    p_owner = owner[row]
    p_level = level[row] + delta
    p_start = start[row] + np.floor(share * duration[row]).astype(np.int64)
    acting = np.isin(split[row], [1, 2]) & (piece == 1)
    qualifier = np.where(acting & (kind[row] == 0) & (p_level >= 4), 2, acting)
    reason = np.select(
        [(start[row] == staff.joined[p_owner]) & (piece == 0),
         (split[row] == 2) & (piece == 2), (split[row] == 3) & (piece == 1)],
        [0, 3, 2],
        1,
    )  # fmt: skip
    cols = {
        "pay_number": numbers(staff.pay_number[p_owner]),
        "rank_code": text(ladders.code, ladders.offset[kind[row]] + p_level),
        "rank_qualifier": text(["SUBSTANTIVE", "ACTING", "TEMPORARY"], qualifier),
        "rank_reason": text(["JOINER", "PROMOTED", "DEMOTED", "REVERTED"], reason),
        "start_date": iso_dates(p_start),
        "end_date": _open_end(_ends(p_owner, p_start, staff.left), p_owner, staff),
    }
    return cols, p_start


def draw_assignments(rng: np.random.Generator, staff: Staff) -> tuple[Columns, np.ndarray]:
    """Postings across boroughs and central units, a new one every few years."""
    bcus = reference.load().bcus
    length = staff.left - staff.joined
    count = np.minimum(np.minimum(12, 1 + length // 30), 1 + rng.poisson(length / YEAR / 5))
    owner, start, end = _periods(rng, count, staff.joined, staff.left)
    n = len(owner)
    kind = staff.kind[owner]
    boroughs = np.flatnonzero(bcus["bcu_type"] == "BOROUGH")
    central = np.flatnonzero(bcus["bcu_type"] != "BOROUGH")
    bcu = boroughs[choose(rng, code_weights(bcus["bcu_code"][boroughs], BOROUGH_WEIGHTS, 15.0), n)]
    if len(central):
        to_central = rng.random(n) < np.array([0.25, 0.6, 0.02, 0.05, 0.0])[kind]
        bcu[to_central] = central[rng.integers(0, len(central), int(to_central.sum()))]
    titles, title = pick_in_vocab(rng, POST_TITLES, STAFF_TYPES, kind)
    seconded = (kind < 2) & (rng.random(n) < 0.02)  # officers and staff
    post = pc.utf8_lpad(numbers(bcu * 1000 + rng.integers(0, 1000, n)), 5, "0")
    cols = {
        "pay_number": numbers(staff.pay_number[owner]),
        "bcu_code": text(bcus["bcu_code"], bcu),
        "post_code": pc.binary_join_element_wise("P", post, ""),
        "post_title": text(titles, title),
        "start_date": iso_dates(start),
        "end_date": _open_end(end, owner, staff),
        "secondment": flags(seconded),
        "seconded_to": text(SECONDED_TO, rng.integers(0, len(SECONDED_TO), n), ~seconded),
    }
    return cols, start


def draw_abstractions(rng: np.random.Generator, staff: Staff) -> tuple[Columns, np.ndarray]:
    """Sickness mostly, maternity for women, paternity for men, a few others; since the HR
    system began, never overlapping: episode k lies in the k-th equal slot of the window."""
    window_start = np.maximum(staff.joined, HR_HISTORY_START)
    window = np.maximum(0, staff.left - window_start)
    who = {"A": np.ones(len(window), dtype=bool), "F": staff.female, "M": ~staff.female}
    per_type = np.array(
        [np.where(who[w] & (window > 30), rng.poisson(rate * window / YEAR), 0)
         for _, rate, _, _, w in ABSTRACTIONS]
    )  # fmt: skip
    count = np.minimum(per_type.sum(axis=0), window // 20)
    # Each person's episodes in random type order, cut to `count`.
    people = np.repeat(np.tile(np.arange(len(window)), len(ABSTRACTIONS)), per_type.ravel())
    types = np.repeat(np.repeat(np.arange(len(ABSTRACTIONS)), len(window)), per_type.ravel())
    order = np.lexsort((rng.random(len(people)), people))
    people, types = people[order], types[order]
    kind = types[child_rows(per_type.sum(axis=0))[1] < count[people]]
    owner, pos = child_rows(count)
    n = len(owner)

    slot = window[owner] / np.maximum(1, count[owner])
    low, high = (np.array([a[i] for a in ABSTRACTIONS])[kind] for i in (2, 3))
    sickness = kind == 0
    long_term = sickness & (rng.random(n) < 0.05)
    days = np.where(long_term, rng.integers(30, 300, n), rng.integers(low, high + 1))
    days = np.maximum(1, np.minimum(days, np.floor(slot * 0.9).astype(np.int64)))
    offset = np.floor(pos * slot + rng.random(n) * (slot - days)).astype(np.int64)
    start = window_start[owner] + offset
    end = start + days - 1
    ongoing = staff.current[owner] & (end >= EXTRACT_DAY)
    days_lost = np.maximum(1, np.round(np.where(ongoing, EXTRACT_DAY - start, days) * 5 / 7))
    reason = choose(rng, [20, 18, 12, 22, 12, 6, 3, 7], n)
    on_duty = staff.kind[owner] != STAFF_TYPES.index("STAFF")
    assault = sickness & on_duty & (reason == SICKNESS_REASONS.index("Assault on duty"))
    cols = {
        "pay_number": numbers(staff.pay_number[owner]),
        "abstraction_type": text([a[0] for a in ABSTRACTIONS], kind),
        "start_date": iso_dates(start),
        "end_date": iso_dates(end, ongoing),
        "sickness_reason": text(SICKNESS_REASONS, reason, ~sickness),
        "sick_pay_status": text(["FULL", "HALF", "NIL"], (days > 120) + (days > 250), ~sickness),
        "hours_lost": pa.array(np.round(days_lost * staff.hours[owner] / 5, 1)).cast(pa.string()),
        "days_lost": numbers(days_lost.astype(np.int64)),
        "assault_on_duty": flags(assault),
    }
    return cols, start


def draw_training(rng: np.random.Generator, staff: Staff) -> Columns:
    """Courses completed since the HR system began, one a day at most, in date order."""
    window_start = np.maximum(staff.joined, HR_HISTORY_START)
    window = np.maximum(0, staff.left - window_start)
    count = np.minimum(np.minimum(40, window), rng.poisson(0.8 * window / YEAR))
    owner, pos = child_rows(count)
    n = len(owner)
    offset = owner.astype(np.int64) * 100_000  # sort by person, then date
    spare = window[owner] - count[owner]  # room for distinct days: sorted draws plus position
    day = np.sort(window_start[owner] + (rng.random(n) * spare).astype(np.int64) + offset) + pos
    courses, course = pick_in_vocab(rng, COURSES, STAFF_TYPES, staff.kind[owner])
    return {
        "pay_number": numbers(staff.pay_number[owner]),
        "course_code": text(courses, course),
        "completed_date": iso_dates(day - offset),
        "competency": text(
            ["COMPETENT", "NOT_YET_COMPETENT", "NOT_ASSESSED"], choose(rng, [90, 5, 5], n)
        ),
    }


def _history_faults(start: np.ndarray, code: str, orphans: Orphans) -> dict[str, Fault]:
    """Faults of a file of periods: those of any child file, and an end before its start."""
    return {
        **child_faults("pay_number", {code: ""}, ["start_date"], orphans),
        "end_before_start": end_before_start(start, "end_date"),
    }


def rank_faults(start: np.ndarray, orphans: Orphans) -> dict[str, Fault]:
    return {
        **_history_faults(start, "rank_code", orphans),
        "unknown_rank": unknown_code("rank_code", "rank"),
    }


def abstraction_faults(start: np.ndarray, orphans: Orphans) -> dict[str, Fault]:
    return _history_faults(start, "abstraction_type", orphans)


def assignment_faults(start: np.ndarray, orphans: Orphans) -> dict[str, Fault]:
    return {
        **_history_faults(start, "bcu_code", orphans),
        "unknown_bcu": unknown_code("bcu_code", "bcu"),
    }


def training_faults(orphans: Orphans) -> dict[str, Fault]:
    return child_faults(
        "pay_number", {"course_code": "", "competency": ""}, ["completed_date"], orphans
    )
