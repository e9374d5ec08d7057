"""The postcode directory's Parquet copy (hodh.postcode_cache): the same values as the CSV
the dbt source reads, written once per directory checksum and reused, and a directory that
is not readable CSV refused before dbt with its line, never a value of it."""

import logging
from pathlib import Path

import duckdb
import pytest

from hodh.inputs import InputError, sha256_of
from hodh.postcode_cache import CACHE, parquet_copy
from hodh.project import PROJECT_DIR, project_var

SAMPLE = PROJECT_DIR / "reference" / "onspd_sample.csv"
SETTINGS = {"memory_limit": "1GB"}


def rows(query: str) -> list[tuple[object, ...]]:
    with duckdb.connect() as connection:
        return sorted(connection.execute(query).fetchall(), key=repr)


def test_the_copy_holds_the_csvs_values_as_the_source_reads_them(tmp_path: Path) -> None:
    copy = parquet_copy(SAMPLE, sha256_of(SAMPLE), tmp_path, SETTINGS)
    assert copy == tmp_path / CACHE / sha256_of(SAMPLE) / "onspd_sample.parquet"
    options = project_var("postcode_directory_csv_options")
    from_csv = rows(f"select * from read_csv('{SAMPLE}', {options})")
    assert len(from_csv) > 1000
    assert rows(f"select * from read_parquet('{copy}')") == from_csv
    with duckdb.connect() as connection:
        types = {t for (t,) in connection.execute(
            f"select distinct column_type from (describe select * from read_parquet('{copy}'))"
        ).fetchall()}  # fmt: skip
    assert types == {"VARCHAR"}


def test_a_later_run_reuses_the_copy(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    first = parquet_copy(SAMPLE, sha256_of(SAMPLE), tmp_path, SETTINGS)
    written = first.stat().st_mtime_ns
    with caplog.at_level(logging.INFO, logger="hodh.postcode_cache"):
        again = parquet_copy(SAMPLE, sha256_of(SAMPLE), tmp_path, SETTINGS)
    assert again == first and again.stat().st_mtime_ns == written
    assert "reusing its Parquet copy" in caplog.text
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no partial file left


def test_a_directory_that_is_not_csv_is_refused_at_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "onspd_broken.csv"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:40]
    lines[30] = 'SECRETPLANTED,"unclosed quote,' + lines[30]
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        parquet_copy(broken, sha256_of(broken), tmp_path, SETTINGS)
    message = str(refused.value)
    assert message.startswith(f"postcode directory {broken} is not readable CSV at line 31")
    assert "SECRETPLANTED" not in message
    assert list((tmp_path / CACHE).rglob("*.parquet*")) == []
