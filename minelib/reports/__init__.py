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
   hidden, formulas as inline SVG via :mod:`minelib.reports.mathrender`) and a PDF (WeasyPrint)
   in-process.
4. **Publish atomically**: outputs go to a temporary folder in the output directory and
   replace ``<out>/<job>/`` only when all three succeeded, so a failing job keeps its
   last good report. ``<out>/index.html`` and ``<out>/manifest.json`` list every job.

Notebooks publish key figures with :func:`headline`; the pipeline collects them into the
report header, the index and the manifest.

This module imports only the standard library at import time (it is also imported inside
notebook kernels for :func:`headline`); papermill, nbconvert and WeasyPrint are imported
when a job actually runs.
"""

from __future__ import annotations

import ast
import difflib
import fnmatch
import hashlib
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from minelib._atomic import write_atomic

__all__ = [
    "PIPELINE_VERSION",
    "HEADLINE_MIME",
    "headline",
    "data_version",
    "code_version",
    "source_version",
    "notebook_parameters",
    "notebook_hygiene",
    "load_jobs",
    "parse_overrides",
    "input_hash",
    "run_reports",
    "JobFileError",
    "Job",
    "Param",
]

#: Bump when the pipeline's output changes in a way the cache key does not see.
PIPELINE_VERSION = "1"
#: MIME type of the machine-readable output of :func:`headline`.
HEADLINE_MIME = "application/vnd.minelib.headline+json"
KERNEL_NAME = "python3"
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the minelib package
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
JOB_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
FAILED_DIR = "_failed"
#: ``--data`` choices, and the notebook parameter they set.
DATA_SOURCES = ("snapshot", "refreshed")
DATA_SOURCE_PARAM = "source"
_JOB_KEYS = {"name", "notebook", "parameters", "variants", "title"}


# ============================================================================ headline


def _format_value(value, fmt):
    if fmt is None:
        fmt = "," if isinstance(value, int) else ",.2f"
    if "{" in fmt:
        return fmt.format(value)
    return format(value, fmt)


def headline(name: str, value, unit: str = "", fmt: str | None = None, *,
             label: str | None = None) -> None:
    """Publish a headline number of the notebook for the report index.

    Call it in a notebook cell; it displays a small "key figure" line and emits a
    machine-readable output of MIME type :data:`HEADLINE_MIME` (JSON with ``name``,
    ``label``, ``value``, ``unit``, ``text``) that the report pipeline collects into the
    report header, ``index.html`` and ``manifest.json``.

    Parameters
    ----------
    name : str
        Machine key, unique within the notebook, e.g. ``"hashprice_usd_per_ph_day"``.
    value : int or float
        The number (a NumPy scalar or 0-d array is accepted); not NaN. An infinite value
        (e.g. runway when production covers costs) is shown as "unbounded" and stored
        as ``null``.
    unit : str
        Unit shown after the number, e.g. ``"USD/PH/day"``.
    fmt : str, optional
        A format spec (``",.1f"``) or a format string (``"{:,.0f}"``). Default: ``",.2f"``
        for floats, ``","`` for integers.
    label : str, optional
        Human-readable name for the report (default ``name``).

    Returns
    -------
    None
        So that a ``headline(...)`` ending a cell does not echo anything.

    Raises
    ------
    ValueError
        On an empty name, a non-numeric or NaN value, or a bad ``fmt``.

    Examples
    --------
    >>> headline("hashprice_usd_per_ph_day", 52.3127, unit="USD/PH/day", fmt=",.1f")
    """
    payload = headline_payload(name, value, unit=unit, fmt=fmt, label=label)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # plain Python without IPython: nothing to display to
        return None
    if get_ipython() is None:
        return None
    text = f"{payload['label']}: {payload['text']}{(' ' + unit) if unit else ''}"
    import html as _html

    html_out = (
        '<div class="minelib-headline"><span class="hl-label">'
        f"{_html.escape(payload['label'])}</span> "
        f'<span class="hl-value">{_html.escape(payload["text"])}</span> '
        f'<span class="hl-unit">{_html.escape(unit)}</span></div>'
    )
    display({HEADLINE_MIME: payload, "text/plain": text, "text/html": html_out}, raw=True)
    return None


def headline_payload(name, value, *, unit="", fmt=None, label=None) -> dict:
    """Validate and format a headline (the JSON :func:`headline` emits).

    >>> headline_payload("n", 3)["text"], headline_payload("x", 1234.5, fmt=",.0f")["text"]
    ('3', '1,234')
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"headline name={name!r} must be a non-empty string")
    v = value
    if hasattr(v, "item") and getattr(v, "ndim", None) == 0:
        v = v.item()  # NumPy scalar / 0-d array -> Python number
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"headline {name!r}: value={value!r} is not a real number")
    if isinstance(v, float) and math.isnan(v):
        raise ValueError(f"headline {name!r}: value=nan is not a number")
    if isinstance(v, float) and math.isinf(v):
        # e.g. months of runway when production covers costs: shown, stored as JSON null
        return {"name": name, "label": label or name, "value": None, "unit": unit or "",
                "text": "unbounded" if v > 0 else "-unbounded"}
    try:
        text = _format_value(v, fmt)
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise ValueError(f"headline {name!r}: fmt={fmt!r} cannot format {v!r}: {exc}") from None
    return {"name": name, "label": label or name, "value": v, "unit": unit or "",
            "text": text}


