"""Tests for minelib.sweep: the NumPy path, the chunked reduce path, Dask on a local
cluster (numbers equal the NumPy path), and input validation."""

import numpy as np
import pandas as pd
import pytest

import minelib as ml
from minelib.fleet import mining_margin_model
from minelib.sweep import grid_chunks, sweep

GRID = dict(
    btc_price_usd=np.linspace(40_000, 120_000, 9),
    network_hashrate_ehs=np.array([600.0, 900.0, 1_200.0]),
    efficiency_j_per_th=np.array([15.0, 22.0, 30.0, 38.0]),
    power_price_usd_per_kwh=np.array([0.03, 0.05, 0.08]),
    uptime=np.array([0.9, 1.0]),
    useful_life_years=np.array([3.0, 5.0]),
)
N = 9 * 3 * 4 * 3 * 2 * 2


def _direct():
    """The grid by hand: meshgrid + the model on flat arrays (C order)."""
    mesh = np.meshgrid(*GRID.values(), indexing="ij")
    flat = {k: m.ravel() for k, m in zip(GRID, mesh)}
    return flat, mining_margin_model(**flat)


def test_numpy_table_matches_direct_evaluation():
    df = sweep("margin", **GRID)
    assert len(df) == N
    assert list(df.columns[:6]) == list(GRID)
    flat, out = _direct()
    for k in GRID:
        np.testing.assert_array_equal(df[k].to_numpy(), flat[k])
    for k, v in out.items():
        np.testing.assert_allclose(df[k].to_numpy(), v, rtol=1e-14)


def test_minelib_function_by_name_and_constants():
    df = sweep("hashprice_usd_per_ph_day", btc_price_usd=[60_000.0, 90_000.0],
               network_hashrate_ehs=[800.0, 1_000.0], block_subsidy_btc=3.125)
    np.testing.assert_allclose(
        df["hashprice_usd_per_ph_day"],
        ml.hashprice_usd_per_ph_day(df["btc_price_usd"].to_numpy(), df["network_hashrate_ehs"].to_numpy(), 3.125),
    )
    assert df.attrs["constants"] == {"block_subsidy_btc": 3.125}


def test_callable_returning_tuple_and_outputs_selection():
    df = sweep(lambda a, b: (a + b, a * b), a=[1.0, 2.0], b=[10.0, 20.0, 30.0])
    assert df.shape == (6, 4)
    df2 = sweep("margin", outputs=["margin_usd_per_ph_day"], **GRID)
    assert list(df2.columns) == list(GRID) + ["margin_usd_per_ph_day"]


def _check_reduction(r, values, threshold=0.0):
    assert r["count"] == values.size
    assert r["min"] == values.min() and r["max"] == values.max()
    assert r["mean"] == pytest.approx(values.mean(), rel=1e-12, abs=1e-12)
    assert r["std"] == pytest.approx(values.std(), rel=1e-10)
    assert r["share_below"] == pytest.approx(np.mean(values < threshold))
    w = r["quantile_resolution"] * 1.0001 + 1e-9
    for q in (0.05, 0.5, 0.95):
        # within one bin of the order statistics that bracket the rank
        lo, hi = np.quantile(values, q, method="lower"), np.quantile(values, q, method="higher")
        assert lo - w <= r[f"q{q:g}"] <= hi + w


def test_numpy_reduce_equals_numpy_reductions():
    _, out = _direct()
    red = sweep("margin", reduce=True, quantiles=(0.05, 0.5, 0.95), chunk_points=97, **GRID)
    assert red.attrs["engine"] == "numpy" and red.attrs["n_points"] == N
    for k, v in out.items():
        _check_reduction(red.loc[k], v)
    # chunking does not change the numbers
    red2 = sweep("margin", reduce=True, quantiles=(0.05, 0.5, 0.95), chunk_points=10_000, **GRID)
    pd.testing.assert_frame_equal(red[["count", "min", "max", "share_below"]], red2[["count", "min", "max", "share_below"]])
    np.testing.assert_allclose(red[["mean", "std"]], red2[["mean", "std"]], rtol=1e-12)


