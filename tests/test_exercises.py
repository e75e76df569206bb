"""The exercise checker of the teaching notebooks, and their student form (minelib.exercises)."""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path

import pytest

from minelib.cli import main
from minelib.exercises import (
    Exercise,
    check_answer,
    check_answers,
    is_solution,
    student_form,
    without_solutions,
    write_student_form,
)

ROOT = Path(__file__).resolve().parents[1]
TEACHING = [ROOT / "notebooks" / "05_solo_and_home_mining.ipynb",
            ROOT / "notebooks" / "07_primer.ipynb"]

# 913 EH/s in TH/s, by hand: 913 x 10^18 H/s / 10^12 H/s per TH/s
NETWORK_THS = 913e6
HASHRATE = Exercise("answer_1", NETWORK_THS, "1 EH/s = 1,000,000 TH/s.", rtol=1e-3)


def test_an_answer_within_tolerance_is_correct():
    assert check_answer(NETWORK_THS * (1 + 0.0009), HASHRATE).correct
    assert check_answer(NETWORK_THS * (1 - 0.0009), HASHRATE).correct
    assert check_answer(int(NETWORK_THS), HASHRATE).correct  # an int is a number too
    wrong = check_answer(NETWORK_THS * 1.0011, HASHRATE)
    assert wrong.status == "wrong" and wrong.message == "not quite. Hint: 1 EH/s = 1,000,000 TH/s."


@pytest.mark.parametrize("factor, text", [
    (1e3, "1,000 times too large; check the unit (an SI prefix step"),
    (1e-3, "1,000 times too small; check the unit (an SI prefix step"),
    (1e6, "1,000,000 times too large"),
    (1e-12, "1,000,000,000,000 times too small"),
    (1e8, "100,000,000 times too large; check the unit (BTC vs satoshis)"),
    (1e2, "100 times too large; check the unit (a percentage vs a fraction)"),
])
def test_a_unit_factor_slip_is_rejected_with_a_hint(factor, text):
    result = check_answer(NETWORK_THS * factor, HASHRATE)
    assert result.status == "wrong"
    assert text in result.message and result.message.endswith("Hint: 1 EH/s = 1,000,000 TH/s.")


def test_exact_exercises_take_only_the_exact_number():
    median = Exercise("n", 2, "the median of a Poisson count", rtol=0)
    assert check_answer(2, median).correct and check_answer(2.0, median).correct
    assert not check_answer(2.0001, median).correct
    assert not check_answer(3, median).correct


@pytest.mark.parametrize("answer, status", [
    (None, "unanswered"), ("913e6", "correct"), ("lots", "wrong"), (True, "wrong"),
    (math.nan, "wrong"), (math.inf, "wrong"), (0, "wrong"), ([1], "wrong"),
])
def test_missing_and_malformed_answers(answer, status):
    result = check_answer(answer, HASHRATE)
    assert result.status == status
    if status == "unanswered":
        assert result.message == "not answered yet. Hint: 1 EH/s = 1,000,000 TH/s."


@pytest.mark.parametrize("kwargs", [{"rtol": -0.1}, {"rtol": 1.0}, {"expected": math.nan}])
def test_an_exercise_is_validated(kwargs):
    with pytest.raises(ValueError, match="Exercise 'x'"):
        Exercise("x", **{"expected": 1.0, "hint": "h", **kwargs})


def test_check_answers_reads_a_namespace_and_shows_as_markdown_and_text():
    subsidy = Exercise("answer_2", 1.5625, "halve 3.125 BTC.")
    results = check_answers([HASHRATE, subsidy], {"answer_1": NETWORK_THS, "other": 1})
    assert [r.status for r in results] == ["correct", "unanswered"] and results.n_correct == 1
    assert str(results).splitlines() == [
        "answer_1: correct", "answer_2: not answered yet. Hint: halve 3.125 BTC.", "1 of 2 correct"]
    md = results._repr_markdown_()
    assert md.startswith("* `answer_1`: **correct**\n* `answer_2`: not answered yet.")
    assert md.endswith("1 of 2 correct.")
    assert str(HASHRATE.expected) not in md  # the checker never prints an expected value


