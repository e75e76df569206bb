"""Live network data: fetch public sources, normalise to one schema, cache atomically.

Three public, keyless sources are normalised to **one daily schema with explicit units**
(:data:`COLUMNS`), validated (schema, ranges, unit plausibility) and only then written to
a cache directory, so a failed, partial or malformed download never replaces good data:

``mempool``
    mempool.space REST API (``/api/v1/mining/...``, ``/api/v1/historical-price``).
``coinmetrics``
    Coin Metrics community data, the ``csv/btc.csv`` file of the public
    ``coinmetrics/data`` repository (daily, one row per UTC day).
``blockchain``
    blockchain.com charts API (``/charts/<name>?timespan=all&format=json``), the fallback.

Response shapes confirmed (from the mempool backend source ``backend/src/api/mining/
mining-routes.ts`` and repositories, the ``mempool.js`` type definitions, the
``coinmetrics/data`` CSV itself and third-party clients of the blockchain.com charts API):

* ``GET /api/v1/mining/hashrate/:interval`` -> ``{"hashrates": [{"timestamp": <unix s>,
  "avgHashrate": <H/s>}], "difficulty": [{"time", "height", "difficulty", "adjustment"}],
  "currentHashrate": <H/s>, "currentDifficulty": <float>}``; ``hashrates`` are the
  ``type = 'daily'`` rows, ``timestamp`` is ``UNIX_TIMESTAMP(hashrate_timestamp)``.
* ``GET /api/v1/mining/difficulty-adjustments`` -> ``[[time <unix s>, height, difficulty,
  adjustment <ratio new/old>], ...]``, newest first (``ORDER BY height DESC``).
* ``GET /api/v1/mining/reward-stats/:blockCount`` -> ``{"startBlock", "endBlock",
  "totalReward", "totalFee", "totalTx"}``, amounts in satoshis (strings in some versions,
  numbers in others: both accepted).
* ``GET /api/v1/historical-price?currency=USD`` -> ``{"prices": [{"time": <unix s>,
  "USD": <USD/BTC>}, ...], "exchangeRates": {...}}``; ``GET /api/v1/prices`` ->
  ``{"time": <unix s>, "USD": ..., "EUR": ...}``.
* Coin Metrics ``btc.csv``: header ``time,AdrActCnt,BlkCnt,...,DiffMean,...,FeeTotNtv,...,
  HashRate,...,IssTotNtv,...,PriceUSD,...``; ``HashRate`` is in **TH/s** and equals
  ``DiffMean * 2^32 * BlkCnt / 86400 / 1e12`` (checked on the 2009-01-09 row: 19 blocks at
  difficulty 1 -> 9.44495e-07 TH/s). Newer files may lack ``DiffMean``; difficulty is then
  derived: ``D = H[H/s] * (86400 / BlkCnt) / 2^32``.
* blockchain.com charts -> ``{"status": "ok", "name": "Hash Rate", "unit": "Hash Rate TH/s",
  "period": "day", "description": ..., "values": [{"x": <unix s>, "y": ...}]}``. The unit
  is read from the ``unit`` field (``TH/s`` today; some older endpoints used ``GH/s``) and
  the magnitude is checked, so a mislabelled unit is rejected, not silently used.

Hashprice follows the usual convention: the protocol's expected 144 blocks/day times the
day's mean reward per block, divided by the day's network hashrate in PH/s
(:func:`minelib.revenue.hashprice_usd_per_ph_day`), with and without fees.

Nothing is read, fetched or created at import time. Only the standard library (urllib)
does HTTP; tests point ``base_urls`` at a local fixture server.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import http.client
import io
import json
import math
import os
import socket
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from minelib import protocol, revenue
from minelib._atomic import write_atomic
from minelib.protocol import HASHES_PER_DIFFICULTY, TARGET_BLOCK_TIME_S, TARGET_BLOCKS_PER_DAY
from minelib.units import HASHRATE_SCALE, H_PER_EH, SATS_PER_BTC, SECONDS_PER_DAY, hs_to_ehs

__all__ = [
    "COLUMNS",
    "SOURCES",
    "DEFAULT_BASE_URLS",
    "LiveDataError",
    "SourceUnavailableError",
    "SourceResult",
    "RefreshResult",
    "refresh",
    "load_network_history",
    "data_version_of",
    "manifest",
    "default_cache_dir",
    "snapshot_path",
    "normalise_mempool",
    "normalise_coinmetrics",
    "normalise_blockchain",
    "difficulty_from_blocks",
    "validate_history",
    "difficulty_epochs",
    "build_snapshot",
    "add_refresh_arguments",
    "run_refresh",
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
    "hashprice_btc_per_ph_day": "BTC/PH/day, 144 x (subsidy + fees) / hashrate[PH/s]",
    "hashprice_usd_per_ph_day": "USD/PH/day, price x 144 x (subsidy + fees) / hashrate[PH/s]",
    "hashprice_usd_per_ph_day_ex_fees": "USD/PH/day, price x 144 x subsidy / hashrate[PH/s]",
    "source": "provenance of the row",
}

SOURCES: tuple[str, ...] = ("mempool", "coinmetrics", "blockchain")
#: Order in which ``load_network_history("refreshed")`` picks a cached source.
PREFERENCE: tuple[str, ...] = ("coinmetrics", "mempool", "blockchain")

DEFAULT_BASE_URLS: dict[str, str] = {
    "mempool": "https://mempool.space",
    "coinmetrics": "https://raw.githubusercontent.com/coinmetrics/data/master",
    "blockchain": "https://api.blockchain.info",
}

USER_AGENT = "minelib/0.1 (Bitcoin mining economics research workbook; polite, cached)"
#: Hashprice convention: the protocol's expected blocks per day (86400 / 600 = 144).
EXPECTED_BLOCKS_PER_DAY = TARGET_BLOCKS_PER_DAY
#: Plausible daily network hashrate since 2020 [EH/s] (2020 lows ~90 EH/s; 2025 ~1,000).
PLAUSIBLE_HASHRATE_EHS_SINCE_2020 = (50.0, 5_000.0)
_SINCE = pd.Timestamp("2020-01-01")
_HASHRATE_UNITS = ["H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s", "ZH/s"]

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = _PACKAGE_DIR.parent
SNAPSHOT_FILE = "network_history_snapshot.csv"


# ============================================================================ errors


class LiveDataError(ValueError):
    """Downloaded data is malformed, incomplete or implausible (names source and column)."""


class SourceUnavailableError(ConnectionError):
    """A source could not be reached (HTTP 5xx/4xx after retries, refused, timeout)."""

    def __init__(self, source: str, url: str, reason: str):
        self.source, self.url, self.reason = source, url, reason
        super().__init__(f"{source}: {url} is unavailable: {reason}")


# ============================================================================ HTTP


def _retry_after_s(value: str | None, cap: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    try:
        secs = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
            secs = (when - datetime.now(timezone.utc)).total_seconds()
        except (TypeError, ValueError):
            return None
    if not math.isfinite(secs):
        return None
    return min(max(secs, 0.0), cap)


def http_get(url: str, *, source: str, timeout: float = 30.0, retries: int = 3,
             backoff_s: float = 1.0, max_retry_after_s: float = 60.0,
             log=None) -> bytes:
    """GET ``url`` politely and return the body.

    Retries (``retries`` more attempts) on HTTP 429, HTTP 5xx, refused connections and
    timeouts, waiting ``backoff_s * 2**attempt`` seconds, or the server's ``Retry-After``
    (seconds or an HTTP date, capped at ``max_retry_after_s``) on 429/503. Other 4xx
    answers fail at once.

    Raises
    ------
    SourceUnavailableError
        Naming the source, the URL and the last reason.
    """
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                               "Accept": "application/json, text/csv, */*"})
    reason = "no attempt made"
    for attempt in range(retries + 1):
        wait = backoff_s * (2 ** attempt)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                body = resp.read()
                length = resp.headers.get("Content-Length")
                if length is not None and length.isdigit() and len(body) != int(length):
                    raise LiveDataError(
                        f"{source}: {url}: truncated download ({len(body)} of {length} bytes)")
                return body
        except urllib.error.HTTPError as exc:
            reason = f"HTTP {exc.code} {exc.reason}"
            if exc.code == 429 or exc.code == 503:
                ra = _retry_after_s(exc.headers.get("Retry-After") if exc.headers else None,
                                    max_retry_after_s)
                if ra is not None:
                    wait = ra
                    reason += f" (Retry-After {ra:g} s)"
            elif exc.code < 500:
                raise SourceUnavailableError(source, url, reason) from None
        except (TimeoutError, socket.timeout) as exc:
            reason = f"timed out after {timeout:g} s ({exc})"
        except urllib.error.URLError as exc:
            r = exc.reason
            if isinstance(r, (TimeoutError, socket.timeout)):
                reason = f"timed out after {timeout:g} s"
            else:
                reason = f"connection failed ({r})"
        except http.client.IncompleteRead as exc:
            reason = f"incomplete download ({len(exc.partial)} bytes received)"
        except (http.client.HTTPException, ConnectionError, OSError) as exc:  # reset mid-body
            reason = f"connection failed ({exc!r})"
        if attempt < retries:
            if log:
                log(f"  {source}: {reason}; retry {attempt + 1}/{retries} in {wait:.2g} s")
            time.sleep(wait)
    raise SourceUnavailableError(source, url, f"{reason} (after {retries + 1} attempt(s))")


def _get_json(url: str, source: str, **kw):
    body = http_get(url, source=source, **kw)
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LiveDataError(f"{source}: malformed JSON from {url} ({exc}); "
                            f"got {len(body)} bytes") from None


# ============================================================================ units


def _hashrate_to_ehs(values, unit: str, *, source: str, column: str, dates) -> np.ndarray:
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


def difficulty_from_blocks(hashrate_hs, blocks_per_day):
    """Difficulty implied by a daily hashrate and the day's block count.

    The blocks of the day came every ``86400 / blocks`` seconds on average, and each block
    takes ``D * 2^32`` hashes in expectation, so
    ``D = H[H/s] * (86400 / blocks) / 2^32``.

    Parameters
    ----------
    hashrate_hs : float, ndarray or Series
        Daily mean network hashrate [H/s].
    blocks_per_day : float, ndarray or Series
        Blocks mined that day [blocks/day], > 0.

    Returns
    -------
    float, ndarray or Series
        Difficulty [dimensionless].

    Examples
    --------
    >>> round(difficulty_from_blocks(4294967296 * 19 / 86400, 19), 9)  # 2009-01-09: D = 1
    1.0
    >>> f"{difficulty_from_blocks(900e18, 144):.4g}"  # 900 EH/s at 144 blocks/day
    '1.257e+14'
    """
    # protocol.difficulty_from_hashrate_ehs with the day's mean block interval
    return protocol.difficulty_from_hashrate_ehs(
        hs_to_ehs(hashrate_hs), SECONDS_PER_DAY / np.asarray(blocks_per_day, dtype=float))


def _implied_blocks(hashrate_ehs, difficulty) -> np.ndarray:
    """Blocks/day implied by hashrate and difficulty (:func:`minelib.protocol.blocks_per_day`);
    NaN where either is missing."""
    h = np.asarray(hashrate_ehs, dtype=float)
    d = np.asarray(difficulty, dtype=float)
    ok = np.isfinite(h) & (h > 0) & np.isfinite(d) & (d > 0)
    return _masked(protocol.blocks_per_day, ok, h, d)


def _subsidy_btc_by_date(dates) -> np.ndarray:
    """Block subsidy [BTC/block] in force on each date (protocol halvings, data/halvings.csv)."""
    from minelib.data import load_halvings

    hv = load_halvings()
    hv = hv[hv["start_date"].notna()].sort_values("start_date")
    starts = hv["start_date"].to_numpy(dtype="datetime64[ns]")
    subs = hv["subsidy_btc"].to_numpy(dtype=float)
    d = pd.to_datetime(pd.Series(dates)).to_numpy(dtype="datetime64[ns]")
    idx = np.searchsorted(starts, d, side="right") - 1
    return np.where(idx >= 0, subs[np.clip(idx, 0, None)], np.nan)


# ============================================================================ normalise


def _days(ts_seconds) -> pd.Series:
    return pd.to_datetime(pd.Series(ts_seconds, dtype="float64"), unit="s", utc=True) \
        .dt.tz_localize(None).dt.normalize()


def _masked(func, mask, *args):
    out = np.full(mask.shape, np.nan)
    if mask.any():
        out[mask] = np.asarray(func(*[np.asarray(a, dtype=float)[mask] for a in args]))
    return out


def _finish(df: pd.DataFrame, source_label: str) -> pd.DataFrame:
    """Add the hashprice columns (minelib.revenue, 144 blocks/day) and order the columns."""
    df = df.sort_values("date").reset_index(drop=True)
    for c in COLUMNS:
        if c not in df.columns and c != "source":
            df[c] = np.nan
    h, s, f, p = (df[c].to_numpy(dtype=float) for c in
                  ("hashrate_ehs", "subsidy_btc_per_block", "fees_btc_per_block", "price_usd"))
    ok_hs = np.isfinite(h) & (h > 0) & np.isfinite(s)
    ok_f = ok_hs & np.isfinite(f)
    ok_p = np.isfinite(p)
    b = EXPECTED_BLOCKS_PER_DAY
    df["hashprice_btc_per_ph_day"] = _masked(
        lambda h_, s_, f_: revenue.hashprice_btc_per_ph_day(h_, s_, f_, b), ok_f, h, s, f)
    df["hashprice_usd_per_ph_day"] = _masked(
        lambda p_, h_, s_, f_: revenue.hashprice_usd_per_ph_day(p_, h_, s_, f_, b), ok_f & ok_p, p, h, s, f)
    df["hashprice_usd_per_ph_day_ex_fees"] = _masked(
        lambda p_, h_, s_: revenue.hashprice_usd_per_ph_day(p_, h_, s_, 0.0, b), ok_hs & ok_p, p, h, s)
    df["source"] = source_label
    df["date"] = pd.to_datetime(df["date"]).dt.normalize()
    return df[list(COLUMNS)]


def _need(obj, key, source, url, kind=None):
    if not isinstance(obj, dict) or key not in obj:
        raise LiveDataError(f"{source}: response of {url} lacks field {key!r}")
    v = obj[key]
    if kind is not None and not isinstance(v, kind):
        raise LiveDataError(f"{source}: field {key!r} of {url} is {type(v).__name__}, "
                            f"expected {kind.__name__}")
    return v


def normalise_mempool(hashrate_doc, adjustments, prices_doc, current_price=None,
                      reward_stats=None, *, urls: dict | None = None) -> pd.DataFrame:
    """Normalise mempool.space responses to the daily schema.

    ``hashrates[].avgHashrate`` [H/s] -> ``hashrate_ehs``; the difficulty in effect at the
    end of each day comes from ``difficulty-adjustments`` (``[time, height, difficulty,
    ratio]``); the price is the mean of the day's ``historical-price`` quotes (the current
    ``/prices`` quote fills the last day if it has none); the subsidy is the protocol's for
    the date; fees per block (``reward-stats``, sats) are known only for the latest day,
    so the fee-inclusive hashprice is empty before it. ``blocks_per_day`` is implied by
    hashrate and difficulty (mempool's own hashrate estimate), not counted.
    """
    urls = urls or {}
    src = "mempool"
    u = urls.get("hashrate", "hashrate")
    rows = _need(hashrate_doc, "hashrates", src, u, list)
    if not rows:
        raise LiveDataError(f"{src}: 'hashrates' of {u} is empty")
    try:
        ts = [float(r["timestamp"]) for r in rows]
        hs = [float(r["avgHashrate"]) for r in rows]
    except (KeyError, TypeError, ValueError) as exc:
        raise LiveDataError(f"{src}: 'hashrates' entries of {u} lack 'timestamp'/'avgHashrate' "
                            f"numbers ({exc!r})") from None
    df = pd.DataFrame({"date": _days(ts), "hashrate_hs": hs})
    df = df.groupby("date", as_index=False)["hashrate_hs"].mean()
    df["hashrate_ehs"] = _hashrate_to_ehs(df["hashrate_hs"], "H/s", source=src,
                                          column="hashrates[].avgHashrate", dates=df["date"])

    ua = urls.get("difficulty_adjustments", "difficulty-adjustments")
    if not isinstance(adjustments, list) or not adjustments:
        raise LiveDataError(f"{src}: {ua} did not return a non-empty array")
    try:
        adj = pd.DataFrame([(float(a[0]), int(a[1]), float(a[2])) for a in adjustments],
                           columns=["time", "height", "difficulty"])
    except (TypeError, ValueError, IndexError) as exc:
        raise LiveDataError(f"{src}: entries of {ua} are not [time, height, difficulty, "
                            f"ratio] ({exc!r})") from None
    adj["date"] = _days(adj["time"])
    adj = adj.sort_values("height").groupby("date", as_index=False).last()
    pos = np.searchsorted(adj["date"].to_numpy(), df["date"].to_numpy(), side="right") - 1
    df["difficulty"] = np.where(pos >= 0, adj["difficulty"].to_numpy()[np.clip(pos, 0, None)], np.nan)
    df["blocks_per_day"] = _implied_blocks(df["hashrate_ehs"], df["difficulty"])
    df["subsidy_btc_per_block"] = _subsidy_btc_by_date(df["date"])

    up = urls.get("historical_price", "historical-price")
    plist = _need(prices_doc, "prices", src, up, list)
    try:
        pr = pd.DataFrame({"date": _days([float(p["time"]) for p in plist]),
                           "price_usd": [float(p["USD"]) for p in plist]})
    except (KeyError, TypeError, ValueError) as exc:
        raise LiveDataError(f"{src}: 'prices' entries of {up} lack 'time'/'USD' ({exc!r})") from None
    pr = pr[pr["price_usd"] > 0].groupby("date", as_index=False)["price_usd"].mean()
    df = df.merge(pr, on="date", how="left")
    if current_price is not None:
        t, usd = float(_need(current_price, "time", src, "prices")), float(_need(current_price, "USD", src, "prices"))
        day = _days([t]).iloc[0]
        m = (df["date"] == day) & df["price_usd"].isna()
        df.loc[m, "price_usd"] = usd

    df["fees_btc_per_block"] = np.nan
    if reward_stats is not None:
        ur = urls.get("reward_stats", "reward-stats")
        try:
            n = int(_need(reward_stats, "endBlock", src, ur)) - int(_need(reward_stats, "startBlock", src, ur)) + 1
            fee = float(_need(reward_stats, "totalFee", src, ur))
            rew = float(_need(reward_stats, "totalReward", src, ur))
        except (TypeError, ValueError) as exc:
            raise LiveDataError(f"{src}: reward-stats fields of {ur} are not numbers ({exc!r})") from None
        if n <= 0 or fee < 0 or rew < fee:
            raise LiveDataError(f"{src}: reward-stats of {ur} are inconsistent "
                                f"(blocks={n}, totalReward={rew}, totalFee={fee})")
        last = df.index[-1]
        sub_expected = df.at[last, "subsidy_btc_per_block"]
        sub_seen = (rew - fee) / n / SATS_PER_BTC
        if not (abs(sub_seen / sub_expected - 1) < 0.01):
            raise LiveDataError(
                f"{src}: column 'totalReward' of {ur} implies a subsidy of {sub_seen:.6g} BTC/block, "
                f"not the protocol's {sub_expected:g}; expected amounts in satoshis")
        df.at[last, "fees_btc_per_block"] = fee / n / SATS_PER_BTC
    return _finish(df, "mempool.space")


#: Coin Metrics columns the normaliser needs (others are ignored).
COINMETRICS_REQUIRED = ("time", "HashRate", "BlkCnt", "IssTotNtv", "FeeTotNtv", "PriceUSD")


def normalise_coinmetrics(raw: pd.DataFrame | bytes | str, *, url: str = "btc.csv") -> pd.DataFrame:
    """Normalise the Coin Metrics community ``btc.csv`` to the daily schema.

    ``HashRate`` [TH/s] -> ``hashrate_ehs``; ``BlkCnt`` -> ``blocks_per_day``;
    subsidy and fees per block = ``IssTotNtv / BlkCnt`` and ``FeeTotNtv / BlkCnt`` [BTC];
    miner revenue = issuance + fees; difficulty = ``DiffMean`` when the file has it
    (checked against the derivation), else derived:
    ``D = HashRate * 1e12 * (86400 / BlkCnt) / 2^32``. Days without hashrate or blocks
    (the incomplete current day, 2009's first days) are dropped.
    """
    src = "coinmetrics"
    if not isinstance(raw, pd.DataFrame):
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        try:
            raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            raise LiveDataError(f"{src}: {url} is not a readable CSV ({exc})") from None
    missing = [c for c in COINMETRICS_REQUIRED if c not in raw.columns]
    if missing:
        raise LiveDataError(f"{src}: {url} lacks column(s) {missing}; required columns "
                            f"{list(COINMETRICS_REQUIRED)} (got {len(raw.columns)} columns)")

    def num(col):
        s = pd.to_numeric(raw[col].replace("", np.nan), errors="coerce")
        bad = raw[col].ne("") & raw[col].notna() & s.isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise LiveDataError(f"{src}: column {col!r} of {url}, row {i + 2} "
                                f"({raw['time'].iloc[i]}): {raw[col].iloc[i]!r} is not numeric")
        return s.astype(float)

    dates = pd.to_datetime(raw["time"].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        i = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise LiveDataError(f"{src}: column 'time' of {url}, row {i + 2}: {raw['time'].iloc[i]!r} "
                            "is not a date")
    hr_ths, blk = num("HashRate"), num("BlkCnt")
    keep = (hr_ths > 0) & (blk > 0)
    df = pd.DataFrame({"date": dates[keep].to_numpy()})
    if df.empty:
        raise LiveDataError(f"{src}: {url} has no row with both HashRate and BlkCnt")
    hr_ths, blk = hr_ths[keep].to_numpy(), blk[keep].to_numpy()
    df["hashrate_ehs"] = _hashrate_to_ehs(hr_ths, "TH/s", source=src, column="HashRate",
                                          dates=df["date"])
    df["blocks_per_day"] = blk
    derived = difficulty_from_blocks(hr_ths * HASHRATE_SCALE["TH/s"], blk)
    if "DiffMean" in raw.columns:
        dm = num("DiffMean")[keep].to_numpy()
        both = np.isfinite(dm) & (dm > 0)
        if both.any() and np.nanmax(np.abs(derived[both] / dm[both] - 1)) > 0.05:
            i = int(np.flatnonzero(both & (np.abs(derived / np.where(both, dm, 1) - 1) > 0.05))[0])
            raise LiveDataError(
                f"{src}: column 'HashRate' of {url} on {df['date'].iloc[i].date()} disagrees with "
                f"'DiffMean' and 'BlkCnt' (derived difficulty {derived[i]:.6g} vs {dm[i]:.6g}); "
                "expected HashRate in TH/s")
        df["difficulty"] = np.where(both, dm, derived)
    else:
        df["difficulty"] = derived
    iss, fee = num("IssTotNtv")[keep].to_numpy(), num("FeeTotNtv")[keep].to_numpy()
    df["subsidy_btc_per_block"] = iss / blk
    df["fees_btc_per_block"] = fee / blk
    df["price_usd"] = num("PriceUSD")[keep].to_numpy()
    return _finish(df, "Coin Metrics community btc.csv")


def _chart(doc, name: str, url: str) -> pd.DataFrame:
    src = "blockchain"
    if isinstance(doc, dict) and doc.get("status") not in (None, "ok"):
        raise LiveDataError(f"{src}: chart {name!r} at {url} returned status {doc.get('status')!r}")
    vals = _need(doc, "values", src, url, list)
    if not vals:
        raise LiveDataError(f"{src}: chart {name!r} at {url} has no values")
    try:
        df = pd.DataFrame({"date": _days([float(v["x"]) for v in vals]),
                           "y": [float(v["y"]) for v in vals]})
    except (KeyError, TypeError, ValueError) as exc:
        raise LiveDataError(f"{src}: chart {name!r} at {url}: values are not {{x, y}} numbers "
                            f"({exc!r})") from None
    return df.groupby("date", as_index=False)["y"].mean()


def _declared_hashrate_unit(doc, url: str) -> str:
    unit = str(doc.get("unit", "")) if isinstance(doc, dict) else ""
    for u in sorted(_HASHRATE_UNITS, key=len, reverse=True):
        if u.lower() in unit.lower():
            return next(x for x in _HASHRATE_UNITS if x.lower() == u.lower())
    raise LiveDataError(f"blockchain: chart 'hash-rate' at {url} declares unit {unit!r}; "
                        f"expected a hashrate unit such as 'Hash Rate TH/s'")


def normalise_blockchain(charts: dict, *, urls: dict | None = None) -> pd.DataFrame:
    """Normalise blockchain.com charts (``hash-rate``, ``difficulty``, ``market-price``,
    ``transaction-fees``) to the daily schema.

    The hashrate unit is taken from the chart's declared ``unit`` and its magnitude
    checked. Blocks per day are implied by hashrate and difficulty (blockchain.com
    estimates hashrate from them); fees per block = the day's fees [BTC] / those blocks.
    """
    urls = urls or {}
    hr_doc = charts["hash-rate"]
    u = urls.get("hash-rate", "hash-rate")
    unit = _declared_hashrate_unit(hr_doc, u)
    df = _chart(hr_doc, "hash-rate", u)
    df["hashrate_ehs"] = _hashrate_to_ehs(df.pop("y"), unit, source="blockchain",
                                          column="hash-rate values[].y", dates=df["date"])
    for name, col in (("difficulty", "difficulty"), ("market-price", "price_usd"),
                      ("transaction-fees", "fees_btc_per_day")):
        if name in charts and charts[name] is not None:
            c = _chart(charts[name], name, urls.get(name, name)).rename(columns={"y": col})
            df = df.merge(c, on="date", how="left")
        else:
            df[col] = np.nan
    df["difficulty"] = df["difficulty"].ffill()
    df["blocks_per_day"] = _implied_blocks(df["hashrate_ehs"], df["difficulty"])
    df["subsidy_btc_per_block"] = _subsidy_btc_by_date(df["date"])
    with np.errstate(invalid="ignore", divide="ignore"):
        df["fees_btc_per_block"] = df.pop("fees_btc_per_day") / df["blocks_per_day"]
    return _finish(df, "blockchain.com charts")


def difficulty_epochs(df: pd.DataFrame, min_days: int = 2) -> pd.DataFrame:
    """Difficulty levels of successive epochs and the ratio between them.

    A daily series holds one difficulty per epoch for ~14 days; a day's *mean* difficulty
    (Coin Metrics) blends two epochs on a retarget day. Levels are runs of equal values
    (8 significant digits) lasting at least ``min_days`` rows; use ``min_days=1`` for a
    sparse series (the snapshot), where successive values need not be adjacent epochs.

    Returns
    -------
    pandas.DataFrame
        ``date`` (first day of the level), ``difficulty`` and ``ratio`` (level / previous
        level, NaN for the first) [dimensionless].

    Examples
    --------
    >>> d = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=6),
    ...                   "difficulty": [100.0, 100.0, 103.0, 110.0, 110.0, 110.0]})
    >>> difficulty_epochs(d)["ratio"].round(2).tolist()
    [nan, 1.1]
    """
    s = df[["date", "difficulty"]].dropna().reset_index(drop=True)
    if s.empty:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"),
                             "difficulty": pd.Series(dtype=float), "ratio": pd.Series(dtype=float)})
    key = s["difficulty"].map(lambda v: float(f"{v:.8g}"))
    run = key.ne(key.shift()).cumsum()
    g = s.groupby(run).agg(date=("date", "first"), difficulty=("difficulty", "first"),
                           n=("date", "size"))
    g = g[g["n"] >= min_days].reset_index(drop=True)
    g["ratio"] = g["difficulty"] / g["difficulty"].shift()
    return g[["date", "difficulty", "ratio"]]


# ============================================================================ validate

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
    _hashrate_to_ehs(df["hashrate_ehs"], "EH/s", source=source, column="hashrate_ehs", dates=d)
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
                f"difficulty {diff[i]:.6g} (implies {diff[i] * HASHES_PER_DIFFICULTY / 600 / H_PER_EH:.6g} "
                "EH/s at 600 s blocks); one of them is in the wrong unit")
    return df


# ============================================================================ cache


def default_cache_dir() -> Path:
    """``$MINELIB_CACHE_DIR`` if set, else ``<repo>/.cache/network/`` (gitignored)."""
    env = os.environ.get("MINELIB_CACHE_DIR")
    return Path(env).expanduser() if env else _REPO_DIR / ".cache" / "network"


def snapshot_path() -> Path:
    """The shipped sparse snapshot ``data/network_history_snapshot.csv``."""
    return _REPO_DIR / "data" / SNAPSHOT_FILE


def _to_csv_bytes(df: pd.DataFrame) -> bytes:
    out = df.copy()
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _store(cache: Path, source: str, df: pd.DataFrame, urls: list[str]) -> dict:
    data = _to_csv_bytes(df)
    # Re-read what will be written and validate it before it replaces anything.
    validate_history(_read_csv_bytes(data, f"{source} (about to be cached)"), source=source)
    side = {
        "source": source,
        "label": str(df["source"].iloc[0]),
        "urls": urls,
        "retrieved_utc": _now_utc(),
        "rows": int(len(df)),
        "date_min": str(pd.Timestamp(df["date"].min()).date()),
        "date_max": str(pd.Timestamp(df["date"].max()).date()),
        "sha256": _sha256(data),
        "file": f"{source}.csv",
        "columns": COLUMNS,
    }
    write_atomic(cache / f"{source}.csv", data)
    write_atomic(cache / f"{source}.json", (json.dumps(side, indent=2) + "\n").encode("utf-8"))
    return side


def _read_csv_bytes(data: bytes, what: str) -> pd.DataFrame:
    try:
        df = pd.read_csv(io.BytesIO(data), dtype={"source": str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise LiveDataError(f"{what}: unreadable CSV ({exc})") from None
    if "date" in df.columns:
        df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    return df


def _read_cached(cache: Path, source: str) -> tuple[pd.DataFrame, dict]:
    csv_path, side_path = cache / f"{source}.csv", cache / f"{source}.json"
    data = csv_path.read_bytes()
    side = json.loads(side_path.read_text(encoding="utf-8"))
    if side.get("sha256") != _sha256(data):
        raise LiveDataError(f"{source}: cached {csv_path} does not match the SHA-256 in "
                            f"{side_path}; run `minelib refresh --source {source}` again")
    df = validate_history(_read_csv_bytes(data, str(csv_path)), source=str(csv_path))
    return df, side


def manifest(cache_dir: str | os.PathLike | None = None) -> dict:
    """Sidecars of every cached source plus the shipped snapshot's hash.

    A report pipeline can store this (or :func:`data_version_of`) to pin the data it used.
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
    out["snapshot"] = {"file": str(snap), "sha256": _sha256(snap.read_bytes()) if snap.is_file() else None}
    return out


