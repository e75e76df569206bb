"""mempool.space: daily hashrate, difficulty adjustments, prices and the latest fees.

Response shapes (confirmed from the mempool backend source ``backend/src/api/mining/
mining-routes.ts`` and repositories, and the ``mempool.js`` type definitions):

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
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib.live.errors import LiveDataError
from minelib.live.schema import finish, hashrate_to_ehs, implied_blocks, subsidy_btc_by_date, utc_days
from minelib.units import SATS_PER_BTC

__all__ = ["NAME", "DEFAULT_BASE_URL", "REQUIRED", "REWARD_BLOCKS", "normalise_mempool", "fetch"]

NAME = "mempool"
DEFAULT_BASE_URL = "https://mempool.space"
LABEL = "mempool.space"
#: Normalised columns this source supplies for every day (a hole means a cut response).
REQUIRED = ("hashrate_ehs", "difficulty", "price_usd")
#: Blocks asked of ``reward-stats``: the trailing window of Luxor's fee average.
REWARD_BLOCKS = 144


def _need(obj, key, url, kind=None):
    if not isinstance(obj, dict) or key not in obj:
        raise LiveDataError(f"{NAME}: response of {url} lacks field {key!r}")
    v = obj[key]
    if kind is not None and not isinstance(v, kind):
        raise LiveDataError(f"{NAME}: field {key!r} of {url} is {type(v).__name__}, "
                            f"expected {kind.__name__}")
    return v


def normalise_mempool(hashrate_doc, adjustments, prices_doc, current_price=None,
                      reward_stats=None, *, urls: dict | None = None,
                      reward_blocks: int | None = None) -> pd.DataFrame:
    """Normalise mempool.space responses to the daily schema.

    ``hashrates[].avgHashrate`` [H/s] -> ``hashrate_ehs``; the difficulty in effect at the
    end of each day comes from ``difficulty-adjustments`` (``[time, height, difficulty,
    ratio]``); the price is the mean of the day's ``historical-price`` quotes (the current
    ``/prices`` quote fills the last day if it has none); the subsidy is the protocol's for
    the date; fees per block (``reward-stats``, sats) are known only for the latest day,
    so the fee-inclusive hashprice is empty before it. ``blocks_per_day`` is implied by
    hashrate and difficulty (mempool's own hashrate estimate), not counted.
    ``reward_blocks``, if given, is the block count the ``reward-stats`` request asked
    for; a response covering fewer blocks is rejected.

    Parameters
    ----------
    hashrate_doc : dict
        ``/api/v1/mining/hashrate/:interval`` (the shapes are in the module docstring).
    adjustments : list
        ``/api/v1/mining/difficulty-adjustments``: ``[time, height, difficulty, ratio]``
        rows, in any order.
    prices_doc : dict
        ``/api/v1/historical-price?currency=USD``.
    current_price : dict, optional
        ``/api/v1/prices``; fills the last day's price if it has none.
    reward_stats : dict, optional
        ``/api/v1/mining/reward-stats/:blockCount``, amounts in satoshis; without it no
        day has fees.
    urls : dict, optional
        ``{"hashrate", "difficulty_adjustments", "historical_price", "prices",
        "reward_stats": URL}``, named in error messages.
    reward_blocks : int, optional
        Blocks the ``reward-stats`` request asked for [blocks]; a response covering
        another count is rejected.

    Returns
    -------
    pandas.DataFrame
        One row per day of ``hashrates``, columns :data:`~minelib.live.schema.COLUMNS`
        (``source`` = ``"mempool.space"``).

    Raises
    ------
    LiveDataError
        Naming the URL and the field: a missing or mistyped field, an empty response, an
        implausible hashrate, reward stats that cover the wrong number of blocks, are
        inconsistent, or imply a subsidy other than the protocol's (amounts not in
        satoshis).

    References
    ----------
    mempool.space REST API (``backend/src/api/mining/mining-routes.ts``); Luxor's
    hashprice, :func:`minelib.live.schema.hashprice_columns`.

    Examples
    --------
    Two days; the 144-block reward stats (40 BTC of fees) give the last day its fees,
    so only that day has the fee-inclusive hashprice:

    >>> hashrate = {"hashrates": [{"timestamp": 1751328000, "avgHashrate": 877.9e18},   # 2025-07-01
    ...                           {"timestamp": 1751414400, "avgHashrate": 850.0e18}]}  # 2025-07-02
    >>> adjustments = [[1750900000, 903168, 116.96e12, 1.0]]
    >>> prices = {"prices": [{"time": 1751328000, "USD": 105994.0}, {"time": 1751414400, "USD": 108800.0}]}
    >>> rewards = {"startBlock": 904000, "endBlock": 904143, "totalFee": 4_000_000_000,
    ...            "totalReward": 144 * 312_500_000 + 4_000_000_000}
    >>> df = normalise_mempool(hashrate, adjustments, prices, reward_stats=rewards, reward_blocks=144)
    >>> df[["hashrate_ehs", "difficulty", "fees_btc_per_block", "hashprice_usd_per_ph_day"]].round(2)
       hashrate_ehs    difficulty  fees_btc_per_block  hashprice_usd_per_ph_day
    0         877.9  1.169600e+14                 NaN                       NaN
    1         850.0  1.169600e+14                0.28                     63.68
    """
    urls = urls or {}
    src = NAME
    u = urls.get("hashrate", "hashrate")
    rows = _need(hashrate_doc, "hashrates", u, list)
    if not rows:
        raise LiveDataError(f"{src}: 'hashrates' of {u} is empty")
    try:
        ts = [float(r["timestamp"]) for r in rows]
        hs = [float(r["avgHashrate"]) for r in rows]
    except (KeyError, TypeError, ValueError) as exc:
        raise LiveDataError(f"{src}: 'hashrates' entries of {u} lack 'timestamp'/'avgHashrate' "
                            f"numbers ({exc!r})") from None
    df = pd.DataFrame({"date": utc_days(ts), "hashrate_hs": hs})
    df = df.groupby("date", as_index=False)["hashrate_hs"].mean()
    df["hashrate_ehs"] = hashrate_to_ehs(df["hashrate_hs"], "H/s", source=src,
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
    adj["date"] = utc_days(adj["time"])
    adj = adj.sort_values("height").groupby("date", as_index=False).last()
    pos = np.searchsorted(adj["date"].to_numpy(), df["date"].to_numpy(), side="right") - 1
    df["difficulty"] = np.where(pos >= 0, adj["difficulty"].to_numpy()[np.clip(pos, 0, None)], np.nan)
    df["blocks_per_day"] = implied_blocks(df["hashrate_ehs"], df["difficulty"])
    df["subsidy_btc_per_block"] = subsidy_btc_by_date(df["date"])

    up = urls.get("historical_price", "historical-price")
    plist = _need(prices_doc, "prices", up, list)
    try:
        pr = pd.DataFrame({"date": utc_days([float(p["time"]) for p in plist]),
                           "price_usd": [float(p["USD"]) for p in plist]})
    except (KeyError, TypeError, ValueError) as exc:
        raise LiveDataError(f"{src}: 'prices' entries of {up} lack 'time'/'USD' ({exc!r})") from None
    pr = pr[pr["price_usd"] > 0].groupby("date", as_index=False)["price_usd"].mean()
    df = df.merge(pr, on="date", how="left")
    if current_price is not None:
        uc = urls.get("prices", "prices")
        t, usd = float(_need(current_price, "time", uc)), float(_need(current_price, "USD", uc))
        day = utc_days([t]).iloc[0]
        m = (df["date"] == day) & df["price_usd"].isna()
        df.loc[m, "price_usd"] = usd

    df["fees_btc_per_block"] = np.nan
    if reward_stats is not None:
        ur = urls.get("reward_stats", "reward-stats")
        try:
            n = int(_need(reward_stats, "endBlock", ur)) - int(_need(reward_stats, "startBlock", ur)) + 1
            fee = float(_need(reward_stats, "totalFee", ur))
            rew = float(_need(reward_stats, "totalReward", ur))
        except (TypeError, ValueError) as exc:
            raise LiveDataError(f"{src}: reward-stats fields of {ur} are not numbers ({exc!r})") from None
        if reward_blocks is not None and n != reward_blocks:
            raise LiveDataError(f"{src}: reward-stats of {ur} cover {n} blocks, not the "
                                f"{reward_blocks} requested: fewer than the request implies")
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
    return finish(df, LABEL)


def fetch(base: str, client, interval: str = "all") -> tuple[pd.DataFrame, list[str]]:
    """GET the five mempool.space endpoints under ``base`` and normalise them."""
    urls = {
        "hashrate": f"{base}/api/v1/mining/hashrate/{interval}",
        "difficulty_adjustments": f"{base}/api/v1/mining/difficulty-adjustments",
        "historical_price": f"{base}/api/v1/historical-price?currency=USD",
        "prices": f"{base}/api/v1/prices",
        "reward_stats": f"{base}/api/v1/mining/reward-stats/{REWARD_BLOCKS}",
    }
    docs = {k: client.json(u) for k, u in urls.items()}
    df = normalise_mempool(docs["hashrate"], docs["difficulty_adjustments"],
                           docs["historical_price"], docs["prices"], docs["reward_stats"], urls=urls,
                           reward_blocks=REWARD_BLOCKS)
    return df, list(urls.values())
