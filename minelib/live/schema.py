"""The normalised daily schema and the unit conversions every source shares.

Each source module turns its responses into a frame with the columns of :data:`COLUMNS`
(units in the names) and hands it to :func:`finish`, which adds the hashprice columns
through :mod:`minelib.revenue` (Luxor's difficulty form, and the hashrate form as a
labelled alternative: :func:`hashprice_columns`). Hashrates are converted here, once, with a plausibility
check that names the unit a column most likely is in.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from minelib import protocol, revenue
from minelib._validate import check_array, like, vectorized
from minelib.live.errors import LiveDataError
from minelib.protocol import TARGET_BLOCKS_PER_DAY
from minelib.units import HASHRATE_SCALE, H_PER_EH, SECONDS_PER_DAY, hs_to_ehs

__all__ = [
    "COLUMNS",
    "SOURCES",
    "EXPECTED_BLOCKS_PER_DAY",
    "PLAUSIBLE_HASHRATE_EHS_SINCE_2020",
    "difficulty_from_blocks",
    "hashrate_to_ehs",
    "declared_hashrate_unit",
    "masked",
    "implied_blocks",
    "subsidy_btc_by_date",
    "utc_days",
    "hashprice_columns",
    "finish",
]

#: Column -> unit of the normalised daily dataset (units are in the names too).
COLUMNS: dict[str, str] = {
    "date": "UTC calendar day (YYYY-MM-DD)",
    "hashrate_ehs": "EH/s, daily mean network hashrate",
    "difficulty": "dimensionless, difficulty in effect (or the day's mean)",
    "blocks_per_day": "blocks/day, counted (Coin Metrics) or implied by hashrate and difficulty",
    "subsidy_btc_per_block": "BTC/block, mean block subsidy of the day",
    "fees_btc_per_block": "BTC/block, mean transaction fees per block of the day",
    "price_usd": "USD/BTC",
    "hashprice_btc_per_ph_day": "BTC/PH/day, Luxor's difficulty form: "
                                "86400 x (subsidy + fees) x 1e15 / (difficulty x 2^32)",
    "hashprice_usd_per_ph_day": "USD/PH/day, price x hashprice_btc_per_ph_day (difficulty form, "
                                "with fees)",
    "hashprice_usd_per_ph_day_ex_fees": "USD/PH/day, difficulty form from the subsidy alone",
    "hashprice_hashrate_form_usd_per_ph_day": "USD/PH/day, alternative hashrate form: price x 144 x "
                                              "(subsidy + fees) / hashrate[PH/s]",
    "source": "provenance of the row",
}

#: The public sources, in the order ``minelib refresh`` fetches them (one module each).
SOURCES: tuple[str, ...] = ("mempool", "coinmetrics", "blockchain")

#: Hashprice convention: the protocol's expected blocks per day (86400 / 600 = 144).
EXPECTED_BLOCKS_PER_DAY = TARGET_BLOCKS_PER_DAY
#: Plausible daily network hashrate since 2020 [EH/s] (2020 lows ~90 EH/s; 2025 ~1,000).
PLAUSIBLE_HASHRATE_EHS_SINCE_2020 = (50.0, 5_000.0)
_SINCE = pd.Timestamp("2020-01-01")
_HASHRATE_UNITS = ["H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s", "ZH/s"]


def hashrate_to_ehs(values, unit: str, *, source: str, column: str, dates) -> np.ndarray:
    """Convert a hashrate column to EH/s and reject implausible magnitudes.

    Since 2020 the daily network hashrate lies within 50-5,000 EH/s; a column that falls
    outside by a power of 1,000 is reported with the unit it most likely is in.
    """
    if unit not in HASHRATE_SCALE:
        raise LiveDataError(f"{source}: column {column!r} has unknown hashrate unit {unit!r}; "
                            f"expected one of {_HASHRATE_UNITS}")
    v = np.asarray(values, dtype=float) * (HASHRATE_SCALE[unit] / H_PER_EH)
    d = pd.to_datetime(pd.Series(dates)).to_numpy()
    lo, hi = PLAUSIBLE_HASHRATE_EHS_SINCE_2020
    recent = (d >= np.datetime64(_SINCE)) & np.isfinite(v)
    bad = recent & ((v < lo) | (v > hi))
    if bad.any():
        med = float(np.median(v[recent]))
        i = int(np.flatnonzero(bad)[0])
        hint = ""
        if med > 0:
            k = int(round(math.log10(med / 500.0) / 3))  # powers of 1,000 off
            j = _HASHRATE_UNITS.index(unit) - k
            if k != 0 and 0 <= j < len(_HASHRATE_UNITS):
                hint = (f"; the values are ~{1000 ** abs(k):,}x too {'large' if k > 0 else 'small'}"
                        f" for {unit}: likely a unit error, the data look like {_HASHRATE_UNITS[j]}")
        raise LiveDataError(
            f"{source}: column {column!r} on {pd.Timestamp(d[i]).date()} is "
            f"{np.asarray(values, dtype=float)[i]:.6g} {unit} = {v[i]:,.6g} EH/s, outside the "
            f"plausible {lo:,.0f}-{hi:,.0f} EH/s for daily network hashrate since 2020 "
            f"(median of the column since 2020: {med:,.6g} EH/s){hint}")
    if np.any(v[np.isfinite(v)] < 0):
        raise LiveDataError(f"{source}: column {column!r} has negative hashrates")
    return v


def declared_hashrate_unit(label: str) -> str | None:
    """The hashrate unit named in a free-text label (``"Hash Rate TH/s"`` -> ``"TH/s"``)."""
    for u in sorted(_HASHRATE_UNITS, key=len, reverse=True):
        if u.lower() in label.lower():
            return next(x for x in _HASHRATE_UNITS if x.lower() == u.lower())
    return None


@vectorized
def difficulty_from_blocks(hashrate_hs, blocks_per_day):
    """Difficulty implied by a daily hashrate and the day's block count.

    The blocks of the day came every ``86400 / blocks`` seconds on average, and each block
    takes ``D * 2^32`` hashes in expectation, so
    ``D = H[H/s] * (86400 / blocks) / 2^32``
    (:func:`minelib.protocol.difficulty_from_hashrate` at the day's mean block interval).

    Parameters
    ----------
    hashrate_hs : float, ndarray or Series
        Daily mean network hashrate [H/s], > 0.
    blocks_per_day : float, ndarray or Series
        Blocks mined that day [blocks/day], > 0.

    Returns
    -------
    float, ndarray or Series
        Difficulty [dimensionless], of the kind of the inputs (a Series keeps its index).

    Raises
    ------
    ValueError
        If an argument is NaN, infinite or not positive; the message names it.

    References
    ----------
    Bitcoin Core ``src/rpc/mining.cpp`` (``GetNetworkHashPS``: work = difficulty x 2^32);
    the Coin Metrics ``HashRate`` definition quoted in :mod:`minelib.live.coinmetrics`.

    Examples
    --------
    >>> round(difficulty_from_blocks(4294967296 * 19 / 86400, 19), 9)  # 2009-01-09: D = 1
    1.0
    >>> f"{difficulty_from_blocks(900e18, 144):.4g}"  # 900 EH/s at 144 blocks/day
    '1.257e+14'
    >>> difficulty_from_blocks(900e18, pd.Series([144.0, 150.0], index=["Mon", "Tue"])).round(-9)
    Mon    1.257290e+14
    Tue    1.206990e+14
    dtype: float64
    """
    h = check_array("hashrate_hs", hashrate_hs, lo=0, lo_inclusive=False, unit="H/s")
    blocks = check_array("blocks_per_day", blocks_per_day, lo=0, lo_inclusive=False,
                         unit="blocks/day")
    # protocol.difficulty_from_hashrate with the day's mean block interval
    d = protocol.difficulty_from_hashrate(hs_to_ehs(h), SECONDS_PER_DAY / blocks)
    return like(d, hashrate_hs, blocks_per_day)


def masked(func, mask, *args) -> np.ndarray:
    """``func(*args)`` where ``mask`` holds, NaN elsewhere (model functions reject NaN)."""
    out = np.full(mask.shape, np.nan)
    if mask.any():
        out[mask] = np.asarray(func(*[np.asarray(a, dtype=float)[mask] for a in args]))
    return out


def implied_blocks(hashrate_ehs, difficulty) -> np.ndarray:
    """Blocks/day implied by hashrate and difficulty (:func:`minelib.protocol.blocks_per_day`);
    NaN where either is missing."""
    h = np.asarray(hashrate_ehs, dtype=float)
    d = np.asarray(difficulty, dtype=float)
    ok = np.isfinite(h) & (h > 0) & np.isfinite(d) & (d > 0)
    return masked(protocol.blocks_per_day, ok, h, d)


def subsidy_btc_by_date(dates) -> np.ndarray:
    """Block subsidy [BTC/block] in force on each date (protocol halvings, data/halvings.csv)."""
    from minelib.data import load_halvings

    hv = load_halvings()
    hv = hv[hv["start_date"].notna()].sort_values("start_date")
    starts = hv["start_date"].to_numpy(dtype="datetime64[ns]")
    subs = hv["subsidy_btc"].to_numpy(dtype=float)
    d = pd.to_datetime(pd.Series(dates)).to_numpy(dtype="datetime64[ns]")
    idx = np.searchsorted(starts, d, side="right") - 1
    return np.where(idx >= 0, subs[np.clip(idx, 0, None)], np.nan)


def utc_days(ts_seconds) -> pd.Series:
    """UTC calendar days (midnight, tz-naive) of Unix timestamps [s]."""
    return pd.to_datetime(pd.Series(ts_seconds, dtype="float64"), unit="s", utc=True) \
        .dt.tz_localize(None).dt.normalize()


def hashprice_columns(df: pd.DataFrame) -> dict[str, np.ndarray]:
    """The hashprice columns of a daily frame, each labelled with the form it uses.

    ``hashprice_btc_per_ph_day``, ``hashprice_usd_per_ph_day`` and
    ``hashprice_usd_per_ph_day_ex_fees`` follow Luxor's definition (the expected reward of
    1 PH/s for a day at the day's difficulty,
    :func:`minelib.revenue.hashprice_btc_per_ph_day_from_difficulty` and
    :func:`minelib.revenue.hashprice_usd_per_ph_day_from_difficulty`):

    ``hashprice = price * 86400 * (subsidy + fees) * 10^15 / (difficulty * 2^32)``

    with fees per block averaged over a trailing window of blocks. Luxor averages the last
    144 blocks; in a daily series the day's fees divided by the day's blocks is that
    window (the ~144 blocks of the day): Coin Metrics ``FeeTotNtv / BlkCnt``,
    blockchain.com's day's fees over the blocks its hashrate and difficulty imply, and
    mempool.space's ``reward-stats/144`` (exactly the last 144 blocks, latest day only).
    Because the difficulty does not count the day's blocks, a lucky day with more than 144
    blocks does not show a lower hashprice.

    ``hashprice_hashrate_form_usd_per_ph_day`` is the alternative built on the day's
    hashrate, ``price * 144 * (subsidy + fees) / hashrate[PH/s]``
    (:func:`minelib.revenue.hashprice_usd_per_ph_day`). The daily hashrate of every source
    is itself estimated from the day's blocks (``D * blocks * 2^32 / 86400``), so this form
    falls on lucky days and rises on unlucky ones (about +-8 % a day at 144 +- 12 blocks):
    kept for comparison, not for drawdowns.

    Each column is NaN on days lacking one of its inputs (price, difficulty or hashrate,
    subsidy, fees; the ex-fees column needs no fees).
    """
    d, h, s, f, p = (df[c].to_numpy(dtype=float) for c in
                     ("difficulty", "hashrate_ehs", "subsidy_btc_per_block", "fees_btc_per_block",
                      "price_usd"))
    ok_s, ok_f, ok_p = np.isfinite(s), np.isfinite(f), np.isfinite(p)
    ok_d = np.isfinite(d) & (d > 0) & ok_s
    ok_h = np.isfinite(h) & (h > 0) & ok_s & ok_f & ok_p
    return {
        "hashprice_btc_per_ph_day": masked(
            revenue.hashprice_btc_per_ph_day_from_difficulty, ok_d & ok_f, d, s, f),
        "hashprice_usd_per_ph_day": masked(
            revenue.hashprice_usd_per_ph_day_from_difficulty, ok_d & ok_f & ok_p, p, d, s, f),
        "hashprice_usd_per_ph_day_ex_fees": masked(
            revenue.hashprice_usd_per_ph_day_from_difficulty, ok_d & ok_p, p, d, s, np.zeros_like(s)),
        "hashprice_hashrate_form_usd_per_ph_day": masked(
            lambda p_, h_, s_, f_: revenue.hashprice_usd_per_ph_day(p_, h_, s_, f_, EXPECTED_BLOCKS_PER_DAY),
            ok_h, p, h, s, f),
    }


def finish(df: pd.DataFrame, source_label: str) -> pd.DataFrame:
    """Add the hashprice columns (:func:`hashprice_columns`), label the source, order columns."""
    df = df.sort_values("date").reset_index(drop=True)
    for c in COLUMNS:
        if c not in df.columns and c != "source":
            df[c] = np.nan
    for c, v in hashprice_columns(df).items():
        df[c] = v
    df["source"] = source_label
    df["date"] = pd.to_datetime(df["date"]).dt.normalize()
    return df[list(COLUMNS)]
