"""Unit conversions (pinned by hand) and the scalar / ndarray / Series convention."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from minelib import units as u
from minelib._validate import check_array, like


def test_scale_constants():
    assert u.H_PER_TH == 10**12
    assert u.H_PER_PH == 10**15
    assert u.H_PER_EH == 10**18
    assert u.TH_PER_PH == 1_000
    assert u.TH_PER_EH == 1_000_000
    assert u.PH_PER_EH == 1_000
    assert u.SATS_PER_BTC == 100_000_000


@pytest.mark.parametrize(
    "value, src, dst, expected",
    [
        (566.0, "EH/s", "TH/s", 566_000_000.0),
        (566.0, "EH/s", "PH/s", 566_000.0),
        (1.1, "ZH/s", "EH/s", 1_100.0),  # seed 003: "1.1 zettahashes per second"
        (1.2, "TH/s", "H/s", 1.2e12),  # home device
        (913e18, "H/s", "EH/s", 913.0),  # mempool.space reports H/s
        (913e9, "GH/s", "EH/s", 913.0),
    ],
)
def test_convert_hashrate(value, src, dst, expected):
    assert u.convert_hashrate(value, src, dst) == pytest.approx(expected, rel=1e-12)


def test_named_converters():
    assert u.ehs_to_ths(32.0) == 32e6
    assert u.ths_to_ehs(32e6) == 32.0
    assert u.hs_to_ehs(1e18) == 1.0
    assert u.ehs_to_hs(1.0) == 1e18
    assert u.hs_to_ths(1e12) == 1.0
    assert u.ths_to_hs(1.0) == 1e12
    assert u.ehs_to_phs(0.001) == pytest.approx(1.0)


def test_unknown_unit():
    with pytest.raises(ValueError, match="from_unit='TH'"):
        u.convert_hashrate(1.0, "TH", "EH/s")


def test_sats_btc():
    assert u.btc_to_sats(13_513) == 1_351_300_000_000
    assert u.btc_to_sats(158.6) == 15_860_000_000
    assert u.sats_to_btc(312_500_000) == 3.125
    assert u.btc_to_sats(np.array([0.1, 0.2])).tolist() == [10_000_000, 20_000_000]


def test_hashprice_units():
    assert u.usd_per_ph_day_to_usd_per_th_day(62.0) == pytest.approx(0.062)
    assert u.usd_per_th_day_to_usd_per_ph_day(0.04) == pytest.approx(40.0)


@given(st.floats(min_value=0, max_value=1e6), st.sampled_from(list(u.HASHRATE_SCALE)), st.sampled_from(list(u.HASHRATE_SCALE)))
def test_hashrate_round_trip(x, a, b):
    assert u.convert_hashrate(u.convert_hashrate(x, a, b), b, a) == pytest.approx(x, rel=1e-12, abs=1e-300)


@given(st.integers(min_value=0, max_value=21_000_000 * 100_000_000))
def test_sats_round_trip(sats):
    assert u.btc_to_sats(u.sats_to_btc(sats)) == sats


@given(st.floats(min_value=0, max_value=1e5))
def test_hashprice_round_trip(x):
    assert u.usd_per_th_day_to_usd_per_ph_day(u.usd_per_ph_day_to_usd_per_th_day(x)) == pytest.approx(x)


def test_check_array_messages():
    with pytest.raises(ValueError, match=r"uptime=1.5 is outside the expected range \[0, 1\] \[fraction\]"):
        check_array("uptime", 1.5, lo=0, hi=1, unit="fraction")
    with pytest.raises(ValueError, match=r"network_hashrate_ehs=0.0 is outside the expected range \(0, inf\) \[EH/s\]"):
        check_array("network_hashrate_ehs", 0.0, lo=0, lo_inclusive=False, unit="EH/s")
    with pytest.raises(ValueError, match="x=nan is not allowed"):
        check_array("x", float("nan"), lo=0)
    with pytest.raises(ValueError, match="x contains nan at position 1"):
        check_array("x", [1.0, np.nan])
    with pytest.raises(ValueError, match="not numeric"):
        check_array("x", "12")
    with pytest.raises(ValueError, match="x=inf"):
        check_array("x", np.inf)


def test_like_kinds_and_misaligned_series():
    assert like(np.asarray(3.0), 1.0) == 3.0 and isinstance(like(np.asarray(3.0), 1.0), float)
    assert isinstance(like(np.ones(2), np.ones(2)), np.ndarray)
    s = like(np.ones(2), pd.Series([1, 2], index=["a", "b"]), 3.0)
    assert list(s.index) == ["a", "b"]
    with pytest.raises(ValueError, match="different indexes"):
        like(np.ones(2), pd.Series([1, 2], index=["a", "b"]), pd.Series([1, 2], index=["b", "a"]))


def test_energy_of_hashrate_constant():
    # 1 PH/s = 1,000 TH/s; at 1 J/TH that is 1,000 W = 1 kW; over 24 h, 24 kWh
    assert u.KWH_PER_PH_DAY_PER_J_PER_TH == pytest.approx(1_000 * 1 / 1_000 * 24)
    # the same from joules: 1e15 H/s * 1e-12 J/H * 86,400 s / 3.6e6 J/kWh
    assert u.KWH_PER_PH_DAY_PER_J_PER_TH == pytest.approx(1e15 * 1e-12 * 86_400 / u.JOULES_PER_KWH)
