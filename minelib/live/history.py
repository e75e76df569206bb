"""Loading the network history (cache or shipped snapshot), its epochs, and the snapshot.

The shipped ``data/network_history_snapshot.csv`` is built from citable facts only (seed
figures and protocol facts, :func:`build_snapshot`); :func:`load_network_history` returns
it, or a refreshed source from the cache, in the one daily schema.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from minelib._atomic import write_atomic
from minelib.live.cache import (
    content_sha256, default_cache_dir, read_cached, read_csv_bytes, resolve_source,
    snapshot_path, to_csv_bytes,
)
from minelib.live.schema import COLUMNS, hashprice_columns, subsidy_btc_by_date
from minelib.live.validate import validate_history

__all__ = ["load_network_history", "difficulty_epochs", "build_snapshot", "write_snapshot"]


def load_network_history(source: str = "snapshot", start=None, end=None, *,
                         cache_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The normalised daily network dataset (columns :data:`~minelib.live.schema.COLUMNS`).

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
        Default :func:`~minelib.live.cache.default_cache_dir`.

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
    name = resolve_source(source, cache)
    if name == "snapshot":
        path = snapshot_path()
        data = path.read_bytes()
        df = validate_history(read_csv_bytes(data, str(path)), source=str(path),
                              require_hashrate=False)
        version = f"snapshot:{content_sha256(data)}"
    else:
        df, side = read_cached(cache, name)
        version = f"{name}:{side['sha256']}"
    if start not in (None, ""):
        df = df[df["date"] >= pd.Timestamp(start)]
    if end not in (None, ""):
        df = df[df["date"] <= pd.Timestamp(end)]
    df = df.reset_index(drop=True)
    df.attrs.update({"source": name, "data_version": version, "is_snapshot": name == "snapshot"})
    return df


def difficulty_epochs(df: pd.DataFrame, min_days: int = 2) -> pd.DataFrame:
    """Difficulty levels of successive epochs and the ratio between them.

    A daily series holds one difficulty per epoch for ~14 days; a day's *mean* difficulty
    (Coin Metrics) blends two epochs on a retarget day. Levels are runs of equal values
    (8 significant digits) lasting at least ``min_days`` rows; use ``min_days=1`` for a
    sparse series (the snapshot), where successive values need not be adjacent epochs.

    Parameters
    ----------
    df : pandas.DataFrame
        A frame with ``date`` and ``difficulty`` columns, sorted by date (e.g.
        :func:`load_network_history`); rows without a difficulty are skipped.
    min_days : int
        Shortest run of equal values that counts as a level [rows: days of a daily
        series], >= 1.

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
    subsidy in force that day; the subsidy-only hashprice is computed in Luxor's
    difficulty form where the same date has a difficulty and a price
    (:func:`~minelib.live.schema.hashprice_columns`); the seed's own, quoted hashprice
    ("market-derived", fees included, form not stated) is kept as
    ``hashprice_usd_per_ph_day``, and the hashrate form stays empty (it needs fees, which
    no seed gives for a day). Nothing is interpolated. ``data/network_history_snapshot.csv``
    is exactly ``build_snapshot()`` written with the cache's CSV writer (a test checks it).

    Parameters
    ----------
    since : str or date-like
        First date of the snapshot (UTC day); earlier seed figures and halvings are left
        out.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~minelib.live.schema.COLUMNS`, one row per date, sorted, validated
        (:func:`~minelib.live.validate.validate_history` without requiring a hashrate);
        ``source`` names the seed file and basis of every figure in the row.

    References
    ----------
    The seed articles named in each row's ``source`` (via ``data/network_snapshots.csv``);
    the protocol's halving schedule (``data/halvings.csv``); Luxor's hashprice.

    Examples
    --------
    The 2024 halving (block 840,000, 2024-04-20) is a row, with the protocol's new subsidy:

    >>> df = build_snapshot(since="2024-01-01")
    >>> df.loc[df["date"] == "2024-04-20", "subsidy_btc_per_block"].tolist()
    [3.125]
    >>> to_csv_bytes(build_snapshot()) == snapshot_path().read_bytes()  # the shipped file
    True
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
    df["subsidy_btc_per_block"] = subsidy_btc_by_date(df["date"])
    computed = hashprice_columns(df)
    for c in ("hashprice_usd_per_ph_day_ex_fees", "hashprice_hashrate_form_usd_per_ph_day"):
        df[c] = computed[c]  # the fee-inclusive columns need fees, which no seed gives by day
    df["date"] = pd.to_datetime(df["date"])
    return validate_history(df[list(COLUMNS)].sort_values("date").reset_index(drop=True),
                            source="snapshot", require_hashrate=False)


def write_snapshot(path: str | os.PathLike | None = None) -> Path:
    """Write :func:`build_snapshot` to ``data/network_history_snapshot.csv`` (atomically).

    Run it after a change to the seed figures or the halvings; the CSV is written with
    the cache's writer (:func:`~minelib.live.cache.to_csv_bytes`) and replaces the file
    only once complete (:func:`minelib._atomic.write_atomic`).

    Parameters
    ----------
    path : str or path, optional
        Where to write; default :func:`~minelib.live.cache.snapshot_path`.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_snapshot(Path(tmp) / "snapshot.csv")
    ...     written.read_bytes() == snapshot_path().read_bytes()
    True
    """
    path = Path(path) if path is not None else snapshot_path()
    write_atomic(path, to_csv_bytes(build_snapshot()))
    return path
