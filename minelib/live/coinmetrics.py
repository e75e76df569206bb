"""Coin Metrics community data: the daily ``csv/btc.csv`` of the ``coinmetrics/data`` repository.

Header ``time,AdrActCnt,BlkCnt,...,DiffMean,...,FeeTotNtv,...,HashRate,...,IssTotNtv,...,
PriceUSD,...``, one row per UTC day. ``HashRate`` is in **TH/s** and equals
``DiffMean * 2^32 * BlkCnt / 86400 / 1e12`` (checked on the 2009-01-09 row: 19 blocks at
difficulty 1 -> 9.44495e-07 TH/s). Newer files may lack ``DiffMean``; difficulty is then
derived: ``D = H[H/s] * (86400 / BlkCnt) / 2^32``.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from minelib.live.errors import LiveDataError
from minelib.live.schema import difficulty_from_blocks, finish, hashrate_to_ehs
from minelib.units import HASHRATE_SCALE

__all__ = ["NAME", "DEFAULT_BASE_URL", "COINMETRICS_REQUIRED", "REQUIRED", "normalise_coinmetrics",
           "fetch"]

NAME = "coinmetrics"
DEFAULT_BASE_URL = "https://raw.githubusercontent.com/coinmetrics/data/master"
LABEL = "Coin Metrics community btc.csv"

#: Coin Metrics columns the normaliser needs (others are ignored).
COINMETRICS_REQUIRED = ("time", "HashRate", "BlkCnt", "IssTotNtv", "FeeTotNtv", "PriceUSD")
#: Normalised columns this source supplies for every day (a hole means a cut response).
REQUIRED = ("hashrate_ehs", "difficulty", "blocks_per_day", "subsidy_btc_per_block",
            "fees_btc_per_block", "price_usd")


def _check_whole(text: str, url: str) -> None:
    """Reject a CSV cut short: no final newline, or a row with fewer fields than the header."""
    if not text.strip():
        raise LiveDataError(f"{NAME}: {url} is empty")
    if not text.endswith("\n"):
        last = text.rsplit("\n", 1)[-1]
        raise LiveDataError(f"{NAME}: {url} ends without a newline, after {last[:40]!r}...: "
                            "the download was cut short")
    rows = csv.reader(io.StringIO(text))
    header = next(rows)
    for line, row in enumerate(rows, start=2):
        if row and len(row) != len(header):
            raise LiveDataError(
                f"{NAME}: {url}, line {line} ({row[0]!r}) has {len(row)} fields, the header "
                f"{len(header)}: the download was cut short mid-row")


def _check_daily(dates: pd.Series, url: str) -> None:
    """One row per UTC day, in order: a skipped day means rows are missing."""
    step = dates.diff().dt.days.to_numpy()[1:]
    bad = np.flatnonzero(step != 1)
    if len(bad):
        i = int(bad[0]) + 1
        a, b = dates.iloc[i - 1].date(), dates.iloc[i].date()
        if step[i - 1] < 1:
            raise LiveDataError(f"{NAME}: {url}: column 'time' is not one row per day in order "
                                f"({a} is followed by {b})")
        raise LiveDataError(f"{NAME}: {url} skips from {a} to {b} ({int(step[i - 1]) - 1} day(s) "
                            "missing): the file has fewer days than the request implies")


def normalise_coinmetrics(raw: pd.DataFrame | bytes | str, *, url: str = "btc.csv") -> pd.DataFrame:
    """Normalise the Coin Metrics community ``btc.csv`` to the daily schema.

    ``HashRate`` [TH/s] -> ``hashrate_ehs``; ``BlkCnt`` -> ``blocks_per_day``;
    subsidy and fees per block = ``IssTotNtv / BlkCnt`` and ``FeeTotNtv / BlkCnt`` [BTC];
    miner revenue = issuance + fees; difficulty = ``DiffMean`` when the file has it
    (checked against the derivation), else derived:
    ``D = HashRate * 1e12 * (86400 / BlkCnt) / 2^32``. Days without hashrate or blocks
    (the incomplete current day, 2009's first days) are dropped.

    A text that does not end with a newline, a row with fewer fields than the header, or
    a day missing from the ``time`` column is rejected: the file was cut short.

    Parameters
    ----------
    raw : pandas.DataFrame, bytes or str
        The CSV as downloaded (bytes or text, checked for cuts first), or already read
        into a frame of strings. Columns beyond :data:`COINMETRICS_REQUIRED` (and
        ``DiffMean``) are ignored.
    url : str
        Where the CSV came from, named in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per day with hashrate and blocks, columns
        :data:`~minelib.live.schema.COLUMNS` (``source`` = ``"Coin Metrics community
        btc.csv"``).

    Raises
    ------
    LiveDataError
        Naming the URL, the column and the row: a cut or unreadable file, a missing
        column, a non-numeric value or date, a skipped day, an implausible hashrate, or a
        ``HashRate`` that disagrees with ``DiffMean`` and ``BlkCnt`` by more than 5 %.

    References
    ----------
    Coin Metrics network data dictionary (``HashRate``, ``BlkCnt``, ``IssTotNtv``,
    ``FeeTotNtv``, ``DiffMean``); Luxor's hashprice,
    :func:`minelib.live.schema.hashprice_columns`.

    Examples
    --------
    >>> text = ("time,HashRate,BlkCnt,IssTotNtv,FeeTotNtv,PriceUSD,DiffMean\\n"
    ...         "2025-07-01,877931083.5,151,471.875,3.7,105994.21,116.96e12\\n"
    ...         "2025-07-02,850000000.0,146,456.25,4.1,108800.0,116.96e12\\n")
    >>> df = normalise_coinmetrics(text)
    >>> df[["hashrate_ehs", "subsidy_btc_per_block", "hashprice_usd_per_ph_day"]].round(
    ...     {"hashrate_ehs": 2, "hashprice_usd_per_ph_day": 2})
       hashrate_ehs  subsidy_btc_per_block  hashprice_usd_per_ph_day
    0        877.93                  3.125                     57.42
    1        850.00                  3.125                     59.00
    >>> normalise_coinmetrics(text[:-20])  # cut mid-row  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    minelib.live.errors.LiveDataError: coinmetrics: btc.csv ends without a newline, ...: the download was cut short
    """
    src = NAME
    if not isinstance(raw, pd.DataFrame):
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as exc:
            raise LiveDataError(f"{src}: {url} is not UTF-8 text ({exc})") from None
        _check_whole(text, url)
        try:
            raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
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
    _check_daily(dates, url)
    hr_ths, blk = num("HashRate"), num("BlkCnt")
    keep = (hr_ths > 0) & (blk > 0)
    df = pd.DataFrame({"date": dates[keep].to_numpy()})
    if df.empty:
        raise LiveDataError(f"{src}: {url} has no row with both HashRate and BlkCnt")
    hr_ths, blk = hr_ths[keep].to_numpy(), blk[keep].to_numpy()
    df["hashrate_ehs"] = hashrate_to_ehs(hr_ths, "TH/s", source=src, column="HashRate",
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
    return finish(df, LABEL)


def fetch(base: str, client) -> tuple[pd.DataFrame, list[str]]:
    """GET ``<base>/csv/btc.csv`` and normalise it."""
    url = f"{base}/csv/btc.csv"
    return normalise_coinmetrics(client.text(url, "csv"), url=url), [url]
