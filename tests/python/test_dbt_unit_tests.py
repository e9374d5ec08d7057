"""The dbt unit tests (`unit_tests:` in the models' yml): every rule with a corner case,
on fixed given/expect rows. `hodh run` leaves them out (they test the code, not the run's
data), so they run here, against a copy of the shared run's warehouse (dbt types a
fixture by the relation it stands for, so the relations must exist). They run on Spark too
(test_spark_parity)."""

import shutil
from pathlib import Path

from conftest import Feed, dbt_totals, run_dbt


def test_every_dbt_unit_test_passes(feed: Feed, tmp_path: Path) -> None:
    shutil.copy(feed.warehouse, tmp_path / "warehouse.duckdb")
    completed = run_dbt(
        "test", "--select", "test_type:unit", root=tmp_path, dbt_vars={"raw_dir": str(feed.raw)}
    )
    assert completed.returncode == 0, completed.stdout[-4000:]
    totals = dbt_totals(completed.stdout)
    assert (totals["error"], totals["skip"]) == (0, 0)
    assert totals["pass"] >= 30
