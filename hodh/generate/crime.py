"""CRIS crime reports: a financial year of crime across the boroughs, and their faults."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh import reference
from hodh.generate.arrays import (
    Columns,
    choose,
    choose_by_group,
    code_weights,
    flags,
    iso_dates,
    null_where,
    numbers,
    pick_in_groups,
    pick_in_vocab,
    strings,
    text,
    times,
    timestamps,
    year_of,
)
from hodh.generate.faults import (
    Fault,
    cells,
    date_format,
    duplicate,
    end_before_start,
    impossible_date,
    lower_case,
    odd_postcode,
    replace_cells,
    stray_spaces,
    unknown_code,
)
from hodh.generate.places import Places
from hodh.generate.timeline import EXTRACT_DAY, RECORDING_DAYS, RECORDING_START
from hodh.generate.vocabulary import (
    BOROUGH_WEIGHTS,
    HATE_TYPES,
    LOCATION_TYPES,
    MO_ENDINGS,
    OFFENCE_GROUPS,
    OFFENCE_WEIGHTS,
    PROFILES,
)


@dataclass
class Crimes:
    """What the victim and accused files and the faults need to know about each crime."""

    group: np.ndarray  # index into PROFILES
    status: np.ndarray
    borough: np.ndarray
    recorded: np.ndarray
    offence_from: np.ndarray
    cleared: np.ndarray
    dv: np.ndarray
    last_modified: np.ndarray  # seconds since 1970
    ref: pa.Array


def _crime_numbers(rng: np.random.Generator, recorded: np.ndarray) -> pa.Array:
    """CRIS numbers `NNNNNNN/YY`, rising through each recording year (`recorded` is sorted)."""
    year = year_of(recorded)
    per_year = np.bincount(year - year.min()).max()
    if per_year > 8_900_000:
        raise ValueError("at most 8.9 million crimes a year fit seven-digit CRIS numbers")
    step = rng.integers(1, min(3, 8_900_000 // per_year) + 1, len(year))
    csum = np.cumsum(step)
    new_year = np.append(True, year[1:] != year[:-1])
    before_year = np.maximum.accumulate(np.where(new_year, csum - step, 0))
    digits = pc.utf8_lpad(numbers(1_000_000 + csum - before_year), 7, "0")
    return pc.binary_join_element_wise(digits, numbers(year % 100), "/")


def draw_crimes(rng: np.random.Generator, n: int, places: Places) -> tuple[Columns, Crimes]:
    """A financial year of crime across the force's boroughs, in recording order."""
    lists = reference.load()
    boroughs = lists.bcus["bcu_code"][lists.bcus["bcu_type"] == "BOROUGH"]
    offences = lists.offences
    names = np.array(list(PROFILES))
    prof = list(PROFILES.values())
    attr = {
        k: np.array([getattr(p, k) for p in prof])
        for k in ("detect", "dv", "knife", "gun", "hate", "attempt", "victims")
    }
    group_of_offence = np.array(
        [
            list(PROFILES).index(OFFENCE_GROUPS.get(code, "fraud" if fraud == "Y" else "other"))
            for code, fraud in zip(offences["crimsec_code"], offences["is_fraud"], strict=True)
        ]
    )

    # Where: a borough weighted like London's (of those the directory covers), one of its
    # postcodes (1 % terminated: address lists lag) and a grid reference near it.
    in_london = places.borough >= 0
    live = np.flatnonzero(places.live & in_london)
    dead = np.flatnonzero(~places.live & in_london)
    has_live = np.bincount(places.borough[live], minlength=len(boroughs)) > 0
    has_dead = np.bincount(places.borough[dead], minlength=len(boroughs)) > 0
    if not has_live.any():
        raise ValueError("the postcode directory has no live postcode in a London borough")
    borough = choose(rng, code_weights(boroughs, BOROUGH_WEIGHTS, 15.0) * has_live, n)
    postcode = live[pick_in_groups(rng, places.borough[live], len(boroughs), borough)]
    old = (rng.random(n) < 0.01) & has_dead[borough]
    postcode[old] = dead[pick_in_groups(rng, places.borough[dead], len(boroughs), borough[old])]
    easting = np.round(places.easting[postcode] + rng.normal(0, 25, n)).astype(np.int64)
    northing = np.round(places.northing[postcode] + rng.normal(0, 25, n)).astype(np.int64)

    # What: an offence weighted like London's; about 22 % detected, by the group's rate.
    offence = choose(rng, code_weights(offences["crimsec_code"], OFFENCE_WEIGHTS, 0.2), n)
    group = group_of_offence[offence]
    mix = np.bincount(group, minlength=len(prof)) / n
    detect = np.minimum(0.95, attr["detect"] * 0.23 / (mix * attr["detect"]).sum())
    u = rng.random(n)
    status = np.where(u < 0.04, "N", np.where(u < 0.055, "T", "U")).astype(object)
    status[(u >= 0.055) & (rng.random(n) < detect[group] / 0.945)] = "D"
    is_d, is_n = status == "D", status == "N"
    u = rng.random(n)
    prefix = np.where(u < attr["attempt"][group], "A", np.where(u > 0.996, "C", "S"))

    # When: recorded over the year (more in summer and on weekdays), committed before.
    day = np.arange(RECORDING_DAYS)
    season = 1 + 0.08 * np.sin(2 * np.pi * (day - 100) / 365) + 0.04 * ((day + 5) % 7 < 5)
    recorded = np.sort(RECORDING_START + choose(rng, season, n))
    fraud = attr["victims"][group] == "fraud"
    lag = np.where(rng.random(n) < 0.55, 0, rng.geometric(0.25, n) - 1)
    lag = np.where(fraud, rng.geometric(0.03, n), lag).clip(0, 365)
    offence_from = recorded - lag
    offence_to = np.minimum(
        offence_from + np.where(rng.random(n) < 0.3, rng.geometric(0.5, n), 0), recorded
    )
    to_null = (offence_to == offence_from) & (rng.random(n) < 0.3)
    by_hour = [2, 1.5, 1, 0.7, 0.5, 0.5, 0.8, 1.5, 2.5, 3, 3.3, 3.5, 4, 4, 4.2, 4.6, 5, 5.2,
               5.2, 5, 4.6, 4.2, 3.6, 2.8]  # fmt: skip
    minute_from = choose(rng, by_hour, n) * 60 + rng.integers(0, 12, n) * 5
    minute_to = np.where(
        offence_to == offence_from,
        np.minimum(1439, minute_from + rng.integers(0, 180, n)),
        rng.integers(0, 288, n) * 5,
    )
    no_time = rng.random(n) < np.where(fraud, 0.5, 0.05)
    confirmed = recorded + np.where(rng.random(n) < 0.7, 0, rng.integers(1, 8, n))
    unconfirmed = (status == "T") | (is_n & (rng.random(n) < 0.5)) | (rng.random(n) < 0.05)
    no_crimed = np.minimum(recorded + rng.integers(1, 91, n), EXTRACT_DAY - 1)
    at_once = np.isin(names[group], ["drugs", "theft_shop"]) & (rng.random(n) < 0.7)
    cleared = np.minimum(recorded + np.where(at_once, 0, rng.geometric(0.04, n)), EXTRACT_DAY - 1)
    latest = np.maximum.reduce([recorded, np.where(is_d, cleared, 0), np.where(is_n, no_crimed, 0)])
    changed = np.minimum(latest + rng.integers(0, 30, n), EXTRACT_DAY - 1)
    last_modified = changed * 86_400 + rng.integers(7 * 3600, 23 * 3600, n)

    # Features: domestic abuse, hate (a second type now and then), weapons, cash in transit.
    dv = rng.random(n) < attr["dv"][group]
    first = np.where(rng.random(n) < attr["hate"][group], choose(rng, [70, 12, 12, 3, 3], n), -1)
    second = np.where((first >= 0) & (rng.random(n) < 0.1), (first + 1) % 5, -1)
    hate = np.where(first >= 0, 1 << first, 0) | np.where(second >= 0, 1 << second, 0)
    hate_text = [";".join(t for b, t in enumerate(HATE_TYPES) if m >> b & 1) for m in range(32)]
    cash = (names[group] == "robbery_business") & (rng.random(n) < 0.05)

    places_by_group = np.array([[p.places.get(t, 0.0) for t in LOCATION_TYPES] for p in prof])
    mo_by_group = {k: list(p.mo) for k, p in PROFILES.items()}
    mo_vocab, mo = pick_in_vocab(rng, mo_by_group, list(PROFILES), group)
    mo_text = pc.binary_join_element_wise(
        text(mo_vocab, mo), text(MO_ENDINGS, rng.integers(0, len(MO_ENDINGS), n)), ""
    )
    warrants = numbers(rng.choice(900_000, 30_000, replace=False) + 100_000)
    ref = _crime_numbers(rng, recorded)
    cols: Columns = {
        "crime_ref": ref,
        "borough_code": text(boroughs, borough),
        "date_recorded": iso_dates(recorded),
        "date_cleared_up": iso_dates(cleared, ~is_d),
        "date_confirmed": iso_dates(confirmed, unconfirmed),
        "date_no_crimed": iso_dates(no_crimed, ~is_n),
        "offence_date_from": iso_dates(offence_from),
        "offence_time_from": times(minute_from, no_time),
        "offence_date_to": iso_dates(offence_to, to_null),
        "offence_time_to": times(minute_to, no_time | to_null),
        "classification_code": text(offences["classification_code"], offence),
        "crimsec_code": text(offences["crimsec_code"], offence),
        "status": strings(status),
        "prefix": strings(prefix),
        "location_postcode": places.pcds.take(pa.array(postcode)),
        "location_easting": numbers(easting),
        "location_northing": numbers(northing),
        "location_type": text(LOCATION_TYPES, choose_by_group(rng, group, places_by_group)),
        "dv_flag": flags(dv),
        "hate_flags": text(hate_text, hate, hate == 0),
        "gun_feature": flags(rng.random(n) < attr["gun"][group]),
        "knife_feature": flags(rng.random(n) < attr["knife"][group]),
        "cash_in_transit": flags(cash),
        "recording_officer_warrant": warrants.take(pa.array(rng.integers(0, len(warrants), n))),
        "investigating_officer_warrant": null_where(
            rng.random(n) < 0.06, warrants.take(pa.array(rng.integers(0, len(warrants), n)))
        ),
        "mo_text": mo_text,
        "last_modified": timestamps(last_modified),
    }
    facts = Crimes(group, status, borough, recorded, offence_from, cleared, dv, last_modified, ref)
    return cols, facts


