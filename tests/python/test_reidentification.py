"""The re-identification gate on the small warehouse of warehouse_fixture: it passes a clean
export, names the rule a planted class of one breaks, and a warehouse it cannot read is a
failure, never a pass; on the shared run's published package it finds what the gate found
before publishing. Its attack on real builds, with the issue's planted mistakes, is in
test_hr_feed."""

from pathlib import Path

import duckdb
from conftest import FEED_KEY, Feed
from warehouse_fixture import K, build_warehouse

from hodh.reidentification import SUITE, check_reidentification

KEY = FEED_KEY.encode()  # the fixture's pseudonyms are not HMACs: no holder's record is found


def test_a_clean_export_passes_every_rule(tmp_path: Path) -> None:
    build_warehouse(tmp_path / "hodh.duckdb")
    attack = check_reidentification(tmp_path / "hodh.duckdb", k=K, settings={}, key=KEY)
    assert attack.outcome.suite == SUITE
    assert attack.outcome.passed, attack.outcome.failures()
    assert [e.label.split(" (")[0] for e in attack.outcome.expectations] == [
        "rule 1, employees",
        "rule 1, applicants",
        "rule 2",
        "rule 2, candidates as telling as the holder's record",
        "rule 3",
    ]
    assert attack.figures["rule_1_employees"]["smallest_class"] == K
    assert attack.figures["rule_2"]["targets"] == 0


def test_a_class_of_one_and_a_post_beside_force_are_named(tmp_path: Path) -> None:
    build_warehouse(tmp_path / "hodh.duckdb")
    with duckdb.connect(str(tmp_path / "hodh.duckdb")) as connection:
        connection.execute(
            "update export.employees set gender = 'F' "
            "where rowid = (select min(rowid) from export.employees)"
        )
        connection.execute(
            "update export.assignments set post_code = 'P9' where bcu_code = 'WITHHELD'"
        )
    attack = check_reidentification(tmp_path / "hodh.duckdb", k=K, settings={}, key=KEY)
    # the one moved out is alone, the two left behind a class of two
    assert attack.outcome.failures() == [
        f"{SUITE}: rule 1, employees (3 employees in classes smaller than {K})",
        f"{SUITE}: rule 3 ({K} hidden values given back: post_shown_with_generalised_bcu {K})",
    ]


def test_a_warehouse_it_cannot_read_fails(tmp_path: Path) -> None:
    build_warehouse(tmp_path / "hodh.duckdb")
    with duckdb.connect(str(tmp_path / "hodh.duckdb")) as connection:
        connection.execute("drop table intermediate.int_rank_history__validated")
    attack = check_reidentification(tmp_path / "hodh.duckdb", k=K, settings={}, key=KEY)
    assert not attack.outcome.passed
    assert attack.outcome.failures() == [f"{SUITE}: could not be run (CatalogException)"]


def test_the_published_package_of_the_shared_run_gives_the_intruder_nothing(feed: Feed) -> None:
    """The attack on the package's Parquet files, as the recipient has them, finds what the
    gate found on the warehouse before publishing: nothing, in the same figures."""
    manifest = feed.manifest
    attack = check_reidentification(
        feed.warehouse,
        k=manifest["profile"]["k_anonymity"],
        settings={},
        key=FEED_KEY.encode(),
        package=feed.package,
    )
    assert attack.outcome.passed, attack.outcome.failures()
    assert attack.figures == manifest["disclosure_control"]
    assert "reidentification" in {s["suite"] for s in manifest["gates"]["expectation_suites"]}
