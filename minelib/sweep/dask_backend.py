"""The Dask backend: the grid as blockwise ``dask.array`` tasks, on local threads or a cluster.

Every parameter becomes a one-dimensional ``dask.array`` along its own axis and the model
runs blockwise (``dask.array.map_blocks``); in reduce mode each block returns its summary
statistics and histogram, so only they travel back to the client.

References
----------
Dask documentation, "Blockwise operations" (``dask.array.map_blocks``).
"""

from __future__ import annotations

import numpy as np

from minelib.sweep.grid import _evaluate, grid_chunks
from minelib.sweep.stats import _STATS, _block_reduce

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


def _dask_reduce(func, axes_names, axes, consts, outputs, cp, thr, bins, lo, hi, compute):
    import dask.array as da

    shape = tuple(len(a) for a in axes)
    nd = len(shape)
    chunks = grid_chunks(shape, cp)
    darrs = _dask_axes(axes, chunks)
    n_out = len(_evaluate(func, axes_names, [a[:1] for a in axes], consts, outputs))
    width = len(_STATS) + (bins + 2 if lo is not None else 0)
    ones = tuple((1,) * (-(-n // c)) for n, c in zip(shape, chunks))

    def reduce_block(*blocks):
        res = _evaluate(func, axes_names, _block_axes(blocks), consts, outputs)
        return _block_reduce(res, thr, bins, lo, hi).reshape((1,) * nd + (n_out, width))

    per_block = da.map_blocks(reduce_block, *darrs, chunks=ones + ((n_out,), (width,)),
                              new_axis=[nd, nd + 1], dtype=np.float64)
    stats = per_block[..., : len(_STATS)]  # tiny per block: gathered for the exact merge
    if lo is None:
        (st,) = compute(stats)
        return np.asarray(st).reshape(-1, n_out, len(_STATS)), None
    hist = per_block[..., len(_STATS):].sum(axis=tuple(range(nd)))  # summed on the cluster
    st, h = compute(stats, hist)
    return np.asarray(st).reshape(-1, n_out, len(_STATS)), np.asarray(h)


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
