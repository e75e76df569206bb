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
    assert u.USD_PER_MILLION_USD == u.MILLION == 10**6  # $1M = 10^6 dollars
    assert u.TRILLION == 10**12  # difficulty quoted in T


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
    with pytest.raises(ValueError, match="x='12' is a string, not a number"):
        check_array("x", "12")
    with pytest.raises(ValueError, match="x=inf"):
        check_array("x", np.inf)


# check_array's fast path proves a large array valid from its min and max; each refusal
# below hides one bad value in a grid of otherwise good ones (first, middle, last), so
# the fast path must fall through to the element-wise pass that names it.
_N = 10_001


@pytest.mark.parametrize("pos", [0, _N // 2, _N - 1])
@pytest.mark.parametrize("bad, kwargs, message", [
    (np.nan, dict(lo=0), "which is not allowed"),
    (np.inf, dict(lo=0), "which is outside the expected range"),
    (-np.inf, dict(), "which is outside the expected range"),
    (0.0, dict(lo=0, lo_inclusive=False), "which is outside the expected range"),  # the excluded bound itself
    (-1e-300, dict(lo=0), "which is outside the expected range"),
    (1.0, dict(lo=0, hi=1, hi_inclusive=False), "which is outside the expected range"),
    (1.0 + 2**-52, dict(lo=0, hi=1), "which is outside the expected range"),
])
def test_one_bad_value_in_a_large_grid_is_named(pos, bad, kwargs, message):
    x = np.full(_N, 0.5)
    x[pos] = bad
    with pytest.raises(ValueError, match=rf"^x contains {bad!r} at position {pos}, {message}"):
        check_array("x", x, **kwargs)
    with pytest.raises(ValueError, match=rf"^x contains {bad!r} at label 'r{pos}', {message}"):
        check_array("x", pd.Series(x, index=[f"r{i}" for i in range(_N)]), **kwargs)
    with pytest.raises(ValueError, match=rf"^x contains {bad!r} at position {pos}, {message}"):
        check_array("x", x.reshape(-1, 1), **kwargs)  # 2-D grids: position in C order


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_other_dtypes_take_the_same_checks(dtype):
    x = np.full(_N, 5, dtype=dtype)
    x[-1] = -1
    with pytest.raises(ValueError, match=rf"^x contains -1.0 at position {_N - 1}, which is outside"):
        check_array("x", x, lo=0)
    assert check_array("x", np.abs(x), lo=0).dtype == np.float64


@pytest.mark.parametrize("pos", [0, _N - 1])
def test_an_implausible_value_in_a_large_grid_is_named(pos):
    x = np.full(_N, 566.0)
    x[pos] = 566e18  # H/s where EH/s is expected: positive, so only plausibility catches it
    with pytest.raises(ValueError, match=rf"^network_hashrate_ehs contains 5.66e\+20 at position {pos}, which looks like H/s"):
        check_array("network_hashrate_ehs", x, lo=0, lo_inclusive=False, unit="EH/s")
    y = np.full(_N, 0.05)
    y[pos] = 5.0  # cents where USD/kWh is expected: inside the function's range [0, inf)
    with pytest.raises(ValueError, match=rf"^q1_power_price_usd_per_kwh contains 5 at position {pos}, which looks like US cents"):
        check_array("q1_power_price_usd_per_kwh", y, lo=0, unit="USD/kWh")


_BLOCKED = 4 * (1 << 16) + 12_346  # past the size where check_array reduces block by block, not a whole block


@pytest.mark.parametrize("pos", [0, 1 << 16, (1 << 16) - 1, _BLOCKED // 2, _BLOCKED - 1])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, -1.0, 2.0])
def test_blockwise_extremes_match_min_and_max(pos, bad):
    from minelib._validate import _extremes

    x = np.random.default_rng(pos).uniform(0.1, 0.9, _BLOCKED)
    x[pos] = bad
    for arr in (x, x.reshape(-1, 5), np.asfortranarray(x.reshape(-1, 5)), x[::2], x[::-1]):
        mn, mx = _extremes(arr)
        np.testing.assert_equal((mn, mx), (arr.min(), arr.max()))
    with pytest.raises(ValueError, match=rf"^x contains {bad!r} at position {pos}, which"):
        check_array("x", x, lo=0, hi=1)
    x[pos] = 0.5
    assert check_array("x", x, lo=0, hi=1) is x


def test_good_grids_pass_unchanged():
    x = np.linspace(0.0, 1.0, _N)  # both bounds inclusive and reached
    out = check_array("x", x, lo=0, hi=1)
    assert out is x  # float64 input: no copy, no work beyond the checks
    assert check_array("x", x[1:], lo=0, lo_inclusive=False).shape == (_N - 1,)


def test_grid_functions_compute_in_place_only_in_their_own_arrays():
    import minelib as ml
    from minelib.costs import power_cost_usd_per_ph_day

    rng = np.random.default_rng(0)
    args = dict(e=rng.uniform(12, 40, 1000), p=rng.uniform(0.02, 0.1, 1000), n=rng.uniform(400, 1500, 1000),
                price=rng.uniform(3e4, 1.5e5, 1000), u=np.full(1000, 0.9), oe=np.full(1000, 0.86))
    before = {k: v.copy() for k, v in args.items()}
    hp = ml.hashprice_btc_per_ph_day(args["n"], 3.125)
    hp_before = hp.copy()
    ml.hashprice_usd_per_ph_day(args["price"], args["n"], 3.125)
    power_cost_usd_per_ph_day(args["e"], args["p"], args["u"])
    cost = ml.power_cost_usd_per_btc(args["e"], args["p"], hp, args["u"], args["oe"])
    ml.power_cost_usd_per_btc(args["e"], args["p"], hp)
    cost_before = cost.copy()
    ml.margin_fraction(args["price"], cost)
    np.testing.assert_array_equal(cost, cost_before)
    series = pd.Series(args["e"])  # a Series' values are read-only under copy-on-write
    ml.power_cost_usd_per_btc(series, args["p"], hp)
    np.testing.assert_array_equal(series.to_numpy(), before["e"])
    for k, v in args.items():
        np.testing.assert_array_equal(v, before[k], err_msg=k)
    np.testing.assert_array_equal(hp, hp_before)


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


# ------------------------------------------------------------------ clear errors (issue 8)


@pytest.mark.parametrize("value", [True, np.True_, False])
def test_booleans_are_not_numbers(value):
    with pytest.raises(ValueError, match=r"btc_price_usd=(True|False) is a boolean, not a number"):
        check_array("btc_price_usd", value, lo=0, unit="USD/BTC")


def test_booleans_inside_arrays_are_refused_by_position():
    with pytest.raises(ValueError, match=r"x contains True at position 1, which is a boolean"):
        check_array("x", [1.0, True])
    with pytest.raises(ValueError, match=r"x contains True at position 0, which is a boolean"):
        check_array("x", np.array([True, False]))
    with pytest.raises(ValueError, match=r"x contains False at label 'b', which is a boolean"):
        check_array("x", pd.Series([1.0, False], index=["a", "b"], dtype=object))
    with pytest.raises(ValueError, match=r"x contains True at label 'a', which is a boolean"):
        check_array("x", pd.Series([True, False], index=["a", "b"]))


def test_true_is_not_one_dollar():
    import minelib as ml

    with pytest.raises(ValueError, match="btc_price_usd=True is a boolean"):
        ml.hashprice_usd_per_ph_day(True, 913.0, 3.125)


@pytest.mark.parametrize("value, where", [
    (["7e4"], "position 0"),
    ([60_000.0, "7e4"], "position 1"),
    (np.array(["7e4"]), "position 0"),
    (np.array([60_000.0, "7e4"], dtype=object), "position 1"),
    (pd.Series(["71091", "7e4"], index=["spot", "bull"]), "label 'spot'"),
    ([[1.0, 2.0], [3.0, "4"]], "position 3"),
])
def test_strings_in_arrays_are_refused_like_a_string_scalar(value, where):
    with pytest.raises(ValueError, match=rf"btc_price_usd contains '(7e4|71091|4)' at {where}, which is a string, not a number"):
        check_array("btc_price_usd", value, lo=0, unit="USD/BTC")
    with pytest.raises(ValueError, match=r"btc_price_usd='71091' is a string, not a number"):
        check_array("btc_price_usd", "71091", lo=0, unit="USD/BTC")


def test_none_in_an_array_is_named():
    with pytest.raises(ValueError, match=r"x contains None at position 1, which is missing"):
        check_array("x", [1.0, None])


def test_fractional_height_says_whole_number():
    import minelib as ml

    with pytest.raises(ValueError, match=r"^height=840000.5 is not a whole number; expected a whole number in \[0, inf\) \[blocks\]$"):
        ml.block_subsidy_sats(840_000.5)
    with pytest.raises(ValueError, match=r"height contains 1.5 at position 1, which is not a whole number; expected a whole number"):
        ml.block_subsidy_sats([1, 1.5])
    # a negative height is still a range error
    with pytest.raises(ValueError, match=r"height=-1 is outside the expected range \[0, inf\) \[blocks\]"):
        ml.block_subsidy_sats(-1)


def test_mismatched_shapes_name_both_parameters():
    import minelib as ml

    with pytest.raises(ValueError, match=r"^miner_hashrate_ehs has shape \(3,\) and network_hashrate_ehs has shape \(2,\), "
                                         r"which do not broadcast together.*shape \(3, 1\) against \(2,\)"):
        ml.expected_btc_mined([16.4, 20.0, 30.0], [566.0, 600.0], 91, 6.25)
    with pytest.raises(ValueError, match=r"^days has shape \(2,\) and block_subsidy_btc has shape \(3,\)"):
        ml.expected_btc_mined(16.4, 566.0, days=[30, 31], block_subsidy_btc=[6.25, 3.125, 1.5625])
    with pytest.raises(ValueError, match=r"^efficiency_j_per_th has shape \(2, 3\) and power_price_usd_per_kwh has shape \(2,\)"):
        ml.breakeven_hashprice_usd_per_ph_day(np.full((2, 3), 20.0), [0.05, 0.06])
    # shapes that broadcast are a grid, as before
    assert ml.breakeven_hashprice_usd_per_ph_day(np.array([[17.0], [34.0]]), [0.05, 0.06]).shape == (2, 2)


def test_misaligned_series_name_both_parameters_before_work():
    import minelib as ml

    a = pd.Series([900.0, 950.0], index=["jan", "feb"])
    b = pd.Series([3.125, 3.125], index=["feb", "jan"])
    with pytest.raises(ValueError, match="Series arguments network_hashrate_ehs and block_subsidy_btc have different indexes"):
        ml.hashprice_btc_per_ph_day(a, b)


def test_vectorized_keeps_name_signature_and_doc():
    import inspect

    import minelib as ml

    f = ml.hashprice_usd_per_ph_day
    assert f.__name__ == "hashprice_usd_per_ph_day" and f.__module__ == "minelib.revenue"
    assert list(inspect.signature(f).parameters)[:2] == ["btc_price_usd", "network_hashrate_ehs"]
    assert f.__doc__.startswith("Hashprice in USD") and f.__minelib_vectorized__


@pytest.mark.parametrize("value", ["yesterday", "today", "now", "2024/04/20", "20-04-2024", "", 20240420, None])
def test_dates_name_the_parameter_and_the_form(value):
    from minelib._validate import check_date

    with pytest.raises(ValueError, match=r"^start_date=.* is not a date; expected an ISO date YYYY-MM-DD"):
        check_date("start_date", value)


def test_impossible_calendar_date():
    from minelib._validate import check_date

    with pytest.raises(ValueError, match=r"^start_date='2024-02-30' is not a valid calendar date"):
        check_date("start_date", "2024-02-30")


@pytest.mark.parametrize("value", ["2024-04-20", "2024-04-20T00:00:00", "2024-04-20 00:00", "2024-04-20T00:00:00Z",
                                   pd.Timestamp("2024-04-20"), np.datetime64("2024-04-20")])
def test_accepted_date_forms(value):
    import datetime

    from minelib._validate import check_date

    assert check_date("start_date", value).date() == datetime.date(2024, 4, 20)
    assert check_date("start_date", datetime.date(2024, 4, 20)) == pd.Timestamp("2024-04-20")


def test_expected_halving_date_refuses_words():
    import minelib as ml

    with pytest.raises(ValueError, match=r"^now='yesterday' is not a date; expected an ISO date YYYY-MM-DD"):
        ml.expected_halving_date(1_000_000, "yesterday", 900.0)
