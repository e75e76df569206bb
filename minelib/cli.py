"""Command-line entry point: ``minelib <command>`` (also ``python -m minelib``).

Each command registers itself with a ``_add_<command>(subparsers)`` function that sets
``func`` on its parser; ``main`` returns the exit status. Commands: ``reports`` (the
batch pipeline, :mod:`minelib.reports`), ``refresh`` (live network data,
:mod:`minelib.live`) and ``student`` (the student form of a teaching notebook,
:mod:`minelib.exercises`).

Exit status of ``minelib reports``: 0 every report ok, 1 a report failed (its last good
report is kept), 2 invalid job file or arguments (nothing run), 3 another run holds the
lock on the output folder (nothing run). Other commands: 0 success, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import os
import sys


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {n}")
    return n


def _cmd_reports(args) -> int:
    # jsonschema (imported by nbformat) loads rfc3987-syntax, ~1 s of grammar building, only
    # for the "iri" string formats that notebook schemas never use; skip it in this process.
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
    from . import reports

    try:
        overrides = reports.parse_overrides(args.param)
        result = reports.run_reports(
            args.jobs_file, out=args.out, root=args.root, only=args.only,
            overrides=overrides, force=args.force, workers=args.jobs,
            timeout=args.timeout, dry_run=args.dry_run,
            reuse_kernels=not args.fresh_kernels, data_source=args.data,
        )
    except reports.JobFileError as exc:
        print("minelib reports: invalid job specification, nothing was run:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except reports.ReportsLocked as exc:
        print(f"minelib reports: {exc}", file=sys.stderr)
        return 3
    return result.exit_code


def _add_reports(sub) -> None:
    p = sub.add_parser(
        "reports",
        help="run the notebooks for each parameter set and publish HTML/PDF reports",
        description=(
            "Execute every job of the job file (notebook x parameter set) with papermill "
            "in parallel, and publish <out>/<job>/<job>.ipynb|.html|.pdf, <out>/index.html "
            "and <out>/manifest.json. Jobs whose inputs did not change are skipped."),
        epilog=("exit status: 0 all ok; 1 a report failed (its last good report is kept); "
                "2 invalid job file or arguments (nothing run); 3 another run is writing "
                "to the output folder (nothing run). "
                "Example: minelib reports --only 'hashprice*' -p power_price_usd_per_kwh=0.06"),
    )
    p.add_argument("--jobs-file", default=os.path.join("reports", "jobs.toml"), metavar="PATH",
                   help="TOML job list (default: reports/jobs.toml)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="output folder (default: reports/ in the repository root)")
    p.add_argument("--root", default=None, metavar="DIR",
                   help="folder notebook paths are relative to (default: the nearest "
                        "parent of the job file with pyproject.toml or .git)")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="run only jobs matching this name or glob (repeatable)")
    p.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                   help="override a parameter for the selected jobs; VALUE is a Python "
                        "literal (unquoted text is a string); repeatable")
    p.add_argument("--force", action="store_true", help="rerun even if up to date")
    p.add_argument("-j", "--jobs", type=_positive_int, default=None, metavar="N",
                   help="parallel workers (default: number of CPUs)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="per-cell execution timeout (default: none)")
    p.add_argument("--data", choices=("snapshot", "refreshed"), default="snapshot",
                   help="network history for notebooks that read it: the shipped snapshot "
                        "(default, offline) or the cache of `minelib refresh`")
    p.add_argument("--fresh-kernels", action="store_true",
                   help="start a new kernel for every job instead of resetting one kernel "
                        "per worker between jobs (slower, fully isolated)")
    p.add_argument("--dry-run", action="store_true",
                   help="validate and show which jobs would run, run nothing")
    p.set_defaults(func=_cmd_reports)


def _add_refresh(sub) -> None:
    from minelib import live

    live.add_refresh_arguments(sub.add_parser(
        "refresh", help="refresh the network history from public sources into the cache",
        description="Fetch mempool.space, Coin Metrics and blockchain.com data, normalise "
                    "it to one schema and cache it atomically; a failed source keeps its "
                    "last good cache."))


def _cmd_student(args) -> int:
    from minelib.exercises import write_student_form

    try:
        n = write_student_form(args.notebook, args.output)
    except ValueError as exc:
        print(f"minelib student: {exc}", file=sys.stderr)
        return 2
    if n == 0:
        print(f"minelib student: {args.notebook} has no cell tagged 'solution'; "
              f"{args.output} is the notebook without outputs", file=sys.stderr)
    else:
        print(f"minelib student: wrote {args.output} ({n} solution cell(s) removed, "
              "outputs cleared)")
    return 0


def _add_student(sub) -> None:
    p = sub.add_parser(
        "student", help="write the student form of a teaching notebook (no solutions)",
        description="Copy a teaching notebook without its cells tagged 'solution' and "
                    "without outputs, for a teacher to hand out; the exercise checker stays.",
        epilog="exit status: 0 written, 2 unreadable notebook or bad arguments. "
               "Example: minelib student notebooks/07_primer.ipynb -o primer-student.ipynb")
    p.add_argument("notebook", help="the teaching notebook (.ipynb)")
    p.add_argument("-o", "--output", required=True, metavar="PATH",
                   help="where to write the student form (not the notebook itself)")
    p.set_defaults(func=_cmd_student)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minelib", description="minelib: Bitcoin mining economics workbook tools")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_reports(sub)
    _add_refresh(sub)
    _add_student(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``minelib`` command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
