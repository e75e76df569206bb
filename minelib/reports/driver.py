"""The driver: plan a run, take the lock, run the jobs in workers, publish, catalogue.

:func:`run_reports` is what ``minelib reports`` does, in named steps:

1. :func:`_plan` validates the job file, the ``--only`` patterns and the overrides, and
   computes every job's cache key (nothing heavy is imported);
2. under :func:`_locked` (one run per output folder), :func:`_recover` cleans up after
   an interrupted run, and :func:`_split_cached` sets aside the jobs whose inputs are
   unchanged;
3. :func:`_run_jobs` runs the rest in a process pool (:func:`minelib.reports.worker.execute_job`)
   and, as each finishes, :func:`_record_success` publishes its folder atomically
   (:func:`_publish`) or :func:`_record_failure` keeps the last good report and files
   the failed notebook under ``_failed/``;
4. the manifest and index are rewritten after every job and at the end
   (:mod:`minelib.reports.index`), and :func:`_log_failures` ends with a summary.
"""

from __future__ import annotations

import gc
import json
import math
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .index import error_line, load_manifest, write_index
from .inspection import notebook_title, type_name
from .jobs import Job, JobFileError, apply_overrides, display_path, find_root, load_jobs, select_jobs
from .present import item_separator, value_items, value_text
from .versions import PIPELINE_VERSION, code_version, data_version, input_hash, now, source_version

__all__ = ["run_reports", "RunResult", "ReportsLocked", "DATA_SOURCES"]

FAILED_DIR = "_failed"
#: Rendered formulas, content-addressed, shared by the workers and kept for later runs.
FORMULA_CACHE = ".cache/formulas"
#: ``--data`` choices, and the notebook parameter they set.
DATA_SOURCES = ("snapshot", "refreshed")
DATA_SOURCE_PARAM = "source"


@dataclass
class RunResult:
    exit_code: int
    ran: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


@dataclass
class _Plan:
    """Everything decided before the lock is taken."""

    jobs_path: Path
    root: Path
    out: Path
    jobs: list[Job]  # every job of the file (the index lists them all)
    selected: list[Job]  # those this run considers
    data_source: str
    data_ver: str  # version of data/
    job_data_ver: dict[str, str]  # per job: data/ and, on refreshed data, the download
    hashes: dict[str, str]  # per job: cache key
    titles: dict[str, str | None]  # per job: the title its report carries


# --------------------------------------------------------------------------- planning


def _plan(jobs_file, *, out, root, only, overrides, data_source) -> _Plan:
    jobs_path = Path(jobs_file)
    root = Path(root) if root is not None else find_root(jobs_path)
    jobs = load_jobs(jobs_path, root)
    selected = select_jobs(jobs, only, display_path(jobs_path))
    if overrides:
        apply_overrides(selected, overrides)
    out = Path(out) if out is not None else root / "reports"
    if data_source not in DATA_SOURCES:
        raise JobFileError([f"--data {data_source!r}: expected one of {', '.join(DATA_SOURCES)}"])
    data_ver = data_version(root / "data")
    # Notebooks that declare a `source` parameter read the network history; on refreshed
    # data they get source="refreshed" and a data version that pins the cached download.
    job_data_ver = {j.name: data_ver for j in jobs}
    if data_source == "refreshed":
        from minelib import live

        name, sha = live.data_version_of("refreshed").split(":", 1)
        for j in selected:
            if DATA_SOURCE_PARAM in j.declared:
                j.parameters[DATA_SOURCE_PARAM] = "refreshed"
                job_data_ver[j.name] = f"{data_ver}+{name}:{sha[:12]}"
    src_ver = source_version()
    hashes = {j.name: input_hash(j, job_data_ver[j.name], src_ver) for j in jobs}
    nb_titles = {nb: notebook_title(root / nb) for nb in {j.notebook for j in jobs}}
    titles = {j.name: j.title or nb_titles[j.notebook] for j in jobs}
    return _Plan(jobs_path, root, out, jobs, selected, data_source, data_ver, job_data_ver,
                 hashes, titles)


def _dry_run(plan: _Plan, force: bool, log) -> RunResult:
    old = load_manifest(plan.out) if plan.out.is_dir() else {}
    for j in plan.selected:
        prev = old.get(j.name) or {}
        state = ("cached" if not force and prev.get("input_hash") == plan.hashes[j.name]
                 and prev.get("status") == "ok" else "would run")
        log(f"{j.name:<32} {state:<10} {j.notebook} {j.parameters}")
    return RunResult(0)


