"""Requirement profiles: the default one is exactly what the gates and the contracts allow,
the 2011 proposal is refused, and the profile's gate names what differs."""

import json
from dataclasses import replace

import pytest
import yaml

from hodh import PROJECT_DIR
from hodh.inputs import InputError
from hodh.package import EXPORT_TABLES
from hodh.profiles import (
    DEFAULT_PROFILE,
    Column,
    forbidden_columns,
    load_profile,
    profile_gate,
    profile_names,
)


def suite_columns(table: str) -> list[str]:
    suite = json.loads((PROJECT_DIR / "expectations" / f"{table}.json").read_text())
    (columns,) = [
        e["kwargs"]["column_list"]
        for e in suite["expectations"]
        if e["type"] == "expect_table_columns_to_match_ordered_list"
    ]
    return columns


def contract_columns() -> dict[str, list[str]]:
    models = yaml.safe_load((PROJECT_DIR / "models/marts/_marts__models.yml").read_text())
    return {model["name"]: [c["name"] for c in model["columns"]] for model in models["models"]}


def test_the_default_profile_is_what_the_suites_and_the_contracts_allow() -> None:
    profile = load_profile(DEFAULT_PROFILE)
    assert list(profile.tables) == list(EXPORT_TABLES)
    contracts = contract_columns()
    for table, columns in profile.tables.items():
        names = [column.name for column in columns]
        assert names == suite_columns(table) == contracts[table], table
    assert forbidden_columns(profile) == {}
    assert profile_gate(profile, contracts).passed


def test_the_2011_proposal_reverses_the_crime_reductions_and_is_never_published() -> None:
    reduced, proposal = load_profile("reduced_2010"), load_profile("adr_2011")
    added = set(proposal.columns()) - set(reduced.columns())
    assert (
        added
        == set(forbidden_columns(proposal))
        == {
            "crimes.location_postcode",
            "crimes.location_easting",
            "crimes.location_northing",
            "crimes.location_type",
            "crimes.cash_in_transit",
            "crime_victims.age",
            "crime_victims.gender",
            "crime_victims.ethnicity_code",
            "crime_accused.age",
            "crime_accused.gender",
            "crime_accused.ethnicity_code",
        }
    )
    assert set(reduced.columns()) <= set(proposal.columns())  # HR as reduced
    outcome = profile_gate(proposal, {t: [c.name for c in cs] for t, cs in proposal.tables.items()})
    assert not outcome.passed
    assert outcome.failures()[0].startswith(
        "requirement_profile: exports nothing never supplied: crimes.location_postcode (MSOA"
    )


@pytest.mark.parametrize(
    ("change", "failure"),
    [
        (lambda c: c[:-1], "applicant_status has the profile's columns (not built: status_date)"),
        (lambda c: [*c, "surname"], "(not in the profile: surname)"),
        (lambda c: list(reversed(c)), "(columns in another order)"),
    ],
)
def test_the_profiles_gate_names_each_table_that_differs(change, failure) -> None:
    profile = load_profile(DEFAULT_PROFILE)
    exported = contract_columns()
    exported["applicant_status"] = change(exported["applicant_status"])
    (failed,) = profile_gate(profile, exported).failures()
    assert failure in failed


def test_a_table_not_in_the_profile_fails() -> None:
    profile = load_profile(DEFAULT_PROFILE)
    exported = {**contract_columns(), "training": ["employee_id", "course_code"]}
    (failed,) = profile_gate(profile, exported).failures()
    assert (
        "training has the profile's columns (not in the profile: employee_id, course_code)"
        in failed
    )


def test_never_supplied_patterns_cover_whole_tables_and_any_tables_names() -> None:
    base = load_profile(DEFAULT_PROFILE)
    asking = replace(
        base,
        tables={
            **base.tables,
            "training": (Column("course_code", "code"),),
            "applicants": (*base.tables["applicants"], Column("surname", "text")),
        },
    )
    assert set(forbidden_columns(asking)) == {"training.course_code", "applicants.surname"}


def test_an_unknown_profile_is_named_with_the_known_ones() -> None:
    assert profile_names() == ["adr_2011", "reduced_2010"]
    with pytest.raises(InputError, match="no requirement profile 'adr_2012' \\(known: adr_2011"):
        load_profile("adr_2012")