def collect_headlines(nb) -> list[dict]:
    """Headlines emitted by :func:`headline` in an executed notebook, in cell order.

    A later headline with the same name replaces an earlier one.
    """
    found: dict[str, dict] = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data") or {}
            if HEADLINE_MIME in data:
                payload = data[HEADLINE_MIME]
                if isinstance(payload, str):
                    payload = json.loads(payload)
                found.pop(payload.get("name"), None)
                found[payload.get("name")] = dict(payload)
    return list(found.values())


# ============================================================================ versions


def _hash_tree(root: Path, *, skip=lambda p: False) -> str:
    h = hashlib.sha256()
    if root.is_dir():
        files = sorted(p for p in root.rglob("*") if p.is_file() and not skip(p))
        for p in files:
            rel = p.relative_to(root).as_posix()
            h.update(rel.encode() + b"\0")
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:12]


def data_version(data_dir: str | os.PathLike | None = None) -> str:
    """Short SHA-256 of the curated data: file names (sorted) and bytes under ``data/``.

    Hidden files (``.gitkeep``) are ignored; a missing folder hashes like an empty one.

    Parameters
    ----------
    data_dir : path, optional
        Default: the ``data/`` folder of the repository holding this package.

    Returns
    -------
    str
        12 hex digits, e.g. ``"3f9a0c1d22be"``.
    """
    d = Path(data_dir) if data_dir is not None else PACKAGE_DIR.parent / "data"
    return _hash_tree(d, skip=lambda p: any(part.startswith(".")
                                              for part in p.relative_to(d).parts))


def source_version() -> str:
    """Short SHA-256 of every file in the ``minelib`` package (caches, .pyc excluded)."""
    return _hash_tree(PACKAGE_DIR, skip=lambda p: "__pycache__" in p.parts
                      or p.suffix in {".pyc", ".pyo"})


def code_version(repo: str | os.PathLike | None = None) -> str:
    """``git describe --always --dirty`` of the repository, or ``'unknown'``."""
    try:
        res = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=str(repo or PACKAGE_DIR.parent), capture_output=True, text=True, timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    out = res.stdout.strip()
    return out if res.returncode == 0 and out else "unknown"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ======================================================================== job file


class JobFileError(ValueError):
    """The job file (or a command-line override) is invalid; nothing was executed."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Param:
    """One parameter declared in a notebook's ``parameters`` cell."""

    name: str
    default: object
    type: type | None  # None: any type accepted (default None, no annotation)
    line: int
    annotation: str | None = None


@dataclass
class Job:
    """One report to produce: a notebook run with a named parameter set."""

    name: str
    notebook: str  # as written in the job file, relative to the repository root
    path: Path  # absolute notebook path
    parameters: dict  # overrides of the notebook defaults (validated, coerced)
    declared: dict  # name -> Param
    title: str | None = None

    def effective_parameters(self) -> dict:
        return {n: self.parameters.get(n, p.default) for n, p in self.declared.items()}


_ANNOTATION_TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list,
                     "dict": dict, "tuple": tuple}


def _annotation_type(node):
    if node is None:
        return None, None
    text = ast.unparse(node)
    base = node.value if isinstance(node, ast.Subscript) else node
    if isinstance(base, ast.Name) and base.id in _ANNOTATION_TYPES:
        return _ANNOTATION_TYPES[base.id], text
    return None, text  # Optional[...], X | None, ...: fall back to the default's type


def _cell_source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _read_notebook_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        nb = json.load(fh)
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("not a Jupyter notebook (no 'cells' list)")
    return nb


