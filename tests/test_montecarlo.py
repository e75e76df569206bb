"""Tests for minelib.montecarlo: reproducibility, protocol-faithful difficulty and halving,
the vectorized treasury against minelib.treasury.simulate_treasury, and the summaries."""

import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from minelib.montecarlo import (
    bootstrap_price_paths,
    breakeven_bridge,
    breakeven_price_percentiles,
    depletion_curve,
    fan_chart_data,
    fleet_mix_efficiency_j_per_th as mix,
    gbm_price_paths,
    month_grid,
    post_halving_factor,
    prob_negative_cash_margin,
    prob_production_at_least,
    prob_treasury_depletion,
    quarter_production_paths_btc,
    run_monte_carlo,
    simulate_miner_paths,
    simulate_network,
)
from minelib.protocol import (
    HASHES_PER_DIFFICULTY,
    RETARGET_INTERVAL_BLOCKS,
    TARGET_TIMESPAN_S,
    block_subsidy_btc,
    difficulty_from_hashrate,
)
from minelib.treasury import TREASURY_COLUMNS

RAMP = np.linspace(16.4, 32.0, 12)  # seed 000: CleanSpark 16.4 -> 32 EH/s over 2024
# seed 000's reading: 16.4 EH/s through Q1, 32 EH/s through Q4, growing in between
PLAN = np.r_[[16.4] * 3, np.linspace(16.4, 32.0, 8)[1:-1], [32.0] * 3]


# ------------------------------------------------------------------ prices
def test_gbm_reproducible_and_moments():
    a = gbm_price_paths(70_000.0, 0.1, 0.6, 12, 20_000, step_days=365.25 / 12, seed=42)
    b = gbm_price_paths(70_000.0, 0.1, 0.6, 12, 20_000, step_days=365.25 / 12, seed=42)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, gbm_price_paths(70_000.0, 0.1, 0.6, 12, 20_000, step_days=365.25 / 12, seed=43))
    logret = np.log(a[-1] / a[0])  # one year
    assert logret.mean() == pytest.approx(0.1 - 0.5 * 0.36, abs=0.02)
    assert logret.std() == pytest.approx(0.6, rel=0.03)
    assert np.all(a > 0) and np.all(a[0] == 70_000.0)


def test_gbm_zero_volatility_is_deterministic_growth():
    p = gbm_price_paths(100.0, 0.2, 0.0, 4, 3, step_days=[365.25, 365.25, 0.5 * 365.25, 0.5 * 365.25], seed=0)
    np.testing.assert_allclose(p[:, 0], 100.0 * np.exp(0.2 * np.array([0, 1, 2, 2.5, 3])))


def test_bootstrap_uses_only_given_returns_and_blocks():
    r = np.log(np.array([1.10, 0.95, 1.02, 0.90, 1.05]))
    p = bootstrap_price_paths(50.0, r, 30, 200, block_length=3, seed=1)
    steps = np.log(p[1:] / p[:-1])
    assert np.all(np.min(np.abs(steps[..., None] - r), axis=-1) < 1e-12)
    # blocks of 3 consecutive returns: step 1 follows step 0 in the history within a block
    pos = np.argmin(np.abs(steps[..., None] - r), axis=-1)
    assert np.all(pos[1] == pos[0] + 1) and np.all(pos[2] == pos[0] + 2)
    assert np.array_equal(p, bootstrap_price_paths(50.0, r, 30, 200, block_length=3, seed=1))


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(price0_usd=-1.0), "price0_usd"),
        (dict(volatility_per_year=-0.1), "volatility_per_year"),
        (dict(n_paths=0), "n_paths"),
        (dict(n_steps=2.5), "n_steps"),
        (dict(step_days=0.0), "step_days"),
        (dict(drift_per_year=np.nan), "drift_per_year"),
    ],
)
def test_gbm_bad_inputs_name_the_parameter(kwargs, name):
    args = dict(price0_usd=1.0, drift_per_year=0.0, volatility_per_year=0.5, n_steps=3, n_paths=2)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        gbm_price_paths(**args)


def test_bootstrap_bad_inputs():
    with pytest.raises(ValueError, match="log_returns"):
        bootstrap_price_paths(1.0, [], 3, 2)
    with pytest.raises(ValueError, match="log_returns"):
        bootstrap_price_paths(1.0, [0.1, np.nan], 3, 2)
    with pytest.raises(ValueError, match="block_length"):
        bootstrap_price_paths(1.0, [0.1, 0.2], 3, 2, block_length=3)


# ------------------------------------------------------------------ network
def test_post_halving_factor_dip_and_recovery():
    f = post_halving_factor(np.array([-5.0, 0.0, 3 * 365.25 / 12, 6 * 365.25 / 12, 400.0]), 0.3, 6)
    np.testing.assert_allclose(f, [1.0, 0.7, 0.85, 1.0, 1.0])
    assert post_halving_factor(100.0, 0.2, 0) == pytest.approx(0.8)
    with pytest.raises(ValueError, match="drop"):
        post_halving_factor(1.0, 1.2, 6)


def test_month_grid_calendar():
    months, edges = month_grid("2024-01-15", 3)
    assert [str(m) for m in months] == ["2024-01", "2024-02", "2024-03"]
    assert edges.tolist() == [0.0, 17.0, 46.0, 77.0]
    with pytest.raises(ValueError, match="start"):
        month_grid("not a date", 3)


@pytest.mark.parametrize("call", [
    lambda: month_grid("yesterday", 3),
    lambda: simulate_network(2, start="yesterday", n_months=2),
    lambda: run_monte_carlo(2, start="yesterday", n_months=2, miner_hashrate_ehs=10.0),
])
def test_a_word_for_a_date_is_refused_naming_start(call):
    # a result must not depend on the day it is computed: 'yesterday' is no date
    with pytest.raises(ValueError, match=r"^start='yesterday' is not a date; expected an ISO date"):
        call()


def test_flat_network_gives_143_93_blocks_a_day_and_constant_difficulty():
    # no drift, no volatility, no dip. Bitcoin Core times an epoch from its first block to its
    # last, 2,015 intervals, against 14 days: a steady network finds a block every
    # 1,209,600 / 2,015 = 600.2977 s, i.e. 86,400 / 600.2977 = 143.9286 blocks a day
    blocks_a_day = 86_400 * 2015 / 1_209_600
    net = simulate_network(3, start="2024-01-01", n_months=3, start_height=800_000 - 800_000 % 2016,
                           network_hashrate_ehs=500.0, hashrate_drift_per_year=0.0,
                           hashrate_volatility_per_year=0.0, seed=0)
    days = np.diff(net.month_edges_days)[:, None]
    np.testing.assert_allclose(net.blocks, np.broadcast_to(blocks_a_day * days, net.blocks.shape), rtol=1e-9)
    d0 = 500e18 * (1_209_600 / 2015) / 2**32  # the difficulty of 500 EH/s at 600.2977 s blocks
    np.testing.assert_allclose(net.epoch_difficulty, d0, rtol=1e-12)
    np.testing.assert_allclose(net.network_hashrate_ehs, 500.0, rtol=1e-9)
    # 1 EH/s earns subsidy x blocks x (1 / 500) of the network
    np.testing.assert_allclose(net.btc_per_ehs_month, np.broadcast_to(6.25 * blocks_a_day * days / 500.0, (3, 3)),
                               rtol=1e-9)


def test_a_600_s_difficulty_settles_at_the_steady_block_time_after_one_retarget():
    # started at the difficulty of 600 s blocks, the first full epoch lasts 2,016 x 600 s but is
    # measured over 2,015 of them: the next difficulty is x 2016/2015, and stays there
    d600 = difficulty_from_hashrate(500.0)
    net = simulate_network(1, n_months=3, start_height=800_000 - 800_000 % 2016, network_hashrate_ehs=500.0,
                           difficulty=d600, hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.0, seed=0)
    np.testing.assert_allclose(net.epoch_difficulty[1:, 0], d600 * 2016 / 2015, rtol=1e-12)
    dur = np.diff(net.epoch_start_days[:, 0]) * 86_400.0
    np.testing.assert_allclose(dur[1:], 2016 * 1_209_600 / 2015, rtol=1e-9)


def test_default_elapsed_counts_the_intervals_since_the_epochs_first_block():
    # the tip is start_height - 1: with start_height = E + 1 the epoch's first block E is the tip,
    # nothing of the span has elapsed, and 2,015 blocks at steady state finish it in 14 days
    e = 800_000 - 800_000 % 2016
    net = simulate_network(1, n_months=2, start_height=e + 1, network_hashrate_ehs=500.0,
                           hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.0, seed=0)
    assert net.epoch_difficulty[1, 0] == pytest.approx(net.epoch_difficulty[0, 0], rel=1e-12)
    assert net.epoch_start_days[1, 0] * 86_400.0 == pytest.approx(1_209_600.0, rel=1e-12)


