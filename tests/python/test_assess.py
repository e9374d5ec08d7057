"""`hodh assess` on the shared run's raw data (conftest `feed`): one assessment for the
module, every profile side by side. Its figures must be consistent with each other and
with the published run, and the page and its JSON must hold counts, shares and column
names only: no planted personal value, no raw key, no pseudonym, never the key."""

from __future__ import annotations

import csv
import json
import os
import re
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import FEED_KEY, HODH, Feed

from hodh import PROJECT_DIR
from hodh.assess import PRECISIONS, crime_views
from hodh.cli import main
from hodh.profiles import forbidden_columns, load_profile, profile_names


@dataclass(frozen=True)
class Assessment:
    """One assessment's OUT, work folder, page, JSON and console."""

    out: Path
    work: Path
    folder: Path
    page: str
    data: dict[str, Any]
    console: str


@pytest.fixture(scope="module")
def assessment(feed: Feed, tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    """The module's one assessment (about 30 s): the shared run's raw data, the shared
    run's key, so that its pseudonyms are the published package's (none may appear)."""
    root = tmp_path_factory.mktemp("assess")
    out, work = root / "out", root / "work"
    finished = subprocess.run(
        [HODH, "assess", "--raw", str(feed.raw), "--out", str(out), "--work", str(work)],
        capture_output=True, text=True, cwd=PROJECT_DIR,
        env={**os.environ, "HODH_PSEUDONYM_KEY": FEED_KEY},
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr[-3000:]
    page_line, json_line = finished.stdout.splitlines()
    page = Path(page_line.removeprefix("page: "))
    assert Path(json_line.removeprefix("json: ")) == page.parent / "assessment.json"
    return Assessment(
        out=out,
        work=work,
        folder=page.parent,
        page=page.read_text(encoding="utf-8"),
        data=json.loads((page.parent / "assessment.json").read_text(encoding="utf-8")),
        console=finished.stdout + finished.stderr,
    )


def views(assessment: Assessment, profile: str) -> dict[str, dict[str, Any]]:
    """A profile's crime views by key."""
    return {view["view"]: view for view in assessment.data["profiles"][profile]["crime_uniqueness"]}


def test_out_holds_the_assessment_folder_alone_group_readable(assessment: Assessment) -> None:
    """No audit line, no package: an assessment is not a run of the feed."""
    assert [p.name for p in assessment.out.iterdir()] == [assessment.folder.name]
    assert assessment.folder.name.startswith("assessment-")
    assert sorted(p.name for p in assessment.folder.iterdir()) == ["assessment.json", "index.html"]
    assert stat.S_IMODE(assessment.folder.stat().st_mode) == 0o750
    for path in assessment.folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    [work_dir] = [path for path in assessment.work.iterdir() if not path.name.startswith(".")]
    assert stat.S_IMODE(work_dir.stat().st_mode) == 0o700  # personal data: its owner's alone
    assert (work_dir / "hodh.log").is_file()


def test_every_profile_is_named_on_the_page_and_in_the_json(assessment: Assessment) -> None:
    assert sorted(assessment.data["profiles"]) == profile_names()
    for name in profile_names():
        assert name in assessment.page
        assert load_profile(name).title in assessment.page
    # the profile the force publishes comes first, the others beside it
    assert next(iter(assessment.data["profiles"])) == "reduced_2010"


def test_never_supplied_columns_are_exactly_each_profiles_forbidden_ones(
    assessment: Assessment,
) -> None:
    profiles = assessment.data["profiles"]
    assert profiles["reduced_2010"]["never_supplied"] == {}
    adr = forbidden_columns(load_profile("adr_2011"))
    assert len(adr) >= 10
    assert profiles["adr_2011"]["never_supplied"] == adr
    for column in adr:
        assert column.split(".", 1)[1] in assessment.page


def test_the_reduced_profile_as_exported_is_the_run_reports_crime_disclosure_risk(
    feed: Feed, assessment: Assessment
) -> None:
    """Same raw data, same code: the classes of audit.crime_disclosure_risk, the same figures."""
    as_exported = views(assessment, "reduced_2010")["as_exported"]["precision"]
    for row in feed.manifest["run_report"]["crime_disclosure_risk"]:
        figures = as_exported[row["granularity"]]
        assert (figures["crimes"], figures["unique_crimes"]) == (
            row["exported_crimes"],
            row["unique_crimes"],
        )


def test_wider_requirements_and_victims_details_never_make_crimes_less_unique(
    assessment: Assessment,
) -> None:
    """adr_2011 exports everything reduced_2010 does and more: at each precision its share
    of unique crimes is at least the reduced one; adding victims' details to a view only
    splits its classes; a coarser time only merges them."""
    reduced, adr = views(assessment, "reduced_2010"), views(assessment, "adr_2011")
    exported = assessment.data["crime_frame"]["crimes_exported"]
    for precision in PRECISIONS:
        low = reduced["as_exported"]["precision"][precision]
        high = adr["as_exported"]["precision"][precision]
        assert low["crimes"] == high["crimes"] == exported
        assert high["share_unique"] >= low["share_unique"]
        assert (
            reduced["MSOA_victims"]["precision"][precision]["unique_crimes"] >= low["unique_crimes"]
        )
        for location in ("postcode", "grid_reference"):
            without = adr[f"{location}_no_people"]["precision"][precision]["unique_crimes"]
            assert adr[f"{location}_victims"]["precision"][precision]["unique_crimes"] >= without
    for profile in (reduced, adr):
        for view in profile.values():
            unique = [view["precision"][p]["unique_crimes"] for p in PRECISIONS]
            assert unique == sorted(unique, reverse=True), view["view"]
    # on a few thousand crimes, place + offence + flags alone must leave some crimes shared
    none = reduced["as_exported"]["precision"]["none"]
    assert 0 < none["unique_crimes"] < none["crimes"]


def test_every_exported_crime_and_person_is_traced_to_its_raw_row(assessment: Assessment) -> None:
    frame = assessment.data["crime_frame"]
    for table in ("crimes", "victims", "accused"):
        assert frame[f"{table}_traced_to_raw"] == frame[f"{table}_exported"] > 0


def test_intruder_figures_add_up(feed: Feed, assessment: Assessment) -> None:
    exported = {name: feed.manifest["tables"][name]["rows"] for name in ("employees", "applicants")}
    for profile in assessment.data["profiles"].values():
        gate, extended = profile["people"]["gate"], profile["people"]["extended"]
        assert "year_joined" in extended["employee_quasi_identifiers"]
        assert "year_joined" not in gate["employee_quasi_identifiers"]
        for population in ("employees", "applicants"):
            for when in ("before", "after"):
                narrow, wide = gate[population][when], extended[population][when]
                for figures in (narrow, wide):
                    assert figures["people"] == exported[population]
                    assert figures["singled_out"] <= figures["below_k"] <= figures["people"]
                    assert figures["classes"] <= figures["people"]
                # one more quasi-identifier only splits classes
                assert wide["singled_out"] >= narrow["singled_out"]
                assert wide["below_k"] >= narrow["below_k"]
            # disclosure control only merges classes (a person's class after is a function
            # of their class before), so no one's class shrinks
            for view in (gate, extended):
                before, after = view[population]["before"], view[population]["after"]
                assert after["classes"] <= before["classes"]
                assert after["singled_out"] <= before["singled_out"]
                assert after["below_k"] <= before["below_k"]
    # the seven columns without the year joined: a coarser view than rule 1's, which the
    # run enforces with no exemption, so nobody is below k after disclosure control
    for profile in assessment.data["profiles"].values():
        assert profile["people"]["gate"]["employees"]["after"]["below_k"] == 0


def test_the_verdict_and_the_detail_kept_are_the_runs_own(
    feed: Feed, assessment: Assessment
) -> None:
    """The same raw data and key: the assessment's attack is the re-identification gate's
    (the published manifest's figures), and what it says employees and applicants keep is
    the run's audit.disclosure_control_detail."""
    assert assessment.data["reidentification"] == feed.manifest["disclosure_control"]
    detail = {
        (row["population"], row["column_name"]): row["share_kept"]
        for row in feed.manifest["run_report"]["disclosure_control_detail"]
    }
    kept = assessment.data["profiles"]["reduced_2010"]["detail_kept"]
    for column, population in (
        ("employees.gender", "employees"),
        ("rank_history.rank_code", "employees"),
        ("assignments.bcu_code", "employees"),
        ("employees.date_joined", "employees"),
        ("applicants.date_received", "applicants"),
    ):
        name = column.split(".", 1)[1]
        assert kept[column] == {"measure": "full detail", "share": detail[population, name]}


def test_linkage_keys_are_counted_never_shown(assessment: Assessment) -> None:
    keys = {key["key"]: key for key in assessment.data["linkage_keys"]}
    warrants = keys["warrant numbers"]
    assert warrants["exported_by"] == []  # never supplied, by any profile
    figures = warrants["figures"]
    assert 0 < figures["crimes_with_either"] <= figures["exported_crimes"]
    assert figures["crimes_with_recording_officer_warrant"] <= figures["crimes_with_either"]
    assert 0 < figures["officers_on_one_crime"] <= figures["distinct_officers"]
    accused = keys["accused person_ref"]["figures"]
    assert accused["persons_on_more_than_one_crime"] <= accused["distinct_persons"]


def raw_keys(raw: Path) -> set[str]:
    """Every key a raw file holds in clear: CRIS numbers, pay numbers, applicant and person
    references, warrant and collar numbers."""
    columns = {
        "cris_crimes.csv": (
            "crime_ref",
            "recording_officer_warrant",
            "investigating_officer_warrant",
        ),
        "cris_accused.csv": ("person_ref",),
        "hr_employees.csv": ("pay_number", "collar_number"),
        "hr_applicants.csv": ("applicant_ref",),
    }
    keys = set()
    for name, wanted in columns.items():
        with (raw / name).open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                keys.update((row.get(column) or "").strip() for column in wanted)
    return {key for key in keys if len(key) >= 5}


def pseudonyms(feed: Feed) -> set[str]:
    """Every pseudonym the shared run published (the assessment uses the same key)."""
    found = set()
    for table, column in (("employees", "employee_id"), ("applicants", "applicant_id")):
        with (feed.package / f"{table}.csv").open(newline="") as handle:
            found.update(row[column] for row in csv.DictReader(handle))
    return found


def test_no_planted_value_raw_key_pseudonym_or_key_leaves(
    feed: Feed, assessment: Assessment
) -> None:
    data = dict(assessment.data)
    data.pop("created_at")  # its microseconds are six digits like any pay number
    texts = {"page": assessment.page, "json": json.dumps(data), "console": assessment.console}
    secrets = {*feed.secrets, FEED_KEY, *pseudonyms(feed)}
    keys = raw_keys(feed.raw)
    assert len(keys) > 1000
    for where, text in texts.items():
        assert [secret for secret in secrets if secret in text] == [], where
        # a chart's drawing is coordinates (12.265625): its labels are the page's own words
        words = re.sub(r"<svg.*?</svg>", "", text, flags=re.DOTALL)
        tokens = set(re.findall(r"[A-Za-z0-9/]+", words))
        assert sorted(tokens & keys) == [], where
        assert re.search(r"\b\d{7}/\d{2}\b", text) is None, where  # no CRIS number
    # the work folder's log and dbt's files: names and counts too (the warehouse aside)
    for path in assessment.work.rglob("*"):
        if path.is_file() and path.suffix not in (".duckdb", ".wal"):
            text = path.read_bytes().decode("utf-8", errors="replace")
            assert [s for s in (*feed.secrets, FEED_KEY) if s in text] == [], path


def test_the_page_reads_offline(assessment: Assessment) -> None:
    """No script, no stylesheet or font fetched: the only URIs are SVG's XML namespaces."""
    page = assessment.page
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    remote = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert remote <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert page.count("<svg") >= 2  # the crime and the employee charts
    for anchor in ("summary", "columns", "crimes", "people", "linkage", "detail", "method"):
        assert f'id="{anchor}"' in page


def test_crime_views_follow_what_each_profile_exports() -> None:
    reduced = crime_views(load_profile("reduced_2010"))
    assert [view.key for view in reduced] == ["as_exported", "MSOA_victims"]
    assert reduced[0].people == ()
    assert "crimes.msoa_code" in reduced[0].columns
    adr = crime_views(load_profile("adr_2011"))
    assert [view.key for view in adr] == [
        "as_exported",
        "postcode_no_people",
        "postcode_victims",
        "grid_reference_no_people",
        "grid_reference_victims",
    ]
    everything = adr[0]
    assert {"crimes.location_type", "crimes.cash_in_transit"} <= set(everything.columns)
    assert "crime_accused.ethnicity_code" in everything.people
    assert "crimes.location_easting" not in adr[1].columns
    assert "crimes.location_postcode" not in adr[3].columns


def test_a_bad_profile_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["assess", "--raw", str(tmp_path), "--out", str(tmp_path / "out")]
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--profile", "reduced_2010", "adr_2012"])
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "hodh assess: argument --profile: no requirement profile 'adr_2012' (known: "
        "adr_2011, reduced_2010) (see hodh assess --help)"
    ]
    assert not (tmp_path / "out").exists()


def test_the_feeds_out_and_a_missing_raw_folder_are_refused_in_one_line(
    feed: Feed, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OUT holding the feed's packages would send the assessment with them; a refused
    assessment makes no work folder and writes no audit line."""
    before = sorted(p.name for p in feed.out.iterdir())
    work = tmp_path / "work"
    argv = ["assess", "--raw", str(feed.raw), "--out", str(feed.out), "--work", str(work)]
    assert main(argv) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"hodh assess: output folder {feed.out} holds the feed's packages")
    assert sorted(p.name for p in feed.out.iterdir()) == before
    out = tmp_path / "out"
    argv = ["assess", "--raw", str(tmp_path / "nowhere"), "--out", str(out), "--work", str(work)]
    assert main(argv) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"hodh assess: raw folder {tmp_path / 'nowhere'} does not exist"
    assert not work.exists()
    assert not (out / "audit.jsonl").exists()
