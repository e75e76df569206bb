"""Run the whole benchmark suite (``make bench``) and print each figure with its reference.

Every benchmark prints medians of several runs beside a floor measured in the same run
on the same machine, and the ratio: the grid against bare NumPy, the Monte Carlo against
its random draws, the sweep against the model in bare NumPy on one core per worker, the
report set per report (and a cached rerun against an interpreter start). Performance
targets live here, not in timed tests.

    python benchmarks/run.py            # the suite (make bench), ~5 min on an idle 2-core machine
    python benchmarks/run.py --quick    # smaller sizes, ~1 min (make bench ARGS=--quick)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def suite(quick: bool) -> list[tuple[str, list[str]]]:
    if quick:
        return [
            ("grid evaluation", ["bench_grid.py", "--points", "1000000", "--repeat", "3"]),
            ("Monte Carlo", ["bench_montecarlo.py", "--paths", "10000", "--repeat", "3"]),
            ("Dask sweep", ["bench_sweep.py", "--points", "10000000", "--repeat", "1"]),
            ("report set", ["bench_reports.py", "--runs", "1", "--skip-naive"]),
        ]
    return [
        ("grid evaluation", ["bench_grid.py"]),
        ("Monte Carlo", ["bench_montecarlo.py"]),
        ("Dask sweep", ["bench_sweep.py", "--repeat", "3"]),
        ("report set", ["bench_reports.py", "--jobs-file", str(HERE.parent / "reports" / "jobs.toml"),
                        "--runs", "1", "--skip-naive"]),
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes for a fast check")
    args = ap.parse_args(argv)
    status = 0
    for title, cmd in suite(args.quick):
        print(f"\n=== {title}: {' '.join(cmd)}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(HERE / cmd[0]), *cmd[1:]])
        print(f"--- {title}: exit {rc}, {time.perf_counter() - t0:.1f} s", flush=True)
        status = status or rc
    return status


if __name__ == "__main__":
    sys.exit(main())