def test_difficulty_follows_retarget_rule_and_clamp():
    net = simulate_network(500, n_months=24, hashrate_drift_per_year=0.5, hashrate_volatility_per_year=0.8,
                           seed=11)
    t = net.epoch_start_days * 86_400.0
    d = net.epoch_difficulty
    # full epochs (the first is partial): the span runs from the epoch's first block to its
    # last, i.e. the epoch less its first block's interval, D 2^32 / H at the epoch's start
    first_interval = d[1:-1] * HASHES_PER_DIFFICULTY / (net.epoch_hashrate_ehs[1:-1] * 1e18)
    span = np.diff(t, axis=0)[1:] - first_interval
    expected = np.maximum(d[1:-1] * TARGET_TIMESPAN_S / np.clip(span, TARGET_TIMESPAN_S / 4, 4 * TARGET_TIMESPAN_S), 1)
    np.testing.assert_allclose(d[2:], expected, rtol=1e-12)
    ratio = d[2:] / d[1:-1]
    assert ratio.max() <= 4 + 1e-12 and ratio.min() >= 0.25 - 1e-12
    assert np.all(np.diff(net.epoch_start_height)[1:] == RETARGET_INTERVAL_BLOCKS)


def test_difficulty_clamp_binds_on_a_hashrate_explosion():
    # the hashrate is 10x what the difficulty expects: the first epoch lasts 1/10 of two weeks,
    # but the difficulty can rise only x4 per epoch (then x2.5 x 2016/2015 to the steady state
    # of 600.30 s blocks)
    d_steady = difficulty_from_hashrate(566.0)
    net = simulate_network(2, n_months=1, start_height=800_000 - 800_000 % 2016, network_hashrate_ehs=566.0,
                           difficulty=d_steady / 10, hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.0,
                           seed=0)
    ratio = net.epoch_difficulty[1:] / net.epoch_difficulty[:-1]
    assert ratio.max() == pytest.approx(4.0)
    assert ratio[1] == pytest.approx(2.5 * 2016 / 2015)


def test_epoch_duration_is_work_over_hashrate():
    net = simulate_network(50, n_months=6, seed=5, halving_drop=(0.0, 0.0))
    t = net.epoch_start_days * 86_400.0
    dur = np.diff(t, axis=0)[1:]
    # full epochs before the halving: 2016 D 2^32 / H with the epoch's start hashrate
    h = net.epoch_hashrate_ehs[1:-1] * 1e18
    expected = RETARGET_INTERVAL_BLOCKS * net.epoch_difficulty[1:-1] * HASHES_PER_DIFFICULTY / h
    pre = net.epoch_start_height[1:-1] + RETARGET_INTERVAL_BLOCKS <= 840_000
    np.testing.assert_allclose(dur[pre], expected[pre], rtol=1e-12)


def test_halving_happens_at_its_height_not_a_date():
    net = simulate_network(400, n_months=12, hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.5,
                           seed=3)
    assert net.halving_heights.tolist() == [840_000]
    days = net.halving_days[0]
    assert days.std() > 0.1  # each path reaches block 840,000 at its own time
    # per path: blocks mined before the halving day == 840,000 - start height
    cum_blocks = np.cumsum(net.blocks, axis=0)
    months_before = (net.month_edges_days[1:, None] <= days[None, :])
    assert np.all(cum_blocks[months_before] < 840_000 - 824_160 + 1e-6)
    # the reward per EH/s halves with the subsidy: compare months fully before / after
    assert block_subsidy_btc(839_999) == 2 * block_subsidy_btc(840_000)


def test_post_halving_drop_is_within_range():
    net = simulate_network(300, n_months=8, hashrate_volatility_per_year=0.0, hashrate_drift_per_year=0.0,
                           halving_drop=(0.10, 0.30), recovery_months=6, seed=2)
    k = np.searchsorted(net.epoch_start_height, 840_000)  # first epoch starting after the halving
    before = net.epoch_hashrate_ehs[k - 1]
    after = net.epoch_hashrate_ehs[k]
    drop = 1 - after / before
    # the first post-halving epoch starts a few days after the halving: recovery has begun
    assert drop.min() > 0.07 and drop.max() <= 0.30 + 1e-12
    assert drop.std() > 0.03


def test_network_reproducible_and_seed_sensitive():
    a = simulate_network(64, n_months=6, seed=123)
    b = simulate_network(64, n_months=6, seed=123)
    c = simulate_network(64, n_months=6, seed=124)
    for f in ("btc_per_ehs_month", "blocks", "network_hashrate_ehs", "difficulty", "halving_days"):
        assert np.array_equal(getattr(a, f), getattr(b, f))
    assert not np.array_equal(a.blocks, c.blocks)


def test_every_month_records_a_difficulty():
    net = simulate_network(5, n_months=4, seed=9)
    assert net.btc_per_ehs_month.shape == (4, 5)
    assert np.all(np.isfinite(net.difficulty))


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(n_paths=0), "n_paths"),
        (dict(network_hashrate_ehs=0.0), "network_hashrate_ehs"),
        (dict(halving_drop=(0.3, 0.1)), "halving_drop"),
        (dict(halving_drop=(0.1, 1.0)), "halving_drop"),
        (dict(recovery_months=-1), "recovery_months"),
        (dict(start_height=-5), "start_height"),
        (dict(hashrate_volatility_per_year=-0.2), "hashrate_volatility_per_year"),
        (dict(difficulty=0.5), "difficulty"),
        (dict(seed=-1), "seed"),
    ],
)
def test_network_bad_inputs_name_the_parameter(kwargs, name):
    args = dict(n_paths=2, n_months=2)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        simulate_network(**args)


# ------------------------------------------------------------------ miner and summaries
def test_run_monte_carlo_reproducible():
    kw = dict(n_months=12, miner_hashrate_ehs=RAMP, operational_efficiency=0.86,
              other_cash_costs_usd_per_month=20e6, start_treasury_btc=500.0)
    a = run_monte_carlo(300, seed=2024, **kw)
    b = run_monte_carlo(300, seed=2024, **kw)
    c = run_monte_carlo(300, seed=2025, **kw)
    for f in ("production_btc", "price_usd", "all_in_cost_usd_per_btc"):
        assert np.array_equal(getattr(a, f), getattr(b, f))
    for col in TREASURY_COLUMNS:
        assert np.array_equal(a.treasury[col], b.treasury[col])
    assert prob_production_at_least(a) == prob_production_at_least(b)
    assert not np.array_equal(a.production_btc, c.production_btc)


def test_price_model_does_not_change_network_paths():
    r = np.log([1.05, 0.97, 1.01])
    a = run_monte_carlo(50, seed=1, n_months=6, miner_hashrate_ehs=10.0)
    b = run_monte_carlo(50, seed=1, n_months=6, miner_hashrate_ehs=10.0, price_model="bootstrap", log_returns=r)
    assert np.array_equal(a.production_btc, b.production_btc)
    assert not np.array_equal(a.price_usd, b.price_usd)


def test_miner_production_matches_expected_btc_mined_on_flat_network():
    import minelib as ml

    net = simulate_network(2, start="2024-06-01", n_months=2, start_height=850_000 - 850_000 % 2016,
                           network_hashrate_ehs=600.0, hashrate_drift_per_year=0.0,
                           hashrate_volatility_per_year=0.0, seed=0)
    res = simulate_miner_paths(net, 60_000.0, 30.0, operational_efficiency=0.86, efficiency_j_per_th=20.0,
                               power_price_usd_per_kwh=0.05)
    days = np.diff(net.month_edges_days)
    # a steady network finds 143.93 blocks a day (600 x 2016/2015 s apart), not 144
    exp = ml.expected_btc_mined(30.0, 600.0, days, 3.125, operational_efficiency=0.86,
                                blocks_per_day=86_400 * 2015 / 1_209_600)
    np.testing.assert_allclose(res.production_btc[:, 0], exp, rtol=1e-9)
    # power: 30 EH/s = 3e7 TH/s x 20 W/TH = 600 MW, 24 h a day, $0.05/kWh
    np.testing.assert_allclose(res.power_cost_usd[:, 0], 600e3 * 24 * days * 0.05, rtol=1e-12)
    np.testing.assert_allclose(res.revenue_usd, res.production_btc * 60_000.0)


