"""Reward capture and hashprice: what a unit of hashrate earns.

A miner with hashrate ``m`` on a network of hashrate ``N`` expects the fraction ``m / N``
of the blocks. Each block pays the subsidy plus the fees of its transactions.

References
----------
000_abd4e67359fd40a7.txt (network reward capture, 900 -> 450 BTC/day after the 2024
halving); 001_edb144c9be488f88.txt and 004_57c45d30c358cac2.txt (hashprice).

Why this module is long: about two thirds of its lines are docstrings (formula, units,
sources and a doctested example for each function); the code does one job, what a unit of hashrate earns.
"""

from __future__ import annotations

import numpy as np

from minelib import plausibility
from minelib._validate import check_array, like, vectorized
from minelib.protocol import HASHES_PER_DIFFICULTY, TARGET_BLOCKS_PER_DAY
from minelib.units import H_PER_PH, PH_PER_EH, SECONDS_PER_DAY, TH_PER_PH

__all__ = [
    "network_btc_per_day",
    "expected_btc_mined",
    "implied_operational_efficiency",
    "implied_network_hashrate_ehs",
    "implied_miner_hashrate_ehs",
    "implied_fees_per_block_btc",
    "share_of_issuance",
    "hashprice_btc_per_ph_day",
    "hashprice_usd_per_ph_day",
    "hashprice_usd_per_th_day",
    "hashprice_btc_per_ph_day_from_difficulty",
    "hashprice_usd_per_ph_day_from_difficulty",
    "mining_revenue_usd_per_ph_day",
]



def _reward_args(block_subsidy_btc, fees_per_block_btc, blocks_per_day):
    s = check_array("block_subsidy_btc", block_subsidy_btc, lo=0, hi=50, unit="BTC/block")
    f = check_array("fees_per_block_btc", fees_per_block_btc, lo=0, unit="BTC/block")
    b = check_array("blocks_per_day", blocks_per_day, lo=0, lo_inclusive=False, unit="blocks/day")
    return s, f, b


def _pool_kept_share(pool_fee):
    """``1 - pool_fee``: the share of the expected reward an FPPS pool pays the miner [fraction], the fee checked."""
    return 1.0 - check_array("pool_fee", pool_fee, lo=0, hi=1, hi_inclusive=False, unit="fraction")


@vectorized
def network_btc_per_day(block_subsidy_btc, fees_per_block_btc=0.0, blocks_per_day=TARGET_BLOCKS_PER_DAY):
    """BTC paid to all miners per day: ``blocks/day * (subsidy + fees per block)``.

    Parameters
    ----------
    block_subsidy_btc : float, ndarray or Series
        Subsidy per block [BTC/block], in [0, 50].
    fees_per_block_btc : float, ndarray or Series
        Mean transaction fees per block [BTC/block], >= 0.
    blocks_per_day : float, ndarray or Series
        Blocks found per day [blocks/day], > 0; 144 at the 600 s target.

    Returns
    -------
    float, ndarray or Series
        Network reward [BTC/day].

    References
    ----------
    000_abd4e67359fd40a7.txt: "daily Bitcoin issuance dropped from ~900 BTC to ~450 BTC".

    Examples
    --------
    >>> network_btc_per_day(6.25), network_btc_per_day(3.125)
    (900.0, 450.0)
    """
    s, f, b = _reward_args(block_subsidy_btc, fees_per_block_btc, blocks_per_day)
    return like(b * (s + f), block_subsidy_btc, fees_per_block_btc, blocks_per_day)


