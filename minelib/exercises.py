"""Exercises in the teaching notebooks: one answer checker, solutions kept out of reports.

A teaching notebook ends with exercises. The student writes answers into variables, and
a checker cell compares them with the values the notebook computes with ``minelib``:

>>> exercises = [
...     Exercise("ex1", expected=913e6, hint="1 EH/s = 1,000,000 TH/s.", rtol=1e-3),
...     Exercise("ex2", expected=1.5625, hint="Halve 3.125 BTC once more."),
... ]
>>> print(check_answers(exercises, {"ex1": 913.1e6, "ex2": None}))
ex1: correct
ex2: not answered yet. Hint: Halve 3.125 BTC once more.
1 of 2 correct

An answer off by a unit factor (1,000 between SI prefixes, 10^8 between BTC and sats,
100 between a percentage and a fraction) is rejected with a hint that says so:

>>> print(check_answers(exercises[:1], {"ex1": 913e9}))
ex1: not quite: your answer is 1,000 times too large; check the unit (an SI prefix step, e.g. TH/s vs PH/s). Hint: 1 EH/s = 1,000,000 TH/s.
0 of 1 correct

In JupyterLab the result of :func:`check_answers` ending a cell displays as a Markdown
list; ``print`` gives plain text.

Solutions
---------
A worked solution goes into a code cell tagged ``solution`` (:data:`SOLUTION_TAG`;
JupyterLab can collapse it with ``"jupyter": {"source_hidden": true}``). Such a cell must
only show answers: no later cell may use a name it defines. The report pipeline replaces
every solution cell by a note saying where the solutions are (:func:`solution_note`)
before it runs the notebook, so no report ever prints them, and
``python -m minelib student NOTEBOOK -o OUT`` writes the student form a teacher hands out
(:func:`student_form`: solution cells removed, outputs cleared).

This module imports only the standard library.
"""

from __future__ import annotations

import copy
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SOLUTION_TAG", "Exercise", "CheckResult", "Checked", "check_answer",
           "check_answers", "is_solution", "solution_note", "without_solutions",
           "student_form", "write_student_form"]

#: Tag of the notebook cells that hold worked solutions.
SOLUTION_TAG = "solution"

#: Unit factors a wrong answer is commonly off by, with what each means.
UNIT_FACTORS: tuple[tuple[float, str], ...] = (
    (1e3, "an SI prefix step, e.g. TH/s vs PH/s"),
    (1e6, "two SI prefix steps, e.g. TH/s vs EH/s"),
    (1e9, "three SI prefix steps, e.g. GH/s vs EH/s"),
    (1e12, "four SI prefix steps, e.g. TH/s vs H/s"),
    (1e8, "BTC vs satoshis"),
    (1e2, "a percentage vs a fraction"),
)


