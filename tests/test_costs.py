"""Costs per BTC, scaling, breakeven and the price gauge (seeds 000-003)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from minelib import costs as c


def test_power_cost_by_hand():
    # 30 J/TH -> 30 W per TH/s -> 0.72 kWh per TH per day; at $0.06 that is $0.0432.
    # hashprice 5e-4 BTC/PH/day = 5e-7 BTC/TH/day -> $86,400 per BTC.
    assert c.power_cost_usd_per_btc(30.0, 0.06, 5e-4) == pytest.approx(0.0432 / 5e-7)
    assert c.power_cost_usd_per_btc(30.0, 0.06, 5e-4) == pytest.approx(86_400)


def test_power_cost_uptime_cancels_when_losses_are_downtime():
    base = c.power_cost_usd_per_btc(20.0, 0.05, 1e-3)
    assert c.power_cost_usd_per_btc(20.0, 0.05, 1e-3, uptime=0.86, operational_efficiency=0.86) == pytest.approx(base)
    # losses that are not downtime (stale shares, pool luck) raise the cost per BTC
    assert c.power_cost_usd_per_btc(20.0, 0.05, 1e-3, uptime=1.0, operational_efficiency=0.9) == pytest.approx(base / 0.9)


def test_cipher_power_cost_under_16000():
    """Seed 000: Cipher's power cost is "under $16,000 per BTC mined".

    At the Q1-2024 hashprice of 900 BTC/day over 566,000 PH/s, the power price that gives
    $16,000 at a given J/TH is 16,000 * hashprice / (24 * J/TH): at 25 J/TH that is
    $0.0424/kWh, i.e. cheap power, as the article says.
    """
    hp = 900 / 566_000
    p = 16_000 * hp / (24 * 25.0)
    assert p == pytest.approx(0.0424, abs=1e-4)
    assert c.power_cost_usd_per_btc(25.0, p, hp) == pytest.approx(16_000)
    assert c.power_cost_usd_per_btc(25.0, p * 0.99, hp) < 16_000


def test_power_cost_kinds_and_errors():
    s = c.power_cost_usd_per_btc(pd.Series([20.0, 30.0], index=["S21", "S19"]), 0.05, 1e-3)
    assert list(s.index) == ["S21", "S19"] and s["S19"] == pytest.approx(1.5 * s["S21"])
    with pytest.raises(ValueError, match="efficiency_j_per_th"):
        c.power_cost_usd_per_btc(0.0, 0.05, 1e-3)
    with pytest.raises(ValueError, match="power_price_usd_per_kwh"):
        c.power_cost_usd_per_btc(20.0, -0.01, 1e-3)
    with pytest.raises(ValueError, match="uptime"):
        c.power_cost_usd_per_btc(20.0, 0.05, 1e-3, uptime=1.1)


def test_cost_stack_follows_coinshares_by_hand():
    """CoinShares: cash = power + cash SG&A (no SBC); all-in = cash + D&A + SBC; interest is cash.

    A quarter of 2,000 BTC with $30M power, $10M other cost of revenue, $20M SG&A of
    which $5M is stock-based compensation (so $15M cash SG&A), $4M interest and $26M
    depreciation: cash = 30 + 10 + 15 + 4 = $59M -> $29,500/BTC; all-in = 59 + 26 + 5 =
    $90M -> $45,000/BTC (seed 000's CleanSpark all-in).
    """
    df = c.cost_stack_usd_per_btc(2_000, power_usd=30e6, other_cost_of_revenue_usd=10e6, cash_sga_usd=15e6,
                                  interest_usd=4e6, depreciation_usd=26e6, stock_based_compensation_usd=5e6)
    assert list(df.columns) == ["power", "other_cost_of_revenue", "cash_sga", "interest", "cash_cost",
                                "depreciation", "stock_based_compensation", "all_in_cost"]
    row = df.iloc[0]
    assert (row.power, row.other_cost_of_revenue, row.cash_sga) == (15_000, 5_000, 7_500)
    assert row.interest == 2_000 and row.stock_based_compensation == 2_500
    assert row.cash_cost == 29_500  # interest is in the cash cost
    assert row.all_in_cost == 45_000
    # stock-based compensation moves the cash cost, not the all-in cost
    moved = c.cost_stack_usd_per_btc(2_000, 30e6, 10e6, 20e6, 4e6, 26e6, 0.0).iloc[0]
    assert moved.cash_cost == 32_000 and moved.all_in_cost == 45_000
    many = c.cost_stack_usd_per_btc(pd.Series([1000.0, 2000.0], index=["q1", "q2"]), 30e6)
    assert list(many.index) == ["q1", "q2"] and many.power.tolist() == [30_000, 15_000]
    with pytest.raises(ValueError, match="btc_mined"):
        c.cost_stack_usd_per_btc(0, 1.0)
    with pytest.raises(ValueError, match="interest_usd"):
        c.cost_stack_usd_per_btc(1, 1.0, interest_usd=-1)
    with pytest.raises(ValueError, match="stock_based_compensation_usd"):
        c.cost_stack_usd_per_btc(1, 1.0, stock_based_compensation_usd=-1)


def test_cash_and_all_in_are_one_definition_for_any_shape():
    """The Monte Carlo's months x paths go through the same two sums as the tables."""
    power = np.array([[10.0, 20.0], [30.0, 40.0]])
    cash = c.cash_cost_usd(power, other_cost_of_revenue_usd=1.0, cash_sga_usd=2.0, interest_usd=np.array([3.0, 4.0]))
    np.testing.assert_array_equal(cash, [[16.0, 27.0], [36.0, 47.0]])
    all_in = c.all_in_cost_usd(cash, depreciation_usd=5.0, stock_based_compensation_usd=1.0)
    np.testing.assert_array_equal(all_in, [[22.0, 33.0], [42.0, 53.0]])
    assert c.cash_cost_usd(1.0) == 1.0 and c.all_in_cost_usd(1.0) == 1.0
    with pytest.raises(ValueError, match="^cash_sga_usd="):
        c.cash_cost_usd(1.0, cash_sga_usd=-2.0)


def test_hashcost_by_hand():
    """CoinShares' hash cost: cost / (average PH/s x days)."""
    # $30M over a 91-day quarter at 16.4 EH/s = 16,400 PH/s: 30e6 / (16,400 x 91) = $20.1018
    assert c.hashcost_usd_per_ph_day(30e6, 16.4, 91) == pytest.approx(30e6 / (16_400 * 91))
    s = c.hashcost_usd_per_ph_day(pd.Series([1e6, 2e6], index=["a", "b"]), 1.0, 10)
    assert list(s.index) == ["a", "b"] and s.tolist() == pytest.approx([100.0, 200.0])
    stack = c.cost_stack_usd_per_ph_day(16.4, 91, 30e6, cash_sga_usd=9.1e6, depreciation_usd=15e6)
    by_btc = c.cost_stack_usd_per_btc(2_000, 30e6, cash_sga_usd=9.1e6, depreciation_usd=15e6)
    # the same stack on two bases: every column scales by BTC / (PH/s x days)
    np.testing.assert_allclose(stack.to_numpy(), by_btc.to_numpy() * 2_000 / (16_400 * 91))
    assert stack.all_in_cost.iloc[0] == pytest.approx((30e6 + 9.1e6 + 15e6) / (16_400 * 91))
    with pytest.raises(ValueError, match="miner_hashrate_ehs"):
        c.cost_stack_usd_per_ph_day(0.0, 91, 30e6)
    with pytest.raises(ValueError, match="^days="):
        c.hashcost_usd_per_ph_day(1.0, 16.4, 0)


def test_scaling_seed_000():
    # "Operating costs: +70%, G&A: +20%, Depreciation: +70%" on the way to 32 EH/s (+95 %)
    g = 32 / 16.4 - 1
    for pct in (0.70, 0.20):
        k = c.cost_elasticity(pct, g)
        assert k == pytest.approx(np.log(1 + pct) / np.log(32 / 16.4))
        assert c.scaled_cost_usd(1e6, g, k) == pytest.approx(1e6 * (1 + pct))
    # history: hashrate x2.45 (6.7 -> 16.4 EH/s), opex +67 % ($60M -> ~$100M)
    assert c.cost_elasticity(100 / 60 - 1, 16.4 / 6.7 - 1) == pytest.approx(np.log(100 / 60) / np.log(16.4 / 6.7))
    assert c.scaled_cost_usd(5.0, 0.5, 0.0) == 5.0  # a fixed cost
    assert c.scaled_cost_usd(5.0, 0.5, 1.0) == 7.5  # proportional
    with pytest.raises(ValueError, match="hashrate_growth"):
        c.cost_elasticity(0.2, 0.0)


def test_breakeven_clsk_network_down_20pct():
    """Seed 000: "If network hash rate drops 20%, CLSK remains profitable at BTC prices of $60K-$65K".

    Reconstruction: Q1 all-in ~$45,000/BTC on the model's Q1 production; costs scaled
    +70 % except G&A +20 %; Q4 production at 32 EH/s, 86 %, 450 BTC/day, network 566 * 0.8.
    The G&A share of the Q1 cost is not in the seed: ASSUMPTION 10-15 %. The breakeven lands
    at $58.5K-$61.0K: the bottom of the article's band, ~$2-4K (~5 %) below its midpoint.
    """
    q1_btc = 16.4 / 566 * 900 * 91 * 0.86
    q1_cost = 45_000 * q1_btc
    q4_btc = 32 / (566 * 0.8) * 450 * 91 * 0.86
    prices = []
    for ga_share in (0.10, 0.15):
        q4_cost = q1_cost * ((1 - ga_share) * 1.70 + ga_share * 1.20)
        prices.append(c.breakeven_btc_price_usd(q4_cost, q4_btc))
        assert prices[-1] == pytest.approx(q4_cost / q4_btc)
    assert 58_000 < min(prices) and max(prices) < 61_500


def test_price_gauge_seeds():
    # 003: $71,091 vs ~$87,000: "negative by roughly one-fifth of modeled expense"
    gap = c.price_to_cost_gap(71_091, 87_000)
    assert gap == pytest.approx((71_091 - 87_000) / 87_000)
    assert -0.2 - 0.03 < gap < -0.2 + 0.03
    # 002: all-in $84,300, "about $15,000 higher than BTC's current price"
    assert c.price_to_cost_gap(84_300 - 15_000, 84_300) == pytest.approx(-15_000 / 84_300)
    # 001: $78,000 (JPMorgan) against the same $71,091 spot
    assert c.price_to_cost_gap(np.array([71_091.0]), 78_000.0)[0] == pytest.approx(71_091 / 78_000 - 1)


def test_margin_fraction():
    assert c.margin_fraction(60_000, 45_000) == 0.25
    assert c.margin_fraction(40_000, 45_000) == pytest.approx(-0.125)
    with pytest.raises(ValueError, match="btc_price_usd"):
        c.margin_fraction(0.0, 1.0)


@given(st.floats(1, 200), st.floats(0, 0.5), st.floats(1e-5, 1e-2), st.floats(0.01, 0.5))
def test_power_cost_linear(e, p, hp, extra):
    base = c.power_cost_usd_per_btc(e, p, hp)
    assert c.power_cost_usd_per_btc(e * (1 + extra), p, hp) >= base
    assert c.power_cost_usd_per_btc(e, p, hp * (1 + extra)) <= base + 1e-9


def test_power_cost_per_ph_day_by_hand():
    # 1 PH/s at 25 J/TH draws 1,000 TH/s x 25 W = 25 kW: 600 kWh a day, $27 at $0.045/kWh
    assert c.power_cost_usd_per_ph_day(25.0, 0.045) == pytest.approx(600 * 0.045)
    assert c.power_cost_usd_per_ph_day(25.0, 0.045, uptime=0.5) == pytest.approx(300 * 0.045)
    np.testing.assert_allclose(c.power_cost_usd_per_ph_day(np.array([15.0, 30.0]), 0.05), [18.0, 36.0])
    s = c.power_cost_usd_per_ph_day(pd.Series([20.0], index=["S21"]), 0.05)
    assert list(s.index) == ["S21"] and s.iloc[0] == pytest.approx(24.0)
    # the power cost per BTC is this cost over the BTC the PH/s mines in the day
    assert c.power_cost_usd_per_btc(25.0, 0.045, 5e-4, 0.9, 0.8) == pytest.approx(
        c.power_cost_usd_per_ph_day(25.0, 0.045, 0.9) / (5e-4 * 0.8))
    with pytest.raises(ValueError, match="uptime"):
        c.power_cost_usd_per_ph_day(25.0, 0.045, uptime=1.5)


def test_power_cost_at_the_wall_with_pue_by_hand():
    # S21 (17.5 J/TH) at $0.05/kWh: 17.5 kW per PH/s x 24 h = 420 kWh = $21.00; a PUE of
    # 1.08 draws 8 % more at the meter
    assert c.power_cost_usd_per_ph_day(17.5, 0.05) == pytest.approx(21.0)
    assert c.power_cost_usd_per_ph_day(17.5, 0.05, pue=1.08) == pytest.approx(21.0 * 1.08)
    assert c.power_cost_usd_per_ph_day(17.5, 0.05, uptime=0.5, pue=1.1) == pytest.approx(21.0 * 0.5 * 1.1)
    with pytest.raises(ValueError, match="pue"):
        c.power_cost_usd_per_ph_day(17.5, 0.05, pue=0.9)
