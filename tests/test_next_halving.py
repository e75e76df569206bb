"""The next halving (block 1,050,000): its date, the hashrate to hold production, the price that covers a cost.

Expected values come from the protocol or by hand, not from the functions under test.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from minelib import halving as h
from minelib.protocol import (
    RETARGET_INTERVAL_BLOCKS,
    expected_halving_date,
    difficulty_from_hashrate,
    STEADY_BLOCK_TIME_S,
)

CASE_2028 = dict(operational_efficiency=1.0, q1_network_hashrate_ehs=900.0, q1_block_subsidy_btc=3.125,
                 q4_block_subsidy_btc=1.5625, fees_per_block_btc=0.0, q1_quarter="2028Q1", q4_quarter="2028Q3")


def test_halving_quarters_by_hand():
    assert h.halving_quarters("2028-04-10") == (pd.Period("2028Q1"), pd.Period("2028Q3"))
    assert h.halving_quarters("2028-03-31 23:00") == (pd.Period("2027Q4"), pd.Period("2028Q2"))
    # a halving at a quarter's first instant: that quarter is already all "after"
    assert h.halving_quarters(pd.Timestamp("2028-07-01", tz="UTC")) == (pd.Period("2028Q2"), pd.Period("2028Q3"))
    before, after = h.halving_quarters(pd.Series(pd.to_datetime(["2028-04-10", "2028-06-30"])))
    assert list(after.astype(str)) == ["2028Q3", "2028Q3"]
    with pytest.raises(ValueError, match="halving_date"):
        h.halving_quarters("soon")


def test_required_hashrate_doubles_on_a_flat_network_with_equal_days():
    # no fees, same days, no network change: exactly twice the hashrate
    m = h.required_q4_hashrate_ehs(0.0, q1_miner_hashrate_ehs=42.6, days_q1=91, days_q4=91, **CASE_2028)
    assert m == pytest.approx(85.2, rel=1e-12)


def test_required_hashrate_fee_effect_exact():
    # fees do not halve: (3.125 + 0.2) / (1.5625 + 0.2) = 3.325 / 1.7625, not 2
    case = dict(CASE_2028, fees_per_block_btc=0.2)
    m = h.required_q4_hashrate_ehs(0.0, q1_miner_hashrate_ehs=10.0, days_q1=91, days_q4=91, **case)
    assert m == pytest.approx(10.0 * 3.325 / 1.7625, rel=1e-12)
    assert m < 20.0


def test_required_hashrate_calendar_days_and_network_change_by_hand():
    # 2028Q1 has 91 days (leap year), 2028Q3 has 92; +25 % network
    m = h.required_q4_hashrate_ehs(0.25, q1_miner_hashrate_ehs=22.2, **CASE_2028)
    assert m == pytest.approx(22.2 * 1.25 * 2 * 91 / 92, rel=1e-12)


def test_required_hashrate_inverts_the_projection():
    m_req = h.required_q4_hashrate_ehs(0.1, q1_miner_hashrate_ehs=30.0, **dict(CASE_2028, fees_per_block_btc=0.03))
    t = h.q4_projection(0.1, q4_miner_hashrate_ehs=m_req, q1_miner_hashrate_ehs=30.0,
                        **dict(CASE_2028, fees_per_block_btc=0.03))
    assert float(t["q4_over_q1"].iloc[0]) == pytest.approx(1.0, rel=1e-12)


def test_required_hashrate_broadcasts_miners_against_scenarios_and_keeps_series():
    miners = np.array([63.2, 42.6, 6.6])[:, None]
    changes = np.array([0.0, 0.5])[None, :]
    m = h.required_q4_hashrate_ehs(changes, q1_miner_hashrate_ehs=miners, days_q1=91, days_q4=91, **CASE_2028)
    assert m.shape == (3, 2)
    np.testing.assert_allclose(m, miners * 2 * (1 + changes), rtol=1e-12)
    s = pd.Series([0.0, 0.5], index=["flat", "fast"])
    out = h.required_q4_hashrate_ehs(s, q1_miner_hashrate_ehs=10.0, days_q1=91, days_q4=91, **CASE_2028)
    assert isinstance(out, pd.Series) and list(out.index) == ["flat", "fast"]
    with pytest.raises(ValueError, match="network_change"):
        h.required_q4_hashrate_ehs(-1.5, q1_miner_hashrate_ehs=10.0, **CASE_2028)
    with pytest.raises(ValueError, match="q1_miner_hashrate_ehs"):
        h.required_q4_hashrate_ehs(0.0, q1_miner_hashrate_ehs=-1.0, **CASE_2028)


def test_covered_price_by_hand():
    # $84,300 (seed 002's average all-in cost), network +20 %, 0.025 BTC fees:
    # 84,300 x 1.2 x 3.15 / 1.5875 = 200,728.82
    p = h.covered_price_after_halving_usd(84_300.0, 0.2, q1_block_subsidy_btc=3.125, q4_block_subsidy_btc=1.5625,
                                          fees_per_block_btc=0.025)
    assert p == pytest.approx(84_300 * 1.2 * 3.15 / 1.5875, rel=1e-12)
    assert round(float(p), 2) == 200726.93
    # a 10 % lower efficiency after the halving raises it by 1 / 0.9
    p2 = h.covered_price_after_halving_usd(45_000.0, 0.0, q1_block_subsidy_btc=3.125, q4_block_subsidy_btc=1.5625,
                                           fees_per_block_btc=0.0, operational_efficiency=1.0,
                                           q4_operational_efficiency=0.9)
    assert p2 == pytest.approx(100_000.0, rel=1e-12)
    with pytest.raises(ValueError, match="all_in_cost_usd_per_btc"):
        h.covered_price_after_halving_usd(0.0, 0.0, q1_block_subsidy_btc=3.125, q4_block_subsidy_btc=1.5625,
                                          fees_per_block_btc=0.0)


def test_covered_price_equals_cost_of_growing_to_the_required_hashrate():
    # grow to m4* with every cost proportional to hashrate: same BTC, m4*/m1 times the cost per day
    case = dict(CASE_2028, fees_per_block_btc=0.04)
    m_req = h.required_q4_hashrate_ehs(0.3, q1_miner_hashrate_ehs=20.0, **case)
    d1, d4 = h.days_in_quarter("2028Q1"), h.days_in_quarter("2028Q3")
    cost_after_per_btc = 50_000.0 * (m_req / 20.0) * d4 / d1  # cost per day x m4*/m1 over the after-quarter's days
    p = h.covered_price_after_halving_usd(50_000.0, 0.3, q1_block_subsidy_btc=3.125, q4_block_subsidy_btc=1.5625,
                                          fees_per_block_btc=0.04)
    assert p == pytest.approx(cost_after_per_btc, rel=1e-12)


def test_halving_date_paths_constant_hashrate_is_gap_times_steady_interval():
    # constant hashrate, steady difficulty: each block 600 x 2016 / 2015 s
    gap = RETARGET_INTERVAL_BLOCKS * 30
    start_height = 1_050_000 - gap
    d = float(difficulty_from_hashrate(800.0, STEADY_BLOCK_TIME_S))
    dates = h.halving_date_paths(4, start="2026-02-07", start_height=start_height, difficulty=d,
                                 hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.0, seed=3)
    expected = pd.Timestamp("2026-02-07") + pd.Timedelta(seconds=gap * 600.0 * 2016 / 2015)
    assert len(dates) == 4
    assert (dates - expected).abs().max() < pd.Timedelta(minutes=1)
    protocol = expected_halving_date(start_height, "2026-02-07", 800.0, 0.0, difficulty=d)
    assert abs(protocol.tz_localize(None) - expected) < pd.Timedelta(seconds=1)


def test_halving_date_paths_take_a_difficulty_at_the_top_of_its_plausible_range():
    # 1.3995e16 is a plausible difficulty; the hashrate derived from it, 1.0012e5 EH/s, is past
    # the network's plausible 1e5 and used to be refused as "network_hashrate_ehs ... looks like PH/s"
    gap = RETARGET_INTERVAL_BLOCKS * 10
    dates = h.halving_date_paths(2, start="2040-01-01", start_height=1_470_000 - gap, difficulty=1.3995e16,
                                 hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.0, seed=0)
    expected = pd.Timestamp("2040-01-01") + pd.Timedelta(seconds=gap * 600.0 * 2016 / 2015)
    assert (dates - expected).abs().max() < pd.Timedelta(minutes=1)


def test_halving_date_paths_spread_and_order():
    d = float(difficulty_from_hashrate(900.0, STEADY_BLOCK_TIME_S))
    kw = dict(start="2026-02-07", start_height=934_752, difficulty=d, hashrate_volatility_per_year=0.25, seed=11)
    slow = h.halving_date_paths(200, hashrate_drift_per_year=0.0, **kw)
    fast = h.halving_date_paths(200, hashrate_drift_per_year=np.log1p(0.5), **kw)
    assert slow.nunique() > 100  # volatility spreads the dates
    assert fast.median() < slow.median()  # a growing network reaches the height sooner
    assert (slow.dt.year == 2028).mean() > 0.9
    again = h.halving_date_paths(200, hashrate_drift_per_year=0.0, **kw)
    pd.testing.assert_series_equal(slow, again)
    with pytest.raises(ValueError, match="difficulty"):
        h.halving_date_paths(2, start="2026-02-07", start_height=934_752, difficulty=0.0,
                             hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.0)


# --------------------------------------------------------------------------- starting height

def test_last_dated_halving_is_the_csvs_last_actual_row_on_or_before_the_day():
    """By hand from the CSV: each halving with an actual date is the anchor from its own
    day on; the day before, the one before it is (the genesis block for the first)."""
    import csv

    with open(Path(h.__file__).parents[1] / "data" / "halvings.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["date_status"] == "actual"]
    assert [int(r["start_height"]) for r in rows][:2] == [0, 210_000]
    for before, row in zip([None] + rows[:-1], rows):
        day = pd.Timestamp(row["start_date"])
        assert h.last_dated_halving(day) == (int(row["start_height"]), day)
        assert h.last_dated_halving(day + pd.Timedelta(days=400))[0] >= int(row["start_height"])
        if before is not None:
            assert h.last_dated_halving(day - pd.Timedelta(days=1)) == (int(before["start_height"]),
                                                                        pd.Timestamp(before["start_date"]))
    with pytest.raises(ValueError, match="precedes the genesis block"):
        h.last_dated_halving("2009-01-02")


def test_estimated_height_counts_steady_blocks_from_the_last_dated_halving():
    import datetime
    from fractions import Fraction

    # 86,400 s a day / (600 s x 2016/2015): the steady rate when Core retargets over 2,015 intervals
    steady = Fraction(86_400) / (Fraction(600) * Fraction(2016, 2015))
    assert h.estimated_height("2024-04-20") == 840_000
    assert h.estimated_height("2026-02-05") == 840_000 + int(656 * steady)  # seed 003's date
    assert h.estimated_height("2026-02-07") == 840_000 + int(658 * steady)  # seed 002's date
    assert h.estimated_height("2026-02-07", blocks_per_day=144) == 840_000 + 658 * 144
    days = (datetime.date(2024, 4, 19) - datetime.date(2020, 5, 11)).days  # the day before block 840,000
    assert h.estimated_height("2024-04-19") == 630_000 + int(days * steady)
    assert h.estimated_height("2009-01-03") == 0
    tokyo = pd.Timestamp("2026-02-07 03:00", tz="Asia/Tokyo")  # 6 Feb 18:00 UTC: 657.75 days after the halving
    assert h.estimated_height(tokyo) == 840_000 + int(Fraction(2631, 4) * steady)


@pytest.mark.parametrize("kwargs, message", [
    (dict(date="2008-12-31"), r"date='2008-12-31' precedes the genesis block \(2009-01-03\)"),
    (dict(date="yesterday"), r"date='yesterday'"),
    (dict(date="2026-02-07", blocks_per_day=0), r"blocks_per_day=0 is outside the expected range \(0, 1000\]"),
])
def test_estimated_height_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        h.estimated_height(**kwargs)


_EPOCHS = Path(__file__).resolve().parents[2] / "shared" / "reference" / "difficulty_epochs.csv"


@pytest.mark.skipif(not _EPOCHS.exists(), reason="../shared/reference/ (real-chain data) is absent")
def test_estimated_height_against_the_real_chain():
    """On the real chain after block 840,000 the constant-hashrate estimate stays within 2 % of the
    blocks mined since the halving (a day's blocks near it), and runs low as the network grows."""
    ref = pd.read_csv(_EPOCHS)
    ref = ref[ref["height"] > 840_000]
    dates = pd.to_datetime(ref["timestamp"], unit="s").dt.strftime("%Y-%m-%d")
    est = np.array([h.estimated_height(d) for d in dates])
    since = ref["height"].to_numpy() - 840_000
    assert np.all(np.abs(est - ref["height"].to_numpy()) <= np.maximum(145, 0.02 * since))
    assert est[-1] < ref["height"].iloc[-1]  # January 2025: the grown network ran ahead of the estimate
