"""Plausibility limits: a wrong magnitude is refused with the likely unit mistake (issue 10, item 12).

The expected conversions are worked out by hand here (566e18 H/s = 566 EH/s, 5 cents =
$0.05), never taken from the module under test.
"""

import numpy as np
import pandas as pd
import pytest

import minelib as ml
from minelib import plausibility
from minelib.data import schemas


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    monkeypatch.delenv(plausibility.ENV_VAR, raising=False)
    plausibility.reset()
    yield
    plausibility.reset()


def test_network_hashrate_in_hs_is_refused():
    with pytest.raises(ValueError, match=r"^network_hashrate_ehs=5\.66e\+20 looks like H/s \(= 566 EH/s\); "
                                         r"expected a network hashrate in EH/s, plausibly at most 1e\+05\."):
        ml.hashprice_usd_per_ph_day(71_091, 566e18, 3.125)


@pytest.mark.parametrize("value, unit, shown", [(566e6, "TH/s", "566"), (566e3, "PH/s", "566"), (913e9, "GH/s", "913")])
def test_network_hashrate_in_other_units(value, unit, shown):
    with pytest.raises(ValueError, match=rf"looks like {unit} \(= {shown} EH/s\)"):
        ml.hashprice_btc_per_ph_day(value, 3.125)


def test_a_prefixed_notebook_parameter_is_held_to_the_same_limit():
    # `-p q1_network_hashrate_ehs=566e18` reaches q4_projection under its prefixed name
    with pytest.raises(ValueError, match=r"^q1_network_hashrate_ehs=5\.66e\+20 looks like H/s"):
        ml.q4_projection([0.0], **{**ml.halving.SEED_000, "q1_network_hashrate_ehs": 566e18})


def test_implied_efficiency_above_all_the_blocks_is_refused():
    # 5,000 BTC by 16.4 of 566 EH/s over 91 days at 6.25 BTC: 16.4 / 566 * 144 * 91 * 6.25
    # = 2,373 BTC is everything the hashrate could capture, so the ratio is 2.107.
    expected_max = 16.4 / 566 * 144 * 91 * 6.25
    assert 5000 / expected_max == pytest.approx(2.107, abs=1e-3)
    with pytest.raises(ValueError, match=r"^implied_operational_efficiency=2\.107 is implausible; .*plausible range \[0, 1\.5\]: "
                                         r"the reported BTC exceed what the hashrate could capture"):
        ml.implied_operational_efficiency(5000, 16.4, 566, 91, 6.25)
    # luck within reason stays a number a reader sees (seed 000's Cipher at an assumed hashrate)
    assert ml.implied_operational_efficiency(1.1 * expected_max, 16.4, 566, 91, 6.25) == pytest.approx(1.1)


@pytest.mark.parametrize("call", [
    lambda p: ml.breakeven_hashprice_usd_per_ph_day(17.5, p),
    lambda p: ml.shutdown_btc_price_usd(17.5, p, 913.0, 3.125),
    lambda p: ml.power_cost_usd_per_btc(17.5, p, 5e-4),
    lambda p: ml.power_cost_usd_per_mw_year(p),
])
def test_five_dollars_per_kwh_breakevens_are_refused(call):
    with pytest.raises(ValueError, match=r"power_price_usd_per_kwh=5 looks like US cents per kWh \(= 0\.05 USD/kWh\) "
                                         r"or USD per MWh \(= 0\.005 USD/kWh\)"):
        call(5.0)
    assert call(0.05) > 0


def test_efficiency_in_other_units():
    with pytest.raises(ValueError, match=r"efficiency_j_per_th=0\.0175 looks like J/GH \(= 17\.5 J/TH\)"):
        ml.breakeven_hashprice_usd_per_ph_day(0.0175, 0.05)
    with pytest.raises(ValueError, match=r"efficiency_j_per_th=1\.75e\+04 looks like J/PH \(= 17\.5 J/TH\)"):
        ml.phs_per_mw(17_500.0)


def test_fleet_column_is_checked_and_named():
    fleet = pd.DataFrame({"efficiency_j_per_th": [17.5, 0.034], "hashrate_share": [0.5, 0.5]})
    with pytest.raises(ValueError, match=r"fleet\['efficiency_j_per_th'\] contains 0\.034 at label 1, which looks like J/GH"):
        ml.share_unprofitable(fleet, 40.0, 0.05)


def test_miner_hashrates():
    with pytest.raises(ValueError, match=r"miner_hashrate_ths=1\.2e\+12 looks like H/s \(= 1\.2 TH/s\)"):
        ml.probability_of_block(1.2e12, 913.0, 365.25)
    with pytest.raises(ValueError, match=r"miner_hashrate_ehs=1\.64e\+07 looks like TH/s \(= 16\.4 EH/s\)"):
        ml.expected_btc_mined(16.4e6, 1e5, 91, 6.25)


