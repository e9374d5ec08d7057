"""What the command line, the run and the tests share: exit codes, defaults, variable names.

One module that imports nothing of the package, so that the command line and the run
it calls never import each other.
"""

from hodh import PROJECT_DIR

# The command line's contract (requirement section 6).
EXIT_OK = 0  # a package was published
EXIT_GATE_FAILED = 1  # a gate failed, or the run could not finish: nothing was published
EXIT_BAD_INPUT = 2  # bad usage or unusable input: one line on stderr says what

KEY_VARIABLE = "HODH_PSEUDONYM_KEY"
MEMORY_LIMIT_VARIABLE = "HODH_MEMORY_LIMIT"
TEMP_DIR_VARIABLE = "HODH_TEMP_DIR"
# The raw folder, for dbt (hodh/dbt_plugin.py) and for Dagster (hodh/orchestration.py).
RAW_DIR_VARIABLE = "HODH_RAW_DIR"
DEFAULT_MEMORY_LIMIT = "2GB"

DEFAULT_POSTCODE_DIRECTORY = PROJECT_DIR / "reference" / "onspd_sample.csv"
# Each run's warehouse, dbt files, log and report (personal data: never in OUT).
DEFAULT_WORK_ROOT = PROJECT_DIR / "warehouse" / "runs"
# Run folders kept in the work folder after a run, its own included (hodh/retention.py).
DEFAULT_KEEP_RUNS = 7
