"""Benchmark: `hodh run` end to end at given sizes, split by stage, against the floor.

    .venv/bin/python bench/bench.py                        # 100k, 1M and 10M crimes
    .venv/bin/python bench/bench.py --crimes 100000        # one size

For each size it generates raw extracts (`hodh generate`, with 50,000 employees and their
history, drawn from a full-size 2.7 million row postcode directory), then in the same run:

* the floor: DuckDB reading every input CSV of the feed (the raw files and the postcode
  directory) and writing each once to Parquet, with the run's memory limit: the least work
  any feed must do;
* `hodh run` end to end in its own process, its stages taken from the run's own records:
  the step timings in the run log (inputs, dbt build, gates, package) and, inside dbt
  build, dbt's run_results.json grouped by model path (tests with the model they test);
* peak memory: the sum of VmRSS over the whole process tree (hodh run, the dbt child, any
  other child), sampled from /proc every 0.2 s. Shared pages count once per process, so
  this is an upper bound; getrusage's ru_maxrss (the largest single process) is also kept
  (nan when an earlier process of the same benchmark was larger), and the peak within
  each step of the run goes to the details file.

Every input file is read once before the floor, so that the floor and the run both find
the inputs in the page cache. It prints a table and writes it as CSV (default
data/bench/results.csv), with per-node seconds, per-step peak RSS and the RSS samples in
results-details.json beside it. Generated data,
warehouses and packages are deleted after each size unless --keep is given; raw data sets
left by --keep are reused by later runs with the same parameters. Not part of `make test`.
"""

import argparse
import csv
import json
import os
import re
import resource
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_SIZES = (100_000, 1_000_000, 10_000_000)
CRIME_MARTS = frozenset({"crimes", "crime_victims", "crime_accused"})
# hodh run's step names (hodh.pipeline._step) and the columns they fill.
STEPS = {"inputs": "inputs_s", "postcode directory": "postcodes_s", "dbt build": "dbt_s",
         "expectation gates": "gates_s", "package": "package_s"}  # fmt: skip
LOG_LINE = re.compile(
    r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) INFO hodh\.pipeline "
    r"(?P<step>[a-z ]+)(?: \.\.\.|: done in (?P<seconds>[0-9.]+) s)$"
)
SAMPLE_SECONDS = 0.2


@dataclass
class Row:
    """One size's measurements; seconds are wall-clock, memory in MB."""

    crimes: int
    employees: int
    postcode_rows: int
    raw_mb: float = 0.0
    generate_s: float = 0.0
    inputs_s: float = 0.0
    postcodes_s: float = 0.0
    staging_s: float = 0.0
    crime_s: float = 0.0
    hr_s: float = 0.0
    audit_s: float = 0.0
    dbt_other_s: float = 0.0
    dbt_s: float = 0.0
    gates_s: float = 0.0
    package_s: float = 0.0
    total_s: float = 0.0
    floor_s: float = 0.0
    floor_raw_s: float = 0.0
    total_over_floor: float = 0.0
    peak_rss_mb: float = 0.0
    max_single_rss_mb: float = 0.0
    floor_peak_rss_mb: float = 0.0
    memory_limit: str = ""
    threads: str = ""
    load_before: str = ""
    load_after: str = ""
    exit_code: int = -1
    details: dict = field(default_factory=dict, repr=False)


