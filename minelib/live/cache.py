"""The on-disk cache of refreshed sources: atomic files, sidecars, manifest, data version.

Per source the cache holds ``<source>.csv`` (the normalised frame) and ``<source>.json``
(source, URLs, UTC retrieval time, rows, date range, SHA-256 of the CSV), each replaced
with :func:`minelib._atomic.write_atomic`. A reader checks the hash before trusting a file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from minelib._atomic import write_atomic
from minelib.live.errors import LiveDataError
from minelib.live.schema import COLUMNS, SOURCES
from minelib.live.validate import validate_history

__all__ = [
    "PREFERENCE",
    "SNAPSHOT_FILE",
    "default_cache_dir",
    "snapshot_path",
    "manifest",
    "data_version_of",
    "resolve_source",
    "to_csv_bytes",
    "read_csv_bytes",
    "read_cached",
    "cached_sidecar",
    "store",
    "content_sha256",
]

#: Order in which ``load_network_history("refreshed")`` picks a cached source.
PREFERENCE: tuple[str, ...] = ("coinmetrics", "mempool", "blockchain")
SNAPSHOT_FILE = "network_history_snapshot.csv"
_REPO_DIR = Path(__file__).resolve().parent.parent.parent


def default_cache_dir() -> Path:
    """Where ``minelib refresh`` caches downloads: ``$MINELIB_CACHE_DIR`` if set (``~``
    expanded), else ``<repo>/.cache/network/`` (gitignored). Nothing is created.

    Returns
    -------
    pathlib.Path
        The cache folder.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"MINELIB_CACHE_DIR": "~/minelib-cache"}):
    ...     default_cache_dir() == Path.home() / "minelib-cache"
    True
    >>> with mock.patch.dict(os.environ, clear=True):
    ...     default_cache_dir().parts[-2:]
    ('.cache', 'network')
    """
    env = os.environ.get("MINELIB_CACHE_DIR")
    return Path(env).expanduser() if env else _REPO_DIR / ".cache" / "network"


def snapshot_path() -> Path:
    """The shipped sparse snapshot ``data/network_history_snapshot.csv``.

    It is what :func:`~minelib.live.history.load_network_history` returns offline, built
    from seed figures and protocol facts only
    (:func:`~minelib.live.history.build_snapshot`).

    Returns
    -------
    pathlib.Path
        The file in the repository's ``data/`` folder.

    Examples
    --------
    >>> snapshot_path().name, snapshot_path().parent.name, snapshot_path().is_file()
    ('network_history_snapshot.csv', 'data', True)
    """
    return _REPO_DIR / "data" / SNAPSHOT_FILE


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The cache's CSV form of a normalised frame (ISO dates, ``\\n`` line ends, UTF-8)."""
    out = df.copy()
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def read_csv_bytes(data: bytes, what: str) -> pd.DataFrame:
    """Parse :func:`to_csv_bytes` output back into a frame (``what`` names it in errors)."""
    try:
        df = pd.read_csv(io.BytesIO(data), dtype={"source": str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise LiveDataError(f"{what}: unreadable CSV ({exc})") from None
    if "date" in df.columns:
        df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    return df


def content_sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data`` (the version stamp of a cached file or the snapshot)."""
    return hashlib.sha256(data).hexdigest()


def _now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def store(cache: Path, source: str, df: pd.DataFrame, urls: list[str]) -> dict:
    """Write ``<source>.csv`` and its sidecar atomically; return the sidecar."""
    data = to_csv_bytes(df)
    # Re-read what will be written and validate it before it replaces anything.
    validate_history(read_csv_bytes(data, f"{source} (about to be cached)"), source=source)
    side = {
        "source": source,
        "label": str(df["source"].iloc[0]),
        "urls": urls,
        "retrieved_utc": _now_utc(),
        "rows": int(len(df)),
        "date_min": str(pd.Timestamp(df["date"].min()).date()),
        "date_max": str(pd.Timestamp(df["date"].max()).date()),
        "sha256": content_sha256(data),
        "file": f"{source}.csv",
        "columns": COLUMNS,
    }
    write_atomic(cache / f"{source}.csv", data)
    write_atomic(cache / f"{source}.json", (json.dumps(side, indent=2) + "\n").encode("utf-8"))
    return side


def read_cached(cache: Path, source: str) -> tuple[pd.DataFrame, dict]:
    """A cached source and its sidecar, after checking the CSV against the sidecar's hash."""
    csv_path, side_path = cache / f"{source}.csv", cache / f"{source}.json"
    data = csv_path.read_bytes()
    side = json.loads(side_path.read_text(encoding="utf-8"))
    if side.get("sha256") != content_sha256(data):
        raise LiveDataError(f"{source}: cached {csv_path} does not match the SHA-256 in "
                            f"{side_path}; run `minelib refresh --source {source}` again")
    df = validate_history(read_csv_bytes(data, str(csv_path)), source=str(csv_path))
    return df, side


def cached_sidecar(cache: Path, source: str) -> dict | None:
    """The sidecar of a cached source, or None if there is none or it cannot be read."""
    try:
        side = json.loads((cache / f"{source}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return side if isinstance(side, dict) else None


def manifest(cache_dir: str | os.PathLike | None = None) -> dict:
    """Sidecars of every cached source plus the shipped snapshot's hash.

    A report pipeline can store this (or :func:`data_version_of`) to pin the data it used;
    ``minelib refresh --offline`` prints it. The hashes are read from the sidecars, not
    checked here (:func:`read_cached` checks them when a source is loaded).

    Parameters
    ----------
    cache_dir : str or path, optional
        The cache folder; default :func:`default_cache_dir`. A missing folder is an
        empty cache.

    Returns
    -------
    dict
        ``cache_dir`` (str); ``sources``: per cached source its sidecar (``rows``,
        ``date_min``, ``date_max``, ``retrieved_utc``, ``sha256``, ``urls`` ...), or
        ``{"error": ...}`` for an unreadable one; ``snapshot``: ``file`` and ``sha256``
        (None if the file is missing).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as empty:
    ...     m = manifest(empty)
    >>> m["sources"], len(m["snapshot"]["sha256"])
    ({}, 64)
    """
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    out = {"cache_dir": str(cache), "sources": {}}
    for s in SOURCES:
        p = cache / f"{s}.json"
        if p.is_file():
            try:
                out["sources"][s] = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                out["sources"][s] = {"error": f"unreadable sidecar {p}"}
    snap = snapshot_path()
    out["snapshot"] = {"file": str(snap), "sha256": content_sha256(snap.read_bytes()) if snap.is_file() else None}
    return out


def data_version_of(source: str = "refreshed", cache_dir: str | os.PathLike | None = None) -> str:
    """SHA-256 of the data ``load_network_history(source)`` would return.

    Parameters
    ----------
    source : str
        ``"snapshot"``, one of :data:`SOURCES`, or ``"refreshed"`` (the first cached
        source in :data:`PREFERENCE` order, else the snapshot).
    cache_dir : str or path, optional
        The cache folder; default :func:`default_cache_dir`.

    Returns
    -------
    str
        ``"<name>:<sha256>"``: which data (``snapshot`` or a source name) and the hex
        SHA-256 of its CSV (for a cached source, as recorded in its sidecar).

    Raises
    ------
    FileNotFoundError
        If a named source is not cached.
    ValueError
        If ``source`` is none of the above.

    Examples
    --------
    With nothing cached, ``"refreshed"`` means the shipped snapshot:

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as empty:
    ...     version = data_version_of("refreshed", empty)
    >>> version == "snapshot:" + content_sha256(snapshot_path().read_bytes())
    True
    """
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    name = resolve_source(source, cache)
    if name == "snapshot":
        return f"snapshot:{content_sha256(snapshot_path().read_bytes())}"
    side = json.loads((cache / f"{name}.json").read_text(encoding="utf-8"))
    return f"{name}:{side['sha256']}"


def resolve_source(source: str, cache: Path) -> str:
    """Which data ``source`` means: ``"snapshot"`` or the name of a cached source."""
    if source == "snapshot":
        return "snapshot"
    if source in SOURCES:
        if not (cache / f"{source}.csv").is_file():
            raise FileNotFoundError(f"no cached {source!r} data in {cache}; run "
                                    f"`minelib refresh --source {source}` (or `make refresh`)")
        return source
    if source == "refreshed":
        for s in PREFERENCE:
            if (cache / f"{s}.csv").is_file() and (cache / f"{s}.json").is_file():
                return s
        return "snapshot"
    raise ValueError(f"source={source!r} is not one of ['snapshot', 'refreshed', "
                     f"{', '.join(repr(s) for s in SOURCES)}]")
