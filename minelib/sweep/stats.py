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

from minelib.sweep.grid import _as_outputs, _evaluate

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
    block-sized temporary costs more in page faults than the arithmetic done in it (Dask
    workers set ``MALLOC_TRIM_THRESHOLD_``, so every array of 128 KiB or more is a fresh
    mapping: a 128 KiB comparison mask per piece was 1,000 page faults per block)."""
    key = np.dtype(dtype).str
    buf = getattr(_scratch_of_thread, key, None)
    if buf is None or buf.size < n:
        buf = np.empty(n, dtype)
        setattr(_scratch_of_thread, key, buf)
    return buf[:n]


def _merge_moments(n, mean, m2, axis=0):
    """Count, mean and M2 (sum of squared deviations) of the union of disjoint parts.

    Chan, Golub and LeVeque's pairwise update for any number of parts at once:
    ``mean = sum(n_p mean_p) / N`` and ``M2 = sum(M2_p) + sum(n_p (mean_p - mean)^2)``;
    exact up to rounding whatever the parts' sizes and offsets. Parts along ``axis``;
    an empty union has mean NaN.
    """
    n, mean, m2 = (np.asarray(x, dtype=np.float64) for x in (n, mean, m2))
    tot = n.sum(axis=axis)
    safe = np.where(tot > 0, tot, 1.0)
    with np.errstate(invalid="ignore"):
        mu = (n * mean).sum(axis=axis) / safe
        dev = np.where(n > 0, mean - np.expand_dims(mu, axis), 0.0)
        m2_all = m2.sum(axis=axis) + (n * dev * dev).sum(axis=axis)
    return tot, np.where(tot > 0, mu, np.nan), m2_all


#: Values reduced at a time within a block [-]: the piece and its work arrays (3 MiB) stay
#: in the CPU's cache through the passes over them, so each value is read from memory
#: once; on the 1e8-point bench grid 2^17 reduced a block in 24-28 ms against 25-58 ms
#: for 2^13-2^16 (fewer NumPy calls per value).
_PIECE = 2**17


def _reduce_output(v, w, threshold, bins, lo, hi, moments=True):
    """One output of one block: (n, n_nonfinite, min, max, mean, M2, n_below) and, if
    ``lo`` is given, the counts [below lo, ``bins`` equal bins over [lo, hi], above hi].

    ``v`` holds the distinct values (see :func:`_distinct`), each standing for ``w``
    points; counts and M2 are scaled by ``w``. Non-finite values are counted apart and
    left out of everything else. With ``moments=False`` (the second quantile pass, which
    needs only the histogram) the summary is None and the sum, the squared deviations
    and the threshold count are not computed.

    One sweep over ``v`` in cache-sized pieces (:data:`_PIECE` values): per piece its
    min, max, sum, the squared deviations from its own mean, the values below the
    threshold (only in a piece that straddles it) and the bin of each value,
    ``floor((v - lo) * (bins / (hi - lo)))`` (``hi`` itself in the last bin), cast to
    an integer inside the multiplication and counted with ``np.bincount`` (int32 indices,
    cheaper to cast, made a 4 Mi block 1.6x slower in a Dask worker: ``np.bincount``
    copies them to intp, a fresh mapping per piece there; truncating in floating point
    and reading the integer from the bits of ``x + 2**52`` was no faster). The pieces'
    moments are merged exactly (:func:`_merge_moments`), so the mean and M2 are those
    of the whole block up to rounding (within 3e-15 relative of a two-pass mean over the
    block on the bench grid), and every count is exact.
    """
    size = v.size
    hist = None if lo is None else np.zeros(bins + 2)
    width = None if lo is None else hi - lo
    binned = hist is not None and width > 0
    if binned:
        counts = np.zeros(bins + 1, dtype=np.intp)
        scale = bins / width
    n_pieces = -(-size // _PIECE)
    pn, pmean, pm2 = np.zeros(n_pieces), np.zeros(n_pieces), np.zeros(n_pieces)
    vmin, vmax, n_nonfinite, below, under, over = np.inf, -np.inf, 0, 0, 0, 0
    d_all = _scratch(min(size, _PIECE), np.float64)
    index_all = _scratch(min(size, _PIECE), np.intp)
    flags_all = _scratch(min(size, _PIECE), np.bool_)
    for k, start in enumerate(range(0, size, _PIECE)):
        part = v[start:start + _PIECE]
        lo_p, hi_p = part.min(), part.max()
        if not (np.isfinite(lo_p) and np.isfinite(hi_p)):  # NaN propagates into min and max
            finite = part[np.isfinite(part)]
            n_nonfinite += part.size - finite.size
            part = finite
            if not part.size:
                continue
            lo_p, hi_p = part.min(), part.max()
        n = part.size
        vmin, vmax = min(vmin, lo_p), max(vmax, hi_p)
        pn[k] = n
        d = d_all[:n]
        if moments:
            pmean[k] = mean = part.sum() / n
            np.subtract(part, mean, out=d)
            pm2[k] = np.einsum("i,i->", d, d)  # not np.dot: BLAS threads stall on a busy machine
            if hi_p < threshold:
                below += n
            elif lo_p < threshold:
                below += np.count_nonzero(np.less(part, threshold, out=flags_all[:n]))
        if hist is None:
            continue
        if not binned:  # lo == hi: below, at and above the single point
            hist[0] += np.count_nonzero(part < lo)
            hist[1] += np.count_nonzero(part == lo)
            hist[-1] += np.count_nonzero(part > lo)
            continue
        index = index_all[:n]
        np.subtract(part, lo, out=d)
        if lo_p < lo or hi_p > hi:  # counted apart, clipped into the end bins
            under += np.count_nonzero(part < lo) if lo_p < lo else 0
            over += np.count_nonzero(part > hi) if hi_p > hi else 0
            d *= scale
            np.clip(d, 0.0, float(bins), out=d)
            index[...] = d  # truncates: the bin
        else:
            np.multiply(d, scale, out=index, casting="unsafe")  # truncates: the bin
        counts += np.bincount(index, minlength=bins + 1)
    n_all = pn.sum()
    if binned and n_all:
        counts[bins - 1] += counts[bins]  # the top edge, hi itself, is in the last bin
        counts[0] -= under
        counts[bins - 1] -= over
        hist[0], hist[1:-1], hist[-1] = under, counts[:bins], over
    if hist is not None:
        hist *= w
    if not moments:
        return None, hist
    if not n_all:
        return (0, n_nonfinite * w, np.inf, -np.inf, 0.0, 0.0, 0), hist
    n_all, mean, m2 = _merge_moments(pn, pmean, pm2)
    return (n_all * w, n_nonfinite * w, vmin, vmax, float(mean), m2 * w, below * w), hist


def _combine(summaries):
    """Merge block summaries (n_blocks, n_out, 7) exactly (:func:`_merge_moments`)."""
    s = np.asarray(summaries, dtype=np.float64).reshape(-1, *np.shape(summaries)[-2:])
    tot, mean, m2 = _merge_moments(s[:, :, 0], s[:, :, 4], s[:, :, 5])
    with np.errstate(invalid="ignore", divide="ignore"):
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
    """Quantiles from the histogram counts of :func:`_reduce_output`, linear within the bin of the rank.

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


