"""Tests of minelib.investment: every expected value is computed here, by hand or from the protocol."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from minelib.investment import (
    MachineCashFlows,
    Operation,
    compare_machines,
    investment_summary,
    irr_per_year,
    machine_cash_flows,
    network_scenario,
    npv_usd,
    price_scenario_usd,
    resale_value_usd,
    retire_or_keep,
)
from minelib.montecarlo import NetworkPaths, gbm_price_paths, simulate_network
from minelib.protocol import STEADY_BLOCK_TIME_S, expected_halving_date

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "difficulty_epochs.csv"

TWO_32 = 4294967296.0


def hashprice_by_hand(difficulty, reward_btc):
    """BTC that 1 PH/s earns per day: 86,400 s x 10^15 H/s / (D 2^32) hashes per block x reward."""
    return 86400.0 * 1e15 / (difficulty * TWO_32) * reward_btc


def flat_network(hashprice_btc_per_ph_day, days_per_month=365.25 / 12, start="2030-01-01"):
    """A network of given monthly hashprices [BTC/PH/day] (rows: months, columns: paths) and equal months."""
    hp = np.atleast_2d(np.asarray(hashprice_btc_per_ph_day, dtype=float))
    if hp.shape[0] == 1 and np.ndim(hashprice_btc_per_ph_day) == 1:
        hp = hp.T
    n = hp.shape[0]
    edges = np.arange(n + 1) * days_per_month
    return NetworkPaths(
        months=pd.period_range(start, periods=n, freq="M"), start=pd.Timestamp(start), month_edges_days=edges,
        btc_per_ehs_month=hp * 1000.0 * days_per_month, blocks=np.zeros_like(hp), network_hashrate_ehs=np.zeros_like(hp),
        difficulty=np.zeros_like(hp), halving_days=np.zeros((0, hp.shape[1])), halving_heights=np.zeros(0, dtype=np.int64),
        epoch_start_height=np.zeros(0, dtype=np.int64),
    )


# --------------------------------------------------------------------------- closed forms
def test_zero_rate_npv_is_days_times_daily_margin_less_capex():
    # difficulty 1.2e14, subsidy 3.125 + fees 0.05, $80,000: 1 PH/s earns this per day
    hp_btc = hashprice_by_hand(1.2e14, 3.175)
    price = 80_000.0
    n, month_days = 36, 365.25 / 12  # three years, no halving in them by construction
    net = flat_network(np.full(n, hp_btc), month_days)
    op = Operation(power_price_usd_per_kwh=0.06, pue=1.08, pool_fee=0.02, uptime=0.95, other_cash_cost_usd_per_kw_month=4.0)
    flows = machine_cash_flows(net, price, 234.0, 15.0, 4_000.0, op, sell_at_end=False)
    # by hand: 0.234 PH/s; revenue = price x hashprice x 0.98 x 0.95; wall power 15 x 1.08 kW per PH/s
    daily_revenue = 0.234 * price * hp_btc * 0.98 * 0.95
    daily_power = 0.234 * 24 * 15 * 1.08 * 0.06 * 0.95
    daily_other = 0.234 * 15 * 1.08 * 4.0 * 0.95 * 12 / 365.25
    days = n * month_days
    expected = days * (daily_revenue - daily_power - daily_other) - 4_000.0
    assert flows.npv_usd(0.0)[0] == pytest.approx(expected, rel=1e-12)
    assert flows.running.all()


def test_npv_with_a_rate_is_the_annuity_formula():
    hp_btc = hashprice_by_hand(1.5e14, 3.125)
    n = 48
    net = flat_network(np.full(n, hp_btc))
    op = Operation(0.05)
    flows = machine_cash_flows(net, 70_000.0, 200.0, 17.5, 3_500.0, op, sell_at_end=False)
    monthly_cash = 0.2 * (70_000.0 * hp_btc - 24 * 17.5 * 0.05) * 365.25 / 12
    r = 0.15
    i = 1.15 ** (1 / 12) - 1  # the monthly rate of 15 % a year
    annuity = monthly_cash * (1 - (1 + i) ** -n) / i
    assert flows.npv_usd(r)[0] == pytest.approx(annuity - 3_500.0, rel=1e-10)


def test_month_crossing_the_halving_is_piecewise():
    # Block 1,050,000 lies in the epoch 1,048,320 .. 1,050,335 (1,050,000 - 520 x 2016 = 1,680).
    # From height 1,049,700 the halving is 300 blocks away and the retarget 636 blocks away; at a
    # hashrate that finds a block every 1,200 s the 7 days to 1 April (504 blocks) hold the halving
    # and no retarget, whichever interval count the retarget uses.
    d = 1.5e14
    block_s = 1200.0
    h_ehs = d * TWO_32 / block_s / 1e18
    net = network_scenario("2028-03-25", 1, 1_049_700, d, network_hashrate_ehs=h_ehs, fees_per_block_btc=0.02)
    t_halving = 300 * block_s
    t_month = 7 * 86400.0
    btc_per_ph = 1e15 / (d * TWO_32) * (t_halving * (3.125 + 0.02) + (t_month - t_halving) * (1.5625 + 0.02))
    assert net.halving_days[0, 0] * 86400 == pytest.approx(t_halving, rel=1e-12)
    flows = machine_cash_flows(net, 150_000.0, 500.0, 12.0, 0.0, Operation(0.02, pool_fee=0.01), sell_at_end=False)
    assert flows.btc_mined[0, 0] == pytest.approx(0.5 * btc_per_ph * 0.99, rel=1e-10)
    revenue = 150_000.0 * 0.5 * btc_per_ph * 0.99
    power = 0.5 * 24 * 12.0 * 0.02 * 7
    assert flows.npv_usd(0.0)[0] == pytest.approx(revenue - power, rel=1e-10)


def test_month_hashprice_is_luxor_hashprice_within_an_epoch():
    from minelib.revenue import hashprice_btc_per_ph_day_from_difficulty

    # 935,424 = 464 x 2016 starts an epoch: 2016 blocks (~14 days) at one difficulty from 20 Feb
    net = network_scenario("2026-02-20", 1, 935_424, 125.86e12, fees_per_block_btc=0.025)
    flows = machine_cash_flows(net, 71_091.0, 200.0, 17.5, 0.0, Operation(0.05), sell_at_end=False)
    expected = 71_091.0 * hashprice_btc_per_ph_day_from_difficulty(125.86e12, 3.125, 0.025)
    assert flows.hashprice_usd_per_ph_day[0, 0] == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(71_091.0 * hashprice_by_hand(125.86e12, 3.15), rel=1e-12)


def test_halving_date_agrees_with_the_protocol_walk():
    # expected_halving_date integrates growth within each epoch; the scenario holds the
    # hashrate constant within an epoch: a few days apart over ~2.3 years.
    for g, tol_days in ((0.0, 1.0), (0.3, 6.0)):
        net = network_scenario("2026-02-07", 36, 934_752, 125.86e12, annual_hashrate_growth=g)
        walk = net.start + pd.Timedelta(days=float(net.halving_days[0, 0]))
        protocol = expected_halving_date(934_752, "2026-02-07", float(net.network_hashrate_ehs[0, 0]), g,
                                         difficulty=125.86e12).tz_localize(None)
        assert abs((walk - protocol) / pd.Timedelta(days=1)) < tol_days, (g, walk, protocol)


# --------------------------------------------------------------------------- the shutdown rule
def test_a_month_below_cash_cost_earns_and_costs_nothing():
    op = Operation(0.05, pue=1.05)
    cost = 24 * 20.0 * 1.05 * 0.05  # 25.2 USD/PH/day at 20 J/TH
    price = 50_000.0
    hp = np.array([40.0, 20.0, 40.0]) / price  # month 2 below the cash cost, then back
    flows = machine_cash_flows(flat_network(hp), price, 100.0, 20.0, 1_000.0, op, sell_at_end=False)
    assert flows.cash_cost_usd_per_ph_day == pytest.approx(cost)
    assert flows.running[:, 0].tolist() == [True, False, True]
    for arr in (flows.btc_mined, flows.revenue_usd, flows.power_usd, flows.other_cash_usd, flows.operating_cash_usd):
        assert arr[1, 0] == 0.0
    month = 365.25 / 12
    assert flows.operating_cash_usd[0, 0] == pytest.approx(0.1 * (40.0 - cost) * month)
    assert flows.operating_cash_usd[2, 0] == pytest.approx(0.1 * (40.0 - cost) * month)
    assert flows.economic_life_months.tolist() == [3]


def test_a_machine_below_cash_cost_at_the_start_resells_for_nothing():
    hp = np.array([20.0, 60.0, 60.0]) / 50_000.0  # an S9 (98 J/TH: 117.6 USD/PH/day) never runs
    flows = machine_cash_flows(flat_network(hp), 50_000.0, 13.5, 98.0, 100.0, Operation(0.05))
    assert not flows.running.any() and np.all(flows.resale_usd == 0.0)
    assert flows.npv_usd(0.0)[0] == -100.0
    # a 20 J/TH machine off in month 1 (24 USD/PH/day > 20) has no anchor either, though it runs later
    later = machine_cash_flows(flat_network(hp), 50_000.0, 100.0, 20.0, 100.0, Operation(0.05))
    assert later.running[:, 0].tolist() == [False, True, True] and np.all(later.resale_usd == 0.0)


def test_economic_life_ends_when_the_machine_stops_for_good():
    hp = np.array([[40.0, 30.0, 20.0, 10.0], [40.0, 40.0, 40.0, 40.0]]).T / 50_000.0  # two paths
    flows = machine_cash_flows(flat_network(hp), 50_000.0, 100.0, 20.0, 0.0, Operation(0.05), sell_at_end=False)
    assert flows.economic_life_months.tolist() == [2, 4]  # cost 24 USD/PH/day at 20 J/TH


# --------------------------------------------------------------------------- finance
def test_irr_of_a_hand_built_cash_flow():
    # -100, +60, +60 yearly: 60 v + 60 v^2 = 100, v = 1 / (1 + x)
    v = (-60 + np.sqrt(60**2 + 4 * 60 * 100)) / (2 * 60)
    assert irr_per_year([-100.0, 60.0, 60.0], [0.0, 1.0, 2.0]) == pytest.approx(1 / v - 1, rel=1e-10)
    # -1000 then 110 a year for ten years and 1000 back: a 11 % bond
    t = np.arange(11.0)
    cf = np.r_[-1000.0, np.full(10, 110.0)]
    cf[-1] += 1000.0
    assert irr_per_year(cf, t) == pytest.approx(0.11, rel=1e-10)
    # column by column, and the NPV at the IRR is zero
    both = np.c_[cf, np.r_[-100.0, 60.0, 60.0, np.zeros(8)]]
    x = irr_per_year(both, t)
    assert x[0] == pytest.approx(0.11) and x[1] == pytest.approx(1 / v - 1)
    assert np.allclose([npv_usd(both[:, j], t, x[j]) for j in range(2)], 0.0, atol=1e-8)


def test_irr_of_a_total_loss_and_of_no_investment():
    assert irr_per_year([-100.0, 0.0, 0.0], [0.0, 1.0, 2.0]) == -1.0
    assert np.isnan(irr_per_year([0.0, 10.0, 10.0], [0.0, 1.0, 2.0]))


def irr_path_by_path(cf, t):
    """The slow reference: one scipy.optimize.brentq call per path, on the bracket irr_per_year documents."""
    from scipy.optimize import brentq

    cf, t = np.asarray(cf, dtype=float), np.asarray(t, dtype=float)
    out = []
    for c in cf.reshape(len(t), -1).T:
        if not (np.any(c < 0) and np.any(c > 0)):
            out.append(-1.0 if np.any(c < 0) else np.nan)
            continue

        def f(x, c=c):
            return float(np.dot(c, (1.0 + x) ** -t))

        hi = 1.0
        while f(hi) > 0 and hi <= 1e12:
            hi *= 10.0
        if hi > 1e12:
            out.append(np.inf)
        elif f(-1.0 + 1e-9) < 0:
            out.append(-1.0)
        else:
            out.append(brentq(f, -1.0 + 1e-9, hi, xtol=1e-12, rtol=1e-12, maxiter=500))
    return np.array(out)


def test_irr_all_paths_at_once_equals_brent_path_by_path():
    rng = np.random.default_rng(7)
    t = np.r_[0.0, np.cumsum(rng.uniform(28.0, 31.0, 48)) / 365.25]
    invest = np.abs(rng.normal(50.0, 100.0, (49, 300))) * (rng.uniform(size=(49, 300)) > 0.3)
    invest[0] = -rng.uniform(10.0, 1e5, 300)  # investments: one root each, from -100 % to huge
    mixed = rng.normal(0.0, 100.0, (49, 300))  # several sign changes: Brent's bracket picks the root
    edge = np.zeros((49, 6))
    edge[0] = [-100.0, 0.0, -1.0, -100.0, 0.0, -100.0]
    edge[1] = [0.0, 10.0, 1e20, 100.0, 0.0, 50.0]  # total loss, no investment, IRR beyond 1e12, IRR 0 exactly
    edge[2, 5] = 50.0
    for cf in (invest, mixed, edge):
        fast, slow = irr_per_year(cf, t), irr_path_by_path(cf, t)
        assert fast.shape == slow.shape
        np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=0)  # NaN and inf in the same places
    e = irr_per_year(edge, t)
    assert e[0] == -1.0 and np.isnan(e[1]) and e[2] == np.inf and abs(e[3]) < 1e-12 and np.isnan(e[4])
    # one path, a 1-D flow, no paths at all, and a loss beyond -100 % at time 0 (f(-100 %) < 0)
    assert irr_per_year(invest[:, :1], t).shape == (1,)
    assert irr_per_year(invest[:, 0], t) == pytest.approx(irr_path_by_path(invest[:, 0], t)[0], rel=1e-12)
    assert irr_per_year(np.zeros((49, 0)), t).shape == (0,)
    assert irr_per_year([-100.0, 50.0], [0.0, 0.0]) == -1.0


def test_npv_by_hand():
    assert npv_usd([-100.0, 60.0, 60.0], [0.0, 1.0, 2.0], 0.10) == pytest.approx(-100 + 60 / 1.1 + 60 / 1.21)
    assert npv_usd([-100.0, 60.0, 60.0], [0.0, 0.5, 1.0], 0.0) == pytest.approx(20.0)


def test_resale_curve_by_hand_and_kinds():
    assert resale_value_usd(4000.0, 9.0, 18.0, 2.0, 0.2) == pytest.approx(4000 * 0.8**2 * 0.5)
    assert resale_value_usd(4000.0, 18.0, 18.0, 0.0, 0.2) == pytest.approx(4000.0)
    assert resale_value_usd(4000.0, -1.0, 18.0, 1.0, 0.2) == 0.0
    arr = resale_value_usd(4000.0, np.array([9.0, 18.0]), 18.0, 1.0, 0.5)
    assert isinstance(arr, np.ndarray) and arr.tolist() == [1000.0, 2000.0]
    ser = resale_value_usd(pd.Series([4000.0, 2000.0], index=["a", "b"]), 18.0, 18.0, 1.0, 0.5)
    assert isinstance(ser, pd.Series) and ser.to_dict() == {"a": 2000.0, "b": 1000.0}


def test_breakeven_capex_makes_the_npv_zero():
    price = 50_000.0
    hp = np.linspace(45.0, 30.0, 36) / price
    op = Operation(0.05)
    first = machine_cash_flows(flat_network(hp), price, 200.0, 17.5, 3_000.0, op, 0.25)
    c = float(first.breakeven_capex_usd(0.12)[0])
    again = machine_cash_flows(flat_network(hp), price, 200.0, 17.5, c, op, 0.25)
    assert again.npv_usd(0.12)[0] == pytest.approx(0.0, abs=1e-6)
    assert 0 < c < 3_000.0 * 2


def test_resale_enters_at_the_horizon():
    price, hp = 50_000.0, 40.0 / 50_000.0
    n = 24
    op = Operation(0.05)
    sold = machine_cash_flows(flat_network(np.full(n, hp)), price, 100.0, 20.0, 2_000.0, op, 0.3, sell_at_end=True)
    kept = machine_cash_flows(flat_network(np.full(n, hp)), price, 100.0, 20.0, 2_000.0, op, 0.3, sell_at_end=False)
    # margin unchanged, two years of age: 2,000 x 0.7^2
    assert sold.resale_usd[-1, 0] == pytest.approx(2_000.0 * 0.7**2)
    assert sold.npv_usd(0.0)[0] - kept.npv_usd(0.0)[0] == pytest.approx(2_000.0 * 0.7**2)
    assert sold.npv_usd(0.1)[0] - kept.npv_usd(0.1)[0] == pytest.approx(2_000.0 * 0.7**2 / 1.1**2)


# --------------------------------------------------------------------------- BTC view, payback
def test_mine_or_buy_in_btc():
    price, hp = 60_000.0, 45.0 / 60_000.0
    flows = machine_cash_flows(flat_network(np.full(12, hp)), price, 200.0, 17.5, 3_000.0, Operation(0.05),
                               sell_at_end=False)
    month = 365.25 / 12
    mined = 0.2 * hp * month * 12
    costs_btc = 0.2 * 24 * 17.5 * 0.05 * month * 12 / price
    assert flows.mine_btc[0] == pytest.approx(mined - costs_btc)
    assert flows.buy_btc[0] == pytest.approx(3_000.0 / price)
    # at a constant price the BTC comparison is the zero-rate NPV divided by the price
    assert flows.net_btc[0] * price == pytest.approx(flows.npv_usd(0.0)[0])


def test_mine_or_buy_when_the_price_moves():
    hp = 40.0 / 50_000.0
    net = flat_network(np.full(2, hp))
    prices = np.array([50_000.0, 100_000.0, 25_000.0])  # time 0 and two month ends
    flows = machine_cash_flows(net, prices, 100.0, 20.0, 1_000.0, Operation(0.05), sell_at_end=False)
    month = 365.25 / 12
    btc = 0.1 * hp * month
    # month 2 at $25,000: hashprice 20 < cost 24: off
    assert flows.running[:, 0].tolist() == [True, False]
    expected = btc - 0.1 * 24 * 20 * 0.05 * month / 100_000.0
    assert flows.mine_btc[0] == pytest.approx(expected)
    assert flows.buy_btc[0] == pytest.approx(0.02)


def test_payback_month_and_date():
    price, hp = 50_000.0, 44.0 / 50_000.0
    month = 365.25 / 12
    cash = 0.1 * (44.0 - 24.0) * month  # a month's operating cash at 20 J/TH, $0.05/kWh
    flows = machine_cash_flows(flat_network(np.full(6, hp)), price, 100.0, 20.0, 2.5 * cash, Operation(0.05),
                               sell_at_end=False)
    assert flows.payback_months.tolist() == [3.0]
    assert flows.payback_date.iloc[0] == flows.month_end[2]
    never = machine_cash_flows(flat_network(np.full(6, hp)), price, 100.0, 20.0, 7 * cash, Operation(0.05),
                               sell_at_end=False)
    assert np.isnan(never.payback_months[0]) and pd.isna(never.payback_date.iloc[0])


# --------------------------------------------------------------------------- decisions
def test_retire_or_keep_by_hand():
    price, hp = 50_000.0, 40.0 / 50_000.0
    n, r, delta, resale_now = 12, 0.12, 0.4, 600.0
    net = flat_network(np.full(n, hp))
    d = retire_or_keep(resale_now, net, price, 100.0, 20.0, Operation(0.05), r, delta)
    month = 365.25 / 12
    cash = 0.1 * (40.0 - 24.0) * month
    i = 1.12 ** (1 / 12) - 1
    keep = cash * (1 - (1 + i) ** -n) / i + resale_now * (1 - delta) / 1.12
    assert d["keep_value_usd"].iloc[0] == pytest.approx(keep, rel=1e-10)
    assert d["retire_value_usd"].iloc[0] == resale_now
    assert bool(d["keep"].iloc[0]) == (keep > resale_now)


def test_retire_when_keeping_earns_less_than_the_sale():
    hp = 26.0 / 50_000.0  # barely above the 24 USD/PH/day cost
    d = retire_or_keep(2_000.0, flat_network(np.full(12, hp)), 50_000.0, 100.0, 20.0, Operation(0.05), 0.12, 0.4)
    assert not d["keep"].iloc[0]


def test_compare_machines_on_common_paths():
    price = 50_000.0
    net = flat_network(np.full(12, 40.0 / price))
    machines = pd.DataFrame({"model": ["efficient", "old"], "hashrate_ths": [200.0, 100.0],
                             "efficiency_j_per_th": [15.0, 45.0], "price_usd_per_th": [5.0, 1.0]})
    table = compare_machines(machines, net, price, Operation(0.05), 0.0, 12, sell_at_end=False)
    month = 365.25 / 12
    cash = 0.2 * (40.0 - 24 * 15 * 0.05) * month * 12
    assert table.loc["efficient", "npv_median_usd"] == pytest.approx(cash - 1_000.0)
    assert table.loc["efficient", "capex_usd"] == 1_000.0
    assert table.loc["old", "economic_life_median_months"] == 0  # 54 USD/PH/day > 40: never runs
    assert table.loc["old", "npv_median_usd"] == pytest.approx(-100.0)


def test_summary_on_monte_carlo_paths():
    n_months, n_paths = 36, 64
    net = simulate_network(n_paths, start="2026-02-07", n_months=n_months, start_height=934_752,
                           network_hashrate_ehs=900.0, difficulty=125.86e12, hashrate_drift_per_year=0.2,
                           fees_per_block_btc=0.025, keep_epochs=False, seed=11)
    prices = gbm_price_paths(71_091.0, 0.0, 0.6, n_months, n_paths, step_days=np.diff(net.month_edges_days), seed=12)
    flows = machine_cash_flows(net, prices, 200.0, 17.5, 2_500.0, Operation(0.05, pue=1.05, pool_fee=0.02), 0.3)
    s = investment_summary(flows, 0.15, 24, quantiles=(0.1, 0.5, 0.9))
    npv = flows.npv_usd(0.15)
    assert s["p_npv_positive"] == pytest.approx(np.mean(npv > 0))
    assert s["p_payback"] == pytest.approx(np.mean(flows.payback_months <= 24))
    assert s["npv_q0.1_usd"] <= s["npv_q0.5_usd"] <= s["npv_q0.9_usd"]
    assert 0 < s["p_npv_positive"] < 1  # a 60 % volatility spreads the outcomes both sides of zero
    # every path: each month's flow follows the shutdown rule
    assert np.all(flows.operating_cash_usd >= 0)
    assert np.all((flows.operating_cash_usd > 0) == flows.running)


def test_flat_monte_carlo_paths_are_the_deterministic_scenario():
    kw = dict(start="2026-02-07", n_months=30, start_height=934_752, difficulty=125.86e12, fees_per_block_btc=0.025)
    det = network_scenario(annual_hashrate_growth=0.25, **kw)
    h0 = 125.86e12 * TWO_32 / STEADY_BLOCK_TIME_S / 1e18  # the scenario's default: the steady state of D
    mc = simulate_network(3, network_hashrate_ehs=h0,
                          hashrate_drift_per_year=np.log(1.25), hashrate_volatility_per_year=0.0,
                          halving_drop=(0.0, 0.0), keep_epochs=False, seed=5, **kw)
    a = machine_cash_flows(det, 71_091.0, 200.0, 17.5, 2_500.0, Operation(0.05), 0.3)
    b = machine_cash_flows(mc, 71_091.0, 200.0, 17.5, 2_500.0, Operation(0.05), 0.3)
    assert np.allclose(b.npv_usd(0.15), a.npv_usd(0.15)[0])


# --------------------------------------------------------------------------- validation
def test_operation_is_validated():
    with pytest.raises(ValueError, match=r"^pue=0.9 is outside"):
        Operation(0.05, pue=0.9)
    with pytest.raises(ValueError, match=r"^pool_fee=2"):
        Operation(0.05, pool_fee=2.0)
    with pytest.raises(ValueError, match=r"^power_price_usd_per_kwh="):
        Operation(50.0)  # $50/kWh: a cents-for-dollars mistake


def test_machine_inputs_are_validated():
    net = flat_network(np.full(3, 40.0 / 50_000.0))
    with pytest.raises(ValueError, match=r"btc_price_usd has shape \(3,\); expected a scalar, \(4,\)"):
        machine_cash_flows(net, np.full(3, 50_000.0), 100.0, 20.0, 1_000.0, Operation(0.05))
    with pytest.raises(ValueError, match=r"^capex_usd=-1"):
        machine_cash_flows(net, 50_000.0, 100.0, 20.0, -1.0, Operation(0.05))
    with pytest.raises(ValueError, match=r"^efficiency_j_per_th="):
        machine_cash_flows(net, 50_000.0, 100.0, 0.02, 1_000.0, Operation(0.05))  # J/GH for J/TH
    with pytest.raises(ValueError, match=r"operation=.* must be a minelib.investment.Operation"):
        machine_cash_flows(net, 50_000.0, 100.0, 20.0, 1_000.0, 0.05)
    with pytest.raises(ValueError, match=r"^margin0_usd_per_ph_day=0"):
        resale_value_usd(100.0, 1.0, 0.0, 1.0, 0.1)
    with pytest.raises(ValueError, match=r"cash_flows_usd has shape \(3,\) and t_years \(2,\)"):
        npv_usd([1.0, 2.0, 3.0], [0.0, 1.0], 0.1)
    with pytest.raises(ValueError, match=r"must be a MachineCashFlows"):
        investment_summary("flows", 0.1, 12)
    with pytest.raises(ValueError, match=r"lacks the columns \['price_usd_per_th'\]"):
        compare_machines(pd.DataFrame({"model": ["x"], "hashrate_ths": [1.0], "efficiency_j_per_th": [20.0]}),
                         net, 50_000.0, Operation(0.05), 0.1, 12)


def test_price_scenario_by_hand():
    net = flat_network(np.full(24, 1e-3))
    p = price_scenario_usd(60_000.0, 0.5, net)
    assert p[0] == 60_000.0 and p[12] == pytest.approx(90_000.0) and p[24] == pytest.approx(135_000.0)


def test_result_kind():
    flows = machine_cash_flows(flat_network(np.full(2, 1e-3)), 50_000.0, 100.0, 20.0, 0.0, Operation(0.05),
                               sell_at_end=False)
    assert isinstance(flows, MachineCashFlows)
    table = flows.table()
    assert list(table.index.astype(str)) == ["2030-01", "2030-02"]
    assert table["cash_flow_usd"].tolist() == pytest.approx(flows.operating_cash_usd[:, 0].tolist())


# --------------------------------------------------------------------------- real chain
@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/reference/ is absent")
def test_height_estimate_at_144_a_day_is_close_to_the_chain():
    """The notebook's starting height: block 840,000 (2024-04-20) + 144 a day, checked on the real chain."""
    ref = pd.read_csv(REFERENCE)
    last = ref.iloc[-1]
    when = pd.Timestamp(int(last["timestamp"]), unit="s")
    estimate = 840_000 + (when - pd.Timestamp("2024-04-20")) / pd.Timedelta(days=1) * 144
    # a growing network mines a little faster than 144 a day: within 0.1 % of the height
    assert abs(estimate - last["height"]) / last["height"] < 1e-3


