"""The worker side: execute one job with papermill in a warm kernel, export it.

:func:`execute_job` runs in a pool worker process: it executes the notebook (kernel
``python3``, working directory = the notebook's folder), then writes the HTML and PDF
into the job's temporary folder, and returns a plain dict (headlines, timings, or the
error with the failing cell), never raising. The driver publishes the folder.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from minelib.exercises import without_solutions

from . import export, mathrender
from .headline import collect_headlines
from .inspection import KERNEL_NAME

__all__ = ["execute_job", "error_info", "preimport"]


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def error_info(stage: str, exc: BaseException, nb=None) -> dict:
    """A failure as plain data: stage, cell (numbered as in the source notebook), error."""
    info = {"stage": stage, "cell_index": None, "execution_count": None,
            "cell_source": None, "ename": type(exc).__name__,
            "evalue": _ANSI_RE.sub("", str(exc)).strip()[:2000], "traceback": None}
    if hasattr(exc, "cell_index") and hasattr(exc, "ename"):  # PapermillExecutionError
        index = exc.cell_index
        if nb is not None:  # index in the source notebook: discount papermill's cells
            cells = nb.get("cells", [])
            injected = sum(
                1 for c in cells[:index]
                if "injected-parameters" in (c.get("metadata", {}).get("tags") or []))
            index -= injected
        info.update(cell_index=index, execution_count=exc.exec_count,
                    cell_source=_first_line(exc.source or ""), ename=exc.ename,
                    evalue=_ANSI_RE.sub("", exc.evalue or "")[:2000],
                    traceback=_ANSI_RE.sub("", "\n".join(exc.traceback or []))[-4000:])
    elif getattr(exc, "cell", None) is not None:  # MathRenderError
        info.update(cell_index=exc.cell)
    return info


def _quiet_logs():
    for name in ("papermill", "traitlets", "weasyprint", "fontTools", "nbconvert",
                 "blib2to3"):
        logging.getLogger(name).setLevel(logging.ERROR)


def preimport():
    """Import the heavy modules once in the driver so forked workers share them."""
    import papermill  # noqa: F401

    export.preimport()
    _quiet_logs()


@contextmanager
def _output_to(path: Path):
    """Send this process's stdout/stderr file descriptors (and so the kernel's) to a file."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    try:
        with open(path, "ab") as fh:
            os.dup2(fh.fileno(), 1)
            os.dup2(fh.fileno(), 2)
            yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)


# A worker keeps one kernel and reuses it across jobs (``task["reuse_kernel"]``): starting
# a kernel and importing pandas, matplotlib, seaborn and minelib costs ~2 s per job, more
# than most notebooks' own work. Before each job the kernel is reset: user namespace
# cleared (%reset -f), working directory set to the notebook's folder, figures closed,
# matplotlib and pandas options back to defaults, execution count back to 1. Only
# imported modules carry over. A job that fails or times out gets its kernel replaced.
_warm_km = None

_RESET_CODE = """\
get_ipython().run_line_magic("reset", "-f")
import os as _os, sys as _sys, warnings as _warnings
_os.chdir({cwd!r})
if "matplotlib" in _sys.modules:
    import matplotlib as _mpl, matplotlib.pyplot as _plt
    _plt.close("all")
    _mpl.rcdefaults()
    get_ipython().run_line_magic("matplotlib", "inline")
if "pandas" in _sys.modules:
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        _sys.modules["pandas"].reset_option("all")
get_ipython().execution_count = 1
del _os, _sys, _warnings
"""
# What every report imports, plus the packages the heavier notebooks load on first use
# and pandas' Styler (its templates compile on the first table). Then one collection and
# gc.freeze(): the imported objects move out of every later collection, so the %reset of
# each job (a full collection) walks only the last job's objects (0.6-0.8 s -> ~0.01 s).
_WARM_IMPORTS = """\
import numpy, pandas, matplotlib.pyplot, seaborn, minelib, minelib.plotting
import pandas.io.formats.style, minelib.reports.headline, minelib.investment, minelib.montecarlo
import gc as _gc
_gc.collect()
_gc.freeze()
del _gc
"""


def _run_in_kernel(km, code: str, timeout: float = 120.0, *, first: bool = False) -> None:
    """Run ``code`` silently in the kernel and raise if it fails.

    Only the shell channel is used: the reply says whether the code ran, and nothing here
    needs its output. A shell message sent before the socket connects is queued, not lost,
    so only the first call on a new kernel waits for it to be ready (which also drains
    IOPub for 0.2 s: a quarter of a second per job otherwise).
    """
    import queue

    kc = km.client()
    kc.start_channels(iopub=first, stdin=False, hb=False)
    try:
        if first:
            kc.wait_for_ready(timeout=timeout)
        msg_id = kc.execute(code, silent=True, store_history=False)
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = kc.get_shell_msg(timeout=max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                raise RuntimeError(f"kernel did not answer within {timeout:g} s") from None
            if reply["parent_header"].get("msg_id") == msg_id:
                break
    finally:
        kc.stop_channels()
    if reply["content"].get("status") != "ok":
        raise RuntimeError(f"kernel reset failed: {reply['content'].get('ename')}: "
                           f"{reply['content'].get('evalue')}")


def _start_kernel(cwd: str):
    """Start a ``python3`` kernel that talks over Unix sockets in a private folder.

    Over TCP, jupyter_client picks free ports by binding and releasing them, so two
    kernels starting at once (parallel workers, or any other process on the machine) can
    pick the same port and one dies with "Address already in use" before it replies. IPC
    sockets in a private temporary folder cannot collide.
    """
    import tempfile

    from jupyter_client.manager import KernelManager

    sockets = tempfile.mkdtemp(prefix="minelib-kernel-")
    km = KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=os.path.join(sockets, "k"))
    km.minelib_sockets = sockets
    try:
        # no history database: after %reset the line numbers repeat, and IPython prints
        # "Session/line number was not unique" into the next job's outputs
        km.start_kernel(cwd=cwd, extra_arguments=["--HistoryManager.enabled=False"])
    except BaseException:
        shutil.rmtree(sockets, ignore_errors=True)
        raise
    return km


