"""The raw input contract: which CSV files and columns a run needs.

The dbt sources yml files are the one statement of the contract; this module
reads them so that `hodh run` can refuse unusable input (exit 2) before dbt
starts, with the same rule the dbt hook `check_raw_inputs` applies.
"""

import csv
from pathlib import Path

import yaml

from hodh import PROJECT_DIR

SOURCE_FILES = ("models/staging/cris/_cris__sources.yml", "models/staging/hr/_hr__sources.yml")


class InputError(Exception):
    """Input that no run can use: the message is one line naming the problem."""


def raw_contract(project_dir: Path = PROJECT_DIR) -> dict[str, list[str]]:
    """Return {raw file name: [columns]} as the dbt sources declare them."""
    contract: dict[str, list[str]] = {}
    for relative in SOURCE_FILES:
        document = yaml.safe_load((project_dir / relative).read_text())
        for source in document["sources"]:
            for table in source["tables"]:
                contract[f"{table['name']}.csv"] = [c["name"] for c in table["columns"]]
    return contract


def read_header(path: Path) -> list[str]:
    """The header row of a raw CSV, lower-cased and trimmed."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as error:
        raise InputError(f"raw file {path} is not UTF-8 ({error.reason})") from None
    if not header:
        raise InputError(f"raw file {path} is empty: it has no header row")
    return [name.strip().lower() for name in header]


def check_raw_dir(raw_dir: Path, project_dir: Path = PROJECT_DIR) -> None:
    """Raise InputError unless every raw file exists with every contract column."""
    if not raw_dir.is_dir():
        raise InputError(f"raw folder {raw_dir} does not exist")
    for file_name, columns in raw_contract(project_dir).items():
        path = raw_dir / file_name
        if not path.is_file():
            raise InputError(f"raw file {path} is missing")
        header = read_header(path)
        for column in columns:
            if column not in header:
                raise InputError(f"raw file {path} is missing column {column}")
