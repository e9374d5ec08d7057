"""The force's side of the Home Office Data Hub feed."""

from pathlib import Path

__version__ = "0.1.0"

# The dbt project is the repository root, one level above this package.
PROJECT_DIR = Path(__file__).resolve().parent.parent
