"""sqlfluff's dbt templater lints nothing, and passes, when its project is
misconfigured; this shows the lint that `make test` runs really reads models."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from hodh import PROJECT_DIR

PROJECT_FILES = (
    "dbt_project.yml", ".sqlfluff", "profiles", "macros", "models", "seeds", "reference",
)  # fmt: skip
BAD_MODEL = "SELECT A\n    , B AS b FROM {{ ref('stg_cris__crimes') }}\n"


def test_sqlfluff_reports_a_bad_model_and_passes_a_good_one(tmp_path: Path) -> None:
    for name in PROJECT_FILES:
        source = PROJECT_DIR / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    bad = tmp_path / "models" / "staging" / "cris" / "bad_style.sql"
    bad.write_text(BAD_MODEL)
    good = tmp_path / "models" / "staging" / "cris" / "stg_cris__crimes.sql"

    # The templater compiles through dbt, which opens the profile's DuckDB file.
    (tmp_path / "warehouse").mkdir()
    sqlfluff = Path(sys.executable).parent / "sqlfluff"
    completed = subprocess.run(
        [str(sqlfluff), "lint", "--format", "json", str(bad), str(good)],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "HODH_DUCKDB_PATH": str(tmp_path / "warehouse" / "lint.duckdb")},
    )  # fmt: skip

    results = {Path(r["filepath"]).name: r["violations"] for r in json.loads(completed.stdout)}
    assert completed.returncode == 1
    assert results["stg_cris__crimes.sql"] == []
    rules = {violation["code"] for violation in results["bad_style.sql"]}
    assert {"CP01", "LT04"} <= rules  # upper-case keywords, leading comma
