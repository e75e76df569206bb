"""Bitcoin protocol facts: subsidy schedule, difficulty retargeting, halving dates.

Everything here follows the consensus rules, computed the way Bitcoin Core computes
them (integer satoshis, right shifts, the x4 / ÷4 retarget clamp), not from rounded
figures.

References
----------
Bitcoin Core ``src/validation.cpp`` (``GetBlockSubsidy``), ``src/pow.cpp``
(``CalculateNextWorkRequired``), ``src/kernel/chainparams.cpp`` (mainnet
``nSubsidyHalvingInterval = 210000``, ``nPowTargetTimespan = 14 days``,
``nPowTargetSpacing = 10 minutes``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import check_array, check_date, like, vectorized
from minelib.units import H_PER_EH, SATS_PER_BTC, SECONDS_PER_DAY

__all__ = [
    "HALVING_INTERVAL_BLOCKS",
    "INITIAL_SUBSIDY_SATS",
    "RETARGET_INTERVAL_BLOCKS",
    "TARGET_BLOCK_TIME_S",
    "TARGET_TIMESPAN_S",
    "TARGET_BLOCKS_PER_DAY",
    "STEADY_BLOCK_TIME_S",
    "STEADY_BLOCKS_PER_DAY",
    "block_subsidy_sats",
    "block_subsidy_btc",
    "halving_epoch",
    "halving_height",
    "next_halving_height",
    "total_issuance_sats",
    "blocks_per_day",
    "hashrate_from_difficulty_ehs",
    "difficulty_from_hashrate",
    "next_difficulty",
    "expected_halving_date",
]

HALVING_INTERVAL_BLOCKS: int = 210_000
INITIAL_SUBSIDY_SATS: int = 50 * SATS_PER_BTC
RETARGET_INTERVAL_BLOCKS: int = 2_016
TARGET_BLOCK_TIME_S: float = 600.0
TARGET_TIMESPAN_S: float = RETARGET_INTERVAL_BLOCKS * TARGET_BLOCK_TIME_S  # 14 days
#: Blocks per day at the 600 s target spacing: 144.
TARGET_BLOCKS_PER_DAY: float = SECONDS_PER_DAY / TARGET_BLOCK_TIME_S
#: Mean block interval of a network whose hashrate never changes: 600 x 2016 / 2015 =
#: 600.2977 s. Bitcoin Core's retarget (``src/pow.cpp``, ``CalculateNextWorkRequired``)
#: compares the 14-day target with the time from the *first* to the *last* block of the
#: epoch - 2,015 intervals, not 2,016 - so a steady network settles where 2,015 intervals
#: take 14 days.
STEADY_BLOCK_TIME_S: float = TARGET_TIMESPAN_S / (RETARGET_INTERVAL_BLOCKS - 1)
#: Blocks per day of a steady network under that rule: 143.93.
STEADY_BLOCKS_PER_DAY: float = SECONDS_PER_DAY / STEADY_BLOCK_TIME_S
#: Hashes expected per unit of difficulty: difficulty 1 is a target of 2^224 / 2^256.
HASHES_PER_DIFFICULTY: float = 2.0**32
#: After 64 halvings the right shift is undefined in C++; Core returns 0 from there on.
_MAX_HALVINGS = 64


@vectorized
def block_subsidy_sats(height):
    """Block subsidy at a block height, in integer satoshis.

    ``subsidy = (50 * 10^8) >> (height // 210000)``, and 0 from the 64th halving on.

    Parameters
    ----------
    height : int, ndarray or Series
        Block height [blocks], >= 0.

    Returns
    -------
    int, ndarray of int64 or Series of int64
        Subsidy [sats].

    Raises
    ------
    ValueError
        If ``height`` is negative, NaN or not a whole number.

    References
    ----------
    Bitcoin Core ``GetBlockSubsidy`` in ``src/validation.cpp``.

    Examples
    --------
    >>> block_subsidy_sats(0)
    5000000000
    >>> block_subsidy_sats(840_000)  # the April 2024 halving block
    312500000
    >>> block_subsidy_sats([209_999, 210_000])
    array([5000000000, 2500000000])
    """
    return like(_block_subsidy_sats(_checked_height(height)), height)


def _checked_height(height):
    """The ``height`` argument of the public functions, checked: a whole number >= 0 [blocks]."""
    return check_array("height", height, lo=0, unit="blocks", integer=True)


def _block_subsidy_sats(h):
    """:func:`block_subsidy_sats`'s rule on a checked height (a whole number >= 0, int or int64 array).

    Without the check, for the Monte Carlo's epoch loop, which asks for the subsidy of its
    own heights at every segment.
    """
    halvings = h // HALVING_INTERVAL_BLOCKS
    return np.where(
        halvings >= _MAX_HALVINGS,
        0,
        np.right_shift(np.int64(INITIAL_SUBSIDY_SATS), np.minimum(halvings, _MAX_HALVINGS - 1)),
    ).astype(np.int64)


@vectorized
def block_subsidy_btc(height):
    """Block subsidy at a block height, in BTC (exact: satoshis / 10^8).

    Parameters
    ----------
    height : int, ndarray or Series
        Block height [blocks], >= 0.

    Returns
    -------
    float, ndarray or Series
        Subsidy [BTC].

    Examples
    --------
    >>> block_subsidy_btc(1_050_000)  # the halving expected in 2028
    1.5625
    """
    return like(_block_subsidy_btc(_checked_height(height)), height)


def _block_subsidy_btc(h):
    """:func:`block_subsidy_btc` on a checked height, without the check (see :func:`_block_subsidy_sats`)."""
    return _block_subsidy_sats(h) / SATS_PER_BTC


@vectorized
def halving_epoch(height):
    """Halving epoch of a block height: ``height // 210000`` (epoch 0 paid 50 BTC).

    Parameters
    ----------
    height : int, ndarray or Series
        Block height [blocks], a whole number >= 0.

    Returns
    -------
    int, ndarray of int64 or Series
        Epoch [halvings since the genesis block].

    References
    ----------
    Bitcoin Core ``GetBlockSubsidy`` (``nHeight / nSubsidyHalvingInterval``).

    Examples
    --------
    >>> halving_epoch([0, 839_999, 840_000])
    array([0, 3, 4])
    """
    return like(_checked_height(height) // HALVING_INTERVAL_BLOCKS, height)


@vectorized
def halving_height(epoch):
    """First block height of a halving epoch: ``epoch * 210000``.

    Parameters
    ----------
    epoch : int, ndarray or Series
        Halving epoch [halvings since the genesis block], a whole number >= 0.

    Returns
    -------
    int, ndarray of int64 or Series
        Height of the epoch's first block [blocks].

    Examples
    --------
    >>> halving_height(5)
    1050000
    """
    e = check_array("epoch", epoch, lo=0, unit="halving epochs", integer=True)
    return like(e * HALVING_INTERVAL_BLOCKS, epoch)


@vectorized
def next_halving_height(height):
    """Height of the next halving strictly after ``height``: ``(height // 210000 + 1) * 210000``.

    Parameters
    ----------
    height : int, ndarray or Series
        Block height [blocks], a whole number >= 0.

    Returns
    -------
    int, ndarray of int64 or Series
        Height of the next halving block [blocks].

    Examples
    --------
    >>> next_halving_height(840_000)
    1050000
    >>> next_halving_height(839_999)
    840000
    """
    h = _checked_height(height)
    return like((h // HALVING_INTERVAL_BLOCKS + 1) * HALVING_INTERVAL_BLOCKS, height)


def _issuance_before_sats(height: np.ndarray) -> np.ndarray:
    """Sum of subsidies of blocks 0 .. height-1, exactly, in satoshis."""
    full = np.minimum(height // HALVING_INTERVAL_BLOCKS, _MAX_HALVINGS)
    total = np.zeros_like(height)
    # Full epochs: closed form would round; the loop is over <= 64 epochs, vectorized over inputs.
    for k in range(_MAX_HALVINGS):
        per_block = INITIAL_SUBSIDY_SATS >> k
        in_full = k < full
        total = total + np.where(in_full, per_block * HALVING_INTERVAL_BLOCKS, 0)
        partial = (k == full) & (full < _MAX_HALVINGS)
        total = total + np.where(partial, per_block * (height - k * HALVING_INTERVAL_BLOCKS), 0)
    return total


@vectorized
def total_issuance_sats(start_height, end_height):
    """New coins issued by the subsidy in blocks ``start_height`` .. ``end_height - 1``.

    ``sum(block_subsidy_sats(h) for h in range(start, end))``, computed per epoch.

    Parameters
    ----------
    start_height : int, ndarray or Series
        First block of the range [blocks], >= 0.
    end_height : int, ndarray or Series
        One past the last block of the range [blocks], >= ``start_height``.

    Returns
    -------
    int, ndarray of int64 or Series
        Issued subsidy [sats]. Fees are not issuance and are not included.

    Examples
    --------
    >>> total_issuance_sats(0, 210_000) // 100_000_000  # first epoch: 10.5 million BTC
    10500000
    >>> total_issuance_sats(0, 7_000_000)  # the whole supply, in satoshis
    2099999997690000
    """
    s = check_array("start_height", start_height, lo=0, unit="blocks", integer=True)
    e = check_array("end_height", end_height, lo=0, unit="blocks", integer=True)
    if np.any(e < s):
        raise ValueError(
            f"end_height={end_height!r} must be >= start_height={start_height!r} [blocks]"
        )
    return like(_issuance_before_sats(e) - _issuance_before_sats(s), start_height, end_height)


@vectorized
def blocks_per_day(network_hashrate_ehs=None, difficulty=None):
    """Expected blocks per day.

    ``blocks/day = 86400 * H / (D * 2^32)``; with neither argument, the protocol target
    of one block per 600 s, i.e. 144.

    Parameters
    ----------
    network_hashrate_ehs : float, ndarray or Series, optional
        Network hashrate [EH/s], > 0. Give together with ``difficulty``.
    difficulty : float, ndarray or Series, optional
        Network difficulty [dimensionless], > 0.

    Returns
    -------
    float, ndarray or Series
        Expected blocks [blocks/day].

    Examples
    --------
    >>> blocks_per_day()
    144.0
    >>> round(blocks_per_day(1000.0, difficulty_from_hashrate(900.0)), 3)
    160.0
    """
    if network_hashrate_ehs is None and difficulty is None:
        return TARGET_BLOCKS_PER_DAY
    if network_hashrate_ehs is None or difficulty is None:
        raise ValueError("blocks_per_day needs both network_hashrate_ehs and difficulty, or neither")
    h = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    d = check_array("difficulty", difficulty, lo=0, lo_inclusive=False, unit="dimensionless")
    return like(SECONDS_PER_DAY * h * H_PER_EH / (d * HASHES_PER_DIFFICULTY), network_hashrate_ehs, difficulty)


@vectorized
def hashrate_from_difficulty_ehs(difficulty, block_time_s=TARGET_BLOCK_TIME_S):
    """Network hashrate implied by a difficulty: ``H = D * 2^32 / block_time``.

    Parameters
    ----------
    difficulty : float, ndarray or Series
        Difficulty [dimensionless], > 0.
    block_time_s : float, ndarray or Series
        Mean block interval [s], > 0. The target is 600 s.

    Returns
    -------
    float, ndarray or Series
        Hashrate [EH/s].

    Examples
    --------
    >>> round(hashrate_from_difficulty_ehs(125.86e12), 1)  # seed 002's difficulty
    900.9
    """
    d = check_array("difficulty", difficulty, lo=0, lo_inclusive=False, unit="dimensionless")
    t = check_array("block_time_s", block_time_s, lo=0, lo_inclusive=False, unit="s")
    return like(d * HASHES_PER_DIFFICULTY / t / H_PER_EH, difficulty, block_time_s)


@vectorized
def difficulty_from_hashrate(network_hashrate_ehs, block_time_s=TARGET_BLOCK_TIME_S):
    """Difficulty at which a hashrate finds blocks every ``block_time_s``: ``D = H * t / 2^32``.

    The inverse of :func:`hashrate_from_difficulty_ehs`: each block takes ``D * 2^32``
    hashes in expectation, so a network of ``H`` H/s finds one every ``D * 2^32 / H``
    seconds.

    Parameters
    ----------
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    block_time_s : float, ndarray or Series
        Mean block interval [s], > 0. The target is 600 s.

    Returns
    -------
    float, ndarray or Series
        Difficulty [dimensionless].

    Raises
    ------
    ValueError
        If an argument is NaN, not positive or implausible; the message names it.

    References
    ----------
    Bitcoin Core ``src/rpc/mining.cpp`` (``GetNetworkHashPS``: work = difficulty x 2^32).

    Examples
    --------
    >>> f"{difficulty_from_hashrate(900.9):.4g}"
    '1.259e+14'
    """
    h = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    t = check_array("block_time_s", block_time_s, lo=0, lo_inclusive=False, unit="s")
    return like(h * H_PER_EH * t / HASHES_PER_DIFFICULTY, network_hashrate_ehs, block_time_s)


@vectorized
def next_difficulty(difficulty, actual_timespan_s):
    """Difficulty of the next 2,016-block epoch from the epoch's actual timespan.

    ``D_next = D * T_target / clamp(T_actual, T_target / 4, 4 * T_target)``, with
    ``T_target = 2016 * 600 s``; the result never drops below 1 (the proof-of-work limit).

    Bitcoin Core measures ``T_actual`` between the first and last block of the epoch
    (2,015 intervals, a known off-by-one); pass whichever timespan you measured.

    Parameters
    ----------
    difficulty : float, ndarray or Series
        Difficulty of the epoch that just ended [dimensionless], >= 1.
    actual_timespan_s : float, ndarray or Series
        How long the epoch took [s], > 0.

    Returns
    -------
    float, ndarray or Series
        Next difficulty [dimensionless]; at most x4 and at least ÷4 of ``difficulty``.

    References
    ----------
    Bitcoin Core ``CalculateNextWorkRequired`` in ``src/pow.cpp``.

    Examples
    --------
    >>> next_difficulty(100.0, 14 * 86400 / 2)  # blocks came twice as fast
    200.0
    >>> next_difficulty(100.0, 1.0)  # clamped to x4
    400.0
    """
    d = check_array("difficulty", difficulty, lo=1, unit="dimensionless")
    t = check_array("actual_timespan_s", actual_timespan_s, lo=0, lo_inclusive=False, unit="s")
    return like(_next_difficulty(d, t), difficulty, actual_timespan_s)


def _next_difficulty(d, t):
    """:func:`next_difficulty`'s rule on checked arrays or a model's own state (the Monte Carlo's retarget,
    :func:`expected_halving_date`), which a long horizon may take past today's plausible range."""
    return np.maximum(d * TARGET_TIMESPAN_S / np.clip(t, TARGET_TIMESPAN_S / 4, TARGET_TIMESPAN_S * 4), 1.0)


def _time_to_mine_s(n_blocks, difficulty, h0_hs, g_per_s):
    """Seconds to mine ``n_blocks`` at fixed difficulty while hashrate grows as h0*exp(g t).

    Expected hashes needed: n * D * 2^32 = h0 * (exp(g T) - 1) / g.
    """
    work = n_blocks * difficulty * HASHES_PER_DIFFICULTY
    x = work * g_per_s / h0_hs
    with np.errstate(divide="ignore", invalid="ignore"):
        grown = np.log1p(x) / g_per_s
    flat = work / h0_hs
    t = np.where(np.abs(g_per_s) < 1e-15, flat, grown)
    # A shrinking network may never finish (x <= -1): the hashrate integral is bounded.
    return np.where(np.isnan(t) | (x <= -1), np.inf, t)


@vectorized
def expected_halving_date(
    current_height,
    now,
    network_hashrate_ehs,
    annual_hashrate_growth=0.0,
    difficulty=None,
    epoch_elapsed_s=None,
    halving_height=None,
):
    """Expected date of the next halving under a hashrate growth assumption.

    Blocks do not come every 600 s when hashrate grows: between retargets the
    difficulty is fixed, so a growing network finds blocks faster. The model walks epoch
    by epoch to the halving height, as the protocol does. Hashrate follows
    ``H(t) = H0 * (1 + g)^(t / 1 year)``; at fixed difficulty ``D`` the expected time ``T``
    to mine ``n`` blocks solves ``∫0^T H(t) dt = n * D * 2^32``. At each retarget
    ``D_next = D * 1209600 / clamp(T_epoch, ...)`` (:func:`next_difficulty`), where
    ``T_epoch`` is, as in Bitcoin Core, the time from the epoch's first block to its last:
    2,015 intervals, not 2,016. A network of constant hashrate therefore settles at blocks
    every :data:`STEADY_BLOCK_TIME_S` = 600.30 s (143.93 a day), not 600 s.

    Parameters
    ----------
    current_height : int
        Height of the latest block (the chain tip) [blocks].
    now : str, datetime or Timestamp
        Time of ``current_height``: an ISO date ``YYYY-MM-DD`` (optionally with a time),
        a ``datetime`` or a ``Timestamp``; words such as ``'today'`` are refused.
    network_hashrate_ehs : float, ndarray or Series
        Current network hashrate [EH/s], > 0.
    annual_hashrate_growth : float, ndarray or Series
        Hashrate growth per year [fraction], > -1 (0.3 = +30 %/year).
    difficulty : float, optional
        Difficulty of the current epoch [dimensionless]; default: the steady state of the
        current hashrate, ``H * 600.2977 / 2^32`` (:data:`STEADY_BLOCK_TIME_S`).
    epoch_elapsed_s : float, optional
        Time from the current epoch's first block to the tip [s]; default: the epoch's
        intervals so far at the current block rate.
    halving_height : int, optional
        Height of the block whose time is wanted [blocks]; default the next halving (the
        first block with the halved subsidy).

    Returns
    -------
    Timestamp, or DatetimeIndex / Series of Timestamps for array inputs
        Expected time of the halving block (UTC if ``now`` is naive).

    Raises
    ------
    ValueError
        On invalid inputs, or if the network shrinks so fast that the halving is never
        reached.

    Examples
    --------
    Ten epochs (20,160 blocks) before the halving at constant hashrate: 20,160 intervals
    of 600.2977 s, 140.07 days:

    >>> expected_halving_date(1_050_000 - 2016 * 10, "2028-01-01", 600.0).strftime("%Y-%m-%d %H:%M")
    '2028-05-20 01:40'
    >>> expected_halving_date(1_050_000 - 2016 * 10, "2028-01-01", 600.0, 0.5).strftime("%Y-%m-%d")
    '2028-05-18'
    """
    h = int(check_array("current_height", current_height, lo=0, unit="blocks", integer=True))
    target = next_halving_height(h) if halving_height is None else int(
        check_array("halving_height", halving_height, lo=h + 1, unit="blocks", integer=True)
    )
    t0 = check_date("now", now)
    if t0.tzinfo is None:
        t0 = t0.tz_localize("UTC")
    hr = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    g = check_array("annual_hashrate_growth", annual_hashrate_growth, lo=-1, lo_inclusive=False, unit="fraction per year")
    hr, g = np.broadcast_arrays(hr, g)
    h0 = hr * H_PER_EH
    g_per_s = np.log1p(g) / (365.25 * SECONDS_PER_DAY)
    if difficulty is None:
        d = h0 * STEADY_BLOCK_TIME_S / HASHES_PER_DIFFICULTY
    else:
        d = np.broadcast_to(check_array("difficulty", difficulty, lo=1, unit="dimensionless"), hr.shape).astype(float)
    if epoch_elapsed_s is None:  # the tip is the epoch's (h % 2016 + 1)-th block: h % 2016 intervals
        elapsed = (h % RETARGET_INTERVAL_BLOCKS) * d * HASHES_PER_DIFFICULTY / h0
    else:
        elapsed = np.broadcast_to(check_array("epoch_elapsed_s", epoch_elapsed_s, lo=0, unit="s"), hr.shape).astype(float)

    def mine(n_blocks):  # expected seconds for the next n blocks at difficulty d, from time t
        dt = _time_to_mine_s(n_blocks, d, h0 * np.exp(g_per_s * t), g_per_s)
        if np.any(~np.isfinite(dt)):
            raise ValueError(
                f"annual_hashrate_growth={annual_hashrate_growth!r} shrinks the network so fast "
                f"that block {target} is never mined"
            )
        return dt

    t = np.zeros(hr.shape)
    height = h
    while height < target:
        last_of_epoch = (height // RETARGET_INTERVAL_BLOCKS + 1) * RETARGET_INTERVAL_BLOCKS - 1
        stop = min(last_of_epoch, target)
        if stop > height:
            dt = mine(stop - height)
            t, elapsed, height = t + dt, elapsed + dt, stop
        if height < target:  # retarget on the epoch's first-to-last span, then mine the new epoch's first block
            d = _next_difficulty(d, elapsed)
            t, elapsed, height = t + mine(1), np.zeros(hr.shape), height + 1
    dates = t0 + pd.to_timedelta(t, unit="s")
    if isinstance(network_hashrate_ehs, pd.Series) or isinstance(annual_hashrate_growth, pd.Series):
        index = network_hashrate_ehs.index if isinstance(network_hashrate_ehs, pd.Series) else annual_hashrate_growth.index
        return pd.Series(dates, index=index)
    if np.ndim(dates) == 0 or (np.ndim(network_hashrate_ehs) == 0 and np.ndim(annual_hashrate_growth) == 0):
        return pd.DatetimeIndex(np.atleast_1d(dates))[0]
    return pd.DatetimeIndex(dates)

