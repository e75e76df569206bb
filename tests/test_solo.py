"""Tests for minelib.solo: numbers pinned by hand from the Poisson model."""

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

# Bitaxe-class home device (~1.2 TH/s) against ~913 EH/s (seed 003), 144 blocks/day.
BITAXE_HS = 1.2e12
NETWORK_HS = 913e18
SHARE = BITAXE_HS / NETWORK_HS
LAM = SHARE * 144.0  # blocks per day
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
    lam = 1.0 / 913e18 * 144.0
    t = 1.0 / 86_400.0
    got = probability_of_block(1e-12, 913.0, t)
    assert got > 0.0
    assert got == pytest.approx(lam * t, rel=1e-9)


def test_probability_of_block_kinds():
    h = np.array([1.2, 200.0, 0.0])
    got = probability_of_block(h, 913.0, 30.0)
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, 1.0 - np.exp(-h * 1e12 / NETWORK_HS * 144.0 * 30.0), rtol=1e-9)  # naive 1 - exp loses digits
    days = pd.Series([1.0, 365.25], index=["day", "year"])
    got_s = probability_of_block(200.0, 913.0, days)
    assert isinstance(got_s, pd.Series)
    assert list(got_s.index) == ["day", "year"]
    lam = 200e12 / NETWORK_HS * 144.0
    np.testing.assert_allclose(got_s.to_numpy(), [1 - math.exp(-lam), 1 - math.exp(-lam * YEAR)])


def test_probability_of_k_blocks_by_hand():
    mu = 200e12 / NETWORK_HS * 144.0 * YEAR
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
    np.testing.assert_allclose(got_s.to_numpy(), s.to_numpy() * 1e12 / NETWORK_HS * 144 * YEAR * 3.125)


def test_zero_hashrate_gives_inf_not_nan():
    assert expected_days_to_block(0.0, 913.0) == math.inf
    assert expected_years_to_block(0.0, 913.0) == math.inf
    assert yearly_reward_cv(0.0, 913.0) == math.inf
    assert probability_of_block(0.0, 913.0, 365.0) == 0.0
    assert expected_btc_per_year(0.0, 913.0, 3.125) == 0.0


def test_blocks_per_day_parameter():
    assert expected_blocks_per_day(1.2, 913.0, 160.0) == pytest.approx(SHARE * 160.0)
    arr = expected_days_to_block(1.2, 913.0, np.array([144.0, 72.0]))
    np.testing.assert_allclose(arr, [1 / LAM, 2 / LAM])
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
    mu_home = 1.2e12 / 913e18 * 144 * 365.25
    assert mu_home < np.log(2)
    assert median_blocks(1.2, 913.0, 365.25) == 0
    # exactly at mu = ln 2 the median is still 0; just above it becomes 1
    days = np.log(2) / (1.0 / 1e6 * 144)  # 1 TH/s of 1 EH/s
    assert median_blocks(1.0, 1.0, days * 0.999) == 0
    assert median_blocks(1.0, 1.0, days * 1.01) == 1
    # large mu: the Poisson median lies within [mu - ln 2, mu + 1/3]
    mu = 10e6 / 913e6 * 144 * 365.25
    got = median_blocks(pd.Series([10e6], index=["industrial"]), 913.0, 365.25)
    assert mu - np.log(2) <= got["industrial"] <= mu + 1 / 3
