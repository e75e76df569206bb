"""Validated loaders for the curated datasets in ``data/``.

=================================  ====================================================
:mod:`minelib.data.loaders`        ``load_<name>()`` for each shipped CSV, ``DATA_DIR``
:mod:`minelib.data.schemas`        the files' schemas and cross-column checks
:mod:`minelib.data.schema`         the engine: :class:`Column`, :class:`Schema`,
                                   :class:`DataValidationError`, :func:`read_validated`
=================================  ====================================================

Every loader reads its file, validates every cell *before* returning anything, and gives
back a typed :class:`pandas.DataFrame`. Errors are :class:`DataValidationError` (a
``ValueError``) and name the file, the line as in the CSV (header = line 1), the column,
the value and the expected range and unit. The data dictionary (units, sources, date
conventions) is ``data/README.md``.

Examples
--------
>>> snaps = load_network_snapshots()
>>> sorted(snaps["metric"].unique())[:3]
['all_in_cost_usd_per_btc', 'btc_issued_per_day', 'difficulty']
>>> halvings = load_halvings()
>>> float(halvings.loc[halvings["epoch"] == 4, "subsidy_btc"].iloc[0])
3.125
"""

from minelib.data.loaders import (
    DATA_DIR,
    load_asics,
    load_halvings,
    load_hpc_deals,
    load_miner_monthly,
    load_miner_quarterly,
    load_network_snapshots,
    load_treasury_events,
)
from minelib.data.schema import Column, DataValidationError, MetricSpec, Schema, read_validated
from minelib.data.schemas import SCHEMAS

from minelib.data import loaders, schema

__all__ = [*loaders.__all__, "SCHEMAS", *schema.__all__]
