"""Batch reports: every notebook x named parameter set -> executed notebook, HTML, PDF.

The pipeline analysts run on a schedule (``python -m minelib reports``):

1. **Validate** the whole job file before anything runs: notebooks exist, each has one
   literal-only ``parameters`` cell, every job parameter is declared there with a
   compatible type (int widens to float), job names are unique. Errors name the job
   file, the job and the parameter (:class:`JobFileError`, exit status 2).
2. **Skip** jobs whose inputs are unchanged (:func:`input_hash`: notebook bytes,
   parameters, :func:`data_version`, the source of every file in ``minelib/`` and
   :data:`PIPELINE_VERSION`). Nothing heavy is imported when everything is cached.
3. **Execute** the rest with papermill (kernel ``python3``, working directory = the
   notebook's folder) in parallel worker processes; each worker exports HTML (code
   hidden, formulas as inline SVG via :mod:`minelib.reports.mathrender`) and a PDF
   (WeasyPrint) in-process.
4. **Publish atomically**: outputs go to a temporary folder in the output directory and
   replace ``<out>/<job>/`` only when all three succeeded, so a failing job keeps its
   last good report. ``<out>/index.html`` and ``<out>/manifest.json`` list every job.

Notebooks publish key figures with :func:`headline`; the pipeline collects them into the
report header, the index and the manifest.

One module a job, in the manner of papermill's execute / inspection / parameterize split:

=====================  ===============================================================
``headline``           what notebooks call inside the kernel (standard library only)
``inspection``         a notebook's declared parameters and its hygiene
``jobs``               the job file: loading, validation, ``--only``, ``-p`` overrides
``versions``           data, source and code versions; a job's cache key
``worker``             executing one job in a warm kernel (pool worker side)
``export``             the HTML report page and the PDF
``sanitize``           notebook outputs are untrusted: Markdown escaped, HTML allow-listed
``mathrender``         LaTeX formulas as inline SVG, offline
``index``              ``manifest.json`` and ``index.html``
``driver``             :func:`run_reports`: plan, lock, run, publish
=====================  ===============================================================

Cells tagged ``solution`` never reach a report (:mod:`minelib.exercises`): the worker
replaces each by a note saying where the solutions are before the notebook runs.

Every module imports only the standard library at import time (this package is also
imported inside notebook kernels for :func:`headline`); papermill, nbconvert, Jinja2 and
WeasyPrint are imported when a job actually runs.
"""

from __future__ import annotations

from .driver import DATA_SOURCES, ReportsLocked, RunResult, run_reports
from .export import render_report_html, write_pdf
from .headline import HEADLINE_MIME, collect_headlines, headline, headline_payload
from .inspection import KERNEL_NAME, Param, notebook_hygiene, notebook_parameters
from .jobs import Job, JobFileError, apply_overrides, load_jobs, parse_overrides, select_jobs
from .versions import PIPELINE_VERSION, code_version, data_version, input_hash, source_version

__all__ = [
    "PIPELINE_VERSION",
    "HEADLINE_MIME",
    "KERNEL_NAME",
    "DATA_SOURCES",
    "headline",
    "headline_payload",
    "collect_headlines",
    "data_version",
    "code_version",
    "source_version",
    "notebook_parameters",
    "notebook_hygiene",
    "load_jobs",
    "parse_overrides",
    "select_jobs",
    "apply_overrides",
    "input_hash",
    "run_reports",
    "render_report_html",
    "write_pdf",
    "RunResult",
    "ReportsLocked",
    "JobFileError",
    "Job",
    "Param",
]
