"""`hodh`: the command line a scheduler and a new user call.

Thin on purpose: parse, call, map errors to the exit codes of the contract
(0 published, 1 a gate failed and nothing was published, 2 bad usage or
unusable input, with one line on stderr saying what is wrong).
"""

import argparse
import logging
import signal
import sys
from pathlib import Path

from hodh import PROJECT_DIR
from hodh.inputs import InputError

EXIT_OK, EXIT_GATE_FAILED, EXIT_BAD_INPUT = 0, 1, 2
DEFAULT_POSTCODE_DIRECTORY = PROJECT_DIR / "reference" / "onspd_sample.csv"
# Each run's warehouse, dbt files, log and report (personal data: never in OUT).
DEFAULT_WORK_ROOT = PROJECT_DIR / "warehouse" / "runs"
# Run folders kept in the work folder after a run, its own included (hodh/retention.py).
DEFAULT_KEEP_RUNS = 7

log = logging.getLogger("hodh")


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _at_least_one(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is less than 1")
    return value


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hodh", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="write synthetic raw extracts")
    generate.add_argument("--out", type=Path, required=True, help="folder for the raw CSV files")
    generate.add_argument("--crimes", type=_positive, required=True)
    generate.add_argument("--employees", type=_positive, required=True)
    generate.add_argument("--seed", type=int, required=True)
    generate.add_argument("--dirty", type=_rate, default=0.0, help="share of faulty rows, 0-1")
    generate.add_argument(
        "--onspd",
        type=Path,
        default=DEFAULT_POSTCODE_DIRECTORY,
        help="postcode directory the locations are drawn from (default: the shipped sample)",
    )

    postcodes = commands.add_parser(
        "postcodes", help="write a synthetic postcode directory (sample or full size)"
    )
    postcodes.add_argument("--out", type=Path, required=True, help="CSV file to write")
    postcodes.add_argument("--rows", type=_positive, help="total rows (default: the sample)")
    postcodes.add_argument("--layout", choices=["onspd", "nspl2025", "lookup"], default="onspd")
    postcodes.add_argument("--seed", type=int, default=2010)

    run = commands.add_parser(
        "run", help="build, test, gate, package and audit the feed (exit 0 published, 1 refused)"
    )
    run.add_argument("--raw", type=Path, required=True, help="folder holding the raw CSV files")
    run.add_argument(
        "--out", type=Path, required=True, help="folder for the packages and audit.jsonl"
    )
    run.add_argument("--k", type=_positive, help="k of k-anonymity (default: the dbt var, 5)")
    run.add_argument(
        "--onspd",
        type=Path,
        default=DEFAULT_POSTCODE_DIRECTORY,
        help="ONS Postcode Directory CSV (default: the shipped sample)",
    )
    run.add_argument(
        "--work",
        type=Path,
        default=DEFAULT_WORK_ROOT,
        help="folder for each run's warehouse, dbt files, log and report (default: %(default)s)",
    )
    run.add_argument(
        "--keep-runs",
        type=_at_least_one,
        default=DEFAULT_KEEP_RUNS,
        metavar="N",
        help="after the run, remove the oldest run folders in the work folder so that at most N"
        " remain, this run's included; runs in progress are never removed (default: %(default)s)",
    )

    for command in (generate, postcodes, run):
        command.add_argument("--quiet", action="store_true", help="log warnings and errors only")
    return parser


def _generate(args: argparse.Namespace) -> int:
    from hodh.generate import generate

    if not args.onspd.is_file():
        raise InputError(f"postcode directory {args.onspd} does not exist")
    rows = generate(
        args.out,
        crimes=args.crimes,
        employees=args.employees,
        seed=args.seed,
        dirty=args.dirty,
        postcode_directory=args.onspd,
        progress=log.info,
    )
    log.info("wrote %d raw files, %d rows, to %s", len(rows), sum(rows.values()), args.out)
    return EXIT_OK


def _postcodes(args: argparse.Namespace) -> int:
    from hodh.postcodes import write_postcode_directory

    write_postcode_directory(args.out, rows=args.rows, layout=args.layout, seed=args.seed)
    log.info("wrote postcode directory %s (%s layout)", args.out, args.layout)
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    # Progress on stderr (warnings only with --quiet); everything in the run's log file;
    # Great Expectations' INFO chatter, from the moment it is imported, nowhere.
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.WARNING if args.quiet else logging.INFO)
    logging.getLogger("hodh").setLevel(logging.DEBUG)
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    from hodh.pipeline import RunRequest, run_feed

    # A scheduler stops a run with SIGTERM: end it like Ctrl-C, so nothing half-written stays.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    request = RunRequest(
        raw_dir=args.raw,
        out_dir=args.out,
        postcode_directory=args.onspd,
        k=args.k,
        work_root=args.work,
        keep_runs=args.keep_runs,
    )
    result = run_feed(request)
    if result.exit_code == EXIT_OK:
        if not args.quiet:
            print(f"package: {result.package}")
            print(f"report:  {result.package / 'report' / 'index.html'}")
    else:
        report = f"; report: {result.report / 'index.html'}" if result.report else ""
        print(f"hodh: {result.reason}{report}", file=sys.stderr)
    return result.exit_code


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    handlers = {"generate": _generate, "postcodes": _postcodes, "run": _run}
    try:
        return handlers[args.command](args)
    except InputError as error:
        print(f"hodh: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
