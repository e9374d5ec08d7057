"""The run page (report/index.html) as the data protection officer reads it: every figure
of the manifest is on it, in words and tables, it works offline, and a refused run's page
puts what failed first. Reads the shared published run (conftest `feed`)."""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import FEED_KEY, Feed

from hodh.audit import AUDIT_LOG
from hodh.build import BuildOutcome, NodeResult
from hodh.inputs import sha256_of
from hodh.pipeline import RunRequest, run_feed
from hodh.profiles import PROFILES_DIR
from hodh.project import project_var

POSTCODES = Path(__file__).parents[2] / "reference" / "onspd_sample.csv"


class Page(HTMLParser):
    """The page's text, its tables' rows as lists of cell texts, and its headings."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.headings: list[str] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("h2", "h3"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag in ("h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for part in (self._cell, self._heading):
            if part is not None:
                part.append(data)

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())

    def row_index(self, *cells: object) -> int:
        """Where the first table row starting with these cells is (-1: nowhere)."""
        wanted = [f"{c:,}" if isinstance(c, int) else str(c) for c in cells]
        return next((i for i, row in enumerate(self.rows) if row[: len(wanted)] == wanted), -1)

    def has_row(self, *cells: object) -> bool:
        return self.row_index(*cells) >= 0


@pytest.fixture(scope="module")
def page(feed: Feed) -> Page:
    return Page((feed.package / "report" / "index.html").read_text(encoding="utf-8"))


def test_the_page_says_what_left_under_which_profile(feed: Feed, page: Page) -> None:
    manifest = feed.manifest
    assert "All gates passed" in page.words
    for table, entry in manifest["tables"].items():
        assert page.has_row(
            table, entry["rows"], len(entry["columns"]), ", ".join(entry["columns"])
        )
    profile = manifest["profile"]["requirement_profile"]
    assert profile["sha256"] == sha256_of(PROFILES_DIR / f"{profile['name']}.yml")
    assert f"({profile['name']}, version {profile['version']})" in page.words
    assert profile["sha256"][:16] in page.words


def test_every_raw_row_and_every_quarantine_reason_is_on_the_page(feed: Feed, page: Page) -> None:
    manifest = feed.manifest
    for raw_file, counts in manifest["reconciliation"].items():
        assert page.has_row(raw_file, *counts.values()), raw_file
    reasons = manifest["run_report"]["rows_quarantined_by_reason"]
    assert {row["reason"] for row in reasons} >= {"row_truncated", "duplicate_crime_ref"}
    for row in reasons:
        assert page.has_row(row["raw_file"], row["reason"], row["quarantined_rows"]), row
    for raw_file, counts in manifest["reconciliation"].items():
        by_reason = sum(r["quarantined_rows"] for r in reasons if r["raw_file"] == raw_file)
        assert by_reason == counts["quarantined_rows"], raw_file


def test_disclosure_control_shows_the_attack_what_is_kept_and_every_step(
    feed: Feed, page: Page
) -> None:
    manifest = feed.manifest
    attack = manifest["disclosure_control"]
    employees = attack["rule_1_employees"]
    assert page.has_row(
        "1. Nobody stands out on what a colleague knows: employees",
        f"{employees['records']:,} records in {employees['classes']:,} groups; smallest group "
        f"{employees['smallest_class']:,}",
        f"0 records in a group smaller than {manifest['profile']['k_anonymity']}",
    )
    assert page.has_row(
        "3. No hidden value given back by another column",
        "withheld gender, staff type, BCU, rank and application type checked",
        "0 given back",
    )
    detail = manifest["run_report"]["disclosure_control_detail"]
    for row in detail:
        if row["column_name"] != "mean":
            assert page.has_row(
                row["column_name"],
                f"{row['records']:,}",
                f"{row['records_kept']:,}",
                f"{100 * row['share_kept']:.1f}%",
            ), row
    means = [row for row in detail if row["column_name"] == "mean"]
    assert {row["population"] for row in means} == {"employees", "applicants"}
    for row in means:
        mean = f"{100 * row['share_kept']:.1f}%"
        assert f"On average {mean} of the {row['population']}'" in page.words
    steps = manifest["run_report"]["disclosure_control_steps"]
    for population in ("employees", "applicants"):
        mine = sorted(
            (s for s in steps if s["population"] == population), key=lambda s: s["step_order"]
        )
        assert mine, population
        cells = [
            (s["step"], s["changes"], s["counted"], s["records"], s["records_touched"])
            for s in mine
        ]
        positions = [page.row_index(*row) for row in cells]
        assert -1 not in positions, population
        assert positions == sorted(positions), population


def test_msoa_mapping_and_crime_uniqueness_are_explained(feed: Feed, page: Page) -> None:
    report = feed.manifest["run_report"]
    for row in report["msoa_mapping_summary"]:
        assert page.has_row(row["method"], row["crimes"]), row
    risks = {row["granularity"]: row for row in report["crime_disclosure_risk"]}
    minute = risks["minute"]
    assert (
        f"{minute['unique_crimes']:,} of {minute['exported_crimes']:,} exported crimes"
        in page.words
    )
    assert "never who they are" in page.words
    limit = float(project_var("crime_uniqueness_limit"))
    assert f"The policy accepts at most {100 * limit:.1f}% of crimes being unique" in page.words
    for granularity, row in risks.items():
        assert page.has_row(granularity, row["unique_crimes"], row["exported_crimes"])
    # the chart of uniqueness by time precision is drawn into the page
    assert page.words.count("Share of exported crimes that are unique, by time precision") >= 1


def test_every_gate_is_named_with_its_verdict_in_words(feed: Feed, page: Page) -> None:
    gates = feed.manifest["gates"]
    for suite in gates["expectation_suites"]:
        assert page.has_row("PASSED", suite["suite"]), suite["suite"]
    assert page.has_row("PASSED", "requirement_profile")
    tests = len(gates["dbt_tests"])
    assert f"{tests:,} of {tests:,} dbt tests passed" in page.words


def test_every_page_of_the_report_is_readable_offline(feed: Feed) -> None:
    report = feed.package / "report"
    assert not (report / "static").exists()
    pages = list(report.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        markup = path.read_text(encoding="utf-8")
        assert "<script" not in markup, path
        assert not re.search(r"""(src|href)=["']?(https?:)?//|url\(['"]?https?:""", markup), path
        assert not re.search(r"<link[^>]*stylesheet", markup), path
        assert '<i class="fa' not in markup, path  # icons of a web font that is not there
        assert "Failed Only" not in markup, path  # a filter that needs a script
    validation = next(p for p in pages if "validations" in p.parts)
    assert "PASSED" in validation.read_text(encoding="utf-8")


def _copy_of_the_feed(feed: Feed) -> Any:
    def build(**kwargs: Any) -> BuildOutcome:
        shutil.copy(feed.warehouse, kwargs["duckdb_path"])
        return BuildOutcome((NodeResult("test.hodh.grain_crimes", "test", "pass", 0.1),))

    return build


def test_a_profile_that_exports_what_is_never_supplied_is_refused_with_its_page(
    feed: Feed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HODH_PSEUDONYM_KEY", FEED_KEY)
    out = tmp_path / "out"
    request = RunRequest(feed.raw, out, POSTCODES, work_root=tmp_path / "work", profile="adr_2011")
    refused = run_feed(request, build=_copy_of_the_feed(feed))
    assert refused.exit_code == 1
    assert refused.failed[0].startswith(
        "requirement_profile: exports nothing never supplied: crimes.location_postcode"
    )
    assert [path.name for path in out.iterdir()] == [AUDIT_LOG]
    page = Page((refused.report / "index.html").read_text(encoding="utf-8"))
    assert page.headings[:2] == ["What failed", "What left the force"]
    assert "Nothing left the force" in page.words
    for failure in refused.failed:
        assert " ".join(failure.split()) in page.words
    assert page.has_row("FAILED", "requirement_profile")


def test_a_failed_build_still_gets_a_page_with_what_it_built(
    feed: Feed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(**kwargs: Any) -> BuildOutcome:
        shutil.copy(feed.warehouse, kwargs["duckdb_path"])
        with duckdb.connect(str(kwargs["duckdb_path"])) as connection:
            connection.execute("drop table audit.reconciliation")
        failed = NodeResult("test.hodh.rows_add_up_reconciliation_", "test", "fail", 0.1)
        return BuildOutcome((failed,))

    monkeypatch.setenv("HODH_PSEUDONYM_KEY", FEED_KEY)
    refused = run_feed(
        RunRequest(feed.raw, tmp_path / "out", POSTCODES, work_root=tmp_path / "work"),
        build=failing,
    )
    assert refused.exit_code == 1
    page = Page((refused.report / "index.html").read_text(encoding="utf-8"))
    assert page.headings[0] == "What failed"
    assert "dbt: test.hodh.rows_add_up_reconciliation_ fail" in page.words
    assert "Not built: the build stopped before the reconciliation." in page.words
    assert "The expectation suites did not run" in page.words
