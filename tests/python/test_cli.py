"""The command line as a scheduler and a new user meet it: every bad argument is one line
and exit 2, the help names what a run needs, and the output is what a scheduler parses."""

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Feed, run_dbt
from warehouse_fixture import build_warehouse, write_raw_files

from hodh import pipeline
from hodh.build import BuildOutcome, NodeResult
from hodh.cli import main
from hodh.constants import DEFAULT_POSTCODE_DIRECTORY
from hodh.pipeline import RunRequest, run_feed
from hodh.project import k_minimum

KEY = "6de90d84cd7c9cebb63938d13377da84fe4fa8de08c04cbe837e877eb59a0a51"
RUN = ["run", "--raw", "raw", "--out", "out"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["generate", "--out", "x", "--crimes", "0", "--employees", "1", "--seed", "1"],
         "hodh generate: argument --crimes: 0 is less than 1 (see hodh generate --help)"),
        (["generate", "--out", "x", "--crimes", "1", "--employees", "1", "--seed", "1",
          "--dirty", "2"],
         "hodh generate: argument --dirty: 2 is not between 0 and 1 (see hodh generate --help)"),
        (["postcodes", "--out", "x.csv", "--rows", "0"],
         "hodh postcodes: argument --rows: 0 is less than 1 (see hodh postcodes --help)"),
        ([*RUN, "--k", "abc"],
         "hodh run: argument --k: 'abc' is not a whole number (see hodh run --help)"),
        ([*RUN, "--k", "1"],
         f"hodh run: argument --k: 1 is less than {k_minimum()} (see hodh run --help)"),
        (["run", "--out", "out"],
         "hodh run: the following arguments are required: --raw (see hodh run --help)"),
        (["bogus"], "hodh: argument COMMAND: invalid choice: 'bogus' (choose from "
         "'generate', 'postcodes', 'run', 'assess') (see hodh --help)"),
    ],
)  # fmt: skip
def test_every_bad_argument_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [message]


def test_rows_below_the_postcode_sample_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["postcodes", "--out", str(tmp_path / "p.csv"), "--rows", "5"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("hodh postcodes: --rows: rows must be at least the London sample's")
    assert not (tmp_path / "p.csv").exists()


def test_help_names_the_environment_and_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    run_help = capsys.readouterr().out
    for variable in ("HODH_PSEUDONYM_KEY", "HODH_MEMORY_LIMIT", "HODH_TEMP_DIR"):
        assert variable in run_help
    with pytest.raises(SystemExit):
        main(["--help"])
    top_help = capsys.readouterr().out
    for text in (run_help, top_help):
        exit_codes = text[text.index("exit status:") :]
        for code in ("0  a package was published", "1  a dbt test", "2  bad usage"):
            assert code in exit_codes


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    write_raw_files(tmp_path / "raw", build_warehouse(tmp_path / "counts.duckdb"))
    return tmp_path / "raw"


@pytest.fixture
def fixture_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """`hodh run` with the fixture warehouse in place of dbt build."""

    def build(**kwargs: Any) -> BuildOutcome:
        build_warehouse(kwargs["duckdb_path"])
        return BuildOutcome((NodeResult("test.hodh.unique_x", "test", "pass", 0.1),))

    monkeypatch.setattr(pipeline, "dbt_build", build)
    monkeypatch.setenv("HODH_PSEUDONYM_KEY", KEY)


def run_args(raw_dir: Path) -> list[str]:
    tmp = raw_dir.parent
    return ["run", "--raw", str(raw_dir), "--out", str(tmp / "out"), "--work", str(tmp / "work")]


# Python shows a library's deprecation warnings under pytest only; a run's stderr is quiet.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_quiet_prints_only_the_package_path(
    raw_dir: Path, fixture_build: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*run_args(raw_dir), "--k", "3", "--quiet"]) == 0
    captured = capsys.readouterr()
    [package] = captured.out.splitlines()
    assert Path(package).parent == raw_dir.parent / "out"
    assert (Path(package) / "manifest.json").is_file()
    assert captured.err == ""


def test_json_log_format_is_one_object_per_line(
    raw_dir: Path, fixture_build: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*run_args(raw_dir), "--k", "3", "--log-format", "json"]) == 0
    lines = capsys.readouterr().err.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) > 10
    assert all(set(record) == {"time", "level", "logger", "message"} for record in records)
    assert any(record["message"].startswith("published ") for record in records)


def test_json_log_format_refusal_is_one_json_line(
    raw_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("HODH_PSEUDONYM_KEY", raising=False)
    assert main([*run_args(raw_dir), "--log-format", "json"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    record = json.loads(line)
    assert record["level"] == "ERROR"
    assert record["message"].startswith("HODH_PSEUDONYM_KEY is not set")


def test_k_below_the_minimum_is_refused_by_every_entry_point(
    feed: Feed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one minimum (dbt_project.yml k_anonymity_minimum) holds for dbt, for hodh run
    called as a library, and (above) for the command line."""
    too_small = k_minimum() - 1
    parsed = run_dbt("parse", root=tmp_path / "dbt", dbt_vars={"k_anonymity": too_small})
    assert parsed.returncode != 0
    assert f"k_anonymity must be a whole number of at least {k_minimum()}" in parsed.stdout
    monkeypatch.setenv("HODH_PSEUDONYM_KEY", KEY)
    request = RunRequest(
        feed.raw, tmp_path / "out", DEFAULT_POSTCODE_DIRECTORY, tmp_path / "work", k=1
    )
    result = run_feed(request)
    assert (result.exit_code, result.work_dir) == (2, None)
    assert result.reason == f"k must be at least {k_minimum()}, not 1"
