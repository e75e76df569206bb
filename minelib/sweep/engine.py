"""The sweep: check the options and parameters, choose NumPy or Dask, table or reduction."""

from __future__ import annotations

import inspect
import numbers

import numpy as np
import pandas as pd

from minelib._validate import check_array
from minelib.fleet import mining_margin_model
from minelib.sweep.dask_backend import _check_scheduler, _dask_client, _dask_reduce, _dask_table
from minelib.sweep.grid import DEFAULT_CHUNK_POINTS, _block_slices, _evaluate, _reduce_chunks
from minelib.sweep.stats import _block_summary, _combine, _hist_quantiles, _merge_summaries, _reduce_table, _sample_range

__all__ = ["DEFAULT_MEMORY_BUDGET_BYTES", "sweep"]

#: Largest result (parameter and output columns, float64) built in memory [bytes].
DEFAULT_MEMORY_BUDGET_BYTES: int = 512 * 2**20


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
    missing = [n for n in accepted if params[n].default is inspect.Parameter.empty and n not in names]
    if missing:
        raise ValueError(f"{getattr(func, '__name__', func)!r} needs {sorted(missing)}, which have no default; "
                         "give each as a scalar or a one-dimensional array")


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
        :func:`minelib.fleet.mining_margin_model` [-].
    reduce : bool
        Return summary statistics per output instead of the table (never materialises
        the grid) [-].
    outputs : sequence of str, optional
        Outputs of a dict-returning model to keep [-] (default all).
    quantiles : sequence of float
        Quantiles reported by ``reduce`` [fraction], each in [0, 1]; ``()`` for none
        (saves the second pass).
    threshold : float
        ``share_below`` is the share of points with output < threshold [unit of the
        outputs] (default 0: e.g. the share of the grid with a negative margin).
    quantile_bins : int
        Histogram bins of the quantile pass [bins], >= 16.
    memory_budget_bytes : int
        Largest in-memory result [bytes]; a bigger grid runs chunked (on Dask), and a
        table (``reduce=False``) bigger than this is refused.
    chunk_points : int
        Points per block on the chunked paths [points], >= 1.
    scheduler : None, str or distributed.Client
        ``None``: NumPy in memory, or Dask's local threads beyond the budget; an address
        (``"tcp://10.0.0.5:8786"``) or a ``Client``: run on that cluster; ``"threads"``,
        ``"synchronous"`` or ``"processes"``: that local Dask scheduler [-].
    **param_arrays : scalar or 1-D array-like
        The model's arguments [the units their names carry, e.g. ``btc_price_usd``: USD/BTC].
        Names must not be one of this function's own keywords.

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
    # An output whose probe along axis i is a broadcast (stride 0) does not vary along i.
    varies = []
    for i in range(len(axes)):
        probe = [a if k == i else a[:1] for k, a in enumerate(axes)]
        res = _evaluate(func, axes_names, probe, consts, outputs)
        names_out = list(res)
        varies.append([v.strides[i] != 0 for v in res.values()])
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
    chunks = _reduce_chunks(shape, cp, np.transpose(varies))
    try:
        stats, hist = engine(func, axes_names, axes, consts, outputs, chunks, thr, bins, lo_est, hi_est, compute)
        comb = _combine(stats)
        qvals = resolution = None
        if len(qs):
            qvals, ok = _hist_quantiles(hist, lo_est, hi_est, qs, comb["min"], comb["max"])
            resolution = (hi_est - lo_est) / bins
            if not ok.all():
                lo_f = np.where(np.isfinite(comb["min"]), comb["min"], 0.0)
                hi_f = np.where(np.isfinite(comb["max"]), comb["max"], 0.0)
                _, hist2 = engine(func, axes_names, axes, consts, outputs, chunks, thr, bins, lo_f, hi_f, compute,
                                  moments=False)  # the histogram only
                q2, _ = _hist_quantiles(hist2, lo_f, hi_f, qs, comb["min"], comb["max"])
                qvals = np.where(ok[:, None], qvals, q2)
                resolution = np.where(ok, resolution, (hi_f - lo_f) / bins)
    finally:
        close()
    out = _reduce_table(names_out, comb, qs, qvals, resolution, thr)
    out.attrs["n_points"] = n_points
    out.attrs["engine"] = "dask" if use_dask else "numpy"
    return out


def _numpy_reduce(func, axes_names, axes, consts, outputs, chunks, thr, bins, lo, hi, compute=None, moments=True):
    shape = tuple(len(a) for a in axes)
    return _merge_summaries(*(_block_summary(func, axes_names, [a[s] for a, s in zip(axes, sl)], consts, outputs,
                                             thr, bins, lo, hi, moments) for sl in _block_slices(shape, chunks)))
