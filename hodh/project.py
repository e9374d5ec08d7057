"""The dbt project's settings that the Python side obeys too, read from dbt_project.yml.

dbt_project.yml is the one place for them (k and its minimum, how raw files are read, the
MSOA year): `hodh run` reads them here rather than keeping copies that could drift.
"""

from functools import cache
from typing import Any

import yaml

from hodh import PROJECT_DIR


@cache
def project() -> dict[str, Any]:
    return yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))


def project_var(name: str) -> Any:
    return project()["vars"][name]


def k_minimum() -> int:
    """The least k a run accepts: below it, k-anonymity protects nobody."""
    return int(project_var("k_anonymity_minimum"))


# Length in months of the period at each date precision the policy may name (0: a day).
PRECISION_MONTHS = {"day": 0, "month": 1, "quarter": 3, "year": 12, "five_years": 60}


def disclosure_policy() -> dict[str, Any]:
    """var disclosure_control: the HR disclosure control policy (requirement section 4)."""
    return project_var("disclosure_control")


def precision_months(name: str) -> int:
    """The length in months of a policy's date precision (0 for day); unknown names raise."""
    if name not in PRECISION_MONTHS:
        raise ValueError(f"unknown date precision {name!r} (known: {', '.join(PRECISION_MONTHS)})")
    return PRECISION_MONTHS[name]


def date_variables() -> dict[str, int]:
    """The policy's date precisions as the DuckDB variables the expectation suites read:
    hr_date_months_<table> (each HR table's precision) and view_<column>_months (how
    precisely the intruder knows the dates of the views), in months."""
    policy = disclosure_policy()
    variables = {
        f"hr_date_months_{table}": precision_months(name)
        for table, name in policy["date_precision"].items()
    }
    known = policy["intruder"]["view_date_precision"]
    for column in ("date_joined", "date_received"):
        variables[f"view_{column}_months"] = precision_months(known.get(column, "month"))
    return variables
