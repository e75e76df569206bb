"""Versions and cache keys: what a report was made from.

* :func:`data_version`: a content hash of the curated ``data/`` folder;
* :func:`source_version`: a content hash of the ``minelib`` package;
* :func:`code_version`: the git commit of the checkout, ``-dirty`` when a tracked file
  under ``minelib/``, ``notebooks/`` or ``data/`` differs from it;
* :func:`input_hash`: a job's cache key, everything its report depends on.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .inspection import KERNEL_NAME

if TYPE_CHECKING:
    from .jobs import Job

__all__ = ["PIPELINE_VERSION", "data_version", "source_version", "code_version",
           "input_hash"]

#: Bump when the pipeline's output changes in a way the cache key does not see.
PIPELINE_VERSION = "1"
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the minelib package


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

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     before = data_version(d)
    ...     _ = (pathlib.Path(d) / "prices.csv").write_text("date,price_usd")
    ...     len(before), before != data_version(d)
    (12, True)
    """
    d = Path(data_dir) if data_dir is not None else PACKAGE_DIR.parent / "data"
    return _hash_tree(d, skip=lambda p: any(part.startswith(".")
                                              for part in p.relative_to(d).parts))


def source_version() -> str:
    """Short SHA-256 of every file in the ``minelib`` package (caches, .pyc excluded).

    Part of each report's cache key (:func:`input_hash`): a change to the library re-runs
    the reports, whether or not it is committed.

    Returns
    -------
    str
        12 hex digits of the hash of the sorted file names and their bytes.

    Examples
    --------
    >>> v = source_version()
    >>> len(v), v == source_version()
    (12, True)
    """
    return _hash_tree(PACKAGE_DIR, skip=lambda p: "__pycache__" in p.parts
                      or p.suffix in {".pyc", ".pyo"})


#: The folders whose tracked files make up the code of a report.
CODE_DIRS = ("minelib", "notebooks", "data")


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """stdout of a git command, or None if git is missing or the command failed."""
    try:
        res = subprocess.run(["git", *args], cwd=str(cwd), input=stdin, capture_output=True,
                             env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except OSError:
        return None
    return res.stdout if res.returncode == 0 else None


def _blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (SHA-1 of ``blob <size>\\0<bytes>``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _changed_files(top: Path, root: Path) -> list[str]:
    """Tracked files under :data:`CODE_DIRS` whose working copy differs from HEAD's."""
    listing = _git(root, "ls-tree", "-r", "-z", "--full-name", "HEAD", "--", *CODE_DIRS)
    if listing is None:
        return ["(git ls-tree failed)"]
    blobs, differ = {}, []
    for entry in filter(None, listing.split(b"\0")):
        meta, path = entry.split(b"\t", 1)
        mode, _kind, blob = meta.decode().split()
        if mode == "160000":  # a submodule: its own commit, not our files
            continue
        rel = os.fsdecode(path)
        blobs[rel] = blob
        p = top / rel
        try:
            data = os.fsencode(os.readlink(p)) if mode == "120000" else p.read_bytes()
        except OSError:  # deleted or unreadable
            differ.append(rel)
            continue
        if _blob_id(data) != blob:
            differ.append(rel)
    # Bytes differ. Ask git for the ids with the checkout's filters applied (a notebook
    # saved with outputs is unchanged once nbstripout's clean filter has run on it).
    present = [rel for rel in differ if (top / rel).is_file()]
    if not present:
        return differ
    hashed = _git(top, "hash-object", "--stdin-paths",
                  stdin="".join(f"{rel}\n" for rel in present).encode())
    if hashed is None:
        return differ
    filtered = dict(zip(present, hashed.decode().split()))
    return [rel for rel in differ if filtered.get(rel) != blobs[rel]]


def code_version(repo: str | os.PathLike | None = None) -> str:
    """The commit a report's code comes from: ``git describe --always``, ``-dirty`` if changed.

    ``-dirty`` is appended when a tracked file under ``minelib/``, ``notebooks/`` or
    ``data/`` differs from the commit (untracked files are ignored, as by git).

    Cheap and exact on a fresh clone: ``git describe --dirty`` first refreshes git's
    stat cache, and on a fresh clone (every file as new as the index) that re-reads each
    notebook through its nbstripout clean filter, one Python process each (17-50 s).
    Instead the working files are hashed as git blobs and compared with
    ``git ls-tree HEAD`` (milliseconds); only files whose bytes differ are hashed again
    by ``git hash-object`` with the checkout's filters. No timeout: nothing here waits
    on the network or on a lock.

    Parameters
    ----------
    repo : path, optional
        The project folder (default: the one holding this package).

    Returns
    -------
    str
        e.g. ``"d7018ad"``, ``"v1.2-3-gd7018ad-dirty"``, or ``"unknown"`` outside a git
        checkout (or without git).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as empty:
    ...     code_version(empty)
    'unknown'
    """
    root = Path(repo) if repo is not None else PACKAGE_DIR.parent
    described = _git(root, "describe", "--always")
    top = _git(root, "rev-parse", "--show-toplevel")
    if not described or not top:
        return "unknown"
    version = described.decode().strip()
    if _changed_files(Path(os.fsdecode(top.strip())), root):
        version += "-dirty"
    return version


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def input_hash(job: Job, data_ver: str, src_ver: str) -> str:
    """Cache key of a job: everything its report depends on.

    The pipeline version, kernel, job name, notebook path and bytes, title, parameter
    overrides, data version and library version: a report whose key is unchanged is
    reused as it is.

    Parameters
    ----------
    job : Job
        One report to produce.
    data_ver : str
        :func:`data_version` (or the refreshed cache's hash).
    src_ver : str
        :func:`source_version`.

    Returns
    -------
    str
        16 hex digits of a SHA-256.

    Examples
    --------
    >>> from pathlib import Path
    >>> import minelib
    >>> from minelib.reports.jobs import load_jobs
    >>> job = load_jobs(Path(minelib.__file__).resolve().parents[1] / "reports" / "jobs.toml")[0]
    >>> key = input_hash(job, "data1", "src1")
    >>> len(key), key == input_hash(job, "data1", "src1"), key == input_hash(job, "data2", "src1")
    (16, True, False)
    """
    h = hashlib.sha256()
    meta = {"pipeline": PIPELINE_VERSION, "kernel": KERNEL_NAME, "name": job.name,
            "notebook": job.notebook, "title": job.title, "parameters": job.parameters,
            "data": data_ver, "source": src_ver}
    h.update(json.dumps(meta, sort_keys=True, default=repr).encode())
    h.update(job.path.read_bytes())
    return h.hexdigest()[:16]