# --------------------------------------------------------------------------- the price assumptions
def test_asic_prices_are_dated_assumptions_with_a_source():
    from minelib import load_asics

    a = load_asics()
    priced = a[a["price_usd_per_th"].notna()]
    assert len(priced) >= 8
    assert priced["price_date"].notna().all()
    assert priced["price_source"].str.contains("ASSUMPTION").all()
    # the investment notebook compares the current generation: all of it is priced
    for model in ("Antminer S21 XP", "Antminer S21 Pro", "Antminer S21", "Antminer S19 XP", "Antminer S19j Pro"):
        assert model in set(priced["model"])


def test_a_price_without_its_date_is_refused(tmp_path):
    from minelib.data import DataValidationError, load_asics
    from minelib.data.loaders import DATA_DIR

    lines = (DATA_DIR / "asics.csv").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "asics.csv"
    # a price in the S9 row, which has no price date or source
    s9 = next(i for i, line in enumerate(lines) if ",Antminer S9," in line)
    lines[s9] = lines[s9][: -len(",,")] + "5,,"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="price_usd_per_th, price_date and price_source together"):
        load_asics(bad)


def test_a_projected_price_may_pass_the_plausible_5m_after_time_0():
    """The plausible range of a BTC price ($5M) is there to catch a price in cents, and a
    price in cents shows at time 0. Later months are a projection: fifteen years at
    +60 %/year (or a GBM tail over ten) pass $5M, and the flows used to stop with "looks
    like US cents"."""
    from minelib import plausibility

    net = network_scenario("2026-02-07", 180, 935_000, 125.86e12, annual_hashrate_growth=0.6,
                           fees_per_block_btc=0.025)
    prices = price_scenario_usd(71_091.0, 0.6, net)
    assert prices.max() > plausibility.limit("btc_price_usd")[1]
    flows = machine_cash_flows(net, prices, 200.0, 17.5, 3_000.0, Operation(0.05), 0.3)
    # by hand: the month's hashprice at its end price, and a running month's revenue
    days = np.diff(net.month_edges_days)
    hp_usd = net.btc_per_ehs_month[:, 0] / 1000.0 / days * prices[1:]
    np.testing.assert_allclose(flows.hashprice_usd_per_ph_day[:, 0], hp_usd, rtol=1e-12)
    np.testing.assert_allclose(flows.revenue_usd[:, 0], np.where(flows.running[:, 0], hp_usd * 0.2 * days, 0.0),
                               rtol=1e-12)
    with plausibility.relaxed("btc_price_usd"):
        relaxed = machine_cash_flows(net, prices, 200.0, 17.5, 3_000.0, Operation(0.05), 0.3)
    np.testing.assert_array_equal(flows.cash_flows_usd, relaxed.cash_flows_usd)
    # a path in cents is still refused, at its start
    with pytest.raises(ValueError, match=r"btc_price_usd.*at position 0.*looks like US cents"):
        machine_cash_flows(net, prices * 100.0, 200.0, 17.5, 3_000.0, Operation(0.05))


