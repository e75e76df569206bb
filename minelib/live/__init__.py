"""Live network data: fetch public sources, normalise to one schema, cache atomically.

Three public, keyless sources are normalised to **one daily schema with explicit units**
(:data:`COLUMNS`), validated (schema, ranges, unit plausibility) and only then written to
a cache directory, so a failed, partial or malformed download never replaces good data.
One module per data service, as pvlib's ``iotools`` lays them out, each with its fetch
and its normaliser (the response shapes it relies on are in its docstring):

=================================  ========================================================
``minelib.live.mempool``           mempool.space REST API (``/api/v1/mining/...``, prices)
``minelib.live.coinmetrics``       Coin Metrics community ``csv/btc.csv`` (daily)
``minelib.live.blockchain``        blockchain.com charts API, the fallback
``minelib.live.http``              the HTTP client (retries, timeouts, clear failures)
``minelib.live.schema``            the daily schema, unit conversion, hashprice columns
``minelib.live.validate``          schema and range checks before anything is cached
``minelib.live.cache``             atomic cache files, sidecars, manifest, data version
``minelib.live.history``           loading the history or the shipped snapshot; epochs
``minelib.live.orchestrate``       :func:`refresh`, the orchestration behind ``minelib refresh``
=================================  ========================================================

Hashprice follows Luxor's definition, the expected revenue of 1 PH/s for a day at the
day's difficulty with fees averaged over the day's blocks
(:func:`minelib.revenue.hashprice_usd_per_ph_day_from_difficulty`), with and without
fees; the form built on the day's hashrate is kept as the labelled alternative column
``hashprice_hashrate_form_usd_per_ph_day`` (:func:`minelib.live.schema.hashprice_columns`).

Nothing is read, fetched or created at import time; tests point ``base_urls`` at a local
fixture server.
"""

from minelib.live.blockchain import normalise_blockchain
from minelib.live.cache import data_version_of, default_cache_dir, manifest, snapshot_path
from minelib.live.coinmetrics import normalise_coinmetrics
from minelib.live.errors import LiveDataError, SourceUnavailableError
from minelib.live.history import build_snapshot, difficulty_epochs, load_network_history, write_snapshot
from minelib.live.mempool import normalise_mempool
from minelib.live.orchestrate import DEFAULT_BASE_URLS, RefreshResult, SourceResult, refresh
from minelib.live.schema import COLUMNS, SOURCES, difficulty_from_blocks
from minelib.live.validate import validate_history

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
    "write_snapshot",
]
