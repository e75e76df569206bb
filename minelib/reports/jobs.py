"""The job file: loading, validation, selection and command-line overrides.

A job file (``reports/jobs.toml``) lists ``[[job]]`` tables, each a notebook and a named
parameter set, with optional ``variants`` that expand to ``<name>-<variant>`` jobs. The
whole file is validated before anything runs: notebooks exist, every parameter is
declared in the notebook's ``parameters`` cell with a compatible type (an int widens to a
float), job names are unique. Every problem is collected into one
:class:`JobFileError` that names the job file, the job and the parameter.
"""

from __future__ import annotations

import ast
import difflib
import fnmatch
import math
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .inspection import Param, notebook_parameters, type_name

__all__ = ["JobFileError", "Job", "load_jobs", "parse_overrides", "select_jobs",
           "apply_overrides", "find_root"]

JOB_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_JOB_KEYS = {"name", "notebook", "parameters", "variants", "title"}


class JobFileError(ValueError):
    """The job file (or a command-line override) is invalid; nothing was executed."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


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
                        f"{type_name(t)} (default {param.default!r})")
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


def display_path(p: Path) -> str:
    try:
        return os.path.relpath(p)
    except ValueError:
        return str(p)


def load_jobs(jobs_file: str | os.PathLike, root: str | os.PathLike | None = None
              ) -> list[Job]:
    """Read and validate a job file; see ``reports/jobs.toml`` for the format.

    Every problem in the file is collected and raised at once: unknown notebooks,
    parameters a notebook does not declare, values of the wrong type, duplicate names,
    an empty file. Nothing is executed.

    Parameters
    ----------
    jobs_file : path
        The TOML job file (``reports/jobs.toml``).
    root : path, optional
        The repository root that notebook paths are relative to; default: the nearest
        folder above ``jobs_file`` holding ``minelib/``.

    Returns
    -------
    list of Job
        One per report: the base case of each ``[[job]]`` and each of its variants
        (named ``<job>-<variant>``), in file order, parameters coerced to the types the
        notebook declares.

    Raises
    ------
    JobFileError
        Naming the job file, the job and the parameter of every problem found.

    Examples
    --------
    >>> from pathlib import Path
    >>> import minelib
    >>> root = Path(minelib.__file__).resolve().parents[1]
    >>> jobs = load_jobs(root / "reports" / "jobs.toml")
    >>> [j.name for j in jobs][:3]
    ['halving', 'halving-bear', 'halving-bull']
    >>> load_jobs(root / "no-such.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    minelib.reports.jobs.JobFileError: ...no-such.toml: job file not found
    """
    jobs_path = Path(jobs_file)
    shown = display_path(jobs_path)
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
        if not nb_path.is_relative_to(root.resolve()):
            problems.append(f"{prefix}: notebook {nb_rel!r} is outside the repository "
                            f"{root}; give a path relative to it, e.g. 'notebooks/NN_topic.ipynb'")
            continue
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
    if not jobs and not problems:
        problems.append(f"{shown}: defines no jobs; add a [[job]] table with a 'name' "
                        "and a 'notebook' (see reports/jobs.toml)")
    if problems:
        raise JobFileError(problems)
    return jobs


def parse_overrides(items) -> dict:
    """Parse ``key=value`` strings (the ``-p`` options); values are Python literals, else text.

    Only the syntax is checked here; :func:`apply_overrides` checks each name and type
    against the notebooks.

    Parameters
    ----------
    items : iterable of str or None
        ``"name=value"`` strings, e.g. ``"btc_price_usd=60000.0"``.

    Returns
    -------
    dict
        ``{name: value}``; a value that is not a Python literal stays a string.

    Raises
    ------
    JobFileError
        For an item without ``=`` or whose name is not an identifier.

    Examples
    --------
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
    """Jobs whose names match any of the ``only`` glob patterns (all when empty).

    Parameters
    ----------
    jobs : list of Job
        As :func:`load_jobs` returns them.
    only : iterable of str
        Glob patterns (``fnmatch``, case-sensitive), e.g. ``"costs*"``; empty selects all.
    jobs_file : str, optional
        How error messages name the job file.

    Returns
    -------
    list of Job
        The matching jobs, in their original order.

    Raises
    ------
    JobFileError
        Listing every pattern that matches no job, with the job names there are.

    Examples
    --------
    >>> from pathlib import Path
    >>> import minelib
    >>> jobs = load_jobs(Path(minelib.__file__).resolve().parents[1] / "reports" / "jobs.toml")
    >>> [j.name for j in select_jobs(jobs, ["halving*"])]
    ['halving', 'halving-bear', 'halving-bull']
    >>> select_jobs(jobs, ["nope"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    minelib.reports.jobs.JobFileError: --only 'nope' matches no job in job file (jobs: ...)
    """
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
    selected notebook declares gives a single line. An override applies to every selected
    job whose notebook declares the name, variants included.

    Parameters
    ----------
    jobs : list of Job
        The selected jobs; their ``parameters`` are updated in place.
    overrides : dict
        ``{name: value}`` as :func:`parse_overrides` returns it.

    Returns
    -------
    None

    Raises
    ------
    JobFileError
        Before any job is changed, naming each unknown parameter (with the closest
        declared name) or value of the wrong type.

    Examples
    --------
    >>> from pathlib import Path
    >>> import minelib
    >>> jobs = load_jobs(Path(minelib.__file__).resolve().parents[1] / "reports" / "jobs.toml")
    >>> costs = select_jobs(jobs, ["costs"])
    >>> apply_overrides(costs, {"spot_btc_price_usd": 60000})
    >>> costs[0].parameters["spot_btc_price_usd"]
    60000.0
    >>> apply_overrides(costs, {"spot_btc_price": 1.0})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    minelib.reports.jobs.JobFileError: -p spot_btc_price: no selected notebook declares a parameter 'spot_btc_price'; did you mean 'spot_btc_price_usd'? (1 notebook(s) selected)
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
