"""What the data is drawn from: London's crime mix and offence profiles, MO texts, names,
organisations, ethnicity mixes, and the force's workforce shapes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from hodh.generate.arrays import text

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
# Second lines of free text, by column: notes officers add to an MO and clerks to a post
# title (`dirty` plants them); the first of each holds a quote and a comma.
SECOND_LINES = {
    "mo_text": ['Victim said "he had a knife", none seen',
                "Update: CCTV viewed, suspect not identified",
                'Witness states "two males on one bike"', "OIC informed"],
    "post_title": ['(job share, "B" relief)', "Temporary, pending restructure",
                   'Covering "Nights" rota', "See HR note"],
}  # fmt: skip
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
    "Forbes-Hamilton", "Müller", "Sørensen", "Nguyễn", "Ó Briain", "Ní Bhriain", "Wiśniewski",
    "Öztürk", "Çelik", "Gonçalves", "Fernández", "Dvořák", "Lefèvre",
]  # fmt: skip
FORENAMES = {
    "M": ["James", "John", "David", "Michael", "Daniel", "Thomas", "Mohammed", "Adam", "Ali",
          "Joshua", "Oliver", "Harry", "Jack", "George", "Samuel", "Ryan", "Matthew", "Andrew",
          "Paul", "Mark", "Kwame", "Emeka", "Omar", "Ravi", "Arjun", "Piotr", "Luca", "Liam",
          "Connor", "Jamal", "Kevin", "Stephen", "Richard", "Wei", "Yusuf", "Ibrahim", "Łukasz",
          "François", "José", "Seán", "Jérôme"],
    "F": ["Sarah", "Emma", "Olivia", "Amelia", "Sophie", "Jessica", "Emily", "Charlotte", "Hannah",
          "Chloe", "Fatima", "Aisha", "Amina", "Priya", "Anjali", "Grace", "Lucy", "Rachel",
          "Laura", "Rebecca", "Zainab", "Maryam", "Chioma", "Abena", "Agnieszka", "Maria", "Giulia",
          "Siobhan", "Niamh", "Megan", "Jade", "Karen", "Helen", "Mei", "Leila", "Yasmin", "Zoë",
          "Siân", "Ayşe", "Chloé", "Renée", "Małgorzata"],
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


def draw_names(rng: np.random.Generator, gender: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """Surname and a forename fitting the gender (M, F; anything else either)."""
    n = len(gender)
    surname = text(SURNAMES, rng.integers(0, len(SURNAMES), n))
    female = (gender == "F") | ((gender != "M") & (rng.random(n) < 0.5))
    n_male = len(FORENAMES["M"])
    idx = np.where(
        female, n_male + rng.integers(0, len(FORENAMES["F"]), n), rng.integers(0, n_male, n)
    )
    return surname, text(FORENAMES["M"] + FORENAMES["F"], idx)
