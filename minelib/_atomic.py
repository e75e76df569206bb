"""Atomic file replacement: a reader sees the old file or the new one, never a torn one.

Used wherever the project replaces a file that something else may be reading or that a
crash must not corrupt: the live-data cache, the shipped snapshot, the report index and
manifest. The data is written to a temporary file in the same folder, flushed and
``fsync``-ed, then moved over the target with :func:`os.replace` (atomic on POSIX and
Windows for paths on one file system).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes | str, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically (``str`` is written as UTF-8).

    Parameters
    ----------
    path : str or path-like
        The file to create or replace; its folder is created if missing.
    data : bytes or str
        The whole new content.
    durable : bool, optional
        ``fsync`` the data before the move (default), so a power cut leaves the old or
        the new file. False skips it for caches whose reader checks every entry and
        rebuilds a bad one: readers still never see a torn file, and an ``fsync`` costs
        a few milliseconds per file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(target, "one")
    >>> write_atomic(target, b"two")
    >>> target.read_text()
    'two'
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