COLUMNS = [f.name for f in fields(Row) if f.name != "details"]
TABLE = [
    ("crimes", "crimes", "{:,}"),
    ("staging", "staging_s", "{:.1f}"),
    ("crime", "crime_s", "{:.1f}"),
    ("HR+k", "hr_s", "{:.1f}"),
    ("audit", "audit_s", "{:.1f}"),
    ("dbt oth", "dbt_other_s", "{:.1f}"),
    ("inputs", "inputs_s", "{:.1f}"),
    ("postc", "postcodes_s", "{:.1f}"),
    ("gates", "gates_s", "{:.1f}"),
    ("package", "package_s", "{:.1f}"),
    ("total", "total_s", "{:.1f}"),
    ("floor", "floor_s", "{:.1f}"),
    ("tot/floor", "total_over_floor", "{:.2f}"),
    ("peak RSS MB", "peak_rss_mb", "{:,.0f}"),
    ("exit", "exit_code", "{}"),
    ("load", "load_before", "{}"),
]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    onspd = postcode_directory(args)
    rows: list[Row] = []
    if args.reading:
        for crimes in args.crimes:
            compare_reading(args, crimes, onspd)
        return 0
    # One WORK folder for every run, as a scheduler keeps it: the first run pays for dbt's
    # parse and the postcode directory's copy, later runs reuse them (the median of three
    # is a warm run).
    work_root = args.data / "work"
    shutil.rmtree(work_root, ignore_errors=True)
    for crimes in args.crimes:
        runs = [
            measure(args, crimes, onspd, work_root, last=index == args.repeat - 1)
            for index in range(args.repeat)
        ]
        # The run with the median total stands for the size; the others are in the details.
        row = sorted(runs, key=lambda run: run.total_s)[(len(runs) - 1) // 2]
        row.details["repeats"] = [
            {"total_s": run.total_s, "floor_s": run.floor_s, "load_before": run.load_before}
            for run in runs
        ]
        rows.append(row)
        write_csv(args.csv, rows)
        print_table(rows)
    if not args.keep:
        shutil.rmtree(work_root, ignore_errors=True)
        if onspd.parent == args.data:
            onspd.unlink(missing_ok=True)
    print(f"\nresults: {args.csv}")
    return 0 if all(row.exit_code == 0 for row in rows) else 1


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--crimes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=list(DEFAULT_SIZES),
        help="comma-separated crime counts (default: 100000,1000000,10000000)",
    )
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--postcode-rows", type=int, default=2_700_000)
    parser.add_argument("--onspd", type=Path, help="an existing postcode directory to use")
    parser.add_argument("--seed", type=int, default=2010)
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per size; the median total is reported"
    )
    parser.add_argument("--dirty", type=float, default=0.02)
    parser.add_argument(
        "--memory-limit",
        default=os.environ.get("HODH_MEMORY_LIMIT", "2GB"),
        help="DuckDB memory limit for the run and the floor (HODH_MEMORY_LIMIT, default 2GB)",
    )
    parser.add_argument(
        "--data", type=Path, default=ROOT / "data" / "bench", help="folder for generated data"
    )
    parser.add_argument("--csv", type=Path, help="results file (default DATA/results.csv)")
    parser.add_argument(
        "--keep", action="store_true", help="keep raw data, warehouse and package after each size"
    )
    parser.add_argument(
        "--reading",
        action="store_true",
        help="instead of hodh run, time reading the raw files with each of READING_OPTIONS",
    )
    args = parser.parse_args(argv)
    args.data = args.data.resolve()
    args.csv = (args.csv or args.data / "results.csv").resolve()
    return args


def postcode_directory(args: argparse.Namespace) -> Path:
    if args.onspd is not None:
        return args.onspd.resolve()
    path = args.data / f"onspd-{args.postcode_rows}-s{args.seed}.csv"
    if not path.is_file():
        started = time.monotonic()
        part = path.with_suffix(".partial")
        hodh("postcodes", "--out", part, "--rows", args.postcode_rows, "--seed", args.seed)
        part.rename(path)
        say(f"postcode directory: {args.postcode_rows:,} rows in {elapsed(started):.0f} s")
    return path


def raw_data(
    args: argparse.Namespace, crimes: int, onspd: Path, dirty: float
) -> tuple[Path, float]:
    """The generated raw folder for a size (reused when complete) and seconds spent making it."""
    raw = args.data / f"raw-c{crimes}-e{args.employees}-s{args.seed}-d{dirty}"
    if (raw / ".complete").is_file():
        return raw, 0.0
    shutil.rmtree(raw, ignore_errors=True)
    started = time.monotonic()
    hodh("generate", "--out", raw, "--crimes", crimes, "--employees", args.employees,
         "--seed", args.seed, "--dirty", dirty, "--onspd", onspd)  # fmt: skip
    (raw / ".complete").touch()
    return raw, elapsed(started)


# How the raw files can be read: the feed's way (the parallel reader; a row that does not
# split into the header's fields is set aside and put back by dbt), the one alternative that
# reads every shape of section 2 too (null padding, which DuckDB's parallel reader refuses
# beside quoted line breaks), and the reading before issue 9 (fails on quoted line breaks).
BASE_OPTIONS = "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'"
READING_OPTIONS = {
    "feed: parallel, set aside": None,  # raw_csv_options() in dbt_project.yml
    "sequential, null padding": BASE_OPTIONS + ", null_padding = true, parallel = false",
    "before: parallel, null padding": BASE_OPTIONS + ", null_padding = true",
}


