"""Checks a normalised frame passes before it is cached or returned: schema and ranges."""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib.live.errors import LiveDataError
from minelib.live.schema import COLUMNS, hashrate_to_ehs
from minelib.protocol import HASHES_PER_DIFFICULTY, TARGET_BLOCK_TIME_S
from minelib.units import H_PER_EH

__all__ = ["validate_history", "check_complete", "check_not_shorter"]

_RANGES = {  # column: (lo, hi, unit, required)
    "hashrate_ehs": (0.0, 5_000.0, "EH/s", True),
    "difficulty": (1.0, 1e16, "dimensionless", False),
    "blocks_per_day": (0.0, 1_000.0, "blocks/day", False),
    "subsidy_btc_per_block": (0.0, 50.0, "BTC/block", False),
    "fees_btc_per_block": (0.0, 50.0, "BTC/block", False),
    "price_usd": (0.0, 1e8, "USD/BTC", False),
    "hashprice_btc_per_ph_day": (0.0, 1e9, "BTC/PH/day", False),
    "hashprice_usd_per_ph_day": (0.0, 1e9, "USD/PH/day", False),
    "hashprice_usd_per_ph_day_ex_fees": (0.0, 1e9, "USD/PH/day", False),
    "hashprice_hashrate_form_usd_per_ph_day": (0.0, 1e9, "USD/PH/day", False),
}


def validate_history(df: pd.DataFrame, *, source: str, min_rows: int = 1,
                     require_hashrate: bool = True) -> pd.DataFrame:
    """Check the normalised schema, types and ranges; return ``df`` or raise LiveDataError.

    Checks: exact columns; unique, sorted dates; each numeric column within its range
    (NaN allowed except in ``hashrate_ehs`` when ``require_hashrate``, which the sparse
    snapshot turns off); hashrate since 2020 within 50-5,000 EH/s;
    where both are known, the hashrate implied by the difficulty within a factor 3 of the
    reported hashrate (a unit error is a factor 1,000).

    Parameters
    ----------
    df : pandas.DataFrame
        A normalised frame: exactly the columns :data:`~minelib.live.schema.COLUMNS`, in
        order.
    source : str
        Named first in every message (a source name or a file path).
    min_rows : int
        Fewest rows accepted [rows].
    require_hashrate : bool
        Refuse a day without ``hashrate_ehs`` (the sparse snapshot passes False).

    Returns
    -------
    pandas.DataFrame
        ``df`` itself, unchanged, so a check can wrap the expression that makes it.

    Raises
    ------
    LiveDataError
        Naming ``source``, the column and the first bad day, with the range and unit.

    Examples
    --------
    >>> from minelib.live.history import load_network_history
    >>> df = load_network_history("snapshot")
    >>> validate_history(df, source="snapshot", require_hashrate=False) is df
    True
    >>> bad = df.assign(hashrate_ehs=df["hashrate_ehs"] * 1000)  # TH/s data labelled EH/s
    >>> validate_history(bad, source="snapshot", require_hashrate=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    minelib.live.errors.LiveDataError: snapshot: column 'hashrate_ehs' on ... is ..., outside the expected range [0, 5000] [EH/s]
    """
    if list(df.columns) != list(COLUMNS):
        missing = [c for c in COLUMNS if c not in df.columns]
        extra = [c for c in df.columns if c not in COLUMNS]
        raise LiveDataError(f"{source}: normalised data has missing columns {missing} / "
                            f"unexpected columns {extra}")
    if len(df) < min_rows:
        raise LiveDataError(f"{source}: only {len(df)} row(s); expected at least {min_rows}")
    d = pd.to_datetime(df["date"])
    if d.isna().any():
        raise LiveDataError(f"{source}: column 'date' has missing dates")
    if d.duplicated().any():
        raise LiveDataError(f"{source}: column 'date' repeats {d[d.duplicated()].iloc[0].date()}")
    if not d.is_monotonic_increasing:
        raise LiveDataError(f"{source}: column 'date' is not sorted")
    for col, (lo, hi, unit, required) in _RANGES.items():
        v = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)
        if required and require_hashrate and np.isnan(v).any():
            i = int(np.flatnonzero(np.isnan(v))[0])
            raise LiveDataError(f"{source}: column {col!r} is missing on {d.iloc[i].date()}")
        bad = np.isfinite(v) & ((v < lo) | (v > hi)) | np.isinf(v)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise LiveDataError(f"{source}: column {col!r} on {d.iloc[i].date()} is {v[i]!r}, "
                                f"outside the expected range [{lo:g}, {hi:g}] [{unit}]")
    hashrate_to_ehs(df["hashrate_ehs"], "EH/s", source=source, column="hashrate_ehs", dates=d)
    h = df["hashrate_ehs"].to_numpy(dtype=float)
    diff = df["difficulty"].to_numpy(dtype=float)
    both = np.isfinite(h) & np.isfinite(diff) & (h > 0)
    if both.any():
        implied = diff[both] * HASHES_PER_DIFFICULTY / TARGET_BLOCK_TIME_S / H_PER_EH
        ratio = h[both] / implied
        off = (ratio > 3) | (ratio < 1 / 3)
        if off.any():
            i = int(np.flatnonzero(both)[np.flatnonzero(off)[0]])
            raise LiveDataError(
                f"{source}: on {d.iloc[i].date()} hashrate_ehs={h[i]:.6g} EH/s disagrees with the "
                f"difficulty {diff[i]:.6g} (implies {implied[np.flatnonzero(off)[0]]:.6g} "
                "EH/s at 600 s blocks); one of them is in the wrong unit")
    return df


