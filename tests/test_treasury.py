"""Tests for minelib.treasury: seed cases (002, 001), hand-computed months, the one-month step
and the many-path simulation against the one-miner one."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minelib.treasury import (
    POLICIES,
    TREASURY_COLUMNS,
    implied_net_outflow_btc,
    reconcile_holdings,
    runway_months,
    simulate_treasury,
    simulate_treasury_paths,
    step_treasury,
    sold_to_produced_ratio,
)


# ------------------------------------------------------------------ seed cases
def test_cleanspark_january_2026_reconciles_to_rounding():
    # 002: "nearly 13,100" on Dec 31, 573 mined, 158.6 sold, 13,513 on Jan 31
    gap = reconcile_holdings(13_100.0, 573.0, 158.6, 13_513.0)
    assert isinstance(gap, float)
    assert gap == pytest.approx(13_513.0 - (13_100.0 + 573.0 - 158.6))
    assert gap == pytest.approx(-1.4)
    # "nearly 13,100" = 13,098.6 closes the gap: the rounding explains it
    assert reconcile_holdings(13_098.6, 573.0, 158.6, 13_513.0) == pytest.approx(0.0, abs=1e-9)


def test_cango_does_not_reconcile():
    # 002: 7,528 at end 2025; January 496.3 mined, 550 sold; 4,451 sold later; 3,645 after
    gap = reconcile_holdings(7_528.0, 496.3, 550.0 + 4_451.0, 3_645.0)
    assert gap == pytest.approx(621.7)
    # ~16 BTC/day in January: unknown February production cannot explain ~620 BTC
    per_day = 496.3 / 31.0
    assert 15.5 < per_day < 16.5
    days_needed = gap / per_day
    assert days_needed > 29  # more than all of February, and the sale was early in the month


def test_bitdeer_implied_outflow():
    # 002: 1,530 on Jan 31, "nearly 500 fewer" than Dec 31, 668 mined in January
    out = implied_net_outflow_btc(1_530.0 + 500.0, 668.0, 1_530.0)
    assert out == pytest.approx(1_168.0)
    assert reconcile_holdings(2_030.0, 668.0, out, 1_530.0) == pytest.approx(0.0)


def test_public_miners_sold_about_79_percent_of_quarterly_issuance():
    # 001: 32,000+ BTC sold in a quarter; issuance 3.125 x 144 x 90 = 40,500 BTC
    issuance = 3.125 * 144 * 90
    assert issuance == 40_500.0
    assert sold_to_produced_ratio(32_000.0, issuance) == pytest.approx(32_000 / 40_500)
    assert round(sold_to_produced_ratio(32_000.0, issuance), 2) == 0.79


def test_cipher_held_all_production():
    # 000: 924 BTC produced, reportedly without selling
    df = simulate_treasury(924.0, 60_000.0, 0.0, "hold")
    assert df["sold_btc"].iloc[0] == 0.0
    assert df["retained_btc"].iloc[0] == 924.0
    assert sold_to_produced_ratio(0.0, 924.0) == 0.0


# ------------------------------------------------------------------ reconcile / ratio kinds
def test_reconcile_vectorized_kinds():
    start = np.array([13_100.0, 7_528.0])
    got = reconcile_holdings(start, np.array([573.0, 496.3]), np.array([158.6, 5_001.0]), np.array([13_513.0, 3_645.0]))
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, [-1.4, 621.7], atol=1e-9)
    idx = pd.Index(["CLSK", "CANG"], name="miner")
    got_s = reconcile_holdings(pd.Series(start, index=idx), np.array([573.0, 496.3]), np.array([158.6, 5_001.0]),
                               pd.Series([13_513.0, 3_645.0], index=idx))
    assert isinstance(got_s, pd.Series)
    assert got_s.index.equals(idx)
    # purchases and other flows (other may be negative: a pledge)
    assert reconcile_holdings(100.0, 10.0, 5.0, 120.0, purchased_btc=20.0, other_btc=-5.0) == pytest.approx(0.0)


def test_ratio_and_outflow_kinds_and_edge_cases():
    np.testing.assert_array_equal(sold_to_produced_ratio(np.array([0.0, 2.0, 1.0]), np.array([0.0, 0.0, 4.0])),
                                  [0.0, math.inf, 0.25])
    s = sold_to_produced_ratio(pd.Series([158.6], index=["jan"]), 573.0)
    assert list(s.index) == ["jan"]
    got = implied_net_outflow_btc(np.array([2_030.0, 100.0]), 668.0, np.array([1_530.0, 800.0]))
    np.testing.assert_allclose(got, [1_168.0, -32.0])  # negative: unexplained inflow
    s2 = implied_net_outflow_btc(pd.Series([2_030.0], index=["BTDR"]), 668.0, 1_530.0)
    assert list(s2.index) == ["BTDR"]


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: reconcile_holdings(-1.0, 1.0, 1.0, 1.0), "start_btc"),
        (lambda: reconcile_holdings(1.0, float("nan"), 1.0, 1.0), "produced_btc"),
        (lambda: reconcile_holdings(1.0, 1.0, -1.0, 1.0), "sold_btc"),
        (lambda: reconcile_holdings(1.0, 1.0, 1.0, -1.0), "end_btc"),
        (lambda: reconcile_holdings(1.0, 1.0, 1.0, 1.0, purchased_btc=-1.0), "purchased_btc"),
        (lambda: reconcile_holdings(1.0, 1.0, 1.0, 1.0, other_btc=float("nan")), "other_btc"),
        (lambda: sold_to_produced_ratio(-1.0, 1.0), "sold_btc"),
        (lambda: sold_to_produced_ratio(1.0, float("nan")), "produced_btc"),
        (lambda: implied_net_outflow_btc(1.0, -1.0, 1.0), "produced_btc"),
        (lambda: runway_months(-1.0, 0.0, 1.0, 0.0, 1.0), "treasury_btc"),
        (lambda: runway_months(1.0, -1.0, 1.0, 0.0, 1.0), "cash_usd"),
        (lambda: runway_months(1.0, 0.0, 0.0, 0.0, 1.0), "price_usd"),
        (lambda: runway_months(1.0, 0.0, 1.0, float("nan"), 1.0), "production_btc"),
        (lambda: runway_months(1.0, 0.0, 1.0, 0.0, -1.0), "fiat_costs_usd"),
    ],
)
def test_helpers_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# ------------------------------------------------------------------ runway
def test_runway_by_hand():
    # liquid = 1,000 x 70,000 + 5M = 75M; shortfall = 20M - 200 x 70,000 = 6M -> 12.5 months
    assert runway_months(1_000.0, 5e6, 70_000.0, 200.0, 20e6) == pytest.approx(12.5)
    got = runway_months(np.array([1_000.0, 0.0]), 0.0, 70_000.0, 200.0, 20e6)
    np.testing.assert_allclose(got, [70e6 / 6e6, 0.0])
    assert runway_months(1_000.0, 0.0, 70_000.0, 400.0, 20e6) == math.inf  # production covers costs
    s = runway_months(pd.Series([1_000.0], index=["m"]), 0.0, 70_000.0, 200.0, 20e6)
    assert list(s.index) == ["m"]


# ------------------------------------------------------------------ simulation, hand cases
def test_sell_all_by_hand():
    df = simulate_treasury([10.0, 10.0], [100.0, 50.0], 700.0, "sell_all", start_treasury_btc=5.0, start_cash_usd=100.0)
    # month 0: proceeds 1,000 + cash 100 - 700 = 400 cash; month 1: 400 + 500 - 700 = 200
    np.testing.assert_allclose(df["sold_btc"], [10.0, 10.0])
    np.testing.assert_allclose(df["retained_btc"], [0.0, 0.0])
    np.testing.assert_allclose(df["treasury_btc"], [5.0, 5.0])
    np.testing.assert_allclose(df["cash_usd"], [400.0, 200.0])
    np.testing.assert_allclose(df["external_funding_usd"], [0.0, 0.0])
    np.testing.assert_allclose(df["sold_to_produced_ratio"], [1.0, 1.0])
    # runway month 1: shortfall 700 - 500 = 200; liquid 5 x 50 + 200 = 450 -> 2.25 months
    assert df["runway_months"].iloc[0] == math.inf
    assert df["runway_months"].iloc[1] == pytest.approx(2.25)
    assert df.index.name == "month"


def test_hold_shows_funding_gap():
    df = simulate_treasury(10.0, 100.0, 700.0, "hold", start_cash_usd=1_000.0, n_months=3)
    # month 0: cash 1,000 pays 700 -> 300; month 1: 300 of 700 -> gap 400; month 2: gap 700
    np.testing.assert_allclose(df["cash_usd"], [300.0, 0.0, 0.0])
    np.testing.assert_allclose(df["external_funding_usd"], [0.0, 400.0, 700.0])
    np.testing.assert_allclose(df["cumulative_external_funding_usd"], [0.0, 400.0, 1_100.0])
    np.testing.assert_allclose(df["treasury_btc"], [10.0, 20.0, 30.0])
    np.testing.assert_allclose(df["sold_btc"], 0.0)


def test_fixed_fraction_by_hand():
    df = simulate_treasury([10.0, 20.0], 100.0, 500.0, "fixed_fraction", sell_fraction=0.25)
    np.testing.assert_allclose(df["sold_btc"], [2.5, 5.0])
    np.testing.assert_allclose(df["retained_btc"], [7.5, 15.0])
    np.testing.assert_allclose(df["treasury_btc"], [7.5, 22.5])
    # proceeds 250 and 500 against costs 500: gap 250 then 0
    np.testing.assert_allclose(df["external_funding_usd"], [250.0, 0.0])
    per_month = simulate_treasury([10.0, 20.0], 100.0, 0.0, "fixed_fraction", sell_fraction=[0.0, 1.0])
    np.testing.assert_allclose(per_month["sold_btc"], [0.0, 20.0])


def test_sell_to_cover_production_then_treasury_then_unfunded():
    df = simulate_treasury(
        [10.0, 10.0, 10.0, 0.0],
        [100.0, 100.0, 100.0, 100.0],
        [500.0, 1_500.0, 3_000.0, 1_000.0],
        "sell_to_cover",
        start_treasury_btc=12.0,
        start_cash_usd=200.0,
    )
    # m0: cash 200 first, need 300 -> 3 BTC of production, retain 7 -> treasury 19
    # m1: need 1,500 -> all 10 of production + 5 from treasury -> treasury 14
    # m2: need 3,000 = 30 BTC -> 10 production + all 14 treasury, 600 unfunded
    # m3: no production, nothing left: 1,000 unfunded
    np.testing.assert_allclose(df["sold_from_production_btc"], [3.0, 10.0, 10.0, 0.0])
    np.testing.assert_allclose(df["sold_from_treasury_btc"], [0.0, 5.0, 14.0, 0.0])
    np.testing.assert_allclose(df["treasury_btc"], [19.0, 14.0, 0.0, 0.0])
    np.testing.assert_allclose(df["cash_usd"], [0.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(df["external_funding_usd"], [0.0, 0.0, 600.0, 1_000.0])
    np.testing.assert_allclose(df["sold_to_produced_ratio"], [0.3, 1.5, 2.4, 0.0])
    assert (df["treasury_btc"] >= 0).all()
    np.testing.assert_allclose(df["runway_months"], [math.inf, 1_400.0 / 500.0, 0.0, 0.0])


def test_sell_to_cover_uses_cash_first():
    df = simulate_treasury(5.0, 100.0, 300.0, "sell_to_cover", start_cash_usd=1_000.0, n_months=2)
    np.testing.assert_allclose(df["sold_btc"], [0.0, 0.0])
    np.testing.assert_allclose(df["cash_usd"], [700.0, 400.0])
    np.testing.assert_allclose(df["treasury_btc"], [5.0, 10.0])


def test_series_inputs_keep_index():
    idx = pd.date_range("2026-01-31", periods=3, freq="ME", name="month_end")
    prod = pd.Series([573.0, 550.0, 560.0], index=idx)
    price = pd.Series([90_000.0, 70_000.0, 65_000.0], index=idx)
    df = simulate_treasury(prod, price, 30e6, "sell_to_cover", start_treasury_btc=13_100.0)
    assert isinstance(df, pd.DataFrame)
    assert df.index.equals(idx)
    assert df["sold_btc"].iloc[0] == pytest.approx(30e6 / 90_000.0)
    with pytest.raises(ValueError, match="index"):
        simulate_treasury(prod, price.reset_index(drop=True), 30e6)


def test_ndarray_inputs_and_columns():
    df = simulate_treasury(np.array([1.0, 2.0]), np.array([10.0, 10.0]), np.array([5.0, 5.0]), "sell_to_cover")
    assert list(df.index) == [0, 1]
    for col in ["production_btc", "sold_btc", "retained_btc", "treasury_btc", "cash_usd",
                "external_funding_usd", "sold_to_produced_ratio", "runway_months"]:
        assert col in df.columns
    np.testing.assert_allclose(df["sold_btc"], [0.5, 0.5])


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(policy="yolo"), "policy"),
        (dict(policy="fixed_fraction"), "sell_fraction"),
        (dict(policy="fixed_fraction", sell_fraction=1.5), "sell_fraction"),
        (dict(policy="fixed_fraction", sell_fraction=-0.1), "sell_fraction"),
        (dict(policy="hold", sell_fraction=0.5), "sell_fraction"),
        (dict(start_treasury_btc=-1.0), "start_treasury_btc"),
        (dict(start_cash_usd=float("nan")), "start_cash_usd"),
        (dict(n_months=0), "n_months"),
        (dict(n_months=5), "n_months"),  # inputs have 2 months
    ],
)
def test_simulate_bad_options(kwargs, name):
    with pytest.raises(ValueError, match=name):
        simulate_treasury([1.0, 1.0], 100.0, 50.0, **kwargs)


@pytest.mark.parametrize(
    "args, name",
    [
        (([1.0, -1.0], 100.0, 50.0), "production_btc"),
        (([1.0, np.nan], 100.0, 50.0), "production_btc"),
        ((1.0, 0.0, 50.0), "price_usd"),
        ((1.0, 100.0, -50.0), "fiat_costs_usd"),
        (([1.0, 1.0], [100.0, 100.0, 100.0], 50.0), "price_usd"),
        (([], 100.0, 50.0), "production_btc"),
    ],
)
def test_simulate_bad_inputs(args, name):
    with pytest.raises(ValueError, match=name):
        simulate_treasury(*args)


# ------------------------------------------------------------------ properties
months = st.integers(1, 12)


@st.composite
def scenarios(draw):
    n = draw(months)
    prod = draw(st.lists(st.floats(0.0, 1_000.0), min_size=n, max_size=n))
    price = draw(st.lists(st.floats(1_000.0, 200_000.0), min_size=n, max_size=n))
    costs = draw(st.lists(st.floats(0.0, 1e8), min_size=n, max_size=n))
    b0 = draw(st.floats(0.0, 20_000.0))
    m0 = draw(st.floats(0.0, 1e8))
    policy = draw(st.sampled_from(POLICIES))
    frac = draw(st.floats(0.0, 1.0)) if policy == "fixed_fraction" else None
    return prod, price, costs, b0, m0, policy, frac


@settings(max_examples=150, deadline=None)
@given(sc=scenarios())
def test_accounting_identities_hold(sc):
    prod, price, costs, b0, m0, policy, frac = sc
    df = simulate_treasury(prod, price, costs, policy, start_treasury_btc=b0, start_cash_usd=m0, sell_fraction=frac)
    p = np.asarray(prod)
    # produced = sold from production + retained, every month
    np.testing.assert_allclose(df["sold_from_production_btc"] + df["retained_btc"], p, rtol=1e-12, atol=1e-9)
    # BTC never negative, cash never negative, no NaN anywhere
    for col in ["sold_from_production_btc", "sold_from_treasury_btc", "sold_btc", "retained_btc", "treasury_btc"]:
        assert (df[col] >= 0).all(), col
    assert (df["cash_usd"] >= 0).all() and (df["external_funding_usd"] >= 0).all()
    assert not df.isna().any().any()
    # treasury roll-forward and cash roll-forward
    prev_b = np.concatenate([[b0], df["treasury_btc"].to_numpy()[:-1]])
    np.testing.assert_allclose(df["treasury_btc"], prev_b + p - df["sold_btc"], rtol=1e-9, atol=1e-6)
    prev_m = np.concatenate([[m0], df["cash_usd"].to_numpy()[:-1]])
    np.testing.assert_allclose(
        df["cash_usd"], prev_m + df["sale_proceeds_usd"] - np.asarray(costs) + df["external_funding_usd"],
        rtol=1e-9, atol=1e-3,
    )
    if policy != "sell_to_cover":
        assert (df["sold_from_treasury_btc"] == 0).all()
    if policy == "hold":
        assert (df["sold_btc"] == 0).all()


@settings(max_examples=150, deadline=None)
@given(sc=scenarios(), extra=st.lists(st.floats(0.0, 5e7), min_size=12, max_size=12))
def test_more_costs_never_retain_more_btc_under_sell_to_cover(sc, extra):
    prod, price, costs, b0, m0, _, _ = sc
    more = np.asarray(costs) + np.asarray(extra[: len(costs)])
    low = simulate_treasury(prod, price, costs, "sell_to_cover", start_treasury_btc=b0, start_cash_usd=m0)
    high = simulate_treasury(prod, price, more, "sell_to_cover", start_treasury_btc=b0, start_cash_usd=m0)
    assert (high["treasury_btc"].to_numpy() <= low["treasury_btc"].to_numpy() * (1 + 1e-12) + 1e-9).all()
    assert high["retained_btc"].sum() <= low["retained_btc"].sum() * (1 + 1e-12) + 1e-9
    assert (high["cumulative_external_funding_usd"].to_numpy()
            >= low["cumulative_external_funding_usd"].to_numpy() - 1e-6).all()


@settings(max_examples=100, deadline=None)
@given(sc=scenarios())
def test_sell_to_cover_pays_every_bill_it_can(sc):
    prod, price, costs, b0, m0, _, _ = sc
    df = simulate_treasury(prod, price, costs, "sell_to_cover", start_treasury_btc=b0, start_cash_usd=m0)
    # external funding only when production and treasury are both fully sold that month
    funded = df["external_funding_usd"] > 0
    assert (df.loc[funded, "treasury_btc"] == 0).all()
    assert (df.loc[funded, "retained_btc"] == 0).all()


@pytest.mark.parametrize(
    "args, name",
    [
        ((np.inf, 100.0, 50.0), "production_btc"),
        ((1.0, np.inf, 50.0), "price_usd"),
        ((1.0, 100.0, np.inf), "fiat_costs_usd"),
    ],
)
def test_simulate_rejects_infinite_inputs(args, name):
    with pytest.raises(ValueError, match=name):
        simulate_treasury(*args)
    with pytest.raises(ValueError, match="other_btc"):
        reconcile_holdings(1.0, 1.0, 1.0, 1.0, other_btc=-np.inf)


def test_cleanspark_january_as_a_simulated_month():
    # 002: sold 158.6 of 573 mined, starting from "nearly 13,100": the model closes at
    # 13,100 + 573 - 158.6 = 13,514.4 against the reported 13,513
    df = simulate_treasury(573.0, 90_000.0, 0.0, "fixed_fraction", sell_fraction=158.6 / 573.0,
                           start_treasury_btc=13_100.0)
    assert df["sold_btc"].iloc[0] == pytest.approx(158.6)
    assert df["treasury_btc"].iloc[0] == pytest.approx(13_514.4)
    assert 13_513.0 - df["treasury_btc"].iloc[0] == pytest.approx(-1.4)


# ------------------------------------------------------------------ one month
def test_step_sell_to_cover_cash_then_production_then_treasury_by_hand():
    # costs 30M, cash 10M: need 20M = 400 BTC at $50,000; 300 from production, 100 from treasury
    out = step_treasury(production_btc=300.0, price_usd=50_000.0, fiat_costs_usd=30e6, treasury_btc=1_000.0,
                        cash_usd=10e6)
    assert out["sold_from_production_btc"] == pytest.approx(300.0)
    assert out["sold_from_treasury_btc"] == pytest.approx(100.0)
    assert out["retained_btc"] == 0.0 and out["cash_usd"] == 0.0 and out["external_funding_usd"] == 0.0
    assert out["treasury_btc"] == pytest.approx(900.0)
    # the treasury runs out: 40M need = 800 BTC; 300 + 100 held, 400 x 50,000 = 20M unfunded
    out = step_treasury(production_btc=300.0, price_usd=50_000.0, fiat_costs_usd=40e6, treasury_btc=100.0, cash_usd=0.0)
    assert out["sold_from_treasury_btc"] == pytest.approx(100.0) and out["treasury_btc"] == 0.0
    assert out["external_funding_usd"] == pytest.approx(20e6)
    # cash alone pays: nothing sold, production retained, cash 10M - 4M
    out = step_treasury(production_btc=300.0, price_usd=50_000.0, fiat_costs_usd=4e6, treasury_btc=0.0, cash_usd=10e6)
    assert out["sold_from_production_btc"] == 0.0 and out["retained_btc"] == 300.0
    assert out["cash_usd"] == pytest.approx(6e6)


def test_step_other_policies_by_hand():
    kw = dict(production_btc=10.0, price_usd=100.0, fiat_costs_usd=700.0, treasury_btc=5.0, cash_usd=100.0)
    out = step_treasury(policy="sell_all", **kw)  # proceeds 1,000 + cash 100 - 700
    assert (out["sold_from_production_btc"], out["cash_usd"], out["treasury_btc"]) == (10.0, 400.0, 5.0)
    out = step_treasury(policy="hold", **kw)  # cash 100 of 700: 600 funded outside
    assert (out["retained_btc"], out["external_funding_usd"], out["treasury_btc"]) == (10.0, 600.0, 15.0)
    out = step_treasury(policy="fixed_fraction", sell_fraction=0.25, **kw)  # 2.5 BTC = 250 + 100 of 700
    assert (out["sold_from_production_btc"], out["external_funding_usd"], out["treasury_btc"]) == (2.5, 350.0, 12.5)
    assert out["sold_from_treasury_btc"] == 0.0


def test_step_returns_the_kind_of_its_inputs():
    kw = dict(price_usd=100.0, fiat_costs_usd=700.0, treasury_btc=5.0, cash_usd=0.0)
    scalar = step_treasury(production_btc=10.0, **kw)
    assert all(isinstance(v, float) for v in scalar.values())
    arr = step_treasury(production_btc=np.array([10.0, 0.0]), **kw)
    assert all(isinstance(v, np.ndarray) and v.shape == (2,) for v in arr.values())
    np.testing.assert_allclose(arr["sold_from_treasury_btc"], [0.0, 5.0])
    ser = step_treasury(production_btc=pd.Series([10.0, 0.0], index=["jan", "feb"]), **kw)
    assert all(isinstance(v, pd.Series) and list(v.index) == ["jan", "feb"] for v in ser.values())


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(policy="yolo"), "policy"),
        (dict(policy="fixed_fraction"), "sell_fraction"),
        (dict(sell_fraction=0.5), "sell_fraction"),
        (dict(treasury_btc=-1.0), "treasury_btc"),
        (dict(cash_usd=np.nan), "cash_usd"),
        (dict(price_usd=0.0), "price_usd"),
        (dict(production_btc=[1.0, 2.0], cash_usd=[1.0, 2.0, 3.0]), "cash_usd"),
    ],
)
def test_step_bad_inputs_name_the_parameter(kwargs, name):
    args = dict(production_btc=1.0, price_usd=100.0, fiat_costs_usd=50.0, treasury_btc=0.0, cash_usd=0.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        step_treasury(**args)


@settings(max_examples=100, deadline=None)
@given(sc=scenarios())
def test_simulate_treasury_is_step_treasury_month_after_month(sc):
    prod, price, costs, b0, m0, policy, frac = sc
    df = simulate_treasury(prod, price, costs, policy, start_treasury_btc=b0, start_cash_usd=m0, sell_fraction=frac)
    b, m = b0, m0
    for t in range(len(prod)):
        out = step_treasury(production_btc=prod[t], price_usd=price[t], fiat_costs_usd=costs[t], treasury_btc=b,
                            cash_usd=m, policy=policy, sell_fraction=frac)
        for k, v in out.items():
            assert df[k].iloc[t] == v, k
        b, m = out["treasury_btc"], out["cash_usd"]


# ------------------------------------------------------------------ many paths at once
@pytest.mark.parametrize("policy", POLICIES)
def test_vectorized_treasury_equals_simulate_treasury_on_each_path(policy):
    rng = np.random.default_rng(0)
    n_t, n_p = 18, 25
    prod = rng.uniform(0, 600, (n_t, n_p))
    prod[3, :5] = 0.0
    price = rng.uniform(20_000, 120_000, (n_t, n_p))
    costs = rng.uniform(0, 40e6, (n_t, n_p))
    frac = 0.4 if policy == "fixed_fraction" else None
    out = simulate_treasury_paths(prod, price, costs, policy, start_treasury_btc=800.0,
                                  start_cash_usd=5e6, sell_fraction=frac)
    assert set(out) == set(TREASURY_COLUMNS)
    for p in range(n_p):
        ref = simulate_treasury(prod[:, p], price[:, p], costs[:, p], policy, start_treasury_btc=800.0,
                                start_cash_usd=5e6, sell_fraction=frac)
        for col in TREASURY_COLUMNS:
            np.testing.assert_allclose(out[col][:, p], ref[col].to_numpy(), rtol=1e-12, atol=1e-9, err_msg=col)


def test_vectorized_treasury_per_path_opening_balances():
    out = simulate_treasury_paths(np.full((2, 3), 100.0), 50_000.0, 6e6, "sell_to_cover",
                                  start_treasury_btc=[0.0, 10.0, 100.0])
    ref = simulate_treasury([100.0, 100.0], 50_000.0, 6e6, "sell_to_cover", start_treasury_btc=10.0)
    np.testing.assert_allclose(out["treasury_btc"][:, 1], ref["treasury_btc"].to_numpy())
    assert np.all(out["external_funding_usd"][:, 0] > 0)


def test_vectorized_treasury_bad_inputs():
    with pytest.raises(ValueError, match="policy"):
        simulate_treasury_paths(1.0, 1.0, 1.0, "yolo")
    with pytest.raises(ValueError, match="sell_fraction"):
        simulate_treasury_paths(1.0, 1.0, 1.0, "fixed_fraction")
    with pytest.raises(ValueError, match="price_usd"):
        simulate_treasury_paths(np.ones((2, 2)), np.zeros((2, 2)), 1.0)
    with pytest.raises(ValueError, match="production_btc"):
        simulate_treasury_paths(-np.ones((2, 2)), 1.0, 1.0)


def test_shape_mismatches_name_both_parameters():
    with pytest.raises(ValueError, match=r"start_treasury_btc of shape \(3,\) does not broadcast with "
                                         r"production_btc of shape \(2, 4\)"):
        simulate_treasury_paths(np.ones((2, 4)), 1.0, 1.0, start_treasury_btc=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="price_usd has 3 months but production_btc has 2"):
        simulate_treasury([1.0, 1.0], [1.0, 1.0, 1.0], 1.0)
    with pytest.raises(ValueError, match=r"cash_usd of shape \(3,\) does not broadcast with production_btc"):
        step_treasury(production_btc=[1.0, 2.0], price_usd=1.0, fiat_costs_usd=1.0, treasury_btc=0.0,
                      cash_usd=[1.0, 2.0, 3.0])


# ------------------------------------------------------------------ readings of a gap (issue 10 item 10)
CANGO_SALES = {"January": 550.0, "weekend": 4_451.0}
CANGO_PER_DAY = 496.3 / 31.0  # January production over January's days [BTC/day]


def test_cango_readings_by_hand():
    from minelib.treasury import reconciliation_readings

    r = reconciliation_readings(7_528.0, 496.3, CANGO_SALES, 3_645.0, btc_per_day=CANGO_PER_DAY, days_after_window=7.0)
    got = {(k, w): u for k, w, u in zip(r["kind"], r["reading"], r["unexplained_btc"])}
    # as reported: 3,645 - (7,528 + 496.3 - 550 - 4,451) = 3,645 - 3,023.3
    assert got[("as reported", "the figures as reported")] == pytest.approx(621.7)
    # January's 550 inside the 4,451: 3,645 - (7,528 + 496.3 - 4,451) = 3,645 - 3,573.3
    dc = "January (550 BTC) counted inside weekend (4,451 BTC)"
    assert got[("double counting", dc)] == pytest.approx(71.7)
    # the same arithmetic if the 550 were sold before 31 December (already out of the 7,528)
    assert got[("another period", "January (550 BTC) made outside the window")] == pytest.approx(71.7)
    # the 4,451 after the 3,645 snapshot: 3,645 - (7,528 + 496.3 - 550) = -3,829.3
    assert got[("another period", "weekend (4,451 BTC) made outside the window")] == pytest.approx(-3_829.3)
    # a larger sale is never "inside" a smaller one
    assert not any("weekend (4,451 BTC) counted inside" in w for w in r["reading"])
    # seven February days at 496.3/31 = 16.01 BTC/day: 621.7 - 112.07
    prod = r[r["kind"] == "production after the window"].iloc[0]
    assert prod["unexplained_btc"] == pytest.approx(621.7 - 7 * 496.3 / 31)
    # rounding: 7,528 +-0.5, 496.3 +-0.05, 3,645 +-0.5, 4,451 +-0.5, and 550 (to the ten) +-5: at most 6.55 BTC
    rounding = r[r["kind"] == "rounding"].iloc[0]
    assert rounding["unexplained_btc"] == pytest.approx(621.7 - 6.55)
    # the reading that explains most, and the days of production its residual equals
    best = r.iloc[0]
    assert (best["kind"], best["reading"]) == ("double counting", dc)
    assert best["days_of_production"] == pytest.approx(71.7 * 31 / 496.3)
    assert round(best["days_of_production"], 1) == 4.5
    np.testing.assert_allclose(r["days_of_production"], r["unexplained_btc"] / CANGO_PER_DAY)
    assert list(r["unexplained_btc"].abs()) == sorted(r["unexplained_btc"].abs())


def test_cleanspark_rounding_reading_closes_the_gap():
    from minelib.treasury import reconciliation_readings

    # "nearly 13,100" stands for 13,050..13,150; the gap -1.4 needs a start of 13,098.6, inside it
    r = reconciliation_readings(13_100.0, 573.0, 158.6, 13_513.0, btc_per_day=573.0 / 31,
                                qualifiers={"start": "approx"})
    assert (r.iloc[0]["kind"], r.iloc[0]["unexplained_btc"]) == ("rounding", 0.0)
    assert r.set_index("kind").loc["as reported", "unexplained_btc"] == pytest.approx(-1.4)
    assert "production after the window" not in set(r["kind"])  # no days after the window
    # "more than 13,100" (13,100..13,200) cannot make the start smaller; the gap nearest 0 takes
    # 13,513.5 (+0.5), 572.5 mined (+0.5) and 158.65 sold (+0.05): -1.4 + 1.05
    r2 = reconciliation_readings(13_100.0, 573.0, 158.6, 13_513.0, btc_per_day=573.0 / 31,
                                 qualifiers={"start": "lower_bound"})
    assert r2.set_index("kind").loc["rounding", "unexplained_btc"] == pytest.approx(-1.4 + 0.5 + 0.5 + 0.05)


def test_stated_range_by_hand():
    from minelib.treasury import stated_range

    assert stated_range(13_100.0, "approx") == (13_050.0, 13_150.0)
    assert stated_range(550.0) == (545.0, 555.0)
    assert stated_range(496.3) == pytest.approx((496.25, 496.35))
    assert stated_range(32_000.0, "lower_bound") == (32_000.0, 33_000.0)  # "more than 32,000"
    assert stated_range(500.0, "upper_bound") == (400.0, 500.0)
    assert stated_range(13_100.0, "approx", step=10.0) == (13_095.0, 13_105.0)
    assert stated_range(0.0) == (-0.5, 0.5)


def test_stated_range_reads_every_single_figure_qualifier_of_the_data_schema():
    """treasury.QUALIFIERS and the data schema's qualifier column cannot drift apart: the
    column's qualifiers are the single-figure ones, each read by stated_range by the rule
    below, and the ends of a range, which one figure alone cannot be read as."""
    from minelib.data.schemas import FIGURE_QUALIFIERS, RANGE_QUALIFIERS, SCHEMAS
    from minelib.treasury import QUALIFIERS, stated_range

    columns = {(name, c.categories) for name, schema in SCHEMAS.items() for c in schema.columns
               if c.name == "qualifier"}
    assert {name for name, _ in columns} == {"network_snapshots", "miner_quarterly", "treasury_events", "hpc_deals"}
    assert {cats for _, cats in columns} == {FIGURE_QUALIFIERS + RANGE_QUALIFIERS}
    # 100 with a step of 1, by hand: the values that round to it, or one step above/below
    by_hand = {"stated": (99.5, 100.5), "approx": (99.5, 100.5), "lower_bound": (100.0, 101.0),
               "upper_bound": (99.0, 100.0)}
    assert QUALIFIERS == FIGURE_QUALIFIERS and set(QUALIFIERS) == set(by_hand)
    for q in QUALIFIERS:
        assert stated_range(100.0, q, step=1.0) == by_hand[q], q
    for q in RANGE_QUALIFIERS:
        with pytest.raises(ValueError, match=f"qualifier={q!r}"):
            stated_range(100.0, q)


@pytest.mark.parametrize("call, name", [
    (lambda f: f(-1.0, 1.0, 1.0, 1.0, btc_per_day=1.0), "start_btc"),
    (lambda f: f(1.0, 1.0, {"a": float("nan")}, 1.0, btc_per_day=1.0), "sales_btc"),
    (lambda f: f(1.0, 1.0, 1.0, 1.0, btc_per_day=0.0), "btc_per_day"),
    (lambda f: f(1.0, 1.0, 1.0, 1.0, btc_per_day=1.0, days_after_window=-1.0), "days_after_window"),
    (lambda f: f(np.array([1.0, 2.0]), 1.0, 1.0, 1.0, btc_per_day=1.0), "start_btc"),
    (lambda f: f(1.0, 1.0, 1.0, 1.0, btc_per_day=1.0, qualifiers={"begin": "approx"}), "qualifiers"),
    (lambda f: f(1.0, 1.0, 1.0, 1.0, btc_per_day=1.0, qualifiers={"start": "nearly"}), "qualifier"),
])
def test_readings_bad_input(call, name):
    from minelib.treasury import reconciliation_readings

    with pytest.raises(ValueError, match=name):
        call(reconciliation_readings)


# ------------------------------------------------------------------ the mask-free month
def _month_by_masks(pt, st, ct, ft, B, M, policy):
    """Reference: the rules of step_treasury's docstring, each "else 0" as a mask."""
    if policy == "sell_to_cover":
        need = ct - M
        by_cash = need <= 0
        btc_needed = np.where(by_cash, 0.0, need) / st
        x_p = np.minimum(pt, btc_needed)
        rest = btc_needed - pt
        from_treasury = rest > 0
        x_b = np.where(from_treasury, np.minimum(B, rest), 0.0)
        short = from_treasury & (rest > B)
        ext = np.where(short, np.maximum(need - (pt + B) * st, 0.0), 0.0)
        cash = np.where(by_cash, M - ct, 0.0)
    else:
        x_p = {"sell_all": pt, "hold": np.zeros_like(pt)}.get(policy, ft * pt)
        x_b = np.zeros_like(x_p)
        available = M + x_p * st
        ok = available >= ct
        cash = np.where(ok, available - ct, 0.0)
        ext = np.where(ok, 0.0, ct - available)
    retained = pt - x_p
    return x_p, x_b, retained, (B - x_b) + retained, cash, ext