def _hashrate_share(miner_hashrate_ehs, network_hashrate_ehs):
    """A miner's share of the network hashrate, validated: ``m / N``.

    Parameters
    ----------
    miner_hashrate_ehs : float, ndarray or Series
        The miner's hashrate [EH/s], 0 <= m <= N.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.

    Returns
    -------
    ndarray
        Share [fraction] (callers wrap it in the kind of their inputs).

    Raises
    ------
    ValueError
        A negative or NaN hashrate, a zero network, or a miner larger than the network.

    Examples
    --------
    >>> float(_hashrate_share(16.4, 566.0).round(4))
    0.029
    """
    m = check_array("miner_hashrate_ehs", miner_hashrate_ehs, lo=0, unit="EH/s")
    n = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    if np.any(m > n):
        bad = np.broadcast_arrays(m, n)
        i = int(np.flatnonzero((bad[0] > bad[1]).ravel())[0])
        raise ValueError(
            f"miner_hashrate_ehs={bad[0].ravel()[i]!r} exceeds network_hashrate_ehs="
            f"{bad[1].ravel()[i]!r}; a miner is part of the network, expected 0 <= miner <= network [EH/s]"
        )
    return m / n


@vectorized
def expected_btc_mined(
    miner_hashrate_ehs,
    network_hashrate_ehs,
    days,
    block_subsidy_btc,
    fees_per_block_btc=0.0,
    operational_efficiency=1.0,
    pool_fee=0.0,
    blocks_per_day=TARGET_BLOCKS_PER_DAY,
):
    """Expected BTC a miner earns over a period.

    ``BTC = (m / N) * blocks/day * days * (subsidy + fees) * efficiency * (1 - pool_fee)``

    Parameters
    ----------
    miner_hashrate_ehs : float, ndarray or Series
        The miner's nameplate (reported) hashrate [EH/s], 0 <= m <= N.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    block_subsidy_btc : float, ndarray or Series
        Subsidy per block [BTC/block]: 6.25 before the April 2024 halving, 3.125 after.
    fees_per_block_btc : float, ndarray or Series
        Mean fees per block [BTC/block], >= 0.
    operational_efficiency : float, ndarray or Series
        Fraction of the nameplate hashrate's expected reward actually captured (uptime,
        curtailment, stale shares, luck) [fraction], in [0, 1]. Seed 000 uses 0.86.
    pool_fee : float, ndarray or Series
        Pool fee [fraction of reward], in [0, 1).
    blocks_per_day : float, ndarray or Series
        [blocks/day], > 0; default 144.

    Returns
    -------
    float, ndarray or Series
        Expected production [BTC].

    References
    ----------
    000_abd4e67359fd40a7.txt ("network reward capture").

    Examples
    --------
    >>> round(expected_btc_mined(16.4, 566.0, 91, 6.25, operational_efficiency=0.86), 1)
    2040.8
    """
    share = _hashrate_share(miner_hashrate_ehs, network_hashrate_ehs)
    d = check_array("days", days, lo=0, unit="days")
    s, f, b = _reward_args(block_subsidy_btc, fees_per_block_btc, blocks_per_day)
    e = check_array("operational_efficiency", operational_efficiency, lo=0, hi=1, unit="fraction")
    kept = _pool_kept_share(pool_fee)
    out = share * b * d * (s + f) * e * kept
    return like(
        out, miner_hashrate_ehs, network_hashrate_ehs, days, block_subsidy_btc,
        fees_per_block_btc, operational_efficiency, pool_fee, blocks_per_day,
    )