def test_difficulty_and_price():
    # 913e18 H/s at 600 s blocks is a difficulty of 913e18 * 600 / 2**32 = 1.2755e14
    assert 913e18 * 600 / 2**32 == pytest.approx(1.2755e14, rel=1e-4)
    with pytest.raises(ValueError, match=r"difficulty=9\.13e\+20 looks like a hashrate in H/s \(whose difficulty at 600 s blocks is 1\.275e\+14\)"):
        ml.hashprice_usd_per_ph_day_from_difficulty(71_091, 913e18, 3.125)
    with pytest.raises(ValueError, match=r"btc_price_usd=7\.109e\+06 looks like US cents \(= 7\.109e\+04 USD/BTC\)"):
        ml.hashprice_usd_per_ph_day(7_109_100, 913.0, 3.125)


def test_a_percent_where_a_fraction_is_expected_is_named():
    with pytest.raises(ValueError, match=r"operational_efficiency=86 is outside the expected range \[0, 1\] \[fraction\]; "
                                         r"it looks like a percent \(= 0\.86\)"):
        ml.expected_btc_mined(16.4, 566, 91, 6.25, operational_efficiency=86)


def test_array_and_series_positions():
    with pytest.raises(ValueError, match=r"network_hashrate_ehs contains 9\.13e\+20 at position 1, which looks like H/s"):
        ml.hashprice_btc_per_ph_day([913.0, 913e18], 3.125)
    s = pd.Series([913.0, 913e18], index=["2026-02-01", "2026-02-02"])
    with pytest.raises(ValueError, match=r"contains 9\.13e\+20 at label '2026-02-02', which looks like H/s"):
        ml.hashprice_btc_per_ph_day(s, 3.125)


def test_history_since_genesis_is_plausible():
    # Difficulty 1 in January 2009: 2^32 / 600 H/s = 7.16e-12 EH/s; 19 blocks on 2009-01-09
    genesis_ehs = 2**32 / 600 / 1e18
    assert ml.hashprice_btc_per_ph_day(genesis_ehs, 50.0) > 0
    assert ml.difficulty_from_hashrate(genesis_ehs) == pytest.approx(1.0)
    assert ml.blocks_per_day(2**32 * 19 / 86_400 / 1e18, 1.0) == pytest.approx(19.0)


def test_relaxed_block_one_quantity_or_all():
    with plausibility.relaxed("network_hashrate_ehs"):
        assert ml.hashprice_btc_per_ph_day(566e18, 3.125) == pytest.approx(144 * 3.125 / (566e18 * 1e3))
        with pytest.raises(ValueError, match="power_price_usd_per_kwh=5 looks like"):
            ml.breakeven_hashprice_usd_per_ph_day(17.5, 5.0)
    with plausibility.relaxed():
        assert ml.breakeven_hashprice_usd_per_ph_day(17.5, 5.0) == pytest.approx(24 * 17.5 * 5.0)
    with pytest.raises(ValueError, match="looks like H/s"):
        ml.hashprice_btc_per_ph_day(566e18, 3.125)


def test_relaxed_widens_a_range_and_restores_it_on_error():
    with plausibility.relaxed(power_price_usd_per_kwh=(0, 10)):
        assert ml.breakeven_hashprice_usd_per_ph_day(17.5, 5.0) == pytest.approx(2100.0)
        with pytest.raises(ValueError, match=r"power_price_usd_per_kwh=20 .*plausible range \[0, 10\]"):
            ml.breakeven_hashprice_usd_per_ph_day(17.5, 20.0)
    with pytest.raises(ZeroDivisionError):
        with plausibility.relaxed():
            1 / 0
    assert plausibility.limit("power_price_usd_per_kwh") == (0.0, 1.0)


def test_relax_for_the_session_and_reset():
    plausibility.relax("power_price_usd_per_kwh")
    assert ml.breakeven_hashprice_usd_per_ph_day(17.5, 5.0) == pytest.approx(2100.0)
    plausibility.reset()
    with pytest.raises(ValueError, match="looks like US cents"):
        ml.breakeven_hashprice_usd_per_ph_day(17.5, 5.0)


