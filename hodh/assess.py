"""`hodh assess`: a data protection impact assessment of requirement profiles on the
force's own data, every profile side by side.

The Home Office's 2011/12 consultation asks the force to reverse the reductions of 2010
("if these proposals are agreed it would again be possible to identify individuals"). A
force answering it needs figures from its own extract, not opinions: which columns would
leave, how many crimes a neighbour could pick out, how many employees a colleague could
single out, what a linkage key would join. This module computes them.

It builds the warehouse with the same code as `hodh run` (open_run, FeedRun.build: the
staging, validation and export tables after disclosure control) in a work folder of its
own, publishes nothing and writes no line in OUT/audit.jsonl: an assessment is not a run
of the feed. Every figure is computed in DuckDB, reading the warehouse read-only and the
raw files (same CSV options as the sources) for the columns staging drops; only counts
and shares come back to Python. OUT receives one folder, assessment-<id>/, holding
index.html (hodh.assess_page) and assessment.json: counts, shares and column names only,
never a value, key or pseudonym from the data.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from hodh.build import PASSED, BuildOutcome, dbt_build
from hodh.constants import (
    DEFAULT_KEEP_RUNS,
    EXIT_GATE_FAILED,
    EXIT_OK,
    KEY_VARIABLE,
)
from hodh.inputs import InputError
from hodh.package import group_readable
from hodh.pipeline import FeedRun, RunRequest, close_run, code_version, open_run
from hodh.profiles import (
    DEFAULT_PROFILE,
    Profile,
    forbidden_columns,
    load_profile,
    profile_names,
)
from hodh.project import project_var
from hodh.pseudonyms import load_key
from hodh.reidentification import check_reidentification

log = logging.getLogger(__name__)

Build = Callable[..., BuildOutcome]

PAGE = "index.html"
DATA = "assessment.json"
FOLDER_PREFIX = "assessment-"

# What the intruder knows of when a crime happened: the offence time to the minute (as
# exported), to the hour, or not at all (dates only), as audit.crime_disclosure_risk compares
# them; then the month only, and no date at all: what a neighbour knows ("a burglary at
# number 5 this spring"), and SCIRG's own concern, "age, gender and ethnicity ... together
# with middle super output area and crime type".
PRECISIONS = ("minute", "hour", "day", "month", "none")

# A crime's quasi-identifiers (SCIRG: offence + location + date/time + flags, and what a
# wider requirement adds): each profile column that can be one, with its expression over
# the assessment's crime frame. A column counts for a profile when the profile exports it.
CRIME_QUASI_IDENTIFIERS = {
    "crimes.crimsec_code": "crimsec_code",
    "crimes.msoa_code": "msoa_code",
    "crimes.location_postcode": "location_postcode",
    "crimes.location_easting": "location_easting",
    "crimes.location_northing": "location_northing",
    "crimes.offence_date_from": "offence_date_from",
    "crimes.offence_date_to": "offence_date_to",
    "crimes.offence_time_from": "offence_time_from",
    "crimes.offence_time_to": "offence_time_to",
    "crimes.dv_flag": "dv_flag",
    "crimes.hate_race": "hate_race",
    "crimes.hate_religion": "hate_religion",
    "crimes.hate_sexual_orientation": "hate_sexual_orientation",
    "crimes.hate_disability": "hate_disability",
    "crimes.hate_transgender": "hate_transgender",
    "crimes.gun_feature": "gun_feature",
    "crimes.knife_feature": "knife_feature",
    "crimes.location_type": "location_type",
    "crimes.cash_in_transit": "cash_in_transit",
}
TIMES = ("crimes.offence_time_from", "crimes.offence_time_to")
DATES = ("crimes.offence_date_from", "crimes.offence_date_to")
LOCATIONS = {
    "postcode": ("crimes.location_postcode",),
    "grid reference": ("crimes.location_easting", "crimes.location_northing"),
}
# People's details a profile may export on the crime's victims and accused: per crime, the
# sorted list of its people's values (person victims only: an organisation has none).
PEOPLE = {
    "crime_victims": ("age", "gender", "ethnicity_code"),
    "crime_accused": ("age", "gender", "ethnicity_code"),
}
VICTIM_DETAILS = tuple(f"crime_victims.{column}" for column in PEOPLE["crime_victims"])

# The motivated intruder's view of a person (requirement section 4, rule 1), each
# quasi-identifier with the profile column it is read from. The first seven are the view
# the k-anonymity gate checks; the year joined extends it as the requirement states.
EMPLOYEE_QUASI_IDENTIFIERS = {
    "staff_type": "employees.staff_type",
    "gender": "employees.gender",
    "ethnicity_16": "employees.ethnicity_16",
    "ethnicity_6": "employees.ethnicity_6",
    "birth_year_band": "employees.birth_year_band",
    "rank_code": "rank_history.rank_code",
    "bcu_code": "assignments.bcu_code",
    "year_joined": "employees.date_joined",
}
APPLICANT_QUASI_IDENTIFIERS = {
    "application_type": "applicants.application_type",
    "msoa_code": "applicants.msoa_code",
    "month_received": "applicants.date_received",
}
EXTENDED_ONLY = ("year_joined", "month_received")

# Keys that would join the export to other data: what each joins, the profile column.
LINKAGE_KEYS = {
    "warrant numbers": {
        "columns": ("crimes.recording_officer_warrant", "crimes.investigating_officer_warrant"),
        "joins": "crime to HR: each crime to the officers who recorded and investigated it",
    },
    "accused person_ref": {
        "columns": ("crime_accused.person_ref",),
        "joins": "crime to crime: every crime of the same accused person, and to the force's "
        "person records",
    },
}


class AssessmentError(Exception):
    """The assessment could not be completed (the message never quotes a value)."""


@dataclass(frozen=True)
class AssessRequest:
    """What `hodh assess` was asked: the raw folder, OUT, the profiles (all by default)."""

    raw_dir: Path
    out_dir: Path
    postcode_directory: Path
    work_root: Path
    profiles: tuple[str, ...] = ()
    k: int | None = None
    keep_runs: int = DEFAULT_KEEP_RUNS


@dataclass(frozen=True)
class AssessResult:
    """How the assessment ended; page and data are set when it was written (exit 0)."""

    exit_code: int
    reason: str
    work_dir: Path | None = None
    page: Path | None = None
    data: Path | None = None


def assess(request: AssessRequest, build: Build | None = None) -> AssessResult:
    """Build the warehouse as `hodh run` does, measure every profile, write the page.

    Raises InputError for unusable input found before anything is built (an unknown
    profile, OUT holding the feed's packages); any other end is an AssessResult.
    """
    names = request.profiles or tuple(
        sorted(profile_names(), key=lambda n: (n != DEFAULT_PROFILE, n))
    )
    profiles = [load_profile(name) for name in names]
    if (request.out_dir / "audit.jsonl").exists():
        raise InputError(
            f"output folder {request.out_dir} holds the feed's packages (audit.jsonl): "
            "an assessment goes in a folder of its own"
        )
    # The work folder holds personal data (the warehouse, the raw columns read here): its
    # owner's alone, as for hodh run; the page and its JSON are opened to the group.
    umask = os.umask(0o077)
    try:
        with _pseudonym_key() as made:
            run = open_run(
                RunRequest(
                    raw_dir=request.raw_dir,
                    out_dir=request.out_dir,
                    postcode_directory=request.postcode_directory,
                    work_root=request.work_root,
                    k=request.k,
                    keep_runs=request.keep_runs,
                    audited=False,
                )
            )
            if run.result is not None:
                return AssessResult(run.result.exit_code, run.result.reason)
            if made:
                message = "%s is unset: the build uses a random key, made for it and not kept"
                log.info(message, KEY_VARIABLE)
            try:
                return _assess(run, request, profiles, build or dbt_build)
            finally:
                close_run(run)
    finally:
        os.umask(umask)


@contextmanager
def _pseudonym_key() -> Iterator[bool]:
    """The build pseudonymises as a run does, and the re-identification gate finds the
    protected holders' records by their pseudonyms, so both need the same key; an
    assessment publishes no pseudonym, so without HODH_PSEUDONYM_KEY a random key made for
    this assessment (and kept nowhere) serves as well. A key that is
    set is checked as hodh run checks it. Yields whether the key was made here."""
    if os.environ.get(KEY_VARIABLE):
        yield False
        return
    os.environ[KEY_VARIABLE] = secrets.token_hex(32)
    try:
        yield True
    finally:
        os.environ.pop(KEY_VARIABLE, None)


def _assess(
    run: FeedRun, request: AssessRequest, profiles: list[Profile], build: Build
) -> AssessResult:
    """The steps after the work folder exists: build, measure, write. Every end is a
    result (the work folder stays for retention), never an exception: a scheduler reads
    the exit code, and a message could quote a value."""
    try:
        built = run.build(build)
        unbuilt = [
            node.unique_id
            for node in built.nodes
            if node.resource_type in {"model", "seed"} and node.status not in PASSED
        ]
        if built.error or unbuilt:
            log.error(
                "dbt build did not build the warehouse: %s", built.error or ", ".join(unbuilt)
            )
            reason = "dbt build failed; no assessment was written"
            return AssessResult(EXIT_GATE_FAILED, reason, run.work_dir)
        failed_tests = [node.unique_id for node in built.nodes if node.status not in PASSED]
        started = time.monotonic()
        log.info("measuring %d profiles ...", len(profiles))
        with closing(
            duckdb.connect(str(run.duckdb_path), read_only=True, config=run.settings)
        ) as connection:
            figures = measure(connection, request.raw_dir, profiles, run.k)
        # the run's own attack on the same build: the page's verdict is the gate's
        figures["reidentification"] = check_reidentification(
            run.duckdb_path, k=run.k, settings=run.settings, key=load_key()
        ).figures
        log.info("measuring: done in %.1f s", time.monotonic() - started)
        assessment = {
            "assessment_id": run.run_id,
            "created_at": run.started.isoformat(),
            "code_version": code_version(),
            "k_anonymity": run.k,
            "raw": {"folder": str(request.raw_dir), "inputs": run.inputs},
            "postcode_directory": {
                "file": request.postcode_directory.name,
                "sha256": run.postcode_sha256,
            },
            "dbt_tests_failed": failed_tests,
            **figures,
        }
        from hodh.assess_page import render_page

        folder = write_assessment(request.out_dir, run.run_id, render_page(assessment), assessment)
    except KeyboardInterrupt:
        return AssessResult(
            EXIT_GATE_FAILED, "interrupted; no assessment was written", run.work_dir
        )
    except Exception as error:
        # Frames only: an exception's message can quote a value from the data.
        frames = "".join(traceback.format_tb(error.__traceback__))
        log.error("assessment failed: %s\n%s", type(error).__name__, frames)
        reason = f"assessment failed ({type(error).__name__}); no assessment was written"
        return AssessResult(EXIT_GATE_FAILED, reason, run.work_dir)
    log.info("assessment written: %s", folder / PAGE)
    return AssessResult(EXIT_OK, "written", run.work_dir, folder / PAGE, folder / DATA)


def write_assessment(out_dir: Path, assessment_id: str, page: str, data: dict[str, Any]) -> Path:
    """OUT/assessment-<id>/ with the page and its JSON, written aside and renamed into
    place in one step (a reader never sees half of it); folder 0750, files 0640."""
    staging = out_dir / f".{FOLDER_PREFIX}{assessment_id}.partial"
    try:
        staging.mkdir()
        (staging / PAGE).write_text(page, encoding="utf-8")
        (staging / DATA).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        for path in (staging, staging / PAGE, staging / DATA):
            group_readable(path)
        folder = out_dir / f"{FOLDER_PREFIX}{assessment_id}"
        os.rename(staging, folder)
        return folder
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# ---------------------------------------------------------------------------------------
# The figures: every one computed in DuckDB, only aggregates come back.


def measure(
    connection: duckdb.DuckDBPyConnection, raw_dir: Path, profiles: Sequence[Profile], k: int
) -> dict[str, Any]:
    """Every figure of the assessment, per profile, from the built warehouse and the raw
    files (read for the columns that staging drops)."""
    frame = crime_frame(connection, raw_dir, project_var("raw_csv_options"))
    return {
        "crime_frame": frame,
        "profiles": {
            profile.name: {
                "title": profile.title,
                "version": profile.version,
                "source": profile.source,
                "sha256": profile.sha256,
                "columns": _columns(profile),
                "never_supplied": forbidden_columns(profile),
                "crime_uniqueness": crime_uniqueness(connection, profile),
                "people": people_figures(connection, profile, k),
                "detail_kept": detail_kept(connection, profile),
            }
            for profile in profiles
        },
        "linkage_keys": linkage_keys(connection, profiles),
    }


def _columns(profile: Profile) -> dict[str, list[dict[str, str | None]]]:
    """Every column a profile exports, with its precision, its safeguards and, where it is
    on the never-supplied list, why: the page's side-by-side listing."""
    never = forbidden_columns(profile)
    return {
        table: [
            {
                "column": column.name,
                "precision": column.precision,
                "safeguards": column.safeguards,
                "never_supplied": never.get(f"{table}.{column.name}"),
            }
            for column in columns
        ]
        for table, columns in profile.tables.items()
    }


def crime_frame(
    connection: duckdb.DuckDBPyConnection, raw_dir: Path, csv_options: str
) -> dict[str, int]:
    """Temporary tables of the exported crimes, victims and accused, each with the raw
    columns staging drops (location list, cash in transit, warrant numbers, people's age,
    gender and ethnicity, person_ref), traced back to the raw row that was exported.

    A crime is traced through its validated row (raw_crime_ref and last_modified, which
    pick the version that was exported when a CRIS number arrives twice); a victim or an
    accused through its raw crime_ref and sequence (identical copies: any one). Raw values
    are cleaned as staging cleans codes (trimmed, upper case, empty is null). The tables
    are temporary: they stay in this connection (and its spill folder, in the work
    folder). Returns how many rows of each were traced to a raw row.
    """

    def raw(name: str) -> str:
        """read_csv of a raw file with the sources' own options, so rows DuckDB sets aside
        are ignored here as in the build."""
        path = str(raw_dir.resolve() / f"{name}.csv").replace("'", "''")
        return f"read_csv('{path}', {csv_options})"

    connection.execute(f"""
        create temp table assess_crimes as
        with
        raw_crimes as (
            select
                nullif(trim(crime_ref), '') as raw_crime_ref,
                try_cast(nullif(trim(last_modified), '') as timestamp) as last_modified,
                nullif(upper(trim(location_type)), '') as location_type,
                nullif(upper(trim(cash_in_transit)), '') as cash_in_transit,
                nullif(trim(recording_officer_warrant), '') as recording_officer_warrant,
                nullif(trim(investigating_officer_warrant), '') as investigating_officer_warrant,
                true as traced
            from {raw("cris_crimes")}
        ),
        validated as (
            select crime_ref, raw_crime_ref, last_modified,
                location_postcode, location_easting, location_northing
            from intermediate.int_crimes__validated
            where quarantine_reason is null
        )
        select
            crimes.*,
            validated.location_postcode,
            validated.location_easting,
            validated.location_northing,
            raw_crimes.location_type,
            raw_crimes.cash_in_transit,
            raw_crimes.recording_officer_warrant,
            raw_crimes.investigating_officer_warrant,
            coalesce(raw_crimes.traced, false) as traced
        from export.crimes as crimes
        inner join validated on crimes.crime_ref = validated.crime_ref
        left join raw_crimes on validated.raw_crime_ref = raw_crimes.raw_crime_ref
        qualify row_number() over (
            partition by crimes.crime_ref
            order by
                raw_crimes.last_modified is not distinct from validated.last_modified desc,
                raw_crimes.location_type, raw_crimes.cash_in_transit,
                raw_crimes.recording_officer_warrant, raw_crimes.investigating_officer_warrant
        ) = 1
    """)
    for table, sequence in (("victims", "victim_seq"), ("accused", "accused_seq")):
        person_ref = (
            "nullif(trim(person_ref), '') as person_ref"
            if table == "accused"
            else "null as person_ref"
        )
        export_table = "crime_victims" if table == "victims" else "crime_accused"
        connection.execute(f"""
            create temp table assess_{table} as
            with
            raw_people as (
                select
                    nullif(trim(crime_ref), '') as raw_crime_ref,
                    nullif(trim({sequence}), '') as raw_seq,
                    try_cast(nullif(trim(age), '') as integer) as age,
                    nullif(upper(trim(gender)), '') as gender,
                    nullif(upper(trim(ethnicity_code)), '') as ethnicity_code,
                    {person_ref},
                    true as traced
                from {raw(f"cris_{table}")}
            ),
            validated as (
                select crime_ref, {sequence}, raw_crime_ref, raw_{sequence}
                from intermediate.int_crime_{table}__validated
                where quarantine_reason is null
            )
            select
                exported.crime_ref,
                exported.{sequence} as seq,
                {"exported.victim_type" if table == "victims" else "'P'"} as person_type,
                raw_people.age,
                raw_people.gender,
                raw_people.ethnicity_code,
                raw_people.person_ref,
                coalesce(raw_people.traced, false) as traced
            from export.{export_table} as exported
            inner join validated
                on exported.crime_ref = validated.crime_ref
                and exported.{sequence} = validated.{sequence}
            left join raw_people
                on validated.raw_crime_ref = raw_people.raw_crime_ref
                and validated.raw_{sequence} = raw_people.raw_seq
            qualify row_number() over (
                partition by exported.crime_ref, exported.{sequence}
                order by raw_people.age, raw_people.gender, raw_people.ethnicity_code,
                    raw_people.person_ref
            ) = 1
        """)
    counts = {}
    ((counts["person_victims_exported"],),) = connection.execute(
        "select count(*) from assess_victims where person_type = 'P'"
    ).fetchall()
    for table in ("crimes", "victims", "accused"):
        rows, traced = connection.execute(
            f"select count(*), count(*) filter (where traced) from assess_{table}"
        ).fetchone()
        counts[f"{table}_exported"], counts[f"{table}_traced_to_raw"] = rows, traced
    log.info(
        "crime frame: %s crimes, %s victims, %s accused exported; %s crimes traced to raw rows",
        *(
            f"{counts[key]:,}"
            for key in ("crimes_exported", "victims_exported", "accused_exported")
        ),
        f"{counts['crimes_traced_to_raw']:,}",
    )
    return counts


@dataclass(frozen=True)
class CrimeView:
    """One set of quasi-identifiers to measure crime uniqueness on."""

    key: str
    location: str
    people: tuple[str, ...]  # profile columns of people's details (crime_victims.age, ...)
    columns: tuple[str, ...]  # crime columns, as profile columns (crimes.msoa_code, ...)
    exported: bool  # True for the view of everything the profile exports


def crime_views(profile: Profile) -> list[CrimeView]:
    """The profile as it exports crimes, then, for each location it exports (MSOA when it
    exports neither postcode nor grid reference), its crime columns without any person's
    details and with the victims' age, gender and ethnicity (exported or not: SCIRG's
    reason for withholding them is what they add)."""
    exported = set(profile.columns())
    crime_columns = [column for column in CRIME_QUASI_IDENTIFIERS if column in exported]
    people = tuple(
        column for table in PEOPLE for column in _people_columns(table) if column in exported
    )
    located = {
        name: columns
        for name, columns in LOCATIONS.items()
        if all(column in exported for column in columns)
    }
    every_location = " and ".join(located) or "MSOA"
    views = [CrimeView("as_exported", every_location, people, tuple(crime_columns), True)]
    other_locations = {column for columns in located.values() for column in columns}
    for location in located or {"MSOA": ()}:
        own = set(located.get(location, ()))
        columns = tuple(c for c in crime_columns if c not in other_locations or c in own)
        for details in ((), VICTIM_DETAILS):
            key = f"{location.replace(' ', '_')}_{'victims' if details else 'no_people'}"
            views.append(CrimeView(key, location, details, columns, False))
    seen, unique = set(), []
    for view in views:  # a variant that is the profile as exported is listed once
        signature = (view.columns, view.people)
        if signature not in seen:
            seen.add(signature)
            unique.append(view)
    return unique


def _people_columns(table: str) -> tuple[str, ...]:
    """The people's details a profile could export on a table, as profile columns."""
    return tuple(f"{table}.{column}" for column in PEOPLE[table])


def crime_uniqueness(
    connection: duckdb.DuckDBPyConnection, profile: Profile
) -> list[dict[str, Any]]:
    """Per view of the profile's crime quasi-identifiers and per precision of the offence
    time: exported crimes, crimes alone in their class (unique), and the person victims on
    those crimes. Classes as audit.crime_disclosure_risk makes them (nulls equal, times cut
    to the hour with split_part), so the reduced profile as exported gives its figures."""
    results = []
    for view in crime_views(profile):
        precisions = {}
        for precision in PRECISIONS:
            expressions = [
                expression
                for column in view.columns
                if (expression := _known(column, precision)) is not None
            ]
            crimes, unique, victims = connection.execute(
                _classes_sql(expressions, view.people)
            ).fetchone()
            precisions[precision] = {
                "crimes": crimes,
                "unique_crimes": unique,
                "share_unique": round(unique / crimes, 4) if crimes else 0.0,
                "person_victims_on_unique_crimes": victims,
            }
        results.append(
            {
                "view": view.key,
                "location": view.location,
                "exported": view.exported,
                "quasi_identifiers": [*view.columns, *view.people],
                "people_details": list(view.people),
                "people_details_exported": all(c in profile.columns() for c in view.people),
                "precision": precisions,
            }
        )
    return results


def _known(column: str, precision: str) -> str | None:
    """A crime column as the intruder knows it at a precision; None when not at all."""
    expression = CRIME_QUASI_IDENTIFIERS[column]
    if column in TIMES:
        return {"minute": expression, "hour": f"split_part({expression}, ':', 1)"}.get(precision)
    if column in DATES:
        if precision == "month":
            return f"date_trunc('month', {expression})"
        return None if precision == "none" else expression
    return expression


def _classes_sql(expressions: list[str], people: Sequence[str]) -> str:
    """Count crimes, unique crimes and the person victims on them, grouping the crime frame
    on the expressions and, for people's details, on each crime's sorted list of them."""
    lists, joins = [], []
    for table, source in (("crime_victims", "assess_victims"), ("crime_accused", "assess_accused")):
        columns = [column.split(".", 1)[1] for column in people if column.startswith(f"{table}.")]
        if not columns:
            continue
        name = f"{table}_details"
        value = (
            "concat_ws('|', "
            + ", ".join(f"coalesce(cast({column} as varchar), '')" for column in columns)
            + ")"
        )
        lists.append(
            f"{name} as (select crime_ref, string_agg({value}, ';' order by {value}) as details "
            f"from {source} where person_type = 'P' group by crime_ref)"
        )
        joins.append(f"left join {name} on crimes.crime_ref = {name}.crime_ref")
        expressions = [*expressions, f"{name}.details"]
    with_lists = ("with " + ", ".join(lists) + ",") if lists else "with"
    return f"""
        {with_lists}
        classes as (
            select count(*) as class_size, sum(crimes.person_victim_count) as person_victims
            from assess_crimes as crimes
            {" ".join(joins)}
            group by {", ".join(expressions) or "()"}
        )
        select
            coalesce(sum(class_size), 0),
            count(*) filter (where class_size = 1),
            coalesce(sum(person_victims) filter (where class_size = 1), 0)
        from classes
    """


def people_figures(
    connection: duckdb.DuckDBPyConnection, profile: Profile, k: int
) -> dict[str, Any]:
    """The motivated intruder's figures on the quasi-identifiers the profile exports: the
    view the k-anonymity gate checks, and the requirement's extended view (with the year
    joined, the month an application was received)."""
    exported = set(profile.columns())
    employee = [name for name, column in EMPLOYEE_QUASI_IDENTIFIERS.items() if column in exported]
    applicant = [name for name, column in APPLICANT_QUASI_IDENTIFIERS.items() if column in exported]
    views = {}
    for view, keep in (
        ("gate", lambda name: name not in EXTENDED_ONLY),
        ("extended", lambda name: True),
    ):
        employee_qis = [name for name in employee if keep(name)]
        applicant_qis = [name for name in applicant if keep(name)]
        views[view] = {
            "employee_quasi_identifiers": employee_qis,
            "applicant_quasi_identifiers": applicant_qis,
            **intruder_figures(connection, k, employee_qis, applicant_qis),
        }
    return views


def intruder_figures(
    connection: duckdb.DuckDBPyConnection,
    k: int,
    employee_qis: Sequence[str],
    applicant_qis: Sequence[str],
) -> dict[str, dict[str, dict[str, int]]]:
    """People singled out (alone in their class) and people in classes smaller than k,
    before disclosure control (the exported people at full detail) and after it (the
    linked view as the export tables show it), for employees and applicants.

    Compact on purpose: the full attack (rule 2, appointments by month) belongs to the
    re-identification gate; this is the committee's headline. After: the most senior rank
    from export.rank_history (a rank group as senior as its most senior member,
    reference.ref_ranks), the latest BCU from export.assignments (start_date desc, end_date
    desc nulls first, bcu_code), the year joined as exported; absent and WITHHELD both read
    as withheld. Every person counts: a record withheld in full still stands out if its
    class is small.
    """
    withheld = "'WITHHELD'"

    def shown(column: str) -> str:
        """A quasi-identifier as the intruder reads it: absent reads as withheld."""
        return f"coalesce(cast({column} as varchar), {withheld})"

    employees_before = f"""
        select
            {shown("linked.staff_type")} as staff_type,
            {shown("linked.gender")} as gender,
            {shown("linked.ethnicity_16")} as ethnicity_16,
            {shown("linked.ethnicity_6")} as ethnicity_6,
            {shown("linked.birth_year_band")} as birth_year_band,
            {shown("linked.rank_code")} as rank_code,
            {shown("linked.bcu_code")} as bcu_code,
            {shown("year(validated.date_joined)")} as year_joined
        from intermediate.int_employees__linked as linked
        inner join intermediate.int_employees__validated as validated
            on linked.pay_number = validated.pay_number
            and validated.quarantine_reason is null
    """
    employees_after = f"""
        with
        seniority as (
            select rank_value, max(seniority) as seniority
            from (
                select rank_code as rank_value, seniority from reference.ref_ranks
                union all
                select rank_group as rank_value, seniority from reference.ref_ranks
            ) as rank_values
            group by rank_value
        ),
        most_senior as (
            select rank_history.employee_id, rank_history.rank_code
            from export.rank_history as rank_history
            left join seniority on rank_history.rank_code = seniority.rank_value
            qualify row_number() over (
                partition by rank_history.employee_id
                order by seniority.seniority desc nulls last, rank_history.rank_code
            ) = 1
        ),
        latest as (
            select employee_id, bcu_code
            from export.assignments
            qualify row_number() over (
                partition by employee_id
                order by start_date desc, end_date desc nulls first, bcu_code
            ) = 1
        )
        select
            {shown("employees.staff_type")} as staff_type,
            {shown("employees.gender")} as gender,
            {shown("employees.ethnicity_16")} as ethnicity_16,
            {shown("employees.ethnicity_6")} as ethnicity_6,
            {shown("employees.birth_year_band")} as birth_year_band,
            {shown("most_senior.rank_code")} as rank_code,
            {shown("latest.bcu_code")} as bcu_code,
            {shown("year(employees.date_joined)")} as year_joined
        from export.employees as employees
        left join most_senior on employees.employee_id = most_senior.employee_id
        left join latest on employees.employee_id = latest.employee_id
    """
    applicants_before = f"""
        select
            {shown("linked.application_type")} as application_type,
            {shown("linked.msoa_code")} as msoa_code,
            {shown("strftime(validated.date_received, '%Y-%m')")} as month_received
        from intermediate.int_applicants__linked as linked
        inner join intermediate.int_applicants__validated as validated
            on linked.applicant_ref = validated.applicant_ref
            and validated.quarantine_reason is null
    """
    applicants_after = f"""
        select
            {shown("application_type")} as application_type,
            {shown("msoa_code")} as msoa_code,
            {shown("strftime(date_received, '%Y-%m')")} as month_received
        from export.applicants
    """

    def classes(view: str, quasi_identifiers: Sequence[str]) -> dict[str, int]:
        """Class sizes of a person view on the quasi-identifiers, reduced to four counts."""
        group = ", ".join(quasi_identifiers) or "()"
        people, count, alone, below = connection.execute(f"""
            with classes as (
                select count(*) as class_size from ({view}) as person_view group by {group}
            )
            select
                coalesce(sum(class_size), 0),
                count(*),
                count(*) filter (where class_size = 1),
                coalesce(sum(class_size) filter (where class_size < {int(k)}), 0)
            from classes
        """).fetchone()
        return {"people": people, "classes": count, "singled_out": alone, "below_k": below}

    return {
        "employees": {
            "before": classes(employees_before, employee_qis),
            "after": classes(employees_after, employee_qis),
        },
        "applicants": {
            "before": classes(applicants_before, applicant_qis),
            "after": classes(applicants_after, applicant_qis),
        },
    }


def detail_kept(connection: duckdb.DuckDBPyConnection, profile: Profile) -> dict[str, Any]:
    """What detail leaves, measured: per quasi-identifier the profile exports, the share of
    exported records that carry it (crimes: the value is present; people's details: the
    share of exported person victims or accused with a value) or keep it at full detail
    after disclosure control (employees, applicants: the run's own measure,
    audit.disclosure_control_detail, whose column names are the profile's)."""
    exported = set(profile.columns())
    present = "{} is not null"
    measures = [
        (
            "present",
            "assess_crimes",
            {
                column: present.format(expression)
                for column, expression in CRIME_QUASI_IDENTIFIERS.items()
                if column != "crimes.crimsec_code"
            },
        ),
        *(
            (
                "present",
                f"{source} where person_type = 'P'",
                {column: present.format(column.split(".", 1)[1]) for column in _people_columns(t)},
            )
            for t, source in (
                ("crime_victims", "assess_victims"),
                ("crime_accused", "assess_accused"),
            )
        ),
    ]
    kept: dict[str, Any] = {}
    for measure, source, conditions in measures:
        columns = [column for column in conditions if column in exported]
        if not columns:
            continue
        shares = connection.execute(
            "select "
            + ", ".join(f"avg(case when {conditions[c]} then 1.0 else 0 end)" for c in columns)
            + f" from {source}"
        ).fetchone()
        for column, share in zip(columns, shares, strict=True):
            kept[column] = {"measure": measure, "share": round(float(share or 0.0), 4)}
    detail = dict(
        connection.execute(
            "select population || '.' || column_name, share_kept "
            "from audit.disclosure_control_detail"
        ).fetchall()
    )
    for population, quasi_identifiers in (
        ("employees", EMPLOYEE_QUASI_IDENTIFIERS),
        ("applicants", APPLICANT_QUASI_IDENTIFIERS),
    ):
        for column in quasi_identifiers.values():
            share = detail.get(f"{population}.{column.split('.', 1)[1]}")
            if column in exported and share is not None:
                kept[column] = {"measure": "full detail", "share": round(float(share), 4)}
    return kept


def linkage_keys(
    connection: duckdb.DuckDBPyConnection, profiles: Sequence[Profile]
) -> list[dict[str, Any]]:
    """What each linkage key would join if it left: how many exported records carry it and
    how many distinct people it names (never a key itself), and which profiles export it."""
    (
        crimes,
        recording,
        investigating,
        either,
        officers,
        recording_officers,
        investigating_officers,
        one_crime,
        median,
        most,
    ) = connection.execute("""
        with
        named as (
            select crime_ref, recording_officer_warrant as warrant
            from assess_crimes where recording_officer_warrant is not null
            union
            select crime_ref, investigating_officer_warrant as warrant
            from assess_crimes where investigating_officer_warrant is not null
        ),
        per_officer as (
            select warrant, count(*) as crimes from named group by warrant
        )
        select
            (select count(*) from assess_crimes),
            (select count(recording_officer_warrant) from assess_crimes),
            (select count(investigating_officer_warrant) from assess_crimes),
            (select count(distinct crime_ref) from named),
            (select count(*) from per_officer),
            (select count(distinct recording_officer_warrant) from assess_crimes),
            (select count(distinct investigating_officer_warrant) from assess_crimes),
            (select count(*) from per_officer where crimes = 1),
            (select coalesce(median(crimes), 0) from per_officer),
            (select coalesce(max(crimes), 0) from per_officer)
    """).fetchone()
    (officers_exported,) = connection.execute(
        "select count(*) from intermediate.int_employees__linked where staff_type = 'OFFICER'"
    ).fetchone()
    (accused, with_ref, persons, repeat_persons, linked_crimes) = connection.execute("""
        with per_person as (
            select person_ref, count(distinct crime_ref) as crimes
            from assess_accused where person_ref is not null group by person_ref
        )
        select
            (select count(*) from assess_accused),
            (select count(person_ref) from assess_accused),
            (select count(*) from per_person),
            (select count(*) from per_person where crimes > 1),
            (select count(distinct crime_ref) from assess_accused
             where person_ref in (select person_ref from per_person where crimes > 1))
    """).fetchone()
    figures = {
        "warrant numbers": {
            "exported_crimes": crimes,
            "crimes_with_recording_officer_warrant": recording,
            "crimes_with_investigating_officer_warrant": investigating,
            "crimes_with_either": either,
            "distinct_officers": officers,
            "distinct_recording_officers": recording_officers,
            "distinct_investigating_officers": investigating_officers,
            "officers_on_one_crime": one_crime,
            "median_crimes_per_officer": float(median),
            "most_crimes_of_one_officer": most,
            "officers_in_the_hr_export": officers_exported,
        },
        "accused person_ref": {
            "exported_accused": accused,
            "accused_with_person_ref": with_ref,
            "distinct_persons": persons,
            "persons_on_more_than_one_crime": repeat_persons,
            "crimes_linked_through_a_shared_person": linked_crimes,
        },
    }
    return [
        {
            "key": key,
            "columns": list(spec["columns"]),
            "joins": spec["joins"],
            "exported_by": [
                profile.name
                for profile in profiles
                if any(column in profile.columns() for column in spec["columns"])
            ],
            "figures": figures[key],
        }
        for key, spec in LINKAGE_KEYS.items()
    ]
