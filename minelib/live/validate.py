"""Checks a normalised frame passes before it is cached or returned: schema and ranges."""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib.live.errors import LiveDataError
from minelib.live.schema import COLUMNS, hashrate_to_ehs
from minelib.protocol import HASHES_PER_DIFFICULTY, TARGET_BLOCK_TIME_S
from minelib.units import H_PER_EH

__all__ = ["validate_history"]

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
}


def validate_history(df: pd.DataFrame, *, source: str, min_rows: int = 1,
                     require_hashrate: bool = True) -> pd.DataFrame:
    """Check the normalised schema, types and ranges; return ``df`` or raise LiveDataError.

    Checks: exact columns; unique, sorted dates; each numeric column within its range
    (NaN allowed except in ``hashrate_ehs`` when ``require_hashrate``, which the sparse
    snapshot turns off); hashrate since 2020 within 50-5,000 EH/s;
    where both are known, the hashrate implied by the difficulty within a factor 3 of the
    reported hashrate (a unit error is a factor 1,000).
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