@dataclass(frozen=True)
class Exercise:
    """One exercise: where its answer goes, the expected value and how close is right.

    Parameters
    ----------
    key : str
        Name of the answer (the variable the student sets, or the exercise number).
    expected : float
        The right answer, computed by the notebook with ``minelib``.
    hint : str
        Shown when the answer is missing or wrong (never the answer itself).
    rtol : float
        Relative tolerance: ``|answer - expected| <= rtol * |expected|``; ``0`` means
        exact (for counts). Default 2 %.
    """

    key: str
    expected: float
    hint: str
    rtol: float = 0.02

    def __post_init__(self):
        if not (isinstance(self.rtol, (int, float)) and 0 <= self.rtol < 1):
            raise ValueError(f"Exercise {self.key!r}: rtol={self.rtol!r} must be in [0, 1)")
        if not math.isfinite(float(self.expected)):
            raise ValueError(f"Exercise {self.key!r}: expected={self.expected!r} is not finite")


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer: ``status`` is 'correct', 'wrong' or 'unanswered'."""

    key: str
    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def _close(a: float, b: float, rtol: float) -> bool:
    return a == b if rtol == 0 else abs(a - b) <= rtol * abs(b)


def _unit_slip(answer: float, ex: Exercise) -> str:
    """'1,000 times too large; check the unit (...)' if the answer is a unit factor off."""
    tol = max(ex.rtol, 1e-9)
    for factor, meaning in UNIT_FACTORS:
        if _close(answer, ex.expected * factor, tol):
            return f"your answer is {factor:,.0f} times too large; check the unit ({meaning})"
        if _close(answer, ex.expected / factor, tol):
            return f"your answer is {factor:,.0f} times too small; check the unit ({meaning})"
    return ""


def check_answer(answer, exercise: Exercise) -> CheckResult:
    """Check one answer against its exercise (``None`` = not answered yet).

    An answer is correct when it is a finite number within the exercise's relative
    tolerance: ``|answer - expected| <= rtol * |expected|`` (equal, for ``rtol=0``). A
    wrong answer that is right up to a common unit factor (:data:`UNIT_FACTORS`: 1,000
    between SI prefixes, 10^8 between BTC and satoshis, 100 between a percentage and a
    fraction) gets a message that names the factor; the expected value is never shown.

    Parameters
    ----------
    answer : float, int or None
        The student's answer [the unit of ``exercise.expected``]; ``None`` if not given
        yet. A boolean or text is "not a number".
    exercise : Exercise
        The expected value, its tolerance and the hint.

    Returns
    -------
    CheckResult
        ``status`` is ``"correct"``, ``"wrong"`` or ``"unanswered"``; ``message`` is what
        the student reads (with the hint unless correct).

    Examples
    --------
    >>> check_answer(0.0115, Exercise("p", 0.01151, "P = 1 - exp(-lambda t)")).status
    'correct'
    >>> check_answer(1.151, Exercise("p", 0.01151, "P = 1 - exp(-lambda t)")).message
    'not quite: your answer is 100 times too large; check the unit (a percentage vs a fraction). Hint: P = 1 - exp(-lambda t)'
    """
    ex = exercise
    if answer is None:
        return CheckResult(ex.key, "unanswered", f"not answered yet. Hint: {ex.hint}")
    try:
        if isinstance(answer, bool):
            raise TypeError
        value = float(answer)
    except (TypeError, ValueError):
        return CheckResult(ex.key, "wrong", f"{answer!r} is not a number. Hint: {ex.hint}")
    if math.isfinite(value) and _close(value, float(ex.expected), ex.rtol):
        return CheckResult(ex.key, "correct", "correct")
    slip = _unit_slip(value, ex) if math.isfinite(value) and value != 0 else ""
    return CheckResult(ex.key, "wrong", f"not quite{': ' + slip if slip else ''}. Hint: {ex.hint}")


class Checked(list):
    """The results of :func:`check_answers`: a list of :class:`CheckResult` that shows
    itself as a Markdown list in Jupyter and as plain lines with ``print``."""

    @property
    def n_correct(self) -> int:
        return sum(r.correct for r in self)

    def __str__(self) -> str:
        lines = [f"{r.key}: {r.message}" for r in self]
        return "\n".join([*lines, f"{self.n_correct} of {len(self)} correct"])

    def _repr_pretty_(self, p, cycle) -> None:  # IPython's text/plain
        p.text(str(self))

    def _repr_markdown_(self) -> str:
        lines = [f"* `{r.key}`: " + ("**correct**" if r.correct else r.message) for r in self]
        return "\n".join(lines) + f"\n\n{self.n_correct} of {len(self)} correct."


def check_answers(exercises, answers) -> Checked:
    """Check every exercise against ``answers`` (a mapping from key to answer).

    Parameters
    ----------
    exercises : iterable of Exercise
        The exercises, in the order the results are listed.
    answers : mapping
        ``{key: answer}``; a missing key counts as not answered. In a notebook whose
        answers are variables named like the keys, pass ``globals()``.

    Returns
    -------
    Checked
        One :class:`CheckResult` per exercise, in order; ``n_correct`` counts the right
        ones. It prints as plain lines and shows as a Markdown list in JupyterLab.

    Examples
    --------
    >>> results = check_answers([Exercise("blocks_per_day", 144, "86400 s / 600 s", rtol=0)],
    ...                         {"blocks_per_day": 144})
    >>> results.n_correct, results[0].status
    (1, 'correct')
    >>> print(check_answers([Exercise("ex1", 0.25, "A fraction, not a percentage.")], {"ex1": 25}))
    ex1: not quite: your answer is 100 times too large; check the unit (a percentage vs a fraction). Hint: A fraction, not a percentage.
    0 of 1 correct
    """
    return Checked(check_answer(answers.get(ex.key), ex) for ex in exercises)


# ------------------------------------------------------------------- solution cells


def is_solution(cell) -> bool:
    """Whether a notebook cell holds a worked solution: it is tagged :data:`SOLUTION_TAG`.

    Parameters
    ----------
    cell : dict
        One cell of a notebook's JSON (``nb["cells"][i]``); a cell without metadata or
        tags is not a solution.

    Returns
    -------
    bool
        True for a cell tagged ``solution``.

    Examples
    --------
    >>> is_solution({"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "x = 1"})
    True
    >>> is_solution({"cell_type": "code", "metadata": {}, "source": "x = 1"})
    False
    """
    return SOLUTION_TAG in ((cell.get("metadata") or {}).get("tags") or [])


def solution_note(notebook: str, index: int) -> str:
    """Markdown that stands in a report where a solution cell was.

    It says where the solutions are and how to make the student form; it never shows
    the solution.

    Parameters
    ----------
    notebook : str
        The notebook's path as readers should see it (e.g. relative to the repository).
    index : int
        Position of the solution cell in the notebook [cells, counting from 0].

    Returns
    -------
    str
        One Markdown paragraph, in italics.

    Examples
    --------
    >>> print(solution_note("notebooks/07_primer.ipynb", 12))
    *Solutions are not printed in reports. They are in `notebooks/07_primer.ipynb`, the cell tagged `solution` (cell 12, counting from 0). A student form without them: `python -m minelib student notebooks/07_primer.ipynb -o student.ipynb`.*
    """
    return (f"*Solutions are not printed in reports. They are in `{notebook}`, the cell "
            f"tagged `{SOLUTION_TAG}` (cell {index}, counting from 0). A student form "
            f"without them: `python -m minelib student {notebook} -o student.ipynb`.*")


def without_solutions(nb, notebook: str | None = None):
    """A copy of notebook ``nb`` without its solution cells (``nb`` is left as it was).

    With ``notebook`` (the path shown to readers), each solution cell is replaced by a
    Markdown cell tagged ``solution-note`` saying where the solutions are
    (:func:`solution_note`; it keeps the cell's ``id``), so cell numbers stay those of
    the source; without it, solution cells are removed.

    Parameters
    ----------
    nb : dict
        A notebook's JSON (``json.load`` of an ``.ipynb`` file, or an nbformat node).
    notebook : str, optional
        The notebook's path as readers should see it; default: remove, do not replace.

    Returns
    -------
    dict
        The copy, every other cell and all metadata unchanged.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "Exercise 1"},
    ...                 {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "x = 1"}]}
    >>> [c["cell_type"] for c in without_solutions(nb)["cells"]]
    ['markdown']
    >>> note = without_solutions(nb, "ex.ipynb")["cells"][1]
    >>> note["cell_type"], note["metadata"]["tags"], "x = 1" in note["source"]
    ('markdown', ['solution-note'], False)
    """
    out = copy.deepcopy(nb)
    cells = []
    for index, cell in enumerate(out["cells"]):
        if not is_solution(cell):
            cells.append(cell)
        elif notebook is not None:
            note = {"cell_type": "markdown", "metadata": {"tags": ["solution-note"]},
                    "source": solution_note(notebook, index)}
            if "id" in cell:
                note["id"] = cell["id"]
            cells.append(note)
    out["cells"] = cells
    return out


def student_form(nb):
    """The form of a teaching notebook a teacher hands out: solution cells removed,
    outputs and execution counts cleared (everything else, checker included, kept).

    Parameters
    ----------
    nb : dict
        A notebook's JSON; it is not modified.

    Returns
    -------
    dict
        The student form (see :func:`without_solutions`).

    Examples
    --------
    >>> nb = {"cells": [
    ...     {"cell_type": "code", "metadata": {}, "source": "x = None  # your answer",
    ...      "outputs": [{"output_type": "stream", "name": "stdout", "text": "..."}],
    ...      "execution_count": 3},
    ...     {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "x = 1",
    ...      "outputs": [], "execution_count": 4}]}
    >>> [(c["source"], c["outputs"], c["execution_count"]) for c in student_form(nb)["cells"]]
    [('x = None  # your answer', [], None)]
    """
    out = without_solutions(nb)
    for cell in out["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return out


def write_student_form(source: str | os.PathLike, dest: str | os.PathLike) -> int:
    """Write the student form of notebook ``source`` to ``dest`` (what ``minelib student`` does).

    The form is :func:`student_form`'s, written as JSON with one-space indents (the
    layout Jupyter writes); ``dest`` is replaced if it exists.

    Parameters
    ----------
    source : str or path
        The teaching notebook (``.ipynb``).
    dest : str or path
        Where to write the student form; not ``source`` itself.

    Returns
    -------
    int
        How many solution cells were removed (0: the form is the notebook without
        outputs).

    Raises
    ------
    ValueError
        If ``source`` cannot be read as a notebook, or ``dest`` is ``source`` itself.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> teacher, student = Path(tmp.name) / "teacher.ipynb", Path(tmp.name) / "student.ipynb"
    >>> nb = {"cells": [{"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "x = 1",
    ...                  "outputs": [], "execution_count": None}],
    ...       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    >>> _ = teacher.write_text(json.dumps(nb))
    >>> write_student_form(teacher, student), json.loads(student.read_text())["cells"]
    (1, [])
    >>> write_student_form(teacher, teacher)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ...teacher.ipynb: the student form would overwrite the notebook itself
    >>> tmp.cleanup()
    """
    source, dest = Path(source), Path(dest)
    if dest.resolve() == source.resolve():
        raise ValueError(f"{dest}: the student form would overwrite the notebook itself")
    try:
        nb = json.loads(source.read_text(encoding="utf-8"))
        n = sum(is_solution(c) for c in nb["cells"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{source}: cannot read notebook: {exc}") from None
    dest.write_text(json.dumps(student_form(nb), indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return n