def test_q4_vs_q1_seed_000_direction():
    # seed 000: growing 16.4 -> 32 EH/s keeps Q4 >= Q1 if the network shrinks ~5 %, so with a
    # shrinking network most paths make it; a miner that does not grow falls behind on all
    net = dict(hashrate_drift_per_year=-0.1, hashrate_volatility_per_year=0.1)
    grow = run_monte_carlo(400, seed=7, n_months=12, miner_hashrate_ehs=PLAN, network_kwargs=net)
    flat = run_monte_carlo(400, seed=7, n_months=12, miner_hashrate_ehs=16.4, network_kwargs=net)
    assert prob_production_at_least(grow) > 0.5
    assert prob_production_at_least(flat) < 0.05
    q1 = quarter_production_paths_btc(flat, "2024Q1")
    q4 = quarter_production_paths_btc(flat, "2024Q4")
    assert np.median(q4 / q1) == pytest.approx(0.5, abs=0.15)


def test_depletion_and_breakeven():
    res = run_monte_carlo(200, seed=5, n_months=12, miner_hashrate_ehs=16.4, operational_efficiency=0.86,
                          efficiency_j_per_th=25.0, power_price_usd_per_kwh=0.05,
                          other_cash_costs_usd_per_month=15e6, depreciation_usd_per_month=20e6,
                          start_treasury_btc=300.0, price_volatility_per_year=0.8)
    curve = depletion_curve(res)
    assert np.all(np.diff(curve.to_numpy()) >= 0) and 0 <= curve.iloc[-1] <= 1
    assert prob_treasury_depletion(res, 12) == curve.iloc[-1]
    ext = res.treasury["external_funding_usd"][:6] > 0
    assert prob_treasury_depletion(res, 6) == pytest.approx(ext.any(axis=0).mean())
    be = breakeven_price_percentiles(res, (0.5, 0.9))
    per_path = (res.fiat_costs_usd + res.depreciation_usd).sum(0) / res.production_btc.sum(0)
    assert be.loc[0.9] == pytest.approx(np.quantile(per_path, 0.9))
    assert np.mean(per_path <= be.loc[0.9]) >= 0.9
    be_q4 = breakeven_price_percentiles(res, (0.5,), months="2024Q4", cost="cash")
    assert be_q4.loc[0.5] < be.loc[0.5] * 3
    with pytest.raises(ValueError, match="within_months"):
        prob_treasury_depletion(res, 13)
    with pytest.raises(ValueError, match="coverage"):
        breakeven_price_percentiles(res, (1.5,))
    with pytest.raises(ValueError, match="quarter"):
        prob_production_at_least(res, "2023Q1", "2024Q4")


def test_fan_chart_data_tidy():
    res = run_monte_carlo(100, seed=0, n_months=6, miner_hashrate_ehs=10.0)
    df = fan_chart_data(res.production_btc, res.months, quantiles=(0.1, 0.5, 0.9), name="production_btc")
    assert list(df.columns) == ["step", "quantile", "production_btc"]
    assert len(df) == 6 * 3
    wide = df.pivot(index="step", columns="quantile", values="production_btc")
    assert np.all(wide[0.1] <= wide[0.5]) and np.all(wide[0.5] <= wide[0.9])
    np.testing.assert_allclose(wide[0.5].to_numpy(), np.median(res.production_btc, axis=1))
    with pytest.raises(ValueError, match="quantiles"):
        fan_chart_data(res.production_btc, quantiles=(2.0,))


def test_miner_bad_inputs():
    net = simulate_network(2, n_months=2, seed=0)
    with pytest.raises(ValueError, match="miner_hashrate_ehs"):
        simulate_miner_paths(net, 1.0, 10_000.0)
    with pytest.raises(ValueError, match="miner_hashrate_ehs"):
        simulate_miner_paths(net, 1.0, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="price_usd"):
        simulate_miner_paths(net, -1.0, 1.0)
    with pytest.raises(ValueError, match="operational_efficiency"):
        simulate_miner_paths(net, 1.0, 1.0, operational_efficiency=1.5)
    with pytest.raises(ValueError, match="network"):
        simulate_miner_paths("net", 1.0, 1.0)
    with pytest.raises(ValueError, match="miner_hashrate_ehs"):
        run_monte_carlo(2, seed=0, n_months=2)
    with pytest.raises(ValueError, match="log_returns"):
        run_monte_carlo(2, seed=0, n_months=2, miner_hashrate_ehs=1.0, price_model="bootstrap")


def test_halving_dates_from_a_mid_month_start():
    net = simulate_network(3, start="2024-01-15", n_months=6, seed=0)
    d = net.halving_dates.loc[840_000]
    expected = pd.Timestamp("2024-01-15") + pd.to_timedelta(net.halving_days[0], unit="D")
    assert list(d) == list(expected)


# ------------------------------------------------------------------ clear errors at the entry points
@pytest.fixture
def no_network(monkeypatch):
    """Fail if run_monte_carlo simulates a network: its arguments must be checked first."""
    import minelib.montecarlo.miner as miner

    @functools.wraps(miner.simulate_network)
    def boom(*args, **kwargs):
        raise AssertionError("simulate_network ran before the arguments were checked")

    monkeypatch.setattr(miner, "simulate_network", boom)


@pytest.mark.parametrize(
    "kwargs, name, hint",
    [
        # issue 8: 60 blamed an internal "price_usd contains 0.0"
        (dict(price_volatility_per_year=60), "price_volatility_per_year=60", "pass 0.6"),
        (dict(price_volatility_per_year=25), "price_volatility_per_year=25", "pass 0.25"),  # silently ~0 prices
        (dict(price_drift_per_year=20), "price_drift_per_year=20", "pass 0.2"),  # silently ~1e22 USD/BTC
        (dict(operational_efficiency=86), "operational_efficiency=86", "pass 0.86"),
        (dict(uptime=97), "uptime=97", "pass 0.97"),
        (dict(pool_fee=2), r"pool_fee=2 is outside the expected range \[0, 1\)", "pass 0.02"),
        (dict(price_model="bootstrap", log_returns=[50.0, -30.0]), "log_returns", r"pass \[0.5, -0.3\]"),
        (dict(policy="fixed_fraction", sell_fraction=-1.0), "sell_fraction", ""),
        (dict(start_treasury_btc=[1.0, 2.0, 3.0]), "start_treasury_btc", ""),  # 3 values for 4 paths
        # 5 monthly shares for 12 months: was refused only after the network was simulated
        (dict(policy="fixed_fraction", sell_fraction=[0.5] * 5), r"sell_fraction of shape \(5,\)", ""),
    ],
)
def test_run_monte_carlo_names_bad_arguments_before_any_work(no_network, kwargs, name, hint):
    args = dict(n_months=12, miner_hashrate_ehs=16.4)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name) as err:
        run_monte_carlo(4, seed=0, **args)
    assert hint in str(err.value) or re.search(hint, str(err.value))
    assert "price_usd" not in str(err.value)


def test_the_miner_checks_the_treasury_arguments_without_a_treasury_run(monkeypatch):
    """The treasury's own checks, values and shapes, run once before the paths, and their
    arrays are passed on: the treasury's months run once, on the miner's (n_months, n_paths)
    (a one-month run on (1, n_paths) used to do the checking)."""
    import minelib.treasury as treasury

    runs = []
    real = treasury._treasury_paths

    def spy(P, *args):
        runs.append(P.shape)
        return real(P, *args)

    monkeypatch.setattr(treasury, "_treasury_paths", spy)
    net = simulate_network(4, n_months=6, seed=0)
    res = simulate_miner_paths(net, 70e3, 10.0, policy="fixed_fraction", sell_fraction=[[0.2, 0.4, 0.6, 0.8]],
                               start_treasury_btc=np.arange(4.0), start_cash_usd=1e6)
    assert runs == [(6, 4)]
    assert np.array_equal(res.treasury["sold_from_production_btc"], res.production_btc * [0.2, 0.4, 0.6, 0.8])
    # a bad shape is named against the paths' own shape
    with pytest.raises(ValueError, match=r"^start_cash_usd of shape \(3,\) does not broadcast with production_btc "
                                         r"of shape \(6, 4\)"):
        simulate_miner_paths(net, 70e3, 10.0, start_cash_usd=[1.0, 2.0, 3.0])
    assert runs == [(6, 4)]


@pytest.mark.parametrize(
    "n_paths, n_months, name",
    [(0, 12, "n_paths=0"), (True, 12, "n_paths=True"), (2.5, 12, "n_paths=2.5"), (4, 12.5, "n_months=12.5"),
     (4, 0, "n_months=0")],
)
def test_counts_must_be_whole_numbers(no_network, n_paths, n_months, name):
    with pytest.raises(ValueError, match=f"{re.escape(name)} must be a scalar whole number >= 1"):
        run_monte_carlo(n_paths, seed=0, n_months=n_months, miner_hashrate_ehs=16.4)


