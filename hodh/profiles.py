"""Requirement profiles: what a requirement asks the force to export, as data.

One YAML file per profile in requirement_profiles/ lists every export table and column
with the precision it leaves at and its safeguards: `reduced_2010` (the reduced requirement
with the SCIRG safeguards, what `hodh run` publishes by default) and `adr_2011` (the Annual
Data Requirement 2011/12 proposal, the crime reductions reversed). never_supplied.yml lists
what the force never supplies: a profile that would export any of it can be assessed
(`hodh assess`) but never published (`hodh run` refuses it at its gates).
"""

import fnmatch
import hashlib
from dataclasses import dataclass
from functools import cache

import yaml

from hodh import PROJECT_DIR
from hodh.inputs import InputError
from hodh.outcomes import ExpectationOutcome, SuiteOutcome

PROFILES_DIR = PROJECT_DIR / "requirement_profiles"
NEVER_SUPPLIED = PROFILES_DIR / "never_supplied.yml"
DEFAULT_PROFILE = "reduced_2010"
# The gate's name in the run report, beside the expectation suites.
PROFILE_SUITE = "requirement_profile"


@dataclass(frozen=True)
class Column:
    """One exported column: its name, the precision it leaves at, its safeguards."""

    name: str
    precision: str
    safeguards: str = ""


@dataclass(frozen=True)
class Profile:
    name: str
    version: str
    title: str
    source: str
    tables: dict[str, tuple[Column, ...]]
    sha256: str

    def columns(self) -> list[str]:
        """Every exported column as table.column, in the profile's order."""
        return [f"{table}.{column.name}" for table, cols in self.tables.items() for column in cols]

    def manifest_entry(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "sha256": self.sha256}


def profile_names() -> list[str]:
    return sorted(path.stem for path in PROFILES_DIR.glob("*.yml") if path != NEVER_SUPPLIED)


@cache
def load_profile(name: str) -> Profile:
    """The profile requirement_profiles/<name>.yml; InputError for an unknown name."""
    if name not in profile_names():
        known = ", ".join(profile_names())
        raise InputError(f"no requirement profile {name!r} (known: {known})")
    path = PROFILES_DIR / f"{name}.yml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Profile(
        name=document["name"],
        version=str(document["version"]),
        title=document["title"],
        source=document["source"],
        tables={
            table: tuple(
                Column(entry["column"], entry["precision"], entry.get("safeguards", ""))
                for entry in columns
            )
            for table, columns in document["tables"].items()
        },
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


@cache
def never_supplied() -> dict[str, str]:
    """table.column patterns the force never supplies (`*` matches any name), with why."""
    document = yaml.safe_load(NEVER_SUPPLIED.read_text(encoding="utf-8"))
    return {entry["column"]: entry["why"] for entry in document["never_supplied"]}


def forbidden_columns(profile: Profile) -> dict[str, str]:
    """The profile's columns on the never-supplied list, with why each is never supplied."""
    return {
        column: why
        for column in profile.columns()
        for pattern, why in never_supplied().items()
        if fnmatch.fnmatchcase(column, pattern)
    }


def profile_gate(profile: Profile, exported: dict[str, list[str]]) -> SuiteOutcome:
    """The gate between a requirement profile and the warehouse's export tables: nothing on
    the never-supplied list, and every table's columns exactly the profile's, in its order.

    exported maps each export table to its columns as built. A failed check's label names
    the columns (never a value), so the report says what to change.
    """
    forbidden = forbidden_columns(profile)
    checks = [
        ExpectationOutcome(
            label="exports nothing never supplied"
            + (
                ": " + "; ".join(f"{c} ({why})" for c, why in forbidden.items())
                if forbidden
                else ""
            ),
            passed=not forbidden,
            raised=(),
            observed={"never_supplied_columns": len(forbidden)},
        )
    ]
    for table in [*profile.tables, *(t for t in exported if t not in profile.tables)]:
        asked = [column.name for column in profile.tables.get(table, ())]
        built = exported.get(table, [])
        missing = [c for c in asked if c not in built]
        extra = [c for c in built if c not in asked]
        differences = [
            f"{what}: {', '.join(columns)}"
            for what, columns in (("not built", missing), ("not in the profile", extra))
            if columns
        ]
        if not differences and asked != built:
            differences = ["columns in another order"]
        checks.append(
            ExpectationOutcome(
                label=f"{table} has the profile's columns"
                + (f" ({'; '.join(differences)})" if differences else ""),
                passed=not differences,
                raised=(),
                observed={"profile_columns": len(asked), "built_columns": len(built)},
            )
        )
    return SuiteOutcome(
        suite=PROFILE_SUITE, table=f"profile {profile.name}", expectations=tuple(checks)
    )
