"""The feed as a Dagster asset graph (hodh.orchestration), as a scheduler runs it.

Materialising the whole graph on the shared run's raw data and key publishes a package
whose tables are byte-identical to `hodh run`'s; a failing expectation suite fails the run,
publishes nothing and leaves the refused audit line; the sensor starts one run for one
complete raw drop and none for a partial or still-changing one."""

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import FEED_KEY, Feed
from dagster import DagsterInstance, build_sensor_context

from hodh import gates
from hodh.inputs import raw_contract
from hodh.orchestration import complete_drop, defs, raw_drop_sensor, settings


@pytest.fixture
def environment(feed: Feed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The settings of the shared run, with OUT and the work folders of this test."""
    monkeypatch.setenv("HODH_PSEUDONYM_KEY", FEED_KEY)
    monkeypatch.setenv("HODH_RAW_DIR", str(feed.raw))
    monkeypatch.setenv("HODH_OUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("HODH_WORK_DIR", str(tmp_path / "work"))
    return tmp_path / "out"


def materialise_everything() -> bool:
    job = defs.resolve_implicit_global_asset_job_def()
    with DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(instance=instance, raise_on_error=False).success


def test_the_asset_graph_publishes_what_hodh_run_publishes(feed: Feed, environment: Path) -> None:
    assert materialise_everything()
    [package] = [path for path in environment.iterdir() if path.is_dir()]
    manifest = json.loads((package / "manifest.json").read_text())
    assert manifest["tables"] == feed.manifest["tables"]  # rows, columns and both checksums
    assert manifest["reconciliation"] == feed.manifest["reconciliation"]
    [line] = [json.loads(text) for text in (environment / "audit.jsonl").read_text().splitlines()]
    assert (line["status"], line["package"]) == ("published", package.name)


def test_a_failing_suite_fails_the_run_and_publishes_nothing(
    environment: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suites = tmp_path / "expectations"
    shutil.copytree(gates.SUITES_DIR, suites)
    crimes = json.loads((suites / "crimes.json").read_text())
    crimes["expectations"].append(
        {
            "type": "expect_table_row_count_to_equal",
            "kwargs": {"value": 0},
            "description": "planted: no crime may leave",
        }
    )
    (suites / "crimes.json").write_text(json.dumps(crimes))
    monkeypatch.setattr(gates, "SUITES_DIR", suites)
    assert not materialise_everything()
    assert [path.name for path in environment.iterdir()] == ["audit.jsonl"]
    [line] = [json.loads(text) for text in (environment / "audit.jsonl").read_text().splitlines()]
    assert (line["status"], line["exit_code"]) == ("refused", 1)
    assert "crimes: planted: no crime may leave" in line["failed_gates"]


def write_drop(raw: Path, names: list[str], age_seconds: float) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    moment = time.time() - age_seconds
    for name in names:
        (raw / name).write_text("header\n")
        os.utime(raw / name, (moment, moment))


def test_the_sensor_runs_a_complete_drop_once_and_never_a_partial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    monkeypatch.setenv("HODH_PSEUDONYM_KEY", FEED_KEY)
    monkeypatch.setenv("HODH_RAW_DIR", str(raw))
    monkeypatch.setenv("HODH_OUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("HODH_DROP_SETTLE_SECONDS", "60")
    files = sorted(raw_contract())

    def evaluate(cursor: str | None) -> tuple[list, str | None]:
        context = build_sensor_context(cursor=cursor)
        result = raw_drop_sensor(context)
        return [r for r in ([result] if result else []) if hasattr(r, "run_key")], context.cursor

    write_drop(raw, files[:-1], age_seconds=600)  # one file still to come
    assert evaluate(None) == ([], None)
    write_drop(raw, files[-1:], age_seconds=5)  # all there, one still being written
    assert evaluate(None) == ([], None)
    write_drop(raw, files[-1:], age_seconds=600)  # complete and settled: one run
    [request], cursor = evaluate(None)
    assert request.run_key == cursor == complete_drop(raw, 60)
    assert evaluate(cursor) == ([], cursor)  # the same drop is not run twice
    write_drop(raw, files[:1], age_seconds=120)  # a new drop (a file rewritten): one more run
    [again], new_cursor = evaluate(cursor)
    assert again.run_key == new_cursor != cursor


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("HODH_PSEUDONYM_KEY", "HODH_PSEUDONYM_KEY is not set"),
        ("HODH_RAW_DIR", "HODH_RAW_DIR is not set"),
        ("HODH_OUT_DIR", "HODH_OUT_DIR is not set"),
    ],
)
def test_a_missing_setting_is_named_in_one_line(missing: str, message: str) -> None:
    environ = {"HODH_PSEUDONYM_KEY": FEED_KEY, "HODH_RAW_DIR": "raw", "HODH_OUT_DIR": "out"}
    del environ[missing]
    with pytest.raises(Exception, match=message) as refused:
        settings(environ)
    assert "\n" not in str(refused.value) and FEED_KEY not in str(refused.value)
