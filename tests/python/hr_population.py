"""A hand-built HR population for the HR feed tests.

Independent of `hodh generate` on purpose: the disclosure-control tests need a
force whose shape they control exactly (one Commissioner, a handful of chief
officers from tiny minority groups, thousands of constables), and planted
personal values that must never come out. Every raw file of the contract is
written (the CRIS ones with a header only), so dbt's input check passes.
"""

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from hodh import PROJECT_DIR
from hodh.inputs import raw_contract

ETHNICITY_WEIGHTS = {
    "W1": 70, "W2": 3, "W9": 7, "M1": 1.5, "M2": 0.7, "M3": 1, "M9": 1,
    "A1": 4, "A2": 2, "A3": 1.5, "A9": 2, "B1": 4, "B2": 4, "B9": 1,
    "O1": 1, "O9": 2, "NS": 4,
}  # fmt: skip
CONSTABLE_PYRAMID = [("PC", 0.80), ("PS", 0.13), ("INSP", 0.05), ("CI", 0.02)]
STAFF_BANDS = [("BAND_E", 0.3), ("BAND_D", 0.3), ("BAND_C", 0.25), ("BAND_B", 0.15)]
# A concentrated force (four boroughs, births over twenty years, ethnicity
# mostly W1): most constables share their class with many others, so the
# tests can show they keep full detail while the rare records are generalised.
BOROUGHS = ["BS", "CW", "EK", "FH"]
# The one employee who joined before 1990 (see build_population).
LONE_JOINER_DATE = date(1976, 4, 12)
# Chief officers: (rank, ethnicity, gender); one Commissioner, tiny minorities.
CHIEF_OFFICERS = [
    ("COMM", "W1", "M"),
    ("DCOMM", "W1", "F"),
    ("AC", "A1", "M"),
    ("AC", "W1", "M"),
    ("AC", "B2", "F"),
    ("DAC", "W1", "M"),
    ("DAC", "M1", "M"),
    ("DAC", "W1", "F"),
    ("CMDR", "O1", "F"),
    ("CMDR", "W1", "M"),
    ("CMDR", "W1", "M"),
    ("CMDR", "A3", "M"),
    ("CMDR", "W9", "F"),
]


@dataclass
class Population:
    """Raw rows per file (lists of dicts keyed by raw column name)."""

    files: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    # Personal values that appear in the raw files and must never come out.
    planted: list[str] = field(default_factory=list)

    def add(self, file_name: str, row: dict[str, str]) -> None:
        self.files.setdefault(file_name, []).append(row)

    def write(self, raw_dir: Path) -> Path:
        raw_dir.mkdir(parents=True, exist_ok=True)
        for file_name, columns in raw_contract().items():
            with (raw_dir / file_name).open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="raise")
                writer.writeheader()
                for row in self.files.get(file_name, []):
                    writer.writerow({column: row.get(column, "") for column in columns})
        return raw_dir


