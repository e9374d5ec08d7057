"""The SQL lint `make test` runs: sqlfluff over every model and dbt test, through the dbt
templater. It runs here, on a worker beside the other tests, because templating each
model through dbt takes a minute and more. `make lint` runs the same lint on its own.

sqlfluff's dbt templater lints nothing, and passes, when its project is misconfigured, so
the lint runs on a copy of the project with one badly written model planted: that model,
and only that one, must be reported."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from hodh import PROJECT_DIR

PROJECT_FILES = (
    "dbt_project.yml", ".sqlfluff", "profiles", "macros", "models", "seeds", "reference",
    "tests/dbt",
)  # fmt: skip
LINTED = ("models", "tests/dbt")  # what `make lint` lints
BAD_MODEL = "SELECT A\n    , B AS b FROM {{ ref('stg_cris__crimes') }}\n"


def test_sqlfluff_passes_every_model_and_reports_a_bad_one(tmp_path: Path) -> None:
    for name in PROJECT_FILES:
        source = PROJECT_DIR / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    bad = tmp_path / "models" / "staging" / "cris" / "bad_style.sql"
    bad.write_text(BAD_MODEL)

    # The templater compiles through dbt, which opens the profile's DuckDB file.
    (tmp_path / "warehouse").mkdir()
    sqlfluff = Path(sys.executable).parent / "sqlfluff"
    completed = subprocess.run(
        [str(sqlfluff), "lint", "--format", "json", *LINTED],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "HODH_DUCKDB_PATH": str(tmp_path / "warehouse" / "lint.duckdb")},
    )  # fmt: skip

    results = {
        Path(result["filepath"]).relative_to(tmp_path).as_posix()
        if Path(result["filepath"]).is_absolute()
        else result["filepath"]: result["violations"]
        for result in json.loads(completed.stdout)
    }
    linted_models = [path for path in results if path.startswith("models/")]
    assert len(linted_models) == len(list((PROJECT_DIR / "models").rglob("*.sql"))) + 1
    reported = {path: violations for path, violations in results.items() if violations}
    assert list(reported) == ["models/staging/cris/bad_style.sql"], {
        path: [f"{v['code']} line {v['start_line_no']}" for v in violations]
        for path, violations in reported.items()
    }
    rules = {violation["code"] for violation in reported["models/staging/cris/bad_style.sql"]}
    assert {"CP01", "LT04"} <= rules  # upper-case keywords, leading comma
    assert completed.returncode == 1
