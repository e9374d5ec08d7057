"""Benchmark of HR disclosure control: what it keeps, what the attack finds, what it costs.

    .venv/bin/python bench/disclosure.py                       # 20,000 and 50,000 staff
    .venv/bin/python bench/disclosure.py --employees 5000      # one size (the demo's)

For each size it generates raw extracts (`hodh generate`, the given staff with their
history and applicants, a few crimes, 2 % dirty rows), runs `hodh run` end to end in its own
process (a random key made for the run), and reads from the run's own records:

* what is kept: audit.disclosure_control_detail from the manifest's run report (per column
  of the extended linked person view, the share of records that keep full detail, and the
  mean), and the records each step touched (audit.disclosure_control_steps);
* the attack: the re-identification gate's figures (manifest["disclosure_control"]), and the
  attack run again on the run's warehouse, timed;
* the cost: dbt's run_results.json, grouped into the disclosure control models (the search
  rounds apart), the HR marts, and the dbt tests on them.

A size passes when the run published (every gate, the attack among them, passed) and the
mean detail beats 55 %. It prints one block per size and exits 1 if a size failed. Generated
data and run folders are deleted unless --keep is given. Not part of `make test`.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from hodh.reidentification import check_reidentification  # noqa: E402

# The disclosure control models (models/intermediate/hr/disclosure/) and its audit tables.
DISCLOSURE_PREFIXES = ("int_employees__", "int_applicants__", "int_rank_history__")
HR_MARTS = ("employees", "rank_history", "abstractions", "assignments", "applicants",
            "applicant_status")  # fmt: skip
TARGET_MEAN = 0.55


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, nargs="+", default=[20_000, 50_000])
    parser.add_argument("--crimes", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2010)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "bench" / "disclosure")
    parser.add_argument("--keep", action="store_true", help="keep raw data and run folders")
    args = parser.parse_args()
    failed = False
    for employees in args.employees:
        folder = args.out / f"{employees}"
        try:
            failed |= not measure(folder, employees, args.crimes, args.seed)
        finally:
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


def measure(folder: Path, employees: int, crimes: int, seed: int) -> bool:
    raw, out, work = folder / "raw", folder / "out", folder / "work"
    if not raw.is_dir():
        subprocess.run(
            [BIN / "hodh", "generate", "--out", raw, "--crimes", str(crimes),
             "--employees", str(employees), "--seed", str(seed), "--dirty", "0.02", "--quiet"],
            check=True, cwd=ROOT,
        )  # fmt: skip
    key = secrets.token_hex(32)
    started = time.monotonic()
    finished = subprocess.run(
        [BIN / "hodh", "run", "--raw", raw, "--out", out, "--work", work, "--quiet"],
        capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "HODH_PSEUDONYM_KEY": key},
    )  # fmt: skip
    run_seconds = time.monotonic() - started
    [run_dir] = [path for path in work.iterdir() if path.is_dir() and path.name[0] != "."]
    print(f"\n== {employees:,} staff: hodh run exit {finished.returncode} in {run_seconds:.1f} s")
    if finished.returncode != 0:
        summary = json.loads((run_dir / "report" / "summary.json").read_text())
        print("   failed:", *summary["failed"], sep="\n     ")
        return False
    [package] = [path for path in out.iterdir() if path.is_dir()]
    manifest = json.loads((package / "manifest.json").read_text())
    report = manifest["run_report"]
    mean = kept(report)
    steps(report)
    attack(manifest["disclosure_control"], run_dir, key)
    costs(run_dir / "target" / "run_results.json")
    return mean > TARGET_MEAN


def kept(report: dict) -> float:
    rows = report["disclosure_control_detail"]
    mean = 0.0
    for population in ("employees", "applicants"):
        columns = [row for row in rows if row["population"] == population]
        records = columns[0]["records"]
        shares = ", ".join(
            f"{row['column_name']} {row['share_kept']:.1%}" for row in columns
            if row["column_name"] != "mean"
        )  # fmt: skip
        [row] = [row for row in columns if row["column_name"] == "mean"]
        print(f"   {population} ({records:,}): mean detail {row['share_kept']:.1%} ({shares})")
        if population == "employees":
            mean = row["share_kept"]
    return mean


def steps(report: dict) -> None:
    ordered = sorted(
        report["disclosure_control_steps"], key=lambda row: (row["population"], row["step_order"])
    )
    touched = [
        f"{row['step']} {row['records_touched']:,}" for row in ordered if row["records_touched"]
    ]
    print("   steps:", "; ".join(touched))
    rounds = {}
    for row in report["disclosure_control_rounds"]:
        rounds.setdefault(row["population"], {}).setdefault(row["search_round"], 0)
        rounds[row["population"]][row["search_round"]] += row["records_changed"]
    for population, changed in rounds.items():
        print(f"   {population} search, records changed per round:", dict(sorted(changed.items())))


def attack(figures: dict, run_dir: Path, key: str) -> None:
    one, applicants, two, three = (
        figures["rule_1_employees"], figures["rule_1_applicants"], figures["rule_2"],
        figures["rule_3"],
    )  # fmt: skip
    print(
        f"   rule 1: employees {one['classes']:,} classes, smallest {one['smallest_class']}, "
        f"{one['records_below_k']} below k; applicants smallest {applicants['smallest_class']}, "
        f"{applicants['records_below_k']} below k; join year read off the earliest date: "
        f"{figures['rule_1_employees_join_year_from_earliest_date']['records_below_k']} below k"
    )
    print(
        f"   rule 2: {two['targets']} protected holders, fewest candidates "
        f"{two['fewest_candidates_all']} (median {two['median_candidates_all']}), as telling "
        f"as the holder's record {two['fewest_candidates_as_telling_as_own_record']}, saying "
        f"something {two['fewest_candidates_saying_something']}, join month from the first "
        f"rows {two['fewest_candidates_join_month_from_first_rows']}; below k "
        f"{two['targets_below_k_all']} / {two['targets_below_k_as_telling_as_own_record']} / "
        f"{two['targets_below_k_saying_something']} / "
        f"{two['targets_below_k_join_month_from_first_rows']}"
    )
    scans = sum(count for name, count in three.items() if name.startswith("scanned_"))
    print(f"   rule 3: {three['leaks']} values given back; scans of other columns: {scans}")
    started = time.monotonic()
    again = check_reidentification(
        run_dir / "hodh.duckdb", k=figures["k"], settings={}, key=key.encode()
    )
    print(
        f"   the attack again on the run's warehouse: "
        f"{'nothing found' if again.outcome.passed else again.outcome.failures()} "
        f"in {time.monotonic() - started:.1f} s"
    )


def costs(run_results: Path) -> None:
    results = json.loads(run_results.read_text())["results"]
    groups = {"disclosure models": 0.0, "of which search rounds": 0.0, "HR marts": 0.0,
              "tests on them": 0.0}  # fmt: skip
    for node in results:
        name = node["unique_id"].split(".")[-1]
        seconds = node["execution_time"]
        if node["unique_id"].startswith("model."):
            if "__search_round_" in name:
                groups["of which search rounds"] += seconds
            disclosure = name.startswith(DISCLOSURE_PREFIXES) and not name.endswith(
                ("__validated", "__pseudonymised")
            )
            if disclosure or name.startswith("disclosure_control"):
                groups["disclosure models"] += seconds
            elif name in HR_MARTS:
                groups["HR marts"] += seconds
        elif node["unique_id"].startswith("test.") and any(
            part in name for part in ("k_anonymous", "rows_reconciled", "disclosure", "__linked",
                                      "__generalised", "__levels", "__search_round", "__ordered",
                                      "protected_groups")
        ):  # fmt: skip
            groups["tests on them"] += seconds
    print("   dbt seconds:", ", ".join(f"{name} {value:.1f}" for name, value in groups.items()))


if __name__ == "__main__":
    raise SystemExit(main())
