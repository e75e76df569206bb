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
import tempfile
from pathlib import Path


def _whole_number(minimum: int):
    """An argparse type: a whole number >= ``minimum``."""
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number >= {minimum}, got {text!r}") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number >= {minimum}, got {n}")
        return n
    return parse


_positive_int = _whole_number(1)


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


def _positive_seconds(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, got {text!r}") from None
    if not (x > 0 and x != float("inf")):
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, got {text!r}")
    return x


def _base_url(text: str) -> tuple[str, str]:
    """``SOURCE=URL`` -> ``(source, url)``: a known source and an http(s) URL with a host."""
    from urllib.parse import urlsplit

    from minelib.live import SOURCES

    name, sep, url = text.partition("=")
    if not sep or name not in SOURCES:
        raise argparse.ArgumentTypeError(
            f"expected SOURCE=URL with SOURCE one of {', '.join(SOURCES)}, got {text!r}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"{name}: expected an http(s) URL with a host, got {url!r}")
    return name, url.rstrip("/")


def _cache_dir(text: str) -> Path:
    """A directory the cache can be written to: an existing writable folder, or one that
    can be created (its nearest existing parent is a writable folder). Creates nothing:
    the parent is probed with a temporary folder that is removed at once."""
    path = Path(text).expanduser()
    parent = path
    try:
        while not parent.exists():
            parent = parent.parent
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: cannot look at {parent} ({exc.strerror})") from None
    if not parent.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r}: {parent} is not a directory")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".minelib-probe-", dir=parent))
    except OSError as exc:
        what = "is not writable" if parent == path else "does not accept a new folder"
        raise argparse.ArgumentTypeError(
            f"{text!r}: cannot write the cache there, {parent} {what} ({exc.strerror})") from None
    return path


def _cmd_refresh(args) -> int:
    from minelib import live

    cache = args.cache or live.default_cache_dir()
    if args.offline:
        m = live.manifest(cache)
        print(f"minelib refresh --offline: nothing fetched; cache {cache}")
        for s in live.SOURCES:
            side = m["sources"].get(s)
            if side and "sha256" in side:
                print(f"  {s:<12} {side['rows']:>6} rows  {side['date_min']} .. {side['date_max']}"
                      f"  retrieved {side['retrieved_utc']}  sha256 {side['sha256'][:12]}")
            else:
                print(f"  {s:<12} not cached")
        uses = live.data_version_of("refreshed", cache).split(":", 1)[0]
        print(f"  load_network_history('refreshed') uses: {uses}")
        return 0
    chosen = args.source or ["all"]
    sources = live.SOURCES if "all" in chosen else tuple(dict.fromkeys(chosen))
    print(f"minelib refresh: {', '.join(sources)} -> {cache}")
    res = live.refresh(sources, cache, base_urls=dict(args.base_url), timeout=args.timeout,
                       retries=args.retries, allow_shorter=args.allow_shorter,
                       log=lambda m: print(m, flush=True))
    if not res.ok:
        print(f"minelib refresh: {len(res.failed)} source(s) failed: {', '.join(res.failed)}",
              file=sys.stderr)
        return 1
    return 0


def _add_refresh(sub) -> None:
    from minelib.live import SOURCES

    p = sub.add_parser(
        "refresh", help="refresh the network history from public sources into the cache",
        description=(
            "Download network history (hashrate, difficulty, rewards, price) from "
            "mempool.space, Coin Metrics and blockchain.com, normalise it to one daily "
            "schema with explicit units, validate it and cache it atomically. A failed or "
            "implausible download never replaces good cached data."),
        epilog=("exit status: 0 all requested sources refreshed, 1 a source failed (its "
                "previous cache is kept), 2 invalid arguments. Cache: --cache, else "
                "$MINELIB_CACHE_DIR, else <repo>/.cache/network/."),
    )
    p.add_argument("--source", action="append", choices=[*SOURCES, "all"], default=None,
                   help="which source to refresh; repeatable (default: all)")
    p.add_argument("--cache", type=_cache_dir, default=None, metavar="DIR",
                   help="cache directory (default: $MINELIB_CACHE_DIR or <repo>/.cache/network)")
    p.add_argument("--offline", action="store_true",
                   help="fetch nothing; show what is cached and what notebooks would use")
    p.add_argument("--timeout", type=_positive_seconds, default=30.0, metavar="SECONDS",
                   help="per-request timeout (default: 30)")
    p.add_argument("--retries", type=_whole_number(0), default=3, metavar="N",
                   help="retries on HTTP 429/5xx, refused connections, timeouts (default: 3)")
    p.add_argument("--allow-shorter", action="store_true",
                   help="accept a history shorter than the cached one (otherwise a shorter "
                        "download is taken for a cut one and the cache is kept)")
    p.add_argument("--base-url", type=_base_url, action="append", default=[], metavar="SOURCE=URL",
                   help="fetch SOURCE from URL instead of its public address (a mirror or "
                        "a local fixture server); repeatable")
    p.set_defaults(func=_cmd_refresh)


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
    """The ``minelib`` argument parser, one subcommand per job: ``reports``, ``refresh``, ``student``.

    Each subcommand's parser sets ``func``, the function :func:`main` calls with the
    parsed arguments. Option values are checked by argparse types (``--jobs`` a whole
    number >= 1, ``--timeout`` of ``refresh`` a number of seconds > 0, ``--base-url`` a
    known source and an http(s) URL, ``--cache`` a folder that can be written), so a bad
    value stops at parsing with exit status 2 and nothing runs.

    Returns
    -------
    argparse.ArgumentParser
        ``parse_args`` gives a namespace with ``command``, the subcommand's options and
        ``func``.

    Examples
    --------
    >>> args = build_parser().parse_args(["student", "notebooks/07_primer.ipynb", "-o", "s.ipynb"])
    >>> args.command, args.notebook, args.output
    ('student', 'notebooks/07_primer.ipynb', 's.ipynb')
    >>> args = build_parser().parse_args(["reports", "--only", "costs*", "-j", "2"])
    >>> args.only, args.jobs, args.jobs_file
    (['costs*'], 2, 'reports/jobs.toml')
    """
    parser = argparse.ArgumentParser(
        prog="minelib", description="minelib: Bitcoin mining economics workbook tools")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_reports(sub)
    _add_refresh(sub)
    _add_student(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``minelib`` command line (``minelib COMMAND ...`` or ``python -m minelib``).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status, as the module docstring lists it per command (``reports``: 0 all
        ok, 1 a report failed, 2 invalid job file or arguments, 3 the output folder is
        locked by another run; ``refresh``: 0 ok, 1 a source failed; ``student``: 0
        written, 2 unreadable notebook).

    Raises
    ------
    SystemExit
        From argparse, before any command runs: status 2 on a bad or missing argument,
        0 after ``--help``.

    Examples
    --------
    The student form of a small teaching notebook, written in a temporary folder:

    >>> import json, tempfile
    >>> from pathlib import Path
    >>> tmp = tempfile.TemporaryDirectory()
    >>> nb = {"cells": [{"cell_type": "code", "metadata": {"tags": ["solution"]},
    ...                  "source": "answer = 3.125 / 2", "outputs": [], "execution_count": None}],
    ...       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    >>> teacher = Path(tmp.name) / "teacher.ipynb"
    >>> _ = teacher.write_text(json.dumps(nb))
    >>> main(["student", str(teacher), "-o", str(Path(tmp.name) / "student.ipynb")])  # doctest: +ELLIPSIS
    minelib student: wrote .../student.ipynb (1 solution cell(s) removed, outputs cleared)
    0
    >>> tmp.cleanup()
    """
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