def _sample_postcodes(count: int) -> list[str]:
    """Postcodes of the shipped directory sample, so applicants map to MSOAs
    (from its middle: unit-test fixtures elsewhere use its first rows)."""
    with (PROJECT_DIR / "reference" / "onspd_sample.csv").open(newline="") as handle:
        postcodes = [row["pcds"] for row in csv.DictReader(handle) if not row["doterm"]]
    return postcodes[5000 : 5000 + count * 97 : 97]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def build_population(employees: int, seed: int = 2010, applicants: int = 0) -> Population:
    """A force of about `employees` people plus the chief officers, with history.

    Pay numbers are `PN` + 6 digits; collar numbers `CN` + 5 digits; names,
    dates of birth before 1990 (nobody but the lone early joiner joins before
    1990, and their dates are all withheld, so a date of birth can never
    coincide with an exported date), job references and postcodes are planted;
    every planted name and free text contains 'planted'.
    """
    rng = random.Random(seed)
    population = Population()
    ethnicities = list(ETHNICITY_WEIGHTS.items())

    def person(
        number: int, staff_type: str, ranks: list[str], ethnicity: str, gender: str,
        born_from: date = date(1968, 1, 1), joined: date | None = None,
    ) -> None:  # fmt: skip
        pay_number = f"PN{number:06d}"
        collar = f"CN{number:05d}"
        surname = f"Surnameplanted{number:05d}"
        forename = f"Forenameplanted{number:05d}"
        born = born_from + timedelta(days=rng.randrange(0, 365 * 20))
        joined = joined or date(1990, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
        left = None
        if rng.random() < 0.1:
            left = joined + timedelta(days=rng.randrange(365, 365 * 4))
        population.add(
            "hr_employees.csv",
            {
                "pay_number": pay_number,
                "collar_number": collar,
                "surname": surname,
                "forename": forename,
                "staff_type": staff_type,
                "date_of_birth": _iso(born),
                "gender": gender,
                "ethnicity_code": ethnicity,
                "disability": rng.choice("YNU"),
                "date_joined": _iso(joined),
                "date_left": _iso(left),
                "leaving_reason": "RESIGNED" if left else "",
                "marital_status": "MARRIED",
                "basic_pay": str(rng.randrange(20000, 90000)),
                "pensionable_service_date": _iso(joined),
                "ospre_qualified": "N",
                "graduate": "Y",
                "fitness_level": "7.4",
                "suspended": "N",
                "probationer": "N",
                "rejoiner": "N",
                "transferee": "N",
                "working_pattern": "FT",
                "hours_per_week": "40",
                "employment_type": "PERMANENT",
            },
        )
        if number % 97 == 0:
            population.planted += [pay_number, collar, surname, forename, _iso(born)]
        start = joined
        for rank in ranks:
            if rank != ranks[-1]:
                end = start + timedelta(days=rng.randrange(700, 2000))
            else:
                end = left if left and left > start else None
            population.add(
                "hr_rank_history.csv",
                {
                    "pay_number": pay_number,
                    "rank_code": rank,
                    "rank_qualifier": "SUBSTANTIVE",
                    "rank_reason": "PROMOTED",
                    "start_date": _iso(start),
                    "end_date": _iso(end),
                },
            )
            if end:
                start = end + timedelta(days=1)
        bcu = "HQ" if ranks[-1] in {"COMM", "DCOMM", "AC", "DAC", "CMDR"} else rng.choice(BOROUGHS)
        population.add(
            "hr_assignments.csv",
            {
                "pay_number": pay_number,
                "bcu_code": bcu,
                "post_code": f"P{rng.randrange(1000):04d}",
                "post_title": f"Posttitleplanted {number}",
                "start_date": _iso(joined),
                "end_date": _iso(left),
                "secondment": "N",
                "seconded_to": "",
            },
        )
        if rng.random() < 0.2:
            population.add(
                "hr_abstractions.csv",
                {
                    "pay_number": pay_number,
                    "abstraction_type": "SICKNESS",
                    "start_date": _iso(joined + timedelta(days=400)),
                    "end_date": _iso(joined + timedelta(days=405)),
                    "sickness_reason": "Sicknessplanted",
                    "sick_pay_status": "FULL",
                    "hours_lost": "40",
                    "days_lost": "5",
                    "assault_on_duty": "N",
                },
            )
        population.add(
            "hr_training.csv",
            {
                "pay_number": pay_number,
                "course_code": "C01",
                "completed_date": _iso(joined + timedelta(days=30)),
                "competency": "Competencyplanted",
            },
        )

    number = 0
    for rank, ethnicity, gender in CHIEF_OFFICERS:
        number += 1
        ladder = ["PC", "PS", "INSP", "CI", "SUPT", "CSUPT", rank]
        person(number, "OFFICER", ladder, ethnicity, gender, born_from=date(1955, 1, 1))
    for _ in range(employees):
        number += 1
        ethnicity = _weighted(rng, ethnicities)
        gender = rng.choice("MMF")
        kind = rng.random()
        if kind < 0.7:
            top = _weighted(rng, CONSTABLE_PYRAMID)
            ladder = ["PC", "PS", "INSP", "CI"]
            person(number, "OFFICER", ladder[: ladder.index(top) + 1], ethnicity, gender)
        elif kind < 0.95:
            person(number, "STAFF", [_weighted(rng, STAFF_BANDS)], ethnicity, gender)
        else:
            person(number, "PCSO", ["PCSO"], ethnicity, gender)

    # The lone early joiner: the only one to join in 1975-1979, so that even the coarsest
    # view (everything withheld but the five-year period joined) leaves them alone and the
    # last resort withholds them on everything, their postings merged and absences withheld.
    number += 1
    person(
        number, "STAFF", ["BAND_D"], "W1", "F", born_from=date(1950, 1, 1), joined=LONE_JOINER_DATE
    )
    lone = f"PN{number:06d}"
    population.add(
        "hr_assignments.csv",
        {"pay_number": lone, "bcu_code": "BS", "post_code": "P0007", "start_date": "1980-02-04",
         "secondment": "Y"},
    )  # fmt: skip
    for start, end in (("1982-03-01", "1982-03-05"), ("1990-10-08", "1991-01-18")):
        population.add(
            "hr_abstractions.csv",
            {"pay_number": lone, "abstraction_type": "SICKNESS", "start_date": start,
             "end_date": end, "hours_lost": "30", "days_lost": "4", "assault_on_duty": "N"},
        )  # fmt: skip

    # Dirty rows, one of each kind the quarantine must catch.
    first = population.files["hr_employees.csv"][20]
    population.add("hr_employees.csv", dict(first, surname="Duplicateplanted"))
    population.add("hr_employees.csv", dict(first, pay_number="PN900001", ethnicity_code="X7"))
    population.add("hr_employees.csv", dict(first, pay_number="", collar_number="CN99999"))
    population.add(
        "hr_employees.csv",
        dict(first, pay_number="PN900002", date_joined="2010-05-01", date_left="2009-01-01"),
    )
    history = {"pay_number": "PN900002", "rank_code": "PC", "start_date": "2010-05-01"}
    population.add("hr_rank_history.csv", history)  # its employee is quarantined
    population.add("hr_rank_history.csv", dict(history, pay_number="PN999999"))  # orphan
    population.add("hr_rank_history.csv", dict(history, pay_number="PN000030", rank_code="XX"))
    population.add(
        "hr_rank_history.csv",
        dict(history, pay_number="PN000031", start_date="2015-01-01", end_date="2014-01-01"),
    )
    population.add(
        "hr_assignments.csv",
        {"pay_number": "PN000032", "bcu_code": "ZZ", "start_date": "2015-01-01"},
    )
    population.add(
        "hr_abstractions.csv",
        {"pay_number": "PN999998", "abstraction_type": "SICKNESS", "start_date": "2015-01-01"},
    )

    postcodes = _sample_postcodes(40)
    for index in range(applicants):
        ref = f"AP{index:06d}"
        postcode = rng.choice([*postcodes, "ZZ1 1ZZ", ""])
        if index % 7 == 0:
            postcode = postcode.lower().replace(" ", "")  # any spacing or case
        population.add(
            "hr_applicants.csv",
            {
                "applicant_ref": ref,
                "job_reference": f"JOB{index:05d}",
                "application_type": _weighted(
                    rng, [("OFFICER", 60), ("STAFF", 25), ("PCSO", 8), ("SPECIAL", 7)]
                ),
                "date_received": _iso(date(2023, 1, 1) + timedelta(days=rng.randrange(365))),
                "special": "N",
                "graduate": rng.choice("YN"),
                "home_postcode": postcode,
                "surname": f"Applicantplanted{index:05d}",
                "forename": "Forenameplanted",
                "date_of_birth": _iso(date(1980, 1, 1) + timedelta(days=rng.randrange(3000))),
            },
        )
        population.add(
            "hr_applicant_status.csv",
            {"applicant_ref": ref, "status": "RECEIVED", "status_date": "2023-06-01"},
        )
        if index % 50 == 0:
            population.planted += [f"Applicantplanted{index:05d}", f"JOB{index:05d}"]
    population.planted += postcodes[:10]
    if applicants:
        population.add(
            "hr_applicants.csv",
            dict(population.files["hr_applicants.csv"][0], surname="Duplicateplanted"),
        )
        population.add(
            "hr_applicant_status.csv",
            {"applicant_ref": "AP999999", "status": "SIFTED", "status_date": "2023-06-02"},
        )
    return population
