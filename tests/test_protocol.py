"""Protocol facts, checked against the consensus rules written out by hand."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from minelib import protocol as p


def reference_subsidy(height: int) -> int:
    """GetBlockSubsidy, transcribed from Bitcoin Core's validation.cpp."""
    halvings = height // 210_000
    if halvings >= 64:
        return 0
    return (50 * 100_000_000) >> halvings


@pytest.mark.parametrize(
    "height, sats",
    [
        (0, 5_000_000_000),
        (209_999, 5_000_000_000),
        (210_000, 2_500_000_000),
        (420_000, 1_250_000_000),
        (630_000, 625_000_000),
        (839_999, 625_000_000),
        (840_000, 312_500_000),  # 2024-04-20, seed 000: "After the 2024 halving"
        (1_050_000, 156_250_000),  # seed 002: "reduced to just 1.5625 tokens"
        (6_720_000, 1),  # 32nd halving: one satoshi
        (6_930_000, 0),  # 33rd: the shift reaches zero
        (64 * 210_000, 0),
        (10**9, 0),
    ],
)
def test_subsidy_by_height(height, sats):
    assert p.block_subsidy_sats(height) == sats
    assert p.block_subsidy_sats(height) == reference_subsidy(height)
    assert isinstance(p.block_subsidy_sats(height), int)


def test_subsidy_kinds():
    heights = [0, 840_000, 1_050_000]
    expected = [5_000_000_000, 312_500_000, 156_250_000]
    arr = p.block_subsidy_sats(np.array(heights))
    assert isinstance(arr, np.ndarray) and arr.dtype == np.int64
    assert arr.tolist() == expected
    s = p.block_subsidy_sats(pd.Series(heights, index=["genesis", "h4", "h5"]))
    assert list(s.index) == ["genesis", "h4", "h5"] and s.tolist() == expected
    assert p.block_subsidy_btc(pd.Series([840_000])).tolist() == [3.125]


@given(st.integers(min_value=0, max_value=63 * 210_000 - 1))
def test_halving_halves_subsidy(height):
    """One halving later the subsidy is exactly half (integer shift, rounding down)."""
    assert p.block_subsidy_sats(height + 210_000) == p.block_subsidy_sats(height) // 2
    assert p.block_subsidy_sats(height) == reference_subsidy(height)


@pytest.mark.parametrize("func", [p.block_subsidy_sats, p.block_subsidy_btc])
@pytest.mark.parametrize("bad", [-1, 1.5, np.nan, "840000", None])
def test_subsidy_rejects_bad_height(func, bad):
    with pytest.raises(ValueError, match=r"^height=-1 is outside" if bad == -1 else "height"):
        func(bad)


@pytest.mark.parametrize("height", [0, 209_999, 210_000, 839_999, 840_000, 1_050_000, 6_720_000, 6_930_000,
                                    64 * 210_000, 10**9])
def test_the_unchecked_subsidy_core_is_the_public_rule(height):
    """The Monte Carlo asks the unchecked core for its own heights; it is Core's rule, as the
    public functions are, which still check (and a Python int or an int64 array both work)."""
    assert p._block_subsidy_sats(height) == reference_subsidy(height) == p.block_subsidy_sats(height)
    assert p._block_subsidy_btc(height) == reference_subsidy(height) / 100_000_000 == p.block_subsidy_btc(height)
    arr = np.array([height, height + 210_000], dtype=np.int64)
    assert p._block_subsidy_btc(arr).tolist() == [reference_subsidy(int(h)) / 1e8 for h in arr]


def test_series_bad_value_names_label():
    with pytest.raises(ValueError, match=r"height contains -5.0 at label 'b'"):
        p.block_subsidy_sats(pd.Series([1, -5], index=["a", "b"]))


def test_total_supply_is_the_known_cap():
    # 21 million BTC less the satoshis lost to the integer shifts: sum over 33 epochs.
    expected = sum(210_000 * ((50 * 100_000_000) >> k) for k in range(64))
    assert expected == 2_099_999_997_690_000
    assert p.total_issuance_sats(0, 64 * 210_000 + 5) == expected