def compare_reading(args: argparse.Namespace, crimes: int, onspd: Path) -> None:
    """Seconds to read every raw file to Parquet with each of READING_OPTIONS, on the dirty
    data (every shape of section 2) and on clean data (no shapes: what the reading before
    issue 9 could read), with the run's memory limit, each in a process of its own."""
    environment = {**os.environ, "HODH_MEMORY_LIMIT": args.memory_limit}
    for dirty in (args.dirty, 0.0):
        raw, _ = raw_data(args, crimes, onspd, dirty)
        raw_files = sorted(raw.glob("*.csv"))
        warm(raw_files)
        for name, options in READING_OPTIONS.items():
            out = args.data / "reading"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            payload = json.dumps([[str(p) for p in raw_files], str(out),
                                  options or raw_csv_options(), args.memory_limit])  # fmt: skip
            started = time.monotonic()
            completed, peak, _, _ = run_sampled(
                [sys.executable, "-c", FLOOR_SCRIPT, payload], environment, capture=True
            )
            seconds = elapsed(started)
            shutil.rmtree(out, ignore_errors=True)
            verdict = "reads every file"
            if completed.returncode != 0:
                errors = [line for line in completed.stderr.splitlines() if "Error" in line]
                verdict = "FAILS: " + (errors or ["?"])[-1].strip()[:160]
            say(f"{crimes:,} crimes, dirty {dirty}: {name}: {seconds:.1f} s, "
                f"peak {peak / 1024:,.0f} MB, {verdict}")  # fmt: skip
        if not args.keep:
            shutil.rmtree(raw, ignore_errors=True)


def measure(
    args: argparse.Namespace, crimes: int, onspd: Path, work_root: Path, last: bool = True
) -> Row:
    row = Row(crimes, args.employees, count_rows(onspd), memory_limit=args.memory_limit)
    raw, row.generate_s = raw_data(args, crimes, onspd, args.dirty)
    raw_files = sorted(raw.glob("*.csv"))
    row.raw_mb = sum(path.stat().st_size for path in raw_files) / 1e6
    say(f"{crimes:,} crimes: {row.raw_mb:,.0f} MB of raw CSV; measuring the floor")
    # Both the floor and the run then read the inputs from the page cache: freshly
    # generated files can be on disk only, and the first reader would pay for it.
    warm([*raw_files, onspd])

    environment = {**os.environ, "HODH_MEMORY_LIMIT": args.memory_limit}
    run_dir = args.data / f"run-c{crimes}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir()
    try:
        row.floor_s, row.floor_raw_s, floor_rss, _ = measure_floor(
            raw_files, onspd, run_dir / "floor", environment
        )
        row.floor_peak_rss_mb = floor_rss / 1024
        say(f"  floor {row.floor_s:.1f} s (raw files alone {row.floor_raw_s:.1f} s); hodh run")
        measure_run(row, raw, onspd, run_dir, work_root, environment)
    finally:
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
            if last:
                shutil.rmtree(raw, ignore_errors=True)
    row.total_over_floor = row.total_s / row.floor_s if row.floor_s else 0.0
    return row


FLOOR_SCRIPT = """
import json, sys, time
import duckdb
paths, out, options, memory_limit = json.loads(sys.argv[1])
connection = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": out + "/tmp",
                                    "preserve_insertion_order": False})
connection.execute("set enable_progress_bar = false")
seconds = {}
for index, path in enumerate(paths):
    started = time.monotonic()
    source = path.replace("'", "''")
    connection.execute(f"copy (select * from read_csv('{source}', {options})) "
                       f"to '{out}/{index}.parquet' (format parquet)")
    seconds[path] = time.monotonic() - started
(threads,) = connection.execute("select current_setting('threads')").fetchone()
print(json.dumps({"seconds": seconds, "threads": threads}))
"""