def test_environment_variable_for_papermill_runs(monkeypatch):
    monkeypatch.setenv(plausibility.ENV_VAR, "network_hashrate_ehs=off, power_price_usd_per_kwh=0:10")
    assert ml.hashprice_btc_per_ph_day(566e18, 3.125) > 0
    assert ml.breakeven_hashprice_usd_per_ph_day(17.5, 5.0) == pytest.approx(2100.0)
    with pytest.raises(ValueError, match=r"power_price_usd_per_kwh=20 .*plausible range \[0, 10\]"):
        ml.breakeven_hashprice_usd_per_ph_day(17.5, 20.0)
    with pytest.raises(ValueError, match="efficiency_j_per_th=0.0175 looks like J/GH"):
        ml.breakeven_hashprice_usd_per_ph_day(0.0175, 0.05)
    monkeypatch.setenv(plausibility.ENV_VAR, "off")
    assert ml.breakeven_hashprice_usd_per_ph_day(0.0175, 5.0) == pytest.approx(24 * 0.0175 * 5.0)
    # a session setting (a notebook's relax) wins over the environment, a relaxed block over both
    plausibility.relax(power_price_usd_per_kwh=(0, 2))
    assert plausibility.limit("power_price_usd_per_kwh") == (0.0, 2.0)
    assert plausibility.limit("efficiency_j_per_th") is None  # still off by the environment
    with plausibility.relaxed(power_price_usd_per_kwh=(0, 3)):
        assert plausibility.limit("power_price_usd_per_kwh") == (0.0, 3.0)


@pytest.mark.parametrize("text", ["bogus", "network_hashrate_ehs", "network_hashrate_ehs=0-5", "nope=off",
                                  "network_hashrate_ehs=a:b"])
def test_bad_environment_variable_is_named(monkeypatch, text):
    monkeypatch.setenv(plausibility.ENV_VAR, text)
    with pytest.raises(ValueError, match=rf"{plausibility.ENV_VAR}="):
        ml.hashprice_btc_per_ph_day(913.0, 3.125)


def test_unknown_quantity_is_refused():
    with pytest.raises(ValueError, match="'hashrate' is not a quantity with a plausibility limit"):
        with plausibility.relaxed("hashrate"):
            pass
    with pytest.raises(ValueError, match=r"expected a \(lo, hi\) pair"):
        plausibility.relax(power_price_usd_per_kwh=5)


def test_functions_own_ranges_are_never_relaxed():
    with plausibility.relaxed():
        with pytest.raises(ValueError, match=r"operational_efficiency=1\.2 is outside the expected range"):
            ml.expected_btc_mined(16.4, 566, 91, 6.25, operational_efficiency=1.2)
        with pytest.raises(ValueError, match=r"network_hashrate_ehs=0\.0 is outside the expected range"):
            ml.hashprice_btc_per_ph_day(0.0, 3.125)


def test_every_limit_is_sourced_and_consistent():
    import inspect
    import re

    source = inspect.getsource(plausibility)
    for quantity, lim in plausibility.LIMITS.items():
        assert re.search(lim.pattern, quantity), quantity  # a quantity's own name selects it
        assert lim.lo is None or lim.hi is None or lim.lo < lim.hi
        assert lim.typical[0] < lim.typical[1]
        # a comment above each row gives its reasoning
        row = source.index(f'    "{quantity}": Limit(')
        assert source[:row].rstrip().splitlines()[-1].lstrip().startswith("#"), quantity
    # the difficulty limit is the difficulty of the network limit at 600 s blocks
    hi_ehs = plausibility.LIMITS["network_hashrate_ehs"].hi
    assert plausibility.LIMITS["difficulty"].hi == pytest.approx(hi_ehs * 1e18 * 600 / 2**32, rel=0.01)


def test_data_files_are_held_to_the_same_physical_limits():
    eff = plausibility.LIMITS["efficiency_j_per_th"]
    col = schemas.ASICS.column("efficiency_j_per_th")
    assert (col.lo, col.hi) == (eff.lo, eff.hi)
    assert schemas.NETWORK_SNAPSHOTS.metrics["hashrate_ehs"].hi == plausibility.LIMITS["network_hashrate_ehs"].hi
    assert schemas.MINER_MONTHLY.column("hashrate_ehs").hi == plausibility.LIMITS["miner_hashrate_ehs"].hi


def test_seed_figures_are_plausible():
    # every network figure in the curated data passes the limits of its quantity
    snaps = ml.load_network_snapshots()
    for metric, quantity in (("hashrate_ehs", "network_hashrate_ehs"), ("difficulty", "difficulty"),
                             ("price_usd", "btc_price_usd")):
        plausibility.check(quantity, snaps.loc[snaps.metric == metric, "value"].to_numpy())
    asics = ml.load_asics()
    plausibility.check("efficiency_j_per_th", asics["efficiency_j_per_th"].to_numpy())
    assert np.all(asics["hashrate_ths"] <= plausibility.LIMITS["miner_hashrate_ths"].hi)
