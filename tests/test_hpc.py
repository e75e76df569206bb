"""Tests for minelib.hpc: mining vs AI/HPC per gross MW, and the deal terms of data/hpc_deals.csv, by hand."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pathlib import Path

from minelib import data as md
from minelib.hpc import (
    breakeven_hashprice_vs_hpc_usd_per_ph_day,
    contract_lease_usd_per_kw_month,
    first_year_lease_usd_per_kw_month,
    hpc_contract_revenue_usd_per_mw_year,
    hpc_lease_revenue_usd_per_mw_year,
    implied_escalator_per_year,
    mining_revenue_usd_per_mw_year,
    phs_per_mw,
    power_cost_usd_per_mw_year,
    sustaining_capex_usd_per_mw_year,
)

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"

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


def test_power_cost_by_hand():
    assert power_cost_usd_per_mw_year(0.05) == pytest.approx(0.05 * 1000 * HOURS)
    assert power_cost_usd_per_mw_year(0.05, 0.9) == pytest.approx(0.05 * 1000 * HOURS * 0.9)
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
        (lambda: phs_per_mw(20.0, pue=0.9), "pue"),
        (lambda: mining_revenue_usd_per_mw_year(40.0, 20.0, pool_fee=1.0), "pool_fee"),
        (lambda: hpc_lease_revenue_usd_per_mw_year(150.0, 0.7), "gross_to_it_ratio"),
        (lambda: sustaining_capex_usd_per_mw_year(20.0, 17.5, 0.0), "useful_life_years"),
        (lambda: sustaining_capex_usd_per_mw_year(-1.0, 17.5, 4.0), "machine_cost_usd_per_th"),
        (lambda: first_year_lease_usd_per_kw_month(148.8, -1.0, 10.0), "escalator_per_year"),
        (lambda: implied_escalator_per_year(3e9, 2e9, 10.0, 20.0), "extended_value_usd"),
        (lambda: implied_escalator_per_year(3e9, 7e9, 10.0, 10.0), "extended_term_years"),
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
        lambda x: sustaining_capex_usd_per_mw_year(x, 17.5, 4.0, 1.05),
        lambda x: contract_lease_usd_per_kw_month(3e9, x * 10.0, 10.0),
        lambda x: first_year_lease_usd_per_kw_month(x * 7.0, 0.03, 10.0),
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


# ------------------------------------------------------------------ one basis: per gross (utility) MW
def test_mining_per_gross_mw_by_hand():
    # S21 site: 17.5 J/TH, PUE 1.05 -> 1e6 / (17.5 x 1.05) = 54,421.8 TH/s = 54.42 PH/s per gross MW
    assert phs_per_mw(17.5, 1.05) == pytest.approx(1e6 / (17.5 * 1.05) / 1e3)
    # $40/PH/day, 2 % FPPS, 95 % uptime: 40 x 0.98 x 0.95 = 37.24 USD per installed PH/s a day
    got = mining_revenue_usd_per_mw_year(40.0, 17.5, 0.95, 0.02, 1.05)
    assert got == pytest.approx(37.24 * 1e6 / (17.5 * 1.05) / 1e3 * DAYS)
    # defaults: per MW of machine power, no fee (the old numbers)
    assert mining_revenue_usd_per_mw_year(40.0, 20.0) == pytest.approx(730_500.0)
    # ASICs at $20/TH over 4 years: 54,421.8 TH/s x $20 / 4
    assert sustaining_capex_usd_per_mw_year(20.0, 17.5, 4.0, 1.05) == pytest.approx(1e6 / (17.5 * 1.05) * 20.0 / 4.0)


def test_lease_per_gross_mw_by_hand():
    # $148.8 per kW of IT per month on 1,000 kW for 12 months, over 244/168 gross MW per IT MW
    assert hpc_lease_revenue_usd_per_mw_year(148.8, 244 / 168) == pytest.approx(148.8 * 12_000 * 168 / 244)
    assert hpc_lease_revenue_usd_per_mw_year(148.8) == pytest.approx(1_785_600.0)


def test_revenue_parity_on_one_basis_by_hand():
    # HPC $1.2M per gross MW-year vs an S21 site: 1.2e6 / (0.98 x 0.95 x 54.42 PH/s x 365.25)
    got = breakeven_hashprice_vs_hpc_usd_per_ph_day(1.2e6, 17.5, 0.95, 0.02, 1.05)
    assert got == pytest.approx(1.2e6 / (0.98 * 0.95 * 1e6 / (17.5 * 1.05) / 1e3 * DAYS))


@given(rev=st.floats(1.0, 1e8), e=st.floats(5.0, 100.0), u=st.floats(0.01, 1.0),
       fee=st.floats(0.0, 0.1), pue=st.floats(1.0, 1.6))
def test_revenue_parity_makes_revenues_equal_with_practitioner_inputs(rev, e, u, fee, pue):
    h = breakeven_hashprice_vs_hpc_usd_per_ph_day(rev, e, u, fee, pue)
    assert mining_revenue_usd_per_mw_year(h, e, u, fee, pue) == pytest.approx(rev, rel=1e-9)


def test_contract_lease_reconciles_the_deals_by_hand():
    # Cipher-Fluidstack: $3B / (168 MW x 1,000 kW x 10 years x 12 months) = $148.81 per kW of IT a month
    assert contract_lease_usd_per_kw_month(3e9, 168.0, 10.0) == pytest.approx(3e9 / 20_160_000)
    assert round(contract_lease_usd_per_kw_month(3e9, 168.0, 10.0), 1) == 148.8
    # Cipher-AWS: $5.5B over 15 years; $101.85 if the 300 MW is IT load ...
    assert contract_lease_usd_per_kw_month(5.5e9, 300.0, 15.0) == pytest.approx(5.5e9 / 54_000_000)
    # ... and ~$147.9 per kW of IT if it is gross capacity at Fluidstack's 244/168: 206.6 MW of IT
    it_mw = 300.0 * 168 / 244
    assert it_mw == pytest.approx(206.557, abs=1e-3)
    assert contract_lease_usd_per_kw_month(5.5e9, it_mw, 15.0) == pytest.approx(5.5e9 / (it_mw * 180_000))
    assert round(contract_lease_usd_per_kw_month(5.5e9, it_mw, 15.0)) == 148


def test_escalators_put_the_first_year_below_the_average_by_hand():
    # 3 % a year over 10 years: the rates sum to L1 x (1.03^10 - 1) / 0.03 = 11.4639 L1
    total = sum(1.03**k for k in range(10))
    assert first_year_lease_usd_per_kw_month(148.8, 0.03, 10.0) == pytest.approx(148.8 * 10 / total)
    assert first_year_lease_usd_per_kw_month(148.8, 0.0, 10.0) == 148.8
    assert first_year_lease_usd_per_kw_month(148.8, 1e-9, 10.0) == pytest.approx(148.8, rel=1e-7)


def test_implied_escalator_from_the_extension_value_by_hand():
    # $3B over 10 years, $7B over 20 on the same path: (1+g)^20 - 1 = 7/3 ((1+g)^10 - 1)
    # -> x = (1+g)^10 solves x^2 - 1 = 7/3 (x - 1), i.e. x + 1 = 7/3, x = 4/3
    g = implied_escalator_per_year(3e9, 7e9, 10.0, 20.0)
    assert g == pytest.approx((4 / 3) ** 0.1 - 1, rel=1e-10)
    assert implied_escalator_per_year(3e9, 6e9, 10.0, 20.0) == 0.0  # doubling over twice the time: flat
    below = implied_escalator_per_year(3e9, 5e9, 10.0, 20.0)  # x = 2/3: falling rates
    assert below == pytest.approx((2 / 3) ** 0.1 - 1, rel=1e-10)
    # a 15-year extension: solved numerically, checked by substitution
    g15 = implied_escalator_per_year(3e9, 8e9, 10.0, 25.0)
    assert ((1 + g15) ** 25 - 1) / ((1 + g15) ** 10 - 1) == pytest.approx(8 / 3, rel=1e-10)


# ------------------------------------------------------------------ data/hpc_deals.csv
def _deals():
    return md.load_hpc_deals().set_index(["deal", "metric", "qualifier"])["value"]


def test_deal_terms_as_published():
    d = _deals()
    fs = "Cipher - Fluidstack"
    assert d[fs, "contract_value_usd", "approx"] == 3e9
    assert d[fs, "term_years", "stated"] == 10
    assert d[fs, "capacity_it_mw", "stated"] == 168
    assert d[fs, "capacity_gross_mw", "upper_bound"] == 244
    assert (d[fs, "project_cost_usd_per_it_mw", "range_low"], d[fs, "project_cost_usd_per_it_mw", "range_high"]) == (9e6, 11e6)
    assert (d[fs, "noi_margin", "range_low"], d[fs, "noi_margin", "range_high"]) == (0.80, 0.85)
    assert d[fs, "contract_value_with_extensions_usd", "approx"] == 7e9
    assert (d[fs, "extension_count", "stated"], d[fs, "extension_term_years", "stated"]) == (2, 5)
    assert d["Cipher - AWS", "contract_value_usd", "stated"] == 5.5e9
    assert d["Cipher - AWS", "term_years", "stated"] == 15
    assert d["Cipher - AWS", "capacity_unstated_mw", "stated"] == 300
    assert d["IREN - Microsoft", "contract_value_usd", "stated"] == 9.7e9
    assert d["IREN - Microsoft", "term_years", "stated"] == 5
    assert d["IREN - Microsoft", "capacity_it_mw", "upper_bound"] == 200
    assert d["IREN - Microsoft", "equipment_purchase_usd", "approx"] == 5.8e9


def test_deal_quotes_carry_their_figures():
    df = md.load_hpc_deals()
    words = {"contract_value_usd": lambda v: f"${v / 1e9:g} billion", "term_years": lambda v: None,
             "capacity_it_mw": lambda v: f"{v:g} megawatts", "capacity_gross_mw": lambda v: f"{v:g} MW",
             "capacity_unstated_mw": lambda v: f"{v:g} megawatts", "project_cost_usd_per_it_mw": lambda v: f"${v / 1e6:g} million",
             "noi_margin": lambda v: f"{v * 100:g}%", "contract_value_with_extensions_usd": lambda v: f"${v / 1e9:g} billion",
             "equipment_purchase_usd": lambda v: f"${v / 1e9:g} billion",
             "extension_count": lambda v: {2: "two"}[v], "extension_term_years": lambda v: {5: "five-year"}[v]}
    for metric, value, quote in zip(df["metric"], df["value"], df["quote"]):
        expected = words[metric](value)
        if expected is not None:
            assert expected in quote, (metric, expected, quote)


def test_deal_seed_quotes_are_verbatim_in_their_seed():
    if not SEEDS.is_dir():
        pytest.skip("seed articles not available")
    df = md.load_hpc_deals().dropna(subset=["seed"])
    assert set(df["seed"]) == {"002_d81e0ff9e5c96647.txt", "004_57c45d30c358cac2.txt"}
    for seed, quote in zip(df["seed"], df["seed_quote"]):
        assert quote in (SEEDS / seed).read_text(encoding="utf-8"), (seed, quote)


def test_deal_file_refuses_a_source_that_is_not_a_page(tmp_path):
    text = (md.DATA_DIR / "hpc_deals.csv").read_text(encoding="utf-8")
    broken = tmp_path / "hpc_deals.csv"
    broken.write_text(text.replace("https://blockworks.co", "blockworks.co", 1), encoding="utf-8")
    with pytest.raises(md.DataValidationError, match=r"hpc_deals\.csv line \d+, column 'url'"):
        md.load_hpc_deals(broken)
    quote = "Cipher Mining secured a $5.5 billion deal with Amazon"
    assert f"004_57c45d30c358cac2.txt,{quote}," in text
    broken.write_text(text.replace(f"004_57c45d30c358cac2.txt,{quote},", "004_57c45d30c358cac2.txt,,", 1), encoding="utf-8")
    with pytest.raises(md.DataValidationError, match="seed_quote"):
        md.load_hpc_deals(broken)


def test_fluidstack_ratio_and_lease_from_the_file():
    d = _deals()
    fs = "Cipher - Fluidstack"
    ratio = d[fs, "capacity_gross_mw", "upper_bound"] / d[fs, "capacity_it_mw", "stated"]
    assert ratio == pytest.approx(1.452, abs=5e-4)
    lease = contract_lease_usd_per_kw_month(d[fs, "contract_value_usd", "approx"], d[fs, "capacity_it_mw", "stated"],
                                            d[fs, "term_years", "stated"])
    assert lease == pytest.approx(148.81, abs=5e-3)