def notebook_parameters(path: str | os.PathLike) -> dict[str, Param]:
    """The parameters a notebook declares: its one ``parameters``-tagged cell, via ``ast``.

    The cell must hold only assignments of literals (``x: float = 1.0  # unit``);
    papermill alone would only warn about unknown parameters.

    Raises
    ------
    ValueError
        If the file is missing or not a notebook, has no or several ``parameters`` cells,
        or the cell holds anything but literal assignments; the message names the file
        and the line.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: notebook not found")
    try:
        nb = _read_notebook_json(path)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read notebook: {exc}") from None
    cells = [c for c in nb["cells"]
             if "parameters" in (c.get("metadata", {}).get("tags") or [])]
    if not cells:
        raise ValueError(f"{path}: no cell is tagged 'parameters'")
    if len(cells) > 1:
        raise ValueError(f"{path}: {len(cells)} cells are tagged 'parameters'; expected one")
    source = _cell_source(cells[0])
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ValueError(f"{path}: parameters cell line {exc.lineno}: {exc.msg}") from None
    params: dict[str, Param] = {}
    for stmt in tree.body:
        where = f"{path}: parameters cell line {stmt.lineno}"
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value, annotation = stmt.targets[0], stmt.value, None
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value, annotation = stmt.target, stmt.value, stmt.annotation
        else:
            raise ValueError(f"{where}: only 'name = literal' assignments are allowed, "
                             f"got {ast.unparse(stmt)!r}")
        if not isinstance(target, ast.Name):
            raise ValueError(f"{where}: assign to a plain name, got {ast.unparse(target)!r}")
        try:
            default = ast.literal_eval(value)
        except ValueError:
            raise ValueError(f"{where}: {target.id} = {ast.unparse(value)} is not a literal "
                             "(derive values in the next cell)") from None
        typ, ann_text = _annotation_type(annotation)
        if typ is None and default is not None:
            typ = type(default)
        params[target.id] = Param(target.id, default, typ, stmt.lineno, ann_text)
    return params


def _type_name(t) -> str:
    return getattr(t, "__name__", str(t))


def _coerce(value, param: Param):
    """Return ``value`` converted to the parameter's type, or raise TypeError."""
    t = param.type
    if t is None:
        return value
    if t is bool:
        ok = isinstance(value, bool)
    elif t is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif t is float:
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)  # int widens to float
        ok = isinstance(value, float)
    elif t in (list, tuple):
        ok = isinstance(value, (list, tuple))
        if ok:
            value = list(value) if t is list else tuple(value)
    else:
        ok = type(value) is t
    if not ok:
        raise TypeError(f"is a {type(value).__name__}, but the notebook declares it as "
                        f"{_type_name(t)} (default {param.default!r})")
    if isinstance(value, float) and not math.isfinite(value):
        raise TypeError("is not finite")
    return value


def _check_params(values: dict, declared: dict, prefix: str, nb_rel: str,
                  problems: list[str]) -> dict:
    out = {}
    for key, value in values.items():
        if key not in declared:
            hint = difflib.get_close_matches(key, declared, n=1)
            known = ", ".join(declared) or "(none)"
            problems.append(
                f"{prefix}: parameter {key!r} is not in the parameters cell of {nb_rel}"
                + (f"; did you mean {hint[0]!r}?" if hint else "")
                + f" (declared: {known})")
            continue
        try:
            out[key] = _coerce(value, declared[key])
        except TypeError as exc:
            problems.append(f"{prefix}: parameter {key!r} = {value!r} {exc}")
    return out


def find_root(jobs_file: Path) -> Path:
    """The repository root for a job file: the nearest folder with pyproject.toml or .git."""
    start = jobs_file.resolve().parent
    for d in (start, *start.parents):
        if (d / "pyproject.toml").is_file() or (d / ".git").exists():
            return d
    return start


def _display_path(p: Path) -> str:
    try:
        return os.path.relpath(p)
    except ValueError:
        return str(p)


