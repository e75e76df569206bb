"""`make` on a fresh clone: two calls started together, and what the first one prints.

The real install takes minutes, so these tests run the project's Makefile with a stand-in
interpreter whose `-m venv` makes a fake environment and whose `pip install` logs when it
starts and ends, sleeps, and prints the kind of noise a real install prints.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

FAKE_PYTHON = """#!/bin/sh
# stand-in for python3: `-m venv DIR` creates DIR/bin/python (the fake pip below)
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  cp "$(dirname "$0")/venv-python" "$3/bin/python"
  printf '#!/bin/sh\\nexit 0\\n' > "$3/bin/nbstripout"
  chmod +x "$3/bin/python" "$3/bin/nbstripout"
  exit 0
fi
exec {real} "$@"
"""
FAKE_VENV_PYTHON = """#!/bin/sh
# stand-in for .venv/bin/python: `-m pip install ...` logs its start and end
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  echo "start $$" >> {log}
  echo "WARNING: Location 'file:///opt/x/simple/pip/' is ignored: it is neither a file nor a directory."
  echo "  BuildBackendWarning: noise from setuptools" >&2
  sleep 2
  echo "end $$" >> {log}
  exit 0
fi
exec {real} "$@"
"""


@pytest.fixture
def checkout(tmp_path):
    """A fresh checkout with the project's Makefile, and the stand-in interpreter."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "Makefile", work / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
    tools = tmp_path / "tools"
    tools.mkdir()
    log = tmp_path / "pip.log"
    for name, text in (("python", FAKE_PYTHON), ("venv-python", FAKE_VENV_PYTHON)):
        path = tools / name
        path.write_text(text.format(real=sys.executable, log=log))
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return work, tools / "python", log


def _make(work: Path, python: Path) -> subprocess.Popen:
    env = {**os.environ, "MAKEFLAGS": ""}
    return subprocess.Popen(["make", "--no-print-directory", f"PYTHON={python}", ".venv/.installed"],
                            cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def test_two_makes_started_together_install_once_without_overlap(checkout):
    work, python, log = checkout
    first, second = _make(work, python), _make(work, python)
    outputs = [p.communicate(timeout=120)[0] for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    events = log.read_text().split()
    # one install (pip upgrade, then the project), never two at once: start/end pairs
    assert events[0::4] == ["start", "start"] and events[2::4] == ["end", "end"], events
    pids = events[1::2]
    assert len(events) == 8 and pids[0] == pids[1] and pids[2] == pids[3], events
    assert (work / ".venv" / ".installed").is_file()
    # the second make said it waited for the first, and found the environment ready
    assert sum("ready in" in out for out in outputs) == 1, outputs
    if shutil.which("flock"):
        assert sum("waiting for another make" in out for out in outputs) == 1, outputs


def test_first_make_shows_progress_and_no_install_noise(checkout):
    work, python, log = checkout
    proc = _make(work, python)
    out = proc.communicate(timeout=120)[0]
    assert proc.returncode == 0, out
    assert "make: creating .venv with" in out and "make: installing minelib" in out
    assert "ready in" in out
    assert "WARNING: Location" not in out and "BuildBackendWarning" not in out, out
    assert "WARNING: Location" in (work / ".venv" / "install.log").read_text()
    # nothing to do the second time
    again = _make(work, python).communicate(timeout=60)[0]
    assert "installing" not in again, again


def test_a_failed_install_shows_the_end_of_its_log_and_writes_no_stamp(checkout):
    work, python, log = checkout
    venv_python = python.parent / "venv-python"
    venv_python.write_text("#!/bin/sh\necho 'ERROR: No matching distribution found for nh3'\nexit 1\n")
    proc = _make(work, python)
    out = proc.communicate(timeout=120)[0]
    assert proc.returncode != 0
    assert "make: the install failed" in out and "ERROR: No matching distribution found" in out
    assert not (work / ".venv" / ".installed").exists()