def test_threshold_share():
    _, out = _direct()
    red = sweep("margin", reduce=True, quantiles=(), threshold=10.0, **GRID)
    assert red.loc["margin_usd_per_ph_day", "share_below"] == pytest.approx(np.mean(out["margin_usd_per_ph_day"] < 10))
    assert "q0.5" not in red.columns


def test_over_budget_goes_chunked_and_tables_are_refused():
    red = sweep("margin", reduce=True, memory_budget_bytes=1_000, chunk_points=200, **GRID)
    assert red.attrs["engine"] == "dask"  # local threads
    ref = sweep("margin", reduce=True, chunk_points=200, **GRID)
    pd.testing.assert_frame_equal(red, ref)
    with pytest.raises(ValueError, match="memory_budget_bytes"):
        sweep("margin", memory_budget_bytes=1_000, **GRID)


def test_grid_chunks():
    assert grid_chunks((1000, 1000, 1000), 10_000_000) == (10, 1000, 1000)
    assert grid_chunks((3, 4), 100) == (3, 4)
    assert grid_chunks((5, 7), 1) == (1, 1)
    with pytest.raises(ValueError, match="chunk_points"):
        grid_chunks((3,), 0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(btc_price_usd=[1.0, np.nan]), "btc_price_usd"),
        (dict(btc_price_usd=[-1.0, 2.0]), "btc_price_usd"),  # the model's range, named
        (dict(efficiency_j_per_th=[0.0]), "efficiency_j_per_th"),
        (dict(uptime=[0.5, 1.2]), "uptime"),
        (dict(btc_price_usd="cheap"), "btc_price_usd"),
        (dict(btc_price_usd=[]), "btc_price_usd"),
        (dict(btc_price_usd=[[1.0, 2.0]]), "btc_price_usd"),
        (dict(hash_price=[1.0]), "hash_price"),  # not an argument of the model
    ],
)
def test_bad_inputs_name_the_parameter(kwargs, match):
    args = dict(btc_price_usd=[50_000.0, 60_000.0], network_hashrate_ehs=[800.0],
                efficiency_j_per_th=[20.0], power_price_usd_per_kwh=[0.05])
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        sweep("margin", **args)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(quantiles=(1.5,)), "quantiles"),
        (dict(chunk_points=0), "chunk_points"),
        (dict(memory_budget_bytes=-1), "memory_budget_bytes"),
        (dict(scheduler="nowhere"), "scheduler"),
        (dict(scheduler=42), "scheduler"),
        (dict(reduce="yes"), "reduce"),
        (dict(outputs=["profit"]), "outputs"),
        (dict(quantile_bins=2), "quantile_bins"),
    ],
)
def test_bad_options_name_the_option(kwargs, match):
    with pytest.raises(ValueError, match=match):
        sweep("margin", btc_price_usd=[50_000.0], network_hashrate_ehs=[800.0], efficiency_j_per_th=[20.0],
              power_price_usd_per_kwh=[0.05], **kwargs)


def test_bad_model():
    with pytest.raises(ValueError, match="func_or_model"):
        sweep("no_such_model", a=[1.0])
    with pytest.raises(ValueError, match="at least one"):
        sweep("margin")


def test_a_missing_model_argument_is_named():
    # was a TypeError of the model function ("missing 1 required positional argument")
    with pytest.raises(ValueError, match=r"'mining_margin_model' needs \['power_price_usd_per_kwh'\]"):
        sweep("margin", btc_price_usd=[50_000.0, 60_000.0], network_hashrate_ehs=[800.0], efficiency_j_per_th=20.0)