def _split_cached(plan: _Plan, old: dict, force: bool) -> tuple[list[Job], list[Job]]:
    """(to run, cached): a job is cached if its last report is ok, whole and up to date.

    The jobs to run come longest first (by the last run's duration; new jobs count as
    long), so no worker is left alone with a long job at the end of the run. Among jobs
    of unknown duration, the first job of every notebook comes before any notebook's
    second: two workers never typeset one notebook's formulas side by side, and a
    variant finds its base's formulas in the cache.
    """
    to_run, cached = [], []
    for j in plan.selected:
        prev = old.get(j.name)
        ok_files = prev and prev.get("files") and all(
            (plan.out / f).is_file() for f in prev["files"].values())
        if (not force and prev and ok_files and prev.get("status") == "ok"
                and prev.get("input_hash") == plan.hashes[j.name]):
            cached.append(j)
        else:
            to_run.append(j)
    nth, per_notebook = {}, {}
    for j in to_run:  # 0 for a notebook's first job, 1 for its second ...
        nth[j.name] = per_notebook.get(j.notebook, 0)
        per_notebook[j.notebook] = nth[j.name] + 1
    to_run.sort(key=lambda j: (-((old.get(j.name) or {}).get("duration_s") or math.inf), nth[j.name]))
    return to_run, cached


def _initial_entries(plan: _Plan, old: dict, cached: list[Job]) -> dict[str, dict]:
    """Manifest entries before this run: the previous ones, marked stale or cached."""
    entries: dict[str, dict] = {}
    for j in plan.jobs:
        prev = dict(old.get(j.name) or {})
        if prev:
            prev["stale"] = prev.get("input_hash") != plan.hashes[j.name]
            prev["cached"] = j in cached
            prev["title"] = plan.titles[j.name]
        entries[j.name] = prev or {
            "name": j.name, "notebook": j.notebook, "title": plan.titles[j.name],
            "status": "not run",
            "stale": True, "cached": False, "parameters": _jsonable(j.parameters),
            "headlines": [], "files": None, "error": None, "generated": None,
            "data_version": None, "code_version": None, "input_hash": None,
            "duration_s": None}
    return entries


# ------------------------------------------------------------------ the output folder


