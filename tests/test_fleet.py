"""Tests for minelib.fleet: expected values are computed by hand in the test."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minelib.fleet import (
    breakeven_hashprice_usd_per_ph_day,
    mining_margin_model,
    breakeven_power_price_usd_per_kwh,
    power_price_for_unprofitable_share_usd_per_kwh,
    share_unprofitable,
    shutdown_btc_price_usd,
    unprofitable_share_curve,
)

# 1 PH/s = 1,000 TH/s; at e J/TH -> e * 1,000 W = e kW -> 24 e kWh per day.
HOURS = 24.0


def hand_breakeven(e, p, other=0.0):
    return e * 1000.0 / 1000.0 * HOURS * p + other


# ------------------------------------------------------------------ breakeven hashprice
def test_breakeven_hashprice_scalar_34_j_per_th():
    got = breakeven_hashprice_usd_per_ph_day(34.0, 0.05)
    assert isinstance(got, float)
    assert got == pytest.approx(40.80)  # 34 x 24 x 0.05


def test_breakeven_hashprice_other_cost_added():
    assert breakeven_hashprice_usd_per_ph_day(34.0, 0.05, 5.0) == pytest.approx(45.80)


def test_breakeven_hashprice_ndarray_and_series():
    e = np.array([17.0, 25.0, 34.0])
    got = breakeven_hashprice_usd_per_ph_day(e, 0.05)
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, [20.4, 30.0, 40.8])
    s = pd.Series(e, index=["S21", "S19XP", "S19"])
    got_s = breakeven_hashprice_usd_per_ph_day(s, 0.05)
    assert isinstance(got_s, pd.Series)
    assert list(got_s.index) == ["S21", "S19XP", "S19"]
    np.testing.assert_allclose(got_s.to_numpy(), [20.4, 30.0, 40.8])


@pytest.mark.parametrize(
    "args, name",
    [
        ((0.0, 0.05), "efficiency_j_per_th"),
        ((-1.0, 0.05), "efficiency_j_per_th"),
        ((float("nan"), 0.05), "efficiency_j_per_th"),
        ((34.0, -0.01), "power_price_usd_per_kwh"),
        ((34.0, float("nan")), "power_price_usd_per_kwh"),
        ((34.0, 0.05, -1.0), "other_cost_usd_per_ph_day"),
        (("x", 0.05), "efficiency_j_per_th"),
    ],
)
def test_breakeven_hashprice_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        breakeven_hashprice_usd_per_ph_day(*args)


# ------------------------------------------------------------------ breakeven power price
def test_breakeven_power_price_scalar():
    # $40/PH/day, 34 J/TH: 40 / (24 x 34) = 0.04902 USD/kWh
    assert breakeven_power_price_usd_per_kwh(40.0, 34.0) == pytest.approx(40.0 / 816.0)


def test_breakeven_power_price_array_series_other():
    got = breakeven_power_price_usd_per_kwh(np.array([40.0, 62.0]), 17.0, 4.0)
    np.testing.assert_allclose(got, [36.0 / 408.0, 58.0 / 408.0])
    s = pd.Series([30.0, 40.0], index=pd.Index(["jan", "feb"], name="m"))
    got_s = breakeven_power_price_usd_per_kwh(s, 25.0)
    assert got_s.index.equals(s.index)
    np.testing.assert_allclose(got_s.to_numpy(), [0.05, 40.0 / 600.0])


def test_breakeven_power_price_negative_when_other_costs_exceed_hashprice():
    assert breakeven_power_price_usd_per_kwh(10.0, 20.0, 12.0) == pytest.approx(-2.0 / 480.0)


@pytest.mark.parametrize(
    "args, name",
    [
        ((-1.0, 34.0), "hashprice_usd_per_ph_day"),
        ((float("nan"), 34.0), "hashprice_usd_per_ph_day"),
        ((40.0, 0.0), "efficiency_j_per_th"),
        ((40.0, 34.0, -2.0), "other_cost_usd_per_ph_day"),
    ],
)
def test_breakeven_power_price_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        breakeven_power_price_usd_per_kwh(*args)


@given(
    e=st.floats(5.0, 150.0),
    p=st.floats(0.0, 0.5),
    other=st.floats(0.0, 50.0),
)
def test_breakeven_round_trip(e, p, other):
    h = breakeven_hashprice_usd_per_ph_day(e, p, other)
    assert breakeven_power_price_usd_per_kwh(h, e, other) == pytest.approx(p, abs=1e-12)


# ------------------------------------------------------------------ share unprofitable
FLEET_THS = pd.DataFrame(
    {"efficiency_j_per_th": [17.0, 25.0, 34.0], "hashrate_ths": [600.0, 300.0, 100.0]}
)
FLEET_SHARE = pd.DataFrame(
    {"efficiency_j_per_th": [17.0, 25.0, 34.0], "hashrate_share": [0.6, 0.3, 0.1]}
)
# at $0.05/kWh the machines cost 20.4, 30.0 and 40.8 USD/PH/day


@pytest.mark.parametrize("fleet", [FLEET_THS, FLEET_SHARE])
def test_share_unprofitable_scalar(fleet):
    got = share_unprofitable(fleet, 40.0, 0.05)
    assert isinstance(got, float)
    assert got == pytest.approx(0.1)  # only the 34 J/TH tenth (40.8 > 40)
    assert share_unprofitable(fleet, 29.0, 0.05) == pytest.approx(0.4)  # 25 and 34 J/TH
    assert share_unprofitable(fleet, 20.0, 0.05) == pytest.approx(1.0)
    assert share_unprofitable(fleet, 62.0, 0.05) == 0.0


def test_share_unprofitable_tie_counts_as_profitable():
    # 25 J/TH at $0.05 costs exactly 30.0: cost does not exceed the hashprice
    assert share_unprofitable(FLEET_THS, 30.0, 0.05) == pytest.approx(0.1)


def test_share_unprofitable_ndarray_over_hashprice():
    got = share_unprofitable(FLEET_THS, np.array([62.0, 40.0, 29.0, 20.0]), 0.05)
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, [0.0, 0.1, 0.4, 1.0])


def test_share_unprofitable_broadcast_over_power_price():
    # hashprice 40; p = 0.03 -> costs 12.2, 18, 24.5 (all fine); p = 0.10 -> 40.8, 60, 81.6
    got = share_unprofitable(FLEET_SHARE, 40.0, np.array([0.03, 0.05, 0.10]))
    np.testing.assert_allclose(got, [0.0, 0.1, 1.0])
    grid = share_unprofitable(FLEET_SHARE, np.array([[40.0], [29.0]]), np.array([0.03, 0.05]))
    np.testing.assert_allclose(grid, [[0.0, 0.1], [0.0, 0.4]])


def test_share_unprofitable_series_keeps_index():
    hp = pd.Series([62.0, 40.0], index=pd.to_datetime(["2025-07-01", "2026-02-01"]))
    got = share_unprofitable(FLEET_THS, hp, 0.05)
    assert isinstance(got, pd.Series)
    assert got.index.equals(hp.index)
    np.testing.assert_allclose(got.to_numpy(), [0.0, 0.1])


def test_share_unprofitable_per_machine_power_price_column():
    fleet = FLEET_THS.assign(power_price_usd_per_kwh=[0.10, 0.04, 0.04])
    # costs: 17*24*0.10 = 40.8, 25*24*0.04 = 24.0, 34*24*0.04 = 32.64
    assert share_unprofitable(fleet, 40.0, None) == pytest.approx(0.6)
    assert share_unprofitable(fleet, 30.0, None) == pytest.approx(0.7)


def test_share_unprofitable_other_cost():
    # with $10/PH/day other costs the 25 J/TH class (30 + 10 = 40) ties, 17 J/TH is 30.4
    assert share_unprofitable(FLEET_THS, 39.0, 0.05, 10.0) == pytest.approx(0.4)


@pytest.mark.parametrize(
    "fleet, match",
    [
        (pd.DataFrame({"hashrate_ths": [1.0]}), "efficiency_j_per_th"),
        (pd.DataFrame({"efficiency_j_per_th": [20.0]}), "hashrate_ths"),
        (pd.DataFrame({"efficiency_j_per_th": [-20.0], "hashrate_ths": [1.0]}), "efficiency_j_per_th"),
        (pd.DataFrame({"efficiency_j_per_th": [20.0], "hashrate_ths": [-1.0]}), "hashrate_ths"),
        (pd.DataFrame({"efficiency_j_per_th": [20.0], "hashrate_ths": [0.0]}), "hashrate_ths"),
        (pd.DataFrame({"efficiency_j_per_th": [20.0], "hashrate_share": [1.5]}), "hashrate_share"),
        (pd.DataFrame({"efficiency_j_per_th": [np.nan], "hashrate_ths": [1.0]}), "efficiency_j_per_th"),
        ({"efficiency_j_per_th": [20.0], "hashrate_ths": [1.0]}, "fleet"),
    ],
)
def test_share_unprofitable_bad_fleet(fleet, match):
    with pytest.raises(ValueError, match=match):
        share_unprofitable(fleet, 40.0, 0.05)


@pytest.mark.parametrize(
    "hp, pp, match",
    [
        (-1.0, 0.05, "hashprice_usd_per_ph_day"),
        (np.array([40.0, np.nan]), 0.05, "hashprice_usd_per_ph_day"),
        (40.0, -0.05, "power_price_usd_per_kwh"),
        (40.0, None, "power_price_usd_per_kwh"),
    ],
)
def test_share_unprofitable_bad_args(hp, pp, match):
    with pytest.raises(ValueError, match=match):
        share_unprofitable(FLEET_THS, hp, pp)


fleets = st.lists(
    st.tuples(st.floats(10.0, 120.0), st.floats(0.1, 1000.0)), min_size=1, max_size=8
).map(lambda rows: pd.DataFrame(rows, columns=["efficiency_j_per_th", "hashrate_ths"]))


@settings(max_examples=60)
@given(fleet=fleets, h1=st.floats(0.0, 200.0), h2=st.floats(0.0, 200.0), p=st.floats(0.0, 0.3))
def test_share_unprofitable_monotone_and_bounded(fleet, h1, h2, p):
    lo, hi = sorted([h1, h2])
    s_lo = share_unprofitable(fleet, lo, p)
    s_hi = share_unprofitable(fleet, hi, p)
    assert 0.0 <= s_hi <= s_lo <= 1.0
    # hand computation of the weighted share
    w = fleet["hashrate_ths"].to_numpy()
    cost = fleet["efficiency_j_per_th"].to_numpy() * HOURS * p
    assert s_lo == pytest.approx(w[cost > lo].sum() / w.sum())


@settings(max_examples=60)
@given(fleet=fleets, h=st.floats(1.0, 200.0), p1=st.floats(0.0, 0.3), p2=st.floats(0.0, 0.3))
def test_share_unprofitable_monotone_in_power_price(fleet, h, p1, p2):
    lo, hi = sorted([p1, p2])
    assert share_unprofitable(fleet, h, lo) <= share_unprofitable(fleet, h, hi)


# ------------------------------------------------------------------ curve
def test_unprofitable_share_curve_indexed_by_hashprice():
    got = unprofitable_share_curve(FLEET_SHARE, [62.0, 50.0, 40.0, 30.0], 0.05)
    assert isinstance(got, pd.Series)
    assert got.index.name == "hashprice_usd_per_ph_day"
    assert list(got.index) == [62.0, 50.0, 40.0, 30.0]
    np.testing.assert_allclose(got.to_numpy(), [0.0, 0.0, 0.1, 0.1])


def test_unprofitable_share_curve_bad_input():
    with pytest.raises(ValueError, match="hashprices_usd_per_ph_day"):
        unprofitable_share_curve(FLEET_SHARE, [40.0, -1.0], 0.05)
    with pytest.raises(ValueError, match="power_price_usd_per_kwh"):
        unprofitable_share_curve(FLEET_SHARE, [40.0], [0.05, 0.06])


# ------------------------------------------------------------------ inverse: power price for a share
def test_power_price_for_share_by_hand():
    # p* per class at $40: 34 J/TH -> 40/816, 25 -> 40/600, 17 -> 40/408
    assert power_price_for_unprofitable_share_usd_per_kwh(FLEET_SHARE, 40.0, 0.1) == pytest.approx(40 / 816)
    assert power_price_for_unprofitable_share_usd_per_kwh(FLEET_SHARE, 40.0, 0.15) == pytest.approx(40 / 600)
    assert power_price_for_unprofitable_share_usd_per_kwh(FLEET_SHARE, 40.0, 0.4) == pytest.approx(40 / 600)
    assert power_price_for_unprofitable_share_usd_per_kwh(FLEET_SHARE, 40.0, 1.0) == pytest.approx(40 / 408)
    assert power_price_for_unprofitable_share_usd_per_kwh(FLEET_SHARE, 40.0, 0.0) == pytest.approx(40 / 816)


@pytest.mark.parametrize(
    "args, name",
    [
        ((40.0, 1.2), "target_share"),
        ((40.0, -0.1), "target_share"),
        ((40.0, float("nan")), "target_share"),
        ((-40.0, 0.2), "hashprice_usd_per_ph_day"),
        ((np.array([40.0, 30.0]), 0.2), "hashprice_usd_per_ph_day"),
    ],
)
def test_power_price_for_share_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        power_price_for_unprofitable_share_usd_per_kwh(FLEET_SHARE, *args)


@settings(max_examples=60)
@given(fleet=fleets, h=st.floats(5.0, 200.0), target=st.floats(0.01, 1.0))
def test_power_price_for_share_is_the_threshold(fleet, h, target):
    p = power_price_for_unprofitable_share_usd_per_kwh(fleet, h, target)
    assert share_unprofitable(fleet, h, p * (1 + 1e-9) + 1e-15) >= target - 1e-9
    below = p * (1 - 1e-9)
    if below >= 0:
        assert share_unprofitable(fleet, h, below) < target


# ------------------------------------------------------------------ shutdown price
def test_shutdown_price_by_hand():
    # hashprice = S x 3.125 x 144 / 913,000 PH/s must equal 40.8 USD/PH/day
    expected = 40.8 * 913_000.0 / (3.125 * 144.0)
    assert shutdown_btc_price_usd(34.0, 0.05, 913.0, 3.125) == pytest.approx(expected)
    # at that price the hashprice is the break-even (back-substitution by hand)
    assert expected * 3.125 * 144.0 / 913_000.0 == pytest.approx(40.8)


def test_shutdown_price_kinds_and_options():
    got = shutdown_btc_price_usd(np.array([17.0, 34.0]), 0.05, 913.0, 3.2, 150.0, 1.0)
    np.testing.assert_allclose(got, [(20.4 + 1.0) * 913_000 / 480.0, (40.8 + 1.0) * 913_000 / 480.0])
    s = pd.Series([566.0, 913.0], index=["Q1-2024", "2026"])
    got_s = shutdown_btc_price_usd(34.0, 0.05, s, 3.125)
    assert list(got_s.index) == ["Q1-2024", "2026"]
    np.testing.assert_allclose(got_s.to_numpy(), 40.8 * s.to_numpy() * 1000.0 / 450.0)


@pytest.mark.parametrize(
    "args, name",
    [
        ((34.0, 0.05, 0.0, 3.125), "network_hashrate_ehs"),
        ((34.0, 0.05, 913.0, 0.0), "reward_btc_per_block"),
        ((34.0, 0.05, 913.0, 3.125, -144.0), "blocks_per_day"),
        ((34.0, 0.05, float("nan"), 3.125), "network_hashrate_ehs"),
        ((0.0, 0.05, 913.0, 3.125), "efficiency_j_per_th"),
    ],
)
def test_shutdown_price_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        shutdown_btc_price_usd(*args)


def test_no_nan_anywhere():
    out = share_unprofitable(FLEET_THS, np.linspace(0, 100, 11), 0.0)
    assert not np.isnan(out).any()
    assert math.isfinite(shutdown_btc_price_usd(34.0, 0.0, 913.0, 3.125))


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: breakeven_hashprice_usd_per_ph_day(np.inf, 0.0), "efficiency_j_per_th"),
        (lambda: breakeven_power_price_usd_per_kwh(np.inf, 20.0), "hashprice_usd_per_ph_day"),
        (lambda: share_unprofitable(FLEET_THS, 40.0, np.inf), "power_price_usd_per_kwh"),
        (lambda: shutdown_btc_price_usd(34.0, 0.05, np.inf, 3.125), "network_hashrate_ehs"),
    ],
)
def test_infinite_input_rejected(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# ------------------------------------------------------------------ margin of 1 PH/s
def test_mining_margin_model_by_hand():
    # 1,000 EH/s = 1e6 PH/s shares 144 x (3.125 + 0.125) BTC a day: 4.68e-4 BTC per PH/s,
    # 90 % captured; 20 J/TH at $0.05/kWh and 95 % uptime; $15/TH x 1,000 over 4 years
    out = mining_margin_model(70_000.0, 1_000.0, 20.0, 0.05, uptime=0.95, fees_per_block_btc=0.125,
                              operational_efficiency=0.9)
    hp = 144 * 3.25 / 1e6
    mined = hp * 0.9
    power = hand_breakeven(20.0, 0.05) * 0.95
    dep = 15.0 * 1_000 / 4.0 / 365.25
    assert out["hashprice_usd_per_ph_day"] == pytest.approx(70_000.0 * hp)
    assert out["power_cost_usd_per_btc"] == pytest.approx(power / mined)
    assert out["all_in_cost_usd_per_btc"] == pytest.approx((power + dep) / mined)
    assert out["margin_usd_per_ph_day"] == pytest.approx(70_000.0 * mined - power - dep)
    # at the all-in cost per BTC the margin is zero
    at_cost = mining_margin_model(out["all_in_cost_usd_per_btc"], 1_000.0, 20.0, 0.05, uptime=0.95,
                                  fees_per_block_btc=0.125, operational_efficiency=0.9)
    assert at_cost["margin_usd_per_ph_day"] == pytest.approx(0.0, abs=1e-9)


def test_mining_margin_model_kinds():
    scalar = mining_margin_model(70_000.0, 1_000.0, 20.0, 0.05)
    assert all(isinstance(v, float) for v in scalar.values())
    arr = mining_margin_model(np.array([60_000.0, 80_000.0]), 1_000.0, 20.0, 0.05)
    assert all(isinstance(v, np.ndarray) and v.shape == (2,) for v in arr.values())
    # outputs that do not depend on the price are broadcast to the inputs' shape
    np.testing.assert_array_equal(arr["power_cost_usd_per_btc"], [scalar["power_cost_usd_per_btc"]] * 2)
    ser = mining_margin_model(pd.Series([60_000.0, 80_000.0], index=["bear", "bull"]), 1_000.0, 20.0, 0.05)
    assert all(isinstance(v, pd.Series) and list(v.index) == ["bear", "bull"] for v in ser.values())
    with pytest.raises(ValueError, match="efficiency_j_per_th"):
        mining_margin_model(70_000.0, 1_000.0, 0.0, 0.05)


# ------------------------------------------------------------------ practitioner inputs (issue 10 item 7)
def test_s21_breakeven_with_pool_fee_and_pue_by_hand():
    # S21: 17.5 J/TH -> 17.5 kW per PH/s -> 420 kWh a day -> $21.00 at $0.05/kWh.
    assert breakeven_hashprice_usd_per_ph_day(17.5, 0.05) == pytest.approx(21.00)
    # 8 % more power at the wall (PUE 1.08) and 2 % of the reward to the FPPS pool:
    # 21 x 1.08 / 0.98 = 22.68 / 0.98 = 23.142857...
    assert breakeven_hashprice_usd_per_ph_day(17.5, 0.05, pool_fee=0.02, pue=1.08) == pytest.approx(23.142857142857)
    assert round(breakeven_hashprice_usd_per_ph_day(17.5, 0.05, pool_fee=0.02, pue=1.08), 2) == 23.14


def test_uptime_cancels_for_power_but_not_for_fixed_costs():
    # power-only: an idle machine neither earns nor pays, so uptime does not move h*
    assert breakeven_hashprice_usd_per_ph_day(17.5, 0.05, uptime=0.9) == pytest.approx(21.0)
    # $2/PH/day of fixed costs are paid on every installed PH/s: (21 x 0.9 + 2) / 0.9
    assert breakeven_hashprice_usd_per_ph_day(17.5, 0.05, 2.0, uptime=0.9) == pytest.approx((18.9 + 2.0) / 0.9)
    # all four: (21 x 1.05 x 0.95 + 1) / (0.97 x 0.95) = (20.9475 + 1) / 0.9215
    got = breakeven_hashprice_usd_per_ph_day(17.5, 0.05, 1.0, pool_fee=0.03, pue=1.05, uptime=0.95)
    assert got == pytest.approx(21.9475 / 0.9215)


def test_breakeven_power_price_with_practitioner_inputs_by_hand():
    # $40/PH/day through a 2 % pool keeps 39.2; a 34 J/TH machine at PUE 1.08 draws
    # 24 x 34 x 1.08 = 881.28 kWh a day per PH/s: p* = 39.2 / 881.28
    assert breakeven_power_price_usd_per_kwh(40.0, 34.0, pool_fee=0.02, pue=1.08) == pytest.approx(39.2 / 881.28)
    # with $3/PH/day fixed and 90 % uptime: (40 x 0.98 x 0.9 - 3) / (881.28 x 0.9)
    got = breakeven_power_price_usd_per_kwh(40.0, 34.0, 3.0, pool_fee=0.02, pue=1.08, uptime=0.9)
    assert got == pytest.approx((35.28 - 3.0) / 793.152)


@settings(max_examples=60)
@given(e=st.floats(5.0, 150.0), p=st.floats(0.0, 0.5), other=st.floats(0.0, 50.0),
       fee=st.floats(0.0, 0.1), pue=st.floats(1.0, 1.5), u=st.floats(0.05, 1.0))
def test_breakeven_round_trip_with_practitioner_inputs(e, p, other, fee, pue, u):
    h = breakeven_hashprice_usd_per_ph_day(e, p, other, fee, pue, u)
    assert breakeven_power_price_usd_per_kwh(h, e, other, fee, pue, u) == pytest.approx(p, abs=1e-9)


def test_share_unprofitable_with_practitioner_inputs_by_hand():
    # at $0.05/kWh, PUE 1.10 and a 4 % fee the classes need 20.4, 30.0, 40.8 x 1.1 / 0.96:
    # 23.375, 34.375, 46.75 USD/PH/day
    assert share_unprofitable(FLEET_THS, 35.0, 0.05) == pytest.approx(0.1)  # bare: only 40.8 > 35
    assert share_unprofitable(FLEET_THS, 35.0, 0.05, pool_fee=0.04, pue=1.10) == pytest.approx(0.1)
    assert share_unprofitable(FLEET_THS, 34.0, 0.05, pool_fee=0.04, pue=1.10) == pytest.approx(0.4)
    assert share_unprofitable(FLEET_THS, 34.0, 0.05) == pytest.approx(0.1)  # 30.0 < 34 without them
    curve = unprofitable_share_curve(FLEET_SHARE, [50.0, 34.0, 23.0], 0.05, pool_fee=0.04, pue=1.10)
    np.testing.assert_allclose(curve.to_numpy(), [0.0, 0.4, 1.0])
    with pytest.raises(ValueError, match="pue"):
        share_unprofitable(FLEET_THS, 34.0, 0.05, pue=np.array([1.0, 1.1]))


def test_power_price_for_share_with_practitioner_inputs_by_hand():
    # 10 % threshold = the 34 J/TH class: p* = 40 x 0.98 / (24 x 34 x 1.08)
    got = power_price_for_unprofitable_share_usd_per_kwh(FLEET_SHARE, 40.0, 0.1, pool_fee=0.02, pue=1.08)
    assert got == pytest.approx(39.2 / 881.28)


def test_shutdown_price_with_practitioner_inputs_by_hand():
    # h* = 40.8 x 1.08 / 0.98; S* = h* x 913,000 PH/s / (3.125 x 144)
    expected = 40.8 * 1.08 / 0.98 * 913_000.0 / (3.125 * 144.0)
    assert shutdown_btc_price_usd(34.0, 0.05, 913.0, 3.125, pool_fee=0.02, pue=1.08) == pytest.approx(expected)
    with pytest.raises(ValueError, match="pool_fee"):
        shutdown_btc_price_usd(34.0, 0.05, 913.0, 3.125, pool_fee=1.0)
    with pytest.raises(ValueError, match="uptime"):
        breakeven_hashprice_usd_per_ph_day(17.5, 0.05, uptime=0.0)
    with pytest.raises(ValueError, match="pue"):
        breakeven_hashprice_usd_per_ph_day(17.5, 0.05, pue=0.9)


def test_mining_margin_model_with_pool_fee_and_pue_by_hand():
    # 1,000 EH/s shares 144 x 3.125 BTC: 4.5e-4 BTC per PH/s a day; 2 % to the pool
    out = mining_margin_model(70_000.0, 1_000.0, 20.0, 0.05, pool_fee=0.02, pue=1.08)
    kept = 144 * 3.125 / 1e6 * 0.98
    power = 24 * 20.0 * 1.08 * 0.05  # 25.92 USD per PH/s a day at the wall
    dep = 15.0 * 1_000 / 4.0 / 365.25
    assert out["hashprice_usd_per_ph_day"] == pytest.approx(70_000.0 * 144 * 3.125 / 1e6)  # before the fee
    assert out["power_cost_usd_per_btc"] == pytest.approx(power / kept)
    assert out["all_in_cost_usd_per_btc"] == pytest.approx((power + dep) / kept)
    assert out["margin_usd_per_ph_day"] == pytest.approx(70_000.0 * kept - power - dep)
    # the defaults reproduce the bare model
    bare = mining_margin_model(70_000.0, 1_000.0, 20.0, 0.05)
    assert bare["margin_usd_per_ph_day"] == pytest.approx(31.5 - 24.0 - dep)


def test_fleet_writes_power_cost_in_one_place():
    # one formula, one place: fleet computes power through costs.power_cost_usd_per_ph_day
    import inspect

    import minelib.fleet as fleet_module

    source = inspect.getsource(fleet_module)
    assert "KWH_PER_PH_DAY_PER_J_PER_TH" not in source


def test_fleet_from_models_by_hand():
    from minelib.data import load_asics
    from minelib.fleet import fleet_from_models

    asics = load_asics()
    fleet = fleet_from_models(["Antminer S19", "Antminer S21"], [33.0, 200.0], asics)
    assert list(fleet.columns) == ["model", "efficiency_j_per_th", "hashrate_ths"]
    assert fleet["hashrate_ths"].tolist() == [33e6, 200e6]  # 1 EH/s = 10^6 TH/s
    assert fleet["efficiency_j_per_th"].tolist() == [34.2, 17.5]  # data/asics.csv: 3250 W / 95 TH/s; S21
    with pytest.raises(ValueError, match="unknown ASIC model"):
        fleet_from_models(["Antminer S99"], [1.0], asics)
    with pytest.raises(ValueError, match="same length"):
        fleet_from_models(["Antminer S19"], [1.0, 2.0], asics)
    with pytest.raises(ValueError, match="hashrates_ehs"):
        fleet_from_models(["Antminer S19"], [-1.0], asics)
