"""Synthetic raw extracts (REQUIREMENT section 2) so the feed can run with no real data.

Everything is vectorised (numpy draws, pyarrow string kernels, DuckDB CSV
writer): a million crimes and 50,000 employees with decades of HR history take
seconds, and the same seed gives byte-identical files. Codes come from the
force's lists (`hodh.reference`) and locations from a postcode directory;
with `dirty > 0` every fault kind of section 2 is planted at that rate per file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh import reference
from hodh.postcodes import SAMPLE_PATH, read_postcode_directory, write_csv

# Column order of each raw file, as section 2 lists them.
COLUMNS: dict[str, list[str]] = {
    "cris_crimes.csv": [
        "crime_ref", "borough_code", "date_recorded", "date_cleared_up", "date_confirmed",
        "date_no_crimed", "offence_date_from", "offence_time_from", "offence_date_to",
        "offence_time_to", "classification_code", "crimsec_code", "status", "prefix",
        "location_postcode", "location_easting", "location_northing", "location_type", "dv_flag",
        "hate_flags", "gun_feature", "knife_feature", "cash_in_transit",
        "recording_officer_warrant", "investigating_officer_warrant", "mo_text", "last_modified",
    ],
    "cris_victims.csv": [
        "crime_ref", "victim_seq", "victim_type", "surname", "forename", "date_of_birth", "age",
        "gender", "ethnicity_code", "home_postcode", "relationship_code", "injury_level",
    ],
    "cris_accused.csv": [
        "crime_ref", "accused_seq", "person_ref", "surname", "forename", "date_of_birth", "age",
        "gender", "ethnicity_code", "proceedings_code", "proceedings_date",
    ],
    "hr_employees.csv": [
        "pay_number", "collar_number", "surname", "forename", "staff_type", "date_of_birth",
        "gender", "ethnicity_code", "disability", "date_joined", "date_left", "leaving_reason",
        "marital_status", "basic_pay", "pensionable_service_date", "ospre_qualified", "graduate",
        "fitness_level", "suspended", "probationer", "rejoiner", "transferee", "working_pattern",
        "hours_per_week", "employment_type",
    ],
    "hr_rank_history.csv": [
        "pay_number", "rank_code", "rank_qualifier", "rank_reason", "start_date", "end_date",
    ],
    "hr_abstractions.csv": [
        "pay_number", "abstraction_type", "start_date", "end_date", "sickness_reason",
        "sick_pay_status", "hours_lost", "days_lost", "assault_on_duty",
    ],
    "hr_assignments.csv": [
        "pay_number", "bcu_code", "post_code", "post_title", "start_date", "end_date",
        "secondment", "seconded_to",
    ],
    "hr_training.csv": ["pay_number", "course_code", "completed_date", "competency"],
    "hr_applicants.csv": [
        "applicant_ref", "job_reference", "application_type", "date_received", "special",
        "graduate", "home_postcode", "surname", "forename", "date_of_birth",
    ],
    "hr_applicant_status.csv": ["applicant_ref", "status", "status_date"],
}  # fmt: skip

# The faults `dirty` plants in each file, one kind per row, every kind present.
FAULT_KINDS: dict[str, tuple[str, ...]] = {
    "cris_crimes.csv": (
        "lower_case_code", "stray_spaces", "impossible_date", "date_format", "unknown_crimsec",
        "unknown_borough", "invalid_crime_ref", "cleared_before_recorded", "duplicate_key",
        "postcode_spacing_case", "unknown_postcode", "grid_without_postcode", "no_location",
        "end_before_start",
    ),
    "cris_victims.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "unknown_ethnicity",
        "impossible_date", "date_format", "postcode_spacing_case",
    ),
    "cris_accused.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "unknown_ethnicity",
        "unknown_proceedings", "impossible_date", "date_format",
    ),
    "hr_employees.csv": (
        "duplicate_key", "lower_case_code", "stray_spaces", "unknown_ethnicity",
        "impossible_date", "date_format", "end_before_start",
    ),
    "hr_rank_history.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "unknown_rank",
        "impossible_date", "date_format", "end_before_start",
    ),
    "hr_abstractions.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "impossible_date",
        "date_format", "end_before_start",
    ),
    "hr_assignments.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "unknown_bcu",
        "impossible_date", "date_format", "end_before_start",
    ),
    "hr_training.csv": (
        "orphan", "duplicate_key", "stray_spaces", "impossible_date", "date_format",
    ),
    "hr_applicants.csv": (
        "duplicate_key", "lower_case_code", "stray_spaces", "impossible_date", "date_format",
        "postcode_spacing_case",
    ),
    "hr_applicant_status.csv": (
        "orphan", "duplicate_key", "lower_case_code", "stray_spaces", "impossible_date",
        "date_format",
    ),
}  # fmt: skip

Columns = dict[str, pa.Array]


def _day(iso: str) -> int:
    return int(np.datetime64(iso, "D").astype(np.int64))


# One financial year of crime, extracted a fortnight after it ends.
RECORDING_START = _day("2023-04-01")
RECORDING_DAYS = 366
EXTRACT_DAY = _day("2024-04-15")
HR_HISTORY_START = _day("2012-04-01")  # abstractions and training kept since the HR system began
PCSO_START = _day("2002-09-01")
TRAFFIC_WARDENS_END = _day("2008-12-31")
YEAR = 365.25

# Relative crime volumes (thousands a year) of the Met's boroughs, Westminster busiest.
BOROUGH_WEIGHTS = {
    "CW": 62, "EK": 38, "HT": 36, "MD": 36, "KF": 36, "LX": 35, "ZD": 34, "GD": 31, "QK": 31,
    "XB": 30, "YR": 30, "NI": 29, "SX": 29, "YE": 28, "PL": 27, "XH": 27, "WW": 26, "RG": 26,
    "TX": 26, "JI": 25, "JC": 24, "PY": 24, "BS": 22, "FH": 22, "KD": 20, "KG": 19, "RY": 16,
    "QA": 15, "VW": 14, "ZT": 13, "VK": 12, "TW": 12,
}  # fmt: skip
# Share (%) of London's recorded crime by Home Office code: theft and violence dominate.
OFFENCE_WEIGHTS = {
    "001/00": 0.012, "008/01": 1.4, "008/06": 10.5, "008/10": 0.6, "019/07": 0.9,
    "028/01": 5.2, "028/02": 0.05, "030/01": 2.6, "034/01": 0.35, "034/02": 3.3,
    "037/01": 0.08, "039/00": 6.5, "044/00": 0.3, "045/00": 5.8, "046/00": 7.8,
    "048/00": 3.4, "049/00": 14.0, "053/01": 1.5, "053/02": 0.3, "056/00": 0.4,
    "058/01": 2.1, "058/02": 1.3, "058/03": 3.0, "092/01": 0.8, "092/02": 4.6, "105/01": 13.0,
}  # fmt: skip
OFFENCE_GROUPS = {
    "001/00": "homicide", "008/01": "violence", "008/06": "violence", "105/01": "violence",
    "008/10": "violence_hate", "019/07": "sexual", "028/01": "burglary_home",
    "028/02": "burglary_home", "030/01": "burglary_business", "034/01": "robbery_business",
    "034/02": "robbery_personal", "037/01": "vehicle", "045/00": "vehicle", "048/00": "vehicle",
    "039/00": "theft_person", "044/00": "theft_employee", "046/00": "theft_shop",
    "049/00": "theft_other", "053/01": "fraud", "053/02": "fraud", "056/00": "arson",
    "058/01": "damage_home", "058/02": "damage_business", "058/03": "damage_vehicle",
    "092/01": "drugs", "092/02": "drugs",
}  # fmt: skip
LOCATION_TYPES = [
    "STREET", "DWELLING", "SHOP", "LICENSED_PREMISES", "TRANSPORT", "SCHOOL",
    "PLACE_OF_WORSHIP", "PARK", "CAR_PARK", "OFFICE", "HOSPITAL", "OTHER",
]  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """How crimes of an offence group look: rates, victims, places and MO text."""

    detect: float  # relative detection rate (scaled so about 22 % of crimes are detected)
    dv: float
    knife: float
    gun: float
    hate: float
    attempt: float
    victims: str  # person, business, fraud or none
    places: dict[str, float]
    mo: tuple[str, ...]


_STREET = {"STREET": 0.6, "TRANSPORT": 0.1, "PARK": 0.1, "LICENSED_PREMISES": 0.1, "OTHER": 0.1}
_SHOPS = {"SHOP": 0.5, "OFFICE": 0.2, "SCHOOL": 0.1, "PLACE_OF_WORSHIP": 0.1, "OTHER": 0.1}
# Profile(detect, dv, knife, gun, hate, attempt, victims, places, mo)
PROFILES: dict[str, Profile] = {
    "homicide": Profile(
        0.9, 0.15, 0.6, 0.1, 0.05, 0.0, "person", {"DWELLING": 0.5, "STREET": 0.4, "PARK": 0.1},
        ("Victim found with fatal injuries", "Victim stabbed, pronounced dead at scene")),
    "violence": Profile(
        0.28, 0.3, 0.02, 0.002, 0.015, 0.01, "person",
        {**_STREET, "DWELLING": 0.35, "SCHOOL": 0.02, "HOSPITAL": 0.02},
        ("Suspect punched victim to the face", "Suspect pushed victim to the ground, kicked them",
         "Argument escalated, suspect struck victim with a bottle", "Suspect headbutted victim")),
    "violence_hate": Profile(
        0.3, 0.0, 0.02, 0.0, 1.0, 0.0, "person", {**_STREET, "PLACE_OF_WORSHIP": 0.05},
        ("Suspect shouted racial abuse, then punched victim",
         "Suspect made religiously abusive remarks and assaulted victim")),
    "sexual": Profile(
        0.08, 0.3, 0.0, 0.0, 0.0, 0.05, "person",
        {"DWELLING": 0.6, "STREET": 0.2, "PARK": 0.1, "OTHER": 0.1},
        ("Victim reports sexual assault by a person known to them",
         "Offence reported some time after it occurred")),
    "burglary_home": Profile(
        0.06, 0.02, 0.01, 0.001, 0.0, 0.08, "person", {"DWELLING": 1.0},
        ("Entry forced via rear door, property searched",
         "Entry via insecure window, jewellery and cash taken",
         "Front door lock snapped, laptop and car keys taken")),
    "burglary_business": Profile(
        0.06, 0.0, 0.0, 0.0, 0.0, 0.08, "business", _SHOPS,
        ("Shutter forced overnight, stock taken", "Entry via roof, safe attacked",
         "Glass door smashed, tills removed")),
    "robbery_business": Profile(
        0.15, 0.0, 0.3, 0.08, 0.0, 0.1, "business", {"SHOP": 0.8, "STREET": 0.1, "OFFICE": 0.1},
        ("Suspects threatened staff with a knife, took cash from till",
         "Courier threatened, cash box taken")),
    "robbery_personal": Profile(
        0.1, 0.0, 0.15, 0.01, 0.01, 0.08, "person", _STREET,
        ("Suspects on mopeds snatched phone, threatened victim",
         "Victim approached by group, made to hand over phone, wallet")),
    "vehicle": Profile(
        0.03, 0.0, 0.0, 0.0, 0.0, 0.08, "person", {"STREET": 0.7, "CAR_PARK": 0.2, "DWELLING": 0.1},
        ("Vehicle broken into, items taken from glovebox",
         "Keyless entry used, vehicle driven away", "Catalytic converter removed")),
    "theft_person": Profile(
        0.02, 0.0, 0.0, 0.0, 0.0, 0.05, "person",
        {"STREET": 0.5, "TRANSPORT": 0.3, "LICENSED_PREMISES": 0.2},
        ("Phone snatched from victim's hand", "Wallet taken from bag, victim unaware")),
    "theft_employee": Profile(
        0.5, 0.0, 0.0, 0.0, 0.0, 0.0, "business", {"SHOP": 0.6, "OFFICE": 0.4},
        ("Employee suspected of taking stock over several weeks",)),
    "theft_shop": Profile(
        0.45, 0.0, 0.002, 0.0, 0.0, 0.03, "business", {"SHOP": 1.0},
        ("Suspect concealed items, left without paying",
         "Suspect filled bag with meat, alcohol, walked out")),
    "theft_other": Profile(
        0.06, 0.0, 0.0, 0.0, 0.0, 0.04, "person",
        {"STREET": 0.4, "DWELLING": 0.3, "TRANSPORT": 0.1, "OFFICE": 0.1, "OTHER": 0.1},
        ("Bicycle taken from outside address", "Unattended bag taken",
         "Parcel stolen from doorstep")),
    "fraud": Profile(
        0.05, 0.0, 0.0, 0.0, 0.0, 0.05, "fraud", {"DWELLING": 0.6, "OFFICE": 0.2, "OTHER": 0.2},
        ("Victims contacted by phone, persuaded to transfer money",
         "Online marketplace sale, goods never delivered",
         "Bank card details used without consent")),
    "arson": Profile(
        0.1, 0.05, 0.0, 0.0, 0.02, 0.05, "person", {"DWELLING": 0.5, "STREET": 0.3, "OTHER": 0.2},
        ("Fire set deliberately to bins, spread to fence",)),
    "damage_home": Profile(
        0.12, 0.2, 0.0, 0.0, 0.02, 0.02, "person", {"DWELLING": 1.0},
        ("Window smashed at victim's home", "Front door kicked, damaged")),
    "damage_business": Profile(
        0.1, 0.0, 0.0, 0.0, 0.02, 0.02, "business", _SHOPS,
        ("Graffiti sprayed on shop front", "Shop window smashed")),
    "damage_vehicle": Profile(
        0.04, 0.05, 0.0, 0.0, 0.0, 0.02, "person", {"STREET": 0.8, "CAR_PARK": 0.2},
        ("Vehicle keyed along both sides", "Tyres slashed", "Wing mirror broken off")),
    "drugs": Profile(
        0.9, 0.0, 0.01, 0.002, 0.0, 0.0, "none", _STREET,
        ("Suspect stopped and searched, found in possession of cannabis",
         'Suspect seen supplying "wraps" of class A, arrested')),
    "other": Profile(
        0.2, 0.02, 0.0, 0.0, 0.0, 0.02, "person", {"OTHER": 1.0},
        ("Offence details recorded by reporting officer",)),
}  # fmt: skip
MO_ENDINGS = [
    "", ". No witnesses", ". CCTV requested", ". Suspect described as male, 20s, dark clothing",
    ". Enquiries continuing", ", victim not injured", ". Forensics attended",
]  # fmt: skip
HATE_TYPES = ["RACE", "RELIGION", "SEXUAL_ORIENTATION", "DISABILITY", "TRANSGENDER"]

SURNAMES = [
    "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Wilson", "Evans", "Thomas",
    "Johnson", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards",
    "Green", "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Turner", "Hill",
    "Scott", "Cooper", "Morris", "Ward", "Moore", "King", "Watson", "Baker", "Harrison", "Morgan",
    "Patel", "Young", "Allen", "Mitchell", "James", "Anderson", "Phillips", "Lee", "Bell", "Parker",
    "Khan", "Ahmed", "Ali", "Hussain", "Begum", "Rahman", "Singh", "Kaur", "Shah", "Sharma",
    "Okafor", "Adeyemi", "Mensah", "Osei", "Boateng", "Mohamed", "Hassan", "Ibrahim", "Kowalski",
    "Nowak", "Silva", "Santos", "Rossi", "Murphy", "Kelly", "O'Brien", "O'Connor", "Byrne", "Chen",
    "Wang", "Li", "Nguyen", "Yilmaz", "Demir", "Campbell", "Stewart", "Reid", "Francis", "Grant",
    "Forbes-Hamilton",
]  # fmt: skip
FORENAMES = {
    "M": ["James", "John", "David", "Michael", "Daniel", "Thomas", "Mohammed", "Adam", "Ali",
          "Joshua", "Oliver", "Harry", "Jack", "George", "Samuel", "Ryan", "Matthew", "Andrew",
          "Paul", "Mark", "Kwame", "Emeka", "Omar", "Ravi", "Arjun", "Piotr", "Luca", "Liam",
          "Connor", "Jamal", "Kevin", "Stephen", "Richard", "Wei", "Yusuf", "Ibrahim"],
    "F": ["Sarah", "Emma", "Olivia", "Amelia", "Sophie", "Jessica", "Emily", "Charlotte", "Hannah",
          "Chloe", "Fatima", "Aisha", "Amina", "Priya", "Anjali", "Grace", "Lucy", "Rachel",
          "Laura", "Rebecca", "Zainab", "Maryam", "Chioma", "Abena", "Agnieszka", "Maria", "Giulia",
          "Siobhan", "Niamh", "Megan", "Jade", "Karen", "Helen", "Mei", "Leila", "Yasmin"],
}  # fmt: skip
ORGANISATIONS = [
    "Tesco Stores Ltd", "J Sainsbury plc", "Boots UK Ltd", "Marks and Spencer plc",
    "Co-operative Group Ltd", "Superdrug Stores plc", "Primark Stores Ltd", "JD Sports Fashion plc",
    "Transport for London", "Royal Mail Group Ltd", "Pret A Manger (Europe) Ltd", "Greggs plc",
    "Lidl GB Ltd", "Aldi Stores Ltd", "Currys Group Ltd", "Network Rail", "HSBC UK Bank plc",
    "Barclays Bank UK plc", "Smith, Jones and Partners LLP", "Corner Shop (Newsagent)",
    "Academy school trust", "Hotel Group Ltd",
]  # fmt: skip
# London's residents by 16+1 ethnicity (%), for victims, accused and applicants.
LONDON_ETHNICITY = {
    "W1": 37, "W2": 2, "W9": 15, "M1": 1.5, "M2": 1, "M3": 1.2, "M9": 1.5, "A1": 6.5, "A2": 3,
    "A3": 3.2, "A9": 5, "B1": 4, "B2": 7.5, "B9": 2, "O1": 1.7, "O9": 6, "NS": 5,
}  # fmt: skip
# The force's workforce is whiter than London.
WORKFORCE_ETHNICITY = {
    "W1": 70, "W2": 1.5, "W9": 5.5, "M1": 1.2, "M2": 0.6, "M3": 0.9, "M9": 0.9, "A1": 3,
    "A2": 1.2, "A3": 1, "A9": 1.5, "B1": 2, "B2": 2, "B9": 0.5, "O1": 0.5, "O9": 1.2, "NS": 4.5,
}  # fmt: skip
PROCEEDINGS_WEIGHTS = {"CHG": 50, "SUM": 8, "CAU": 15, "PND": 6, "TIC": 6, "RPM": 5, "NFA": 3}
STAFF_TYPES = ["OFFICER", "STAFF", "PCSO", "SPECIAL", "TRAFFIC_WARDEN"]
STAFF_TYPE_SHARE = [0.64, 0.25, 0.045, 0.055, 0.01]
# Current and past officers by rank level (index into the force's officer ranks by
# seniority); the two most senior ranks are held by exactly one serving officer each.
OFFICER_PYRAMID_CURRENT = [0.74, 0.155, 0.06, 0.022, 0.012, 0.005, 0.0008, 0.0003, 0.00012]
OFFICER_PYRAMID_PAST = [0.78, 0.13, 0.055, 0.02, 0.01, 0.004, 0.0007, 0.00025, 0.0001, 4e-5, 4e-5]
STAFF_PYRAMID = [0.3, 0.3, 0.22, 0.12, 0.055, 0.005]
BASIC_PAY = {
    "PC": (30_000, 48_000), "PS": (50_000, 53_500), "INSP": (60_000, 67_000),
    "CI": (68_000, 72_000), "SUPT": (80_000, 95_000), "CSUPT": (100_000, 110_000),
    "CMDR": (135_000, 145_000), "DAC": (155_000, 165_000), "AC": (195_000, 205_000),
    "DCOMM": (235_000, 245_000), "COMM": (285_000, 295_000), "BAND_E": (25_000, 29_000),
    "BAND_D": (29_000, 36_000), "BAND_C": (36_000, 45_000), "BAND_B": (45_000, 58_000),
    "BAND_A": (58_000, 80_000), "SPS": (85_000, 150_000), "PCSO": (30_000, 34_000),
    "TW": (18_000, 22_000),
}  # fmt: skip
LEAVING_REASONS = [
    "RETIRED", "RESIGNED", "DISMISSED", "TRANSFERRED", "DECEASED", "MEDICAL_RETIREMENT",
    "END_OF_CONTRACT", "OTHER",
]  # fmt: skip
LEAVING_BY_TYPE = {
    "OFFICER": [42, 35, 3, 10, 1, 5, 0, 4],
    "STAFF": [20, 45, 2, 5, 1, 4, 15, 8],
    "PCSO": [5, 55, 2, 30, 1, 2, 0, 5],
    "SPECIAL": [2, 70, 1, 15, 1, 1, 0, 10],
    "TRAFFIC_WARDEN": [30, 20, 1, 45, 1, 1, 0, 2],
}
POST_TITLES = {
    "OFFICER": ["Response Team Officer", "Neighbourhood Officer", "Detective Constable, CID",
                "Custody Sergeant", "Safeguarding Investigator", "Public Order Officer",
                "Roads Policing Officer", "Intelligence Officer", "Duty Officer", "Staff Officer"],
    "STAFF": ["HR Adviser", "Finance Officer", "Crime Analyst", "Call Handler", "Detention Officer",
              "IT Support Analyst", "Forensic Practitioner", "Business Support Officer",
              "Project Manager, Transformation"],
    "PCSO": ["Safer Neighbourhoods PCSO", "Ward PCSO", "Schools PCSO"],
    "SPECIAL": ["Special Constable, Response", "Special Constable, Neighbourhoods"],
    "TRAFFIC_WARDEN": ["Traffic Warden", "Senior Traffic Warden"],
}  # fmt: skip
SECONDED_TO = [
    "National Crime Agency", "Home Office", "College of Policing",
    "HM Inspectorate of Constabulary", "Counter Terrorism Policing HQ",
    "National Police Chiefs' Council",
]  # fmt: skip
COURSES = {
    "OFFICER": ["PST", "ELS", "IPLDP", "DRIVE_BASIC", "DRIVE_RESPONSE", "TASER", "PIP1", "PIP2",
                "PUBLIC_ORDER_L3", "SAFEGUARDING", "DATA_PROTECTION", "EQUALITY_DIVERSITY",
                "SERGEANTS_COURSE", "INSPECTORS_COURSE"],
    "STAFF": ["INDUCTION", "DATA_PROTECTION", "EQUALITY_DIVERSITY", "HEALTH_SAFETY",
              "MANAGEMENT_L1", "MANAGEMENT_L2", "INFO_SECURITY", "FIRST_AID"],
    "PCSO": ["PCSO_FOUNDATION", "PST", "ELS", "DATA_PROTECTION", "SAFEGUARDING"],
    "SPECIAL": ["SPECIALS_FOUNDATION", "PST", "ELS", "DATA_PROTECTION"],
    "TRAFFIC_WARDEN": ["TW_FOUNDATION", "HEALTH_SAFETY", "DATA_PROTECTION"],
}  # fmt: skip
ABSTRACTIONS = [
    # type, episodes a person-year, shortest and longest days, who (A all, F women, M men)
    ("SICKNESS", 0.9, 1, 20, "A"), ("MATERNITY", 0.05, 120, 365, "F"),
    ("PATERNITY", 0.04, 5, 14, "M"), ("ADOPTION", 0.002, 60, 365, "A"),
    ("CAREER_BREAK", 0.004, 180, 900, "A"), ("SUSPENSION", 0.002, 20, 300, "A"),
    ("RESTRICTED_DUTY", 0.03, 30, 365, "A"),
]  # fmt: skip
SICKNESS_REASONS = [
    "Cold, cough, influenza", "Musculoskeletal", "Back problems", "Stress, depression, anxiety",
    "Gastrointestinal", "Injury on duty", "Assault on duty", "Other",
]  # fmt: skip
APPLICATION_TYPES = ["OFFICER", "STAFF", "PCSO", "SPECIAL"]
APPLICATION_SHARE = [0.6, 0.25, 0.08, 0.07]
STAGES = ["RECEIVED", "SIFTED", "ASSESSED", "VETTING", "OFFERED", "APPOINTED"]
# Applicant outcomes: (stages reached, final status or "" when appointed, share).
OUTCOMES = [
    (1, "REJECTED", 0.25), (2, "WITHDRAWN", 0.06), (3, "REJECTED", 0.2), (3, "WITHDRAWN", 0.05),
    (4, "REJECTED", 0.06), (5, "WITHDRAWN", 0.04), (6, "", 0.34),
]  # fmt: skip
UNKNOWN = {
    "crimsec": ["999/99", "028/99", "123/45"],
    "borough": ["ZZ", "XQ", "LB"],
    "ethnicity": ["X1", "W3", "B7"],
    "proceedings": ["ZZZ", "FPN", "CHX"],
    "rank": ["DCI", "DSUPT", "CONST"],
    "bcu": ["ZZ", "XQ", "MPS"],
}


# ---------------------------------------------------------------- small helpers


def _text(
    vocab: list[str] | np.ndarray, idx: np.ndarray, null: np.ndarray | None = None
) -> pa.Array:
    """Values of a small vocabulary by index; null where `null` is set."""
    out = pa.array(list(vocab), pa.string()).take(pa.array(idx, pa.int64()))
    return out if null is None else _null_where(null, out)


def _strings(values: np.ndarray) -> pa.Array:
    """Text from a numpy array (via objects: pyarrow converts those far faster than numpy's
    fixed-width unicode)."""
    return pa.array(values.astype(object), pa.string())


def _null_where(null: np.ndarray, values: pa.Array) -> pa.Array:
    return pc.if_else(pa.array(null, pa.bool_()), pa.scalar(None, pa.string()), values)


def _date(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """ISO dates from day numbers (days since 1970-01-01)."""
    return pa.array(days.astype(np.int32), pa.date32(), mask=null).cast(pa.string())


def _number(values: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(values, mask=null).cast(pa.string())


def _flag(values: np.ndarray) -> pa.Array:
    return _text(["N", "Y"], values.astype(np.int64))


_HHMM = [f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)]


def _time(minutes: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return _text(_HHMM, minutes, null)


def _timestamp(seconds: np.ndarray) -> pa.Array:
    return pc.strftime(pa.array(seconds, pa.timestamp("s")), format="%Y-%m-%dT%H:%M:%S")


def _year(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _weights(codes: np.ndarray, known: dict[str, float], default: float) -> np.ndarray:
    """Probabilities for a code list: known weights, `default` for codes the table lacks."""
    w = np.array([known.get(code, default) for code in codes], dtype=float)
    return w / w.sum()


def _choose(rng: np.random.Generator, probs: np.ndarray | list[float], n: int) -> np.ndarray:
    p = np.asarray(probs, dtype=float)
    return rng.choice(len(p), n, p=p / p.sum())


def _choose_by_group(rng: np.random.Generator, group: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """One category per row from its group's row of `probs` (groups x categories)."""
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(group))
    out = np.empty(len(group), dtype=np.int64)
    for g in np.unique(group):
        rows = group == g
        out[rows] = np.searchsorted(cum[g], u[rows], side="right")
    return np.minimum(out, probs.shape[1] - 1)