@given(
    st.integers(min_value=0, max_value=1_500_000),
    st.integers(min_value=0, max_value=50_000),
)
def test_issuance_matches_block_by_block_sum(start, length):
    end = start + length
    expected = sum(reference_subsidy(h) for h in range(start, end)) if length < 3_000 else None
    got = p.total_issuance_sats(start, end)
    if expected is not None:
        assert got == expected
    # additivity over a split point
    mid = start + length // 2
    assert got == p.total_issuance_sats(start, mid) + p.total_issuance_sats(mid, end)


def test_issuance_of_one_quarter_after_2024_halving():
    blocks = 91 * 144
    assert p.total_issuance_sats(840_000, 840_000 + blocks) == blocks * 312_500_000


def test_issuance_rejects_reversed_range():
    with pytest.raises(ValueError, match="end_height"):
        p.total_issuance_sats(10, 5)


def test_halving_heights_and_epochs():
    assert p.halving_height(4) == 840_000
    assert p.next_halving_height(840_000) == 1_050_000
    assert p.halving_epoch(np.array([0, 210_000, 1_049_999])).tolist() == [0, 1, 4]


def test_difficulty_hashrate_relation_by_hand():
    # seed 002: difficulty 125.86 T -> H = D * 2^32 / 600
    expected_ehs = 125.86e12 * 4294967296 / 600 / 1e18
    assert p.hashrate_from_difficulty_ehs(125.86e12) == pytest.approx(expected_ehs, rel=1e-12)
    assert expected_ehs == pytest.approx(900.94, abs=0.01)
    # seed 001: 124.93 T and 138.96 T
    assert p.hashrate_from_difficulty_ehs(np.array([124.93e12, 138.96e12])) == pytest.approx(
        [124.93e12 * 2**32 / 600 / 1e18, 138.96e12 * 2**32 / 600 / 1e18]
    )


@given(st.floats(min_value=1e-3, max_value=1e4), st.floats(min_value=60, max_value=3600))
def test_difficulty_hashrate_round_trip(hashrate_ehs, block_time_s):
    d = p.difficulty_from_hashrate(hashrate_ehs, block_time_s)
    assert p.hashrate_from_difficulty_ehs(d, block_time_s) == pytest.approx(hashrate_ehs, rel=1e-12)


def test_blocks_per_day():
    assert p.blocks_per_day() == 144.0
    d = 100e12
    h_ehs = d * 2**32 / 600 / 1e18
    assert p.blocks_per_day(h_ehs, d) == pytest.approx(144.0)
    assert p.blocks_per_day(1.1 * h_ehs, d) == pytest.approx(144.0 * 1.1)
    with pytest.raises(ValueError, match="both"):
        p.blocks_per_day(h_ehs)


@pytest.mark.parametrize(
    "timespan_s, expected",
    [
        (1_209_600, 1000.0),  # on schedule
        (1_209_600 / 2, 2000.0),  # twice as fast
        (1_209_600 * 2, 500.0),
        (1_209_600 / 10, 4000.0),  # clamp x4
        (1_209_600 * 10, 250.0),  # clamp /4
    ],
)
def test_next_difficulty_clamp(timespan_s, expected):
    assert p.next_difficulty(1000.0, timespan_s) == pytest.approx(expected)


def test_next_difficulty_seed_001_adjustment():
    # seed 001: 138.96 T -> 124.93 T means the epoch took 138.96/124.93 of 14 days
    timespan = 1_209_600 * 138.96 / 124.93
    assert p.next_difficulty(138.96e12, timespan) == pytest.approx(124.93e12)


def test_next_difficulty_floor_is_one():
    assert p.next_difficulty(1.0, 1_209_600 * 4) == 1.0


def test_steady_network_settles_at_2015_intervals_per_two_weeks():
    # Bitcoin Core's retarget measures first-to-last block of an epoch: 2,015 intervals
    # must take 1,209,600 s, so a constant network mines a block every 600 * 2016 / 2015 s.
    assert p.STEADY_BLOCK_TIME_S == pytest.approx(600 * 2016 / 2015, rel=1e-15)
    assert p.STEADY_BLOCKS_PER_DAY == pytest.approx(143.93, abs=5e-3)


def test_halving_date_flat_network_is_steady_state_blocks():
    # 40,000 blocks to go at constant hashrate, difficulty in its steady state: 40,000 * 600.2977 s,
    # i.e. 143.93 blocks a day, not 144
    date = p.expected_halving_date(1_010_000, "2026-11-21", 900.0)
    seconds = (date - pd.Timestamp("2026-11-21", tz="UTC")).total_seconds()
    assert seconds == pytest.approx(40_000 * 600 * 2016 / 2015, rel=1e-9)
    assert 40_000 / (seconds / 86_400) == pytest.approx(143.93, abs=5e-3)