def test_unknown_keywords_name_where_they_were_given(no_network):
    with pytest.raises(ValueError, match="network_kwargs got 'hashrate_drift'.*hashrate_drift_per_year"):
        run_monte_carlo(4, seed=0, n_months=12, miner_hashrate_ehs=16.4, network_kwargs=dict(hashrate_drift=0.4))
    with pytest.raises(ValueError, match="run_monte_carlo got 'power_price'.*power_price_usd_per_kwh"):
        run_monte_carlo(4, seed=0, n_months=12, miner_hashrate_ehs=16.4, power_price=0.05)


def test_network_rates_and_drops_in_percent():
    with pytest.raises(ValueError, match="hashrate_drift_per_year=40.*pass 0.4"):
        simulate_network(2, n_months=12, hashrate_drift_per_year=40)
    with pytest.raises(ValueError, match="hashrate_volatility_per_year=25.*pass 0.25"):
        simulate_network(2, n_months=12, hashrate_volatility_per_year=25)
    with pytest.raises(ValueError, match=r"halving_drop.*pass \[0.1, 0.3\]"):
        simulate_network(2, n_months=12, halving_drop=(10, 30))


def _stalled_paths_blocks_by_hand(net):
    """The paths whose epoch records go inf/NaN (stalled past the horizon), each checked: it
    stalled only after an epoch that passed the horizon, and its blocks in the months are
    the height of that epoch's start plus its rate over the rest of the horizon."""
    stalled = np.flatnonzero(~np.isfinite(net.epoch_start_days).all(axis=0))
    horizon_days = net.month_edges_days[-1]
    for j in stalled:
        days = net.epoch_start_days[:, j]
        k = np.flatnonzero(days < horizon_days).max()  # its last epoch that starts before the horizon
        assert np.isfinite(days[: k + 2]).all()  # it stalled only after that epoch had passed the horizon
        blocks_per_s = net.epoch_hashrate_ehs[k, j] * 1e18 / (net.epoch_difficulty[k, j] * 2**32)
        by_hand = (net.epoch_start_height[k] - net.epoch_start_height[0]
                   + (horizon_days - days[k]) * 86_400.0 * blocks_per_s)
        assert net.blocks[:, j].sum() == pytest.approx(by_hand, rel=1e-9)
    return stalled


def test_a_network_that_collapses_past_the_horizon_is_not_refused():
    """At -300 %/year and 200 % volatility some paths' epochs grow so long that their trend
    underflows to 0 H/s - after the epoch that carried them past the horizon, when their
    months are complete. This was refused as a collapse (and a divide-by-zero before that)."""
    net = simulate_network(50, n_months=48, hashrate_drift_per_year=-3.0, hashrate_volatility_per_year=2.0, seed=1)
    assert np.isfinite(net.blocks).all() and np.isfinite(net.network_hashrate_ehs).all()
    assert _stalled_paths_blocks_by_hand(net).size  # the case still collapses (else this tests nothing)


def test_a_long_horizon_may_take_the_simulated_difficulty_past_todays_plausible_range():
    """The plausibility range guards a user's inputs against unit mistakes, not the model's
    own state: ten years of 40 %/year growth from 2027 take some paths' difficulty past
    today's bound, and the simulation used to stop there with "check its unit"."""
    from minelib import plausibility
    from minelib.protocol import next_difficulty

    _, hi = plausibility.limit("difficulty")
    net = simulate_network(2_000, start="2027-06-15", start_height=1_040_000, n_months=120, seed=0)
    assert np.nanmax(net.epoch_difficulty) > hi
    # the retarget is still the protocol's rule, epoch after epoch (the first, partial one
    # aside), on every path: the span is the epoch less its first block's interval
    d, t_s = net.epoch_difficulty, net.epoch_start_days * 86_400.0
    first_block_s = d[1:-1] * 2**32 / (net.epoch_hashrate_ehs[1:-1] * 1e18)
    with plausibility.relaxed("difficulty"):
        expected = next_difficulty(d[1:-1], np.diff(t_s, axis=0)[1:] - first_block_s)
    np.testing.assert_allclose(d[2:], expected, rtol=1e-12)


def test_price_paths_never_leave_float64_silently():
    # 100 years at mu = -5, sigma = 5: the median path falls e^-1750, below the smallest float
    with pytest.raises(ValueError, match="drift_per_year=-5 and volatility_per_year=5"):
        gbm_price_paths(70_000.0, -5, 5, n_steps=100, n_paths=3, step_days=365.25, seed=0)
    with pytest.raises(ValueError, match="volatility_per_year=60.*pass 0.6"):
        gbm_price_paths(70_000.0, 0.0, 60, n_steps=24, n_paths=3, step_days=30.0, seed=0)
    # 150 months of the largest allowed return overflow; the error names the returns, not price_usd
    with pytest.raises(ValueError, match="log_returns given"):
        run_monte_carlo(2, seed=0, n_months=150, miner_hashrate_ehs=1.0, price_model="bootstrap", log_returns=[5.0])


def test_summaries_hint_at_percents():
    res = run_monte_carlo(10, seed=0, n_months=12, miner_hashrate_ehs=16.4)
    with pytest.raises(ValueError, match=r"coverage.*pass \[0.5, 0.9\]"):
        breakeven_price_percentiles(res, (50, 90))
    with pytest.raises(ValueError, match=r"quantiles.*pass \[0.05, 0.95\]"):
        fan_chart_data(res.production_btc, quantiles=(5, 95))
    with pytest.raises(ValueError, match="within_months=2.5 must be a scalar whole number"):
        prob_treasury_depletion(res, 2.5)


# ------------------------------------------------------------------ the real chain
REFERENCE_EPOCHS = Path(__file__).resolve().parents[2] / "shared" / "reference" / "difficulty_epochs.csv"


@pytest.mark.skipif(not REFERENCE_EPOCHS.exists(), reason="../shared/reference/ (real-chain data) is absent")
def test_simulated_retarget_reproduces_the_real_chains_difficulties():
    """Each real epoch replayed through simulate_network gives the chain's next difficulty.

    The reference holds each epoch's first block (height, time, difficulty). Replaying epoch
    k at the constant hashrate that mines its 2,016 blocks in the real time between the
    first blocks of epochs k and k+1 (2,016 intervals), the simulation's next difficulty
    must match the chain's. The 2,016-interval span also holds the first block of epoch
    k+1, which Bitcoin Core's span (2,015 intervals) leaves out; per epoch the two rules
    differ by 1/2016 = 0.05 %, within the ~0.1 % noise of miners' timestamps, but over
    400 epochs the mean error tells them apart: the 2,016-interval rule is 0.05 % off.
    """
    ref = pd.read_csv(REFERENCE_EPOCHS)
    t, d, h = ref["timestamp"].to_numpy(float), ref["difficulty"].to_numpy(float), ref["height"].to_numpy()
    ratio = d[1:] / d[:-1]
    # real retargets: past the minimum difficulty of 2009-10, and not at the x4 / ÷4 clamp
    use = np.flatnonzero((d[:-1] > 1.0) & (ratio < 3.99) & (ratio > 0.251))
    assert len(use) > 400
    errors = []
    for k in use:
        hashrate_ehs = RETARGET_INTERVAL_BLOCKS * d[k] * HASHES_PER_DIFFICULTY / (t[k + 1] - t[k]) / 1e18
        net = simulate_network(1, start=pd.Timestamp(t[k], unit="s"), n_months=3, start_height=int(h[k]),
                               network_hashrate_ehs=hashrate_ehs, difficulty=d[k], hashrate_drift_per_year=0.0,
                               hashrate_volatility_per_year=0.0, halving_drop=(0.0, 0.0), seed=0)
        assert net.epoch_start_height[1] == h[k + 1]
        errors.append(np.log(d[k + 1] / net.epoch_difficulty[1, 0]))
    errors = np.array(errors)
    assert np.abs(errors).max() < 0.005  # each within 0.5 % (the reference's README)
    se = errors.std() / np.sqrt(len(errors))  # ~0.003 %
    assert abs(errors.mean()) < 4 * se  # the 2,016-interval rule: mean 0.05 %, ~18 standard errors


# ------------------------------------------------------------------ fees, interest, PUE, a growing fleet
STEADY_BLOCKS_A_DAY = 86_400 * 2015 / 1_209_600  # Bitcoin Core's 2,015-interval retarget


def flat(n_paths=1, **kw):
    """A network of constant hashrate (no drift, no volatility, no dip)."""
    args = dict(hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.0, halving_drop=(0.0, 0.0), seed=0)
    args.update(kw)
    return simulate_network(n_paths, **args)


