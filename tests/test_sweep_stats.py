"""The sweep's fast block statistics against slow, obviously correct references.

`_reduce_output` reduces a block in cache-sized pieces (min, max, moments merged across
pieces, threshold counts only in straddling pieces, histogram bins by a multiplication
cast to integers and np.bincount); `_reduce_chunks` shapes the blocks from which axes
each output varies along. Each is checked here against a direct computation on the whole
array, on edge cases (empty, one value, constants, NaN and inf, values on bin edges and
outside the range, lo == hi) and with pieces far smaller than the input.
"""

import numpy as np
import pytest

from minelib.fleet import mining_margin_model
from minelib.sweep import grid_chunks, stats, sweep
from minelib.sweep.grid import _reduce_chunks


def _reference(v, w, threshold, bins, lo, hi):
    """Statistics of every point (each value repeated w times), straight from NumPy."""
    allv = np.repeat(np.asarray(v, dtype=np.float64), w)
    finite = allv[np.isfinite(allv)]
    n = finite.size
    mean = finite.mean() if n else 0.0
    summary = (n, allv.size - n, finite.min() if n else np.inf, finite.max() if n else -np.inf, mean,
               ((finite - mean) ** 2).sum() if n else 0.0, np.count_nonzero(finite < threshold))
    if lo is None:
        return summary, None
    if hi == lo:
        return summary, np.array([np.sum(finite < lo), np.sum(finite == lo)] + [0] * (bins - 1)
                                 + [np.sum(finite > lo)], dtype=float)
    inside = finite[(finite >= lo) & (finite <= hi)]
    b = np.minimum(np.floor((inside - lo) * (bins / (hi - lo))).astype(int), bins - 1)  # hi in the last bin
    hist = np.concatenate([[np.sum(finite < lo)], np.bincount(b, minlength=bins), [np.sum(finite > hi)]])
    return summary, hist.astype(float)


def _assert_same(got, want):
    (gs, gh), (ws, wh) = got, want
    n, nonfinite, mn, mx, mean, m2, below = gs
    assert (n, nonfinite, mn, mx, below) == (ws[0], ws[1], ws[2], ws[3], ws[6])
    assert mean == pytest.approx(ws[4], rel=1e-12, abs=1e-12)
    assert m2 == pytest.approx(ws[5], rel=1e-12, abs=1e-9)
    if wh is None:
        assert gh is None
    else:
        np.testing.assert_array_equal(gh, wh)


rng = np.random.default_rng(12)
CASES = {
    "empty": (np.zeros(0), 3),
    "one value": (np.array([2.5]), 1),
    "constant": (np.full(50, 7.0), 2),
    "all NaN": (np.full(9, np.nan), 4),
    "edges, outside, NaN, inf": (np.array([-3.0, -1.0, 0.0, 1.0, 2.5, 4.0, 4.0, 10.0, np.nan, np.inf, -np.inf, 0.5]), 5),
    "smooth grid row": (np.linspace(-2.0, 6.0, 1001), 1),
    "random": (rng.normal(1.0, 2.0, 5000), 3),
    "offset far from spread": (1e6 + rng.normal(0.0, 1e-3, 3000), 1),
}


@pytest.mark.parametrize("piece", [None, 1, 7, 64])
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("lo, hi", [(None, None), (-1.0, 4.0), (4.0, 4.0)])
def test_reduce_output_equals_a_direct_computation(monkeypatch, piece, case, lo, hi):
    if piece:
        monkeypatch.setattr(stats, "_PIECE", piece)
    v, w = CASES[case]
    if case == "offset far from spread" and lo is not None:
        lo, hi = (1e6 - 0.01, 1e6 + 0.01) if lo != hi else (1e6, 1e6)
    got = stats._reduce_output(v, w, 0.5, 5, lo, hi)
    want = _reference(v, w, 0.5, 5, lo, hi)
    _assert_same(got, want)


def test_reduce_output_on_bin_edges_puts_hi_in_the_last_bin():
    edges = np.linspace(0.0, 8.0, 9)  # exactly on the edges of 8 bins of width 1
    (_, hist) = stats._reduce_output(edges, 1, 0.0, 8, 0.0, 8.0)
    assert hist.tolist() == [0, 1, 1, 1, 1, 1, 1, 1, 2, 0]


def test_merged_moments_equal_those_of_the_union():
    parts = [rng.normal(5.0, 3.0, k) for k in (0, 1, 17, 400)]
    n, mean, m2 = stats._merge_moments([p.size for p in parts], [p.mean() if p.size else 0.0 for p in parts],
                                       [((p - p.mean()) ** 2).sum() if p.size else 0.0 for p in parts])
    allv = np.concatenate(parts)
    assert n == allv.size
    assert mean == pytest.approx(allv.mean(), rel=1e-14)
    assert m2 == pytest.approx(((allv - allv.mean()) ** 2).sum(), rel=1e-13)
    n0, mean0, m20 = stats._merge_moments([0.0], [0.0], [0.0])
    assert n0 == 0 and np.isnan(mean0) and m20 == 0