def load_jobs(jobs_file: str | os.PathLike, root: str | os.PathLike | None = None
              ) -> list[Job]:
    """Read and validate a job file; see ``reports/jobs.toml`` for the format.

    Every problem in the file is collected and raised at once.

    Raises
    ------
    JobFileError
        Naming the job file, the job and the parameter of every problem found.
    """
    jobs_path = Path(jobs_file)
    shown = _display_path(jobs_path)
    if not jobs_path.is_file():
        raise JobFileError([f"{shown}: job file not found"])
    root = Path(root) if root is not None else find_root(jobs_path)
    try:
        with open(jobs_path, "rb") as fh:
            doc = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise JobFileError([f"{shown}: not valid TOML: {exc}"]) from None
    problems: list[str] = []
    extra = set(doc) - {"job"}
    if extra:
        problems.append(f"{shown}: unknown top-level key(s) {sorted(extra)}; "
                        "jobs are [[job]] tables")
    raw_jobs = doc.get("job", [])
    if not isinstance(raw_jobs, list):
        raise JobFileError(problems + [f"{shown}: 'job' must be an array of [[job]] tables"])

    jobs: list[Job] = []
    seen: dict[str, str] = {}
    nb_cache: dict[Path, dict | str] = {}
    for number, raw in enumerate(raw_jobs, start=1):
        name = raw.get("name") if isinstance(raw, dict) else None
        prefix = f"{shown}: job {name!r}" if isinstance(name, str) else f"{shown}: job #{number}"
        if not isinstance(raw, dict):
            problems.append(f"{prefix}: must be a table")
            continue
        unknown = set(raw) - _JOB_KEYS
        if unknown:
            problems.append(f"{prefix}: unknown key(s) {sorted(unknown)}; "
                            f"allowed: {sorted(_JOB_KEYS)}")
        if not isinstance(name, str) or not JOB_NAME_RE.match(name):
            problems.append(f"{prefix}: 'name' must be a string of letters, digits, "
                            f"'_', '-', '.' (got {name!r})")
            continue
        nb_rel = raw.get("notebook")
        if not isinstance(nb_rel, str) or not nb_rel:
            problems.append(f"{prefix}: 'notebook' (path relative to {root}) is missing")
            continue
        nb_path = (root / nb_rel).resolve()
        if nb_path not in nb_cache:
            try:
                nb_cache[nb_path] = notebook_parameters(nb_path)
            except ValueError as exc:
                nb_cache[nb_path] = str(exc)
        declared = nb_cache[nb_path]
        if isinstance(declared, str):
            problems.append(f"{prefix}: notebook {nb_rel!r}: "
                            + declared.replace(f"{nb_path}: ", ""))
            continue
        title = raw.get("title")
        if title is not None and not isinstance(title, str):
            problems.append(f"{prefix}: 'title' must be a string")
            title = None
        base = raw.get("parameters", {})
        variants = raw.get("variants", {})
        if not isinstance(base, dict):
            problems.append(f"{prefix}: 'parameters' must be a table")
            base = {}
        if not isinstance(variants, dict):
            problems.append(f"{prefix}: 'variants' must be a table of tables")
            variants = {}
        expanded = [(name, base)]
        for vname, vparams in variants.items():
            full = f"{name}-{vname}"
            if not JOB_NAME_RE.match(str(vname)) or not isinstance(vparams, dict):
                problems.append(f"{prefix}: variant {vname!r} must be a table named with "
                                "letters, digits, '_', '-', '.'")
                continue
            expanded.append((full, {**base, **vparams}))
        for jname, values in expanded:
            jprefix = f"{shown}: job {jname!r}"
            if jname in seen:
                problems.append(f"{jprefix}: duplicate job name (also {seen[jname]})")
                continue
            seen[jname] = f"job #{number}"
            params = _check_params(values, declared, jprefix, nb_rel, problems)
            jobs.append(Job(jname, nb_rel, nb_path, params, declared, title))
    if problems:
        raise JobFileError(problems)
    return jobs


def parse_overrides(items) -> dict:
    """Parse ``key=value`` strings; values are Python literals, else plain strings.

    >>> parse_overrides(["price=60_000", "label=bear", "flags=[1, 2]"])
    {'price': 60000, 'label': 'bear', 'flags': [1, 2]}
    """
    out = {}
    for item in items or ():
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise JobFileError([f"-p {item!r}: expected NAME=VALUE with a Python literal "
                                "value, e.g. -p btc_price_usd=60000.0"])
        try:
            out[key] = ast.literal_eval(raw.strip())
        except (ValueError, SyntaxError):
            out[key] = raw  # unquoted text, e.g. -p scenario=bear; type-checked later
    return out


def select_jobs(jobs: list[Job], only, jobs_file="job file") -> list[Job]:
    """Jobs whose names match any of the ``only`` glob patterns (all when empty)."""
    if not only:
        return list(jobs)
    problems = [f"--only {pat!r} matches no job in {jobs_file} (jobs: "
                f"{', '.join(j.name for j in jobs) or 'none'})"
                for pat in only if not any(fnmatch.fnmatchcase(j.name, pat) for j in jobs)]
    if problems:
        raise JobFileError(problems)
    return [j for j in jobs if any(fnmatch.fnmatchcase(j.name, pat) for pat in only)]


