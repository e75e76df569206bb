"""Benchmark the report pipeline against the naive CLI chain.

Measures, as medians over ``--runs`` repetitions, wall-clock seconds for

* ``pipeline cold``: ``python -m minelib reports --force`` into an empty output folder
  (one driver process, kernels in parallel workers, in-process HTML and PDF export);
* ``pipeline rerun``: the same command again with nothing changed (all jobs cached),
  beside its floor ``python -m minelib reports --help`` (the same interpreter start and
  imports, no work): the rerun's target is a small multiple of the floor (it hashes the
  inputs and rewrites the index), whatever the machine's load;
* ``naive chain``: per job, one after the other, ``papermill`` CLI, then
  ``jupyter nbconvert --to html --no-input``, then the ``weasyprint`` CLI.

Usage::

    python benchmarks/bench_reports.py                       # fixture notebooks, 4 jobs
    python benchmarks/bench_reports.py --jobs-file reports/jobs.toml --runs 3
    python benchmarks/bench_reports.py --skip-naive --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from minelib import reports  # noqa: E402

FIXTURE_JOBS = """\
[[job]]
name = "demo"
notebook = "notebooks/report_demo.ipynb"
[job.variants.bear]
btc_price_usd = 40000.0
[job.variants.bull]
btc_price_usd = 120000.0

[[job]]
name = "small"
notebook = "notebooks/fails_on_param.ipynb"
"""


def fixture_repo(tmp: Path) -> Path:
    root = tmp / "repo"
    (root / "notebooks").mkdir(parents=True)
    for nb in (ROOT / "tests" / "fixtures" / "notebooks").glob("*.ipynb"):
        shutil.copy(nb, root / "notebooks" / nb.name)
    (root / "data").mkdir()
    (root / "data" / "prices.csv").write_text("date,btc_price_usd\n2024-04-20,64000\n")
    (root / "pyproject.toml").write_text("")
    (root / "jobs.toml").write_text(FIXTURE_JOBS)
    return root


def timed(cmd, *, want_output=False, **kw):
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - t0
    if res.returncode not in (0, 1):
        raise SystemExit(f"command failed ({res.returncode}): {' '.join(map(str, cmd))}\n"
                         f"{res.stdout}\n{res.stderr}")
    return (elapsed, res.stdout) if want_output else elapsed


def cached_rerun(cmd, **kw) -> float:
    """Time a rerun with nothing changed. If minelib/ or data/ changed meanwhile (a shared
    working tree), the first rerun rightly rebuilds; retry until one is all cached."""
    for _ in range(4):
        elapsed, stdout = timed(cmd, want_output=True, **kw)
        if "up to date (use --force" in stdout:
            return elapsed
        print("    (inputs changed during the benchmark; rerun rebuilt, retrying)", flush=True)
    raise SystemExit("rerun never hit the cache: are minelib/ or data/ changing constantly?")


def bin_of(name: str) -> str:
    exe = Path(sys.executable).parent / name
    return str(exe) if exe.exists() else name


def naive_chain(jobs, out: Path) -> float:
    t0 = time.perf_counter()
    for job in jobs:
        d = out / job.name
        d.mkdir(parents=True, exist_ok=True)
        ipynb, html, pdf = d / f"{job.name}.ipynb", d / f"{job.name}.html", d / f"{job.name}.pdf"
        timed([bin_of("papermill"), str(job.path), str(ipynb), "-k", "python3",
               "--cwd", str(job.path.parent), "-y", json.dumps(job.parameters),
               "--no-progress-bar"])
        timed([bin_of("jupyter"), "nbconvert", "--to", "html", "--no-input", str(ipynb),
               "--output", html.name, "--output-dir", str(d)])
        timed([bin_of("weasyprint"), str(html), str(pdf)])
    return time.perf_counter() - t0


def stage_seconds(out: Path) -> dict[str, float]:
    """Worker-seconds per stage (execute, html, pdf) summed over a run's reports: where the
    time went, from the manifest's ``timings_s``."""
    manifest = json.loads((out / "manifest.json").read_text())
    totals: dict[str, float] = {}
    for report in manifest["reports"]:
        for stage, seconds in (report.get("timings_s") or {}).items():
            if stage != "total":
                totals[stage] = totals.get(stage, 0.0) + seconds
    return totals


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs-file", help="job file (default: 4 jobs on the test fixtures)")
    ap.add_argument("--runs", type=int, default=3, help="repetitions (default 3)")
    ap.add_argument("--jobs", type=int, default=None, help="pipeline workers")
    ap.add_argument("--skip-naive", action="store_true", help="skip the naive CLI chain")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmpdir:
        tmp = Path(tmpdir)
        jobs_file = Path(args.jobs_file).resolve() if args.jobs_file else fixture_repo(tmp) / "jobs.toml"
        jobs = reports.load_jobs(jobs_file)
        n = len(jobs)
        base = [sys.executable, "-m", "minelib", "reports", "--jobs-file", str(jobs_file)]
        if args.jobs:
            base += ["--jobs", str(args.jobs)]
        print(f"{n} jobs from {jobs_file}, {args.runs} run(s), {os.cpu_count()} CPUs")

        cold, rerun, floor, naive, stages = [], [], [], [], []
        for r in range(args.runs):
            out = tmp / f"out{r}"
            cold.append(timed(base + ["--out", str(out), "--force"], cwd=tmp))
            stages.append(stage_seconds(out))
            rerun.append(cached_rerun(base + ["--out", str(out)], cwd=tmp))
            floor.append(timed([sys.executable, "-m", "minelib", "reports", "--help"], cwd=tmp))
            print(f"  run {r + 1}: cold {cold[-1]:.2f} s, rerun {rerun[-1]:.2f} s "
                  f"(floor {floor[-1]:.2f} s)", flush=True)
            if not args.skip_naive:
                naive.append(naive_chain(jobs, tmp / f"naive{r}"))
                print(f"  run {r + 1}: naive chain {naive[-1]:.2f} s", flush=True)

        print(f"\n{'mode':<22}{'median total [s]':>18}{'per report [s]':>16}")
        rows = [("pipeline cold", cold), ("pipeline rerun", rerun)]
        if naive:
            rows.append(("naive CLI chain", naive))
        for label, values in rows:
            med = statistics.median(values)
            print(f"{label:<22}{med:>18.2f}{med / n:>16.2f}")
        print(f"\ncold report set: {statistics.median(cold) / n:.2f} s per report (target <= 1.0 s), "
              f"{n} reports, formulas typeset from an empty cache")
        spent = {k: statistics.median(s[k] for s in stages) for k in stages[0]}
        print("worker-seconds per stage, all reports: " + ", ".join(
            f"{k} {v:.1f} s ({v / sum(spent.values()):.0%})" for k, v in spent.items()))
        ratio = statistics.median(rerun) / statistics.median(floor)
        print(f"\ncached rerun: {statistics.median(rerun):.2f} s = {ratio:.2f} x its floor "
              f"(`python -m minelib reports --help`, {statistics.median(floor):.2f} s)")
        if naive:
            print(f"cold pipeline: {statistics.median(naive) / statistics.median(cold):.2f} x "
                  "faster than the naive CLI chain")
    return 0


if __name__ == "__main__":
    sys.exit(main())