def check_complete(df: pd.DataFrame, *, source: str, url: str, required) -> pd.DataFrame:
    """Reject a history that stops short: a required column missing on the last day, or
    missing on a day after it has started (fewer days of it than the request implies).

    A download cut at a row boundary, or one series of a source ending before another,
    leaves exactly these holes; refusing them keeps the previous cache.

    Parameters
    ----------
    df : pandas.DataFrame
        A normalised frame, sorted by date.
    source, url : str
        Named in the message (the source and its main URL).
    required : iterable of str
        The columns the source supplies for every day.

    Raises
    ------
    LiveDataError
        Naming the source, the URL, the column and the first day it is missing.
    """
    d = pd.to_datetime(df["date"])
    for col in required:
        present = df[col].notna().to_numpy()
        if not present.any():
            raise LiveDataError(f"{source}: {url}: column {col!r} is empty on every day")
        first = int(np.argmax(present))
        holes = np.flatnonzero(~present[first:]) + first
        if len(holes):
            i = int(holes[0])
            where = "on the last day" if i == len(df) - 1 else "after it started"
            raise LiveDataError(
                f"{source}: {url}: column {col!r} is missing on {d.iloc[i].date()} ({where}; "
                f"{len(holes)} day(s) missing between {d.iloc[first].date()} and "
                f"{d.iloc[-1].date()}): the response has fewer days than the request implies, "
                "so it was cut short; the previous cache is kept")
    return df


def check_not_shorter(df: pd.DataFrame, previous: dict | None, *, source: str, url: str,
                      allow_shorter: bool = False) -> pd.DataFrame:
    """Reject a history shorter than the cached one it would replace, unless allowed.

    Shorter means: fewer rows, a later first day or an earlier last day than the
    ``previous`` sidecar records (``rows``, ``date_min``, ``date_max``).

    Raises
    ------
    LiveDataError
        Naming the source, the URL and both spans, unless ``allow_shorter``.

    Examples
    --------
    >>> new = pd.DataFrame({"date": pd.to_datetime(["2025-07-01", "2025-07-02"])})
    >>> old = {"rows": 3, "date_min": "2025-07-01", "date_max": "2025-07-03"}
    >>> check_not_shorter(new, old, source="x", url="u")
    Traceback (most recent call last):
    ...
    minelib.live.errors.LiveDataError: x: u returned 2 rows (2025-07-01 .. 2025-07-02), a shorter history than the cached 3 rows (2025-07-01 .. 2025-07-03); the cache is kept (pass allow_shorter=True, or --allow-shorter, to replace it)
    >>> len(check_not_shorter(new, old, source="x", url="u", allow_shorter=True))
    2
    """
    if previous is None or allow_shorter:
        return df
    try:
        rows = int(previous["rows"])
        lo, hi = pd.Timestamp(previous["date_min"]), pd.Timestamp(previous["date_max"])
    except (KeyError, TypeError, ValueError):
        return df  # an unreadable sidecar protects nothing: its cache does not load either
    d = pd.to_datetime(df["date"])
    if len(df) < rows or d.min() > lo or d.max() < hi:
        raise LiveDataError(
            f"{source}: {url} returned {len(df)} rows ({d.min().date()} .. {d.max().date()}), "
            f"a shorter history than the cached {rows} rows ({lo.date()} .. {hi.date()}); the "
            "cache is kept (pass allow_shorter=True, or --allow-shorter, to replace it)")
    return df