def _pick_in_groups(
    rng: np.random.Generator, item_group: np.ndarray, n_groups: int, wanted: np.ndarray
) -> np.ndarray:
    """A random item of each wanted group (every wanted group must have items)."""
    order = np.argsort(item_group, kind="stable")
    counts = np.bincount(item_group, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    pick = starts[wanted] + (rng.random(len(wanted)) * counts[wanted]).astype(np.int64)
    return order[pick]


def _pick_in_vocab(
    rng: np.random.Generator, vocab: dict[str, list[str]], keys: list[str], key: np.ndarray
) -> tuple[list[str], np.ndarray]:
    """A random entry of each row's own list (`key` indexes `keys`), as flat vocabulary + index."""
    flat = [entry for k in keys for entry in vocab[k]]
    count = np.array([len(vocab[k]) for k in keys])
    start = np.cumsum(count) - count
    return flat, start[key] + (rng.random(len(key)) * count[key]).astype(np.int64)


def _seq(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Owner index and 0-based position of each child row, for `counts` children per owner."""
    owner = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(len(owner)) - starts[owner]


def _age(dob: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Whole years between two day numbers, as birthdays count them."""

    def parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        d = days.astype("datetime64[D]")
        month = d.astype("datetime64[M]")
        month_day = month.astype(np.int64) % 12 * 32 + (d - month).astype(np.int64)
        return d.astype("datetime64[Y]").astype(np.int64), month_day

    (y_dob, md_dob), (y_at, md_at) = parts(dob), parts(at)
    return y_at - y_dob - (md_at < md_dob)


def _birth(rng: np.random.Generator, at: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Date of birth of someone `age` (fractional years) old on day `at`."""
    return at - np.floor(age * YEAR + rng.uniform(0, 365, len(at))).astype(np.int64)


def _names(rng: np.random.Generator, gender: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """Surname and a forename fitting the gender (M, F; anything else either)."""
    n = len(gender)
    surname = _text(SURNAMES, rng.integers(0, len(SURNAMES), n))
    female = (gender == "F") | ((gender != "M") & (rng.random(n) < 0.5))
    n_male = len(FORENAMES["M"])
    idx = np.where(
        female, n_male + rng.integers(0, len(FORENAMES["F"]), n), rng.integers(0, n_male, n)
    )
    return surname, _text(FORENAMES["M"] + FORENAMES["F"], idx)


def _periods(
    rng: np.random.Generator, count: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Consecutive periods cutting each owner's span [start, end] at random shares.

    Returns owner, start day and end day (the day before the next period starts).
    """
    owner, _ = _seq(count)
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


# ---------------------------------------------------------------- fault planting

Fault = Callable[[Columns, np.ndarray], Columns | None]


def _get(cols: Columns, name: str, rows: np.ndarray) -> pa.Array:
    return cols[name].take(pa.array(rows))


def _set(cols: Columns, name: str, rows: np.ndarray, values: pa.Array | list[str]) -> None:
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
    return pc.coalesce(_get(cols, name, rows), pa.scalar(fallback, pa.string()))


def _lower(codes: dict[str, str]) -> Fault:
    """Codes in lower case (`cw`, `ps`)."""

    def edit(cols: Columns, name: str, rows: np.ndarray, fallback: str) -> None:
        _set(cols, name, rows, pc.utf8_lower(_value(cols, name, rows, fallback)))

    return _spread(codes, edit)


def _spaces(codes: dict[str, str]) -> Fault:
    """Codes with stray leading and trailing spaces."""

    def edit(cols: Columns, name: str, rows: np.ndarray, fallback: str) -> None:
        value = _value(cols, name, rows, fallback)
        _set(cols, name, rows, pc.binary_join_element_wise(" ", value, "  ", ""))

    return _spread(codes, edit)


def _impossible_date(dates: list[str]) -> Fault:
    """A date that cannot exist: 30 February, 31 April, 31 June."""

    def edit(cols: Columns, name: str, rows: np.ndarray, fallback: str) -> None:
        year = pc.utf8_slice_codeunits(_value(cols, name, rows, fallback), 0, 4)
        tail = _text(["-02-30", "-04-31", "-06-31"], rows % 3)
        _set(cols, name, rows, pc.binary_join_element_wise(year, tail, ""))

    return _spread(dict.fromkeys(dates, "1985-06-01"), edit)


def _date_format(dates: list[str]) -> Fault:
    """A real date written day first (31/12/2023), as spreadsheets do."""

    def edit(cols: Columns, name: str, rows: np.ndarray, fallback: str) -> None:
        value = _value(cols, name, rows, fallback)
        parts = [pc.utf8_slice_codeunits(value, a, b) for a, b in ((8, 10), (5, 7), (0, 4))]
        _set(cols, name, rows, pc.binary_join_element_wise(*parts, "/"))

    return _spread(dict.fromkeys(dates, "1985-06-01"), edit)


def _odd_postcode(name: str, fallback: str) -> Fault:
    """The same postcode in lower case without its space (`sw1a1aa`) or padded (` SW1A  1AA `)."""

    def fault(cols: Columns, rows: np.ndarray) -> None:
        value = _value(cols, name, rows, fallback)
        squeezed = pc.utf8_lower(pc.replace_substring(value, " ", ""))
        padded = pc.binary_join_element_wise(" ", pc.replace_substring(value, " ", "  "), " ", "")
        _set(cols, name, rows, pc.if_else(pa.array(rows % 2 == 0), squeezed, padded))

    return fault


def _unknown(name: str, kind: str) -> Fault:
    """A well-formed code that is not on the force's list."""

    def fault(cols: Columns, rows: np.ndarray) -> None:
        _set(cols, name, rows, _text(UNKNOWN[kind], rows % len(UNKNOWN[kind])))

    return fault


def _end_before_start(start: np.ndarray, end: str) -> Fault:
    """An end date before the row's start date (`start` holds the clean start days)."""

    def fault(cols: Columns, rows: np.ndarray) -> None:
        _set(cols, end, rows, _date(start[rows] - 1 - rows % 90))

    return fault


def _duplicate(cols: Columns, rows: np.ndarray) -> Columns:
    """Copies of existing rows, appended (the extract job wrote them twice)."""
    return {name: _get(cols, name, rows) for name in cols}


def _orphan(key: str, refs: Callable[[np.ndarray], pa.Array]) -> Fault:
    """Rows whose parent key is absent from the parent file."""

    def fault(cols: Columns, rows: np.ndarray) -> None:
        _set(cols, key, rows, refs(rows))

    return fault


def _plant(
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


# ---------------------------------------------------------------- reference inputs


@dataclass(frozen=True)
class Places:
    """Postcodes the generator may use, with the London borough each lies in."""

    pcds: pa.Array
    easting: np.ndarray
    northing: np.ndarray
    borough: np.ndarray  # index into the force's boroughs; -1 outside London
    live: np.ndarray
    n_boroughs: int


def _places(path: Path | str, borough_lads: np.ndarray) -> Places:
    """Postcodes of a directory in any accepted layout, placed in boroughs by their 2021 MSOA."""
    directory = read_postcode_directory(path)
    msoas = reference.load().msoas
    msoa = pc.index_in(directory["msoa21"], value_set=pa.array(msoas.code, pa.string()))
    msoa = msoa.fill_null(-1).to_numpy()
    lad_index = {lad: i for i, lad in enumerate(borough_lads)}
    borough_of_msoa = np.array([lad_index.get(lad, -1) for lad in msoas.lad_code] + [-1])
    east = directory["easting"].to_numpy()
    north = directory["northing"].to_numpy()
    no_grid = np.isnan(east) | np.isnan(north)
    centre = np.maximum(msoa, 0)  # the grid-less lookup layout: use the MSOA's centroid
    return Places(
        pcds=directory["pcds"].combine_chunks(),
        easting=np.where(no_grid, msoas.easting[centre], east),
        northing=np.where(no_grid, msoas.northing[centre], north),
        borough=borough_of_msoa[msoa],
        live=~directory["terminated"].to_numpy(),
        n_boroughs=len(borough_lads),
    )


def _home_postcodes(
    rng: np.random.Generator, places: Places, n: int, near: np.ndarray | None = None
) -> np.ndarray:
    """A live postcode for each person: mostly London, in borough `near` for about two thirds
    when given, elsewhere in the directory (when it covers more than London) for some."""
    london = np.flatnonzero(places.live & (places.borough >= 0))
    anywhere = np.flatnonzero(places.live)
    pick = np.where(
        rng.random(n) < 0.88,
        london[rng.integers(0, len(london), n)],
        anywhere[rng.integers(0, len(anywhere), n)],
    )
    if near is not None:
        local = np.isin(near, places.borough[london]) & (rng.random(n) < 0.65)
        pick[local] = london[
            _pick_in_groups(rng, places.borough[london], places.n_boroughs, near[local])
        ]
    return pick


# ---------------------------------------------------------------- crime


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
    year = _year(recorded)
    per_year = np.bincount(year - year.min()).max()
    if per_year > 8_900_000:
        raise ValueError("at most 8.9 million crimes a year fit seven-digit CRIS numbers")
    step = rng.integers(1, min(3, 8_900_000 // per_year) + 1, len(year))
    csum = np.cumsum(step)
    new_year = np.append(True, year[1:] != year[:-1])
    before_year = np.maximum.accumulate(np.where(new_year, csum - step, 0))
    digits = pc.utf8_lpad(_number(1_000_000 + csum - before_year), 7, "0")
    return pc.binary_join_element_wise(digits, _number(year % 100), "/")


def _crimes(rng: np.random.Generator, n: int, places: Places) -> tuple[Columns, Crimes]:
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
    borough = _choose(rng, _weights(boroughs, BOROUGH_WEIGHTS, 15.0) * has_live, n)
    postcode = live[_pick_in_groups(rng, places.borough[live], len(boroughs), borough)]
    old = (rng.random(n) < 0.01) & has_dead[borough]
    postcode[old] = dead[_pick_in_groups(rng, places.borough[dead], len(boroughs), borough[old])]
    easting = np.round(places.easting[postcode] + rng.normal(0, 25, n)).astype(np.int64)
    northing = np.round(places.northing[postcode] + rng.normal(0, 25, n)).astype(np.int64)

    # What: an offence weighted like London's; about 22 % detected, by the group's rate.
    offence = _choose(rng, _weights(offences["crimsec_code"], OFFENCE_WEIGHTS, 0.2), n)
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
    recorded = np.sort(RECORDING_START + _choose(rng, season, n))
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
    minute_from = _choose(rng, by_hour, n) * 60 + rng.integers(0, 12, n) * 5
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
    first = np.where(rng.random(n) < attr["hate"][group], _choose(rng, [70, 12, 12, 3, 3], n), -1)
    second = np.where((first >= 0) & (rng.random(n) < 0.1), (first + 1) % 5, -1)
    hate = np.where(first >= 0, 1 << first, 0) | np.where(second >= 0, 1 << second, 0)
    hate_text = [";".join(t for b, t in enumerate(HATE_TYPES) if m >> b & 1) for m in range(32)]
    cash = (names[group] == "robbery_business") & (rng.random(n) < 0.05)

    places_by_group = np.array([[p.places.get(t, 0.0) for t in LOCATION_TYPES] for p in prof])
    mo_by_group = {k: list(p.mo) for k, p in PROFILES.items()}
    mo_vocab, mo = _pick_in_vocab(rng, mo_by_group, list(PROFILES), group)
    mo_text = pc.binary_join_element_wise(
        _text(mo_vocab, mo), _text(MO_ENDINGS, rng.integers(0, len(MO_ENDINGS), n)), ""
    )
    warrants = _number(rng.choice(900_000, 30_000, replace=False) + 100_000)
    ref = _crime_numbers(rng, recorded)
    cols: Columns = {
        "crime_ref": ref,
        "borough_code": _text(boroughs, borough),
        "date_recorded": _date(recorded),
        "date_cleared_up": _date(cleared, ~is_d),
        "date_confirmed": _date(confirmed, unconfirmed),
        "date_no_crimed": _date(no_crimed, ~is_n),
        "offence_date_from": _date(offence_from),
        "offence_time_from": _time(minute_from, no_time),
        "offence_date_to": _date(offence_to, to_null),
        "offence_time_to": _time(minute_to, no_time | to_null),
        "classification_code": _text(offences["classification_code"], offence),
        "crimsec_code": _text(offences["crimsec_code"], offence),
        "status": _strings(status),
        "prefix": _strings(prefix),
        "location_postcode": places.pcds.take(pa.array(postcode)),
        "location_easting": _number(easting),
        "location_northing": _number(northing),
        "location_type": _text(LOCATION_TYPES, _choose_by_group(rng, group, places_by_group)),
        "dv_flag": _flag(dv),
        "hate_flags": _text(hate_text, hate, hate == 0),
        "gun_feature": _flag(rng.random(n) < attr["gun"][group]),
        "knife_feature": _flag(rng.random(n) < attr["knife"][group]),
        "cash_in_transit": _flag(cash),
        "recording_officer_warrant": warrants.take(pa.array(rng.integers(0, len(warrants), n))),
        "investigating_officer_warrant": _null_where(
            rng.random(n) < 0.06, warrants.take(pa.array(rng.integers(0, len(warrants), n)))
        ),
        "mo_text": mo_text,
        "last_modified": _timestamp(last_modified),
    }
    facts = Crimes(group, status, borough, recorded, offence_from, cleared, dv, last_modified, ref)
    return cols, facts


def _crime_faults(facts: Crimes) -> dict[str, Fault]:
    def invalid_ref(c: Columns, rows: np.ndarray) -> None:
        ref = _get(c, "crime_ref", rows)
        six_digits = pc.utf8_slice_codeunits(ref, 1, 10)
        _set(c, "crime_ref", rows, pc.if_else(
            pa.array(rows % 2 == 0), six_digits, pc.replace_substring(ref, "/", "-")
        ))  # fmt: skip

    def cleared_early(c: Columns, rows: np.ndarray) -> None:
        _set(c, "date_cleared_up", rows, _date(facts.recorded[rows] - 1 - rows % 30))
        _set(c, "status", rows, ["D"] * len(rows))

    def changed_twice(c: Columns, rows: np.ndarray) -> Columns:
        """The same crime again with another last_modified, earlier or later."""
        copy = _duplicate(c, rows)
        shift = np.where(rows % 2 == 0, 1, -1) * (3600 + rows % 30 * 86_400)
        copy["last_modified"] = _timestamp(facts.last_modified[rows] + shift)
        return copy

    def clear(names: list[str]) -> Fault:
        def fault(c: Columns, rows: np.ndarray) -> None:
            for name in names:
                _set(c, name, rows, pa.nulls(len(rows), pa.string()))

        return fault

    def unknown_postcode(c: Columns, rows: np.ndarray) -> None:
        _set(c, "location_postcode", rows, ["ZZ99 3VZ"] * len(rows))  # NHS "no fixed abode"

    dates = ["date_recorded", "offence_date_from"]
    return {
        "lower_case_code": _lower({"borough_code": "", "status": "", "classification_code": ""}),
        "stray_spaces": _spaces({"crimsec_code": "", "borough_code": "", "status": ""}),
        "impossible_date": _impossible_date(dates),
        "date_format": _date_format(dates),
        "unknown_crimsec": _unknown("crimsec_code", "crimsec"),
        "unknown_borough": _unknown("borough_code", "borough"),
        "invalid_crime_ref": invalid_ref,
        "cleared_before_recorded": cleared_early,
        "duplicate_key": changed_twice,
        "postcode_spacing_case": _odd_postcode("location_postcode", "SW1A 1AA"),
        "unknown_postcode": unknown_postcode,
        "grid_without_postcode": clear(["location_postcode"]),
        "no_location": clear(["location_postcode", "location_easting", "location_northing"]),
        "end_before_start": _end_before_start(facts.offence_from, "offence_date_to"),
    }


def _orphan_crime_refs(rows: np.ndarray) -> pa.Array:
    """Well-formed CRIS numbers of a year in which no crime here was recorded."""
    return pc.binary_join_element_wise(_number(9_000_000 + rows % 999_999), "22", "/")


def _child_faults(
    key: str, codes: dict[str, str], dates: list[str], orphans: Callable[[np.ndarray], pa.Array]
) -> dict[str, Fault]:
    """Faults shared by child files: orphans, exact duplicates, bad codes and dates."""
    return {
        "orphan": _orphan(key, orphans),
        "duplicate_key": _duplicate,
        "lower_case_code": _lower(codes),
        "stray_spaces": _spaces(codes),
        "impossible_date": _impossible_date(dates),
        "date_format": _date_format(dates),
    }


def _victims(rng: np.random.Generator, crimes: Crimes, places: Places) -> Columns:
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
    crime, seq = _seq(count)
    n = len(crime)
    group = crimes.group[crime]
    org_share = np.select([kind == "business", kind == "fraud"], [0.92, 0.15], 0.03)
    org = rng.random(n) < org_share[crime]

    female_share = np.where((names[group] == "sexual") | crimes.dv[crime], 0.8, 0.48)
    u = rng.random(n)
    gender = np.where(u < 0.02, "U", np.where(u < 0.02 + female_share, "F", "M"))
    age = np.where(rng.random(n) < 0.06, rng.integers(10, 16, n), 16 + rng.gamma(2.2, 10, n))
    offence_day = crimes.offence_from[crime]
    dob = _birth(rng, offence_day, np.minimum(age, 95))
    surname, forename = _names(rng, gender)
    eth = reference.load().ethnicity["ethnicity_16"]
    home = places.pcds.take(pa.array(_home_postcodes(rng, places, n, near=crimes.borough[crime])))
    relationship = np.where(
        crimes.dv[crime],
        _choose(rng, [0, 0, 45, 35, 20, 0, 0], n),
        _choose(rng, [55, 20, 2, 1, 2, 5, 15], n),
    )
    violent = np.isin(
        names[group], ["homicide", "violence", "violence_hate", "sexual", "robbery_personal"]
    )
    injury = np.where(names[group] == "homicide", 4, _choose(rng, [40, 40, 14, 6], n))
    organisation = _text(ORGANISATIONS, rng.integers(0, len(ORGANISATIONS), n))
    return {
        "crime_ref": crimes.ref.take(pa.array(crime)),
        "victim_seq": _number(seq + 1),
        "victim_type": _text(["P", "O"], org.astype(np.int64)),
        "surname": pc.if_else(pa.array(org), organisation, surname),
        "forename": _null_where(org, forename),
        "date_of_birth": _date(dob, org),
        "age": _number(_age(dob, offence_day), org),
        "gender": _null_where(org, _strings(gender)),
        "ethnicity_code": _text(eth, _choose(rng, _weights(eth, LONDON_ETHNICITY, 1.0), n), org),
        "home_postcode": _null_where(org | (rng.random(n) < 0.2), home),
        "relationship_code": _text(
            ["STRANGER", "ACQUAINTANCE", "PARTNER", "EX_PARTNER", "FAMILY", "WORK", "NOT_KNOWN"],
            relationship, org,
        ),
        "injury_level": _text(
            ["NONE", "MINOR", "MODERATE", "SERIOUS", "FATAL"], injury, org | ~violent
        ),
    }  # fmt: skip


def _accused(rng: np.random.Generator, crimes: Crimes) -> Columns:
    """One to three accused for a detected crime, now and then one (not proceeded against)
    for an undetected one; some people are accused more than once."""
    m = len(crimes.status)
    detected = crimes.status == "D"
    count = np.where(detected, 1 + _choose(rng, [80, 15, 5], m), 0)
    count[np.isin(crimes.status, ["U", "T"]) & (rng.random(m) < 0.03)] = 1
    crime, seq = _seq(count)
    n = len(crime)

    pool = max(1, int(n * 0.65))
    person = np.minimum(pool - 1, (pool * rng.random(n) ** 1.6).astype(np.int64))
    person_ref = pc.binary_join_element_wise(
        "PR", pc.utf8_lpad(_number(rng.choice(10**8, pool, replace=False)), 8, "0"), ""
    )
    u = rng.random(pool)
    gender = np.where(u < 0.01, "U", np.where(u < 0.16, "F", "M"))
    dob = _birth(rng, np.full(pool, _day("2023-10-01")), np.minimum(14 + rng.gamma(2, 8, pool), 80))
    surname, forename = _names(rng, gender)
    eth = reference.load().ethnicity["ethnicity_16"]
    ethnicity = _text(eth, _choose(rng, _weights(eth, LONDON_ETHNICITY, 1.0), pool))

    codes = reference.load().proceedings["proceedings_code"]
    proceedings = _choose(rng, _weights(codes, {**PROCEEDINGS_WEIGHTS, "NFA": 0.0}, 2.0), n)
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
        "accused_seq": _number(seq + 1),
        "person_ref": person_ref.take(who),
        "surname": surname.take(who),
        "forename": forename.take(who),
        "date_of_birth": _date(dob[person]),
        "age": _number(_age(dob[person], crimes.offence_from[crime])),
        "gender": _strings(gender).take(who),
        "ethnicity_code": ethnicity.take(who),
        "proceedings_code": _text(codes, proceedings),
        "proceedings_date": _date(np.minimum(day, EXTRACT_DAY - 1), rng.random(n) < 0.03),
    }


# ---------------------------------------------------------------- HR


@dataclass(frozen=True)
class Ladders:
    """The force's ranks by seniority within each staff type, flattened: the rank of staff
    type k at level l (0 the most junior) is at offset[k] + l."""

    code: np.ndarray
    chief: np.ndarray
    offset: np.ndarray
    length: np.ndarray


def _ladders() -> Ladders:
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
    kind = _choose(rng, STAFF_TYPE_SHARE, n)
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
        level[mask] = _choose(rng, pyramid, int(mask.sum()))
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
        reason[past] = _choose(rng, LEAVING_BY_TYPE[name], int(past.sum()))
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
    left = np.where(current, EXTRACT_DAY, rng.integers(_day("1990-01-01"), last_left))
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


def _employees(rng: np.random.Generator, n: int) -> tuple[Columns, Staff]:
    """People employed now or in the past, in pay-number order, and the facts behind them."""
    lists = reference.load()
    ladders = _ladders()
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
    dob = _birth(rng, staff.joined, np.maximum(18, np.minimum(age_join, 66 - years)))

    rank = ladders.offset[kind] + level
    chief = ladders.chief[rank]
    band = np.array([BASIC_PAY.get(code, (25_000, 35_000)) for code in ladders.code])[rank]
    pay = np.round(rng.uniform(band[:, 0], band[:, 1]) / 10) * 10
    boroughs = lists.bcus["bcu_code"][lists.bcus["bcu_type"] == "BOROUGH"]
    collar = pc.binary_join_element_wise(
        _number(rng.integers(1, 10_000, n)), _text(boroughs, rng.integers(0, len(boroughs), n)), ""
    )
    collared = (is_["OFFICER"] & ~chief) | is_["PCSO"] | is_["SPECIAL"]
    gender = np.where(staff.female, "F", "M")
    surname, forename = _names(rng, gender)

    # Ethnicity like the workforce, with fewer minorities in senior ranks.
    eth = lists.ethnicity
    ethnicity = _choose(rng, _weights(eth["ethnicity_16"], WORKFORCE_ETHNICITY, 1.0), n)
    minority = ~np.isin(eth["ethnicity_6"][ethnicity], ["WHITE", "NOT_STATED"])
    senior = (is_["OFFICER"] & (level >= 4)) | chief
    whiten = minority & senior & (rng.random(n) < np.where(chief, 0.7, 0.5))
    ethnicity[whiten] = np.flatnonzero(eth["ethnicity_16"] == "W1")[0]

    transferee = rng.random(n) < np.where(is_["OFFICER"], 0.06, 0.01)
    pensionable = staff.joined - np.where(transferee, rng.integers(365, 3650, n), 0)
    probation = np.where(is_["PCSO"], 365, 730)
    employment = np.select(
        [is_["SPECIAL"], is_["STAFF"]],
        [np.full(n, 2), _choose(rng, [82, 10, 4, 4], n)],
        np.where(rng.random(n) < 0.005, 3, 0),
    )
    cols: Columns = {
        "pay_number": _number(staff.pay_number),
        "collar_number": _null_where(~collared, collar),
        "surname": surname,
        "forename": forename,
        "staff_type": _text(STAFF_TYPES, kind),
        "date_of_birth": _date(dob),
        "gender": _strings(gender),
        "ethnicity_code": _text(eth["ethnicity_16"], ethnicity),
        "disability": _text(["Y", "N", "U"], _choose(rng, [4, 84, 12], n)),
        "date_joined": _date(staff.joined),
        "date_left": _date(staff.left, current),
        "leaving_reason": _text(LEAVING_REASONS, np.maximum(staff.reason, 0), current),
        "marital_status": _text(
            ["SINGLE", "MARRIED", "CIVIL_PARTNERSHIP", "DIVORCED", "SEPARATED", "WIDOWED",
             "NOT_STATED"],
            _choose(rng, [38, 42, 2, 8, 3, 1, 6], n),
        ),
        "basic_pay": _number(pay.astype(np.int64), is_["SPECIAL"]),  # specials are volunteers
        "pensionable_service_date": _date(pensionable, is_["SPECIAL"]),
        "ospre_qualified": _flag(is_["OFFICER"] & ((level >= 1) | (rng.random(n) < 0.1))),
        "graduate": _flag(rng.random(n) < np.where(staff.joined > _day("2018-01-01"), 0.45, 0.2)),
        "fitness_level": _text(
            ["5.4", "5.6", "6.3", "6.8", "7.6", "8.2", "9.4"],
            _choose(rng, [40, 20, 12, 10, 8, 6, 4], n),
            is_["STAFF"] | is_["TRAFFIC_WARDEN"],
        ),
        "suspended": _flag(current & (rng.random(n) < 0.003)),
        "probationer": _flag(current & ~is_["STAFF"] & (EXTRACT_DAY - staff.joined < probation)),
        "rejoiner": _flag(rng.random(n) < 0.03),
        "transferee": _flag(transferee),
        "working_pattern": _text(["FT", "PT"], part_time.astype(np.int64)),
        "hours_per_week": _number(staff.hours),
        "employment_type": _text(["PERMANENT", "FIXED_TERM", "CASUAL", "SECONDEE"], employment),
    }  # fmt: skip
    return cols, staff


def _open_end(ends: np.ndarray, owner: np.ndarray, staff: Staff) -> pa.Array:
    """End dates; the last period of someone still employed is open (empty)."""
    return _date(ends, staff.current[owner] & (ends >= EXTRACT_DAY))


def _rank_history(rng: np.random.Generator, staff: Staff) -> tuple[Columns, np.ndarray]:
    """Officers join as constables and are promoted over the years; staff join on a band and
    move up; some act up before a promotion, some act up and revert, a few dismissed were
    demoted first. Periods are consecutive; the last is open while the person is employed."""
    ladders = _ladders()
    owner, start, end = _periods(rng, staff.level - staff.start_level + 1, staff.joined, staff.left)
    level = staff.start_level[owner] + _seq(staff.level - staff.start_level + 1)[1]
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
    row, piece = _seq(np.array([1, 2, 3, 2])[split])
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
        "pay_number": _number(staff.pay_number[p_owner]),
        "rank_code": _text(ladders.code, ladders.offset[kind[row]] + p_level),
        "rank_qualifier": _text(["SUBSTANTIVE", "ACTING", "TEMPORARY"], qualifier),
        "rank_reason": _text(["JOINER", "PROMOTED", "DEMOTED", "REVERTED"], reason),
        "start_date": _date(p_start),
        "end_date": _open_end(_ends(p_owner, p_start, staff.left), p_owner, staff),
    }
    return cols, p_start


def _assignments(rng: np.random.Generator, staff: Staff) -> tuple[Columns, np.ndarray]:
    """Postings across boroughs and central units, a new one every few years."""
    bcus = reference.load().bcus
    length = staff.left - staff.joined
    count = np.minimum(np.minimum(12, 1 + length // 30), 1 + rng.poisson(length / YEAR / 5))
    owner, start, end = _periods(rng, count, staff.joined, staff.left)
    n = len(owner)
    kind = staff.kind[owner]
    boroughs = np.flatnonzero(bcus["bcu_type"] == "BOROUGH")
    central = np.flatnonzero(bcus["bcu_type"] != "BOROUGH")
    bcu = boroughs[_choose(rng, _weights(bcus["bcu_code"][boroughs], BOROUGH_WEIGHTS, 15.0), n)]
    if len(central):
        to_central = rng.random(n) < np.array([0.25, 0.6, 0.02, 0.05, 0.0])[kind]
        bcu[to_central] = central[rng.integers(0, len(central), int(to_central.sum()))]
    titles, title = _pick_in_vocab(rng, POST_TITLES, STAFF_TYPES, kind)
    seconded = (kind < 2) & (rng.random(n) < 0.02)  # officers and staff
    post = pc.utf8_lpad(_number(bcu * 1000 + rng.integers(0, 1000, n)), 5, "0")
    cols = {
        "pay_number": _number(staff.pay_number[owner]),
        "bcu_code": _text(bcus["bcu_code"], bcu),
        "post_code": pc.binary_join_element_wise("P", post, ""),
        "post_title": _text(titles, title),
        "start_date": _date(start),
        "end_date": _open_end(end, owner, staff),
        "secondment": _flag(seconded),
        "seconded_to": _text(SECONDED_TO, rng.integers(0, len(SECONDED_TO), n), ~seconded),
    }
    return cols, start


def _abstractions(rng: np.random.Generator, staff: Staff) -> tuple[Columns, np.ndarray]:
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
    kind = types[_seq(per_type.sum(axis=0))[1] < count[people]]
    owner, pos = _seq(count)
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
    reason = _choose(rng, [20, 18, 12, 22, 12, 6, 3, 7], n)
    on_duty = staff.kind[owner] != STAFF_TYPES.index("STAFF")
    assault = sickness & on_duty & (reason == SICKNESS_REASONS.index("Assault on duty"))
    cols = {
        "pay_number": _number(staff.pay_number[owner]),
        "abstraction_type": _text([a[0] for a in ABSTRACTIONS], kind),
        "start_date": _date(start),
        "end_date": _date(end, ongoing),
        "sickness_reason": _text(SICKNESS_REASONS, reason, ~sickness),
        "sick_pay_status": _text(["FULL", "HALF", "NIL"], (days > 120) + (days > 250), ~sickness),
        "hours_lost": pa.array(np.round(days_lost * staff.hours[owner] / 5, 1)).cast(pa.string()),
        "days_lost": _number(days_lost.astype(np.int64)),
        "assault_on_duty": _flag(assault),
    }
    return cols, start


def _training(rng: np.random.Generator, staff: Staff) -> Columns:
    """Courses completed since the HR system began, one a day at most, in date order."""
    window_start = np.maximum(staff.joined, HR_HISTORY_START)
    window = np.maximum(0, staff.left - window_start)
    count = np.minimum(np.minimum(40, window), rng.poisson(0.8 * window / YEAR))
    owner, pos = _seq(count)
    n = len(owner)
    offset = owner.astype(np.int64) * 100_000  # sort by person, then date
    spare = window[owner] - count[owner]  # room for distinct days: sorted draws plus position
    day = np.sort(window_start[owner] + (rng.random(n) * spare).astype(np.int64) + offset) + pos
    courses, course = _pick_in_vocab(rng, COURSES, STAFF_TYPES, staff.kind[owner])
    return {
        "pay_number": _number(staff.pay_number[owner]),
        "course_code": _text(courses, course),
        "completed_date": _date(day - offset),
        "competency": _text(
            ["COMPETENT", "NOT_YET_COMPETENT", "NOT_ASSESSED"], _choose(rng, [90, 5, 5], n)
        ),
    }


def _applicants(rng: np.random.Generator, n: int, places: Places) -> tuple[Columns, Columns]:
    """Applications over three years and each one's status trail, in date order."""
    received = np.sort(rng.integers(_day("2021-04-01"), EXTRACT_DAY - 14, n))
    number = 2_000_000 + np.cumsum(rng.integers(1, 4, n))
    ref = pc.binary_join_element_wise("A", _number(number), "")
    kind = _choose(rng, APPLICATION_SHARE, n)
    job = pc.binary_join_element_wise(
        "MPS", _text(["OFF", "STF", "PCS", "SPC"], kind), _number(_year(received)),
        pc.utf8_lpad(_number(rng.integers(1, 60, n)), 3, "0"), "/",
    )  # fmt: skip
    gender = np.where(rng.random(n) < 0.38, "F", "M")
    surname, forename = _names(rng, gender)
    home = places.pcds.take(pa.array(_home_postcodes(rng, places, n)))
    applicants = {
        "applicant_ref": ref,
        "job_reference": job,
        "application_type": _text(APPLICATION_TYPES, kind),
        "date_received": _date(received),
        "special": _flag(kind == APPLICATION_TYPES.index("SPECIAL")),
        "graduate": _flag(rng.random(n) < np.array([0.4, 0.45, 0.2, 0.3])[kind]),
        "home_postcode": _null_where(rng.random(n) < 0.02, home),
        "surname": surname,
        "forename": forename,
        "date_of_birth": _date(_birth(rng, received, 18 + rng.gamma(2, 4, n))),
    }

    # RECEIVED, SIFTED, ... as far as the applicant got, then REJECTED or WITHDRAWN unless
    # appointed; steps dated after the extract have not happened yet.
    outcome = _choose(rng, [o[2] for o in OUTCOMES], n)
    reached = np.array([o[0] for o in OUTCOMES])[outcome]
    final = np.array([o[1] for o in OUTCOMES])[outcome]
    owner, pos = _seq(reached + (final != ""))
    gap = np.where(pos == 0, 0, rng.integers(5, 60, len(owner)))
    csum = np.cumsum(gap)
    day = received[owner] + csum - (csum - gap)[pos == 0][owner]
    status = np.where(pos < reached[owner], np.array(STAGES)[np.minimum(pos, 5)], final[owner])
    done = day < EXTRACT_DAY
    trail = {
        "applicant_ref": ref.take(pa.array(owner[done])),
        "status": _strings(status[done]),
        "status_date": _date(day[done]),
    }
    return applicants, trail


# ---------------------------------------------------------------- orchestration


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
    given one planted fault (0 writes only clean, valid rows).
    """
    if crimes < 1 or employees < 1:
        raise ValueError("crimes and employees must be at least 1")
    if not 0.0 <= dirty <= 1.0:
        raise ValueError(f"dirty must be between 0 and 1, not {dirty}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # Independent streams: clean rows do not change with `dirty` or with the other file sizes.
    parts = ["crimes", "victims", "accused", "employees", "ranks", "assignments",
             "abstractions", "training", "applicants", "faults"]  # fmt: skip
    rng = {
        part: np.random.default_rng(s)
        for part, s in zip(parts, np.random.SeedSequence(seed).spawn(len(parts)), strict=True)
    }
    faults = rng["faults"]
    written: dict[str, int] = {}
    clock = [time.perf_counter()]

    def emit(name: str, cols: Columns, kinds: dict[str, Fault]) -> Columns:
        cols = _plant(cols, dirty, faults, name, kinds)
        table = pa.table([cols[c] for c in COLUMNS[name]], names=COLUMNS[name])
        write_csv(table, out / name)
        written[name] = table.num_rows
        now = time.perf_counter()
        if progress is not None:
            progress(f"{name}: {table.num_rows:,} rows in {now - clock[0]:.1f} s")
        clock[0] = now
        return cols

    lists = reference.load()
    boroughs = lists.bcus["bcu_type"] == "BOROUGH"
    places = _places(postcode_directory, lists.bcus["lad_code"][boroughs])

    crime_cols, facts = _crimes(rng["crimes"], crimes, places)
    crime_cols = emit("cris_crimes.csv", crime_cols, _crime_faults(facts))
    facts.ref = crime_cols["crime_ref"].slice(0, crimes)  # children keep a planted bad ref
    victims = _victims(rng["victims"], facts, places)
    emit("cris_victims.csv", victims, {
        **_child_faults("crime_ref", {"ethnicity_code": "W1", "gender": "U"},
                        ["date_of_birth"], _orphan_crime_refs),
        "unknown_ethnicity": _unknown("ethnicity_code", "ethnicity"),
        "postcode_spacing_case": _odd_postcode("home_postcode", "E1 6AN"),
    })  # fmt: skip
    accused = _accused(rng["accused"], facts)
    emit("cris_accused.csv", accused, {
        **_child_faults("crime_ref", {"proceedings_code": "CHG", "ethnicity_code": "W1"},
                        ["proceedings_date", "date_of_birth"], _orphan_crime_refs),
        "unknown_ethnicity": _unknown("ethnicity_code", "ethnicity"),
        "unknown_proceedings": _unknown("proceedings_code", "proceedings"),
    })  # fmt: skip

    employee_cols, staff = _employees(rng["employees"], employees)

    def orphan_pay(rows: np.ndarray) -> pa.Array:
        """Pay numbers of the same width that nobody has."""
        width = len(str(staff.pay_number[0]))
        candidates = faults.integers(10 ** (width - 1), 10**width, 4 * len(rows) + 100)
        return _number(candidates[~np.isin(candidates, staff.pay_number)][: len(rows)])

    def reused_pay_number(cols: Columns, rows: np.ndarray) -> Columns:
        """Another person's row given an existing pay number."""
        copy = _duplicate(cols, (rows + 1) % len(cols["pay_number"]))
        copy["pay_number"] = _get(cols, "pay_number", rows)
        return copy

    emit("hr_employees.csv", employee_cols, {
        "duplicate_key": reused_pay_number,
        "lower_case_code": _lower({"staff_type": "", "gender": ""}),
        "stray_spaces": _spaces({"ethnicity_code": "", "staff_type": ""}),
        "unknown_ethnicity": _unknown("ethnicity_code", "ethnicity"),
        "impossible_date": _impossible_date(["date_joined", "date_of_birth"]),
        "date_format": _date_format(["date_joined", "date_of_birth"]),
        "end_before_start": _end_before_start(staff.joined, "date_left"),
    })  # fmt: skip

    def history(start: np.ndarray, code: str) -> dict[str, Fault]:
        return {
            **_child_faults("pay_number", {code: ""}, ["start_date"], orphan_pay),
            "end_before_start": _end_before_start(start, "end_date"),
        }

    ranks, start = _rank_history(rng["ranks"], staff)
    emit("hr_rank_history.csv", ranks, {
        **history(start, "rank_code"),
        "unknown_rank": _unknown("rank_code", "rank"),
    })  # fmt: skip
    abstractions, start = _abstractions(rng["abstractions"], staff)
    emit("hr_abstractions.csv", abstractions, history(start, "abstraction_type"))
    assignments, start = _assignments(rng["assignments"], staff)
    emit("hr_assignments.csv", assignments, {
        **history(start, "bcu_code"),
        "unknown_bcu": _unknown("bcu_code", "bcu"),
    })  # fmt: skip
    emit("hr_training.csv", _training(rng["training"], staff), _child_faults(
        "pay_number", {"course_code": "", "competency": ""}, ["completed_date"], orphan_pay
    ))  # fmt: skip

    applicants, trail = _applicants(rng["applicants"], max(1, round(employees / 3)), places)
    emit("hr_applicants.csv", applicants, {
        "duplicate_key": _duplicate,
        "lower_case_code": _lower({"application_type": "", "special": ""}),
        "stray_spaces": _spaces({"application_type": "", "graduate": ""}),
        "impossible_date": _impossible_date(["date_received", "date_of_birth"]),
        "date_format": _date_format(["date_received", "date_of_birth"]),
        "postcode_spacing_case": _odd_postcode("home_postcode", "E1 6AN"),
    })  # fmt: skip
    emit("hr_applicant_status.csv", trail, _child_faults(
        "applicant_ref", {"status": ""}, ["status_date"],
        lambda rows: pc.binary_join_element_wise("A", _number(1_000_000 + rows % 999_999), ""),
    ))  # fmt: skip
    return written
