"""Inspection of notebook files: the parameters a notebook declares, and its hygiene.

Reads the notebook JSON with the standard library (no kernel, no nbformat): the one
``parameters``-tagged cell is parsed with :mod:`ast`, so a job file can be validated
against it before anything runs (papermill alone would only warn about unknown
parameters), and :func:`notebook_hygiene` lists what keeps a notebook from being a clean,
parameterizable source file.
"""

from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .mathrender import formulas_read_as_money

__all__ = ["KERNEL_NAME", "Param", "notebook_parameters", "notebook_hygiene", "notebook_title"]

#: The kernel every notebook declares and every job runs on.
KERNEL_NAME = "python3"


@dataclass(frozen=True)
class Param:
    """One parameter declared in a notebook's ``parameters`` cell."""

    name: str
    default: object
    type: type | None  # None: any type accepted (default None, no annotation)
    line: int
    annotation: str | None = None


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


def cell_source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def read_notebook_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        nb = json.load(fh)
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("not a Jupyter notebook (no 'cells' list)")
    return nb


def notebook_parameters(path: str | os.PathLike) -> dict[str, Param]:
    """The parameters a notebook declares: its one ``parameters``-tagged cell, via ``ast``.

    The cell must hold only assignments of literals (``x: float = 1.0  # unit``);
    papermill alone would only warn about unknown parameters.

    Parameters
    ----------
    path : path
        An ``.ipynb`` file.

    Returns
    -------
    dict of str to Param
        By name, in cell order: default value, type (from the annotation, else from the
        default; ``None`` accepts any), line in the cell and annotation text.

    Raises
    ------
    ValueError
        If the file is missing or not a notebook, has no or several ``parameters`` cells,
        or the cell holds anything but literal assignments; the message names the file
        and the line.

    Examples
    --------
    >>> from pathlib import Path
    >>> import minelib
    >>> nb = Path(minelib.__file__).resolve().parents[1] / "notebooks" / "07_primer.ipynb"
    >>> p = notebook_parameters(nb)
    >>> all(isinstance(name, str) and param.name == name for name, param in p.items())
    True
    >>> notebook_parameters(nb.with_name("missing.ipynb"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ...missing.ipynb: notebook not found
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: notebook not found")
    try:
        nb = read_notebook_json(path)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read notebook: {exc}") from None
    cells = [c for c in nb["cells"]
             if "parameters" in (c.get("metadata", {}).get("tags") or [])]
    if not cells:
        raise ValueError(f"{path}: no cell is tagged 'parameters'")
    if len(cells) > 1:
        raise ValueError(f"{path}: {len(cells)} cells are tagged 'parameters'; expected one")
    source = cell_source(cells[0])
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


_H1_RE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)


def first_heading(nb) -> tuple[int, re.Match] | None:
    """(cell index, match) of the notebook's first Markdown H1 (its title), or None."""
    for index, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") == "markdown":
            m = _H1_RE.search(cell_source(cell))
            if m:
                return index, m
    return None


def notebook_title(path: str | os.PathLike) -> str | None:
    """The title of a notebook file (its first ``# `` heading), or None."""
    try:
        found = first_heading(read_notebook_json(Path(path)))
    except (OSError, ValueError):
        return None
    return found[1].group(1).strip().replace("\\$", "$") if found else None


def type_name(t) -> str:
    return getattr(t, "__name__", str(t))


def notebook_hygiene(path: str | os.PathLike) -> list[str]:
    """Problems that keep a notebook from being a clean, parameterizable source file.

    Exactly one literal-only ``parameters`` cell, kernelspec ``python3``, no stored
    outputs or execution counts (the committed form: nbstripout's), and no Markdown cell
    with a formula the reports print as money
    (:func:`minelib.reports.mathrender.formulas_read_as_money`: JupyterLab would show
    ``$1/r$`` as a formula, the report as "$1/r$").

    Parameters
    ----------
    path : path
        An ``.ipynb`` file.

    Returns
    -------
    list of str
        One line per problem, naming the file; empty for a clean notebook.

    Examples
    --------
    >>> from pathlib import Path
    >>> import minelib
    >>> notebook_hygiene(Path(minelib.__file__).resolve().parents[1] / "notebooks" / "07_primer.ipynb")
    []
    """
    path = Path(path)
    problems = []
    try:
        notebook_parameters(path)
    except ValueError as exc:
        problems.append(str(exc))
    try:
        nb = read_notebook_json(path)
    except (OSError, ValueError) as exc:
        return problems or [f"{path}: cannot read notebook: {exc}"]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    if kernel != KERNEL_NAME:
        problems.append(f"{path}: kernelspec name is {kernel!r}; expected {KERNEL_NAME!r}")
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") == "markdown":
            problems += _money_formula_problems(path, i, "".join(cell.get("source") or ""))
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"{path}: cell {i} has stored outputs (strip them: nbstripout)")
        if cell.get("execution_count") is not None:
            problems.append(f"{path}: cell {i} has an execution count (strip it: nbstripout)")
        if "injected-parameters" in (cell.get("metadata", {}).get("tags") or []):
            problems.append(f"{path}: cell {i} is a papermill 'injected-parameters' cell")
    return problems


def _money_formula_problems(path, i, text):
    return [f"{path}: cell {i}: ${tex}$ prints as money in the reports (a formula that starts with a digit "
            "needs TeX markup to read as one; or keep the digit outside: 1/$r$)" for tex in formulas_read_as_money(text)]