def measure_floor(
    raw_files: list[Path], onspd: Path, out: Path, environment: dict[str, str]
) -> tuple[float, float, float, int]:
    """Seconds for all inputs, seconds for the raw files alone, peak RSS (kB), threads."""
    out.mkdir()
    paths = [str(path) for path in [*raw_files, onspd]]
    payload = json.dumps([paths, str(out), raw_csv_options(), environment["HODH_MEMORY_LIMIT"]])
    started = time.monotonic()
    completed, peak, _, _ = run_sampled(
        [sys.executable, "-c", FLOOR_SCRIPT, payload], environment, capture=True
    )
    total = elapsed(started)
    if completed.returncode != 0:
        raise RuntimeError(f"floor failed: {completed.stderr.strip()[-500:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    raw_seconds = sum(s for path, s in result["seconds"].items() if path != str(onspd))
    shutil.rmtree(out, ignore_errors=True)
    return total, raw_seconds, peak, int(result["threads"])


def measure_run(
    row: Row, raw: Path, onspd: Path, run_dir: Path, work_root: Path, environment: dict[str, str]
) -> None:
    environment = {**environment, "HODH_PSEUDONYM_KEY": secrets.token_hex(32)}
    command = [str(BIN / "hodh"), "run", "--raw", str(raw), "--out", str(run_dir / "out"),
               "--onspd", str(onspd), "--work", str(work_root), "--keep-runs", "1",
               "--quiet"]  # fmt: skip
    row.load_before = load_average()
    started = time.monotonic()
    completed, peak, single, timeline = run_sampled(command, environment, capture=True)
    row.total_s = elapsed(started)
    row.load_after = load_average()
    row.exit_code = completed.returncode
    row.peak_rss_mb, row.max_single_rss_mb = peak / 1024, single / 1024
    if completed.returncode != 0:
        say(f"  hodh run exited {completed.returncode}: {completed.stderr.strip()[-800:]}")
    (work,) = (p for p in work_root.iterdir() if not p.name.startswith("."))
    steps = read_steps(work / "hodh.log")
    for step, (_, _, seconds) in steps.items():
        setattr(row, STEPS[step], seconds)
    row.details["peak_rss_mb_by_step"] = {
        step: max((rss for t, rss in timeline if start <= t <= end), default=0.0) / 1024
        for step, (start, end, _) in steps.items()
    }
    row.details["rss_timeline"] = [[round(t - timeline[0][0], 1), round(rss / 1024)]
                                   for t, rss in timeline]  # fmt: skip
    row.threads = duckdb_threads(work / "hodh.duckdb")
    if not (work / "target" / "run_results.json").is_file():
        return
    stages = dbt_stages(work / "target")
    row.details["nodes"] = stages.pop("nodes")
    for stage, seconds in stages.items():
        setattr(row, f"{stage}_s", seconds)
    row.dbt_other_s = max(0.0, row.dbt_s - sum(stages.values()))
    slowest = sorted(row.details["nodes"].items(), key=lambda item: -item[1])[:8]
    say("  slowest dbt nodes: " + ", ".join(f"{name} {s:.1f}" for name, s in slowest))
    peaks = row.details["peak_rss_mb_by_step"]
    say("  peak RSS MB by step: " + ", ".join(f"{step} {mb:,.0f}" for step, mb in peaks.items()))


def read_steps(log: Path) -> dict[str, tuple[float, float, float]]:
    """hodh run's own steps from its log ("<step> ...", "<step>: done in <seconds> s"):
    start and end (epoch seconds, to the log's millisecond) and the seconds it logged."""
    started: dict[str, float] = {}
    steps = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        match = LOG_LINE.match(line)
        if not match or match["step"] not in STEPS:
            continue
        moment = datetime.strptime(match["time"], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        if match["seconds"] is None:
            started[match["step"]] = moment
        else:
            start = started.get(match["step"], moment)
            steps[match["step"]] = (start, moment, float(match["seconds"]))
    return steps


def stage_of(path: str, name: str) -> str:
    """The benchmark stage of a dbt model or seed, by where it lives."""
    if path.startswith("seeds/") or path.startswith("models/staging/"):
        return "staging"
    if path.startswith("models/intermediate/cris/"):
        return "crime"
    if path.startswith("models/intermediate/hr/"):
        return "hr"
    if path.startswith("models/marts/"):
        return "crime" if name in CRIME_MARTS else "hr"
    if path.startswith("models/audit/"):
        return "audit"
    return "staging"  # the on-run-start hook checks the raw inputs


def dbt_stages(target: Path) -> dict:
    """Seconds of dbt node execution per stage; a test counts with the model it tests."""
    manifest = json.loads((target / "manifest.json").read_text())
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    order = ["staging", "crime", "hr", "audit"]

    def stage(unique_id: str) -> str:
        node = nodes.get(unique_id)
        if node is None:
            return "staging"
        if node["resource_type"] in {"model", "seed"}:
            return stage_of(node["original_file_path"], node["name"])
        parents = [node.get("attached_node")] if node.get("attached_node") else []
        parents = parents or [p for p in node["depends_on"]["nodes"] if p in nodes]
        # A test over several models waits for the last of them.
        return max((stage(p) for p in parents), key=order.index, default="staging")

    totals: dict[str, float] = defaultdict(float)
    per_node: dict[str, float] = {}
    for result in results:
        seconds = float(result["execution_time"])
        totals[stage(result["unique_id"])] += seconds
        per_node[result["unique_id"].split(".", 2)[-1]] = seconds
    return {**{name: totals[name] for name in order}, "nodes": per_node}


def duckdb_threads(database: Path) -> str:
    script = (
        "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
        "print(c.execute(\"select current_setting('threads')\").fetchone()[0])"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, str(database)], capture_output=True, text=True, check=False
    )
    return completed.stdout.strip()


def run_sampled(
    command: list[str], environment: dict[str, str], capture: bool
) -> tuple[subprocess.CompletedProcess, float, float, list[tuple[float, float]]]:
    """Run command in its own session; return it, the peak summed VmRSS of its process
    tree (kB, sampled from /proc), the largest single descendant's ru_maxrss (kB) and
    the samples (epoch seconds, kB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    process = subprocess.Popen(
        command,
        env=environment,
        cwd=ROOT,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
        text=True,
        start_new_session=True,
    )
    timeline: list[tuple[float, float]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            timeline.append((time.time(), tree_rss(process.pid)))
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, stderr = process.communicate()
    except BaseException:
        os.killpg(process.pid, 15)
        process.wait()
        raise
    finally:
        done.set()
        sampler.join()
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    completed = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    # ru_maxrss of children is a high-water mark over all children so far: only a new
    # maximum belongs to this command.
    peak = max((rss for _, rss in timeline), default=0.0)
    return completed, peak, single if single > before else float("nan"), timeline


def tree_rss(root: int) -> float:
    """Sum of VmRSS (kB) of root and all its descendants, now."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii") as handle:
                stat = handle.read()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children[parent].append(int(entry.name))
    total, pending = 0.0, [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, ()))
        total += vm_rss(pid)
    return total


