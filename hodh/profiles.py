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

PROFILES_DIR = PROJECT_DIR / "requirement_profiles"
NEVER_SUPPLIED = PROFILES_DIR / "never_supplied.yml"
DEFAULT_PROFILE = "reduced_2010"


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
