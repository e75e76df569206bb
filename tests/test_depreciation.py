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


STEADY_S = 600 * 2016 / 2015  # Bitcoin Core's retarget over 2,015 intervals: a steady block every 600.2977 s
BLOCKS_PER_DAY = 86_400 / STEADY_S


def per_day_btc(m_ehs, n_ehs, reward_btc, pool_fee=0.0, uptime=1.0):
    """A miner's BTC per day at a steady difficulty: share x blocks a day x reward."""
    return m_ehs / n_ehs * BLOCKS_PER_DAY * reward_btc * (1 - pool_fee) * uptime


def test_life_without_halving_is_days_times_daily_btc():
    """Closed form: constant network, no halving in the life: BTC = days x daily BTC."""
    kw = dict(start_height=840_000, start_date="2024-04-20", fees_per_block_btc=0.1, pool_fee=0.02, uptime=0.97)
    got = d.btc_mined_over_life(2.0, 600.0, 2.0, **kw)
    assert got == pytest.approx(2 * 365.25 * per_day_btc(2.0, 600.0, 3.125 + 0.1, 0.02, 0.97), rel=1e-12)
    assert d.economic_life_years(2.0, 600.0, 2.0, **kw) == pytest.approx(2.0)
    lives = pd.Series([1.0, 3.0], index=["one", "three"])
    s = d.btc_mined_over_life(2.0, 600.0, lives, **kw)
    assert list(s.index) == ["one", "three"] and s["three"] == pytest.approx(3 * s["one"])


def test_a_relaxed_network_is_not_refused_through_the_difficulty_it_implies():
    """A what-if network beyond the plausible range, relaxed by the caller, implies a
    difficulty beyond that quantity's range: the life's hashprice went through the checked
    public function and stopped with "difficulty=2.8e+16 ... check its unit", a parameter
    the caller never gave."""
    from minelib import plausibility

    kw = dict(start_height=840_000, start_date="2024-04-20", fees_per_block_btc=0.1)
    with plausibility.relaxed("network_hashrate_ehs"):
        got = d.btc_mined_over_life(2.0, 2e5, 1.0, **kw)  # the halving is four years away
    assert got == pytest.approx(365.25 * per_day_btc(2.0, 2e5, 3.125 + 0.1), rel=1e-12)


def test_life_across_a_halving_is_a_piecewise_sum():
    """14,400 blocks before block 1,050,000 at a constant network: the halving comes after
    14,400 x 600.2977 s = 100.05 days; the rest of the year mines at 1.5625 BTC a block."""
    t_h = 14_400 * STEADY_S / 86_400
    assert t_h == pytest.approx(100.0496, abs=1e-4)
    kw = dict(start_height=1_050_000 - 14_400, start_date="2028-01-01", fees_per_block_btc=0.05)
    got = d.btc_mined_over_life(1.0, 800.0, 1.0, **kw)
    by_hand = (per_day_btc(1.0, 800.0, 3.125 + 0.05) * t_h
               + per_day_btc(1.0, 800.0, 1.5625 + 0.05) * (365.25 - t_h))
    assert got == pytest.approx(by_hand, rel=1e-9)
    # the constant-production convention counts the whole year at the pre-halving rate
    assert got < 365.25 * per_day_btc(1.0, 800.0, 3.125 + 0.05)


def test_life_with_network_growth_integrates_the_falling_share():
    """No halving, network +40 %/year: BTC = rate_0 x (1 - e^(-kT)) / k, k = ln 1.4 / 365.25;
    checked against a fine numerical integral of rate_0 / 1.4^(t / 365.25)."""
    kw = dict(start_height=840_000, start_date="2024-04-20", annual_hashrate_growth=0.4)
    got = d.btc_mined_over_life(1.0, 600.0, 3.0, **kw)
    rate0 = per_day_btc(1.0, 600.0, 3.125)
    k = np.log(1.4) / 365.25
    assert got == pytest.approx(rate0 * (1 - np.exp(-k * 3 * 365.25)) / k, rel=1e-12)
    t = np.linspace(0, 3 * 365.25, 200_001)
    assert got == pytest.approx(np.trapezoid(rate0 / 1.4 ** (t / 365.25), t), rel=1e-8)


def test_life_ends_at_the_economic_shutdown():
    """Revenue per PH/s falls below the machines' cash cost: they stop, and mine no more."""
    hp0_usd = 60_000 * per_day_btc(1.0, 600.0, 3.125) / 1_000  # USD per PH/s per day at the start: $44.98
    assert hp0_usd == pytest.approx(44.98, abs=0.01)
    kw = dict(start_height=840_000, start_date="2024-04-20", annual_hashrate_growth=0.3, btc_price_usd=60_000)
    # with +30 %/year the hashprice reaches $30 after ln(44.98/30)/ln(1.3) years
    t_stop = np.log(hp0_usd / 30.0) / np.log(1.3)
    assert d.economic_life_years(1.0, 600.0, 10.0, cash_cost_usd_per_ph_day=30.0, **kw) == pytest.approx(t_stop)
    k = np.log(1.3) / 365.25
    rate0 = per_day_btc(1.0, 600.0, 3.125)
    assert d.btc_mined_over_life(1.0, 600.0, 10.0, cash_cost_usd_per_ph_day=30.0, **kw) == pytest.approx(
        rate0 * (1 - np.exp(-k * t_stop * 365.25)) / k)
    # dearer than the hashprice from the start: no BTC at all; cheap enough: the whole life
    assert d.btc_mined_over_life(1.0, 600.0, 5.0, cash_cost_usd_per_ph_day=50.0, **kw) == 0.0
    assert d.economic_life_years(1.0, 600.0, 5.0, cash_cost_usd_per_ph_day=1.0, **kw) == pytest.approx(5.0)


