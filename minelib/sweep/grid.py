"""The grid: chunks of the cartesian product, and the model evaluated on one block."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from minelib._validate import check_array

__all__ = ["DEFAULT_CHUNK_POINTS", "grid_chunks"]

#: Points per block on the chunked (reduce / Dask) paths [-]. 2^22 (4 Mi points, ~40 MiB
#: of work arrays per worker for the margin model): on 2 local workers a 1e8-point sweep
#: ran twice as fast as with 2^20 blocks when each block was 6 Dask tasks; with one task
#: a block, 2^21 and 2^22 were within the noise of a shared machine (31-34 % of the
#: floor in CPU time). Peak memory follows the chunk, not the grid.
DEFAULT_CHUNK_POINTS: int = 2**22


def _as_outputs(result, func, outputs=None):
    name = getattr(func, "__name__", "value")
    if isinstance(result, dict):
        res = {str(k): np.asarray(v, dtype=np.float64) for k, v in result.items()}
    elif isinstance(result, tuple):
        res = {f"{name}_{i}": np.asarray(v, dtype=np.float64) for i, v in enumerate(result)}
    elif isinstance(result, pd.DataFrame):
        res = {str(c): result[c].to_numpy(np.float64) for c in result.columns}
    else:
        res = {name: np.asarray(result, dtype=np.float64)}
    if outputs is not None:
        missing = [o for o in outputs if o not in res]
        if missing:
            raise ValueError(f"outputs={list(outputs)!r}: {missing} not returned by the model; it returns {list(res)}")
        res = {o: res[o] for o in outputs}
    return res


def grid_chunks(shape, chunk_points=DEFAULT_CHUNK_POINTS):
    """Chunk length per axis so that a block holds at most ``chunk_points`` points.

    Trailing axes are kept whole as long as they fit; the axis where the budget runs out is
    split; leading axes get chunks of 1 (C order: blocks are contiguous in the table).

    Parameters
    ----------
    shape : tuple of int
        Points along each axis of the grid [points].
    chunk_points : int
        Largest number of points in a block [points], >= 1.

    Returns
    -------
    tuple of int
        Chunk length along each axis [points].

    Raises
    ------
    ValueError
        If ``chunk_points`` is not a whole number >= 1.

    Examples
    --------
    >>> grid_chunks((1000, 1000, 1000), 10_000_000)
    (10, 1000, 1000)
    >>> grid_chunks((7, 5), 12)
    (2, 5)
    """
    cp = int(check_array("chunk_points", chunk_points, lo=1, unit="points", integer=True))
    chunks = []
    remaining = cp
    for n in reversed(shape):
        if n <= remaining:
            chunks.append(n)
            remaining = max(remaining // max(n, 1), 1)
        else:
            chunks.append(max(remaining, 1))
            remaining = 1
    return tuple(reversed(chunks))


def _reduce_chunks(shape, chunk_points, varies):
    """Chunk length per axis for a reduction, from which axes each output varies along.

    An output that does not vary along an axis is reduced from its distinct values
    (:func:`minelib.sweep.stats._distinct`), so a block of chunk lengths ``c`` costs
    ``sum over outputs of prod(c_i over the axes it varies along)``. The axes along
    which the fewest outputs vary are kept whole first (ties: the last axis first, as
    :func:`grid_chunks`), the one where ``chunk_points`` runs out is split. For
    :func:`minelib.fleet.mining_margin_model` on price x network x J/TH x power price
    the price axis (hashprice and margin vary along it, the two costs per BTC do not)
    is kept whole rather than split: on the benchmark's 100^4 grid a block of 4 Mi
    points then holds 1/25 as many distinct costs per BTC, and reduces a third fewer
    values.

    Parameters
    ----------
    shape : tuple of int
        Points along each axis of the grid [points].
    chunk_points : int
        Largest number of points in a block [points], >= 1.
    varies : array-like of bool, shape (n_outputs, n_axes)
        Whether each output varies along each axis [-].

    Returns
    -------
    tuple of int
        Chunk length along each axis [points].
    """
    weight = np.asarray(varies, dtype=bool).reshape(-1, len(shape)).sum(axis=0)
    order = sorted(range(len(shape)), key=lambda i: (weight[i], -i))  # filled first to last
    filled = grid_chunks(tuple(shape[i] for i in reversed(order)), chunk_points)  # fills from the end
    chunks = [1] * len(shape)
    for i, c in zip(reversed(order), filled):
        chunks[i] = c
    return tuple(chunks)


def _block_slices(shape, chunks):
    ranges = [range(0, n, c) for n, c in zip(shape, chunks)]
    for starts in itertools.product(*ranges):
        yield tuple(slice(s, min(s + c, n)) for s, c, n in zip(starts, chunks, shape))


def _evaluate(func, axes_names, axes_blocks, consts, outputs):
    """Evaluate the model on a block given by one 1-D array per axis."""
    nd = len(axes_blocks)
    kw = dict(consts)
    for i, (n, a) in enumerate(zip(axes_names, axes_blocks)):
        shp = [1] * nd
        shp[i] = len(a)
        kw[n] = np.asarray(a).reshape(shp)
    shape = tuple(len(a) for a in axes_blocks)
    res = _as_outputs(func(**kw), func, outputs)
    return {k: np.broadcast_to(v, shape) for k, v in res.items()}