def _publish(tmp: Path, dest: Path) -> None:
    """Move a finished job folder into place, replacing the previous one."""
    old = None
    if dest.exists():
        old = dest.with_name(f".old-{dest.name}-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        os.replace(dest, old)
    os.replace(tmp, dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _recover(out: Path) -> None:
    """Clean up after an interrupted run: drop temp folders, restore moved reports."""
    for p in out.iterdir():
        if p.name.startswith(".tmp-") and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.name.startswith(".old-") and p.is_dir():
            name = p.name[len(".old-"):].rsplit("-", 1)[0]
            dest = out / name
            if not dest.exists():
                os.replace(p, dest)
            else:
                shutil.rmtree(p, ignore_errors=True)


class ReportsLocked(RuntimeError):
    """Another ``minelib reports`` run holds the lock on the output folder (exit status 3)."""


@contextmanager
def _locked(out: Path):
    """One run per output folder: an exclusive ``flock`` on ``<out>/.lock``.

    The holder writes its process id and start time into the file, so a second run can
    say who holds it. The kernel drops the lock when the holder exits, even on kill -9.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    fh = open(out / ".lock", "a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown process"
            raise ReportsLocked(
                f"another 'minelib reports' run ({holder}) is writing to {display_path(out)}; "
                "nothing was run: wait for it to finish, or write elsewhere with --out") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, started {now()}\n")
        fh.flush()
        yield
    finally:
        fh.close()


def _files_of(name: str) -> dict:
    return {ext: f"{name}/{name}.{ext}" for ext in ("html", "pdf", "ipynb")}


def _parameter_rows(job: Job) -> list[dict]:
    """The parameter box of a report: every declared parameter, as a reader reads it."""
    return [{"name": n, "items": value_items(value), "sep": item_separator(value),
             "default": value_text(p.default), "overridden": n in job.parameters,
             "annotation": p.annotation or (type_name(p.type) if p.type else "")}
            for n, p in job.declared.items()
            for value in [job.parameters.get(n, p.default)]]


def _jsonable(value):
    return json.loads(json.dumps(value, default=repr))


# ------------------------------------------------------------------------ running


def _task(plan: _Plan, job: Job, *, generated, code_ver, timeout, reuse_kernels) -> dict:
    """What a worker needs to run one job (plain data: it crosses a process boundary)."""
    tmp = plan.out / f".tmp-{job.name}-{os.getpid()}"
    return {"name": job.name, "notebook": str(job.path), "notebook_rel": job.notebook,
            "parameters": job.parameters, "parameter_rows": _parameter_rows(job),
            "title": job.title, "tmp": str(tmp), "generated": generated,
            "data_version": plan.job_data_ver[job.name], "code_version": code_ver,
            "timeout": timeout, "reuse_kernel": reuse_kernels,
            "formula_cache": str(plan.out / FORMULA_CACHE)}


def _record_success(plan: _Plan, job: Job, res: dict, task: dict, entry: dict, *,
                    code_ver: str) -> None:
    out = plan.out
    _publish(Path(task["tmp"]), out / job.name)
    for suffix in (".ipynb", ".log"):  # the failure it recovered from
        (out / FAILED_DIR / f"{job.name}{suffix}").unlink(missing_ok=True)
    entry.clear()
    entry.update({
        "name": job.name, "notebook": job.notebook, "title": plan.titles[job.name],
        "status": "ok", "stale": False, "cached": False,
        "parameters": _jsonable(job.parameters),
        "headlines": res["headlines"], "files": _files_of(job.name),
        "error": None, "failed_notebook": None, "generated": task["generated"],
        "data_version": plan.job_data_ver[job.name], "code_version": code_ver,
        "input_hash": plan.hashes[job.name],
        "duration_s": round(res.get("timings", {}).get("total", 0.0), 2),
        "timings_s": {k: round(v, 3) for k, v in res["timings"].items()}})


def _record_failure(plan: _Plan, job: Job, res: dict, task: dict, entry: dict) -> None:
    out, name, tmp = plan.out, job.name, Path(task["tmp"])
    failed_nb = res.get("failed_notebook")
    kept = None
    if failed_nb and Path(failed_nb).is_file():
        (out / FAILED_DIR).mkdir(exist_ok=True)
        kept = f"{FAILED_DIR}/{name}.ipynb"
        os.replace(failed_nb, out / kept)
    if (tmp / "kernel.log").is_file():
        (out / FAILED_DIR).mkdir(exist_ok=True)
        os.replace(tmp / "kernel.log", out / FAILED_DIR / f"{name}.log")
    shutil.rmtree(tmp, ignore_errors=True)
    if not entry.get("files"):
        entry.update({"name": name, "notebook": job.notebook,
                      "files": None, "headlines": [], "generated": None})
    entry.update({"status": "failed", "error": res["error"],
                  "failed_notebook": kept, "failed_at": task["generated"],
                  "failed_parameters": _jsonable(job.parameters),
                  "stale": True, "cached": False})


def _run_jobs(plan: _Plan, to_run: list[Job], tasks: dict, entries: dict, result: RunResult,
              *, n_workers: int, code_ver: str, manifest, log, t_start: float) -> None:
    """Run the jobs in a process pool; publish and catalogue each as it finishes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from .worker import error_info, execute_job

    ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    by_name = {j.name: j for j in to_run}
    done = 0
    with ProcessPoolExecutor(max_workers=n_workers, mp_context=ctx) as pool:
        futures = {pool.submit(execute_job, t): name for name, t in tasks.items()}
        for fut in as_completed(futures):
            name = futures[fut]
            job = by_name[name]
            try:
                res = fut.result()
            except Exception as exc:  # worker process died
                res = {"name": name, "ok": False, "headlines": [], "timings": {},
                       "error": error_info("worker", exc)}
            done += 1
            if res["ok"]:
                _record_success(plan, job, res, tasks[name], entries[name], code_ver=code_ver)
                result.ran.append(name)
                status = "ok"
            else:
                _record_failure(plan, job, res, tasks[name], entries[name])
                result.failed.append(name)
                status = "FAILED"
            elapsed = res.get("timings", {}).get("total", 0.0)
            log(f"[{done:>{len(str(len(to_run)))}}/{len(to_run)}] {status:<6} {name:<32} "
                f"{elapsed:6.1f} s   (total {time.perf_counter() - t_start:6.1f} s)")
            write_index(plan.out, manifest())


def _log_failures(plan: _Plan, result: RunResult, entries: dict, log) -> None:
    log(f"\n{len(result.failed)} report(s) failed:")
    for name in result.failed:
        e = entries[name]
        log(f"  {name} ({e['notebook']}): {error_line(e['error'])}")
        if e.get("files"):
            log(f"      last good report kept: {e['files']['html']} "
                f"(generated {e.get('generated')})")
        if e.get("failed_notebook"):
            log(f"      executed notebook with the error: "
                f"{display_path(plan.out / e['failed_notebook'])}")


def run_reports(jobs_file: str | os.PathLike = "reports/jobs.toml", *,
                out: str | os.PathLike | None = None, root: str | os.PathLike | None = None,
                only=(), overrides: dict | None = None, force: bool = False,
                workers: int | None = None, timeout: float | None = None,
                dry_run: bool = False, reuse_kernels: bool = True,
                data_source: str = "snapshot", log=print) -> RunResult:
    """Validate, run and publish a report set (what ``minelib reports`` does).

    With ``reuse_kernels`` (the default) each worker keeps one kernel and resets it
    between jobs (namespace, working directory, plot and pandas options), which halves
    the run time; ``reuse_kernels=False`` starts a fresh kernel for every job.

    ``data_source="refreshed"`` runs the notebooks that read the network history
    (those declaring a ``source`` parameter) on the cache of ``minelib refresh``
    (falling back to the shipped snapshot when nothing is cached); their reports and
    the index carry that data's content hash beside the ``data/`` version.

    A job whose inputs (:func:`minelib.reports.versions.input_hash`) are unchanged keeps
    its report; a failing job keeps its last good report and is marked failed in the
    index. Reports are built in a temporary folder and published atomically.

    Parameters
    ----------
    jobs_file : path, optional
        The job file.
    out : path, optional
        Output folder; default ``reports/`` beside the job file's repository.
    root : path, optional
        Repository root; default: found from ``jobs_file``.
    only : iterable of str, optional
        Glob patterns of job names to run (``--only``); empty runs all.
    overrides : dict, optional
        Parameter values applied to every selected job that declares them (``-p``).
    force : bool, optional
        Run even jobs whose report is up to date.
    workers : int, optional
        Parallel workers [processes]; default: the CPU count, at most the job count.
    timeout : float, optional
        Per-cell execution limit [s]; default none.
    dry_run : bool, optional
        Validate and list what would run, run nothing.
    reuse_kernels : bool, optional
        One warm kernel per worker (default) or a fresh kernel per job.
    data_source : {"snapshot", "refreshed"}, optional
        Which network history the history-reading notebooks use.
    log : callable, optional
        Receives one line of progress at a time.

    Returns
    -------
    RunResult
        ``exit_code`` (0 all ok, 1 some failed), the jobs ``ran``, ``cached`` and
        ``failed``, and the ``manifest`` written to ``out/manifest.json``.

    Raises
    ------
    JobFileError
        Before anything runs (and before ``out`` is created) if the job file, a
        ``--only`` pattern or an override is invalid.
    ReportsLocked
        Before anything runs if another run is writing to ``out``.

    Examples
    --------
    >>> from pathlib import Path
    >>> import minelib
    >>> jobs = Path(minelib.__file__).resolve().parents[1] / "reports" / "jobs.toml"
    >>> lines = []
    >>> run_reports(jobs, only=["primer"], dry_run=True, log=lines.append).exit_code
    0
    >>> lines[0].split()[0]
    'primer'
    """
    t_start = time.perf_counter()
    plan = _plan(jobs_file, out=out, root=root, only=only, overrides=overrides,
                 data_source=data_source)
    if dry_run:
        return _dry_run(plan, force, log)

    plan.out.mkdir(parents=True, exist_ok=True)
    with _locked(plan.out):
        _recover(plan.out)
        old = load_manifest(plan.out)
        code_ver = code_version(plan.root)
        to_run, cached = _split_cached(plan, old, force)
        entries = _initial_entries(plan, old, cached)

        def manifest() -> dict:
            return {"pipeline_version": PIPELINE_VERSION, "generated": now(),
                    "jobs_file": display_path(plan.jobs_path), "data_version": plan.data_ver,
                    "data_source": plan.data_source, "code_version": code_ver,
                    "reports": [entries[j.name] for j in plan.jobs]}

        result = RunResult(0, cached=[j.name for j in cached])
        if not to_run:
            log(f"minelib reports: all {len(plan.selected)} selected report(s) are up to date "
                f"(use --force to rerun) [{time.perf_counter() - t_start:.2f} s]")
            result.manifest = manifest()
            write_index(plan.out, result.manifest)
            return result

        n_workers = min(max(1, workers or os.cpu_count() or 1), len(to_run))
        log(f"minelib reports: {len(to_run)} to run, {len(cached)} up to date, "
            f"{n_workers} worker(s); data {plan.data_ver}, code {code_ver}")
        from .worker import preimport

        preimport()
        gc.freeze()  # the imports above stay shared with the forked workers, out of every collection
        generated = now()
        tasks = {j.name: _task(plan, j, generated=generated, code_ver=code_ver,
                               timeout=timeout, reuse_kernels=reuse_kernels) for j in to_run}
        _run_jobs(plan, to_run, tasks, entries, result, n_workers=n_workers,
                  code_ver=code_ver, manifest=manifest, log=log, t_start=t_start)

        result.manifest = manifest()
        write_index(plan.out, result.manifest)
        log(f"minelib reports: {len(result.ran)} ok, {len(result.failed)} failed, "
            f"{len(cached)} up to date in {time.perf_counter() - t_start:.1f} s -> "
            f"{display_path(plan.out / 'index.html')}")
        if result.failed:
            result.exit_code = 1
            _log_failures(plan, result, entries, log)
        return result