def _stop_kernel(km) -> None:
    try:
        km.shutdown_kernel(now=True)
    except Exception:  # already dead: nothing to clean up
        pass
    shutil.rmtree(km.minelib_sockets, ignore_errors=True)


def _discard_warm_kernel() -> None:
    global _warm_km
    km, _warm_km = _warm_km, None
    if km is not None:
        _stop_kernel(km)


def _warm_kernel(cwd: str):
    """This worker's kernel, started (and pre-imported) on first use, reset for a job."""
    global _warm_km
    if _warm_km is not None and not _warm_km.is_alive():
        _discard_warm_kernel()
    if _warm_km is None:
        import multiprocessing.util

        km = _start_kernel(cwd)
        _warm_km = km
        # forked pool workers leave through os._exit: atexit would not run, Finalize does
        multiprocessing.util.Finalize(km, _discard_warm_kernel, exitpriority=10)
        _run_in_kernel(km, _WARM_IMPORTS, first=True)
    _run_in_kernel(_warm_km, _RESET_CODE.format(cwd=cwd))
    return _warm_km


def _source_notebook(task: dict):
    """The notebook to execute: solution cells replaced by a note saying where they are,
    so no report (HTML, PDF or executed notebook) can show a solution or its output."""
    import nbformat

    with open(task["notebook"], encoding="utf-8") as fh:
        nb = json.load(fh)
    return nbformat.from_dict(without_solutions(nb, notebook=task["notebook_rel"]))


def execute_job(task: dict) -> dict:
    """Run one job into ``task['tmp']`` (worker process). Never raises."""
    _quiet_logs()
    t0 = time.perf_counter()
    name, tmp = task["name"], Path(task["tmp"])
    result = {"name": name, "ok": False, "error": None, "headlines": [], "timings": {}}
    executed = tmp / f"{name}.ipynb"
    nb = None
    stage = "setup"
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        import papermill as pm

        stage = "execute"
        cwd = str(Path(task["notebook"]).parent)
        km = None
        try:
            with _output_to(tmp / "kernel.log"):  # kernel start-up chatter, stray prints
                km = _warm_kernel(cwd) if task.get("reuse_kernel") else _start_kernel(cwd)
                nb = pm.execute_notebook(
                    _source_notebook(task), str(executed), parameters=task["parameters"],
                    kernel_name=KERNEL_NAME, cwd=cwd, km=km,
                    progress_bar=False, log_output=False,
                    request_save_on_cell_execute=False,
                    execution_timeout=task.get("timeout"))
        except Exception as exc:  # PapermillExecutionError, DeadKernelError, timeouts
            if task.get("reuse_kernel"):
                _discard_warm_kernel()  # never hand a broken or busy kernel to the next job
            if executed.is_file():
                try:
                    with open(executed, encoding="utf-8") as fh:
                        nb = json.load(fh)
                except (OSError, ValueError):
                    nb = None
            result["error"] = error_info(stage, exc, nb)
            result["failed_notebook"] = str(executed) if executed.is_file() else None
            return result
        finally:
            if km is not None and not task.get("reuse_kernel"):
                _stop_kernel(km)
        result["timings"]["execute"] = time.perf_counter() - t0
        headlines = collect_headlines(nb)
        result["headlines"] = headlines
        stage = "html"
        t1 = time.perf_counter()
        mathrender.use_disk_cache(task.get("formula_cache"))
        html_text = export.render_report_html(
            nb, job_name=name, notebook=task["notebook_rel"], title=task.get("title"),
            parameters=task["parameter_rows"], headlines=headlines,
            generated=task["generated"], data_ver=task["data_version"],
            code_ver=task["code_version"])
        (tmp / f"{name}.html").write_text(html_text, encoding="utf-8")
        result["timings"]["html"] = time.perf_counter() - t1
        stage = "pdf"
        t2 = time.perf_counter()
        export.write_pdf(html_text, tmp / f"{name}.pdf", base_url=str(tmp))
        result["timings"]["pdf"] = time.perf_counter() - t2
        (tmp / "kernel.log").unlink(missing_ok=True)
        result["ok"] = True
    except Exception as exc:
        result["error"] = error_info(stage, exc)
        result["failed_notebook"] = str(executed) if executed.is_file() else None
    finally:
        result["timings"]["total"] = time.perf_counter() - t0
    return result
