"""`hodh`: the command line a scheduler and a new user call.

Thin on purpose: parse, call, map errors to the exit codes of the contract. Every refusal
of bad usage or unusable input is one line on stderr and exit 2, never a traceback.
"""

import argparse
import json
import logging
import signal
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from hodh.constants import (
    DEFAULT_KEEP_RUNS,
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_POSTCODE_DIRECTORY,
    DEFAULT_WORK_ROOT,
    EXIT_BAD_INPUT,
    EXIT_GATE_FAILED,
    EXIT_OK,
    KEY_VARIABLE,
    MEMORY_LIMIT_VARIABLE,
    TEMP_DIR_VARIABLE,
)
from hodh.inputs import InputError
from hodh.profiles import DEFAULT_PROFILE, profile_names
from hodh.project import k_minimum

EXIT_CODES = f"""exit status:
  {EXIT_OK}  a package was published (hodh run), or the command did its work
  {EXIT_GATE_FAILED}  a dbt test or an expectation failed, or the run could not finish:
     nothing was published, the report and OUT/audit.jsonl name what failed
  {EXIT_BAD_INPUT}  bad usage or unusable input (missing key, missing or malformed file):
     one line on stderr says what is wrong"""

RUN_ENVIRONMENT = f"""environment:
  {KEY_VARIABLE}  the force's secret pseudonym key (required): 64 hex characters
      from a secure generator: python -c 'import secrets; print(secrets.token_hex(32))'
  {MEMORY_LIMIT_VARIABLE}  DuckDB's memory limit (default {DEFAULT_MEMORY_LIMIT}); leave 0.7 GB more
  {TEMP_DIR_VARIABLE}  where a plain `dbt build` spills (hodh run spills into its work folder)

{EXIT_CODES}"""

ASSESS_ENVIRONMENT = f"""environment:
  {KEY_VARIABLE}  used when set (checked as hodh run checks it); without it the
      build uses a random key made for the assessment and kept nowhere: no pseudonym
      leaves an assessment
  {MEMORY_LIMIT_VARIABLE}  DuckDB's memory limit (default {DEFAULT_MEMORY_LIMIT})

exit status:
  {EXIT_OK}  the assessment was written (its page's path on stdout)
  {EXIT_GATE_FAILED}  the warehouse could not be built, or the assessment could not finish
  {EXIT_BAD_INPUT}  bad usage or unusable input: one line on stderr says what is wrong"""

log = logging.getLogger("hodh")


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (what is wrong, where to read more), exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


def whole_number(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} is less than {minimum}")
        return value

    return parse


def share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def profile_name(text: str) -> str:
    """A requirement profile of requirement_profiles/, by name."""
    known = profile_names()
    if text not in known:
        raise argparse.ArgumentTypeError(
            f"no requirement profile {text!r} (known: {', '.join(known)})"
        )
    return text


