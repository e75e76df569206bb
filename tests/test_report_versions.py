"""Report versions on a fresh clone: stamped with the commit at once, '-dirty' when edited.

A fresh clone's files are all as new as its index, so git does not trust its stat cache
and `git describe --dirty` re-reads every notebook through the clean filter (nbstripout,
one Python process each: 17-50 s), which timed out and stamped reports "code unknown".
These tests stand for nbstripout with a probe filter that logs each time it runs.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from minelib.reports import code_version

from test_pipeline import make_repo, manifest, run_cli

GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": os.devnull}


def git(cwd: Path, *args: str) -> str:
    res = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip()


@pytest.fixture
def clone(tmp_path):
    """A fresh clone of a fixture repository whose notebooks pass through a clean filter
    that drops lines starting with OUTPUT (as nbstripout drops outputs) and logs each run."""
    origin = make_repo(tmp_path / "origin")
    (origin / "minelib").mkdir()
    (origin / "minelib" / "model.py").write_text("RATE = 1.0\n")
    (origin / ".gitattributes").write_text("*.ipynb filter=probe\n")
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "fixture")
    dest = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(dest))
    log = tmp_path / "filter.log"
    git(dest, "config", "filter.probe.clean", f"echo run >> '{log}'; grep -v '^OUTPUT' || true")
    # what a fresh clone looks like to git's stat cache: files newer than the index
    for p in dest.rglob("*"):
        if ".git" not in p.relative_to(dest).parts and p.is_file():
            os.utime(p)
    return dest, log


def test_fresh_clone_is_stamped_with_its_commit_without_running_filters(clone):
    dest, log = clone
    assert code_version(dest) == git(dest, "describe", "--always")
    assert not log.exists(), "a clean filter ran: the version was not computed cheaply"


def test_first_report_run_on_a_fresh_clone_is_stamped_with_the_commit(clone):
    dest, _log = clone
    code, out, err = run_cli("--jobs-file", dest / "jobs.toml", "--only", "crashy")
    assert code == 0, out + err
    commit = git(dest, "describe", "--always")
    assert manifest(dest / "reports")["crashy"]["code_version"] == commit
    assert f"code <code>{commit}</code>" in (dest / "reports" / "crashy" / "crashy.html").read_text()


def test_an_edited_tracked_file_is_dirty(clone):
    dest, _log = clone
    commit = git(dest, "describe", "--always")
    model = dest / "minelib" / "model.py"
    model.write_text("RATE = 2.0\n")
    assert code_version(dest) == f"{commit}-dirty"
    model.write_text("RATE = 1.0\n")
    assert code_version(dest) == commit
    (dest / "data" / "prices.csv").unlink()  # a deleted tracked file
    assert code_version(dest) == f"{commit}-dirty"


def test_a_notebook_equal_after_the_clean_filter_is_not_dirty(clone):
    dest, log = clone
    commit = git(dest, "describe", "--always")
    nb = dest / "notebooks" / "report_demo.ipynb"
    original = nb.read_text()
    nb.write_text(original + "OUTPUT saved by JupyterLab\n")  # the filter removes it
    assert code_version(dest) == commit
    assert log.exists()  # bytes differed: that one file went through the filter
    nb.write_text(original.replace("btc_price_usd", "btc_price_usd_x", 1))
    assert code_version(dest) == f"{commit}-dirty"


def test_untracked_files_do_not_make_it_dirty(clone):
    dest, _log = clone
    (dest / "minelib" / "scratch.py").write_text("x = 1\n")
    (dest / "notebooks" / "Untitled.ipynb").write_text(json.dumps({"cells": []}))
    assert code_version(dest) == git(dest, "describe", "--always")


def test_outside_git_is_unknown(tmp_path):
    assert code_version(tmp_path) == "unknown"