def data_version_of(source: str = "refreshed", cache_dir: str | os.PathLike | None = None) -> str:
    """SHA-256 of the data ``load_network_history(source)`` would return.

    ``source`` is ``"snapshot"``, one of :data:`SOURCES`, or ``"refreshed"`` (the
    preferred cached source, else the snapshot). Returns ``"<name>:<sha256>"``.
    """
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    name = _resolve(source, cache)
    if name == "snapshot":
        return f"snapshot:{_sha256(snapshot_path().read_bytes())}"
    side = json.loads((cache / f"{name}.json").read_text(encoding="utf-8"))
    return f"{name}:{side['sha256']}"


def _resolve(source: str, cache: Path) -> str:
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


def load_network_history(source: str = "snapshot", start=None, end=None, *,
                         cache_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The normalised daily network dataset (columns :data:`COLUMNS`).

    Parameters
    ----------
    source : str
        ``"snapshot"``: the shipped, sparse ``data/network_history_snapshot.csv`` (offline,
        seed figures and protocol facts only). ``"refreshed"``: the cache written by
        ``minelib refresh`` (Coin Metrics, else mempool.space, else blockchain.com),
        falling back to the snapshot when nothing is cached. Or a source name.
    start, end : str or date-like, optional
        Inclusive date bounds (UTC days); ``None`` or ``""`` = unbounded.
    cache_dir : path, optional
        Default :func:`default_cache_dir`.

    Returns
    -------
    pandas.DataFrame
        Sorted by date; ``df.attrs`` holds ``source`` (what was loaded), ``data_version``
        (``"<name>:<sha256>"``) and ``is_snapshot``.

    Examples
    --------
    >>> df = load_network_history("snapshot", start="2024-01-01")
    >>> float(df.loc[df["date"] == "2024-03-31", "hashrate_ehs"].iloc[0])
    566.0
    """
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    name = _resolve(source, cache)
    if name == "snapshot":
        path = snapshot_path()
        data = path.read_bytes()
        df = validate_history(_read_csv_bytes(data, str(path)), source=str(path),
                              require_hashrate=False)
        version = f"snapshot:{_sha256(data)}"
    else:
        df, side = _read_cached(cache, name)
        version = f"{name}:{side['sha256']}"
    if start not in (None, ""):
        df = df[df["date"] >= pd.Timestamp(start)]
    if end not in (None, ""):
        df = df[df["date"] <= pd.Timestamp(end)]
    df = df.reset_index(drop=True)
    df.attrs.update({"source": name, "data_version": version, "is_snapshot": name == "snapshot"})
    return df


# ============================================================================ snapshot

#: Which seed figures enter the snapshot: values of a day (not bounds, peaks, troughs,
#: model estimates or our own derivations), preferring a point figure.
_SNAPSHOT_METRICS = ("hashrate_ehs", "difficulty", "price_usd", "hashprice_usd_per_ph_day")
_SNAPSHOT_BASIS = ("point", "seven_day_avg", "after_change", "before_change")  # priority
_SNAPSHOT_QUALIFIERS = ("stated", "approx")


def build_snapshot(since: str = "2020-01-01") -> pd.DataFrame:
    """Build the shipped sparse snapshot from citable facts only.

    Rows are the dates of (a) seed figures from :func:`minelib.data.load_network_snapshots`
    (``hashrate_ehs``, ``difficulty``, ``price_usd``, ``hashprice_usd_per_ph_day``; only
    ``stated``/``approx`` figures with basis point, seven-day average or after/before a
    change, not assumptions; per date and metric the first basis in that order) and (b)
    the halving dates of :func:`minelib.data.load_halvings`. Every row gets the protocol
    subsidy in force that day; the subsidy-only hashprice is computed where the same date
    has a hashrate and a price; the seed's hashprice (which includes fees) is kept as
    ``hashprice_usd_per_ph_day``. Nothing is interpolated. ``data/network_history_snapshot.csv``
    is exactly ``build_snapshot()`` written with the cache's CSV writer (a test checks it).
    """
    from minelib.data import load_halvings, load_network_snapshots

    snaps = load_network_snapshots()
    ok = (snaps["metric"].isin(_SNAPSHOT_METRICS) & snaps["basis"].isin(_SNAPSHOT_BASIS)
          & snaps["qualifier"].isin(_SNAPSHOT_QUALIFIERS) & ~snaps["is_assumption"]
          & (snaps["date"] >= pd.Timestamp(since)))
    s = snaps[ok].copy()
    s["prio"] = s["basis"].astype(str).map({b: i for i, b in enumerate(_SNAPSHOT_BASIS)})
    s = s.sort_values(["date", "metric", "prio"]).groupby(["date", "metric"], as_index=False).first()
    hv = load_halvings()
    hv = hv[hv["start_date"].notna() & (hv["start_date"] >= pd.Timestamp(since))]
    dates = sorted(set(s["date"]) | set(hv["start_date"]))
    rows = []
    for d in dates:
        row = {"date": d}
        notes = []
        for r in s[s["date"] == d].itertuples():
            row[r.metric] = float(r.value)
            notes.append(f"{r.metric} {r.source} ({r.qualifier}, {r.basis})")
        h = hv[hv["start_date"] == d]
        if len(h):
            e = h.iloc[0]
            notes.append(f"halving: block {int(e['start_height']):,} (epoch {int(e['epoch'])}, "
                         f"subsidy {e['subsidy_btc']:g} BTC from that block on)")
        notes.append("subsidy: protocol (halvings.csv)")
        row["source"] = "snapshot (sparse, seed figures and protocol facts only): " + "; ".join(notes)
        rows.append(row)
    df = pd.DataFrame(rows)
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = np.nan
    df["subsidy_btc_per_block"] = _subsidy_btc_by_date(df["date"])
    h, p, sub = (df[c].to_numpy(dtype=float) for c in ("hashrate_ehs", "price_usd", "subsidy_btc_per_block"))
    ok_ = np.isfinite(h) & np.isfinite(p) & np.isfinite(sub)
    df["hashprice_usd_per_ph_day_ex_fees"] = _masked(
        lambda p_, h_, s_: revenue.hashprice_usd_per_ph_day(p_, h_, s_, 0.0, EXPECTED_BLOCKS_PER_DAY),
        ok_, p, h, sub)
    df["date"] = pd.to_datetime(df["date"])
    return validate_history(df[list(COLUMNS)].sort_values("date").reset_index(drop=True),
                            source="snapshot", require_hashrate=False)


def write_snapshot(path: str | os.PathLike | None = None) -> Path:
    """Write :func:`build_snapshot` to ``data/network_history_snapshot.csv`` (atomically)."""
    path = Path(path) if path is not None else snapshot_path()
    write_atomic(path, _to_csv_bytes(build_snapshot()))
    return path


# ============================================================================ refresh


@dataclass
class SourceResult:
    """Outcome of refreshing one source."""

    source: str
    ok: bool
    rows: int = 0
    date_min: str | None = None
    date_max: str | None = None
    sha256: str | None = None
    path: str | None = None
    urls: list[str] = field(default_factory=list)
    error: str | None = None
    kept_previous: bool = False

    def line(self) -> str:
        if self.ok:
            return (f"{self.source:<12} ok      {self.rows:>6} rows  {self.date_min} .. "
                    f"{self.date_max}  sha256 {self.sha256[:12]}  -> {self.path}")
        kept = " (previous cache kept)" if self.kept_previous else ""
        return f"{self.source:<12} FAILED  {self.error}{kept}"


@dataclass
class RefreshResult:
    """What :func:`refresh` did, per source."""

    cache_dir: str
    results: dict[str, SourceResult] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results.values())

    @property
    def failed(self) -> list[str]:
        return [s for s, r in self.results.items() if not r.ok]

    def __str__(self) -> str:
        return "\n".join(r.line() for r in self.results.values())


def _fetch_mempool(base: str, get_json, interval: str = "all"):
    urls = {
        "hashrate": f"{base}/api/v1/mining/hashrate/{interval}",
        "difficulty_adjustments": f"{base}/api/v1/mining/difficulty-adjustments",
        "historical_price": f"{base}/api/v1/historical-price?currency=USD",
        "prices": f"{base}/api/v1/prices",
        "reward_stats": f"{base}/api/v1/mining/reward-stats/144",
    }
    docs = {k: get_json(u) for k, u in urls.items()}
    df = normalise_mempool(docs["hashrate"], docs["difficulty_adjustments"],
                           docs["historical_price"], docs["prices"], docs["reward_stats"], urls=urls)
    return df, list(urls.values())


def _fetch_coinmetrics(base: str, get_bytes):
    url = f"{base}/csv/btc.csv"
    return normalise_coinmetrics(get_bytes(url), url=url), [url]


_CHARTS = ("hash-rate", "difficulty", "market-price", "transaction-fees")


def _fetch_blockchain(base: str, get_json):
    urls = {c: f"{base}/charts/{c}?timespan=all&format=json&sampled=false" for c in _CHARTS}
    docs = {c: get_json(u) for c, u in urls.items()}
    return normalise_blockchain(docs, urls=urls), list(urls.values())


def refresh(sources=SOURCES, cache_dir: str | os.PathLike | None = None,
            base_urls: dict | None = None, timeout: float = 30.0, retries: int = 3, *,
            backoff_s: float = 1.0, max_retry_after_s: float = 60.0,
            log=None) -> RefreshResult:
    """Fetch, normalise, validate and cache each source; never replace good data with bad.

    Each source is independent: one failing (down, timing out, malformed, implausible)
    leaves its previous cache untouched and does not stop the others.

    Parameters
    ----------
    sources : iterable of str or "all"
        Subset of :data:`SOURCES`.
    cache_dir : path, optional
        Default :func:`default_cache_dir` (``$MINELIB_CACHE_DIR`` or ``<repo>/.cache/network``).
    base_urls : dict, optional
        Per-source base URL overrides (tests point these at a local server).
    timeout : float
        Per-request timeout [s].
    retries : int
        Extra attempts after a 429 / 5xx / connection error / timeout.
    backoff_s, max_retry_after_s : float
        First back-off wait [s] (doubling each retry) and the cap on ``Retry-After`` [s].

    Returns
    -------
    RefreshResult
    """
    if sources == "all" or sources is None:
        sources = SOURCES
    if isinstance(sources, str):
        sources = (sources,)
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise ValueError(f"sources={unknown!r}: unknown source(s); expected some of {list(SOURCES)}")
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    bases = {**DEFAULT_BASE_URLS, **(base_urls or {})}
    kw = dict(timeout=timeout, retries=retries, backoff_s=backoff_s,
              max_retry_after_s=max_retry_after_s, log=log)
    result = RefreshResult(str(cache))
    for s in sources:
        base = bases[s].rstrip("/")
        get_json = lambda u, _s=s: _get_json(u, _s, **kw)  # noqa: E731
        get_bytes = lambda u, _s=s: http_get(u, source=_s, **kw)  # noqa: E731
        try:
            if s == "mempool":
                df, urls = _fetch_mempool(base, get_json)
            elif s == "coinmetrics":
                df, urls = _fetch_coinmetrics(base, get_bytes)
            else:
                df, urls = _fetch_blockchain(base, get_json)
            validate_history(df, source=s)
            side = _store(cache, s, df, urls)
            result.results[s] = SourceResult(
                s, True, side["rows"], side["date_min"], side["date_max"], side["sha256"],
                str(cache / f"{s}.csv"), urls)
        except (LiveDataError, SourceUnavailableError) as exc:
            result.results[s] = SourceResult(s, False, error=str(exc),
                                             kept_previous=(cache / f"{s}.csv").is_file())
        if log:
            log(result.results[s].line())
    return result


# ============================================================================ CLI


def add_refresh_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``minelib refresh`` options to ``parser`` and return it."""
    parser.description = (
        "Download network history (hashrate, difficulty, rewards, price) from public sources, "
        "normalise it to one daily schema with explicit units, validate it and cache it "
        "atomically. A failed or implausible download never replaces good cached data.")
    parser.epilog = ("exit status: 0 all requested sources refreshed, 1 a source failed (its "
                     "previous cache is kept), 2 invalid arguments. Cache: --cache, else "
                     "$MINELIB_CACHE_DIR, else <repo>/.cache/network/.")
    parser.add_argument("--source", choices=[*SOURCES, "all"], default="all",
                        help="which source to refresh (default: all)")
    parser.add_argument("--cache", default=None, metavar="DIR",
                        help="cache directory (default: $MINELIB_CACHE_DIR or <repo>/.cache/network)")
    parser.add_argument("--offline", action="store_true",
                        help="fetch nothing; show what is cached and what notebooks would use")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="per-request timeout (default: 30)")
    parser.add_argument("--retries", type=int, default=3, metavar="N",
                        help="retries on HTTP 429/5xx, refused connections, timeouts (default: 3)")
    parser.add_argument("--base-url", action="append", default=[], metavar="SOURCE=URL",
                        help="fetch SOURCE from URL instead of its public address (a mirror or "
                             "a local fixture server); repeatable")
    parser.set_defaults(func=run_refresh)
    return parser


