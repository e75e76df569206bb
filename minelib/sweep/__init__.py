"""Parameter sweeps: a model evaluated on the cartesian product of parameter arrays.

``sweep(model, btc_price_usd=prices, network_hashrate_ehs=hashrates, ...)`` evaluates a
vectorized model function (any minelib function, or ``"margin"``: the economics of 1 PH/s
of :func:`minelib.fleet.mining_margin_model`) on every combination of the arrays and
returns a labelled, tidy table: one row per grid point, one column per parameter and per
output (a pandas DataFrame, "long" in the points).

Where it runs:

* **In memory with NumPy** (default): the parameters are broadcast against each other
  (``np.ix_`` style, no meshgrid copies of the inputs) and the model runs once.
* **Chunked on Dask** when the result would exceed ``memory_budget_bytes`` or when a
  cluster is given (``scheduler="tcp://host:8786"`` or a ``dask.distributed.Client``):
  the model runs on blocks of at most ``chunk_points`` points, one task a block (a
  reduction: ``dask.delayed`` tasks merged in a small tree; a table: blockwise
  ``dask.array.map_blocks``). The same call runs on a local cluster and on a
  multi-machine one (the workers need ``minelib`` importable).
* **Reduce mode** (``reduce=True``): summary statistics per output - count, min, max,
  mean, standard deviation, share of points below a threshold (e.g. margin < 0) and
  quantiles - computed block by block, so the grid is never materialised: memory is
  bounded by the block size whatever the number of points. An output that does not
  vary along an axis (hashprice along J/TH) is reduced from its distinct values, and
  blocks keep whole the axes along which the fewest outputs vary. Mean and variance are
  merged across cache-sized pieces and blocks exactly (Chan et al.'s pairwise update);
  quantiles come from a histogram of ``quantile_bins`` equal bins over a range estimated
  from the grid's corners and a sample (a second pass over the exact [min, max] only if
  a quantile falls outside it), so each lies within one bin width (reported as
  ``quantile_resolution``) of the two order statistics that bracket its rank - on a
  dense grid, within a bin of ``np.quantile``.

Why a DataFrame and not xarray: every consumer in the workbook (seaborn, the report
tables) takes long-form pandas; the N-d view is one ``df.set_index(params).to_xarray()``
away for who has xarray, without making it a dependency.

One module a step: :mod:`~minelib.sweep.engine` (:func:`sweep`: options, NumPy or Dask,
table or reduction), :mod:`~minelib.sweep.grid` (chunks of the grid, the model on one
block), :mod:`~minelib.sweep.stats` (block statistics and their exact merge, histogram
quantiles) and :mod:`~minelib.sweep.dask_backend` (the same blocks as Dask tasks).

References
----------
Dask documentation, "Blockwise operations" (``dask.array.map_blocks``); Chan, Golub and
LeVeque (1979), "Updating formulae and a pairwise algorithm for computing sample variances".
"""

from minelib.sweep.engine import DEFAULT_MEMORY_BUDGET_BYTES, sweep
from minelib.sweep.grid import DEFAULT_CHUNK_POINTS, grid_chunks

__all__ = [
    "DEFAULT_MEMORY_BUDGET_BYTES",
    "DEFAULT_CHUNK_POINTS",
    "grid_chunks",
    "sweep",
]