def apply_overrides(jobs: list[Job], overrides: dict) -> None:
    """Validate ``-p`` overrides against every selected job's notebook and apply them.

    Problems are reported once per notebook (its jobs named), not once per job; a name no
    selected notebook declares gives a single line.
    """
    by_notebook: dict[str, list[Job]] = {}
    for job in jobs:
        by_notebook.setdefault(job.notebook, []).append(job)
    problems: list[str] = []
    everywhere_unknown = [k for k in overrides
                          if not any(k in g[0].declared for g in by_notebook.values())]
    for key in everywhere_unknown:
        known = sorted({n for g in by_notebook.values() for n in g[0].declared})
        hint = difflib.get_close_matches(key, known, n=1)
        problems.append(f"-p {key}: no selected notebook declares a parameter {key!r}"
                        + (f"; did you mean {hint[0]!r}?" if hint else "")
                        + f" ({len(by_notebook)} notebook(s) selected)")
    rest = {k: v for k, v in overrides.items() if k not in everywhere_unknown}
    missing: dict[str, list[str]] = {}
    for notebook, group in by_notebook.items():
        names = ", ".join(j.name for j in group)
        present = {k: v for k, v in rest.items() if k in group[0].declared}
        for k in rest.keys() - present.keys():
            missing.setdefault(k, []).append(Path(notebook).name)
        checked = _check_params(present, group[0].declared, f"-p override (jobs {names})",
                                notebook, problems)
        for job in group:
            job.parameters.update(checked)
    for key, notebooks in missing.items():
        problems.append(f"-p {key}: an override applies to every selected job, and "
                        f"{len(notebooks)} of {len(by_notebook)} selected notebooks do not declare it "
                        f"({', '.join(sorted(notebooks))}); select the others with --only")
    if problems:
        raise JobFileError(problems)


def input_hash(job: Job, data_ver: str, src_ver: str) -> str:
    """Cache key of a job: everything its report depends on."""
    h = hashlib.sha256()
    meta = {"pipeline": PIPELINE_VERSION, "kernel": KERNEL_NAME, "name": job.name,
            "notebook": job.notebook, "title": job.title, "parameters": job.parameters,
            "data": data_ver, "source": src_ver}
    h.update(json.dumps(meta, sort_keys=True, default=repr).encode())
    h.update(job.path.read_bytes())
    return h.hexdigest()[:16]


def notebook_hygiene(path: str | os.PathLike) -> list[str]:
    """Problems that keep a notebook from being a clean, parameterizable source file.

    Exactly one literal-only ``parameters`` cell, kernelspec ``python3``, and no stored
    outputs or execution counts. Returns an empty list for a clean notebook.
    """
    path = Path(path)
    problems = []
    try:
        notebook_parameters(path)
    except ValueError as exc:
        problems.append(str(exc))
    try:
        nb = _read_notebook_json(path)
    except (OSError, ValueError) as exc:
        return problems or [f"{path}: cannot read notebook: {exc}"]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    if kernel != KERNEL_NAME:
        problems.append(f"{path}: kernelspec name is {kernel!r}; expected {KERNEL_NAME!r}")
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"{path}: cell {i} has stored outputs (strip them: nbstripout)")
        if cell.get("execution_count") is not None:
            problems.append(f"{path}: cell {i} has an execution count (strip it: nbstripout)")
        if "injected-parameters" in (cell.get("metadata", {}).get("tags") or []):
            problems.append(f"{path}: cell {i} is a papermill 'injected-parameters' cell")
    return problems


# ========================================================================= worker side


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _error_info(stage: str, exc: BaseException, nb=None) -> dict:
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


_EXPORTER = None


def _exporter():
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor

        exp = HTMLExporter(template_name="basic", exclude_input=True,
                           exclude_input_prompt=True, exclude_output_prompt=True,
                           anchor_link_text="")
        tags = TagRemovePreprocessor(
            remove_cell_tags={"remove-cell", "remove_cell", "injected-parameters"},
            remove_all_outputs_tags={"remove-output", "remove_output"},
            enabled=True)
        exp.register_preprocessor(tags, enabled=True)
        _EXPORTER = exp
    return _EXPORTER


def _jinja():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


_H1_RE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


def _take_title(nb) -> str | None:
    """Remove the first Markdown H1 from the notebook and return its text."""
    for cell in nb["cells"]:
        if cell.get("cell_type") != "markdown":
            continue
        src = _cell_source(cell)
        m = _H1_RE.search(src)
        if m:
            cell["source"] = src[:m.start()] + src[m.end():].lstrip("\n")
            return m.group(1).strip()
    return None


_CSS_SAFE = re.compile(r"[^A-Za-z0-9 _.:+-]")


def render_report_html(nb, *, job_name: str, notebook: str, title: str | None,
                       parameters: list[dict], headlines: list[dict], generated: str,
                       data_ver: str, code_ver: str) -> str:
    """The report page of an executed notebook: code hidden, formulas as SVG."""
    from . import mathrender

    import copy

    nb = copy.deepcopy(nb)
    # papermill's injected cell has no output; dropping it keeps cell numbers in errors
    # equal to those of the source notebook
    nb["cells"] = [c for c in nb["cells"] if "injected-parameters"
                   not in (c.get("metadata", {}).get("tags") or [])]
    nb_title = _take_title(nb)
    nb, tokens = mathrender.render_notebook_math(nb, notebook=notebook)
    body, _ = _exporter().from_notebook_node(nb)
    title = title or nb_title or Path(notebook).stem
    body = mathrender.restore_math(body, tokens)
    css = (TEMPLATE_DIR / "report.css").read_text(encoding="utf-8")
    page = _jinja().get_template("report.html.j2").render(
        title=title.replace("\\$", "$"), title_html=mathrender.math_to_html(title, notebook=notebook),
        job=job_name, notebook=notebook,
        parameters=parameters, headlines=headlines, generated=generated,
        data_version=data_ver, code_version=code_ver, css=css, body=body,
        footer_left=_CSS_SAFE.sub("", f"data {data_ver} · code {code_ver}"),
        footer_center=_CSS_SAFE.sub("", job_name))
    return mathrender.strip_mathjax(page)


