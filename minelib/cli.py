"""Command-line entry point: ``minelib <command>`` (also ``python -m minelib``).

Each command registers itself with a ``_add_<command>(subparsers)`` function that sets
``func`` on its parser; ``main`` returns the exit status. Commands: ``reports`` (the
batch pipeline, :mod:`minelib.reports`) and ``refresh`` (live network data,
:mod:`minelib.live`).

Exit status: 0 success, 1 a report failed, 2 invalid job file / arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


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
    return result.exit_code


def _add_reports(sub) -> None:
    p = sub.add_parser(
        "reports",
        help="run the notebooks for each parameter set and publish HTML/PDF reports",
        description=(
            "Execute every job of the job file (notebook x parameter set) with papermill "
            "in parallel, and publish <out>/<job>/<job>.ipynb|.html|.pdf, <out>/index.html "
            "and <out>/manifest.json. Jobs whose inputs did not change are skipped."),
        epilog=("exit status: 0 all ok, 1 a report failed (its last good report is kept), "
                "2 invalid job file or arguments (nothing run). "
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


def _cmd_refresh(args) -> int:
    from minelib import live

    cache = Path(args.cache) if args.cache else live.default_cache_dir()
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
    if args.retries < 0 or args.timeout <= 0:
        print("minelib refresh: --retries must be >= 0 and --timeout > 0", file=sys.stderr)
        return 2
    base_urls = {}
    for item in args.base_url:
        name, sep, url = item.partition("=")
        if not sep or name not in live.SOURCES or not url.startswith(("http://", "https://")):
            print(f"minelib refresh: --base-url {item!r}: expected SOURCE=URL with SOURCE one of "
                  f"{', '.join(live.SOURCES)} and an http(s) URL", file=sys.stderr)
            return 2
        base_urls[name] = url.rstrip("/")
    sources = live.SOURCES if args.source == "all" else (args.source,)
    print(f"minelib refresh: {', '.join(sources)} -> {cache}")
    res = live.refresh(sources, cache, base_urls=base_urls, timeout=args.timeout,
                       retries=args.retries, log=lambda m: print(m, flush=True))
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
    p.add_argument("--source", choices=[*SOURCES, "all"], default="all",
                   help="which source to refresh (default: all)")
    p.add_argument("--cache", default=None, metavar="DIR",
                   help="cache directory (default: $MINELIB_CACHE_DIR or <repo>/.cache/network)")
    p.add_argument("--offline", action="store_true",
                   help="fetch nothing; show what is cached and what notebooks would use")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="per-request timeout (default: 30)")
    p.add_argument("--retries", type=int, default=3, metavar="N",
                   help="retries on HTTP 429/5xx, refused connections, timeouts (default: 3)")
    p.add_argument("--base-url", action="append", default=[], metavar="SOURCE=URL",
                   help="fetch SOURCE from URL instead of its public address (a mirror or "
                        "a local fixture server); repeatable")
    p.set_defaults(func=_cmd_refresh)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minelib", description="minelib: Bitcoin mining economics workbook tools")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_reports(sub)
    _add_refresh(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``minelib`` command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
