"""``load_<name>()``: one validated loader per curated file in ``data/``.

Each reads the shipped CSV (or a file you pass), validates every cell against its schema
(:mod:`minelib.data.schemas`) before returning anything, and returns a typed DataFrame.
No file is read at import time.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from minelib.data.schema import Schema, read_validated
from minelib.data.schemas import (
    ASICS, HALVINGS, HPC_DEALS, MINER_MONTHLY, MINER_QUARTERLY, NETWORK_SNAPSHOTS, TREASURY_EVENTS,
)

__all__ = [
    "DATA_DIR",
    "load_network_snapshots",
    "load_miner_monthly",
    "load_miner_quarterly",
    "load_treasury_events",
    "load_halvings",
    "load_asics",
    "load_hpc_deals",
]

#: Folder of the shipped CSVs (found relative to the package, works from any working dir).
DATA_DIR: Path = Path(__file__).resolve().parents[2] / "data"


def _load(schema: Schema, path) -> pd.DataFrame:
    return read_validated(schema, DATA_DIR / schema.filename if path is None else path)



def load_network_snapshots(path=None) -> pd.DataFrame:
    """Network-level figures from the seed articles, long format (one row per figure).

    Metrics: ``difficulty`` [dimensionless], ``hashrate_ehs`` [EH/s],
    ``hashprice_usd_per_ph_day`` [USD/PH/day], ``price_usd`` [USD/BTC],
    ``all_in_cost_usd_per_btc`` [USD/BTC], ``btc_issued_per_day`` [BTC/day].

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/network_snapshots.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (datetime64), ``date_precision`` (category: day, week, month,
        quarter, approx), ``date_inferred`` (bool), ``date_note``, ``metric``, ``value``
        (float64, in ``unit``), ``unit``, ``qualifier`` (stated, approx, lower_bound,
        upper_bound, ...), ``basis`` (point, peak, trough, seven_day_avg, before_change,
        after_change, model_estimate), ``source`` (seed file), ``quote``, ``is_assumption``
        (bool), ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    Seeds ``000_abd4e67359fd40a7.txt`` ... ``004_57c45d30c358cac2.txt``.

    Examples
    --------
    >>> df = load_network_snapshots()
    >>> d = df[(df.metric == "difficulty") & (df.source == "002_d81e0ff9e5c96647.txt")]
    >>> float(d["value"].iloc[0])
    125860000000000.0
    >>> hp = df[df.metric == "hashprice_usd_per_ph_day"].sort_values("date")
    >>> float(hp["value"].iloc[0]), hp["qualifier"].iloc[0]
    (62.0, 'lower_bound')
    """
    return _load(NETWORK_SNAPSHOTS, path)


def load_miner_monthly(path=None) -> pd.DataFrame:
    """Monthly production updates of listed miners (wide format, one row per miner-month).

    Blank cells are figures the article does not give (NaN, never invented). Rows with a
    derived figure have ``is_assumption`` true and list the derived columns in
    ``derived_columns`` (``;``-separated).

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/miner_monthly.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``miner``, ``month`` (period[M]), ``btc_mined``, ``btc_mined_self``,
        ``btc_mined_cloud``, ``btc_sold``, ``btc_held_end`` [BTC], ``hashrate_ehs`` [EH/s],
        ``hashrate_basis`` (average, month_end, unspecified), ``source``, ``quote``,
        ``is_assumption``, ``derived_columns``, ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    Seed ``002_d81e0ff9e5c96647.txt`` ("January's tale of the tape").

    Examples
    --------
    >>> df = load_miner_monthly()
    >>> jan = df[(df.miner == "CleanSpark") & (df.month == pd.Period("2026-01", "M"))]
    >>> jan[["btc_mined", "btc_sold", "btc_held_end"]].iloc[0].tolist()
    [573.0, 158.6, 13513.0]
    """
    return _load(MINER_MONTHLY, path)


def load_miner_quarterly(path=None) -> pd.DataFrame:
    """Quarterly company figures, targets and modelling assumptions (long format).

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/miner_quarterly.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``miner``, ``period`` (calendar quarter ``YYYYQn``, or ``target`` /
        ``policy`` when undated), ``fiscal_period`` (company label, e.g. ``FY2026 Q1``),
        ``period_end`` (datetime64, NaT when undated), ``date_inferred``, ``date_note``,
        ``metric``, ``value`` (float64, in ``unit``), ``unit``, ``kind`` (actual, target,
        estimate, assumption), ``qualifier``, ``source``, ``quote``, ``is_assumption``,
        ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    Seeds ``000_abd4e67359fd40a7.txt`` and ``002_d81e0ff9e5c96647.txt``.

    Examples
    --------
    >>> df = load_miner_quarterly()
    >>> iren = df[(df.miner == "IREN") & (df.period == "2025Q4")].set_index("metric")["value"]
    >>> float(iren["mining_revenue_usd"] + iren["ai_cloud_revenue_usd"]) / 1e6
    184.7
    """
    return _load(MINER_QUARTERLY, path)


def load_treasury_events(path=None) -> pd.DataFrame:
    """BTC treasury events: holdings, sales, transfers, pledges and sale policies.

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/treasury_events.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (datetime64), ``date_precision``, ``date_inferred``, ``date_note``,
        ``miner``, ``event_type`` (holding, sale, transfer_out, pledged_share,
        cashless_exercise, sale_policy), ``btc`` [BTC], ``usd`` [USD], ``fraction``
        [0-1], ``qualifier``, ``source``, ``quote``, ``is_assumption``, ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    Seeds ``001_edb144c9be488f88.txt`` and ``002_d81e0ff9e5c96647.txt``.

    Examples
    --------
    >>> df = load_treasury_events()
    >>> cango = df[(df.miner == "Cango") & (df.event_type == "holding")].sort_values("date")
    >>> cango["btc"].tolist()
    [7528.0, 3645.0]
    """
    return _load(TREASURY_EVENTS, path)


def load_halvings(path=None) -> pd.DataFrame:
    """Halving schedule: epoch, height range, subsidy, and the dates of past halvings.

    ``subsidy_sats = 5_000_000_000 >> epoch`` (Bitcoin Core ``GetBlockSubsidy``), epoch
    ``e`` covers heights ``210000 e`` to ``210000 (e + 1) - 1``.

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/halvings.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``epoch`` (int64), ``start_height``, ``end_height`` [blocks],
        ``subsidy_sats`` [sats] (int64), ``subsidy_btc`` [BTC], ``start_date``
        (datetime64, UTC date of the epoch's first block; NaT for future epochs),
        ``date_status`` (actual, future), ``source``, ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    Bitcoin Core ``src/validation.cpp`` (``GetBlockSubsidy``); block timestamps.

    Examples
    --------
    >>> h = load_halvings()
    >>> h.loc[h.date_status == "actual", ["epoch", "start_height"]].values.tolist()[-1]
    [4, 840000]
    >>> int(h.loc[h.epoch == 5, "subsidy_sats"].iloc[0])
    156250000
    """
    return _load(HALVINGS, path)


def load_asics(path=None) -> pd.DataFrame:
    """ASIC miner nameplate specifications.

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/asics.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``manufacturer``, ``model``, ``hashrate_ths`` [TH/s], ``power_w`` [W],
        ``efficiency_j_per_th`` [J/TH], ``release_year`` (Int64, <NA> if not confirmed),
        ``source`` (what was checked), ``verified`` (bool: a stored public page confirmed
        the hashrate and the power or efficiency), ``is_assumption`` (bool: some figure
        derived), ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell; also when
        ``power_w / hashrate_ths`` differs from ``efficiency_j_per_th`` by more than 3%.

    References
    ----------
    Manufacturers' published nameplate specifications, as checked in the ``source`` column.

    Examples
    --------
    >>> a = load_asics().set_index("model")
    >>> a.loc["Antminer S19 Pro", ["hashrate_ths", "power_w"]].tolist()
    [110.0, 3250.0]
    """
    return _load(ASICS, path)


def load_hpc_deals(path=None) -> pd.DataFrame:
    """Public terms of miners' AI/HPC deals, long format (one row per figure).

    Metrics: ``contract_value_usd`` and ``contract_value_with_extensions_usd`` [USD],
    ``term_years`` and ``extension_term_years`` [years], ``extension_count`` [count],
    ``capacity_it_mw`` (critical IT load), ``capacity_gross_mw``
    (utility capacity) and ``capacity_unstated_mw`` (basis not stated) [MW],
    ``project_cost_usd_per_it_mw`` [USD per MW of IT], ``noi_margin`` [fraction],
    ``equipment_purchase_usd`` [USD].

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/hpc_deals.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``deal``, ``announced`` (datetime64), ``metric``, ``value`` (float64, in
        ``unit``), ``unit``, ``qualifier`` (stated, approx, upper_bound, range_low,
        range_high ...), ``url`` (the public page), ``quote`` (its words), ``seed`` and
        ``seed_quote`` (the seed article that also reports the figure, if one does),
        ``is_assumption`` (bool), ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    The pages in the ``url`` column; seeds ``002_d81e0ff9e5c96647.txt`` and
    ``004_57c45d30c358cac2.txt`` for the contract values they report.

    Examples
    --------
    >>> d = load_hpc_deals().set_index(["deal", "metric", "qualifier"])["value"]
    >>> round(float(d["Cipher - Fluidstack", "capacity_gross_mw", "upper_bound"]
    ...             / d["Cipher - Fluidstack", "capacity_it_mw", "stated"]), 3)
    1.452
    """
    return _load(HPC_DEALS, path)
