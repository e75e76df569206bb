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
  every parameter becomes a one-dimensional ``dask.array`` along its own axis and the
  model runs blockwise (``dask.array.map_blocks``) on blocks of at most ``chunk_points``
  points. The same call runs on a local cluster and on a multi-machine one (the workers
  need ``minelib`` importable).
* **Reduce mode** (``reduce=True``): summary statistics per output - count, min, max,
  mean, standard deviation, share of points below a threshold (e.g. margin < 0) and
  quantiles - computed block by block, so the grid is never materialised: memory is
  bounded by the block size whatever the number of points. Mean and variance are merged
  across blocks exactly (Chan et al.'s pairwise update); quantiles come from a histogram
  of ``quantile_bins`` equal bins between the global min and max (a second pass), so
  each lies within one bin width (reported as ``quantile_resolution``) of the two order
  statistics that bracket its rank - on a dense grid, within a bin of ``np.quantile``.

Why a DataFrame and not xarray: every consumer in the workbook (seaborn, the report
tables) takes long-form pandas; the N-d view is one ``df.set_index(params).to_xarray()``
away for who has xarray, without making it a dependency.

References
----------
Dask documentation, "Blockwise operations" (``dask.array.map_blocks``); Chan, Golub and
LeVeque (1979), "Updating formulae and a pairwise algorithm for computing sample variances".
"""

from __future__ import annotations

import inspect
import itertools
import numbers

import numpy as np
import pandas as pd

from minelib._validate import check_array
from minelib.fleet import mining_margin_model

__all__ = [
    "DEFAULT_MEMORY_BUDGET_BYTES",
    "DEFAULT_CHUNK_POINTS",
    "grid_chunks",
    "sweep",
]

#: Largest result (parameter and output columns, float64) built in memory [bytes].
DEFAULT_MEMORY_BUDGET_BYTES: int = 512 * 2**20
#: Points per block on the chunked (reduce / Dask) paths [-].
DEFAULT_CHUNK_POINTS: int = 2**20

_STATS = ("count", "n_nonfinite", "min", "max", "mean", "std", "share_below")
_RESERVED = {"reduce", "quantiles", "threshold", "quantile_bins", "memory_budget_bytes", "chunk_points",
             "scheduler", "outputs"}


# --------------------------------------------------------------------------- helpers
def _resolve(func_or_model):
    if callable(func_or_model):
        return func_or_model
    if isinstance(func_or_model, str):
        if func_or_model in ("margin", "mining_margin_model"):
            return mining_margin_model
        import minelib

        f = getattr(minelib, func_or_model, None)
        if callable(f) and not isinstance(f, type):
            return f
    raise ValueError(
        f"func_or_model={func_or_model!r} is not a callable nor the name of a minelib function "
        "(e.g. 'hashprice_usd_per_ph_day' or 'margin')"
    )


def _check_names(func, names):
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return
    params = sig.parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    accepted = {n for n, p in params.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    for n in names:
        if n not in accepted:
            raise ValueError(f"parameter {n!r} is not an argument of {getattr(func, '__name__', func)!r}; "
                             f"expected one of {sorted(accepted)}")


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
    split; leading axes get chunks of 1.

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


def _summary(res, threshold):
    """Per-output (n, n_nonfinite, min, max, mean, M2, n_below) of one block."""
    rows = []
    for v in res.values():
        v = v.ravel()
        fin = np.isfinite(v)
        if not fin.all():
            v = v[fin]
        n = v.size
        if n:
            mean = v.mean()
            m2 = float(np.dot(v - mean, v - mean))
            rows.append((n, fin.size - n, v.min(), v.max(), mean, m2, np.count_nonzero(v < threshold)))
        else:
            rows.append((0, fin.size, np.inf, -np.inf, 0.0, 0.0, 0))
    return np.array(rows, dtype=np.float64)


def _combine(summaries):
    """Merge block summaries (n_blocks, n_out, 7) exactly (Chan's pairwise update)."""
    s = np.asarray(summaries, dtype=np.float64).reshape(-1, *np.shape(summaries)[-2:])
    n = s[:, :, 0]
    tot = n.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(tot > 0, (n * s[:, :, 4]).sum(axis=0) / np.where(tot > 0, tot, 1), np.nan)
        m2 = s[:, :, 5].sum(axis=0) + (n * (s[:, :, 4] - mean) ** 2).sum(axis=0)
        std = np.where(tot > 0, np.sqrt(m2 / np.where(tot > 0, tot, 1)), np.nan)
        share = np.where(tot > 0, s[:, :, 6].sum(axis=0) / np.where(tot > 0, tot, 1), np.nan)
    mn = s[:, :, 2].min(axis=0)
    mx = s[:, :, 3].max(axis=0)
    return {
        "count": tot, "n_nonfinite": s[:, :, 1].sum(axis=0),
        "min": np.where(tot > 0, mn, np.nan), "max": np.where(tot > 0, mx, np.nan),
        "mean": mean, "std": std, "share_below": share,
    }


def _histograms(res, lo, hi, bins):
    """Per-output counts: [below lo, bins equal bins over [lo, hi], above hi]."""
    out = np.zeros((len(res), bins + 2))
    for i, v in enumerate(res.values()):
        v = v.ravel()
        if not np.isfinite(v).all():
            v = v[np.isfinite(v)]
        width = hi[i] - lo[i]
        scale = bins / width if width > 0 else 0.0
        x = (v - lo[i]) * scale
        np.floor(x, out=x)
        np.clip(x, -1.0, float(bins), out=x)
        if width > 0:
            np.minimum(x, bins - 1.0, out=x, where=v <= hi[i])  # the top edge is in the last bin
        else:
            x[v == lo[i]] = 0.0
        x += 1.0
        out[i] = np.bincount(x.astype(np.intp), minlength=bins + 2)
    return out


def _hist_quantiles(hist, lo, hi, qs, vmin, vmax):
    """Quantiles from the counts of :func:`_histograms`, linear within the bin of the rank.

    Returns the values and, per output, whether every rank fell inside [lo, hi] (else the
    histogram range missed the quantile and a pass over [min, max] is needed).
    """
    n_out = hist.shape[0]
    bins = hist.shape[1] - 2
    res = np.full((n_out, len(qs)), np.nan)
    ok = np.ones(n_out, dtype=bool)
    for i in range(n_out):
        under, inner, over = hist[i, 0], hist[i, 1:-1], hist[i, -1]
        total = under + inner.sum() + over
        if total == 0:
            continue
        cum = np.cumsum(inner)
        width = (hi[i] - lo[i]) / bins
        for k, q in enumerate(qs):
            rank = q * total - under
            if (rank < 0 or (rank == 0 and under > 0)) or rank > cum[-1]:
                ok[i] = False
                continue
            b = min(int(np.searchsorted(cum, rank, side="left")), bins - 1)
            before = cum[b - 1] if b > 0 else 0.0
            frac = (rank - before) / inner[b] if inner[b] > 0 else 0.0
            res[i, k] = lo[i] + (b + min(max(frac, 0.0), 1.0)) * width
        res[i] = np.clip(res[i], vmin[i], vmax[i])
    return res, ok


def _sample_range(func, axes_names, axes, consts, outputs, n_random=2048):
    """Estimated [lo, hi] of each output from the grid's corners and random grid points."""
    nd = len(axes)
    ext = [np.array([a.min(), a.max()]) for a in axes]
    cols = []
    if nd <= 12:
        corners = np.array(list(itertools.product(*ext))).T  # (nd, 2^nd)
        cols.append(corners)
    rng = np.random.default_rng(0)
    cols.append(np.stack([a[rng.integers(0, len(a), n_random)] for a in axes]))
    pts = np.concatenate(cols, axis=1)
    kw = dict(consts)
    kw.update({n: pts[i] for i, n in enumerate(axes_names)})
    res = _as_outputs(func(**kw), func, outputs)
    lo, hi = [], []
    for v in res.values():
        v = np.broadcast_to(v, (pts.shape[1],))
        v = v[np.isfinite(v)]
        if v.size == 0:
            lo.append(0.0), hi.append(0.0)
            continue
        span = v.max() - v.min()
        pad = 0.02 * span if span > 0 else max(abs(v.max()) * 1e-9, 1e-12)
        lo.append(v.min() - pad), hi.append(v.max() + pad)
    return np.array(lo), np.array(hi)


def _reduce_table(names, stats, qs=None, qvals=None, resolution=None, threshold=0.0):
    df = pd.DataFrame({k: stats[k] for k in _STATS}, index=pd.Index(names, name="output"))
    df["count"] = df["count"].astype(np.int64)
    df["n_nonfinite"] = df["n_nonfinite"].astype(np.int64)
    if qs is not None and len(qs):
        for k, q in enumerate(qs):
            df[f"q{q:g}"] = qvals[:, k]
        df["quantile_resolution"] = resolution
    df.attrs["threshold"] = threshold
    return df


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


# --------------------------------------------------------------------------- sweep
def sweep(func_or_model, /, *, reduce=False, outputs=None, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95),
          threshold=0.0, quantile_bins=4096, memory_budget_bytes=DEFAULT_MEMORY_BUDGET_BYTES,
          chunk_points=DEFAULT_CHUNK_POINTS, scheduler=None, **param_arrays):
    """Evaluate a model on the cartesian product of parameter arrays.

    Every one-dimensional array in ``param_arrays`` is an axis of the grid; scalars are
    held constant. ``n_points = prod(len(axis))``.

    Parameters
    ----------
    func_or_model : callable or str
        A vectorized function taking the parameters as keyword arguments and returning an
        array, a tuple of arrays or a dict of named arrays; or the name of a minelib
        function (``"hashprice_usd_per_ph_day"``), or ``"margin"`` for
        :func:`minelib.fleet.mining_margin_model`.
    reduce : bool
        Return summary statistics per output instead of the table (never materialises
        the grid).
    outputs : sequence of str, optional
        Outputs of a dict-returning model to keep (default all).
    quantiles : sequence of float
        Quantiles reported by ``reduce`` [fraction], each in [0, 1]; ``()`` for none
        (saves the second pass).
    threshold : float
        ``share_below`` is the share of points with output < threshold (default 0: e.g.
        the share of the grid with a negative margin).
    quantile_bins : int
        Histogram bins of the quantile pass [-], >= 16.
    memory_budget_bytes : int
        Largest in-memory result [bytes]; a bigger grid runs chunked (on Dask), and a
        table (``reduce=False``) bigger than this is refused.
    chunk_points : int
        Points per block on the chunked paths [-], >= 1.
    scheduler : None, str or distributed.Client
        ``None``: NumPy in memory, or Dask's local threads beyond the budget; an address
        (``"tcp://10.0.0.5:8786"``) or a ``Client``: run on that cluster; ``"threads"``,
        ``"synchronous"`` or ``"processes"``: that local Dask scheduler.
    **param_arrays : scalar or 1-D array-like
        The model's arguments. Names must not be one of this function's own keywords.

    Returns
    -------
    pandas.DataFrame
        ``reduce=False``: one row per grid point (C order: the last parameter varies
        fastest), a column per axis parameter and per output; constants are in
        ``df.attrs["constants"]``. ``reduce=True``: one row per output, columns ``count``,
        ``n_nonfinite``, ``min``, ``max``, ``mean``, ``std`` (population),
        ``share_below``, ``q<q>`` per quantile and ``quantile_resolution`` (the bin width:
        a quantile lies within it of the order statistics bracketing its rank).

    Raises
    ------
    ValueError
        A parameter that is not numeric, not 1-D, empty, NaN or outside the model's range
        (the model's own message, raised before any grid work, naming the parameter); an
        unknown model, output, option or scheduler; a table too large for the budget.

    Examples
    --------
    >>> df = sweep("hashprice_usd_per_ph_day", btc_price_usd=[60_000, 90_000],
    ...            network_hashrate_ehs=[800, 1_000], block_subsidy_btc=3.125)
    >>> df.round(2)
       btc_price_usd  network_hashrate_ehs  hashprice_usd_per_ph_day
    0        60000.0                 800.0                     33.75
    1        60000.0                1000.0                     27.00
    2        90000.0                 800.0                     50.62
    3        90000.0                1000.0                     40.50
    >>> r = sweep("margin", reduce=True, quantiles=(0.5,), btc_price_usd=np.linspace(40e3, 120e3, 50),
    ...           network_hashrate_ehs=np.linspace(600, 1500, 40), efficiency_j_per_th=[15, 20, 30],
    ...           power_price_usd_per_kwh=[0.03, 0.06])
    >>> int(r.loc["margin_usd_per_ph_day", "count"])
    12000
    """
    func = _resolve(func_or_model)
    if not param_arrays:
        raise ValueError("sweep needs at least one parameter array, e.g. btc_price_usd=[60e3, 90e3]")
    _check_names(func, param_arrays)
    if not isinstance(reduce, (bool, np.bool_)):
        raise ValueError(f"reduce={reduce!r} must be True or False")
    qs = np.atleast_1d(check_array("quantiles", quantiles if len(np.atleast_1d(quantiles)) else np.zeros(0),
                                   lo=0, hi=1, unit="fraction")) if quantiles is not None else np.zeros(0)
    thr = check_array("threshold", threshold, unit="output unit")
    if thr.ndim:
        raise ValueError(f"threshold={threshold!r} must be a scalar")
    thr = float(thr)
    bins = int(check_array("quantile_bins", quantile_bins, lo=16, unit="bins", integer=True))
    budget = int(check_array("memory_budget_bytes", memory_budget_bytes, lo=1, unit="bytes", integer=True))
    cp = int(check_array("chunk_points", chunk_points, lo=1, unit="points", integer=True))
    _check_scheduler(scheduler)
    if outputs is not None:
        if isinstance(outputs, str):
            outputs = [outputs]
        outputs = list(outputs)
        if not outputs:
            raise ValueError("outputs=[] selects nothing; pass None for all outputs")

    axes_names, axes, consts = [], [], {}
    for name, value in param_arrays.items():
        arr = check_array(name, value, unit="parameter value")  # numeric, no NaN / inf
        if arr.ndim == 0:
            consts[name] = arr.item() if isinstance(value, numbers.Number) else arr
        elif arr.ndim == 1:
            if arr.size == 0:
                raise ValueError(f"{name} is empty; expected at least one value")
            axes_names.append(name)
            axes.append(arr)
        else:
            raise ValueError(f"{name} has shape {arr.shape}; expected a scalar or a one-dimensional array")
    if not axes:
        raise ValueError("no parameter is an array: give at least one parameter as a one-dimensional array")

    # Pre-flight: each axis in full against the first value of the others. The model's own
    # validation names a bad parameter here, before any grid work (or any cluster task).
    for i in range(len(axes)):
        probe = [a if k == i else a[:1] for k, a in enumerate(axes)]
        names_out = list(_evaluate(func, axes_names, probe, consts, outputs))
    shape = tuple(len(a) for a in axes)
    n_points = int(np.prod(shape, dtype=np.float64))
    table_bytes = n_points * 8 * (len(axes) + len(names_out))
    use_dask = scheduler is not None or table_bytes > budget

    if not reduce:
        if table_bytes > budget:
            raise ValueError(
                f"the table of {n_points:,} points x {len(axes) + len(names_out)} columns needs "
                f"{table_bytes:,} bytes > memory_budget_bytes={budget:,}; use reduce=True for summary "
                "statistics, or raise memory_budget_bytes"
            )
        if scheduler is None:
            res = _evaluate(func, axes_names, axes, consts, outputs)
            values = np.stack([res[k].ravel() for k in names_out], axis=-1)
        else:
            values = _dask_table(func, axes_names, axes, consts, outputs, names_out, cp, scheduler)
        index = pd.MultiIndex.from_product(axes, names=axes_names)
        df = pd.DataFrame(values, index=index, columns=names_out).reset_index()
        df.attrs["constants"] = dict(consts)
        return df

    # One pass gives the moments and a histogram over a range estimated from the grid's
    # corners and a sample of points; only if a quantile falls outside that range does a
    # second pass histogram the exact [min, max].
    lo_est = hi_est = None
    if len(qs):
        lo_est, hi_est = _sample_range(func, axes_names, axes, consts, outputs)
    compute, close = _dask_client(scheduler) if use_dask else (None, lambda: None)
    engine = _dask_reduce if use_dask else _numpy_reduce
    try:
        stats, hist = engine(func, axes_names, axes, consts, outputs, cp, thr, bins, lo_est, hi_est, compute)
        comb = _combine(stats)
        qvals = resolution = None
        if len(qs):
            qvals, ok = _hist_quantiles(hist, lo_est, hi_est, qs, comb["min"], comb["max"])
            resolution = (hi_est - lo_est) / bins
            if not ok.all():
                lo_f = np.where(np.isfinite(comb["min"]), comb["min"], 0.0)
                hi_f = np.where(np.isfinite(comb["max"]), comb["max"], 0.0)
                _, hist2 = engine(func, axes_names, axes, consts, outputs, cp, thr, bins, lo_f, hi_f, compute)
                q2, _ = _hist_quantiles(hist2, lo_f, hi_f, qs, comb["min"], comb["max"])
                qvals = np.where(ok[:, None], qvals, q2)
                resolution = np.where(ok, resolution, (hi_f - lo_f) / bins)
    finally:
        close()
    out = _reduce_table(names_out, comb, qs, qvals, resolution, thr)
    out.attrs["n_points"] = n_points
    out.attrs["engine"] = "dask" if use_dask else "numpy"
    return out


def _block_reduce(res, thr, bins, lo, hi):
    """(n_out, 7 [+ bins + 2]) summary of one block: moments, then the histogram."""
    summ = _summary(res, thr)
    if lo is None:
        return summ
    return np.concatenate([summ, _histograms(res, lo, hi, bins)], axis=1)


def _numpy_reduce(func, axes_names, axes, consts, outputs, cp, thr, bins, lo, hi, compute=None):
    shape = tuple(len(a) for a in axes)
    stats, hist = [], 0.0
    for sl in _block_slices(shape, grid_chunks(shape, cp)):
        res = _evaluate(func, axes_names, [a[s] for a, s in zip(axes, sl)], consts, outputs)
        r = _block_reduce(res, thr, bins, lo, hi)
        stats.append(r[:, : len(_STATS)])
        hist = hist + r[:, len(_STATS):]
    return np.stack(stats), (hist if lo is not None else None)


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
