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
