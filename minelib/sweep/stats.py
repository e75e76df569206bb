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

import numpy as np
import pandas as pd

from minelib.sweep.grid import _as_outputs

__all__: list[str] = []

_STATS = ("count", "n_nonfinite", "min", "max", "mean", "std", "share_below")


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


def _block_reduce(res, thr, bins, lo, hi):
    """(n_out, 7 [+ bins + 2]) summary of one block: moments, then the histogram."""
    summ = _summary(res, thr)
    if lo is None:
        return summ
    return np.concatenate([summ, _histograms(res, lo, hi, bins)], axis=1)


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