def write_pdf(html_text: str, pdf_path: Path, base_url: str) -> None:
    import warnings

    with warnings.catch_warnings():  # "HarfBuzz-Subset will be required" (system library)
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="weasyprint")
        import weasyprint

    weasyprint.HTML(string=html_text, base_url=base_url).write_pdf(str(pdf_path))


def _quiet_logs():
    for name in ("papermill", "traitlets", "weasyprint", "fontTools", "nbconvert",
                 "blib2to3"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _preimport():
    """Import the heavy exporters once in the driver so forked workers share them."""
    import warnings

    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    with warnings.catch_warnings():  # "HarfBuzz-Subset will be required" (system library)
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="weasyprint")
        import weasyprint  # noqa: F401

    from . import mathrender  # noqa: F401

    _quiet_logs()
    _exporter()


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
_WARM_IMPORTS = "import numpy, pandas, matplotlib.pyplot, seaborn, minelib, minelib.plotting"


def _run_in_kernel(km, code: str, timeout: float = 120.0) -> None:
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        reply = kc.execute_interactive(code, store_history=False, timeout=timeout,
                                       output_hook=lambda msg: None)
    finally:
        kc.stop_channels()
    if reply["content"].get("status") != "ok":
        raise RuntimeError(f"kernel reset failed: {reply['content'].get('ename')}: "
                           f"{reply['content'].get('evalue')}")


def _discard_warm_kernel() -> None:
    global _warm_km
    km, _warm_km = _warm_km, None
    if km is not None:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # already dead: nothing to clean up
            pass


def _warm_kernel(cwd: str):
    """This worker's kernel, started (and pre-imported) on first use, reset for a job."""
    global _warm_km
    if _warm_km is not None and not _warm_km.is_alive():
        _discard_warm_kernel()
    if _warm_km is None:
        import multiprocessing.util

        from jupyter_client.manager import KernelManager

        km = KernelManager(kernel_name=KERNEL_NAME)
        # no history database: after %reset the line numbers repeat, and IPython prints
        # "Session/line number was not unique" into the next job's outputs
        km.start_kernel(cwd=cwd, extra_arguments=["--HistoryManager.enabled=False"])
        _warm_km = km
        # forked pool workers leave through os._exit: atexit would not run, Finalize does
        multiprocessing.util.Finalize(km, _discard_warm_kernel, exitpriority=10)
        _run_in_kernel(km, _WARM_IMPORTS)
    _run_in_kernel(_warm_km, _RESET_CODE.format(cwd=cwd))
    return _warm_km


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
        try:
            with _output_to(tmp / "kernel.log"):  # kernel start-up chatter, stray prints
                extra = {"km": _warm_kernel(cwd)} if task.get("reuse_kernel") else {}
                nb = pm.execute_notebook(
                    task["notebook"], str(executed), parameters=task["parameters"],
                    kernel_name=KERNEL_NAME, cwd=cwd,
                    progress_bar=False, log_output=False,
                    request_save_on_cell_execute=False,
                    execution_timeout=task.get("timeout"), **extra)
        except Exception as exc:  # PapermillExecutionError, DeadKernelError, timeouts
            if task.get("reuse_kernel"):
                _discard_warm_kernel()  # never hand a broken or busy kernel to the next job
            if executed.is_file():
                try:
                    with open(executed, encoding="utf-8") as fh:
                        nb = json.load(fh)
                except (OSError, ValueError):
                    nb = None
            result["error"] = _error_info(stage, exc, nb)
            result["failed_notebook"] = str(executed) if executed.is_file() else None
            return result
        result["timings"]["execute"] = time.perf_counter() - t0
        headlines = collect_headlines(nb)
        result["headlines"] = headlines
        stage = "html"
        t1 = time.perf_counter()
        html_text = render_report_html(
            nb, job_name=name, notebook=task["notebook_rel"], title=task.get("title"),
            parameters=task["parameter_rows"], headlines=headlines,
            generated=task["generated"], data_ver=task["data_version"],
            code_ver=task["code_version"])
        (tmp / f"{name}.html").write_text(html_text, encoding="utf-8")
        result["timings"]["html"] = time.perf_counter() - t1
        stage = "pdf"
        t2 = time.perf_counter()
        write_pdf(html_text, tmp / f"{name}.pdf", base_url=str(tmp))
        result["timings"]["pdf"] = time.perf_counter() - t2
        (tmp / "kernel.log").unlink(missing_ok=True)
        result["ok"] = True
    except Exception as exc:
        result["error"] = _error_info(stage, exc)
        result["failed_notebook"] = str(executed) if executed.is_file() else None
    finally:
        result["timings"]["total"] = time.perf_counter() - t0
    return result