def crime_faults(facts: Crimes) -> dict[str, Fault]:
    def invalid_ref(c: Columns, rows: np.ndarray) -> None:
        ref = cells(c, "crime_ref", rows)
        six_digits = pc.utf8_slice_codeunits(ref, 1, 10)
        replace_cells(c, "crime_ref", rows, pc.if_else(
            pa.array(rows % 2 == 0), six_digits, pc.replace_substring(ref, "/", "-")
        ))  # fmt: skip

    def cleared_early(c: Columns, rows: np.ndarray) -> None:
        replace_cells(c, "date_cleared_up", rows, iso_dates(facts.recorded[rows] - 1 - rows % 30))
        replace_cells(c, "status", rows, ["D"] * len(rows))

    def changed_twice(c: Columns, rows: np.ndarray) -> Columns:
        """The same crime again with another last_modified, earlier or later."""
        copy = duplicate(c, rows)
        shift = np.where(rows % 2 == 0, 1, -1) * (3600 + rows % 30 * 86_400)
        copy["last_modified"] = timestamps(facts.last_modified[rows] + shift)
        return copy

    def clear(names: list[str]) -> Fault:
        def fault(c: Columns, rows: np.ndarray) -> None:
            for name in names:
                replace_cells(c, name, rows, pa.nulls(len(rows), pa.string()))

        return fault

    def unknown_postcode(c: Columns, rows: np.ndarray) -> None:
        replace_cells(
            c, "location_postcode", rows, ["ZZ99 3VZ"] * len(rows)
        )  # NHS "no fixed abode"

    dates = ["date_recorded", "offence_date_from"]
    return {
        "lower_case_code": lower_case(
            {"borough_code": "", "status": "", "classification_code": ""}
        ),
        "stray_spaces": stray_spaces({"crimsec_code": "", "borough_code": "", "status": ""}),
        "impossible_date": impossible_date(dates),
        "date_format": date_format(dates),
        "unknown_crimsec": unknown_code("crimsec_code", "crimsec"),
        "unknown_borough": unknown_code("borough_code", "borough"),
        "invalid_crime_ref": invalid_ref,
        "cleared_before_recorded": cleared_early,
        "duplicate_key": changed_twice,
        "postcode_spacing_case": odd_postcode("location_postcode", "SW1A 1AA"),
        "unknown_postcode": unknown_postcode,
        "grid_without_postcode": clear(["location_postcode"]),
        "no_location": clear(["location_postcode", "location_easting", "location_northing"]),
        "end_before_start": end_before_start(facts.offence_from, "offence_date_to"),
    }