def test_halving_date_retargets_over_2015_intervals_by_hand():
    # Tip = first block of an epoch, difficulty giving exactly 600 s blocks at constant H.
    # The epoch's remaining 2,015 blocks take 2,015 x 600 s; that span is what Core
    # measures, so D rises by 2016/2015 and the next epoch's first block takes 600 x 2016/2015 s.
    h0 = 900e18
    d0 = h0 * 600 / 2**32
    tip = 2016 * 520  # 1,048,320: the first block of an epoch
    got = p.expected_halving_date(tip, "2027-01-01", 900.0, difficulty=d0, epoch_elapsed_s=0.0,
                                  halving_height=tip + 2016)
    expected = 2015 * 600 + 600 * 2016 / 2015
    assert (got - pd.Timestamp("2027-01-01", tz="UTC")).total_seconds() == pytest.approx(expected, rel=1e-12)


def test_steady_state_from_the_naive_difficulty_over_many_epochs():
    # Started at the 600 s difficulty, a constant network converges to 143.93 blocks/day:
    # each epoch's difficulty is 2016/2015 of the one before until the first retarget,
    # then stays (2,015 intervals of 600.2977 s = 14 days exactly).
    h0 = 900e18
    tip = 2016 * 500  # the first block of an epoch
    got = p.expected_halving_date(tip, "2027-01-01", 900.0, difficulty=h0 * 600 / 2**32, epoch_elapsed_s=0.0,
                                  halving_height=tip + 2016 * 20)
    seconds = (got - pd.Timestamp("2027-01-01", tz="UTC")).total_seconds()
    first_epoch = 2015 * 600  # before the first retarget
    rest = (2016 * 20 - 2015) * 600 * 2016 / 2015
    assert seconds == pytest.approx(first_epoch + rest, rel=1e-12)


def test_halving_date_growth_brings_it_forward_and_decline_pushes_it_back():
    base = p.expected_halving_date(1_000_000, "2026-11-21", 900.0, 0.0)
    fast = p.expected_halving_date(1_000_000, "2026-11-21", 900.0, 0.5)
    slow = p.expected_halving_date(1_000_000, "2026-11-21", 900.0, -0.3)
    assert fast < base < slow


def test_halving_date_within_one_epoch_matches_closed_form():
    # 1,000 blocks left in the current epoch, hashrate growing at g: the work integral
    # H0 (e^{rT} - 1) / r = n D 2^32 gives T in closed form.
    h0, g, n = 900e18, 1.0, 1_000
    d = h0 * 600 / 2**32
    r = np.log(1 + g) / (365.25 * 86400)
    t_expected = np.log1p(n * d * 2**32 * r / h0) / r
    height = 1_050_000 - n
    assert height % 2016 != 0 and (height % 2016) + n <= 2016  # stays inside one epoch
    got = p.expected_halving_date(height, "2027-01-01", 900.0, g, difficulty=d)
    assert (got - pd.Timestamp("2027-01-01", tz="UTC")).total_seconds() == pytest.approx(t_expected, rel=1e-9)


def test_halving_date_vectorized_over_growth():
    out = p.expected_halving_date(1_000_000, "2026-11-21", 900.0, np.array([0.0, 0.5]))
    assert isinstance(out, pd.DatetimeIndex) and out[1] < out[0]
    s = p.expected_halving_date(1_000_000, "2026-11-21", 900.0, pd.Series([0.0, 0.5], index=["flat", "up"]))
    assert list(s.index) == ["flat", "up"]


def test_halving_date_rejects_collapse():
    with pytest.raises(ValueError, match="annual_hashrate_growth"):
        p.expected_halving_date(0, "2026-11-21", 900.0, -0.999999)


def test_difficulty_from_hashrate_names_its_output_unit():
    """The suffix names the unit of what a function returns: a difficulty has none."""
    assert "difficulty_from_hashrate" in p.__all__ and "difficulty_from_hashrate_ehs" not in p.__all__
    assert not hasattr(p, "difficulty_from_hashrate_ehs")