@vectorized
def implied_operational_efficiency(
    btc_mined,
    miner_hashrate_ehs,
    network_hashrate_ehs,
    days,
    block_subsidy_btc,
    fees_per_block_btc=0.0,
    pool_fee=0.0,
    blocks_per_day=TARGET_BLOCKS_PER_DAY,
):
    """Effective efficiency implied by reported production (inverse of :func:`expected_btc_mined`).

    ``efficiency = BTC / ((m / N) * blocks/day * days * (subsidy + fees) * (1 - pool_fee))``

    The result can exceed 1 (good luck, or a reported hashrate below the real one); it is
    returned as is so that a reader sees it, up to the plausible 1.5 of
    :data:`minelib.plausibility.LIMITS` (a listed miner's luck is a few per cent): beyond,
    the inputs do not describe the same period or units and a ``ValueError`` says so.

    Parameters
    ----------
    btc_mined : float, ndarray or Series
        Reported production over the period [BTC], >= 0.
    miner_hashrate_ehs, network_hashrate_ehs, days, block_subsidy_btc, fees_per_block_btc, pool_fee, blocks_per_day
        As in :func:`expected_btc_mined`; ``miner_hashrate_ehs`` and ``days`` must be > 0.

    Returns
    -------
    float, ndarray or Series
        Implied efficiency [fraction].

    Examples
    --------
    >>> round(implied_operational_efficiency(573, 42.6, 900.0, 31, 3.125), 3)
    0.868
    """
    btc = check_array("btc_mined", btc_mined, lo=0, unit="BTC")
    check_array("miner_hashrate_ehs", miner_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    check_array("days", days, lo=0, lo_inclusive=False, unit="days")
    full = expected_btc_mined(
        np.asarray(miner_hashrate_ehs, dtype=float), np.asarray(network_hashrate_ehs, dtype=float),
        np.asarray(days, dtype=float), block_subsidy_btc, fees_per_block_btc, 1.0, pool_fee, blocks_per_day,
    )
    out = btc / np.asarray(full)
    plausibility.check("implied_operational_efficiency", out)
    return like(
        out, btc_mined, miner_hashrate_ehs, network_hashrate_ehs, days, block_subsidy_btc,
        fees_per_block_btc, pool_fee, blocks_per_day,
    )


@vectorized
def implied_network_hashrate_ehs(
    btc_mined,
    miner_hashrate_ehs,
    days,
    block_subsidy_btc,
    fees_per_block_btc=0.0,
    operational_efficiency=1.0,
    pool_fee=0.0,
    blocks_per_day=TARGET_BLOCKS_PER_DAY,
):
    """Network hashrate implied by a miner's production and hashrate.

    ``N = m * blocks/day * days * (subsidy + fees) * efficiency * (1 - pool_fee) / BTC``

    Parameters
    ----------
    btc_mined : float, ndarray or Series
        Reported production [BTC], > 0.
    miner_hashrate_ehs : float, ndarray or Series
        The miner's hashrate [EH/s], > 0.
    days, block_subsidy_btc, fees_per_block_btc, operational_efficiency, pool_fee, blocks_per_day
        As in :func:`expected_btc_mined`.

    Returns
    -------
    float, ndarray or Series
        Implied network hashrate [EH/s].

    Examples
    --------
    >>> round(implied_network_hashrate_ehs(2040.8438, 16.4, 91, 6.25, operational_efficiency=0.86), 1)
    566.0
    """
    btc = check_array("btc_mined", btc_mined, lo=0, lo_inclusive=False, unit="BTC")
    m = check_array("miner_hashrate_ehs", miner_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    d = check_array("days", days, lo=0, lo_inclusive=False, unit="days")
    s, f, b = _reward_args(block_subsidy_btc, fees_per_block_btc, blocks_per_day)
    e = check_array("operational_efficiency", operational_efficiency, lo=0, hi=1, lo_inclusive=False, unit="fraction")
    kept = _pool_kept_share(pool_fee)
    out = m * b * d * (s + f) * e * kept / btc
    return like(
        out, btc_mined, miner_hashrate_ehs, days, block_subsidy_btc, fees_per_block_btc,
        operational_efficiency, pool_fee, blocks_per_day,
    )


@vectorized
def implied_miner_hashrate_ehs(
    btc_mined,
    network_hashrate_ehs,
    days,
    block_subsidy_btc,
    fees_per_block_btc=0.0,
    operational_efficiency=1.0,
    pool_fee=0.0,
    blocks_per_day=TARGET_BLOCKS_PER_DAY,
):
    """Hashrate that would earn the reported production: the effective hashrate.

    ``m = BTC * N / (blocks/day * days * (subsidy + fees) * efficiency * (1 - pool_fee))``

    At ``operational_efficiency=1`` this is the hashrate that, running perfectly, captures
    the reported BTC; divided by a peer's efficiency it is the nameplate hashrate above
    which the miner is less efficient than that peer.

    Parameters
    ----------
    btc_mined : float, ndarray or Series
        Reported production [BTC], >= 0.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    days, block_subsidy_btc, fees_per_block_btc, operational_efficiency, pool_fee, blocks_per_day
        As in :func:`expected_btc_mined`; ``days`` and ``operational_efficiency`` > 0.

    Returns
    -------
    float, ndarray or Series
        Implied hashrate [EH/s]; may exceed the network's if the inputs are inconsistent
        (reported production larger than the whole network's over the period).

    References
    ----------
    000_abd4e67359fd40a7.txt: Cipher "produced 924 BTC" in the quarter.

    Examples
    --------
    >>> round(implied_miner_hashrate_ehs(924, 566.0, 91, 6.25), 3)
    6.386
    """
    btc = check_array("btc_mined", btc_mined, lo=0, unit="BTC")
    n = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    d = check_array("days", days, lo=0, lo_inclusive=False, unit="days")
    s, f, b = _reward_args(block_subsidy_btc, fees_per_block_btc, blocks_per_day)
    e = check_array("operational_efficiency", operational_efficiency, lo=0, hi=1, lo_inclusive=False, unit="fraction")
    kept = _pool_kept_share(pool_fee)
    out = btc * n / (b * d * (s + f) * e * kept)
    return like(
        out, btc_mined, network_hashrate_ehs, days, block_subsidy_btc, fees_per_block_btc,
        operational_efficiency, pool_fee, blocks_per_day,
    )


@vectorized
def share_of_issuance(btc_mined, network_btc):
    """A miner's share of the BTC paid to all miners over the same period.

    ``share = BTC_miner / BTC_network``

    Parameters
    ----------
    btc_mined : float, ndarray or Series
        The miner's production [BTC], 0 <= btc_mined <= network_btc.
    network_btc : float, ndarray or Series
        All miners' production over the same period [BTC], > 0.

    Returns
    -------
    float, ndarray or Series
        Share [fraction].

    Examples
    --------
    >>> round(share_of_issuance(573, 450 * 31), 4)
    0.0411
    """
    b = check_array("btc_mined", btc_mined, lo=0, unit="BTC")
    n = check_array("network_btc", network_btc, lo=0, lo_inclusive=False, unit="BTC")
    if np.any(b > n):
        raise ValueError(f"btc_mined={btc_mined!r} exceeds network_btc={network_btc!r} [BTC]")
    return like(b / n, btc_mined, network_btc)


@vectorized
def hashprice_btc_per_ph_day(
    network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc=0.0, blocks_per_day=TARGET_BLOCKS_PER_DAY
):
    """Hashprice in BTC: expected reward of 1 PH/s for one day.

    ``hashprice = blocks/day * (subsidy + fees) / N[PH/s]``

    This is the *hashrate form*: it divides by an estimate of the network hashrate. The
    industry's standard hashprice (Luxor, Braiins) is the *difficulty form*,
    :func:`hashprice_btc_per_ph_day_from_difficulty`; the two agree when ``N`` is the
    hashrate the difficulty implies at 144 blocks per day. Use this form for "what if the
    network were N" scenarios, the difficulty form for history and quotes.

    Parameters
    ----------
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    block_subsidy_btc : float, ndarray or Series
        Subsidy per block [BTC/block].
    fees_per_block_btc : float, ndarray or Series
        Mean fees per block [BTC/block]; 0 for the subsidy-only hashprice.
    blocks_per_day : float, ndarray or Series
        [blocks/day], default 144.

    Returns
    -------
    float, ndarray or Series
        Hashprice [BTC/PH/day].

    Examples
    --------
    >>> f"{hashprice_btc_per_ph_day(900.0, 3.125):.4e}"
    '5.0000e-04'
    """
    n = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    s, f, b = _reward_args(block_subsidy_btc, fees_per_block_btc, blocks_per_day)
    n_phs = n * PH_PER_EH
    reward = b * (s + f)
    if np.ndim(reward) == 0 and isinstance(n_phs, np.ndarray):  # a grid of N: divide into it
        out = np.divide(reward, n_phs, out=n_phs)
    else:
        out = reward / n_phs
    return like(out, network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc, blocks_per_day)


@vectorized
def hashprice_usd_per_ph_day(
    btc_price_usd,
    network_hashrate_ehs,
    block_subsidy_btc,
    fees_per_block_btc=0.0,
    blocks_per_day=TARGET_BLOCKS_PER_DAY,
):
    """Hashprice in USD: expected revenue of 1 PH/s for one day.

    ``hashprice = price * blocks/day * (subsidy + fees) / N[PH/s]``

    Parameters
    ----------
    btc_price_usd : float, ndarray or Series
        BTC price [USD/BTC], >= 0.
    network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc, blocks_per_day
        As in :func:`hashprice_btc_per_ph_day`.

    Returns
    -------
    float, ndarray or Series
        Hashprice [USD/PH/day].

    References
    ----------
    001_edb144c9be488f88.txt ("Hashprice tells miners how much revenue each unit of
    hashrate can expect"); 003_51347cbd2f4016cb.txt ($37.15 -> $40 per PH/day).

    Examples
    --------
    >>> round(hashprice_usd_per_ph_day(71_091, 913.0, 3.125), 2)
    35.04
    """
    p = check_array("btc_price_usd", btc_price_usd, lo=0, unit="USD/BTC")
    # the BTC hashprice is a fresh temporary: NumPy multiplies into it, no new grid
    out = p * np.asarray(hashprice_btc_per_ph_day(network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc, blocks_per_day))
    return like(out, btc_price_usd, network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc, blocks_per_day)


@vectorized
def hashprice_usd_per_th_day(
    btc_price_usd,
    network_hashrate_ehs,
    block_subsidy_btc,
    fees_per_block_btc=0.0,
    blocks_per_day=TARGET_BLOCKS_PER_DAY,
):
    """Hashprice in the per-TH/s convention: ``hashprice[USD/PH/day] / 1000``.

    Parameters
    ----------
    btc_price_usd : float, ndarray or Series
        BTC price [USD/BTC], >= 0.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    block_subsidy_btc : float, ndarray or Series
        Subsidy per block [BTC/block], in [0, 50].
    fees_per_block_btc : float, ndarray or Series
        Mean fees per block [BTC/block], >= 0.
    blocks_per_day : float, ndarray or Series
        [blocks/day], default 144.

    Returns
    -------
    float, ndarray or Series
        Hashprice [USD/TH/day].

    Examples
    --------
    >>> round(hashprice_usd_per_th_day(71_091, 913.0, 3.125), 5)
    0.03504
    """
    hp = hashprice_usd_per_ph_day(btc_price_usd, network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc, blocks_per_day)
    return hp / TH_PER_PH


@vectorized
def hashprice_btc_per_ph_day_from_difficulty(difficulty, block_subsidy_btc, fees_per_block_btc=0.0):
    """Hashprice in BTC as Luxor defines it: the expected reward of 1 PH/s for one day
    at the current difficulty.

    ``hashprice = 86400 * (subsidy + fees) * 10^15 / (D * 2^32)``  [BTC per PH/s per day]

    One hash finds a block with probability ``1 / (D * 2^32)``, so 1 PH/s (10^15 H/s)
    running for 86,400 s expects ``86400 * 10^15 / (D * 2^32)`` blocks. This is the
    convention of Luxor's Hashrate Index and of Braiins: it uses the difficulty in force,
    not a hashrate estimate, so a day on which luck brings more blocks than 144 does not
    show a lower hashprice. ``fees_per_block_btc`` is the mean over a trailing window of
    blocks (Luxor: the last 144); 0 gives the subsidy-only hashprice. For the form built
    on an estimated network hashrate see :func:`hashprice_btc_per_ph_day`; the two agree
    when the hashrate is ``hashrate_from_difficulty_ehs(D)`` at 144 blocks per day.

    Parameters
    ----------
    difficulty : float, ndarray or Series
        Network difficulty [dimensionless], > 0 (e.g. 146.5e12 for "146.5 T").
    block_subsidy_btc : float, ndarray or Series
        Subsidy per block [BTC/block], in [0, 50].
    fees_per_block_btc : float, ndarray or Series
        Mean transaction fees per block over the trailing window [BTC/block], >= 0.

    Returns
    -------
    float, ndarray or Series
        Hashprice [BTC/PH/day].

    Raises
    ------
    ValueError
        If an argument is non-finite or outside its range.

    References
    ----------
    Luxor Hashrate Index, "Hashprice" methodology (USD or BTC per PH/s per day from
    difficulty, subsidy and the fees of the last 144 blocks); Bitcoin Core
    ``src/rpc/mining.cpp`` (``GetNetworkHashPS``: work = difficulty x 2^32).

    Examples
    --------
    Seed 003's difficulty of about 146.5 T after the 2024 halving:

    >>> f"{hashprice_btc_per_ph_day_from_difficulty(146.5e12, 3.125):.4e}"
    '4.2911e-04'
    """
    d = check_array("difficulty", difficulty, lo=0, lo_inclusive=False, unit="dimensionless")
    s, f, _ = _reward_args(block_subsidy_btc, fees_per_block_btc, TARGET_BLOCKS_PER_DAY)
    return like(_hashprice_btc_per_ph_day_from_difficulty(d, s, f), difficulty, block_subsidy_btc, fees_per_block_btc)


def _hashprice_btc_per_ph_day_from_difficulty(d, s, f):
    """:func:`hashprice_btc_per_ph_day_from_difficulty`'s formula on checked arrays (or the model's own
    state, which a long horizon may take past the difficulty plausible today)."""
    return SECONDS_PER_DAY * (s + f) * H_PER_PH / (d * HASHES_PER_DIFFICULTY)


@vectorized
def hashprice_usd_per_ph_day_from_difficulty(btc_price_usd, difficulty, block_subsidy_btc, fees_per_block_btc=0.0):
    """Hashprice in USD as Luxor defines it: ``price x`` the BTC hashprice at the current
    difficulty.

    ``hashprice = price * 86400 * (subsidy + fees) * 10^15 / (D * 2^32)``  [USD/PH/day]

    Parameters
    ----------
    btc_price_usd : float, ndarray or Series
        BTC price [USD/BTC], >= 0.
    difficulty : float, ndarray or Series
        Network difficulty [dimensionless], > 0.
    block_subsidy_btc : float, ndarray or Series
        Subsidy per block [BTC/block], in [0, 50].
    fees_per_block_btc : float, ndarray or Series
        Mean fees per block over the trailing window (Luxor: 144 blocks) [BTC/block].

    Returns
    -------
    float, ndarray or Series
        Hashprice [USD/PH/day].

    Raises
    ------
    ValueError
        If an argument is non-finite or outside its range.

    References
    ----------
    Luxor Hashrate Index, "Hashprice"; 003_51347cbd2f4016cb.txt (difficulty "about
    146.5 trillion", spot "near $71,091", hashprice "roughly $37.15 -> $40").

    Examples
    --------
    Seed 003's own difficulty and price give about $30.51 without fees, not its ~$40:

    >>> round(hashprice_usd_per_ph_day_from_difficulty(71_091, 146.5e12, 3.125), 2)
    30.51
    """
    p = check_array("btc_price_usd", btc_price_usd, lo=0, unit="USD/BTC")
    hp = np.asarray(hashprice_btc_per_ph_day_from_difficulty(difficulty, block_subsidy_btc, fees_per_block_btc))
    return like(p * hp, btc_price_usd, difficulty, block_subsidy_btc, fees_per_block_btc)


@vectorized
def mining_revenue_usd_per_ph_day(hashprice_usd_per_ph_day, pool_fee=0.0, uptime=1.0):
    """What 1 PH/s of installed machines collects per day: hashprice after the pool fee and
    the downtime.

    ``revenue = hashprice * (1 - pool_fee) * uptime``

    Hashprice is the expected reward of 1 PH/s that hashes all day. A miner in a pool
    paying FPPS (full pay per share: the pool pays the expected subsidy and fees of every
    share, whatever its luck) receives that less the pool's fee, typically 2-4 % (Luxor,
    Braiins, Foundry publish their FPPS fees); machines that are curtailed, broken or
    being serviced for a share ``1 - uptime`` of the day earn nothing for it. Pass a BTC
    hashprice to get BTC: the formula is the same in any currency.

    Parameters
    ----------
    hashprice_usd_per_ph_day : float, ndarray or Series
        Hashprice [USD/PH/day], >= 0 (e.g. :func:`hashprice_usd_per_ph_day_from_difficulty`).
    pool_fee : float, ndarray or Series
        The pool's FPPS fee as a share of the expected reward [fraction], in [0, 1).
    uptime : float, ndarray or Series
        Share of the day the machines hash [fraction], in [0, 1].

    Returns
    -------
    float, ndarray or Series
        Revenue per PH/s of installed hashrate [USD/PH/day].

    Raises
    ------
    ValueError
        If an argument is NaN, non-numeric or out of range; the message names it.

    References
    ----------
    Luxor Hashrate Index, "Hashprice" (the expected value of 1 PH/s per day; pools pay it
    under FPPS less their fee); 001_edb144c9be488f88.txt ("uptime" among what "change[s]
    the math").

    Examples
    --------
    $40/PH/day through a 2 % FPPS pool at 97 % uptime:

    >>> round(mining_revenue_usd_per_ph_day(40.0, pool_fee=0.02, uptime=0.97), 3)
    38.024
    """
    hp = check_array("hashprice_usd_per_ph_day", hashprice_usd_per_ph_day, lo=0, unit="USD/PH/day")
    kept = _pool_kept_share(pool_fee)
    u = check_array("uptime", uptime, lo=0, hi=1, unit="fraction")
    return like(hp * kept * u, hashprice_usd_per_ph_day, pool_fee, uptime)


@vectorized
def implied_fees_per_block_btc(
    hashprice_usd_per_ph_day, btc_price_usd, network_hashrate_ehs, block_subsidy_btc, blocks_per_day=TARGET_BLOCKS_PER_DAY
):
    """Mean fees per block that a quoted hashprice implies (inverse of the hashprice).

    ``fees = hashprice * N[PH/s] / (price * blocks/day) - subsidy``

    A negative result means the quoted hashprice is below the subsidy-only hashprice of
    the given snapshot: the figures do not describe the same moment. It is returned as is
    so the inconsistency shows.

    Parameters
    ----------
    hashprice_usd_per_ph_day : float, ndarray or Series
        Quoted hashprice [USD/PH/day], >= 0.
    btc_price_usd : float, ndarray or Series
        Price [USD/BTC], > 0.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    block_subsidy_btc : float, ndarray or Series
        Subsidy per block [BTC/block].
    blocks_per_day : float, ndarray or Series
        [blocks/day], default 144.

    Returns
    -------
    float, ndarray or Series
        Implied fees [BTC/block].

    Examples
    --------
    Seed 003 quotes ~$40/PH/day beside $71,091 and ~913 EH/s:

    >>> round(implied_fees_per_block_btc(40.0, 71_091, 913.0, 3.125), 3)
    0.442
    """
    hp = check_array("hashprice_usd_per_ph_day", hashprice_usd_per_ph_day, lo=0, unit="USD/PH/day")
    p = check_array("btc_price_usd", btc_price_usd, lo=0, lo_inclusive=False, unit="USD/BTC")
    n = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    s, _, b = _reward_args(block_subsidy_btc, 0.0, blocks_per_day)
    out = hp * n * PH_PER_EH / (p * b) - s
    return like(out, hashprice_usd_per_ph_day, btc_price_usd, network_hashrate_ehs, block_subsidy_btc, blocks_per_day)