def run_refresh(args) -> int:
    """Run ``minelib refresh`` from parsed arguments; returns the exit status."""
    cache = Path(args.cache) if getattr(args, "cache", None) else default_cache_dir()
    if getattr(args, "offline", False):
        m = manifest(cache)
        print(f"minelib refresh --offline: nothing fetched; cache {cache}")
        for s in SOURCES:
            side = m["sources"].get(s)
            if side and "sha256" in side:
                print(f"  {s:<12} {side['rows']:>6} rows  {side['date_min']} .. {side['date_max']}"
                      f"  retrieved {side['retrieved_utc']}  sha256 {side['sha256'][:12]}")
            else:
                print(f"  {s:<12} not cached")
        print(f"  load_network_history('refreshed') uses: {_resolve('refreshed', cache)}")
        return 0
    if args.retries < 0 or args.timeout <= 0:
        print("minelib refresh: --retries must be >= 0 and --timeout > 0", file=sys.stderr)
        return 2
    base_urls = {}
    for item in getattr(args, "base_url", None) or []:
        name, sep, url = item.partition("=")
        if not sep or name not in SOURCES or not url.startswith(("http://", "https://")):
            print(f"minelib refresh: --base-url {item!r}: expected SOURCE=URL with SOURCE one of "
                  f"{', '.join(SOURCES)} and an http(s) URL", file=sys.stderr)
            return 2
        base_urls[name] = url.rstrip("/")
    sources = SOURCES if args.source == "all" else (args.source,)
    print(f"minelib refresh: {', '.join(sources)} -> {cache}")
    res = refresh(sources, cache, base_urls=base_urls, timeout=args.timeout, retries=args.retries,
                  log=lambda m: print(m, flush=True))
    if not res.ok:
        print(f"minelib refresh: {len(res.failed)} source(s) failed: {', '.join(res.failed)}",
              file=sys.stderr)
        return 1
    return 0
