"""The Dask backend: the grid's blocks as Dask tasks, on local threads or a cluster.

Reduce mode: one ``dask.delayed`` task per block evaluates the model and reduces it
(:func:`~minelib.sweep.stats._block_summary`), and the summaries are merged in a small
tree, so only moments and histograms travel back to the client. Table mode: every
parameter becomes a one-dimensional ``dask.array`` along its own axis and the model runs
blockwise (``dask.array.map_blocks``).

References
----------
Dask documentation, "Blockwise operations" (``dask.array.map_blocks``) and "Delayed".
"""

from __future__ import annotations

import numpy as np

from minelib.sweep.grid import _block_slices, _evaluate, grid_chunks
from minelib.sweep.stats import _block_summary, _merge_summaries

__all__: list[str] = []


def _check_scheduler(scheduler):
    if scheduler is None:
        return
    if isinstance(scheduler, str):
        if scheduler in ("threads", "synchronous", "processes") or "://" in scheduler:
            return
        raise ValueError(f"scheduler={scheduler!r} is not a scheduler address such as 'tcp://127.0.0.1:8786' "
                         "nor one of 'threads', 'synchronous', 'processes'")
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover
        Client = ()
    if not isinstance(scheduler, Client):
        raise ValueError(f"scheduler={scheduler!r} must be None, an address string or a dask.distributed.Client")


def _dask_client(scheduler):
    """(compute function, closer) for the scheduler argument."""
    if scheduler is None:
        return (lambda *xs: __import__("dask").compute(*xs, scheduler="threads")), (lambda: None)
    if isinstance(scheduler, str) and scheduler in ("threads", "synchronous", "processes"):
        return (lambda *xs: __import__("dask").compute(*xs, scheduler=scheduler)), (lambda: None)
    from distributed import Client

    if isinstance(scheduler, Client):
        return (lambda *xs: scheduler.gather(scheduler.compute(list(xs)))), (lambda: None)
    client = Client(scheduler, set_as_default=False)
    return (lambda *xs: client.gather(client.compute(list(xs)))), client.close


def _dask_axes(axes, chunks):
    import dask.array as da

    nd = len(axes)
    out = []
    for i, (a, c) in enumerate(zip(axes, chunks)):
        shp = [1] * nd
        shp[i] = len(a)
        out.append(da.from_array(a.reshape(shp), chunks=tuple(c if k == i else 1 for k in range(nd)), name=False))
    return out


def _block_axes(blocks):
    return [np.asarray(b).reshape(-1) for b in blocks]


#: Block summaries merged per task on the way back: a tree of this fan-in [-].
_FAN_IN = 16


def _dask_reduce(func, axes_names, axes, consts, outputs, chunks, thr, bins, lo, hi, compute, moments=True):
    """One task per block (:func:`~minelib.sweep.stats._block_summary`: the model and its
    reduction), merged in a tree of :data:`_FAN_IN`; only moments and histograms travel.

    Plain ``dask.delayed`` tasks rather than ``dask.array.map_blocks``: one task a block
    plus the merges (28 for 25 blocks, against 154 with map_blocks' array, slicing and
    sum tasks), so the scheduler's own work stays small beside the blocks'.
    """
    from dask import delayed

    block = delayed(_block_summary, pure=False)
    merge = delayed(_merge_summaries, pure=False)
    shape = tuple(len(a) for a in axes)
    parts = [block(func, axes_names, [a[s] for a, s in zip(axes, sl)], consts, outputs, thr, bins, lo, hi, moments)
             for sl in _block_slices(shape, chunks)]
    while len(parts) > 1:
        parts = [merge(*parts[i:i + _FAN_IN]) for i in range(0, len(parts), _FAN_IN)]
    (result,) = compute(parts[0])
    return result


def _dask_table(func, axes_names, axes, consts, outputs, names_out, cp, scheduler):
    import dask.array as da

    shape = tuple(len(a) for a in axes)
    nd = len(shape)
    chunks = grid_chunks(shape, cp)
    darrs = _dask_axes(axes, chunks)
    n_out = len(names_out)

    def table_block(*blocks):
        res = _evaluate(func, axes_names, _block_axes(blocks), consts, outputs)
        return np.stack([np.ascontiguousarray(res[k]) for k in names_out], axis=-1)

    out_chunks = tuple(tuple(min(c, n - s) for s in range(0, n, c)) for n, c in zip(shape, chunks)) + ((n_out,),)
    arr = da.map_blocks(table_block, *darrs, chunks=out_chunks, new_axis=[nd], dtype=np.float64)
    compute, close = _dask_client(scheduler)
    try:
        (values,) = compute(arr)
    finally:
        close()
    return np.asarray(values).reshape(-1, n_out)