def build_parser() -> Parser:
    formatter = argparse.RawDescriptionHelpFormatter
    description = __doc__.splitlines()[0]
    parser = Parser(
        prog="hodh", description=description, epilog=EXIT_CODES, formatter_class=formatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    generate = commands.add_parser(
        "generate",
        help="write synthetic raw extracts",
        epilog=EXIT_CODES,
        formatter_class=formatter,
    )
    generate.add_argument("--out", type=Path, required=True, help="folder for the raw CSV files")
    generate.add_argument("--crimes", type=whole_number(1), required=True, metavar="N")
    generate.add_argument("--employees", type=whole_number(1), required=True, metavar="N")
    generate.add_argument("--seed", type=whole_number(0), required=True, metavar="S")
    generate.add_argument("--dirty", type=share, default=0.0, help="share of faulty rows, 0-1")
    generate.add_argument(
        "--onspd",
        type=Path,
        default=DEFAULT_POSTCODE_DIRECTORY,
        help="postcode directory the locations are drawn from (default: the shipped sample)",
    )

    postcodes = commands.add_parser(
        "postcodes",
        help="write a synthetic postcode directory (sample or full size)",
        epilog=EXIT_CODES,
        formatter_class=formatter,
    )
    postcodes.add_argument("--out", type=Path, required=True, help="CSV file to write")
    postcodes.add_argument(
        "--rows", type=whole_number(1), metavar="N", help="total rows (default: the sample)"
    )
    postcodes.add_argument("--layout", choices=["onspd", "nspl2025", "lookup"], default="onspd")
    postcodes.add_argument("--seed", type=whole_number(0), default=2010, metavar="S")

    run = commands.add_parser(
        "run",
        help="build, test, gate, package and audit the feed (exit 0 published, 1 refused)",
        description="Build, test, gate, package and audit the feed; publish OUT/<run_id>/ "
        "only when every dbt test and expectation passed.",
        epilog=RUN_ENVIRONMENT,
        formatter_class=formatter,
    )
    run.add_argument("--raw", type=Path, required=True, help="folder holding the raw CSV files")
    run.add_argument(
        "--out", type=Path, required=True, help="folder for the packages and audit.jsonl"
    )
    run.add_argument(
        "--k",
        type=whole_number(k_minimum()),
        metavar="K",
        help=f"k of k-anonymity, at least {k_minimum()} (default: the dbt var k_anonymity)",
    )
    run.add_argument(
        "--profile",
        default=DEFAULT_PROFILE,
        metavar="NAME",
        help="the requirement profile the export must match, from requirement_profiles/ "
        f"({', '.join(profile_names())}); one that exports anything never supplied is "
        "refused at the gates (default: %(default)s)",
    )
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
        "--engine",
        choices=["duckdb", "spark"],
        default="duckdb",
        help="what dbt builds on: DuckDB in the run folder, or a local Spark session "
        "(docs/spark.md; the gates and the package then read a DuckDB copy of what Spark "
        "built) (default: %(default)s)",
    )
    run.add_argument(
        "--keep-runs",
        type=whole_number(1),
        default=DEFAULT_KEEP_RUNS,
        metavar="N",
        help="after a run that got as far as building, remove the oldest run folders so that at"
        " most N remain, this run's included; runs in progress are never removed"
        " (default: %(default)s)",
    )

    assess = commands.add_parser(
        "assess",
        help="a data protection impact assessment of the requirement profiles on the raw data",
        description="Build the warehouse as hodh run does (nothing is published, no audit "
        "line), measure what each requirement profile would disclose, and write "
        "OUT/assessment-<id>/index.html and assessment.json: counts, shares and column names "
        "only. Exit 0 when the page is written.",
        epilog=ASSESS_ENVIRONMENT,
        formatter_class=formatter,
    )
    assess.add_argument("--raw", type=Path, required=True, help="folder holding the raw CSV files")
    assess.add_argument(
        "--out",
        type=Path,
        required=True,
        help="folder for the assessment (not the feed's OUT: it holds packages only)",
    )
    assess.add_argument(
        "--profile",
        type=profile_name,
        action="extend",
        nargs="+",
        metavar="NAME",
        help=f"requirement profiles to compare (default: all: {', '.join(profile_names())})",
    )
    assess.add_argument(
        "--onspd",
        type=Path,
        default=DEFAULT_POSTCODE_DIRECTORY,
        help="ONS Postcode Directory CSV (default: the shipped sample)",
    )
    assess.add_argument(
        "--k",
        type=whole_number(k_minimum()),
        metavar="K",
        help=f"k of k-anonymity, at least {k_minimum()} (default: the dbt var k_anonymity)",
    )
    assess.add_argument(
        "--work",
        type=Path,
        default=DEFAULT_WORK_ROOT,
        help="folder for the assessment's warehouse and log, removed by retention like a "
        "run's (default: %(default)s)",
    )

    for command in (generate, postcodes, run, assess):
        command.add_argument(
            "--quiet",
            action="store_true",
            help="log warnings and errors only (hodh run still prints its package path, hodh"
            " assess its page's)",
        )
        command.add_argument(
            "--log-format",
            choices=["text", "json"],
            default="text",
            help="text lines, or one JSON object per line for a log collector (default: text)",
        )
    return parser


class JsonFormatter(logging.Formatter):
    """One JSON object per log record: time (UTC, ISO 8601), level, logger, message."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
                "level": record.levelname,
                "logger": record.name,
                "message": record.getMessage(),
            }
        )


def _configure_logging(args: argparse.Namespace) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING if args.quiet else logging.INFO)
    if args.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # Everything of the run goes to its log file (hodh.pipeline); Great Expectations'
    # INFO chatter, from the moment it is imported, nowhere.
    logging.getLogger("hodh").setLevel(logging.DEBUG)
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


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

    try:
        write_postcode_directory(args.out, rows=args.rows, layout=args.layout, seed=args.seed)
    except ValueError as error:  # the only one: --rows below the London sample's size
        raise InputError(f"--rows: {error}") from None
    log.info("wrote postcode directory %s (%s layout)", args.out, args.layout)
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
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
        profile=args.profile,
        engine=args.engine,
    )
    result = run_feed(request)
    if result.exit_code == EXIT_OK:
        # stdout is only this: the package path alone when quiet (for a scheduler to capture)
        if args.quiet:
            print(result.package)
        else:
            print(f"package: {result.package}")
            print(f"report:  {result.package / 'report' / 'index.html'}")
    else:
        report = f"; report: {result.report / 'index.html'}" if result.report else ""
        _say(args, f"{result.reason}{report}")
    return result.exit_code


def _assess(args: argparse.Namespace) -> int:
    """`hodh assess`: the page's path on stdout (alone when quiet), else the one line."""
    from hodh.assess import AssessRequest, assess

    signal.signal(signal.SIGTERM, signal.default_int_handler)
    request = AssessRequest(
        raw_dir=args.raw,
        out_dir=args.out,
        postcode_directory=args.onspd,
        work_root=args.work,
        profiles=tuple(dict.fromkeys(args.profile or ())),
        k=args.k,
    )
    result = assess(request)
    if result.exit_code == EXIT_OK:
        if args.quiet:
            print(result.page)
        else:
            print(f"page: {result.page}")
            print(f"json: {result.data}")
    else:
        _say(args, result.reason)
    return result.exit_code


def _say(args: argparse.Namespace, message: str) -> None:
    """The one line on stderr that says why a command did not do its work."""
    if args.log_format == "json":
        record = logging.makeLogRecord({"name": "hodh", "levelname": "ERROR", "msg": message})
        line = JsonFormatter().format(record)
    else:
        line = f"hodh {args.command}: {message}"
    print(line, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging(args)
    handlers = {"generate": _generate, "postcodes": _postcodes, "run": _run, "assess": _assess}
    try:
        return handlers[args.command](args)
    except InputError as error:
        _say(args, str(error))
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
