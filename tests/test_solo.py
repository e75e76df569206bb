"""Tests for minelib.solo: numbers pinned by hand from the Poisson model, the growth integral
and the protocol's halvings."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minelib.solo import (
    expected_blocks_per_day,
    expected_btc_per_year,
    expected_days_to_block,
    expected_years_to_block,
    probability_of_block,
    probability_of_k_blocks,
    yearly_reward_cv,
)

# Bitaxe-class home device (~1.2 TH/s) against ~913 EH/s (seed 003). A steady network finds
# 86,400 / (600 x 2016 / 2015) = 143.93 blocks a day: Bitcoin Core measures each 2,016-block
# epoch over 2,015 intervals (src/pow.cpp).
B = 86_400 / (600 * 2016 / 2015)
BITAXE_HS = 1.2e12
NETWORK_HS = 913e18
SHARE = BITAXE_HS / NETWORK_HS
LAM = SHARE * B  # blocks per day
YEAR = 365.25


def test_expected_blocks_per_day_bitaxe():
    got = expected_blocks_per_day(1.2, 913.0)
    assert isinstance(got, float)
    assert got == pytest.approx(LAM, rel=1e-12)


def test_expected_time_to_block_bitaxe_is_about_14450_years():
    years = 1.0 / LAM / YEAR
    assert 14_400 < years < 14_500
    assert expected_years_to_block(1.2, 913.0) == pytest.approx(years, rel=1e-12)
    assert expected_days_to_block(1.2, 913.0) == pytest.approx(1.0 / LAM, rel=1e-12)


def test_probability_of_block_one_year_bitaxe():
    expected = 1.0 - math.exp(-LAM * YEAR)
    assert probability_of_block(1.2, 913.0, YEAR) == pytest.approx(expected, rel=1e-9)


def test_probability_of_block_tiny_rate_keeps_precision():
    # 1 H/s for one second's worth of days: naive 1 - exp(-x) would round to 0
    lam = 1.0 / 913e18 * B
    t = 1.0 / 86_400.0
    got = probability_of_block(1e-12, 913.0, t)
    assert got > 0.0
    assert got == pytest.approx(lam * t, rel=1e-9)


def test_probability_of_block_kinds():
    h = np.array([1.2, 200.0, 0.0])
    got = probability_of_block(h, 913.0, 30.0)
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, 1.0 - np.exp(-h * 1e12 / NETWORK_HS * B * 30.0), rtol=1e-9)  # naive 1 - exp loses digits
    days = pd.Series([1.0, 365.25], index=["day", "year"])
    got_s = probability_of_block(200.0, 913.0, days)
    assert isinstance(got_s, pd.Series)
    assert list(got_s.index) == ["day", "year"]
    lam = 200e12 / NETWORK_HS * B
    np.testing.assert_allclose(got_s.to_numpy(), [1 - math.exp(-lam), 1 - math.exp(-lam * YEAR)])


def test_probability_of_k_blocks_by_hand():
    mu = 200e12 / NETWORK_HS * B * YEAR
    for k in range(4):
        expected = mu**k * math.exp(-mu) / math.factorial(k)
        assert probability_of_k_blocks(k, 200.0, 913.0, YEAR) == pytest.approx(expected, rel=1e-10)


def test_probability_of_k_blocks_sums_to_one_and_kinds():
    k = np.arange(60)
    p = probability_of_k_blocks(k, 5e6, 913.0, 30.0)  # a 5 EH/s miner for a month, mu ~ 23.7
    assert isinstance(p, np.ndarray)
    assert p.sum() == pytest.approx(1.0, abs=1e-9)
    ks = pd.Series([0, 1], index=["none", "one"])
    got = probability_of_k_blocks(ks, 1.2, 913.0, YEAR)
    assert list(got.index) == ["none", "one"]
    mu = LAM * YEAR
    np.testing.assert_allclose(got.to_numpy(), [math.exp(-mu), mu * math.exp(-mu)], rtol=1e-10)


def test_probability_of_k_blocks_zero_rate():
    np.testing.assert_array_equal(probability_of_k_blocks(np.arange(3), 0.0, 913.0, YEAR), [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(probability_of_k_blocks(np.arange(3), 1.2, 913.0, 0.0), [1.0, 0.0, 0.0])


def test_yearly_reward_cv_and_expected_btc():
    mu = LAM * YEAR
    assert yearly_reward_cv(1.2, 913.0) == pytest.approx(1.0 / math.sqrt(mu), rel=1e-12)
    assert expected_btc_per_year(1.2, 913.0, 3.125) == pytest.approx(mu * 3.125, rel=1e-12)
    got = yearly_reward_cv(np.array([1.2, 1.2e6]), 913.0)
    np.testing.assert_allclose(got, [1 / math.sqrt(mu), 1 / math.sqrt(mu * 1e6)])
    s = pd.Series([1.2, 200.0], index=["bitaxe", "s21"])
    got_s = expected_btc_per_year(s, 913.0, 3.125)
    assert list(got_s.index) == ["bitaxe", "s21"]
    np.testing.assert_allclose(got_s.to_numpy(), s.to_numpy() * 1e12 / NETWORK_HS * B * YEAR * 3.125)


def test_zero_hashrate_gives_inf_not_nan():
    assert expected_days_to_block(0.0, 913.0) == math.inf
    assert expected_years_to_block(0.0, 913.0) == math.inf
    assert yearly_reward_cv(0.0, 913.0) == math.inf
    assert probability_of_block(0.0, 913.0, 365.0) == 0.0
    assert expected_btc_per_year(0.0, 913.0, 3.125) == 0.0


def test_blocks_per_day_parameter():
    assert expected_blocks_per_day(1.2, 913.0, 160.0) == pytest.approx(SHARE * 160.0)
    arr = expected_days_to_block(1.2, 913.0, np.array([144.0, 72.0]))
    np.testing.assert_allclose(arr, [1 / (SHARE * 144.0), 2 / (SHARE * 144.0)])
    # the default is the steady network's 143.93 blocks a day, not the 600 s target's 144
    assert expected_blocks_per_day(1.2, 913.0) == pytest.approx(SHARE * 143.9286, rel=1e-6)
    s = expected_years_to_block(pd.Series([1.2], index=["x"]), 913.0)
    assert list(s.index) == ["x"]


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: expected_blocks_per_day(-1.0, 913.0), "miner_hashrate_ths"),
        (lambda: expected_blocks_per_day(float("nan"), 913.0), "miner_hashrate_ths"),
        (lambda: expected_blocks_per_day(1.2, 0.0), "network_hashrate_ehs"),
        (lambda: expected_blocks_per_day(1.2, -913.0), "network_hashrate_ehs"),
        (lambda: expected_blocks_per_day(2e6, 1.0), "miner_hashrate_ths"),  # 2 EH/s > 1 EH/s
        (lambda: expected_blocks_per_day(1.2, 913.0, 0.0), "blocks_per_day"),
        (lambda: probability_of_block(1.2, 913.0, -1.0), "days"),
        (lambda: probability_of_block(1.2, 913.0, np.array([1.0, np.nan])), "days"),
        (lambda: probability_of_k_blocks(1.5, 1.2, 913.0, 1.0), "k"),
        (lambda: probability_of_k_blocks(-1, 1.2, 913.0, 1.0), "k"),
        (lambda: expected_days_to_block("fast", 913.0), "miner_hashrate_ths"),
        (lambda: expected_years_to_block(1.2, float("nan")), "network_hashrate_ehs"),
        (lambda: yearly_reward_cv(-0.1, 913.0), "miner_hashrate_ths"),
        (lambda: expected_btc_per_year(1.2, 913.0, -3.125), "reward_btc_per_block"),
    ],
)
def test_bad_input_names_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


hashrates = st.floats(0.0, 1e7)  # TH/s, up to 10 EH/s
networks = st.floats(10.0, 2000.0)  # EH/s


@settings(max_examples=80)
@given(h=hashrates, n=networks, t1=st.floats(0.0, 1e5), t2=st.floats(0.0, 1e5))
def test_probability_monotone_in_time_and_bounded(h, n, t1, t2):
    lo, hi = sorted([t1, t2])
    p_lo = probability_of_block(h, n, lo)
    p_hi = probability_of_block(h, n, hi)
    assert 0.0 <= p_lo <= p_hi <= 1.0


@settings(max_examples=80)
@given(h1=hashrates, h2=hashrates, n=networks, t=st.floats(0.0, 1e4))
def test_probability_monotone_in_hashrate(h1, h2, n, t):
    lo, hi = sorted([h1, h2])
    assert probability_of_block(lo, n, t) <= probability_of_block(hi, n, t)


@settings(max_examples=50)
@given(h=st.floats(1e-3, 1e7), n=networks)
def test_cv_and_wait_consistent(h, n):
    # CV^2 = 1 / mu and E[T] = 1 / lambda, so CV^2 = E[T] / 365.25
    cv = yearly_reward_cv(h, n)
    days = expected_days_to_block(h, n)
    assert cv**2 == pytest.approx(days / YEAR, rel=1e-9)


def test_infinite_input_rejected():
    with pytest.raises(ValueError, match="network_hashrate_ehs"):
        expected_blocks_per_day(1.2, math.inf)
    with pytest.raises(ValueError, match="days"):
        probability_of_block(1.2, 913.0, math.inf)


@pytest.mark.parametrize(
    "func, extra",
    [
        (expected_blocks_per_day, ()),
        (expected_days_to_block, ()),
        (expected_years_to_block, ()),
        (yearly_reward_cv, ()),
        (lambda h, n: probability_of_block(h, n, 30.0), ()),
        (lambda h, n: probability_of_k_blocks(1, h, n, 30.0), ()),
        (lambda h, n: expected_btc_per_year(h, n, 3.125), ()),
    ],
)
def test_every_function_returns_the_input_kind(func, extra):
    h = [1.2, 200.0, 5e5]
    scalars = [func(x, 913.0) for x in h]
    assert all(isinstance(v, float) for v in scalars)
    arr = func(np.array(h), 913.0)
    assert isinstance(arr, np.ndarray)
    np.testing.assert_allclose(arr, scalars, rtol=1e-12)
    idx = pd.Index(["bitaxe", "s21", "farm"], name="rig")
    ser = func(pd.Series(h, index=idx), 913.0)
    assert isinstance(ser, pd.Series) and ser.index.equals(idx)
    np.testing.assert_allclose(ser.to_numpy(), scalars, rtol=1e-12)


def test_median_blocks_by_hand():
    from minelib.solo import median_blocks

    # mu <= ln 2 -> median 0 (P(N=0) = e^-mu >= 1/2)
    mu_home = 1.2e12 / 913e18 * B * 365.25
    assert mu_home < np.log(2)
    assert median_blocks(1.2, 913.0, 365.25) == 0
    # exactly at mu = ln 2 the median is still 0; just above it becomes 1
    days = np.log(2) / (1.0 / 1e6 * B)  # 1 TH/s of 1 EH/s
    assert median_blocks(1.0, 1.0, days * 0.999) == 0
    assert median_blocks(1.0, 1.0, days * 1.01) == 1
    # large mu: the Poisson median lies within [mu - ln 2, mu + 1/3]
    mu = 10e6 / 913e6 * B * 365.25
    got = median_blocks(pd.Series([10e6], index=["industrial"]), 913.0, 365.25)
    assert mu - np.log(2) <= got["industrial"] <= mu + 1 / 3


# ------------------------------------------------------------------ a growing network, halvings, pools
from minelib.solo import (  # noqa: E402
    constant_network_days,
    expected_blocks,
    expected_pooled_btc,
    expected_solo_btc,
    network_growth_years,
    simulate_solo_btc,
    solo_btc_sd,
)
from minelib import plausibility  # noqa: E402

def test_constant_network_days_by_hand():
    # doubling every year (r = ln 2): one year holds (1 - 1/2) / ln 2 = 0.7213 years of today's blocks
    assert constant_network_days(YEAR, math.log(2)) == pytest.approx(YEAR * 0.5 / math.log(2))
    assert constant_network_days(1000.0, 0.0) == 1000.0
    # the check: 25 years at 25.8 %/year hold about 3.9 years of today's network.
    # Continuously compounded: (1 - e^(-0.258 x 25)) / 0.258 = 3.869 years; the yearly sum
    # sum_{t=1..25} 1.258^-t = 3.86 says the same to 0.3 %.
    years = constant_network_days(25 * YEAR, 0.258) / YEAR
    assert years == pytest.approx((1 - math.exp(-0.258 * 25)) / 0.258)
    assert round(years, 1) == 3.9
    assert years == pytest.approx(sum(1.258 ** -t for t in range(1, 26)), rel=3e-3)
    # a shrinking network (r < 0) gives more than the calendar: (e^(0.1 x 2) - 1) / 0.1 years
    assert constant_network_days(2 * YEAR, -0.1) == pytest.approx(YEAR * (math.exp(0.2) - 1) / 0.1)
    # tiny drifts do not lose digits (no 0/0): x = 1e-14 gives t
    assert constant_network_days(YEAR, 1e-14) == pytest.approx(YEAR, rel=1e-12)


def test_expected_blocks_is_the_integral_of_the_falling_rate():
    from scipy.integrate import quad

    lam0 = 200e12 / NETWORK_HS * B  # blocks/day on today's network
    for days, r in [(3652.5, 0.258), (3652.5, 0.0), (5000.0, -0.05), (100.0, 1.0)]:
        numeric, _ = quad(lambda s: lam0 * math.exp(-r * s / YEAR), 0.0, days)
        assert expected_blocks(200.0, 913.0, days, r) == pytest.approx(numeric, rel=1e-10)
    # and probability_of_block / probability_of_k_blocks / median_blocks use that mean
    mu = expected_blocks(200.0, 913.0, 3652.5, 0.258)
    assert probability_of_block(200.0, 913.0, 3652.5, 0.258) == pytest.approx(1 - math.exp(-mu))
    assert probability_of_k_blocks(1, 200.0, 913.0, 3652.5, 0.258) == pytest.approx(mu * math.exp(-mu))
    from minelib.solo import median_blocks

    # a 10 EH/s miner: 576 blocks in a year on a flat network; (1 - e^-0.258) / 0.258 = 0.8843 of it growing
    mu_ind = 10e6 / 913e6 * B * YEAR * (1 - math.exp(-0.258)) / 0.258
    assert abs(median_blocks(10e6, 913.0, YEAR, 0.258) - mu_ind) <= 1


def test_network_growth_years_by_hand():
    assert network_growth_years(913.0, 1e5, 0.258) == pytest.approx(math.log(1e5 / 913.0) / 0.258)
    assert round(network_growth_years(913.0, 1e5, 0.258), 1) == 18.2
    assert network_growth_years(913.0, 913.0, 0.0) == 0.0
    np.testing.assert_array_equal(network_growth_years(913.0, np.array([1e3, 500.0]), 0.0), [math.inf, math.inf])
    assert network_growth_years(913.0, 500.0, 0.258) == math.inf  # growing away from a lower target
    assert network_growth_years(913.0, 456.5, -math.log(2)) == pytest.approx(1.0)  # halves in a year


def _eras_by_hand(h_ths, days, start_height, r, fees):
    """[(mu_k, R_k)] for the test cases, written out: halvings at 1,050,000, 1,260,000, ..."""
    lam0 = h_ths * 1e12 / NETWORK_HS * B
    d = (lambda t: t) if r == 0 else (lambda t: YEAR / r * (1 - math.exp(-r * t / YEAR)))
    bounds = [0.0] + [(hh - start_height) / B for hh in (1_050_000, 1_260_000, 1_470_000, 1_680_000, 1_890_000)]
    rewards = [3.125 + fees, 1.5625 + fees, 0.78125 + fees, 0.390625 + fees, 0.1953125 + fees]
    out = []
    for (a, c), reward in zip(zip(bounds, bounds[1:]), rewards):
        a, c = min(a, days), min(c, days)
        out.append((lam0 * (d(c) - d(a)), reward))
    assert bounds[-1] > days  # the cases below end before the fifth halving from here
    return out


@pytest.mark.parametrize("days, r, fees", [(3652.5, 0.0, 0.0), (3652.5, 0.258, 0.0), (6000.0, 0.1, 0.025)])
def test_expected_solo_btc_sd_and_pool_by_hand(days, r, fees):
    eras = _eras_by_hand(200.0, days, 934_000, r, fees)
    mean = sum(mu * reward for mu, reward in eras)
    sd = math.sqrt(sum(mu * reward**2 for mu, reward in eras))
    assert expected_solo_btc(200.0, 913.0, days, 934_000, r, fees) == pytest.approx(mean, rel=1e-10)
    assert solo_btc_sd(200.0, 913.0, days, 934_000, r, fees) == pytest.approx(sd, rel=1e-10)
    assert expected_pooled_btc(200.0, 913.0, days, 934_000, 0.02, r, fees) == pytest.approx(0.98 * mean, rel=1e-10)
    assert expected_pooled_btc(200.0, 913.0, days, 934_000, 0.0, r, fees) == pytest.approx(mean, rel=1e-10)


def test_ten_years_flat_worked_example():
    # 200 TH/s, height 934,000, 10 years flat: 116,000 blocks to the 2028 halving = 805.9 days
    lam_year = 200e12 / NETWORK_HS * B * YEAR  # 0.01152 blocks a year
    t1 = 116_000 / B / YEAR                    # 2.207 years at 3.125 BTC
    t2 = 210_000 / B / YEAR                    # 3.995 years at 1.5625 BTC
    t3 = 10 - t1 - t2                          # 3.798 years at 0.78125 BTC
    by_hand = lam_year * (t1 * 3.125 + t2 * 1.5625 + t3 * 0.78125)
    assert expected_solo_btc(200.0, 913.0, 10 * YEAR, 934_000) == pytest.approx(by_hand, rel=1e-9)
    assert round(by_hand, 3) == 0.185
    # a start exactly at a halving height pays the new subsidy from its first block
    assert expected_solo_btc(200.0, 913.0, 100.0, 840_000) == pytest.approx(200e12 / NETWORK_HS * B * 100 * 3.125)


def test_after_the_last_halving_only_fees_remain():
    # from height 64 x 210,000 the subsidy is 0: a block pays the fees alone
    h = 64 * 210_000
    assert expected_solo_btc(200.0, 913.0, 1000.0, h, 0.0, 0.1) == pytest.approx(200e12 / NETWORK_HS * B * 1000 * 0.1)
    assert expected_solo_btc(200.0, 913.0, 1000.0, h) == 0.0


def test_simulated_draws_match_the_moments():
    mean = expected_solo_btc(2_000.0, 913.0, 10 * YEAR, 934_000)
    sd = solo_btc_sd(2_000.0, 913.0, 10 * YEAR, 934_000)
    draws = simulate_solo_btc(2_000.0, 913.0, 10 * YEAR, 934_000, 200_000, seed=7)
    assert draws.mean() == pytest.approx(mean, abs=4 * sd / math.sqrt(draws.size))
    assert draws.std() == pytest.approx(sd, rel=0.02)
    mu = expected_blocks(2_000.0, 913.0, 10 * YEAR)
    assert (draws == 0).mean() == pytest.approx(math.exp(-mu), abs=0.005)
    # every draw is a sum of whole blocks of the eras' rewards (multiples of 0.78125 BTC here)
    np.testing.assert_allclose(np.round(draws / 0.78125), draws / 0.78125, atol=1e-9)
    np.testing.assert_array_equal(draws, simulate_solo_btc(2_000.0, 913.0, 10 * YEAR, 934_000, 200_000, seed=7))
    with pytest.raises(ValueError, match="miner_hashrate_ths"):
        simulate_solo_btc(np.array([1.0, 2.0]), 913.0, 10.0, 934_000, 10)
    with pytest.raises(ValueError, match="n_draws"):
        simulate_solo_btc(1.0, 913.0, 10.0, 934_000, 0)


def test_projection_beyond_the_plausible_network_is_refused_with_the_horizon_it_allows():
    with pytest.raises(ValueError, match=r"passes after 18\.2 years.*relaxed\('network_hashrate_ehs'\)"):
        expected_blocks(200.0, 913.0, 25 * YEAR, 0.258)
    with pytest.raises(ValueError, match="network_hashrate_ehs"):
        expected_solo_btc(200.0, 913.0, 25 * YEAR, 934_000, 0.258)
    assert expected_blocks(200.0, 913.0, 18 * YEAR, 0.258) > 0  # 18 years stay inside
    with plausibility.relaxed("network_hashrate_ehs"):  # a deliberate what-if
        got = expected_blocks(200.0, 913.0, 25 * YEAR, 0.258)
    assert got == pytest.approx(200e12 / NETWORK_HS * B * YEAR * (1 - math.exp(-0.258 * 25)) / 0.258)
    # a network shrinking below the miner's own hashrate is refused
    with pytest.raises(ValueError, match="shrinks the network below"):
        expected_blocks(500e6, 913.0, 10 * YEAR, -0.1)


@pytest.mark.parametrize("call, name", [
    (lambda: expected_blocks(1.2, 913.0, 10.0, 25.8), "hashrate_drift_per_year"),
    (lambda: expected_blocks(1.2, 913.0, -1.0), "days"),
    (lambda: expected_solo_btc(1.2, 913.0, 10.0, 934_000.5), "start_height"),
    (lambda: expected_solo_btc(1.2, 913.0, 10.0, 934_000, fees_per_block_btc=-0.1), "fees_per_block_btc"),
    (lambda: expected_pooled_btc(1.2, 913.0, 10.0, 934_000, pool_fee=1.0), "pool_fee"),
    (lambda: constant_network_days(10.0, float("nan")), "hashrate_drift_per_year"),
    (lambda: network_growth_years(913.0, 0.0, 0.1), "target_network_hashrate_ehs"),
])
def test_growth_functions_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize("func", [
    lambda h: expected_blocks(h, 913.0, 3652.5, 0.258),
    lambda h: expected_solo_btc(h, 913.0, 3652.5, 934_000, 0.258, 0.025),
    lambda h: solo_btc_sd(h, 913.0, 3652.5, 934_000, 0.258),
    lambda h: expected_pooled_btc(h, 913.0, 3652.5, 934_000, 0.02, 0.258),
    lambda h: probability_of_block(h, 913.0, 3652.5, 0.258),
])
def test_growth_functions_return_the_input_kind(func):
    h = [1.2, 200.0, 5e5]
    scalars = [func(x) for x in h]
    assert all(isinstance(v, float) for v in scalars)
    np.testing.assert_allclose(func(np.array(h)), scalars, rtol=1e-12)
    ser = func(pd.Series(h, index=["bitaxe", "s21", "farm"]))
    assert isinstance(ser, pd.Series) and list(ser.index) == ["bitaxe", "s21", "farm"]
    np.testing.assert_allclose(ser.to_numpy(), scalars, rtol=1e-12)
    # start heights and horizons broadcast too: eras differ per element
    got = expected_solo_btc(200.0, 913.0, np.array([100.0, 3652.5]), np.array([1_049_999, 934_000]))
    np.testing.assert_allclose(got, [expected_solo_btc(200.0, 913.0, 100.0, 1_049_999),
                                     expected_solo_btc(200.0, 913.0, 3652.5, 934_000)])


RATE = {"miner_hashrate_ths", "network_hashrate_ehs", "blocks_per_day", "days", "hashrate_drift_per_year"}


@pytest.mark.parametrize("call, names", [
    (lambda: expected_solo_btc([1.2, 200.0], 913.0, 3652.5, 934_000, 0.258, 0.025),
     RATE | {"start_height", "fees_per_block_btc"}),
    (lambda: solo_btc_sd(200.0, 913.0, 3652.5, 934_000, 0.258), RATE | {"start_height", "fees_per_block_btc"}),
    (lambda: expected_blocks(200.0, [913.0, 600.0], 3652.5, 0.258), RATE),
    (lambda: probability_of_block(200.0, 913.0, [10.0, 3652.5], 0.258), RATE),
])
def test_each_input_is_checked_once(monkeypatch, call, names):
    """_rate checks the rate inputs; _mu (on a growing network) and _eras use its arrays
    instead of checking them again."""
    import minelib.solo as solo

    checked = []
    real = solo.check_array

    def counting(name, *args, **kwargs):
        checked.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(solo, "check_array", counting)
    call()
    assert sorted(checked) == sorted(names), checked


def test_pooled_is_the_solo_expectation_less_the_fee_exactly():
    """FPPS pays E_solo (1 - fee): fee by fee, on arrays and Series, equal to the bit."""
    fees = np.array([0.0, 0.02, 0.04, 0.5])
    solo = expected_solo_btc(200.0, 913.0, 3652.5, 934_000, 0.1, 0.025)
    got = expected_pooled_btc(200.0, 913.0, 3652.5, 934_000, fees, 0.1, 0.025)
    assert np.array_equal(got, solo * (1.0 - fees))
    ser = expected_pooled_btc(200.0, 913.0, 3652.5, 934_000, pd.Series(fees, index=list("abcd")), 0.1, 0.025)
    assert list(ser.index) == list("abcd") and np.array_equal(ser.to_numpy(), solo * (1.0 - fees))
    # a fee outside [0, 1) is refused before any work, naming the fee and its range
    with pytest.raises(ValueError, match=r"^pool_fee=-0.01 is outside the expected range \[0, 1\) \[fraction\]"):
        expected_pooled_btc(200.0, 913.0, 3652.5, 934_000, -0.01)