@pytest.mark.parametrize("policy", POLICIES)
def test_month_without_masks_equals_the_masked_rules_bit_for_bit(policy):
    """The clamps at 0 that replace the masks give the masked rules' numbers exactly, also
    at the ties (cash that just pays the bill, a treasury that just covers the rest, no
    production, an empty treasury) and where rounding leaves a shortfall of a hair; an
    input of -0.0 gives equal numbers (at most a zero of the other sign)."""
    from minelib.treasury import _month

    rng = np.random.default_rng(7)
    n = 4000
    pt = rng.choice([0.0, 1e-3, 50.0, 150.0], n) * rng.uniform(0.5, 1.5, n)
    st = rng.uniform(2e4, 1e5, n)
    ct = rng.choice([0.0, 5e6, 7e6], n) * rng.uniform(0.5, 1.5, n)
    B = rng.choice([0.0, 10.0, 1000.0], n) * rng.uniform(0.0, 2.0, n)
    M = rng.choice([0.0, 0.0, 3e6], n) * rng.uniform(0.5, 1.5, n)
    ft = rng.uniform(0, 1, n)
    M[:100] = ct[:100]  # cash pays the bill exactly
    rest = np.maximum(ct - M, 0.0) / st - pt
    B[100:200] = np.maximum(rest[100:200], 0.0)  # the treasury covers the rest exactly
    B[200:300] = np.nextafter(np.maximum(rest[200:300], 0.0), 0.0)  # a hair short
    fast = _month(pt, st, ct, ft, B, M, policy)
    slow = _month_by_masks(pt, st, ct, ft, B, M, policy)
    for k, a, b in zip(("x_p", "x_b", "retained", "treasury", "cash", "external"), fast, slow):
        assert a.shape == b.shape and np.array_equal(a.view(np.int64), b.view(np.int64)), k
    assert (slow[5] > 0).any() and (slow[1] > 0).any() or policy != "sell_to_cover"
    # negative zeros in, equal numbers out
    z = [np.where(a == 0.0, -0.0, a) for a in (pt, ct, B, M)]
    for k, a, b in zip("012345", _month(z[0], st, z[1], ft, z[2], z[3], policy),
                       _month_by_masks(z[0], st, z[1], ft, z[2], z[3], policy)):
        np.testing.assert_array_equal(a, b, err_msg=k)
    # scalars in, scalars out (step_treasury's case)
    one = _month(np.float64(pt[5]), st[5], ct[5], ft[5], B[5], M[5], policy)
    assert [float(v) for v in one] == [float(v[5]) for v in slow]