def vm_rss(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def warm(paths: list[Path]) -> None:
    """Read each file once, so that it is in the page cache."""
    for path in paths:
        with path.open("rb") as handle:
            while handle.read(1 << 24):
                pass


def raw_csv_options() -> str:
    """How dbt's sources read the raw files (dbt_project.yml), so the floor reads them alike."""
    project = yaml.safe_load((ROOT / "dbt_project.yml").read_text())
    return project["vars"]["raw_csv_options"]


def count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")) - 1


def hodh(*args: object) -> None:
    subprocess.run([str(BIN / "hodh"), *map(str, args), "--quiet"], cwd=ROOT, check=True)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def elapsed(started: float) -> float:
    return time.monotonic() - started


def say(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {text}", flush=True)


def write_csv(path: Path, rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            values = asdict(row)
            values.pop("details")
            writer.writerow(
                {k: round(v, 2) if isinstance(v, float) else v for k, v in values.items()}
            )
    details = path.with_name(path.stem + "-details.json")
    details.write_text(json.dumps({str(row.crimes): row.details for row in rows}, indent=1))


def print_table(rows: list[Row]) -> None:
    cells = [[label for label, _, _ in TABLE]]
    for row in rows:
        cells.append([fmt.format(getattr(row, name)) for _, name, fmt in TABLE])
    widths = [max(len(line[i]) for line in cells) for i in range(len(TABLE))]
    print()
    for line in cells:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))
    print(
        f"(seconds; memory limit {rows[-1].memory_limit}, DuckDB threads {rows[-1].threads}, "
        f"{rows[-1].employees:,} employees, {rows[-1].postcode_rows:,} postcodes; "
        "load = 1/5/15-min load average before the run)"
    )


if __name__ == "__main__":
    sys.exit(main())
