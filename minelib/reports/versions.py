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


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def input_hash(job: Job, data_ver: str, src_ver: str) -> str:
    """Cache key of a job: everything its report depends on."""
    h = hashlib.sha256()
    meta = {"pipeline": PIPELINE_VERSION, "kernel": KERNEL_NAME, "name": job.name,
            "notebook": job.notebook, "title": job.title, "parameters": job.parameters,
            "data": data_ver, "source": src_ver}
    h.update(json.dumps(meta, sort_keys=True, default=repr).encode())
    h.update(job.path.read_bytes())
    return h.hexdigest()[:16]
