"""The force's side of the Home Office Data Hub feed."""

import warnings
from pathlib import Path

__version__ = "0.1.0"

# The dbt project is the repository root, one level above this package.
PROJECT_DIR = Path(__file__).resolve().parent.parent

# pyspark 4.3 (installed for --engine spark) warns, when imported, that it does not yet fully
# support pandas 3; Great Expectations imports it on every run, DuckDB's too, and the
# warning would be the only stderr of `hodh run --quiet`. hodh uses pandas on Spark only
# for the copy's Arrow tables, which the parity test compares table by table.
warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