def _block_reduce(res, thr, bins, lo, hi, moments=True):
    """Summaries of one block's outputs: (moments (n_out, 7), or None if not ``moments``;
    histogram counts (n_out, bins + 2), or None if ``lo`` is None)."""
    stats = np.empty((len(res), len(_STATS))) if moments else None
    hist = None if lo is None else np.empty((len(res), bins + 2))
    for i, v in enumerate(res.values()):
        summary, h = _reduce_output(*_distinct(v), thr, bins, None if lo is None else lo[i],
                                    None if hi is None else hi[i], moments)
        if moments:
            stats[i] = summary
        if hist is not None:
            hist[i] = h
    return stats, hist


def _block_summary(func, axes_names, axes_blocks, consts, outputs, thr, bins, lo, hi, moments=True):
    """The model on one block (one 1-D array per axis), reduced: (moments of shape
    (1, n_out, 7) or None, histogram counts (n_out, bins + 2) or None). A task of its own
    on Dask."""
    stats, hist = _block_reduce(_evaluate(func, axes_names, axes_blocks, consts, outputs), thr, bins, lo, hi, moments)
    return (None if stats is None else stats[None]), hist


def _merge_summaries(*parts):
    """Block summaries (:func:`_block_summary`) merged: moments stacked in block order
    for :func:`_combine`, histogram counts added (whole numbers: exact in any order)."""
    stats = None if parts[0][0] is None else np.concatenate([p[0] for p in parts])
    hist = None if parts[0][1] is None else np.sum([p[1] for p in parts], axis=0)
    return stats, hist


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