def _nb(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _code(source, tags=(), outputs=()):
    return {"cell_type": "code", "id": f"c{len(source)}", "metadata": {"tags": list(tags)},
            "source": source, "outputs": list(outputs), "execution_count": 3 if outputs else None}


def test_without_solutions_replaces_each_solution_cell_by_a_note_in_place():
    out = [{"output_type": "stream", "name": "stdout", "text": "42"}]
    nb = _nb(_code("a = 1"), _code("print(42)", ["solution"], out), _code("b = 2"))
    reported = without_solutions(nb, notebook="notebooks/x.ipynb")
    assert [c["cell_type"] for c in reported["cells"]] == ["code", "markdown", "code"]
    note = reported["cells"][1]["source"]
    assert "`notebooks/x.ipynb`" in note and "cell 1" in note and "42" not in json.dumps(reported)
    assert is_solution(nb["cells"][1])  # the input is not modified
    assert [c["source"] for c in without_solutions(nb)["cells"]] == ["a = 1", "b = 2"]


def test_student_form_drops_solutions_and_outputs_and_keeps_the_rest():
    out = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    nb = _nb(_code("answer_1 = None", (), out), _code("print(99_334.4)", ["solution"], out))
    form = student_form(nb)
    assert [c["source"] for c in form["cells"]] == ["answer_1 = None"]
    assert form["cells"][0]["outputs"] == [] and form["cells"][0]["execution_count"] is None


@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.stem)
def test_student_command_writes_a_valid_notebook_without_solutions(tmp_path, path):
    nbformat = pytest.importorskip("nbformat")
    dest = tmp_path / "student.ipynb"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        assert main(["student", str(path), "-o", str(dest)]) == 0
    assert "1 solution cell(s) removed" in stdout.getvalue()
    source = json.loads(path.read_text())
    form = nbformat.read(dest, as_version=4)
    nbformat.validate(form)
    assert not any(is_solution(c) for c in form.cells)
    assert len(form.cells) == len(source["cells"]) - 1
    assert any("check_answers(exercises, globals())" in c.source for c in form.cells)  # checker kept
    assert form.metadata.kernelspec.name == "python3"


def test_student_command_refuses_to_overwrite_the_notebook(tmp_path):
    nb = tmp_path / "t.ipynb"
    nb.write_text(json.dumps(_nb(_code("x = 1", ["solution"]))))
    with contextlib.redirect_stderr(io.StringIO()) as err:
        assert main(["student", str(nb), "-o", str(nb)]) == 2
    assert "would overwrite the notebook itself" in err.getvalue()
    assert is_solution(json.loads(nb.read_text())["cells"][0])
    with pytest.raises(ValueError, match="cannot read notebook"):
        write_student_form(tmp_path / "missing.ipynb", tmp_path / "out.ipynb")


def test_the_primer_student_form_checks_answers_in_a_kernel(tmp_path):
    """What a student does in JupyterLab: fill in answers in the student form, run it.
    A right answer (within 0.1 %) is accepted; one off by 1,000 gets a unit hint."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    dest = tmp_path / "primer-student.ipynb"
    write_student_form(TEACHING[1], dest)
    form = nbformat.read(dest, as_version=4)
    answers = next(c for c in form.cells if c.source.startswith("answer_1 = None"))
    # by hand: 913 EH/s = 913e6 TH/s; the subsidy after the 2028 halving: 3.125 / 2 BTC
    answers.source = ("answer_1 = 913.5e6\nanswer_2 = 1562.5\nanswer_3 = None\nanswer_4 = None\n"
                      "answer_5 = None\nanswer_6 = None\nanswer_7 = None\n")
    NotebookClient(form, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    shown = "\n".join(o.get("data", {}).get("text/plain", "") for c in form.cells
                      if c.cell_type == "code" for o in c.outputs)
    assert "answer_1: correct" in shown
    assert "answer_2: not quite: your answer is 1,000 times too large; check the unit" in shown
    assert "1 of 7 correct" in shown  # exercise 7: the protocol's 143.93 blocks a day