def test_fees_do_not_halve():
    # seed 000's case across the April 2024 halving with 0.2 BTC of fees a block: the reward per
    # block goes from 6.25 + 0.2 to 3.125 + 0.2, a ratio of 0.5155, not 0.5 (issue 10, item 5)
    net = flat(start="2024-01-01", n_months=12, network_hashrate_ehs=566.0, fees_per_block_btc=0.2)
    days = np.diff(net.month_edges_days)
    per_day = net.btc_per_ehs_month[:, 0] / days
    q1, q4 = per_day[0:3].mean(), per_day[9:12].mean()
    assert q4 / q1 == pytest.approx((3.125 + 0.2) / (6.25 + 0.2), rel=1e-9)
    # and the level: 143.93 blocks a day x (6.25 + 0.2) BTC / 566 EH/s
    assert per_day[0] == pytest.approx(STEADY_BLOCKS_A_DAY * 6.45 / 566.0, rel=1e-9)


def test_interest_is_a_cash_cost_and_pue_scales_the_power():
    net = flat(start="2024-06-01", n_months=3, start_height=850_752, network_hashrate_ehs=600.0)
    res = simulate_miner_paths(net, 60_000.0, 20.0, efficiency_j_per_th=20.0, power_price_usd_per_kwh=0.05,
                               pue=1.1, other_cash_costs_usd_per_month=3e6, interest_usd_per_month=2e6,
                               depreciation_usd_per_month=5e6, policy="sell_all")
    days = np.diff(net.month_edges_days)
    # 20 EH/s = 2e7 TH/s x 20 W/TH = 400 MW at the machines, x 1.1 at the wall, 24 h, $0.05/kWh
    power = 400e3 * 1.1 * 24 * days * 0.05
    np.testing.assert_allclose(res.power_cost_usd[:, 0], power, rtol=1e-12)
    np.testing.assert_allclose(res.fiat_costs_usd[:, 0], power + 3e6 + 2e6, rtol=1e-12)
    np.testing.assert_allclose(res.cash_cost_usd_per_btc[:, 0], (power + 5e6) / res.production_btc[:, 0], rtol=1e-12)
    np.testing.assert_allclose(res.all_in_cost_usd_per_btc[:, 0], (power + 10e6) / res.production_btc[:, 0],
                               rtol=1e-12)
    assert np.all(res.interest_usd == 2e6)
    # the treasury pays the cash cost, interest included, and not the depreciation
    np.testing.assert_allclose(res.treasury["cash_usd"][:, 0],
                               np.cumsum(res.production_btc[:, 0] * 60_000.0 - power - 5e6), rtol=1e-9)
    with pytest.raises(ValueError, match="pue=0.9"):
        simulate_miner_paths(net, 60_000.0, 20.0, pue=0.9)


def test_fleet_mix_efficiency_by_hand():
    e_new = [99.0, 20.0, 18.0, 18.0, 16.0]  # month 0's entry is unused: month 0 is the installed fleet
    got = mix([10.0, 20.0, 20.0, 15.0, 5.0], 30.0, e_new)
    expected = [
        30.0,
        (10 * 30 + 10 * 20) / 20,  # 10 EH/s added at 20 J/TH
        (10 * 30 + 10 * 20) / 20,  # nothing added
        (5 * 30 + 10 * 20) / 15,  # 5 EH/s retired: the 30 J/TH machines go first
        20.0,  # 10 more retired: the last 5 at 30 J/TH, then 5 of the 20 J/TH
    ]
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    two = mix(np.column_stack([[10.0, 20.0], [10.0, 10.0]]), 30.0, 20.0)  # per path
    np.testing.assert_allclose(two, [[30.0, 30.0], [25.0, 30.0]])
    with pytest.raises(ValueError, match="new_machine_efficiency_j_per_th"):
        mix([10.0, 20.0], 30.0, 0.0)


def test_a_growing_fleet_pays_the_power_of_its_mix():
    net = flat(start="2024-06-01", n_months=3, start_height=850_752, network_hashrate_ehs=600.0)
    plan = np.array([16.4, 24.0, 32.0])
    res = simulate_miner_paths(net, 60_000.0, plan, efficiency_j_per_th=25.0, new_machine_efficiency_j_per_th=17.5,
                               power_price_usd_per_kwh=0.05)
    e = np.array([25.0, (16.4 * 25 + 7.6 * 17.5) / 24.0, (16.4 * 25 + 15.6 * 17.5) / 32.0])
    np.testing.assert_allclose(res.efficiency_j_per_th[:, 0], e, rtol=1e-12)
    days = np.diff(net.month_edges_days)
    # the fleet's power is the sum over its machines: 16.4 EH/s at 25 J/TH + the new ones at 17.5
    watts = (16.4 * 25 + (plan - 16.4) * 17.5) * 1e6
    np.testing.assert_allclose(res.power_cost_usd[:, 0], watts / 1e3 * 24 * days * 0.05, rtol=1e-12)
    with pytest.raises(ValueError, match="installed fleet's at the start: a scalar"):
        simulate_miner_paths(net, 60_000.0, plan, efficiency_j_per_th=[25.0, 25.0, 25.0],
                             new_machine_efficiency_j_per_th=17.5)


# ------------------------------------------------------------------ hashrate that responds to hashprice
# two classes: 60 % at 15 J/TH, 40 % at 40 J/TH; at $0.05/kWh they cost 18 and 48 USD/PH/day
FLEET = pd.DataFrame({"efficiency_j_per_th": [15.0, 40.0], "hashrate_share": [0.6, 0.4]})


def hashprice_by_hand(price, difficulty, reward=3.125):
    """Luxor's hashprice [USD/PH/day]: 86,400 s x 10^15 H/s / (D 2^32) blocks x reward x price."""
    return price * 86_400 * 1e15 / (difficulty * 2**32) * reward


def test_hashrate_leaves_when_under_water_and_returns_with_a_lag():
    # $70k -> $30k at the end of month 3 -> $70k at the end of month 8 (one path)
    price = np.r_[[70_000.0] * 4, [30_000.0] * 5, [70_000.0] * 7]
    tau = 20.0
    net = flat(start="2024-06-01", n_months=15, start_height=850_752, network_hashrate_ehs=600.0, price_usd=price,
               shutdown_fleet=FLEET, shutdown_power_price_usd_per_kwh=0.05, shutdown_lag_days=tau)
    t, d, a = net.epoch_start_days[:, 0], net.epoch_difficulty[:, 0], net.epoch_active_share[:, 0]
    # by hand: the share above water seen at each epoch's start, and the lag between epochs
    seen = price[np.searchsorted(net.month_edges_days, t, side="right") - 1]
    target = np.where(hashprice_by_hand(seen, d) < 48.0, 0.6, 1.0)
    assert target[0] == 1.0 and a[0] == 1.0  # $70k pays 52.5 USD/PH/day at the start: all hash
    expected = target[:-1] + (a[:-1] - target[:-1]) * np.exp(-np.diff(t) / tau)
    np.testing.assert_allclose(a[1:], expected, rtol=1e-12)
    # at $30k the 40 J/TH machines stay off even after the difficulty falls (30/70 x 52.5 / 0.6
    # = 37.5 < 48): months later the network hashes 60 % of 600 EH/s at 143.93 blocks a day
    days = np.diff(net.month_edges_days)
    assert net.network_hashrate_ehs[7, 0] == pytest.approx(360.0, rel=0.01)
    assert net.blocks[7, 0] / days[7] == pytest.approx(STEADY_BLOCKS_A_DAY, rel=0.01)
    # back at $70k they return
    assert net.network_hashrate_ehs[14, 0] == pytest.approx(600.0, rel=0.01)
    assert a.min() < 0.62 and a[-1] > 0.99


