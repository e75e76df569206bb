"""blockchain.com charts API: ``/charts/<name>?timespan=all&format=json``, the fallback source.

Each chart -> ``{"status": "ok", "name": "Hash Rate", "unit": "Hash Rate TH/s",
"period": "day", "description": ..., "values": [{"x": <unix s>, "y": ...}]}`` (confirmed
from the API's documentation and third-party clients). The hashrate unit is read from the
``unit`` field (``TH/s`` today; some older endpoints used ``GH/s``) and the magnitude is
checked, so a mislabelled unit is rejected, not silently used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib.live.errors import LiveDataError
from minelib.live.schema import (
    declared_hashrate_unit, finish, hashrate_to_ehs, implied_blocks, subsidy_btc_by_date, utc_days,
)

__all__ = ["NAME", "DEFAULT_BASE_URL", "CHARTS", "REQUIRED", "normalise_blockchain", "fetch"]

NAME = "blockchain"
DEFAULT_BASE_URL = "https://api.blockchain.info"
LABEL = "blockchain.com charts"
#: The charts fetched, the first one (hashrate) defines the days.
CHARTS = ("hash-rate", "difficulty", "market-price", "transaction-fees")
#: Normalised columns this source supplies for every day (a hole means a cut response).
REQUIRED = ("hashrate_ehs", "difficulty", "price_usd", "fees_btc_per_block")


def _chart(doc, name: str, url: str) -> pd.DataFrame:
    if isinstance(doc, dict) and doc.get("status") not in (None, "ok"):
        raise LiveDataError(f"{NAME}: chart {name!r} at {url} returned status {doc.get('status')!r}")
    if not isinstance(doc, dict) or "values" not in doc:
        raise LiveDataError(f"{NAME}: response of {url} lacks field 'values'")
    vals = doc["values"]
    if not isinstance(vals, list):
        raise LiveDataError(f"{NAME}: field 'values' of {url} is {type(vals).__name__}, expected list")
    if not vals:
        raise LiveDataError(f"{NAME}: chart {name!r} at {url} has no values")
    try:
        df = pd.DataFrame({"date": utc_days([float(v["x"]) for v in vals]),
                           "y": [float(v["y"]) for v in vals]})
    except (KeyError, TypeError, ValueError) as exc:
        raise LiveDataError(f"{NAME}: chart {name!r} at {url}: values are not {{x, y}} numbers "
                            f"({exc!r})") from None
    return df.groupby("date", as_index=False)["y"].mean()


def normalise_blockchain(charts: dict, *, urls: dict | None = None) -> pd.DataFrame:
    """Normalise blockchain.com charts (``hash-rate``, ``difficulty``, ``market-price``,
    ``transaction-fees``) to the daily schema.

    The hashrate unit is taken from the chart's declared ``unit`` and its magnitude
    checked. Blocks per day are implied by hashrate and difficulty (blockchain.com
    estimates hashrate from them); fees per block = the day's fees [BTC] / those blocks.
    A chart that ends before the hash-rate chart is rejected (it was cut short; the
    difficulty would otherwise be carried forward over the missing days). Values on the
    same UTC day are averaged; the difficulty is carried forward over days the
    difficulty chart skips inside its span.

    Parameters
    ----------
    charts : dict
        ``{chart name: parsed JSON response}`` (the shape in the module docstring).
        ``hash-rate`` is required; a chart that is missing or None leaves its column
        empty.
    urls : dict, optional
        ``{chart name: URL}``, named in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per day of the hash-rate chart, columns :data:`~minelib.live.schema.COLUMNS`
        (hashprice columns included, ``source`` = ``"blockchain.com charts"``).

    Raises
    ------
    LiveDataError
        Naming the chart and URL: an undeclared or unknown hashrate unit, an implausible
        hashrate (with the unit it most likely is in), a status other than ``ok``, no or
        malformed ``values``, a chart cut short.

    References
    ----------
    Luxor's hashprice (difficulty form), :func:`minelib.live.schema.hashprice_columns`.

    Examples
    --------
    Two days of 620 EH/s (declared in TH/s) at difficulty 88.1 T, $60,000 and 20 BTC of
    fees a day: ``620e18 * 86400 / (88.1e12 * 2^32)`` = 141.57 blocks a day, so
    0.14 BTC of fees per block.

    >>> days = [1714521600, 1714608000]  # 2024-05-01 and 2024-05-02, 00:00 UTC
    >>> charts = {"hash-rate": {"unit": "Hash Rate TH/s", "values": [{"x": t, "y": 620e6} for t in days]},
    ...           "difficulty": {"values": [{"x": t, "y": 88.1e12} for t in days]},
    ...           "market-price": {"values": [{"x": t, "y": 60_000.0} for t in days]},
    ...           "transaction-fees": {"values": [{"x": t, "y": 20.0} for t in days]}}
    >>> df = normalise_blockchain(charts)
    >>> df[["hashrate_ehs", "blocks_per_day", "fees_btc_per_block", "hashprice_usd_per_ph_day"]].round(2)
       hashrate_ehs  blocks_per_day  fees_btc_per_block  hashprice_usd_per_ph_day
    0         620.0          141.57                0.14                     44.75
    1         620.0          141.57                0.14                     44.75
    """
    urls = urls or {}
    hr_doc = charts["hash-rate"]
    u = urls.get("hash-rate", "hash-rate")
    label = str(hr_doc.get("unit", "")) if isinstance(hr_doc, dict) else ""
    unit = declared_hashrate_unit(label)
    if unit is None:
        raise LiveDataError(f"{NAME}: chart 'hash-rate' at {u} declares unit {label!r}; "
                            f"expected a hashrate unit such as 'Hash Rate TH/s'")
    df = _chart(hr_doc, "hash-rate", u)
    df["hashrate_ehs"] = hashrate_to_ehs(df.pop("y"), unit, source=NAME,
                                         column="hash-rate values[].y", dates=df["date"])
    for name, col in (("difficulty", "difficulty"), ("market-price", "price_usd"),
                      ("transaction-fees", "fees_btc_per_day")):
        if name in charts and charts[name] is not None:
            url = urls.get(name, name)
            c = _chart(charts[name], name, url).rename(columns={"y": col})
            if c["date"].max() < df["date"].max():
                raise LiveDataError(
                    f"{NAME}: chart {name!r} at {url} ends on {c['date'].max().date()}, before the "
                    f"hash-rate chart ({df['date'].max().date()}): fewer days than the request "
                    "implies")
            df = df.merge(c, on="date", how="left")
        else:
            df[col] = np.nan
    df["difficulty"] = df["difficulty"].ffill()
    df["blocks_per_day"] = implied_blocks(df["hashrate_ehs"], df["difficulty"])
    df["subsidy_btc_per_block"] = subsidy_btc_by_date(df["date"])
    with np.errstate(invalid="ignore", divide="ignore"):
        df["fees_btc_per_block"] = df.pop("fees_btc_per_day") / df["blocks_per_day"]
    return finish(df, LABEL)


def fetch(base: str, client) -> tuple[pd.DataFrame, list[str]]:
    """GET the four charts under ``base`` and normalise them."""
    urls = {c: f"{base}/charts/{c}?timespan=all&format=json&sampled=false" for c in CHARTS}
    docs = {c: client.json(u) for c, u in urls.items()}
    return normalise_blockchain(docs, urls=urls), list(urls.values())
