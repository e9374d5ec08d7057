"""The people of a crime: its victims and its accused, and their faults."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh import reference
from hodh.generate.arrays import (
    Columns,
    age_on,
    birth_dates,
    child_rows,
    choose,
    code_weights,
    iso_dates,
    null_where,
    numbers,
    strings,
    text,
)
from hodh.generate.crime import Crimes
from hodh.generate.faults import Fault, child_faults, odd_postcode, unknown_code
from hodh.generate.places import Places, home_postcodes
from hodh.generate.timeline import EXTRACT_DAY, day_number
from hodh.generate.vocabulary import (
    LONDON_ETHNICITY,
    ORGANISATIONS,
    PROCEEDINGS_WEIGHTS,
    PROFILES,
    draw_names,
)


def _orphan_crime_refs(rows: np.ndarray) -> pa.Array:
    """Well-formed CRIS numbers of a year in which no crime here was recorded."""
    return pc.binary_join_element_wise(numbers(9_000_000 + rows % 999_999), "22", "/")


def draw_victims(rng: np.random.Generator, crimes: Crimes, places: Places) -> Columns:
    """One victim a crime mostly, organisations for business offences, 2-20 for fraud,
    none for drug offences."""
    names = np.array(list(PROFILES))
    kind = np.array([p.victims for p in PROFILES.values()])[crimes.group]
    m = len(kind)
    count = np.select(
        [kind == "none", kind == "fraud"],
        [0, 2 + np.minimum(18, rng.geometric(0.25, m) - 1)],
        1 + (rng.random(m) < 0.08) + (rng.random(m) < 0.02),
    )
    crime, seq = child_rows(count)
    n = len(crime)
    group = crimes.group[crime]
    org_share = np.select([kind == "business", kind == "fraud"], [0.92, 0.15], 0.03)
    org = rng.random(n) < org_share[crime]

    female_share = np.where((names[group] == "sexual") | crimes.dv[crime], 0.8, 0.48)
    u = rng.random(n)
    gender = np.where(u < 0.02, "U", np.where(u < 0.02 + female_share, "F", "M"))
    age = np.where(rng.random(n) < 0.06, rng.integers(10, 16, n), 16 + rng.gamma(2.2, 10, n))
    offence_day = crimes.offence_from[crime]
    dob = birth_dates(rng, offence_day, np.minimum(age, 95))
    surname, forename = draw_names(rng, gender)
    eth = reference.load().ethnicity["ethnicity_16"]
    home = places.pcds.take(pa.array(home_postcodes(rng, places, n, near=crimes.borough[crime])))
    relationship = np.where(
        crimes.dv[crime],
        choose(rng, [0, 0, 45, 35, 20, 0, 0], n),
        choose(rng, [55, 20, 2, 1, 2, 5, 15], n),
    )
    violent = np.isin(
        names[group], ["homicide", "violence", "violence_hate", "sexual", "robbery_personal"]
    )
    injury = np.where(names[group] == "homicide", 4, choose(rng, [40, 40, 14, 6], n))
    organisation = text(ORGANISATIONS, rng.integers(0, len(ORGANISATIONS), n))
    return {
        "crime_ref": crimes.ref.take(pa.array(crime)),
        "victim_seq": numbers(seq + 1),
        "victim_type": text(["P", "O"], org.astype(np.int64)),
        "surname": pc.if_else(pa.array(org), organisation, surname),
        "forename": null_where(org, forename),
        "date_of_birth": iso_dates(dob, org),
        "age": numbers(age_on(dob, offence_day), org),
        "gender": null_where(org, strings(gender)),
        "ethnicity_code": text(eth, choose(rng, code_weights(eth, LONDON_ETHNICITY, 1.0), n), org),
        "home_postcode": null_where(org | (rng.random(n) < 0.2), home),
        "relationship_code": text(
            ["STRANGER", "ACQUAINTANCE", "PARTNER", "EX_PARTNER", "FAMILY", "WORK", "NOT_KNOWN"],
            relationship, org,
        ),
        "injury_level": text(
            ["NONE", "MINOR", "MODERATE", "SERIOUS", "FATAL"], injury, org | ~violent
        ),
    }  # fmt: skip


def draw_accused(rng: np.random.Generator, crimes: Crimes) -> Columns:
    """One to three accused for a detected crime, now and then one (not proceeded against)
    for an undetected one; some people are accused more than once."""
    m = len(crimes.status)
    detected = crimes.status == "D"
    count = np.where(detected, 1 + choose(rng, [80, 15, 5], m), 0)
    count[np.isin(crimes.status, ["U", "T"]) & (rng.random(m) < 0.03)] = 1
    crime, seq = child_rows(count)
    n = len(crime)

    pool = max(1, int(n * 0.65))
    person = np.minimum(pool - 1, (pool * rng.random(n) ** 1.6).astype(np.int64))
    person_ref = pc.binary_join_element_wise(
        "PR", pc.utf8_lpad(numbers(rng.choice(10**8, pool, replace=False)), 8, "0"), ""
    )
    u = rng.random(pool)
    gender = np.where(u < 0.01, "U", np.where(u < 0.16, "F", "M"))
    dob = birth_dates(
        rng, np.full(pool, day_number("2023-10-01")), np.minimum(14 + rng.gamma(2, 8, pool), 80)
    )
    surname, forename = draw_names(rng, gender)
    eth = reference.load().ethnicity["ethnicity_16"]
    ethnicity = text(eth, choose(rng, code_weights(eth, LONDON_ETHNICITY, 1.0), pool))

    codes = reference.load().proceedings["proceedings_code"]
    proceedings = choose(rng, code_weights(codes, {**PROCEEDINGS_WEIGHTS, "NFA": 0.0}, 2.0), n)
    if (nfa := np.flatnonzero(codes == "NFA")).size:
        proceedings[~detected[crime] | (rng.random(n) < 0.03)] = nfa[0]
    day = np.where(
        detected[crime],
        crimes.cleared[crime] + rng.integers(0, 15, n),
        crimes.recorded[crime] + rng.integers(1, 61, n),
    )
    who = pa.array(person)
    return {
        "crime_ref": crimes.ref.take(pa.array(crime)),
        "accused_seq": numbers(seq + 1),
        "person_ref": person_ref.take(who),
        "surname": surname.take(who),
        "forename": forename.take(who),
        "date_of_birth": iso_dates(dob[person]),
        "age": numbers(age_on(dob[person], crimes.offence_from[crime])),
        "gender": strings(gender).take(who),
        "ethnicity_code": ethnicity.take(who),
        "proceedings_code": text(codes, proceedings),
        "proceedings_date": iso_dates(np.minimum(day, EXTRACT_DAY - 1), rng.random(n) < 0.03),
    }


def victim_faults() -> dict[str, Fault]:
    return {
        **child_faults("crime_ref", {"ethnicity_code": "W1", "gender": "U"},
                       ["date_of_birth"], _orphan_crime_refs),
        "unknown_ethnicity": unknown_code("ethnicity_code", "ethnicity"),
        "postcode_spacing_case": odd_postcode("home_postcode", "E1 6AN"),
    }  # fmt: skip


def accused_faults() -> dict[str, Fault]:
    return {
        **child_faults("crime_ref", {"proceedings_code": "CHG", "ethnicity_code": "W1"},
                       ["proceedings_date", "date_of_birth"], _orphan_crime_refs),
        "unknown_ethnicity": unknown_code("ethnicity_code", "ethnicity"),
        "unknown_proceedings": unknown_code("proceedings_code", "proceedings"),
    }  # fmt: skip