def test_new_efficient_machines_push_the_old_ones_under_water():
    # the installed network grows +50 %/year with new 15 J/TH machines (18 USD/PH/day at $0.05);
    # the starting fleet runs at 20 J/TH (24 USD/PH/day). At $40k the hashprice starts at 30 and
    # falls as the difficulty rises: the old machines go under water first
    old_fleet = pd.DataFrame({"efficiency_j_per_th": [20.0], "hashrate_share": [1.0]})
    tau = 10.0
    net = flat(start="2024-06-01", n_months=18, start_height=850_752, network_hashrate_ehs=600.0,
               hashrate_drift_per_year=0.5, price_usd=np.full(19, 40_000.0), shutdown_fleet=old_fleet,
               shutdown_power_price_usd_per_kwh=0.05, shutdown_lag_days=tau,
               shutdown_new_machine_efficiency_j_per_th=15.0)
    t, d, a = net.epoch_start_days[:, 0], net.epoch_difficulty[:, 0], net.epoch_active_share[:, 0]
    installed = net.epoch_hashrate_ehs[:, 0] / a  # [EH/s]
    hp = hashprice_by_hand(40_000.0, d)
    old = np.minimum(600.0, installed) / installed  # the starting fleet's share of what is installed
    target = 1.0 - (old * (24.0 > hp) + (1.0 - old) * (18.0 > hp))
    np.testing.assert_allclose(a[1:], target[:-1] + (a[:-1] - target[:-1]) * np.exp(-np.diff(t) / tau), rtol=1e-12)
    # all hash at first; once the hashprice falls below 24 the old machines leave (and the
    # difficulty's fall brings them back: a one-class fleet swings, the lag damps it)
    assert hp[0] > 24.0 and a[0] == 1.0 and a.min() < 0.5 and installed[-1] > 1.5 * 600.0
    with pytest.raises(ValueError, match="needs shutdown_power_price_usd_per_kwh"):
        flat(n_months=2, price_usd=np.full(3, 7e4), shutdown_fleet=old_fleet.assign(power_price_usd_per_kwh=0.05),
             shutdown_new_machine_efficiency_j_per_th=15.0)


def test_the_response_reads_a_simulated_difficulty_past_todays_plausible_range():
    """The response prices each epoch at the path's own difficulty: a network that starts
    inside the plausible range (80,000 EH/s) and grows +50 %/year takes it past today's bound
    (1.4e16), and the hashprice used to stop the simulation there with "check its unit"."""
    from minelib import plausibility

    _, hi = plausibility.limit("difficulty")
    tau = 20.0
    # at $1.2M and $0.005/kWh the classes cost 1.8 and 4.8 USD/PH/day: the 40 J/TH machines
    # leave once the difficulty passes ~1.57e16, above the bound
    net = flat(start="2025-01-01", n_months=24, start_height=880_000, network_hashrate_ehs=8e4,
               hashrate_drift_per_year=0.5, price_usd=np.full(25, 1.2e6), shutdown_fleet=FLEET,
               shutdown_power_price_usd_per_kwh=0.005, shutdown_lag_days=tau)
    t, d, a = net.epoch_start_days[:, 0], net.epoch_difficulty[:, 0], net.epoch_active_share[:, 0]
    assert d.max() > hi and net.halving_heights.size == 0  # no halving: the response sees epoch starts only
    target = np.where(hashprice_by_hand(1.2e6, d) < 4.8, 0.6, 1.0)
    expected = target[:-1] + (a[:-1] - target[:-1]) * np.exp(-np.diff(t) / tau)
    np.testing.assert_allclose(a[1:], expected, rtol=1e-12)
    assert a[0] == 1.0 and a.min() < 0.7  # the old machines did leave, past the bound


#: The one wording of a shutdown_fleet entirely under water, at the start and later on a path
UNDER_WATER = re.compile(r"shutdown_fleet is entirely under water on (\d+) path\(s\) \(the first: path (\d+), "
                         r"(at the start|on day [\d.]+), at a hashprice of ([\d.e+-]+) USD/PH/day, below the "
                         r"starting fleet's lowest break-even of ([\d.e+-]+) USD/PH/day\): when the hashprice pays "
                         r"no machine's power cost nothing hashes, the epoch does not end, and the difficulty falls "
                         r"only at a retarget\. Keep machines above water \(.*")


def test_a_fleet_under_water_at_the_start_and_later_has_one_message():
    """The start had a message of its own ("entirely under water at the starting hashprice
    ... no hashrate to start from") beside the later one ("went under water"): both now come
    from one place, with the path, when, its hashprice (by hand, Luxor's) and the lowest
    break-even (24 e p). At the start neither new machines nor a shorter horizon help. The
    later case used to blame a 'collapse' on hashrate_drift_per_year=0.5, a growth."""
    kw = dict(start="2024-06-01", n_months=24, start_height=850_752, network_hashrate_ehs=600.0,
              shutdown_power_price_usd_per_kwh=0.05, shutdown_lag_days=0.0)
    d0 = flat(price_usd=np.full(25, 1e5), shutdown_fleet=FLEET, **kw).epoch_difficulty[0, 0]
    with pytest.raises(ValueError) as at_start:  # $1,000: every path under water from the start
        flat(3, price_usd=np.full(25, 1_000.0), shutdown_fleet=FLEET, **kw)
    # later: a one-class fleet (20 J/TH: 24 USD/PH/day) at $40k on a network growing +50 %/year;
    # 0.1 % of 1 J/TH machines keep the chain going to find, by hand, the epoch it goes under;
    # at zero lag the machines switch off at the next observation, the next epoch's start
    kw.update(hashrate_drift_per_year=0.5, price_usd=np.full(25, 40_000.0))
    kept = flat(shutdown_fleet=pd.DataFrame({"efficiency_j_per_th": [20.0, 1.0], "hashrate_share": [0.999, 0.001]}),
                **kw)
    k = int(np.argmax(hashprice_by_hand(40_000.0, kept.epoch_difficulty[:, 0]) < 24.0)) + 1
    with pytest.raises(ValueError) as later:
        flat(shutdown_fleet=pd.DataFrame({"efficiency_j_per_th": [20.0], "hashrate_share": [1.0]}), **kw)
    for error, (n, when, hashprice, breakeven, remedy) in [
        (at_start, ("3", "at the start", hashprice_by_hand(1_000.0, d0), 24 * 15.0 * 0.05, "price path)")),
        (later, ("1", f"on day {kept.epoch_start_days[k, 0]:.1f}",
                 hashprice_by_hand(40_000.0, kept.epoch_difficulty[k, 0]), 24 * 20.0 * 0.05,
                 "(shutdown_new_machine_efficiency_j_per_th, the power price, the price path) or shorten the horizon")),
    ]:
        m = UNDER_WATER.fullmatch(str(error.value))
        assert m, str(error.value)
        assert m.group(1, 2, 3) == (n, "0", when)
        assert float(m.group(4)) == pytest.approx(hashprice, rel=1e-3) and float(m.group(5)) == pytest.approx(breakeven)
        assert str(error.value).endswith(remedy)


def test_a_path_that_stalls_past_the_horizon_does_not_stop_the_run():
    """Path 532's whole fleet goes under water near the end; with the 30-day lag its
    hashrate dwindles and its last epoch runs past the four-year horizon, while other paths
    are still short of it. Followed on, it stalled and the whole run was refused. Its
    months are all written by the horizon: its blocks are, by hand from its epochs, the
    height of its last epoch before the horizon plus that epoch's rate over the rest."""
    fleet = pd.DataFrame({"efficiency_j_per_th": [17.0, 25.0, 34.0], "hashrate_share": [0.6, 0.3, 0.1]})
    res = run_monte_carlo(2_000, seed=0, n_months=48, miner_hashrate_ehs=16.4,
                          network_kwargs=dict(shutdown_fleet=fleet, shutdown_power_price_usd_per_kwh=0.05))
    net = res.network
    assert np.isfinite(net.blocks).all() and np.isfinite(res.production_btc).all()
    assert _stalled_paths_blocks_by_hand(net).size  # the case still stalls (else this test tests nothing)


def test_paths_stalled_past_the_horizon_keep_the_halving_the_others_reached():
    """Block 1,050,000 falls inside a three-month horizon on some paths. With the last
    month end's price at $1 (seen only after the horizon) the fleet goes under water past
    it and paths stall there: the halving is still reported, at the same days on the paths
    that reached it within the horizon, and NaN where a path stalled first; the months are
    those of the run without the crash."""
    fleet = pd.DataFrame({"efficiency_j_per_th": [17.0, 25.0, 34.0], "hashrate_share": [0.6, 0.3, 0.1]})
    kw = dict(start_height=1_050_000 - 14_000, n_months=3, hashrate_drift_per_year=1.0,
              hashrate_volatility_per_year=3.0, shutdown_fleet=fleet, shutdown_power_price_usd_per_kwh=0.001,
              shutdown_lag_days=0.0, seed=0)
    flat = np.full(4, 70_000.0)
    crash = np.r_[flat[:-1], 1.0]
    calm, stalled = simulate_network(400, price_usd=flat, **kw), simulate_network(400, price_usd=crash, **kw)
    assert (~np.isfinite(stalled.epoch_start_days).all(axis=0)).any()  # paths do stall (else this tests nothing)
    assert stalled.halving_heights.tolist() == calm.halving_heights.tolist() == [1_050_000]
    within = calm.halving_days[0] < calm.month_edges_days[-1]
    assert within.any()
    np.testing.assert_array_equal(stalled.halving_days[0][within], calm.halving_days[0][within])
    assert np.isnan(stalled.halving_days[0]).any() and stalled.halving_dates.iloc[0].isna().any()
    np.testing.assert_array_equal(stalled.blocks, calm.blocks)


