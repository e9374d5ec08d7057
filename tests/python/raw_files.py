"""Raw files for tests: planting personal values and the shapes of real extracts.

The generator writes some files with a byte order mark, CRLF row ends, line breaks inside
quoted fields and a truncated last row. A test that plants values rewrites a file through
`edit_raw_file`, which keeps every one of those shapes: the feed must still meet them.
`plant_personal_values` puts a marker in every never-supplied column (none may come out);
`plant_real_extract_shapes` gives files the shapes of section 2 by hand, independently of
the generator.
"""

import csv
import io
from collections.abc import Callable
from pathlib import Path

BOM = b"\xef\xbb\xbf"

Rows = list[dict[str, str]]


def read_raw_file(path: Path) -> tuple[list[str], Rows, list[list[str]]]:
    """The header, the whole rows as dicts, and the rows with fewer fields than the header."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header, *rows = list(csv.reader(handle))
    whole = [dict(zip(header, row, strict=True)) for row in rows if len(row) == len(header)]
    short = [row for row in rows if len(row) < len(header)]
    return header, whole, short


def edit_raw_file(path: Path, edit: Callable[[Rows], None]) -> None:
    """Let `edit` change the whole rows in place, then write the file back in its own shape:
    the same byte order mark, row ends and final newline, truncated rows last and short."""
    data = path.read_bytes()
    newline = "\r\n" if b"\r\n" in data.split(b"\n", 1)[0] + b"\n" else "\n"
    header, rows, short = read_raw_file(path)
    edit(rows)
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator=newline)
    writer.writerow(header)
    writer.writerows([row[column] for column in header] for row in rows)
    writer.writerows(short)
    written = text.getvalue()
    if not data.endswith((b"\n", b"\r")):
        written = written.removesuffix(newline)
    path.write_bytes((BOM if data.startswith(BOM) else b"") + written.encode("utf-8"))


# Per raw file: a never-supplied column -> a planted value, unlikely to occur otherwise.
PLANTED = {
    "cris_crimes.csv": {
        "location_type": "ZQPLANT_LOCTYPE",
        "recording_officer_warrant": "ZQW481516",
        "investigating_officer_warrant": "ZQW234200",
        "mo_text": "Zqplant forced the rear window",
        "cash_in_transit": "Y",
    },
    "cris_victims.csv": {
        "surname": "Zqplantvictimsurname",
        "forename": "Zqplantvictimforename",
        "date_of_birth": "1903-04-05",
        "relationship_code": "ZQPLANT_REL",
        "injury_level": "ZQPLANT_INJURY",
    },
    "cris_accused.csv": {
        "person_ref": "ZQPR5550199",
        "surname": "Zqplantaccusedsurname",
        "forename": "Zqplantaccusedforename",
        "date_of_birth": "1904-05-06",
    },
    "hr_employees.csv": {
        "collar_number": "ZQC90210",
        "surname": "Zqplantemployeesurname",
        "forename": "Zqplantemployeeforename",
        "marital_status": "ZQPLANT_MARITAL",
        "basic_pay": "98765.43",
        "pensionable_service_date": "1905-06-07",
        "fitness_level": "ZQPLANT_FIT",
    },
    "hr_abstractions.csv": {"sickness_reason": "Zqplant sickness reason"},
    "hr_assignments.csv": {"post_title": "Zqplant post title", "seconded_to": "Zqplant unit"},
    "hr_training.csv": {"course_code": "ZQPLANT_COURSE"},
    "hr_applicants.csv": {
        "job_reference": "ZQJOB7788",
        "surname": "Zqplantapplicantsurname",
        "forename": "Zqplantapplicantforename",
        "date_of_birth": "1906-07-08",
    },
}
PLANTED_ROWS = range(0, 30, 3)
# Columns whose value in a planted row never leaves either: keys in clear and locations.
CLEAR_KEYS = ("pay_number", "applicant_ref", "location_postcode", "home_postcode")


def plant_personal_values(raw: Path) -> set[str]:
    """Write PLANTED into PLANTED_ROWS of each file; return every planted value with the
    clear keys and postcodes those rows carry (never to leave either)."""
    secrets = {value for values in PLANTED.values() for value in values.values()}
    secrets.discard("Y")

    def plant_rows(rows: Rows, values: dict[str, str]) -> None:
        for index in PLANTED_ROWS:
            rows[index].update(values)
            for column in CLEAR_KEYS:
                value = (rows[index].get(column) or "").strip()
                # An all-digit key (a pay number) is no marker: a log's microsecond
                # timestamps hold any six digits. The planted values above are.
                if len(value) >= 5 and not value.isdigit():
                    secrets.add(value)

    for name, values in PLANTED.items():
        edit_raw_file(raw / name, lambda rows, values=values: plant_rows(rows, values))
    return secrets


def plant_real_extract_shapes(raw: Path) -> dict[str, set[str]]:
    """Give generated raw files, by hand, the shapes real extracts have (section 2): a byte
    order mark and CRLF row ends, free text with line breaks, quotes and commas, non-ASCII
    names, and a truncated last row, in rows 1 and 2 (PLANTED_ROWS are 0, 3, ...). Returns,
    per raw file, the quarantine keys of its truncated rows ('row N', N counted after the
    header): the generator's and these."""
    text = {
        "mo_text": ['Forced the "rear" door,\nfled on foot', "Threatened victim\r\nthen left"],
        "post_title": ['Officer, "Response"\nTeam 2', "Analyst\r\nIntelligence"],
        "surname": ["Ní Bhriain-Łukasz", "Zoë O'Brien"],
    }
    shapes = {
        "hr_employees.csv": {"bom": True, "crlf": True, "truncate": False},
        "hr_assignments.csv": {"bom": False, "crlf": True, "truncate": False},
        "cris_victims.csv": {"bom": True, "crlf": False, "truncate": False},
        "cris_crimes.csv": {"bom": False, "crlf": False, "truncate": True},
        "hr_rank_history.csv": {"bom": False, "crlf": True, "truncate": True},
    }
    for name, shape in shapes.items():
        path = raw / name
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header, *rows = list(csv.reader(handle))
        for column, values in text.items():
            if column in header:
                for row, value in zip(rows[1:], values, strict=False):
                    row[header.index(column)] = value
        newline = "\r\n" if shape["crlf"] else "\n"
        with path.open("w", newline="", encoding="utf-8-sig" if shape["bom"] else "utf-8") as out:
            csv.writer(out, lineterminator=newline).writerows([header, *rows])
            if shape["truncate"]:
                out.write(",".join(rows[1][:2]) + ",20")  # cut mid-field, no final newline
    truncated = {}
    for path in raw.glob("*.csv"):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header, *rows = list(csv.reader(handle))
        truncated[path.name] = {
            f"row {number}" for number, row in enumerate(rows, 1) if len(row) < len(header)
        }
    return truncated
