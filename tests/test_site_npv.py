"""Tests for minelib.site_npv: yearly site cash flows per gross MW, NPV and discounted payback, by hand."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from minelib.site_npv import (
    CASH_FLOW_COLUMNS,
    discounted_payback_years,
    hpc_site_cash_flows,
    mining_site_cash_flows,
    npv_switch_hashprice_usd_per_ph_day,
    present_value_usd,
)

DAYS = 365.25
S21 = dict(efficiency_j_per_th=17.5, power_price_usd_per_kwh=0.05, machine_cost_usd_per_th=20.0,
           machine_life_years=4.0, pool_fee=0.02, pue=1.05, uptime=0.95)
THS_PER_GROSS_MW = 1e6 / (17.5 * 1.05)  # 54,421.8 TH/s


# ------------------------------------------------------------------ discounting
def test_present_value_by_hand():
    # -100 now, +60 at the end of years 1 and 2: -100 + 60/1.1 + 60/1.21
    assert present_value_usd([-100.0, 60.0, 60.0], 0.10) == pytest.approx(-100 + 60 / 1.1 + 60 / 1.21)
    assert present_value_usd([-100.0, 60.0, 60.0], 0.0) == pytest.approx(20.0)
    got = present_value_usd(np.array([-100.0, 60.0, 60.0]), np.array([0.0, 0.10, 0.20]))
    np.testing.assert_allclose(got, [20.0, -100 + 60 / 1.1 + 60 / 1.21, -100 + 50.0 + 60 / 1.44])
    s = present_value_usd(pd.Series([-1.0, 2.0]), pd.Series([0.0, 1.0], index=["flat", "100 %"]))
    assert list(s.index) == ["flat", "100 %"] and s.tolist() == [1.0, 0.0]


def test_discounted_payback_by_hand():
    # undiscounted: 100 - 60 = 40 left after year 1, recovered in 40/60 of year 2
    assert discounted_payback_years([-100.0, 60.0, 60.0], 0.0) == pytest.approx(1 + 40 / 60)
    # at 10 %: 54.545 back in year 1, 45.455 left, year 2 brings 49.587
    left = 100 - 60 / 1.1
    assert discounted_payback_years([-100.0, 60.0, 60.0], 0.10) == pytest.approx(1 + left / (60 / 1.21))
    assert discounted_payback_years([-100.0, 10.0, 10.0], 0.10) == np.inf
    assert discounted_payback_years([5.0, 1.0], 0.10) == 0.0  # nothing to recover
    got = discounted_payback_years([-100.0, 0.0, 150.0], np.array([0.0, 0.5]))
    # year 2 brings 150 (or 150/2.25 = 66.7 < 100 at 50 %: never)
    np.testing.assert_allclose(got, [1 + 100 / 150, np.inf])


@given(cf=st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=12), r=st.floats(0.0, 0.5))
def test_payback_is_where_the_running_total_turns(cf, r):
    t = discounted_payback_years(cf, r)
    cum = np.cumsum(np.asarray(cf) / (1 + r) ** np.arange(len(cf)))
    if np.isinf(t):
        assert (cum < 0).all()
    else:
        k = int(np.ceil(t)) if t > 0 else 0
        assert cum[k] >= -1e-6 * max(1.0, np.abs(cf).max())
        assert (cum[:k] < 0).all() if k > 0 else True


def test_bad_flows_and_rates_named():
    with pytest.raises(ValueError, match="cash_flows_usd"):
        present_value_usd([1.0], 0.1)
    with pytest.raises(ValueError, match="cash_flows_usd"):
        present_value_usd(np.ones((2, 3)), 0.1)
    with pytest.raises(ValueError, match="discount_rate_per_year"):
        discounted_payback_years([-1.0, 2.0], -1.0)


# ------------------------------------------------------------------ mining: sustaining capex charged
def test_mining_site_cash_flows_by_hand():
    cf = mining_site_cash_flows(3, 40.0, **S21)
    assert list(cf.columns) == list(CASH_FLOW_COLUMNS) and cf.index.name == "year" and list(cf.index) == [0, 1, 2, 3]
    revenue = 40.0 * 0.98 * 0.95 * THS_PER_GROSS_MW / 1e3 * DAYS  # after the pool fee and downtime
    power = 0.05 * 1000 * 24 * DAYS * 0.95  # the gross MW at the meter while it runs
    capex = THS_PER_GROSS_MW * 20.0 / 4.0  # a quarter of the fleet replaced each year
    assert cf.loc[0].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert cf.loc[1, "revenue_usd"] == pytest.approx(revenue)
    assert cf.loc[1, "operating_cost_usd"] == pytest.approx(power)
    assert cf.loc[1, "capex_usd"] == pytest.approx(capex)
    assert cf.loc[3, "net_usd"] == pytest.approx(revenue - power - capex)


def test_mining_hashprice_drift_and_other_costs_by_hand():
    cf = mining_site_cash_flows(3, 40.0, **S21, other_cost_usd_per_ph_day=1.5, hashprice_growth_per_year=-0.2)
    first = 40.0 * 0.98 * 0.95 * THS_PER_GROSS_MW / 1e3 * DAYS
    np.testing.assert_allclose(cf["revenue_usd"], [0.0, first, first * 0.8, first * 0.64])
    other = 1.5 * THS_PER_GROSS_MW / 1e3 * DAYS
    assert cf.loc[2, "operating_cost_usd"] == pytest.approx(0.05 * 1000 * 24 * DAYS * 0.95 + other)


# ------------------------------------------------------------------ HPC: conversion capex charged
def test_hpc_site_cash_flows_by_hand():
    ratio = 244 / 168
    cf = hpc_site_cash_flows(4, 130.0, ratio, 0.825, 10e6, lease_escalator_per_year=0.03, build_years=1)
    year1 = 130.0 * 12_000 / ratio  # first lease year, per gross MW
    np.testing.assert_allclose(cf["revenue_usd"], [0.0, 0.0, year1, year1 * 1.03, year1 * 1.03**2])
    np.testing.assert_allclose(cf["operating_cost_usd"], cf["revenue_usd"] * 0.175)
    np.testing.assert_allclose(cf["capex_usd"], [10e6 / ratio, 0.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(cf["net_usd"], cf["revenue_usd"] * 0.825 - cf["capex_usd"])


def test_fluidstack_terms_reproduce_the_contract_values():
    # $148.8 average escalating at the rate implied by $3B -> $7B: the flows over 10 and 20
    # lease years, times the 244 gross MW, give back the two contract values.
    g = (4 / 3) ** 0.1 - 1
    first = 3e9 / 20_160_000 * 10 * g / ((1 + g) ** 10 - 1)
    for lease_years, value in ((10, 3e9), (20, 7e9)):
        cf = hpc_site_cash_flows(lease_years + 1, first, 244 / 168, 0.825, 10e6, g, build_years=1)
        assert cf["revenue_usd"].sum() * 244 == pytest.approx(value, rel=1e-9)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: hpc_site_cash_flows(3, 130.0, 1.45, 0.825, 10e6, build_years=3), "build_years"),
        (lambda: hpc_site_cash_flows(3, 130.0, 1.45, 1.2, 10e6), "noi_margin"),
        (lambda: hpc_site_cash_flows(2.5, 130.0, 1.45, 0.8, 10e6), "horizon_years"),
        (lambda: hpc_site_cash_flows(3, 130.0, 0.9, 0.8, 10e6), "gross_to_it_ratio"),
        (lambda: mining_site_cash_flows(3, np.array([40.0, 50.0]), **S21), "hashprice_usd_per_ph_day"),
        (lambda: mining_site_cash_flows(3, 40.0, **{**S21, "pue": 0.5}), "pue"),
        (lambda: mining_site_cash_flows(0, 40.0, **S21), "horizon_years"),
    ],
)
def test_schedule_bad_input_named(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# ------------------------------------------------------------------ the switch hashprice on NPV
def test_npv_switch_hashprice_by_hand():
    # NPV(h) = h A - B, with A the PV of the revenue at $1/PH/day and B the PV of the costs
    years, r = 5, 0.10
    disc = sum(1.1**-k for k in range(1, years + 1))
    a = 0.98 * 0.95 * THS_PER_GROSS_MW / 1e3 * DAYS * disc
    b = (0.05 * 1000 * 24 * DAYS * 0.95 + THS_PER_GROSS_MW * 20.0 / 4.0) * disc
    target = 2.5e6
    assert npv_switch_hashprice_usd_per_ph_day(target, r, years, **S21) == pytest.approx((target + b) / a)
    # at that hashprice the mining flows are worth the target
    h = (target + b) / a
    assert present_value_usd(mining_site_cash_flows(years, h, **S21)["net_usd"], r) == pytest.approx(target)
    got = npv_switch_hashprice_usd_per_ph_day(np.array([0.0, target]), r, years, **S21)
    np.testing.assert_allclose(got, [b / a, (target + b) / a])