def test_zero_lag_switches_at_the_next_observation():
    price = np.r_[[70_000.0] * 4, [30_000.0] * 4]
    net = flat(start="2024-06-01", n_months=7, start_height=850_752, network_hashrate_ehs=600.0, price_usd=price,
               shutdown_fleet=FLEET, shutdown_power_price_usd_per_kwh=0.05, shutdown_lag_days=0.0)
    a = net.epoch_active_share[:, 0]
    assert set(np.round(a, 12)) == {0.6, 1.0}  # no share in between


def test_a_fleet_always_above_water_changes_nothing():
    kw = dict(n_months=12, network_kwargs=dict(hashrate_volatility_per_year=0.3), miner_hashrate_ehs=16.4,
              price_volatility_per_year=0.3, price0_usd=1e6)
    base = run_monte_carlo(50, seed=4, **kw)
    kw["network_kwargs"].update(shutdown_fleet=FLEET, shutdown_power_price_usd_per_kwh=0.05)
    coupled = run_monte_carlo(50, seed=4, **kw)
    assert np.array_equal(base.production_btc, coupled.production_btc)
    assert np.array_equal(base.network.difficulty, coupled.network.difficulty)
    assert np.all(coupled.network.epoch_active_share == 1.0)


def test_the_response_is_a_network_option_that_run_monte_carlo_feeds():
    # with the price a GBM, machines are on and off along the paths: fewer hash where it fell
    res = run_monte_carlo(200, seed=8, n_months=24, miner_hashrate_ehs=16.4, price0_usd=60_000.0,
                          network_kwargs=dict(shutdown_fleet=FLEET, shutdown_power_price_usd_per_kwh=0.05,
                                              halving_drop=(0.0, 0.0)))
    a = res.network.epoch_active_share
    assert a.min() >= 0.0 and a.max() == 1.0 and np.mean(a[-1] < 1.0) > 0.1
    assert np.corrcoef(a[-1], np.log(res.price_usd[-1]))[0, 1] > 0.3


def test_the_epoch_loop_takes_each_segments_subsidy_from_the_unchecked_rule(monkeypatch):
    """The loop asked the public, checked block_subsidy_btc at every segment; its heights
    are its own (whole, >= 0), so it asks the protocol's unchecked core: at each epoch's
    start and at the halving block, never of the public function (without a shutdown_fleet,
    whose first observation asks it once for the checked start_height)."""
    from minelib.montecarlo import network

    calls = {"checked": [], "core": []}
    for name, key in (("block_subsidy_btc", "checked"), ("_block_subsidy_btc", "core")):
        real = getattr(network, name)
        monkeypatch.setattr(network, name, lambda h, real=real, key=key: calls[key].append(int(h)) or real(h))
    net = simulate_network(5, n_months=12, start_height=1_050_000 - 30_000, seed=3)
    assert net.halving_heights.tolist() == [1_050_000]  # the run crosses a halving
    assert calls["checked"] == []
    assert calls["core"] == sorted(net.epoch_start_height.tolist() + [1_050_000])


@pytest.mark.parametrize("power_price", [0.05, None])
def test_the_hashprice_response_takes_its_break_evens_from_share_unprofitables_place(monkeypatch, power_price):
    """One power price for every class, or each class's own column: the choice is made in
    one place (minelib.fleet._fleet_breakevens) for share_unprofitable and the Monte Carlo's
    response. Each class breaks even at 24 e p USD/PH/day (1 PH/s at e J/TH draws e kW), and
    the response's share under water is share_unprofitable's, bit for bit."""
    from minelib import fleet as fleet_module
    from minelib.montecarlo import coupling

    fleet = FLEET.assign(power_price_usd_per_kwh=[0.04, 0.07])
    calls = []
    breakevens = fleet_module._fleet_breakevens
    spy = lambda *a, **k: calls.append(a[1] is None) or breakevens(*a, **k)  # noqa: E731
    monkeypatch.setattr(fleet_module, "_fleet_breakevens", spy)
    monkeypatch.setattr(coupling, "_fleet_breakevens", spy)
    response = coupling.HashpriceResponse(fleet, power_price, 0.0, np.full((2, 3), 7e4), np.array([0.0, 30.0]))
    hashprice = np.array([0.0, 20.0, 21.6, 36.0, 40.0, 48.0, 67.2, 80.0])
    expected = fleet_module.share_unprofitable(fleet, hashprice, power_price)
    assert calls == [power_price is not None] * 2  # the response, then share_unprofitable
    p = fleet["power_price_usd_per_kwh"].to_numpy() if power_price is None else power_price
    np.testing.assert_allclose(response.breakeven, 24.0 * fleet["efficiency_j_per_th"].to_numpy() * p, rtol=1e-12)
    by_hand = (response.breakeven > hashprice[:, None]) @ [0.6, 0.4]
    np.testing.assert_allclose(expected, by_hand, rtol=1e-12)
    assert np.array_equal(fleet_module._share_unprofitable(response.breakeven, response.weights, hashprice), expected)


