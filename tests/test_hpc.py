"""Tests for minelib.hpc: mining vs AI/HPC revenue per MW, by hand."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from minelib.hpc import (
    breakeven_hashprice_vs_hpc_usd_per_ph_day,
    gross_margin_usd_per_mw_year,
    hpc_contract_revenue_usd_per_mw_year,
    hpc_lease_revenue_usd_per_mw_year,
    mining_revenue_usd_per_mw_year,
    phs_per_mw,
    power_cost_usd_per_mw_year,
)

DAYS = 365.25
HOURS = 8_766.0  # 24 x 365.25


def test_phs_per_mw_by_hand():
    # 1 MW = 1,000,000 J/s; / 20 J/TH = 50,000 TH/s = 50 PH/s
    got = phs_per_mw(20.0)
    assert isinstance(got, float)
    assert got == pytest.approx(50.0)
    np.testing.assert_allclose(phs_per_mw(np.array([16.0, 25.0])), [62.5, 40.0])
    s = phs_per_mw(pd.Series([20.0], index=["fleet"]))
    assert list(s.index) == ["fleet"] and s.iloc[0] == pytest.approx(50.0)


def test_mining_revenue_by_hand():
    assert mining_revenue_usd_per_mw_year(40.0, 20.0) == pytest.approx(40.0 * 50.0 * DAYS)
    assert mining_revenue_usd_per_mw_year(62.0, 20.0, 0.9) == pytest.approx(62.0 * 50.0 * DAYS * 0.9)
    got = mining_revenue_usd_per_mw_year(np.array([62.0, 40.0]), 25.0)
    np.testing.assert_allclose(got, [62.0 * 40.0 * DAYS, 40.0 * 40.0 * DAYS])
    hp = pd.Series([62.0, 40.0], index=["2025-07", "2026-02"])
    got_s = mining_revenue_usd_per_mw_year(hp, 20.0)
    assert list(got_s.index) == ["2025-07", "2026-02"]


def test_hpc_lease_revenue_by_hand():
    assert hpc_lease_revenue_usd_per_mw_year(150.0) == pytest.approx(150.0 * 1000 * 12)
    np.testing.assert_allclose(hpc_lease_revenue_usd_per_mw_year(np.array([100.0, 200.0])), [1.2e6, 2.4e6])
    s = hpc_lease_revenue_usd_per_mw_year(pd.Series([120.0], index=["lease"]))
    assert list(s.index) == ["lease"] and s.iloc[0] == pytest.approx(1.44e6)


def test_hpc_contract_revenue_seed_deals_with_assumed_mw_and_term():
    # Contract values are from the seeds (004, 002); MW and term are ASSUMPTIONS for the test.
    cipher, iren = 5.5e9, 9.7e9
    assert hpc_contract_revenue_usd_per_mw_year(cipher, 300.0, 15.0) == pytest.approx(cipher / 4500.0)
    got = hpc_contract_revenue_usd_per_mw_year(np.array([cipher, iren]), np.array([300.0, 200.0]), 5.0)
    np.testing.assert_allclose(got, [cipher / 1500.0, iren / 1000.0])
    s = hpc_contract_revenue_usd_per_mw_year(pd.Series([iren], index=["IREN-MSFT"]), 200.0, 5.0)
    assert list(s.index) == ["IREN-MSFT"]


def test_breakeven_hashprice_vs_hpc_by_hand():
    # $150/kW/month = $1.8M/MW/year; 20 J/TH -> 50 PH/s per MW
    expected = 1.8e6 / (50.0 * DAYS)
    assert breakeven_hashprice_vs_hpc_usd_per_ph_day(1.8e6, 20.0) == pytest.approx(expected)
    assert breakeven_hashprice_vs_hpc_usd_per_ph_day(1.8e6, 20.0, 0.95) == pytest.approx(expected / 0.95)
    got = breakeven_hashprice_vs_hpc_usd_per_ph_day(np.array([1.2e6, 1.8e6]), 16.0)
    np.testing.assert_allclose(got, [1.2e6 / (62.5 * DAYS), 1.8e6 / (62.5 * DAYS)])
    s = breakeven_hashprice_vs_hpc_usd_per_ph_day(1.8e6, pd.Series([20.0, 25.0], index=["a", "b"]))
    assert list(s.index) == ["a", "b"]


@given(rev=st.floats(0.0, 1e8), e=st.floats(5.0, 100.0), u=st.floats(0.01, 1.0))
def test_breakeven_hashprice_makes_revenues_equal(rev, e, u):
    h = breakeven_hashprice_vs_hpc_usd_per_ph_day(rev, e, u)
    assert mining_revenue_usd_per_mw_year(h, e, u) == pytest.approx(rev, rel=1e-9, abs=1e-6)


def test_power_cost_and_gross_margin_by_hand():
    assert power_cost_usd_per_mw_year(0.05) == pytest.approx(0.05 * 1000 * HOURS)
    assert power_cost_usd_per_mw_year(0.05, 0.9) == pytest.approx(0.05 * 1000 * HOURS * 0.9)
    rev = 40.0 * 50.0 * DAYS
    assert gross_margin_usd_per_mw_year(rev, 0.05) == pytest.approx(rev - 438_300.0)
    # at $0.09/kWh a 20 J/TH MW at $40/PH/day loses money
    assert gross_margin_usd_per_mw_year(rev, 0.09) < 0
    got = gross_margin_usd_per_mw_year(np.array([rev, 1.8e6]), 0.05, 0.95)
    np.testing.assert_allclose(got, [rev - 438_300.0 * 0.95, 1.8e6 - 438_300.0 * 0.95])
    s = power_cost_usd_per_mw_year(pd.Series([0.05, 0.09], index=["TX", "NY"]))
    assert list(s.index) == ["TX", "NY"]


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: phs_per_mw(0.0), "efficiency_j_per_th"),
        (lambda: phs_per_mw(float("nan")), "efficiency_j_per_th"),
        (lambda: mining_revenue_usd_per_mw_year(-1.0, 20.0), "hashprice_usd_per_ph_day"),
        (lambda: mining_revenue_usd_per_mw_year(40.0, 20.0, 1.1), "uptime"),
        (lambda: mining_revenue_usd_per_mw_year(40.0, -20.0), "efficiency_j_per_th"),
        (lambda: hpc_lease_revenue_usd_per_mw_year(-150.0), "lease_usd_per_kw_month"),
        (lambda: hpc_contract_revenue_usd_per_mw_year(9.7e9, 0.0, 5.0), "capacity_mw"),
        (lambda: hpc_contract_revenue_usd_per_mw_year(9.7e9, 200.0, 0.0), "term_years"),
        (lambda: hpc_contract_revenue_usd_per_mw_year(float("nan"), 200.0, 5.0), "contract_value_usd"),
        (lambda: breakeven_hashprice_vs_hpc_usd_per_ph_day(1.8e6, 20.0, 0.0), "uptime"),
        (lambda: breakeven_hashprice_vs_hpc_usd_per_ph_day(-1.0, 20.0), "hpc_revenue_usd_per_mw_year"),
        (lambda: power_cost_usd_per_mw_year(-0.01), "power_price_usd_per_kwh"),
        (lambda: gross_margin_usd_per_mw_year(1e6, 0.05, -0.1), "uptime"),
        (lambda: gross_margin_usd_per_mw_year(-1e6, 0.05), "revenue_usd_per_mw_year"),
    ],
)
def test_bad_input_names_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_infinite_input_rejected():
    with pytest.raises(ValueError, match="efficiency_j_per_th"):
        mining_revenue_usd_per_mw_year(40.0, np.inf)
    with pytest.raises(ValueError, match="lease_usd_per_kw_month"):
        hpc_lease_revenue_usd_per_mw_year(np.inf)


@pytest.mark.parametrize(
    "func",
    [
        phs_per_mw,
        lambda x: mining_revenue_usd_per_mw_year(40.0, x, 0.95),
        lambda x: hpc_lease_revenue_usd_per_mw_year(x * 5.0),
        lambda x: hpc_contract_revenue_usd_per_mw_year(5.5e9, x * 10.0, 10.0),
        lambda x: breakeven_hashprice_vs_hpc_usd_per_ph_day(1.8e6, x),
        lambda x: power_cost_usd_per_mw_year(x / 400.0),
        lambda x: gross_margin_usd_per_mw_year(1e6, x / 400.0, 0.9),
    ],
)
def test_every_function_returns_the_input_kind(func):
    xs = [16.0, 20.0, 34.0]
    scalars = [func(x) for x in xs]
    assert all(isinstance(v, float) for v in scalars)
    arr = func(np.array(xs))
    assert isinstance(arr, np.ndarray)
    np.testing.assert_allclose(arr, scalars, rtol=1e-12)
    idx = pd.Index(["a", "b", "c"])
    ser = func(pd.Series(xs, index=idx))
    assert isinstance(ser, pd.Series) and ser.index.equals(idx)
    np.testing.assert_allclose(ser.to_numpy(), scalars, rtol=1e-12)


def test_conversion_payback_by_hand():
    from minelib.hpc import conversion_payback_years

    assert conversion_payback_years(8e6, 1.5e6, 0.5e6) == 8.0
    assert conversion_payback_years(8e6, 1.0e6, -0.6e6) == pytest.approx(5.0)
    assert conversion_payback_years(np.array([1e6, 1e6]), np.array([0.2e6, 0.1e6]), 0.2e6).tolist() == [np.inf, np.inf]
    with pytest.raises(ValueError, match="capex_usd_per_mw"):
        conversion_payback_years(-1.0, 1.0, 0.0)
