"""Solo mining as a Poisson lottery: expected blocks, waiting time and income variance.

A miner with hashrate ``h`` against a network hashrate ``H`` finds each block with
probability ``h / H``; at ``B`` blocks per day its blocks arrive as a Poisson process of
rate

``lambda = (h / H) * B``   [blocks/day]

so the number of blocks in ``t`` days is Poisson with mean ``mu = lambda t``. Everything
in this module follows from that: the probability of at least one block ``1 - exp(-mu)``,
the expected wait ``1 / lambda``, the probability of exactly ``k`` blocks, the coefficient
of variation of a year's reward ``1 / sqrt(mu_year)``, and the expected BTC per year.

The miner's hashrate is taken in TH/s and the network's in EH/s (the scales they are quoted
at); the conversion uses :mod:`minelib.units`. As seed 001 puts it, solo mining "does not
provide stable income. It does not guarantee a block."

References
----------
Seeds 001_edb144c9be488f88.txt (home / solo mining is probabilistic), 003_51347cbd2f4016cb.txt
(~913 EH/s network hashrate); Bitcoin Core ``nPowTargetSpacing = 600 s`` (144 blocks/day).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from minelib._validate import check_array, like, vectorized
from minelib.protocol import TARGET_BLOCKS_PER_DAY
from minelib.units import DAYS_PER_YEAR, TH_PER_EH

__all__ = [
    "expected_blocks_per_day",
    "probability_of_block",
    "probability_of_k_blocks",
    "expected_days_to_block",
    "expected_years_to_block",
    "yearly_reward_cv",
    "median_blocks",
    "expected_btc_per_year",
]





def _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day):
    """Validate the three rate inputs and return lambda [blocks/day] as an ndarray."""
    h = check_array("miner_hashrate_ths", miner_hashrate_ths, lo=0.0, unit="TH/s")
    n = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0.0, lo_inclusive=False, unit="EH/s")
    b = check_array("blocks_per_day", blocks_per_day, lo=0.0, lo_inclusive=False, unit="blocks/day")
    network_ths = n * TH_PER_EH
    too_big = h > network_ths
    if np.any(too_big):
        hb, nb = np.broadcast_arrays(h, n)
        pos = int(np.flatnonzero(np.broadcast_to(too_big, hb.shape).ravel())[0])
        raise ValueError(
            f"miner_hashrate_ths={hb.ravel()[pos]!r} exceeds network_hashrate_ehs={nb.ravel()[pos]!r} "
            f"(= {nb.ravel()[pos] * TH_PER_EH:g} TH/s); a miner's share must be in [0, 1]"
        )
    return h / network_ths * b


@vectorized
def expected_blocks_per_day(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day=TARGET_BLOCKS_PER_DAY):
    """Expected blocks per day found by a solo miner.

    ``lambda = (h_TH * 10^12 / (H_EH * 10^18)) * B``

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; the protocol target 144 by default.

    Returns
    -------
    float, ndarray or Series
        Expected blocks [blocks/day].

    Raises
    ------
    ValueError
        If an argument is NaN, negative, zero where it must be positive, or the miner's
        hashrate exceeds the network's; the message names the parameter.

    References
    ----------
    Seed 003_51347cbd2f4016cb.txt (~913 EH/s).

    Examples
    --------
    A ~1.2 TH/s Bitaxe-class device against 913 EH/s:

    >>> expected_blocks_per_day(1.2, 913.0)
    1.8926e-07
    """
    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)
    return like(lam, miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)


@vectorized
def probability_of_block(miner_hashrate_ths, network_hashrate_ehs, days, blocks_per_day=TARGET_BLOCKS_PER_DAY):
    """Probability of finding at least one block within ``days``.

    ``P(N >= 1) = 1 - exp(-lambda t)``, computed as ``-expm1(-lambda t)`` so that tiny
    rates keep full precision (``P ~ lambda t``).

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; 144 by default.

    Returns
    -------
    float, ndarray or Series
        Probability [fraction in [0, 1]].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seeds 001_edb144c9be488f88.txt, 003_51347cbd2f4016cb.txt.

    Examples
    --------
    A 1.2 TH/s device over one year against 913 EH/s: about 1 chance in 14,500.

    >>> p = probability_of_block(1.2, 913.0, 365.25)
    >>> round(p, 10)
    6.91e-05
    >>> round(1 / p)
    14466
    >>> probability_of_block(np.array([1.2, 200.0]), 913.0, 365.25).round(6)
    array([6.9e-05, 1.1454e-02])
    """
    t = check_array("days", days, lo=0.0, unit="days")
    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)
    result = -np.expm1(-lam * t)
    return like(result, miner_hashrate_ths, network_hashrate_ehs, days, blocks_per_day)


@vectorized
def probability_of_k_blocks(k, miner_hashrate_ths, network_hashrate_ehs, days, blocks_per_day=TARGET_BLOCKS_PER_DAY):
    """Probability of finding exactly ``k`` blocks within ``days`` (Poisson).

    ``P(N = k) = mu^k exp(-mu) / k!`` with ``mu = lambda t``, evaluated in log space
    (``k log mu - mu - lgamma(k + 1)``) so large ``k`` and tiny ``mu`` do not overflow.

    Parameters
    ----------
    k : int, ndarray or Series
        Number of blocks [blocks], a whole number >= 0.
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; 144 by default.

    Returns
    -------
    float, ndarray or Series
        Probability [fraction in [0, 1]].

    Raises
    ------
    ValueError
        If ``k`` is not a whole number >= 0, or another argument is NaN / out of range; the
        message names the parameter.

    References
    ----------
    Seed 001_edb144c9be488f88.txt (solo mining "does not guarantee a block").

    Examples
    --------
    A 200 TH/s ASIC for a year: most likely zero blocks, one block about 1.1 % of the time.

    >>> probability_of_k_blocks(np.arange(3), 200.0, 913.0, 365.25).round(6)
    array([9.88545e-01, 1.13900e-02, 6.60000e-05])
    """
    kk = check_array("k", k, lo=0.0, unit="blocks", integer=True).astype(np.float64)
    t = check_array("days", days, lo=0.0, unit="days")
    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)
    mu = lam * t
    # mu = 0: P(N=0) = 1, P(N>0) = 0; xlogy gives 0 * log 0 = 0 without warnings.
    log_p = special.xlogy(kk, mu) - mu - special.gammaln(kk + 1.0)
    with np.errstate(divide="ignore"):
        result = np.where((mu == 0) & (kk > 0), 0.0, np.exp(log_p))
    return like(result, k, miner_hashrate_ths, network_hashrate_ehs, days, blocks_per_day)


@vectorized
def expected_days_to_block(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day=TARGET_BLOCKS_PER_DAY):
    """Expected waiting time to a block, in days.

    ``E[T] = 1 / lambda``; infinite (``inf``, not NaN) for a zero hashrate. Being
    memoryless, this is also the expected wait from *any* moment, however long the miner
    has already waited.

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; 144 by default.

    Returns
    -------
    float, ndarray or Series
        Expected time to a block [days].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seed 003_51347cbd2f4016cb.txt (~913 EH/s).

    Examples
    --------
    >>> round(expected_days_to_block(1.2, 913.0))
    5283565
    >>> expected_days_to_block(0.0, 913.0)
    inf
    """
    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)
    with np.errstate(divide="ignore"):
        result = np.where(lam > 0, 1.0 / np.where(lam > 0, lam, 1.0), np.inf)
    return like(result, miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)


@vectorized
def expected_years_to_block(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day=TARGET_BLOCKS_PER_DAY):
    """Expected waiting time to a block, in years of 365.25 days.

    ``E[T] = 1 / (lambda * 365.25)``; ``inf`` for a zero hashrate.

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; 144 by default.

    Returns
    -------
    float, ndarray or Series
        Expected time to a block [years].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seeds 001_edb144c9be488f88.txt (Bitaxe / home solo mining), 003_51347cbd2f4016cb.txt.

    Examples
    --------
    A ~1.2 TH/s Bitaxe-class device at 913 EH/s waits on average ~14,500 years:

    >>> round(expected_years_to_block(1.2, 913.0))
    14466
    """
    days = expected_days_to_block(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)
    d = np.asarray(days, dtype=np.float64)
    return like(d / DAYS_PER_YEAR, miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)


@vectorized
def yearly_reward_cv(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day=TARGET_BLOCKS_PER_DAY):
    """Coefficient of variation of a year's solo-mining reward.

    With a fixed reward ``R`` per block the year's reward is ``R N``, ``N ~ Poisson(mu)``,
    ``mu = lambda * 365.25``, so ``CV = sd / mean = sqrt(mu) / mu = 1 / sqrt(mu)``
    (independent of ``R``). ``inf`` for a zero hashrate. A CV of 100 means the standard
    deviation is a hundred times the expected income: a lottery, not a wage.

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; 144 by default.

    Returns
    -------
    float, ndarray or Series
        Coefficient of variation [dimensionless].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seed 001_edb144c9be488f88.txt ("It does not provide stable income").

    Examples
    --------
    >>> round(yearly_reward_cv(1.2, 913.0), 1)
    120.3
    >>> round(yearly_reward_cv(1.2e6, 913.0), 3)  # a 1.2 EH/s pool-sized miner
    0.12
    """
    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)
    mu = lam * DAYS_PER_YEAR
    with np.errstate(divide="ignore"):
        result = np.where(mu > 0, 1.0 / np.sqrt(np.where(mu > 0, mu, 1.0)), np.inf)
    return like(result, miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)


@vectorized
def expected_btc_per_year(
    miner_hashrate_ths, network_hashrate_ehs, reward_btc_per_block, blocks_per_day=TARGET_BLOCKS_PER_DAY
):
    """Expected BTC found per year (the mean of a very skewed distribution).

    ``E[BTC/year] = lambda * 365.25 * R``

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    reward_btc_per_block : float, ndarray or Series
        Subsidy plus fees per block [BTC/block], >= 0 (3.125 subsidy from height 840,000).
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; 144 by default.

    Returns
    -------
    float, ndarray or Series
        Expected reward [BTC/year].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seed 003_51347cbd2f4016cb.txt; Bitcoin Core ``GetBlockSubsidy`` (3.125 BTC).

    Examples
    --------
    The 1.2 TH/s device "earns" on average ~0.000216 BTC a year - but in almost every
    year it earns nothing, and in about one in 14,500 it earns a whole block:

    >>> round(expected_btc_per_year(1.2, 913.0, 3.125), 7)
    0.000216
    """
    r = check_array("reward_btc_per_block", reward_btc_per_block, lo=0.0, unit="BTC/block")
    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)
    result = lam * DAYS_PER_YEAR * r
    return like(result, miner_hashrate_ths, network_hashrate_ehs, reward_btc_per_block, blocks_per_day)


@vectorized
def median_blocks(miner_hashrate_ths, network_hashrate_ehs, days, blocks_per_day=TARGET_BLOCKS_PER_DAY):
    """Median number of blocks found in a period: the typical outcome, not the mean.

    The smallest ``k`` with ``P(N <= k) >= 1/2`` for ``N ~ Poisson(mu)``,
    ``mu = lambda * days``. It is 0 whenever ``exp(-mu) >= 1/2``, i.e. ``mu <= ln 2``:
    a home miner's typical year finds nothing, however positive its expected value.

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; 144 by default.

    Returns
    -------
    int-valued float, ndarray or Series
        Median blocks [blocks].

    Examples
    --------
    >>> median_blocks(1.2, 913.0, 365.25)
    0.0
    >>> median_blocks(10e6, 913.0, 365.25)  # a 10 EH/s industrial miner: ~576 blocks a year
    576.0
    """
    from scipy.stats import poisson  # deferred: scipy.stats is slow to import

    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)
    d = check_array("days", days, lo=0.0, unit="days")
    return like(poisson.median(lam * d), miner_hashrate_ths, network_hashrate_ehs, days, blocks_per_day)