def test_shutdown_at_a_halving_on_a_constant_network():
    t_h = 14_400 * STEADY_S / 86_400
    kw = dict(start_height=1_050_000 - 14_400, start_date="2028-01-01", btc_price_usd=60_000)
    hp_before = 60_000 * per_day_btc(1.0, 800.0, 3.125) / 1_000  # $33.73 per PH/s per day; half after
    cost = 0.75 * hp_before  # paid before the halving, not after it
    assert d.economic_life_years(1.0, 800.0, 3.0, cash_cost_usd_per_ph_day=cost, **kw) == pytest.approx(t_h / 365.25)
    assert d.btc_mined_over_life(1.0, 800.0, 3.0, cash_cost_usd_per_ph_day=cost, **kw) == pytest.approx(
        per_day_btc(1.0, 800.0, 3.125) * t_h)


def test_halving_days_are_the_protocol_walk_and_memoized(monkeypatch):
    from minelib.protocol import expected_halving_date

    start = pd.Timestamp("2025-01-01")
    n = np.array([[800.0, 800.0], [900.0, 1_000.0]])
    g = np.array([[0.3, 0.3], [0.0, -0.99999]])  # -99.999 %/year: the network dies before the next halving

    def by_hand(nn, gg, h):
        try:
            when = expected_halving_date(880_000, start, float(nn), float(gg), halving_height=h)
        except ValueError:
            return np.inf
        return (when - start.tz_localize("UTC")) / pd.Timedelta(days=1)

    got = d._days_to_halvings(880_000, start, n, g, 3_000.0)
    want = [[by_hand(nn, gg, h) for nn, gg in zip(n.ravel(), g.ravel())] for h in (1_050_000, 1_260_000)]
    assert np.isinf(want[0][3])
    assert [s for s, _ in got] == [1.5625, 0.78125]
    for (_, days), w in zip(got, want):
        assert days.shape == (2, 2) and days.ravel().tolist() == w
    # a repeated scenario is not walked again, and another start date is not served from the memo
    calls = []
    monkeypatch.setattr(d, "expected_halving_date", lambda *a, **k: calls.append(a) or expected_halving_date(*a, **k))
    again = d._days_to_halvings(880_000, start, n, g, 3_000.0)
    assert calls == [] and all(np.array_equal(a, b) for (_, a), (_, b) in zip(again, got))
    later = d._days_to_halvings(880_000, start + pd.Timedelta(days=1), n[:1, :1], g[:1, :1], 3_000.0)
    assert calls and {a[1] for a in calls} == {start + pd.Timedelta(days=1)}
    assert later[0][1][0, 0] == got[0][1][0, 0]  # the same walk from the same height, a day later


def test_life_rejects_bad_input():
    kw = dict(start_height=840_000, start_date="2024-04-20")
    with pytest.raises(ValueError, match="needs btc_price_usd"):
        d.btc_mined_over_life(1.0, 600.0, 3.0, cash_cost_usd_per_ph_day=20.0, **kw)
    with pytest.raises(ValueError, match="^miner_hashrate_ehs=700.0 exceeds"):
        d.btc_mined_over_life(700.0, 600.0, 3.0, **kw)
    with pytest.raises(ValueError, match="^useful_life_years="):
        d.btc_mined_over_life(1.0, 600.0, 80.0, **kw)
    with pytest.raises(ValueError, match="^start_height=.* must be a scalar"):
        d.btc_mined_over_life(1.0, 600.0, 3.0, start_height=[1, 2], start_date="2024-04-20")
    with pytest.raises(ValueError, match="^start_date="):
        d.btc_mined_over_life(1.0, 600.0, 3.0, start_height=840_000, start_date="today")


def test_useful_life_sensitivity_by_hand():
    """Depreciation per BTC = capex / BTC mined over the life; all-in = cash + that."""
    lives = np.array([3.0, 5.0, 10.0])
    # the old convention, production held at 10,000 BTC a year: a 10-year life "cuts" 28 %
    old = d.useful_life_sensitivity(30_000, 600e6, 60_000, lives, 10_000 * lives)
    assert old.depreciation_usd_per_btc.tolist() == pytest.approx([20_000, 12_000, 6_000])
    assert old.all_in_cost_usd_per_btc.tolist() == pytest.approx([50_000, 42_000, 36_000])
    assert old.margin.tolist() == pytest.approx([10 / 60, 18 / 60, 24 / 60])
    # production that halves after four years: 4 x 10,000 + (L - 4) x 5,000 beyond
    btc = np.array([30_000, 40_000 + 5_000, 40_000 + 6 * 5_000])
    new = d.useful_life_sensitivity(30_000, 600e6, 60_000, lives, btc)
    assert new.depreciation_usd_per_btc.tolist() == pytest.approx([20_000, 600e6 / 45_000, 600e6 / 70_000])
    assert new.all_in_cost_usd_per_btc.iloc[-1] == pytest.approx(30_000 + 600e6 / 70_000)
    # one cash cost per life is accepted too
    per_life = d.useful_life_sensitivity([30_000, 31_000, 33_000], 600e6, 60_000, lives, btc)
    assert per_life.all_in_cost_usd_per_btc.iloc[1] == pytest.approx(31_000 + 600e6 / 45_000)
    with pytest.raises(ValueError, match="one per life"):
        d.useful_life_sensitivity(30_000, 600e6, 60_000, lives, btc[:2])
