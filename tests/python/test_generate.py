"""The synthetic raw extracts: the contract, determinism, code lists, shapes and faults."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path

import pytest

from hodh import reference
from hodh.generate import COLUMNS, FAULT_KINDS, FILE_SHAPES, FREE_TEXT, generate
from hodh.inputs import raw_contract
from hodh.postcodes import SAMPLE_PATH

SIZES = {"crimes": 3000, "employees": 1200}
SEED = 11
RATE = 0.1

CRIME_REF = re.compile(r"\d{7}/\d{2}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY_FIRST = re.compile(r"\d{2}/\d{2}/\d{4}")
POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}")
HATE = {"RACE", "RELIGION", "SEXUAL_ORIENTATION", "DISABILITY", "TRANSGENDER"}
BOM = b"\xef\xbb\xbf"


def records(folder: Path, name: str) -> list[list[str]]:
    """Every record of a raw file after its header, a last row cut short included."""
    with (folder / name).open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))[1:]


def read(folder: Path, name: str) -> list[dict[str, str]]:
    """The complete rows of a raw file (a last row cut short has missing fields: skipped)."""
    with (folder / name).open(newline="", encoding="utf-8-sig") as handle:
        return [row for row in csv.DictReader(handle) if None not in row.values()]


def header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle))


def row_ends(path: Path) -> list[str]:
    """The line ends outside quoted fields (RFC 4180: a doubled quote leaves an empty piece
    between its two quotes, so pieces at even positions are outside quotes)."""
    pieces = path.read_bytes().decode("utf-8").split('"')
    return re.findall(r"\r?\n|\r", "\0".join(pieces[::2]))


def as_date(text: str) -> date | None:
    """The date a field holds, or None unless it is a real ISO date."""
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clean")
    generate(folder, **SIZES, seed=SEED)
    return folder


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dirty")
    generate(folder, **SIZES, seed=SEED, dirty=RATE)
    return folder


@pytest.fixture(scope="module")
def lists() -> reference.CodeLists:
    return reference.load()


@pytest.fixture(scope="module")
def directory() -> set[str]:
    with SAMPLE_PATH.open(newline="", encoding="utf-8") as handle:
        return {row["pcds"] for row in csv.DictReader(handle)}


# ---------------------------------------------------------------- the contract


def test_every_raw_file_has_every_contract_column_in_order(clean: Path) -> None:
    contract = raw_contract()  # what the dbt sources (and `hodh run`) expect
    assert sorted(p.name for p in clean.iterdir()) == sorted(contract) == sorted(COLUMNS)
    for name, columns in contract.items():
        assert header(clean / name) == columns, name


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path: Path) -> None:
    messages: list[str] = []
    rows = generate(tmp_path / "one", 300, 60, SEED, dirty=0.05, progress=messages.append)
    generate(tmp_path / "again", 300, 60, SEED, dirty=0.05)
    generate(tmp_path / "other", 300, 60, SEED + 1, dirty=0.05)
    for name in COLUMNS:
        data = (tmp_path / "one" / name).read_bytes()
        assert (tmp_path / "again" / name).read_bytes() == data, name
        assert (tmp_path / "other" / name).read_bytes() != data, name
        assert rows[name] == len(records(tmp_path / "one", name))  # a cut row counts
    # One progress message per file, naming it and its row count.
    assert [m.split(":")[0] for m in messages] == list(COLUMNS)
    assert all(f"{rows[m.split(':')[0]]:,} rows" in m for m in messages)


def test_locations_come_from_a_directory_in_any_layout(tmp_path: Path) -> None:
    # The ONS lookup layout: postcode to MSOA only, no grid references.
    lookup = tmp_path / "lookup.csv"
    with SAMPLE_PATH.open(newline="", encoding="utf-8") as source:
        rows = [(r["pcds"], r["doterm"], r["msoa11"], r["msoa21"]) for r in csv.DictReader(source)]
    with lookup.open("w", newline="", encoding="utf-8") as target:
        csv.writer(target).writerows([("pcds", "doterm", "msoa11cd", "msoa21cd"), *rows])
    generate(tmp_path / "raw", 500, 10, SEED, postcode_directory=lookup)
    postcodes = {r[0] for r in rows}
    for crime in read(tmp_path / "raw", "cris_crimes.csv"):
        assert crime["location_postcode"] in postcodes
        assert 490_000 < int(crime["location_easting"]) < 570_000


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="dirty"):
        generate(tmp_path, 10, 10, 1, dirty=1.5)
    with pytest.raises(ValueError, match="at least 1"):
        generate(tmp_path, 0, 10, 1)


# ---------------------------------------------------------------- clean rows are valid


def test_clean_crimes_are_valid_and_drawn_from_the_lists(
    clean: Path, lists: reference.CodeLists, directory: set[str]
) -> None:
    crimes = read(clean, "cris_crimes.csv")
    boroughs = set(lists.bcus["bcu_code"][lists.bcus["bcu_type"] == "BOROUGH"])
    offences = dict(
        zip(lists.offences["crimsec_code"], lists.offences["classification_code"], strict=True)
    )
    assert len({c["crime_ref"] for c in crimes}) == len(crimes) == SIZES["crimes"]
    for c in crimes:
        assert CRIME_REF.fullmatch(c["crime_ref"])
        recorded = as_date(c["date_recorded"])
        assert recorded and date(2023, 4, 1) <= recorded <= date(2024, 3, 31)
        assert c["crime_ref"].endswith(f"/{recorded.year % 100:02d}")
        assert c["borough_code"] in boroughs
        assert offences[c["crimsec_code"]] == c["classification_code"]
        assert c["status"] in "DUNT" and c["prefix"] in "ACS"
        assert (c["date_cleared_up"] != "") == (c["status"] == "D")
        assert (c["date_no_crimed"] != "") == (c["status"] == "N")
        if c["status"] == "D":
            assert as_date(c["date_cleared_up"]) >= recorded
        start = as_date(c["offence_date_from"])
        assert start and start <= recorded
        if c["offence_date_to"]:
            assert start <= as_date(c["offence_date_to"]) <= recorded
        for time in (c["offence_time_from"], c["offence_time_to"]):
            assert time == "" or re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", time)
        assert c["location_postcode"] in directory
        assert 490_000 < int(c["location_easting"]) < 570_000
        assert 150_000 < int(c["location_northing"]) < 210_000
        for flag in ("dv_flag", "gun_feature", "knife_feature", "cash_in_transit"):
            assert c[flag] in ("Y", "N")
        assert c["hate_flags"] == "" or set(c["hate_flags"].split(";")) <= HATE
        assert datetime.fromisoformat(c["last_modified"]).date() >= recorded
        assert c["mo_text"] and re.fullmatch(r"\d{6}", c["recording_officer_warrant"])


def test_clean_victims_and_accused_are_valid_and_drawn_from_the_lists(
    clean: Path, lists: reference.CodeLists, directory: set[str]
) -> None:
    refs = {c["crime_ref"] for c in read(clean, "cris_crimes.csv")}
    ethnicity = set(lists.ethnicity["ethnicity_16"])
    proceedings = set(lists.proceedings["proceedings_code"])
    for name, seq in (("cris_victims.csv", "victim_seq"), ("cris_accused.csv", "accused_seq")):
        rows = read(clean, name)
        assert {r["crime_ref"] for r in rows} <= refs
        assert len({(r["crime_ref"], r[seq]) for r in rows}) == len(rows)
        for r in rows:
            person = name == "cris_accused.csv" or r["victim_type"] == "P"
            if person:
                assert r["ethnicity_code"] in ethnicity and r["gender"] in ("M", "F", "U")
                assert as_date(r["date_of_birth"]) and 0 < int(r["age"]) < 100
                assert r["surname"] and r["forename"]
            else:  # an organisation: a name and nothing personal
                assert r["surname"] and not (r["forename"] or r["date_of_birth"] or r["gender"])
            if name == "cris_victims.csv":
                assert r["home_postcode"] == "" or r["home_postcode"] in directory
            else:
                assert r["proceedings_code"] in proceedings
                assert r["proceedings_date"] == "" or as_date(r["proceedings_date"])


def test_clean_hr_files_are_valid_and_drawn_from_the_lists(
    clean: Path, lists: reference.CodeLists, directory: set[str]
) -> None:
    employees = {e["pay_number"]: e for e in read(clean, "hr_employees.csv")}
    assert len(employees) == SIZES["employees"]
    ethnicity = set(lists.ethnicity["ethnicity_16"])
    rank_class = dict(zip(lists.ranks["rank_code"], lists.ranks["staff_class"], strict=True))
    bcus = set(lists.bcus["bcu_code"])
    for e in employees.values():
        assert re.fullmatch(r"\d{6}", e["pay_number"]) and e["ethnicity_code"] in ethnicity
        joined, left = as_date(e["date_joined"]), as_date(e["date_left"])
        assert joined and (e["date_left"] == "" or left > joined)
        assert (e["leaving_reason"] == "") == (e["date_left"] == "")
        assert (joined - as_date(e["date_of_birth"])).days / 365.25 >= 17
    for name, start_column, end_column in (
        ("hr_rank_history.csv", "start_date", "end_date"),
        ("hr_assignments.csv", "start_date", "end_date"),
        ("hr_abstractions.csv", "start_date", "end_date"),
        ("hr_training.csv", "completed_date", None),
    ):
        for r in read(clean, name):
            assert r["pay_number"] in employees, name
            start = as_date(r[start_column])
            assert start, name
            if end_column and r[end_column]:
                assert as_date(r[end_column]) >= start, name
            if name == "hr_rank_history.csv":
                assert rank_class[r["rank_code"]] == employees[r["pay_number"]]["staff_type"]
            if name == "hr_assignments.csv":
                assert r["bcu_code"] in bcus and re.fullmatch(r"P\d{5}", r["post_code"])
    applicants = {a["applicant_ref"]: a for a in read(clean, "hr_applicants.csv")}
    assert all(a["home_postcode"] in directory | {""} for a in applicants.values())
    assert {s["applicant_ref"] for s in read(clean, "hr_applicant_status.csv")} <= set(applicants)


# ---------------------------------------------------------------- realistic shapes


def test_crime_volumes_outcomes_victims_and_accused_look_like_londons(clean: Path) -> None:
    crimes = read(clean, "cris_crimes.csv")
    boroughs = Counter(c["borough_code"] for c in crimes)
    assert boroughs.most_common(1)[0][0] == "CW"  # Westminster, the busiest
    classes = Counter(c["crimsec_code"][:3] for c in crimes)
    theft = sum(classes[k] for k in ("037", "039", "044", "045", "046", "048", "049"))
    violence = sum(classes[k] for k in ("001", "008", "105"))
    assert (theft + violence) / len(crimes) > 0.55 and theft > violence
    status = Counter(c["status"] for c in crimes)
    assert 0.17 < status["D"] / len(crimes) < 0.29 and status["U"] > len(crimes) / 2
    assert Counter(c["prefix"] for c in crimes).most_common(1)[0][0] == "S"
    assert 0.03 < sum(c["dv_flag"] == "Y" for c in crimes) / len(crimes) < 0.15

    victims = Counter(v["crime_ref"] for v in read(clean, "cris_victims.csv"))
    fraud = [victims[c["crime_ref"]] for c in crimes if c["crimsec_code"].startswith("053")]
    assert fraud and all(2 <= n <= 20 for n in fraud) and sum(fraud) / len(fraud) > 3
    others = [victims[c["crime_ref"]] for c in crimes if not c["crimsec_code"].startswith("05")]
    assert Counter(others).most_common(1)[0][0] == 1
    shop = [v for v in read(clean, "cris_victims.csv") if v["surname"].endswith(("Ltd", "plc"))]
    assert shop and all(v["victim_type"] == "O" for v in shop)

    accused = Counter(a["crime_ref"] for a in read(clean, "cris_accused.csv"))
    assert all(accused[c["crime_ref"]] >= 1 for c in crimes if c["status"] == "D")
    assert all(accused[c["crime_ref"]] == 0 for c in crimes if c["status"] == "N")


def test_workforce_has_a_rank_pyramid_with_one_commissioner(clean: Path) -> None:
    employees = {e["pay_number"]: e for e in read(clean, "hr_employees.csv")}
    current = {p for p, e in employees.items() if e["date_left"] == ""}
    assert 0.6 < len(current) / len(employees) < 0.72
    types = Counter(e["staff_type"] for e in employees.values())
    assert 0.55 < types["OFFICER"] / len(employees) < 0.72
    assert 0.2 < types["STAFF"] / len(employees) < 0.3
    assert all(e["date_left"] for e in employees.values() if e["staff_type"] == "TRAFFIC_WARDEN")

    periods: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in read(clean, "hr_rank_history.csv"):
        periods[r["pay_number"]].append(r)
    serving = Counter(ps[-1]["rank_code"] for p, ps in periods.items() if p in current)
    assert serving["COMM"] == 1 and serving["DCOMM"] == 1
    assert serving["PC"] > serving["PS"] > serving["INSP"] > serving["CI"]
    chiefs = serving["CMDR"] + serving["DAC"] + serving["AC"] + 2
    assert 2 <= chiefs < 0.02 * sum(serving[r] for r in ("PC", "PS", "INSP", "CI")) + 3
    for pay, ps in periods.items():
        e = employees[pay]
        assert ps[0]["start_date"] == e["date_joined"] and ps[0]["rank_reason"] == "JOINER"
        if e["staff_type"] == "OFFICER":
            assert ps[0]["rank_code"] == "PC"
        for before, after in pairwise(ps):  # consecutive, no gaps or overlaps
            assert (as_date(after["start_date"]) - as_date(before["end_date"])).days == 1
        assert ps[-1]["end_date"] == e["date_left"]  # open-ended while employed


def test_applicants_have_status_trails_in_date_order(clean: Path) -> None:
    applicants = read(clean, "hr_applicants.csv")
    assert len(applicants) == round(SIZES["employees"] / 3)
    trails: dict[str, list[dict[str, str]]] = defaultdict(list)
    for s in read(clean, "hr_applicant_status.csv"):
        trails[s["applicant_ref"]].append(s)
    stages = ["RECEIVED", "SIFTED", "ASSESSED", "VETTING", "OFFERED", "APPOINTED"]
    for trail in trails.values():
        assert trail[0]["status"] == "RECEIVED"
        dates = [s["status_date"] for s in trail]
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        steps = [s["status"] for s in trail if s["status"] in stages]
        assert steps == stages[: len(steps)]
        assert all(s["status"] in stages for s in trail[:-1])  # WITHDRAWN/REJECTED end it
    assert Counter(t[-1]["status"] for t in trails.values())["APPOINTED"] > 0


# ---------------------------------------------------------------- planted faults


def _faults_found(
    folder: Path, name: str, lists: reference.CodeLists, postcodes: set[str]
) -> set[str]:
    """Every fault kind visible in a raw file, judged from the data alone."""
    rows = read(folder, name)
    found: set[str] = set()
    codes = {  # columns holding codes, and the values the force's lists allow
        "cris_crimes.csv": ["borough_code", "crimsec_code", "status", "classification_code"],
        "cris_victims.csv": ["ethnicity_code", "gender"],
        "cris_accused.csv": ["proceedings_code", "ethnicity_code"],
        "hr_employees.csv": ["staff_type", "gender", "ethnicity_code"],
        "hr_rank_history.csv": ["rank_code"],
        "hr_abstractions.csv": ["abstraction_type"],
        "hr_assignments.csv": ["bcu_code"],
        "hr_training.csv": ["course_code", "competency"],
        "hr_applicants.csv": ["application_type", "special", "graduate"],
        "hr_applicant_status.csv": ["status"],
    }[name]
    unknown = {
        "unknown_crimsec": ("crimsec_code", set(lists.offences["crimsec_code"])),
        "unknown_borough": ("borough_code", set(lists.bcus["bcu_code"])),
        "unknown_ethnicity": ("ethnicity_code", set(lists.ethnicity["ethnicity_16"]) | {""}),
        "unknown_proceedings": ("proceedings_code", set(lists.proceedings["proceedings_code"])),
        "unknown_rank": ("rank_code", set(lists.ranks["rank_code"])),
        "unknown_bcu": ("bcu_code", set(lists.bcus["bcu_code"])),
    }
    for r in rows:
        for column in codes:
            value = r[column]
            if value != value.upper():
                found.add("lower_case_code")
            if value != value.strip():
                found.add("stray_spaces")
        for kind, (column, allowed) in unknown.items():
            if column in r and r[column].strip().upper() not in allowed:
                found.add(kind)
        for column, value in r.items():
            if ("date" in column or column == "date_of_birth") and value:
                if DAY_FIRST.fullmatch(value):
                    found.add("date_format")
                elif ISO_DATE.fullmatch(value) and not as_date(value):
                    found.add("impossible_date")
        for start, end in (("offence_date_from", "offence_date_to"), ("date_joined", "date_left"),
                           ("start_date", "end_date")):  # fmt: skip
            first, last = as_date(r.get(start, "")), as_date(r.get(end, ""))
            if first and last and last < first:
                found.add("end_before_start")
        for column in ("location_postcode", "home_postcode"):
            value = r.get(column, "")
            if value and value != " ".join(value.split()).upper():
                found.add("postcode_spacing_case")

    key = {
        "cris_crimes.csv": ["crime_ref"],
        "cris_victims.csv": ["crime_ref", "victim_seq"],
        "cris_accused.csv": ["crime_ref", "accused_seq"],
        "hr_employees.csv": ["pay_number"],
        "hr_applicants.csv": ["applicant_ref"],
        "hr_applicant_status.csv": ["applicant_ref", "status"],
    }.get(name, list(rows[0]))
    if len({tuple(r[k] for k in key) for r in rows}) < len(rows):
        found.add("duplicate_key")
    parent = {"crime_ref": "cris_crimes.csv", "pay_number": "hr_employees.csv",
              "applicant_ref": "hr_applicants.csv"}  # fmt: skip
    link = next(iter(rows[0]))
    if parent.get(link, name) != name:
        parents = {p[link] for p in read(folder, parent[link])}
        if any(r[link] not in parents for r in rows):
            found.add("orphan")

    if name == "cris_crimes.csv":
        for r in rows:
            if not CRIME_REF.fullmatch(r["crime_ref"]):
                found.add("invalid_crime_ref")
            cleared, recorded = as_date(r["date_cleared_up"]), as_date(r["date_recorded"])
            if cleared and recorded and cleared < recorded:
                found.add("cleared_before_recorded")
            postcode = " ".join(r["location_postcode"].split()).upper()
            if POSTCODE.fullmatch(postcode) and postcode not in postcodes:
                found.add("unknown_postcode")
            grid = r["location_easting"] and r["location_northing"]
            if not r["location_postcode"]:
                found.add("grid_without_postcode" if grid else "no_location")
    return found


@pytest.mark.parametrize("name", list(COLUMNS))
def test_clean_files_have_no_fault_and_dirty_ones_have_every_kind(
    name: str, clean: Path, dirty: Path, lists: reference.CodeLists, directory: set[str]
) -> None:
    assert _faults_found(clean, name, lists, directory) == set()
    assert _faults_found(dirty, name, lists, directory) == set(FAULT_KINDS[name])


@pytest.mark.parametrize("name", list(COLUMNS))
def test_faults_are_planted_at_the_asked_rate_and_other_rows_stay_clean(
    name: str, clean: Path, dirty: Path
) -> None:
    def fields(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
        return [tuple(v for k, v in r.items() if k != FREE_TEXT.get(name)) for r in rows]

    before, after = fields(read(clean, name)), fields(read(dirty, name))
    changed = sum(a != b for a, b in zip(before, after[: len(before)], strict=True))
    changed += len(after) - len(before)
    planted = max(len(FAULT_KINDS[name]), round(RATE * len(before)))
    if name in ("cris_victims.csv", "cris_accused.csv"):
        # Their crime's planted bad CRIS number shows on some more rows.
        assert planted <= changed <= planted * 1.2
    else:
        assert changed == planted


# ---------------------------------------------------------------- shapes of real extracts


@pytest.mark.parametrize("name", list(COLUMNS))
def test_dirty_files_have_their_shapes_and_clean_ones_none(
    name: str, clean: Path, dirty: Path
) -> None:
    shapes = FILE_SHAPES[name]
    assert set(shapes) <= {
        "byte_order_mark", "crlf_row_ends", "line_breaks_in_text", "truncated_last_row"
    }  # fmt: skip
    data = (dirty / name).read_bytes()
    assert data.startswith(BOM) == ("byte_order_mark" in shapes)
    assert data.count(BOM) == data.startswith(BOM)
    ends = row_ends(dirty / name)
    assert set(ends) == ({"\r\n"} if "crlf_row_ends" in shapes else {"\n"})
    complete = len(read(dirty, name))
    last = records(dirty, name)[-1]
    if "truncated_last_row" in shapes:
        assert not data.endswith(b"\n") and len(ends) == complete + 1  # header and rows
        assert 3 < len(last) < len(COLUMNS[name]) and last[3]  # cut in its fourth field
        assert len(records(dirty, name)) == complete + 1
    else:
        assert data.endswith(ends[-1].encode()) and len(ends) == complete + 1
        assert len(last) == len(COLUMNS[name])
    if "line_breaks_in_text" not in shapes:
        assert not any("\n" in v or "\r" in v for r in read(dirty, name) for v in r.values())

    data = (clean / name).read_bytes()
    assert not data.startswith(BOM) and b"\r" not in data and data.endswith(b"\n")
    assert len(row_ends(clean / name)) == len(records(clean, name)) + 1
    assert all(len(r) == len(COLUMNS[name]) for r in records(clean, name))


@pytest.mark.parametrize("name", list(FREE_TEXT))
def test_free_text_gets_line_breaks_quotes_and_commas_at_the_asked_rate(
    name: str, clean: Path, dirty: Path
) -> None:
    column = FREE_TEXT[name]
    before = [r[column] for r in read(clean, name)]
    after = [r[column] for r in read(dirty, name)]
    assert not any("\n" in v or "\r" in v for v in before)
    lf = [v for v in after if "\n" in v and "\r" not in v]
    crlf = [v for v in after if v.count("\r\n") == 1 and v.count("\n") == 1]
    assert lf and crlf and len(lf) + len(crlf) == max(2, round(RATE * len(after)))
    for old, new in zip(before, after, strict=False):  # only a second line added
        assert new == old or new.startswith((old + "\n", old + "\r\n"))
    # RFC 4180: a quote inside a field is doubled, and commas and both line breaks stay
    # inside the quotes; Python's csv module reads them back.
    text = (dirty / name).read_bytes().decode("utf-8-sig")
    for kind in (lf, crlf):
        quoted = [v for v in kind if '"' in v.split("\n")[1] and "," in v.split("\n")[1]]
        assert quoted and '"' + quoted[0].replace('"', '""') + '"' in text


def test_names_have_accents_even_in_clean_data(clean: Path) -> None:
    for name in ("cris_victims.csv", "cris_accused.csv", "hr_employees.csv", "hr_applicants.csv"):
        rows = read(clean, name)
        assert any(not r["surname"].isascii() for r in rows), name
        assert any(not r["forename"].isascii() for r in rows), name