# ------------------------------------------------------------------ Dask on a local cluster
@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    cluster = client = None
    try:
        cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                           host="127.0.0.1", dashboard_address=":0")
        client = distributed.Client(cluster)
        yield client
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def test_dask_table_equals_numpy(client):
    ref = sweep("margin", **GRID)
    got = sweep("margin", scheduler=client, chunk_points=50, **GRID)
    pd.testing.assert_frame_equal(got, ref)


def test_dask_reduce_equals_numpy_reduce(client):
    ref = sweep("margin", reduce=True, chunk_points=50, **GRID)
    got = sweep("margin", reduce=True, scheduler=client, chunk_points=50, **GRID)
    assert got.attrs["engine"] == "dask"
    pd.testing.assert_frame_equal(got, ref)
    _, out = _direct()
    for k, v in out.items():
        _check_reduction(got.loc[k], v)


def test_dask_by_address(client):
    addr = client.scheduler.address
    assert addr.startswith("tcp://127.0.0.1")
    ref = sweep("margin", reduce=True, quantiles=(0.5,), chunk_points=100, **GRID)
    got = sweep("margin", reduce=True, quantiles=(0.5,), scheduler=addr, chunk_points=100, **GRID)
    pd.testing.assert_frame_equal(got, ref)


def test_dask_second_quantile_pass_equals_numpy(client, spike_sweep):
    """The histogram-only second pass (a quantile outside the estimated range) on Dask
    tasks gives the NumPy path's table exactly."""
    spike, axes = spike_sweep
    ref = sweep(spike, reduce=True, quantiles=(0.0, 0.5, 1.0), chunk_points=700, **axes)
    got = sweep(spike, reduce=True, quantiles=(0.0, 0.5, 1.0), scheduler=client, chunk_points=700, **axes)
    pd.testing.assert_frame_equal(got, ref)
    assert got.loc["spike", "quantile_resolution"] == 1e9 / 4096  # the exact [min, max] = [0, 1e9]: second pass


def test_dask_validates_before_sending_work(client):
    with pytest.raises(ValueError, match="power_price_usd_per_kwh"):
        sweep("margin", reduce=True, scheduler=client, btc_price_usd=[50_000.0], network_hashrate_ehs=[800.0],
              efficiency_j_per_th=[20.0], power_price_usd_per_kwh=[0.05, -0.01])


@pytest.mark.parametrize("piece", [None, 7])  # one piece per block, and many small ones
def test_block_statistics_of_a_broadcast_output_equal_those_of_its_copy(monkeypatch, piece):
    """An output broadcast over axes it does not depend on is reduced from its distinct
    values, counts scaled by the repeats: the same numbers as reducing every point."""
    from minelib.sweep import stats

    if piece:
        monkeypatch.setattr(stats, "_PIECE", piece)
    small = np.array([[-3.0], [0.0], [1.0], [2.5], [4.0], [np.nan], [10.0]])  # depends on axis 0 only
    view = np.broadcast_to(small, (7, 5))
    lo, hi = np.array([-1.0]), np.array([4.0])  # -3 below, 10 above, 4.0 on the top edge
    got, got_hist = stats._block_reduce({"y": view}, 0.5, 5, lo, hi)
    want, want_hist = stats._block_reduce({"y": np.array(view)}, 0.5, 5, lo, hi)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    np.testing.assert_array_equal(got_hist, want_hist)
    finite = small[np.isfinite(small)].repeat(5)
    n, nonfinite, mn, mx, mean, m2, below = got[0]
    assert (n, nonfinite, mn, mx, below) == (30, 5, -3.0, 10.0, 10)
    assert mean == pytest.approx(finite.mean()) and m2 == pytest.approx(((finite - finite.mean()) ** 2).sum())
    # [below, 5 bins of width 1 over [-1, 4], above]: 0, 1 and 2.5 in the 2nd, 3rd and 4th bins, 4.0 in the last
    assert got_hist[0].tolist() == [5, 0, 5, 5, 5, 5, 5]
