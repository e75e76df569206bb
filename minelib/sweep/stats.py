"""Summary statistics merged block by block: moments (Chan et al.) and histogram quantiles.

Mean and variance are merged across blocks exactly (Chan, Golub and LeVeque's pairwise
update); quantiles come from a histogram of equal bins over an estimated or the exact
output range, each within one bin width of the order statistics that bracket its rank.

References
----------
Chan, Golub and LeVeque (1979), "Updating formulae and a pairwise algorithm for computing
sample variances".
"""

from __future__ import annotations

import itertools
import threading

import numpy as np
import pandas as pd

from minelib.sweep.grid import _as_outputs

__all__: list[str] = []

_STATS = ("count", "n_nonfinite", "min", "max", "mean", "std", "share_below")


def _distinct(v):
    """(values, multiplicity): a broadcast output as the array it was broadcast from, and
    how many times each of its elements stands in the block.

    A sweep's block broadcasts the axes against each other, so an output that depends on
    a few of them (hashprice: price and network only) holds few distinct numbers repeated
    over the other axes. Its statistics are those of the small array, counts scaled by the
    multiplicity: exact, and no pass over the repeats.
    """
    v = np.asarray(v)
    keep = tuple(slice(0, 1) if (st == 0 and n > 1) else slice(None) for st, n in zip(v.strides, v.shape))
    small = v[keep]
    return np.ascontiguousarray(small).ravel(), (v.size // small.size if small.size else 0)


_scratch_of_thread = threading.local()


def _scratch(n, dtype):
    """A work array of n elements, reused by this thread from block to block: a fresh
    block-sized temporary costs more in page faults than the arithmetic done in it."""
    key = np.dtype(dtype).str
    buf = getattr(_scratch_of_thread, key, None)
    if buf is None or buf.size < n:
        buf = np.empty(n, dtype)
        setattr(_scratch_of_thread, key, buf)
    return buf[:n]


def _finite(res):
    """Per output: (distinct finite values, multiplicity, number of non-finite, min, max)."""
    for v in res.values():
        v, w = _distinct(v)
        n_all = v.size
        vmin, vmax = (v.min(), v.max()) if n_all else (np.inf, -np.inf)
        if not (np.isfinite(vmin) and np.isfinite(vmax)):  # NaN propagates into min and max
            v = v[np.isfinite(v)]
            vmin, vmax = (v.min(), v.max()) if v.size else (np.inf, -np.inf)
        yield v, w, n_all - v.size, vmin, vmax


#: Values reduced at a time within a block [-]: work arrays of this size stay in the
#: CPU's cache through the passes over them (1.5-2x faster than whole-block passes).
_PIECE = 2**17


def _reduce_output(v, w, n_nonfinite, vmin, vmax, threshold, bins, lo, hi):
    """One output of one block: (n, n_nonfinite, min, max, mean, M2, n_below) and, if
    ``lo`` is given, the counts [below lo, ``bins`` equal bins over [lo, hi], above hi].

    ``v`` holds the finite distinct values, each standing for ``w`` points (see
    :func:`_distinct`); counts and M2 are scaled by ``w``. A value's bin is
    ``floor((v - lo) / (hi - lo) * bins)``, hi itself in the last bin.
    """
    n = v.size
    hist = None if lo is None else np.zeros(bins + 2)
    if not n:
        return (0, n_nonfinite * w, np.inf, -np.inf, 0.0, 0.0, 0), hist
    mean = v.mean()
    count_below = vmin < threshold <= vmax  # else every value or none is below
    below = n if vmax < threshold else 0
    m2 = 0.0
    width = None if lo is None else hi - lo
    if hist is not None and width > 0:
        # values outside [lo, hi] are clipped into the end bins and counted apart
        under = np.count_nonzero(v < lo) if vmin < lo else 0
        over = np.count_nonzero(v > hi) if vmax > hi else 0
        counts = np.zeros(bins + 1, dtype=np.intp)
        scale = bins / width
    d_all = _scratch(min(n, _PIECE), np.float64)
    index_all = _scratch(min(n, _PIECE), np.intp)
    for start in range(0, n, _PIECE):
        part = v[start:start + _PIECE]
        d = np.subtract(part, mean, out=d_all[:part.size])
        m2 += float(np.einsum("i,i->", d, d))  # not np.dot: BLAS threads stall on a busy machine
        if count_below:
            below += np.count_nonzero(part < threshold)
        if hist is not None and width > 0:
            d += mean - lo  # part - lo, from the centred values
            d *= scale
            if under or over:
                np.clip(d, 0.0, float(bins), out=d)
            index = index_all[:part.size]
            index[...] = d  # truncates: the bin
            counts += np.bincount(index, minlength=bins + 1)
    if hist is not None:
        if width > 0:
            counts[bins - 1] += counts[bins]  # the top edge, hi itself, is in the last bin
            counts[0] -= under
            counts[bins - 1] -= over
            hist[0], hist[1:-1], hist[-1] = under, counts[:bins], over
        else:
            hist[0] = np.count_nonzero(v < lo)
            hist[1] = np.count_nonzero(v == lo)
            hist[-1] = n - hist[0] - hist[1]
        hist *= w
    return (n * w, n_nonfinite * w, vmin, vmax, mean, m2 * w, below * w), hist


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


def _block_reduce(res, thr, bins, lo, hi):
    """(n_out, 7 [+ bins + 2]) summary of one block: moments, then the histogram."""
    rows = []
    for i, (v, w, nonfinite, vmin, vmax) in enumerate(_finite(res)):
        summary, hist = _reduce_output(v, w, nonfinite, vmin, vmax, thr, bins,
                                       None if lo is None else lo[i], None if hi is None else hi[i])
        row = np.array(summary, dtype=np.float64)
        rows.append(row if hist is None else np.concatenate([row, hist]))
    return np.stack(rows)


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