def test_reduce_chunks_keep_whole_the_axes_fewest_outputs_vary_along():
    # margin model on price x network x J/TH x power price: hashprice varies along price and
    # network, both costs per BTC along network, J/TH and power price, the margin along all
    varies = np.array([[1, 1, 0, 0], [0, 1, 1, 1], [0, 1, 1, 1], [1, 1, 1, 1]], dtype=bool)
    shape = (100, 100, 100, 100)
    chunks = _reduce_chunks(shape, 2**22, varies)
    assert chunks == (100, 4, 100, 100)

    def work(c):  # values reduced per block: distinct values of each output
        return sum(np.prod([ci for ci, v in zip(c, row) if v]) for row in varies)

    assert work(chunks) == 400 + 2 * 40_000 + 4_000_000 < work(grid_chunks(shape, 2**22)) == 6_000_400
    # no output structure: the C-order chunks of grid_chunks
    assert _reduce_chunks(shape, 2**22, np.ones((2, 4), bool)) == grid_chunks(shape, 2**22)
    assert _reduce_chunks((5, 7), 1, np.ones((1, 2), bool)) == (1, 1)
    assert _reduce_chunks((3, 4), 100, varies[:, :2]) == (3, 4)


def test_sweep_reduces_the_margin_model_in_blocks_shaped_by_its_outputs():
    """The whole path: the model's outputs vary along different axes; the reduction over
    blocks of every shape equals the reduction of the materialised grid."""
    axes = dict(btc_price_usd=np.linspace(40e3, 120e3, 11), network_hashrate_ehs=np.linspace(600, 1200, 7),
                efficiency_j_per_th=np.linspace(15, 38, 5), power_price_usd_per_kwh=np.linspace(0.03, 0.08, 6))
    mesh = np.meshgrid(*axes.values(), indexing="ij")
    full = mining_margin_model(*(m.ravel() for m in mesh))
    whole = sweep("margin", reduce=True, quantiles=(0.1, 0.5, 0.9), **axes)
    for cp in (1, 13, 100, 2_000):
        red = sweep("margin", reduce=True, quantiles=(0.1, 0.5, 0.9), chunk_points=cp, **axes)
        for k, v in full.items():
            r = red.loc[k]
            assert (r["count"], r["min"], r["max"]) == (v.size, v.min(), v.max())
            assert r["share_below"] == np.mean(v < 0)
            assert r["mean"] == pytest.approx(v.mean(), rel=1e-12)
            assert r["std"] == pytest.approx(v.std(), rel=1e-12)
        np.testing.assert_allclose(red[["q0.1", "q0.5", "q0.9"]], whole[["q0.1", "q0.5", "q0.9"]], rtol=1e-12)


@pytest.mark.parametrize("piece", [None, 1, 7, 64])
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("lo, hi", [(-1.0, 4.0), (4.0, 4.0), (0.0, 8.0)])
def test_histogram_only_pass_equals_a_direct_histogram(monkeypatch, piece, case, lo, hi):
    """The second quantile pass (moments=False) skips the moments: no summary, and the
    same histogram as the full pass and as np.bincount over every point."""
    if piece:
        monkeypatch.setattr(stats, "_PIECE", piece)
    v, w = CASES[case]
    summary, hist = stats._reduce_output(v, w, 0.5, 5, lo, hi, moments=False)
    assert summary is None
    np.testing.assert_array_equal(hist, _reference(v, w, 0.5, 5, lo, hi)[1])
    np.testing.assert_array_equal(hist, stats._reduce_output(v, w, 0.5, 5, lo, hi)[1])


def test_second_quantile_pass_computes_no_moments(monkeypatch, spike_sweep):
    """A quantile outside the estimated range takes a second pass over the exact
    [min, max]; that pass asks for histograms only, and the quantiles still bracket
    np.quantile's order statistics within one bin."""
    passes = []
    block_summary = stats._block_summary

    def spy(*args):
        passes.append(args[-1])  # moments
        return block_summary(*args)

    monkeypatch.setattr("minelib.sweep.engine._block_summary", spy)
    spike, axes = spike_sweep  # the range estimate misses the spike
    red = sweep(spike, reduce=True, quantiles=(0.0, 0.5, 1.0), chunk_points=1_000, **axes)
    n_blocks = len(passes) // 2
    assert passes == [True] * n_blocks + [False] * n_blocks and n_blocks == 5
    vals = spike(axes["a"][:, None], axes["b"][None, :]).ravel()
    r = red.loc["spike"]
    assert (r["count"], r["min"], r["max"], r["q0"], r["q1"]) == (vals.size, vals.min(), 1e9, vals.min(), 1e9)
    assert r["mean"] == pytest.approx(vals.mean(), rel=1e-12) and r["std"] == pytest.approx(vals.std(), rel=1e-12)
    lower, higher = np.quantile(vals, 0.5, method="lower"), np.quantile(vals, 0.5, method="higher")
    assert lower - r["quantile_resolution"] <= r["q0.5"] <= higher + r["quantile_resolution"]