@pytest.mark.parametrize("kwargs, message", [
    (dict(shutdown_fleet=FLEET, shutdown_power_price_usd_per_kwh=0.05), "shutdown_fleet needs price_usd"),
    (dict(shutdown_power_price_usd_per_kwh=0.05), "without a shutdown_fleet"),
    (dict(price_usd=np.full(3, 7e4)), "price_usd is given without a shutdown_fleet"),
    (dict(price_usd=np.full(2, 7e4), shutdown_fleet=FLEET, shutdown_power_price_usd_per_kwh=0.05), "price_usd has 2"),
    (dict(price_usd=np.full(3, 7e4), shutdown_fleet=FLEET, shutdown_power_price_usd_per_kwh=0.05,
          shutdown_lag_days=-1.0), "shutdown_lag_days"),
    (dict(price_usd=np.full(3, 1.0), shutdown_fleet=FLEET, shutdown_power_price_usd_per_kwh=0.05),
     "shutdown_fleet is entirely under water on 2 path(s) (the first: path 0, at the start, at a hashprice of "),
    (dict(price_hashrate_correlation=0.5), "needs price_shocks"),
    (dict(price_hashrate_correlation=1.5, price_shocks=np.zeros((2, 2))), "price_hashrate_correlation=1.5"),
    (dict(price_shocks=np.zeros((2, 2))), "price_hashrate_correlation=0"),
])
def test_coupling_arguments_are_checked(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        simulate_network(2, n_months=2, **kwargs)


# ------------------------------------------------------------------ correlated price and hashrate shocks
@pytest.mark.parametrize("rho", [0.5, -0.3])
def test_price_and_hashrate_shocks_have_the_given_correlation(rho):
    """Cov(W_h(tau), W_p(T)) = rho E[tau] for the trend's last epoch start tau <= T (a stopping time)."""
    mu_h, s_h, s_p = 0.3, 0.3, 0.6
    res = run_monte_carlo(20_000, seed=31, n_months=12, miner_hashrate_ehs=10.0, price_drift_per_year=0.0,
                          price_volatility_per_year=s_p, price_hashrate_correlation=rho,
                          network_kwargs=dict(hashrate_drift_per_year=mu_h, hashrate_volatility_per_year=s_h,
                                              halving_drop=(0.0, 0.0)))
    net = res.network
    T = net.month_edges_days[-1] / 365.25
    w_p = (np.log(res.price_usd[-1] / 70_000.0) + 0.5 * s_p**2 * T) / s_p  # the price's Brownian motion at T
    t = net.epoch_start_days / 365.25
    k = (t <= T).sum(axis=0) - 1  # the last epoch that starts by T, per path
    cols = np.arange(net.n_paths)
    tau = t[k, cols]
    w_h = (np.log(net.epoch_hashrate_ehs[k, cols] / 566.0) - (mu_h - 0.5 * s_h**2) * tau) / s_h
    assert np.mean(w_h**2) / np.mean(tau) == pytest.approx(1.0, abs=0.03)  # still a Brownian motion
    assert np.mean(w_h * w_p) / np.mean(tau) == pytest.approx(rho, abs=0.03)  # ~0.007 standard error


def test_zero_correlation_leaves_the_paths_as_they_were():
    kw = dict(n_months=12, miner_hashrate_ehs=16.4)
    assert np.array_equal(run_monte_carlo(30, seed=2, **kw).production_btc,
                          run_monte_carlo(30, seed=2, price_hashrate_correlation=0.0, **kw).production_btc)
    with pytest.raises(ValueError, match="price_model='bootstrap' has none"):
        run_monte_carlo(3, seed=0, price_model="bootstrap", log_returns=np.zeros(5), price_hashrate_correlation=0.2,
                        **kw)
    with pytest.raises(ValueError, match="network_kwargs must not contain 'price_hashrate_correlation'"):
        run_monte_carlo(3, seed=0, network_kwargs=dict(price_hashrate_correlation=0.2), **kw)


def test_breakeven_bridge_by_hand():
    net = flat(start="2024-06-01", n_months=7, start_height=850_752, network_hashrate_ehs=600.0)
    base = simulate_miner_paths(net, 60_000.0, 20.0, power_price_usd_per_kwh=0.0, other_cash_costs_usd_per_month=10e6)
    dearer = simulate_miner_paths(net, 60_000.0, 20.0, power_price_usd_per_kwh=0.0,
                                  other_cash_costs_usd_per_month=10e6, depreciation_usd_per_month=10e6)
    # Q4 2024: 92 days at 143.93 blocks a day, 20/600 of them, 3.125 BTC each
    btc = 20 / 600 * STEADY_BLOCKS_A_DAY * 92 * 3.125
    t = breakeven_bridge([("seed figure", 70_000.0), ("model", base), ("with depreciation", dearer)], "2024Q4")
    assert t["breakeven_usd"].tolist() == pytest.approx([70_000.0, 30e6 / btc, 60e6 / btc])
    assert t["change"].iloc[2] == pytest.approx(1.0)
    assert t["change_usd"].iloc[1] == pytest.approx(30e6 / btc - 70_000.0)
    assert np.isnan(t["change"].iloc[0])
    cash = breakeven_bridge([("model", base), ("with depreciation", dearer)], "2024Q4", cost="cash")
    assert cash["change"].iloc[1] == pytest.approx(0.0)  # depreciation is not a cash cost
    with pytest.raises(ValueError, match="repeated labels"):
        breakeven_bridge([("a", 1.0), ("a", 2.0)], "2024Q4")
    with pytest.raises(ValueError, match="steps\\['b'\\]"):
        breakeven_bridge([("a", 1.0), ("b", -2.0)], "2024Q4")


def test_prob_negative_cash_margin_by_hand():
    net = flat(2, start="2024-06-01", n_months=7, start_height=850_752, network_hashrate_ehs=600.0)
    prices = np.column_stack([np.full(7, 60_000.0), np.full(7, 30_000.0)])  # one path at each price
    res = simulate_miner_paths(net, prices, 10.0)
    # 1 PH/s earns 143.93 blocks x 3.125 BTC / 600,000 PH/s a day: $44.98 at $60k, $22.49 at $30k;
    # a 20 J/TH machine burns 480 kWh a day: $14.40 at 3 cents, $24.00 at 5, $48.00 at 10
    p = pd.Series([0.03, 0.05, 0.10], index=["cheap", "mid", "dear"])
    got = prob_negative_cash_margin(res, 20.0, p, months="2024Q4")
    assert isinstance(got, pd.Series) and got.tolist() == [0.0, 0.5, 1.0]
    np.testing.assert_allclose(net.hashprice_btc_per_ph_day, STEADY_BLOCKS_A_DAY * 3.125 / 600_000, rtol=1e-12)
    hp = STEADY_BLOCKS_A_DAY * 3.125 / 600_000 * 30_000.0
    # at the break-even power price of the $30k path, less the 2 % pool fee: under water by the fee
    p_be = hp / (24 * 20.0)
    assert prob_negative_cash_margin(res, 20.0, p_be * 0.99, months="2024Q4") == 0.0
    assert prob_negative_cash_margin(res, 20.0, p_be * 0.99, months="2024Q4", pool_fee=0.02) == 0.5
    assert prob_negative_cash_margin(res, 20.0, p_be * 0.99, months="2024Q4", pue=1.05) == 0.5


def _month_bins_by_loop(edges_days, segments):
    """Reference: each segment's rates times its overlap with each month, added path by
    path into the month's bin with Python floats; a segment that reaches a month's end
    records the difficulty there."""
    edges = [e * 86_400.0 for e in edges_days] + [float("inf")]
    n_mo, m = len(edges_days) - 1, len(segments[0][0])
    acc = [[[0.0] * m for _ in range(n_mo + 1)] for _ in range(3)]
    diff = [[float("nan")] * m for _ in range(n_mo + 1)]
    for t_a, t_b, *rates, dd in segments:
        for p in range(m):
            for j in range(n_mo + 1):
                lo, hi = edges[j], edges[j + 1]
                if hi <= t_a[p] or lo > t_b[p] or (lo == t_b[p] and lo > t_a[p]):
                    continue  # the month is before the segment, or after it
                ov = min(t_b[p], hi) - max(t_a[p], lo)
                for k in range(3):
                    acc[k][j][p] += rates[k][p] * ov
                if t_b[p] >= hi:
                    diff[j][p] = dd[p]
    return [np.array(a) for a in acc] + [np.array(diff)]


@pytest.mark.parametrize("m, steps, max_days", [(1, 1, 10), (1, 9, 40), (300, 12, 25), (200, 6, 70)])
def test_month_bins_equal_a_loop_over_paths_and_months_bit_for_bit(m, steps, max_days):
    """The running totals flushed at month ends give the bins of adding every segment's
    share into its months, exactly: segments that stay in a month, cross one or several
    month ends (up to 70 days), end exactly on one, have no length, or run past the horizon."""
    from minelib.montecarlo.network import _MonthBins

    rng = np.random.default_rng(m + steps)
    edges = np.array([0.0, 31.0, 60.0, 91.0, 121.0])  # days
    bins = _MonthBins(edges, m)
    t, segments = np.zeros(m), []
    for i in range(steps):
        t_next = t + rng.uniform(0, max_days, m) * 86_400.0
        if i == 1:  # ends exactly on the end of its month
            t_next[0] = edges[np.searchsorted(edges, t[0] / 86_400.0, side="right")] * 86_400.0
        if i == 2:
            t_next[-1] = t[-1]  # no length
        rates = [rng.uniform(1, 2, m) for _ in range(4)]
        bins.add(t, t_next, *rates)
        segments.append((t.tolist(), t_next.tolist(), *(r.tolist() for r in rates)))
        t = t_next
    bins.flush()
    btc, blocks, hashes, diff = _month_bins_by_loop(edges, segments)
    np.testing.assert_array_equal(bins.btc, btc)
    np.testing.assert_array_equal(bins.blocks, blocks)
    np.testing.assert_array_equal(bins.hash, hashes)
    np.testing.assert_array_equal(bins.difficulty, diff)


@pytest.mark.parametrize("policy, extra", [("sell_to_cover", {"start_treasury_btc": np.linspace(0.0, 50.0, 40)}),
                                           ("fixed_fraction", {"sell_fraction": np.linspace(0.1, 0.9, 9)}),
                                           ("hold", {"start_cash_usd": 1e7})])
def test_miner_costs_and_treasury_equal_the_full_arrays_and_the_public_treasury(policy, extra):
    """The miner computes its costs on the inputs' own shapes and runs the treasury without
    a second check: the numbers are those of the (n_months, n_paths) formulas and of
    simulate_treasury_paths on them, bit for bit."""
    from minelib.costs import cash_cost_usd, power_cost_usd_per_ph_day
    from minelib.treasury import simulate_treasury_paths
    from minelib.units import PH_PER_EH

    net = simulate_network(40, n_months=9, seed=4)
    price = np.linspace(50e3, 90e3, 9)
    plan = np.linspace(5.0, 9.0, 9)
    res = simulate_miner_paths(net, price, plan, efficiency_j_per_th=18.0, power_price_usd_per_kwh=[0.05] * 9,
                               other_cash_costs_usd_per_month=2e6, interest_usd_per_month=5e5, pue=1.1,
                               policy=policy, **extra)
    shape = (9, 40)
    days = np.broadcast_to(np.diff(net.month_edges_days)[:, None], shape)
    mh = np.broadcast_to(plan[:, None], shape)
    power = mh * PH_PER_EH * np.asarray(power_cost_usd_per_ph_day(18.0, 0.05, 1.0, 1.1)) * days
    fiat = cash_cost_usd(power, other_cost_of_revenue_usd=np.full(shape, 2e6), interest_usd=np.full(shape, 5e5))
    assert np.array_equal(res.power_cost_usd, power) and np.array_equal(res.fiat_costs_usd, fiat)
    public = simulate_treasury_paths(res.production_btc, np.broadcast_to(price[:, None], shape), fiat, policy,
                                     **extra)
    for k in TREASURY_COLUMNS:
        assert np.array_equal(res.treasury[k], public[k], equal_nan=True), k
