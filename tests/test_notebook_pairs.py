"""Each notebook and its review script in notebooks/py/ hold the same cells.

The scripts exist so that a notebook change reads as a plain diff in review
(notebooks/jupytext.toml pairs them). A script that lags its notebook would mislead the
reviewer, so any difference fails here with the command that fixes it.
"""

from pathlib import Path

import jupytext
import jupytext.config
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
SCRIPTS = NOTEBOOKS / "py"
FIX = "run `make pair` (or save the notebook in JupyterLab, which writes both files)"


def _config():
    return jupytext.config.load_jupytext_config(str(NOTEBOOKS))


def test_the_pairing_is_configured():
    config = _config()
    assert config is not None and "py//py:percent" in str(config.formats)


def test_every_notebook_has_a_script_and_every_script_a_notebook():
    notebooks = {p.stem for p in NOTEBOOKS.glob("*.ipynb")}
    scripts = {p.stem for p in SCRIPTS.glob("*.py")}
    assert notebooks, "no notebooks found"
    assert not notebooks - scripts, f"notebooks without a script: {sorted(notebooks - scripts)}; {FIX}"
    assert not scripts - notebooks, f"scripts without a notebook: {sorted(scripts - notebooks)}; delete them"


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_script_matches_its_notebook(notebook):
    script = SCRIPTS / f"{notebook.stem}.py"
    if not script.exists():
        pytest.fail(f"{script.relative_to(NOTEBOOKS.parent)} is missing; {FIX}")
    expected = jupytext.writes(jupytext.read(notebook), fmt="py:percent", config=_config())
    assert script.read_text(encoding="utf-8") == expected, (
        f"{script.relative_to(NOTEBOOKS.parent)} differs from {notebook.name}; {FIX}")
    # and the script read back is the notebook's cells: sources, kinds and tags
    cells, back = jupytext.read(notebook).cells, jupytext.read(script).cells
    assert [(c.cell_type, c.source, c.metadata.get("tags")) for c in back] == \
        [(c.cell_type, c.source, c.metadata.get("tags")) for c in cells]
