"""Depreciation schedules and useful-life sensitivity."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from minelib import depreciation as d


def test_straight_line_vectorized():
    got = d.straight_line_depreciation_usd(np.array([300.0, 300.0]), np.array([3.0, 5.0]), 0.0)
    assert got.tolist() == [100.0, 60.0]
    s = d.straight_line_depreciation_usd(pd.Series([1200.0], index=["fleet"]), 4, 200.0)
    assert s["fleet"] == 250.0
    with pytest.raises(ValueError, match="salvage_usd"):
        d.straight_line_depreciation_usd(100.0, 3, 200.0)
    with pytest.raises(ValueError, match="useful_life_years"):
        d.straight_line_depreciation_usd(100.0, 0)


def test_straight_line_schedule_monthly():
    t = d.straight_line_schedule(3_600.0, 3, periods_per_year=12)
    assert len(t) == 36
    assert t.depreciation_usd.eq(100.0).all()
    assert t.book_value_usd.iloc[-1] == pytest.approx(0.0)
    assert t.year.iloc[11] == 1.0
    with pytest.raises(ValueError, match="whole number of periods"):
        d.straight_line_schedule(100.0, 2.5)


def test_double_declining_by_hand():
    # 1000 over 5 years at 40 %: 400, 240, 144; then straight line on 216 over 2 years.
    t = d.declining_balance_schedule(1000.0, 5)
    assert t.depreciation_usd.tolist() == pytest.approx([400, 240, 144, 108, 108])
    assert t.book_value_usd.iloc[-1] == pytest.approx(0.0)


def test_declining_balance_respects_salvage():
    t = d.declining_balance_schedule(1000.0, 3, factor=2.0, salvage_usd=300.0)
    # 66.7 % of 1000 = 666.7 would cross salvage: capped at 700 total
    assert t.accumulated_usd.iloc[-1] == pytest.approx(700.0)
    assert (t.book_value_usd >= 300.0 - 1e-9).all()


@given(st.floats(1, 1e9), st.integers(1, 15), st.floats(1.0, 3.0), st.floats(0, 0.5))
def test_schedules_total_to_depreciable_amount(capex, life, factor, salvage_frac):
    salvage = capex * salvage_frac
    for t in (d.straight_line_schedule(capex, life, salvage), d.declining_balance_schedule(capex, life, factor, salvage)):
        assert t.depreciation_usd.sum() == pytest.approx(capex - salvage, rel=1e-9)
        assert (t.depreciation_usd >= -1e-9).all()


def test_useful_life_sensitivity_by_hand():
    t = d.useful_life_sensitivity(30_000, 600e6, 10_000, 60_000, useful_life_years=[3, 5, 10])
    assert t.depreciation_usd_per_btc.tolist() == pytest.approx([20_000, 12_000, 6_000])
    assert t.all_in_cost_usd_per_btc.tolist() == pytest.approx([50_000, 42_000, 36_000])
    assert t.margin.tolist() == pytest.approx([10 / 60, 18 / 60, 24 / 60])
    # longer life: lower reported all-in cost, higher margin (seed 000's point)
    assert t.all_in_cost_usd_per_btc.is_monotonic_decreasing
    t2 = d.useful_life_sensitivity(30_000, 600e6, 10_000, 60_000, useful_life_years=[5], interest_usd_per_year=50e6)
    assert t2.all_in_cost_usd_per_btc.iloc[0] == pytest.approx(42_000 + 5_000)
