"""Hedging hashprice: payoffs by hand, the treasury with a hedge, the frontier.

Expected values are computed here independently: by hand from the settlement rules
(Luxor's seller settlement ``[unit hashprice - settlement rate] x PH/s`` each day), from the
cost-of-carry forward ``S e^{rt}``, or from the treasury's rules with the hedge's cash.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from minelib import hedging
from minelib.hedging import (
    best_hedge_ratio,
    btc_forward_price_usd,
    btc_forward_settlement_paths_usd,
    btc_forward_settlement_usd,
    forward_hashprice_curve,
    hashprice_swap_settlement_usd,
    hedge_frontier,
    hedge_summary,
    hedged_miner_paths,
    swap_settlement_paths_usd,
)
from minelib.montecarlo import prob_treasury_depletion, run_monte_carlo
from minelib.treasury import STATE_COLUMNS

#: A network that does not move: no drift, no volatility, no dip; no halving within a year of 2026.
STILL = dict(start_height=935_000, network_hashrate_ehs=900.0, hashrate_drift_per_year=0.0,
             hashrate_volatility_per_year=0.0, halving_drop=(0.0, 0.0))


def _miner(n_paths=200, *, price_volatility_per_year=0.6, network_kwargs=None, **kw):
    kw = dict(dict(miner_hashrate_ehs=20.0, efficiency_j_per_th=20.0, power_price_usd_per_kwh=0.05,
                   other_cash_costs_usd_per_month=3e6, start_treasury_btc=300.0), **kw)
    return run_monte_carlo(n_paths, seed=11, start="2026-02-01", n_months=12, price0_usd=70_000.0,
                           price_volatility_per_year=price_volatility_per_year,
                           network_kwargs=network_kwargs or STILL, **kw)


# --------------------------------------------------------------------------- payoffs by hand
def test_swap_pays_nothing_when_fixed_equals_floating():
    assert hashprice_swap_settlement_usd(40.0, 40.0, 250.0, 31.0) == 0.0


def test_swap_payoff_on_a_three_month_toy_path_by_hand():
    # 10 PH/s sold at $45/PH/day; the index averages $40, $50, $45 over 31, 28, 31 days:
    # (45-40)*10*31 = 1,550; (45-50)*10*28 = -1,400; 0
    out = hashprice_swap_settlement_usd(45.0, np.array([40.0, 50.0, 45.0]), 10.0, np.array([31.0, 28.0, 31.0]))
    np.testing.assert_allclose(out, [1550.0, -1400.0, 0.0])


def test_btc_forward_at_the_realised_price_pays_nothing():
    assert btc_forward_settlement_usd(63_500.0, 63_500.0, 120.0) == 0.0
    # and below it the seller receives the difference on each BTC: 50 x 12,000
    assert btc_forward_settlement_usd(72_000.0, 60_000.0, 50.0) == 600_000.0


def test_cost_of_carry_forward_by_hand():
    # 70,000 x e^(0.05 x 0.5) = 70,000 x 1.0253151 = 71,772.06
    assert btc_forward_price_usd(70_000.0, 0.5, 0.05) == pytest.approx(70_000.0 * math.exp(0.025))
    assert btc_forward_price_usd(70_000.0, 0.0, 0.05) == 70_000.0


@pytest.mark.parametrize("func, args", [
    (hashprice_swap_settlement_usd, (45.0, 40.0, 10.0, 30.0)),
    (btc_forward_price_usd, (70_000.0, 0.5, 0.05)),
    (btc_forward_settlement_usd, (72_000.0, 60_000.0, 50.0)),
])
def test_three_return_kinds(func, args):
    scalar = func(*args)
    assert isinstance(scalar, float)
    index = pd.Index(["a", "b", "c"])
    for i in range(len(args)):
        arr = func(*[np.full(3, a) if j == i else a for j, a in enumerate(args)])
        assert isinstance(arr, np.ndarray) and arr.shape == (3,)
        np.testing.assert_allclose(arr, scalar)
        ser = func(*[pd.Series([a] * 3, index=index) if j == i else a for j, a in enumerate(args)])
        assert isinstance(ser, pd.Series) and ser.index.equals(index)
    assert func.__minelib_vectorized__


@pytest.mark.parametrize("call, match", [
    (lambda: hashprice_swap_settlement_usd(45.0, -1.0, 10.0, 30.0), r"^floating_usd_per_ph_day=-1\.0"),
    (lambda: hashprice_swap_settlement_usd(45.0, 40.0, -10.0, 30.0), r"^hedged_phs="),
    (lambda: btc_forward_price_usd(70_000.0, 1.0, 5.0), r"^rate_per_year=5\.0"),
    (lambda: btc_forward_settlement_usd(72_000.0, 0.0, 1.0), r"^btc_price_usd=0\.0"),
    (lambda: hashprice_swap_settlement_usd([45.0, 46.0], [40.0, 41.0, 42.0], 1.0, 30.0),
     "fixed_usd_per_ph_day has shape"),
])
def test_bad_inputs_name_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------- on the paths
def test_forward_curve_of_a_still_world_has_no_band_and_takes_market_quotes():
    res = _miner(5, price_volatility_per_year=0.0)
    curve = forward_hashprice_curve(res, market_forward_usd_per_ph_day=[30.0, 31.0])
    # no randomness: every path is the mean path, so the bands collapse onto the mean
    np.testing.assert_allclose(curve["p05_usd_per_ph_day"], curve["mean_usd_per_ph_day"])
    np.testing.assert_allclose(curve["p95_btc_per_ph_day"], curve["mean_btc_per_ph_day"])
    # USD = BTC hashprice x the month-end price (70,000 throughout)
    np.testing.assert_allclose(curve["mean_usd_per_ph_day"], curve["mean_btc_per_ph_day"] * 70_000.0)
    assert list(curve["forward_usd_per_ph_day"][:2]) == [30.0, 31.0]
    np.testing.assert_allclose(curve["forward_usd_per_ph_day"][2:], curve["mean_usd_per_ph_day"][2:])
    assert list(curve["forward_source"][:3]) == ["market quote", "market quote", "model expectation"]


def test_forward_curve_refuses_bad_quotes():
    res = _miner(5)
    with pytest.raises(ValueError, match="market_forward_usd_per_ph_day"):
        forward_hashprice_curve(res, market_forward_usd_per_ph_day=[40.0, -1.0])
    with pytest.raises(ValueError, match="1 to 12 monthly"):
        forward_hashprice_curve(res, market_forward_usd_per_ph_day=[40.0] * 13)


def test_swap_struck_at_a_constant_hashprice_pays_zero_on_every_path():
    res = _miner(20, price_volatility_per_year=0.0)
    h_usd = res.network.hashprice_btc_per_ph_day * res.price_usd
    assert np.ptp(h_usd[:, 0]) / h_usd[0, 0] < 0.02  # a still network: hashprice nearly constant
    out = swap_settlement_paths_usd(res, 1.0, h_usd[:, 0], tenor_months=12)
    np.testing.assert_allclose(out, 0.0, atol=1e-6)


def test_swap_on_paths_by_hand_and_zero_after_the_tenor():
    res = _miner(3)
    out = swap_settlement_paths_usd(res, 0.25, 40.0, tenor_months=4)
    phs = 0.25 * 20.0 * 1000.0  # a quarter of 20 EH/s, in PH/s
    days = np.diff(res.network.month_edges_days)
    h_usd = res.network.hashprice_btc_per_ph_day * res.price_usd
    np.testing.assert_allclose(out[:4], (40.0 - h_usd[:4]) * phs * days[:4, None])
    assert (out[4:] == 0.0).all()


def test_full_swap_at_the_path_mean_removes_the_margin_variance():
    # 100 % capture and no pool fee: revenue per PH/s is the index itself, so a full hedge
    # leaves margin = PH/s x days x fixed - cash cost, the same on every path
    res = _miner(300, operational_efficiency=1.0)
    h_usd = res.network.hashprice_btc_per_ph_day * res.price_usd
    fixed = h_usd.mean(axis=1)
    x = swap_settlement_paths_usd(res, 1.0, fixed, tenor_months=12)
    unhedged = res.revenue_usd - res.fiat_costs_usd
    hedged = unhedged + x
    assert unhedged.std(axis=1).min() > 1e5
    assert hedged.std(axis=1).max() < 1e-6 * np.abs(hedged).max()


def test_btc_forward_at_the_realised_prices_pays_nothing_on_paths():
    res = _miner(1)
    out = btc_forward_settlement_paths_usd(res, 1.0, res.price_usd[:, 0], tenor_months=12)
    np.testing.assert_allclose(out, 0.0, atol=1e-6)


def test_btc_forward_sells_the_expected_production():
    res = _miner(50)
    out = btc_forward_settlement_paths_usd(res, 0.5, 80_000.0, tenor_months=3)
    q = 0.5 * res.production_btc.mean(axis=1)
    np.testing.assert_allclose(out[:3], q[:3, None] * (80_000.0 - res.price_usd[:3]))
    assert (out[3:] == 0.0).all()


def test_a_forward_settles_on_paths_whose_price_passes_the_plausible_5m():
    """Over ten years a 60 % volatility takes some paths past the plausible $5M a BTC (the
    range that catches a price in cents): the paths' prices are the model's, and a
    one-year forward on them used to stop with "btc_price_usd ... looks like US cents"."""
    from minelib.montecarlo import simulate_miner_paths, simulate_network

    net = simulate_network(1, start="2026-02-01", n_months=24, seed=0, **STILL)
    price = np.r_[np.full(12, 70_000.0), np.geomspace(1e6, 9e6, 12)]  # a tail path's second year
    res = simulate_miner_paths(net, price, 20.0)
    out = btc_forward_settlement_paths_usd(res, 0.5, 80_000.0, tenor_months=12)
    q = 0.5 * res.production_btc[:12, 0]
    np.testing.assert_allclose(out[:12, 0], q * (80_000.0 - 70_000.0), rtol=1e-12)
    assert (out[12:] == 0.0).all()


@pytest.mark.parametrize("policy, extra", [("sell_to_cover", {}), ("sell_all", {}), ("hold", {}),
                                           ("fixed_fraction", {"sell_fraction": 0.4}),
                                           ("fixed_fraction", {"sell_fraction": np.linspace(0.1, 0.9, 12)})])
def test_hedge_ratio_zero_reproduces_the_unhedged_treasury_exactly(policy, extra):
    res = _miner(100, policy=policy, start_cash_usd=2e6, **extra)
    zero = swap_settlement_paths_usd(res, 0.0, 40.0, tenor_months=12)
    same = hedged_miner_paths(res, zero)
    for k in STATE_COLUMNS:
        assert np.array_equal(same.treasury[k], res.treasury[k]), k
    assert prob_treasury_depletion(same, 12) == prob_treasury_depletion(res, 12)


def test_settlement_that_pays_the_costs_leaves_the_production_in_the_treasury():
    # a hedge paying exactly the cash cost each month: sell_to_cover sells nothing, so the
    # treasury is the start plus the cumulative production, and cash stays 0
    res = _miner(30, price_volatility_per_year=0.8, other_cash_costs_usd_per_month=40e6)
    hedged = hedged_miner_paths(res, res.fiat_costs_usd)
    np.testing.assert_allclose(hedged.treasury["treasury_btc"], 300.0 + np.cumsum(res.production_btc, axis=0))
    assert (hedged.treasury["cash_usd"] == 0.0).all()
    assert (hedged.treasury["external_funding_usd"] == 0.0).all()
    # without it these costs empty the treasury on some paths
    assert prob_treasury_depletion(res, 12) > 0.0


def test_a_surplus_settlement_is_kept_as_cash_and_pays_later_costs():
    res = _miner(4, price_volatility_per_year=0.0)
    x = np.zeros_like(res.fiat_costs_usd)
    x[0] = res.fiat_costs_usd[0] + res.fiat_costs_usd[1]  # month 1 receives two months' costs
    hedged = hedged_miner_paths(res, x)
    np.testing.assert_allclose(hedged.treasury["cash_usd"][0], res.fiat_costs_usd[1])
    np.testing.assert_allclose(hedged.treasury["cash_usd"][1], 0.0, atol=1e-6)
    # nothing sold in the first two months: the treasury grew by their production
    np.testing.assert_allclose(hedged.treasury["treasury_btc"][1], 300.0 + res.production_btc[:2].sum(axis=0))


def test_summary_and_frontier():
    # a positive expected margin and a small treasury: price paths that fall empty it
    res = _miner(300, operational_efficiency=1.0, start_treasury_btc=30.0)
    base = hedge_summary(res, 0.0, within_months=12)
    assert base["p_depleted"] == prob_treasury_depletion(res, 12)
    margin = (res.revenue_usd - res.fiat_costs_usd).sum(axis=0)
    assert base["margin_p05_usd"] == pytest.approx(np.quantile(margin, 0.05))
    f = hedge_frontier(res, [0.25, 0.5, 0.75, 1.0])
    assert list(f.index) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert f.loc[0.0, "cost_btc"] == 0.0
    assert f.loc[0.0, "p_depleted"] == base["p_depleted"]
    # selling hashprice forward at the model's expectation narrows the margin's spread
    assert f["margin_sd_usd"].is_monotonic_decreasing
    # a full swap at the expected hashprice fixes each month's margin at q d F_t - C_t, > 0
    # here in every month (the forward is flat on a still network), so no path runs dry
    fixed = forward_hashprice_curve(res)["mean_usd_per_ph_day"].to_numpy()
    days = np.diff(res.network.month_edges_days)
    assert (20_000.0 * days * fixed - res.fiat_costs_usd[:, 0] > 0).all()
    assert f.loc[0.0, "p_depleted"] > 0.05
    assert f.loc[1.0, "p_depleted"] == 0.0
    g = hedge_frontier(res, [0.5], instrument="btc_forward")
    assert g.loc[0.0, "btc_equivalent_mean"] == f.loc[0.0, "btc_equivalent_mean"]


@pytest.mark.parametrize("instrument", ["hashprice_swap", "btc_forward"])
def test_frontier_scales_the_full_hedge_and_equals_the_ratio_by_ratio_computation(monkeypatch, instrument):
    """hedge_frontier computes the settlement of the full hedge once and scales it by each
    ratio: both settlements are linear in the ratio. h x settlement(1) equals settlement(h)
    to rounding (rtol 1e-12: the ratio multiplies at another place in the product), and
    the frontier equals the old one, one settlement computation per ratio."""
    res = _miner(300, network_kwargs=dict(STILL, hashrate_volatility_per_year=0.3), price_volatility_per_year=0.8)
    settle, price = {
        "hashprice_swap": (swap_settlement_paths_usd, forward_hashprice_curve(res)["forward_usd_per_ph_day"].to_numpy()),
        "btc_forward": (btc_forward_settlement_paths_usd, res.price_usd.mean(axis=1)),
    }[instrument]
    ratios = np.unique(np.r_[np.linspace(0.0, 1.0, 11), 1 / 3, 2 / 3, 0.07])
    full = settle(res, 1.0, price, 9)
    assert (full != 0).any()
    by_ratio = {float(h): settle(res, h, price, 9) for h in ratios}  # each ratio's settlement on its own
    for h, x in by_ratio.items():
        np.testing.assert_allclose(h * full, x, rtol=1e-12, atol=0)
    # the old frontier: one settlement computation per ratio
    old = pd.DataFrame({h: hedge_summary(res, x, 12) for h, x in by_ratio.items()}).T
    old["cost_btc"] = old.loc[0.0, "btc_equivalent_mean"] - old["btc_equivalent_mean"]
    calls = []
    monkeypatch.setattr(hedging, settle.__name__, lambda *a, **k: calls.append(a[1]) or settle(*a, **k))
    kw = {"hashprice_swap": dict(fixed_usd_per_ph_day=price), "btc_forward": dict(forward_price_usd=price)}[instrument]
    new = hedge_frontier(res, ratios, instrument=instrument, tenor_months=9, **kw)
    assert calls == [1.0]  # once, for the full hedge (it was once per ratio)
    assert list(new.index) == list(old.index) and list(new.columns) == list(old.columns)
    assert new["p_depleted"].equals(old["p_depleted"])
    # differences of nearly equal numbers (a mean settlement of ~0 USD, a cost near 0 BTC)
    # are compared on the scale of what they are differences of
    scale = {"settlement_mean_usd": np.abs(full).sum(axis=0).mean(), "cost_btc": old["btc_equivalent_mean"].abs().max()}
    for col in old.columns:
        np.testing.assert_allclose(new[col], old[col], rtol=1e-12, atol=1e-12 * scale.get(col, 0.0), err_msg=col)


def test_frontier_checks_the_settlement_and_the_policy_once_not_per_ratio(monkeypatch):
    """Each ratio went through the public hedged_miner_paths, which checked the settlement
    array and the treasury policy again; they are checked once, for the full hedge. Each
    row is still hedge_summary of h times the full hedge, bit for bit."""
    res = _miner(100)
    full = swap_settlement_paths_usd(res, 1.0, forward_hashprice_curve(res)["forward_usd_per_ph_day"].to_numpy(), 12)
    ratios = [0.0, 0.2, 0.5, 1.0]
    expected = {h: hedge_summary(res, h * full, 12) for h in ratios}
    checked = []
    check_array, check_policy = hedging.check_array, hedging._check_policy_args
    monkeypatch.setattr(hedging, "check_array", lambda name, *a, **k: checked.append(name) or check_array(name, *a, **k))
    monkeypatch.setattr(hedging, "_check_policy_args", lambda *a: checked.append("policy") or check_policy(*a))
    f = hedge_frontier(res, ratios[1:])
    assert checked.count("settlement_usd") == 1 and checked.count("policy") == 1
    for h, row in expected.items():
        assert f.loc[h].drop("cost_btc").equals(row)


def test_best_hedge_ratio_within_a_budget():
    f = pd.DataFrame({"p_depleted": [0.30, 0.12, 0.12, 0.05], "cost_btc": [0.0, 4.0, 3.0, 20.0]},
                     index=pd.Index([0.0, 0.25, 0.5, 1.0], name="hedge_ratio"))
    assert best_hedge_ratio(f, 10.0) == 0.5  # tie on p_depleted: the cheaper one
    assert best_hedge_ratio(f, 100.0) == 1.0
    assert best_hedge_ratio(f, 0.0) == 0.0
    with pytest.raises(ValueError, match="max_cost_btc=-1.0"):
        best_hedge_ratio(f, -1.0)


@pytest.mark.parametrize("call, match", [
    (lambda r: swap_settlement_paths_usd(r, 1.5, 40.0), r"^hedge_ratio=1\.5"),
    (lambda r: swap_settlement_paths_usd(r, 0.5, [40.0, 41.0], tenor_months=3), "the tenor of 3 months"),
    (lambda r: swap_settlement_paths_usd(r, 0.5, 40.0, tenor_months=13), r"^tenor_months=13"),
    (lambda r: hedged_miner_paths(r, np.zeros((3, 2))), "does not broadcast"),
    (lambda r: hedged_miner_paths(r, np.nan), "settlement_usd"),
    (lambda r: hedge_frontier(r, [0.5], instrument="option"), "instrument"),
    (lambda r: forward_hashprice_curve("paths"), "MinerPaths"),
])
def test_path_functions_refuse_bad_inputs(call, match):
    res = _miner(5)
    with pytest.raises(ValueError, match=match):
        call(res)


def test_module_says_the_forward_is_a_model_expectation():
    assert "model expectation, not a market quote" in " ".join(hedging.__doc__.split())
    assert "not a market quote" in " ".join(forward_hashprice_curve.__doc__.split())


def test_external_funding_is_what_a_dry_treasury_left_unpaid():
    # at a constant price, when every month's bills exceed what the miner has, all BTC is
    # sold and the rest is external funding: total cash costs - (start + mined) x price
    res = _miner(3, price_volatility_per_year=0.0, other_cash_costs_usd_per_month=60e6, start_treasury_btc=10.0)
    s = hedge_summary(res, 0.0, within_months=12)
    assert s["p_depleted"] == 1.0 and s["btc_held_mean"] == 0.0
    expected = res.fiat_costs_usd.sum(axis=0) - (10.0 + res.production_btc.sum(axis=0)) * 70_000.0
    assert s["external_funding_mean_usd"] == pytest.approx(expected.mean())