# ========================================================================= driver side


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


@contextmanager
def _locked(out: Path):
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    fh = open(out / ".lock", "w")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise JobFileError([f"{out}: another 'minelib reports' run is writing here"]) from None
        yield
    finally:
        fh.close()


def _files_of(name: str) -> dict:
    return {ext: f"{name}/{name}.{ext}" for ext in ("html", "pdf", "ipynb")}


def _parameter_rows(job: Job) -> list[dict]:
    return [{"name": n, "value": repr(job.parameters.get(n, p.default)),
             "default": repr(p.default), "overridden": n in job.parameters,
             "annotation": p.annotation or (_type_name(p.type) if p.type else "")}
            for n, p in job.declared.items()]


def _jsonable(value):
    return json.loads(json.dumps(value, default=repr))


def _load_manifest(out: Path) -> dict:
    try:
        with open(out / "manifest.json", encoding="utf-8") as fh:
            doc = json.load(fh)
        return {r["name"]: r for r in doc.get("reports", []) if isinstance(r, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _error_line(err: dict | None) -> str:
    if not err:
        return ""
    where = ""
    if err.get("cell_index") is not None:
        where = f"cell {err['cell_index']}"
        if err.get("execution_count"):
            where += f" [In {err['execution_count']}]"
        if err.get("cell_source"):
            where += f" `{err['cell_source']}`"
        where += ": "
    elif err.get("stage") and err["stage"] != "execute":
        where = f"{err['stage']} export: "
    evalue = (err.get("evalue") or "").strip().splitlines()
    return f"{where}{err.get('ename')}: {evalue[-1] if evalue else ''}".strip()


@dataclass
class RunResult:
    exit_code: int
    ran: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


def _write_index(out: Path, manifest: dict) -> None:
    rows = []
    for r in manifest["reports"]:
        rows.append({**r, "error_line": _error_line(r.get("error")),
                     "params_shown": ", ".join(f"{k}={v!r}" for k, v in
                                               (r.get("parameters") or {}).items())})
    page = _jinja().get_template("index.html.j2").render(m=manifest, rows=rows)
    write_atomic(out / "index.html", page)
    write_atomic(out / "manifest.json", json.dumps(manifest, indent=2, default=repr) + "\n")


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

    Raises
    ------
    JobFileError
        Before anything runs (and before ``out`` is created) if the job file, a
        ``--only`` pattern or an override is invalid.
    """
    t_start = time.perf_counter()
    jobs_path = Path(jobs_file)
    root = Path(root) if root is not None else find_root(jobs_path)
    jobs = load_jobs(jobs_path, root)
    if not jobs:
        log(f"minelib reports: {_display_path(jobs_path)} defines no jobs")
    selected = select_jobs(jobs, only, _display_path(jobs_path))
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

    if dry_run:
        old = _load_manifest(out) if out.is_dir() else {}
        for j in selected:
            prev = old.get(j.name) or {}
            state = ("cached" if not force and prev.get("input_hash") == hashes[j.name]
                     and prev.get("status") == "ok" else "would run")
            log(f"{j.name:<32} {state:<10} {j.notebook} {j.parameters}")
        return RunResult(0)

    out.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        _recover(out)
        old = _load_manifest(out)
        code_ver = code_version(root)
        to_run, cached = [], []
        for j in selected:
            prev = old.get(j.name)
            ok_files = prev and prev.get("files") and all(
                (out / f).is_file() for f in prev["files"].values())
            if (not force and prev and ok_files and prev.get("status") == "ok"
                    and prev.get("input_hash") == hashes[j.name]):
                cached.append(j)
            else:
                to_run.append(j)
        # Longest first (by the last run's duration; new jobs count as long), so no worker
        # is left alone with a long job at the end of the run.
        to_run.sort(key=lambda j: -((old.get(j.name) or {}).get("duration_s") or math.inf))

        entries: dict[str, dict] = {}
        for j in jobs:
            prev = dict(old.get(j.name) or {})
            if prev:
                prev["stale"] = prev.get("input_hash") != hashes[j.name]
                prev["cached"] = j in cached
            entries[j.name] = prev or {
                "name": j.name, "notebook": j.notebook, "status": "not run",
                "stale": True, "cached": False, "parameters": _jsonable(j.parameters),
                "headlines": [], "files": None, "error": None, "generated": None,
                "data_version": None, "code_version": None, "input_hash": None,
                "duration_s": None}

        def manifest() -> dict:
            return {"pipeline_version": PIPELINE_VERSION, "generated": _now(),
                    "jobs_file": _display_path(jobs_path), "data_version": data_ver,
                    "data_source": data_source,
                    "code_version": code_ver,
                    "reports": [entries[j.name] for j in jobs]}

        result = RunResult(0, cached=[j.name for j in cached])
        workers = max(1, workers or os.cpu_count() or 1)
        if not to_run:
            log(f"minelib reports: all {len(selected)} selected report(s) are up to date "
                f"(use --force to rerun) [{time.perf_counter() - t_start:.2f} s]")
            result.manifest = manifest()
            _write_index(out, result.manifest)
            return result

        n_workers = min(workers, len(to_run))
        log(f"minelib reports: {len(to_run)} to run, {len(cached)} up to date, "
            f"{n_workers} worker(s); data {data_ver}, code {code_ver}")
        _preimport()
        generated = _now()
        tasks = {}
        for j in to_run:
            tmp = out / f".tmp-{j.name}-{os.getpid()}"
            tasks[j.name] = {
                "name": j.name, "notebook": str(j.path), "notebook_rel": j.notebook,
                "parameters": j.parameters, "parameter_rows": _parameter_rows(j),
                "title": j.title, "tmp": str(tmp), "generated": generated,
                "data_version": job_data_ver[j.name], "code_version": code_ver,
                "timeout": timeout, "reuse_kernel": reuse_kernels}

        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        ctx = (multiprocessing.get_context("fork")
               if sys.platform.startswith("linux") else None)
        done = 0
        with ProcessPoolExecutor(max_workers=n_workers, mp_context=ctx) as pool:
            futures = {pool.submit(execute_job, t): name for name, t in tasks.items()}
            for fut in as_completed(futures):
                name = futures[fut]
                job = next(j for j in to_run if j.name == name)
                try:
                    res = fut.result()
                except Exception as exc:  # worker process died
                    res = {"name": name, "ok": False, "headlines": [], "timings": {},
                           "error": _error_info("worker", exc)}
                done += 1
                entry = entries[name]
                tmp = Path(tasks[name]["tmp"])
                elapsed = res.get("timings", {}).get("total", 0.0)
                if res["ok"]:
                    _publish(tmp, out / name)
                    for suffix in (".ipynb", ".log"):  # the failure it recovered from
                        (out / FAILED_DIR / f"{name}{suffix}").unlink(missing_ok=True)
                    entry.clear()
                    entry.update({
                        "name": name, "notebook": job.notebook, "title": job.title,
                        "status": "ok", "stale": False, "cached": False,
                        "parameters": _jsonable(job.parameters),
                        "headlines": res["headlines"], "files": _files_of(name),
                        "error": None, "failed_notebook": None, "generated": generated,
                        "data_version": job_data_ver[name], "code_version": code_ver,
                        "input_hash": hashes[name], "duration_s": round(elapsed, 2),
                        "timings_s": {k: round(v, 3) for k, v in res["timings"].items()}})
                    result.ran.append(name)
                    status = "ok"
                else:
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
                                  "failed_notebook": kept, "failed_at": generated,
                                  "failed_parameters": _jsonable(job.parameters),
                                  "stale": True, "cached": False})
                    result.failed.append(name)
                    status = "FAILED"
                log(f"[{done:>{len(str(len(to_run)))}}/{len(to_run)}] {status:<6} {name:<32} "
                    f"{elapsed:6.1f} s   (total {time.perf_counter() - t_start:6.1f} s)")
                _write_index(out, manifest())

        result.manifest = manifest()
        _write_index(out, result.manifest)
        log(f"minelib reports: {len(result.ran)} ok, {len(result.failed)} failed, "
            f"{len(cached)} up to date in {time.perf_counter() - t_start:.1f} s -> "
            f"{_display_path(out / 'index.html')}")
        if result.failed:
            result.exit_code = 1
            log(f"\n{len(result.failed)} report(s) failed:")
            for name in result.failed:
                e = entries[name]
                log(f"  {name} ({e['notebook']}): {_error_line(e['error'])}")
                if e.get("files"):
                    log(f"      last good report kept: {e['files']['html']} "
                        f"(generated {e.get('generated')})")
                if e.get("failed_notebook"):
                    log(f"      executed notebook with the error: "
                        f"{_display_path(out / e['failed_notebook'])}")
        return result