def test_a_plausible_difficulty_is_not_refused_through_the_hashrate_the_scenario_derives():
    """network_scenario's default hashrate is the steady state of the difficulty given; near
    the top of the difficulty's plausible range that is past the network's (1e5 EH/s), and
    the scenario was refused as "network_hashrate_ehs=1.001e+05 looks like PH/s", a parameter
    the caller never gave."""
    from minelib import plausibility

    d0 = 1.3995e16
    h0 = d0 * TWO_32 / STEADY_BLOCK_TIME_S / 1e18  # by hand: blocks every 600.30 s
    assert d0 <= plausibility.limit("difficulty")[1] and h0 > plausibility.limit("network_hashrate_ehs")[1]
    net = network_scenario("2040-01-01", 3, 1_300_000, d0)
    np.testing.assert_allclose(net.network_hashrate_ehs[:, 0], h0, rtol=1e-12)
    np.testing.assert_allclose(net.blocks[:, 0] / np.diff(net.month_edges_days), 86_400 / STEADY_BLOCK_TIME_S,
                               rtol=1e-9)
    # a network the caller gives is still held to its range
    with pytest.raises(ValueError, match=r"^network_hashrate_ehs=1.001e\+05 looks like PH/s"):
        network_scenario("2040-01-01", 3, 1_300_000, d0, network_hashrate_ehs=h0)
    with pytest.raises(ValueError, match="network_hashrate_ehs=None takes the steady state of the difficulty"):
        simulate_network(1, n_months=1, network_hashrate_ehs=None)
