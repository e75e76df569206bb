"""Solo mining as a Poisson lottery: expected blocks, waiting time and income variance.

A miner with hashrate ``h`` against a network hashrate ``H`` finds each block with
probability ``h / H``; at ``B`` blocks per day its blocks arrive as a Poisson process of
rate

``lambda = (h / H) * B``   [blocks/day]

so the number of blocks in ``t`` days is Poisson with mean ``mu = lambda t``. Everything
in this module follows from that: the probability of at least one block ``1 - exp(-mu)``,
the expected wait ``1 / lambda``, the probability of exactly ``k`` blocks, the coefficient
of variation of a year's reward ``1 / sqrt(mu_year)``, and the expected BTC per year.

**Over years the network grows and the reward halves.** With the network growing as
``H(t) = H0 exp(r t)`` (``r`` = ``hashrate_drift_per_year``, continuously compounded, the
convention of :func:`minelib.montecarlo.simulate_network`), the blocks still form a Poisson
process, of falling rate ``lambda0 exp(-r t)``, and the expected number in ``t`` is the
integral

``mu(t) = lambda0 * (1 - exp(-r t)) / r``   (``lambda0 t`` when ``r = 0``),

i.e. ``t`` years of a growing network hold as many expected blocks as ``(1 - exp(-r t)) / r``
years at today's (:func:`constant_network_days`). The reward of a block is the subsidy of
its height plus fees; the subsidy halves every 210,000 blocks (:mod:`minelib.protocol`), so
:func:`expected_solo_btc` sums the integral era by era, and :func:`solo_btc_sd` gives the
spread: a compound Poisson sum with variance ``sum_k R_k^2 mu_k``. A pool paying FPPS pays
the same expected value less its fee, whatever its luck (:func:`expected_pooled_btc`): the
same mean, with no variance from block luck.

Blocks per day default to :data:`minelib.protocol.STEADY_BLOCKS_PER_DAY` (143.93): the
rate at which a network of steady hashrate settles under Bitcoin Core's retarget, which
measures each epoch over 2,015 intervals (``src/pow.cpp``). A growing network finds blocks
a little faster between retargets (the difficulty lags the hashrate by about one epoch:
``exp(r * 14 days)``, +1.0 % at ``r = 0.258``); the model leaves that out, so its halvings
come about 1 % later than a growing network's would.

The miner's hashrate is taken in TH/s and the network's in EH/s (the scales they are quoted
at); the conversion uses :mod:`minelib.units`. As seed 001 puts it, solo mining "does not
provide stable income. It does not guarantee a block."

References
----------
Seeds 001_edb144c9be488f88.txt (home / solo mining is probabilistic), 003_51347cbd2f4016cb.txt
(~913 EH/s network hashrate); Bitcoin Core ``nPowTargetSpacing = 600 s`` and
``CalculateNextWorkRequired`` (``src/pow.cpp``), ``GetBlockSubsidy`` (``src/validation.cpp``).

Why this module is long: about two thirds of its lines are docstrings (formula, units,
sources and a doctested example for each function); the code does one job, the odds and
spread of mining alone against mining in a pool.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from minelib import plausibility
from minelib._validate import check_array, like, vectorized
from minelib.revenue import _pool_kept_share
from minelib.protocol import HALVING_INTERVAL_BLOCKS, STEADY_BLOCKS_PER_DAY, block_subsidy_btc
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
    "constant_network_days",
    "network_growth_years",
    "expected_blocks",
    "expected_solo_btc",
    "solo_btc_sd",
    "expected_pooled_btc",
    "simulate_solo_btc",
]

#: Eras computed at most: the subsidy is 0 from the 64th halving on, so the 66th era (and
#: every later one) pays fees only, and one era can stand for all of them.
_MAX_ERAS = 66


def _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day):
    """Validate the three rate inputs: ``(lambda, h, n, b)``, lambda [blocks/day] and the checked inputs, ndarrays."""
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
    return h / network_ths * b, h, n, b



def _drift(hashrate_drift_per_year):
    return check_array("hashrate_drift_per_year", hashrate_drift_per_year, lo=-5.0, hi=5.0, unit="1/year")


def _growth_days(t, r):
    """``integral_0^t exp(-r s / 365.25) ds`` [days], ``t`` when ``r = 0`` (no cancellation)."""
    x = r * t / DAYS_PER_YEAR
    safe = np.where(x == 0, 1.0, x)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(x == 0, t, t * -np.expm1(-safe) / safe)


def _check_projection(h, n, t, r):
    """The network hashrate the drift projects over ``t`` days stays plausible and above the miner's."""
    end_ehs = n * np.exp(r * t / DAYS_PER_YEAR)
    rng = plausibility.limit("network_hashrate_ehs")
    hi = None if rng is None else rng[1]
    if hi is not None and np.any(end_ehs > hi):
        e, n0, rr, tt = (np.broadcast_to(a, end_ehs.shape).ravel() for a in (end_ehs, n, r, t))
        pos = int(np.flatnonzero(end_ehs.ravel() > hi)[0])
        years = np.log(hi / n0[pos]) / rr[pos]
        raise ValueError(
            f"network_hashrate_ehs={n0[pos]:g} growing at hashrate_drift_per_year={rr[pos]:g} reaches "
            f"{e[pos]:.3g} EH/s after days={tt[pos]:g}, beyond the plausible {hi:g} EH/s "
            f"(minelib.plausibility), which it passes after {years:.1f} years. Shorten the horizon, or for a "
            f"deliberate what-if: `with minelib.plausibility.relaxed('network_hashrate_ehs'):` or "
            f"MINELIB_PLAUSIBILITY='network_hashrate_ehs=off'")
    if np.any(h > end_ehs * TH_PER_EH):
        raise ValueError(
            f"hashrate_drift_per_year={np.min(r):g} shrinks the network below miner_hashrate_ths={np.max(h):g} "
            f"within days={np.max(t):g}; a miner's share must stay in [0, 1]")


def _mu(miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year, blocks_per_day):
    """Validate and return (mu, lambda0, days, drift, blocks_per_day): expected blocks in ``days`` under growth."""
    lam, h, n, b = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)
    t = check_array("days", days, lo=0.0, unit="days")
    r = _drift(hashrate_drift_per_year)
    if np.any(r != 0):
        _check_projection(h, n, t, r)
    return lam * _growth_days(t, r), lam, t, r, b


@vectorized
def expected_blocks_per_day(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day=STEADY_BLOCKS_PER_DAY):
    """Expected blocks per day found by a solo miner.

    ``lambda = (h_TH * 10^12 / (H_EH * 10^18)) * B``

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; default 143.93, a steady network's
        rate (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

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
    1.8917e-07
    """
    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)[0]
    return like(lam, miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)


@vectorized
def probability_of_block(miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year=0.0,
                         blocks_per_day=STEADY_BLOCKS_PER_DAY):
    """Probability of finding at least one block within ``days``.

    ``P(N >= 1) = 1 - exp(-mu)``, ``mu`` the expected blocks (:func:`expected_blocks`:
    ``lambda t`` on a constant network), computed as ``-expm1(-mu)`` so that tiny rates
    keep full precision (``P ~ mu``).

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    hashrate_drift_per_year : float, ndarray or Series, optional
        Growth of the network hashrate [1/year], continuously compounded (``H0 exp(r t)``),
        in [-5, 5]; 0 (a constant network) by default.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; default 143.93, a steady network's
        rate (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

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
    14473
    >>> probability_of_block(np.array([1.2, 200.0]), 913.0, 365.25).round(6)
    array([6.9e-05, 1.145e-02])

    A 200 TH/s ASIC over 15 years, on a constant network and on one growing at 0.258 a
    year (continuously compounded): growth cuts the odds almost four-fold.

    >>> probability_of_block(200.0, 913.0, 15 * 365.25, [0.0, 0.258]).round(4)
    array([0.1586, 0.0428])
    """
    mu = _mu(miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year, blocks_per_day)[0]
    return like(-np.expm1(-mu), miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year,
                blocks_per_day)


@vectorized
def probability_of_k_blocks(k, miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year=0.0,
                            blocks_per_day=STEADY_BLOCKS_PER_DAY):
    """Probability of finding exactly ``k`` blocks within ``days`` (Poisson).

    ``P(N = k) = mu^k exp(-mu) / k!`` with ``mu`` the expected blocks
    (:func:`expected_blocks`; ``lambda t`` on a constant network), evaluated in log space
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
    hashrate_drift_per_year : float, ndarray or Series, optional
        Growth of the network hashrate [1/year], continuously compounded (``H0 exp(r t)``),
        in [-5, 5]; 0 (a constant network) by default.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; default 143.93, a steady network's
        rate (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

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
    array([9.8855e-01, 1.1384e-02, 6.6000e-05])
    """
    kk = check_array("k", k, lo=0.0, unit="blocks", integer=True).astype(np.float64)
    mu = _mu(miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year, blocks_per_day)[0]
    # mu = 0: P(N=0) = 1, P(N>0) = 0; xlogy gives 0 * log 0 = 0 without warnings.
    log_p = special.xlogy(kk, mu) - mu - special.gammaln(kk + 1.0)
    with np.errstate(divide="ignore"):
        result = np.where((mu == 0) & (kk > 0), 0.0, np.exp(log_p))
    return like(result, k, miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year, blocks_per_day)


@vectorized
def expected_days_to_block(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day=STEADY_BLOCKS_PER_DAY):
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
        Network blocks per day [blocks/day], > 0; default 143.93, a steady network's
        rate (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

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
    5286187
    >>> expected_days_to_block(0.0, 913.0)
    inf
    """
    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)[0]
    with np.errstate(divide="ignore"):
        result = np.where(lam > 0, 1.0 / np.where(lam > 0, lam, 1.0), np.inf)
    return like(result, miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)


@vectorized
def expected_years_to_block(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day=STEADY_BLOCKS_PER_DAY):
    """Expected waiting time to a block, in years of 365.25 days.

    ``E[T] = 1 / (lambda * 365.25)``; ``inf`` for a zero hashrate.

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; default 143.93, a steady network's
        rate (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

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
    14473
    """
    days = expected_days_to_block(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)
    d = np.asarray(days, dtype=np.float64)
    return like(d / DAYS_PER_YEAR, miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)


@vectorized
def yearly_reward_cv(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day=STEADY_BLOCKS_PER_DAY):
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
        Network blocks per day [blocks/day], > 0; default 143.93, a steady network's
        rate (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

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
    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)[0]
    mu = lam * DAYS_PER_YEAR
    with np.errstate(divide="ignore"):
        result = np.where(mu > 0, 1.0 / np.sqrt(np.where(mu > 0, mu, 1.0)), np.inf)
    return like(result, miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)


@vectorized
def expected_btc_per_year(
    miner_hashrate_ths, network_hashrate_ehs, reward_btc_per_block, blocks_per_day=STEADY_BLOCKS_PER_DAY
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
        Network blocks per day [blocks/day], > 0; default 143.93, a steady network's
        rate (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

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
    lam = _rate(miner_hashrate_ths, network_hashrate_ehs, blocks_per_day)[0]
    result = lam * DAYS_PER_YEAR * r
    return like(result, miner_hashrate_ths, network_hashrate_ehs, reward_btc_per_block, blocks_per_day)


@vectorized
def median_blocks(miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year=0.0,
                  blocks_per_day=STEADY_BLOCKS_PER_DAY):
    """Median number of blocks found in a period: the typical outcome, not the mean.

    The smallest ``k`` with ``P(N <= k) >= 1/2`` for ``N ~ Poisson(mu)``, ``mu`` the
    expected blocks (:func:`expected_blocks`; ``lambda * days`` on a constant network).
    It is 0 whenever ``exp(-mu) >= 1/2``, i.e. ``mu <= ln 2``: a home miner's typical
    year finds nothing, however positive its expected value.

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    hashrate_drift_per_year : float, ndarray or Series, optional
        Growth of the network hashrate [1/year], continuously compounded (``H0 exp(r t)``),
        in [-5, 5]; 0 (a constant network) by default.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; default 143.93, a steady network's
        rate (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

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

    mu = _mu(miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year, blocks_per_day)[0]
    return like(poisson.median(mu), miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year,
                blocks_per_day)


@vectorized
def constant_network_days(days, hashrate_drift_per_year):
    """Days at today's network hashrate that hold as many expected blocks as ``days`` of a growing one.

    With the network at ``H0 exp(r t)`` a miner's block rate falls as ``exp(-r t)``, so

    ``D(t) = integral_0^t exp(-r s) ds = (1 - exp(-r t)) / r``   (``t`` when ``r = 0``)

    with ``t`` and ``1/r`` in the same unit (days here; ``r`` is given per year). As
    ``t`` grows, ``D`` tends to ``1 / r``: a network growing forever leaves a finite number
    of blocks to a fixed miner.

    Parameters
    ----------
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    hashrate_drift_per_year : float, ndarray or Series
        Growth of the network hashrate [1/year], continuously compounded, in [-5, 5].

    Returns
    -------
    float, ndarray or Series
        Equivalent days at the starting network hashrate [days].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Notebook 09 derives a drift of 0.258/year from seeds 000_abd4e67359fd40a7.txt (566
    EH/s) and 003_51347cbd2f4016cb.txt (913 EH/s).

    Examples
    --------
    25 years at a drift of 0.258/year hold the blocks of 3.87 years at today's network
    (``(1 - exp(-6.45)) / 0.258``):

    >>> round(constant_network_days(25 * 365.25, 0.258) / 365.25, 2)
    3.87
    """
    t = check_array("days", days, lo=0.0, unit="days")
    r = _drift(hashrate_drift_per_year)
    return like(_growth_days(t, r), days, hashrate_drift_per_year)


@vectorized
def network_growth_years(network_hashrate_ehs, target_network_hashrate_ehs, hashrate_drift_per_year):
    """Years until a network growing at a constant drift reaches a hashrate.

    ``T = ln(H_target / H0) / r``; 0 when the target is already reached, ``inf`` when the
    drift never gets there (``r <= 0`` below the target, ``r >= 0`` above it).

    Parameters
    ----------
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate today [EH/s], > 0.
    target_network_hashrate_ehs : float, ndarray or Series
        The hashrate to reach [EH/s], > 0.
    hashrate_drift_per_year : float, ndarray or Series
        Growth of the network hashrate [1/year], continuously compounded, in [-5, 5].

    Returns
    -------
    float, ndarray or Series
        Time to the target [years].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    :mod:`minelib.plausibility` (the 1e5 EH/s limit on a network hashrate).

    Examples
    --------
    913 EH/s at 0.258/year passes the plausibility limit of 1e5 EH/s after 18.2 years:

    >>> round(network_growth_years(913.0, 1e5, 0.258), 1)
    18.2
    """
    n = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0.0, lo_inclusive=False, unit="EH/s")
    target = check_array("target_network_hashrate_ehs", target_network_hashrate_ehs, lo=0.0, lo_inclusive=False,
                         unit="EH/s")
    r = _drift(hashrate_drift_per_year)
    gap = np.log(target / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        years = np.where(gap == 0, 0.0, np.where(gap * r > 0, gap / np.where(r == 0, 1.0, r), np.inf))
    return like(years, network_hashrate_ehs, target_network_hashrate_ehs, hashrate_drift_per_year)


@vectorized
def expected_blocks(miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year=0.0,
                    blocks_per_day=STEADY_BLOCKS_PER_DAY):
    """Expected blocks a solo miner finds in ``days`` while the network grows.

    ``mu = lambda0 * D(t)``, ``lambda0`` the rate on today's network
    (:func:`expected_blocks_per_day`) and ``D(t) = (1 - exp(-r t)) / r`` the equivalent
    days at today's network (:func:`constant_network_days`); ``lambda0 t`` when ``r = 0``.

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate throughout.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate today [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    hashrate_drift_per_year : float, ndarray or Series, optional
        Growth of the network hashrate [1/year], continuously compounded (``H0 exp(r t)``),
        in [-5, 5]; 0 (a constant network) by default.
    blocks_per_day : float, ndarray or Series, optional
        Network blocks per day [blocks/day], > 0; default 143.93, a steady network's
        rate (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

    Returns
    -------
    float, ndarray or Series
        Expected blocks [blocks].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range, the miner's hashrate exceeds the network's
        at any time of the period, or the projected network passes the plausibility limit
        of a network hashrate (1e5 EH/s; the message says after how many years and how to
        relax it for a deliberate what-if).

    References
    ----------
    Seeds 001_edb144c9be488f88.txt, 003_51347cbd2f4016cb.txt; notebook 09's drift.

    Examples
    --------
    A 200 TH/s ASIC over 10 years, on a constant network and on one growing at 0.258/year:

    >>> expected_blocks(200.0, 913.0, 3652.5, [0.0, 0.258]).round(4)
    array([0.1152, 0.0413])
    >>> expected_blocks(200.0, 913.0, 25 * 365.25, 0.258)  # 913 EH/s x exp(6.45) > 1e5 EH/s
    Traceback (most recent call last):
    ...
    ValueError: network_hashrate_ehs=913 growing at hashrate_drift_per_year=0.258 reaches 5.78e+05 EH/s after days=9131.25, beyond the plausible 100000 EH/s (minelib.plausibility), which it passes after 18.2 years. Shorten the horizon, or for a deliberate what-if: `with minelib.plausibility.relaxed('network_hashrate_ehs'):` or MINELIB_PLAUSIBILITY='network_hashrate_ehs=off'
    """
    mu = _mu(miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year, blocks_per_day)[0]
    return like(mu, miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year, blocks_per_day)


def _eras(miner_hashrate_ths, network_hashrate_ehs, days, start_height, hashrate_drift_per_year,
          fees_per_block_btc, blocks_per_day):
    """Validated ``[(mu_k, R_k)]``: expected blocks and reward per block of each halving era.

    Heights advance at ``blocks_per_day`` from ``start_height``; era ``k`` runs from its
    first height to the next halving, and pays ``subsidy(first height) + fees``.
    """
    _, lam, t, r, b = _mu(miner_hashrate_ths, network_hashrate_ehs, days, hashrate_drift_per_year, blocks_per_day)
    s = check_array("start_height", start_height, lo=0, unit="blocks", integer=True)
    f = check_array("fees_per_block_btc", fees_per_block_btc, lo=0.0, unit="BTC/block")
    first = (s // HALVING_INTERVAL_BLOCKS + 1) * HALVING_INTERVAL_BLOCKS  # the next halving height
    n_eras = int(min(np.ceil(np.max(b * t) / HALVING_INTERVAL_BLOCKS) + 1, _MAX_ERAS))
    out, begin = [], np.zeros(())
    for k in range(n_eras):
        height = s if k == 0 else first + (k - 1) * HALVING_INTERVAL_BLOCKS
        end = (first + k * HALVING_INTERVAL_BLOCKS - s) / b if k < n_eras - 1 else np.inf
        a, c = np.minimum(begin, t), np.minimum(end, t)
        out.append((lam * (_growth_days(c, r) - _growth_days(a, r)), np.asarray(block_subsidy_btc(height)) + f))
        begin = end
    return out


@vectorized
def expected_solo_btc(miner_hashrate_ths, network_hashrate_ehs, days, start_height, hashrate_drift_per_year=0.0,
                      fees_per_block_btc=0.0, blocks_per_day=STEADY_BLOCKS_PER_DAY):
    """Expected BTC a solo miner finds over ``days``, across halvings, while the network grows.

    ``E = sum_k R_k mu_k``: era ``k`` runs from ``t_k`` to ``t_k+1`` (the halvings, at
    ``(halving height - start_height) / blocks_per_day`` days), pays
    ``R_k = subsidy_k + fees`` per block, and holds
    ``mu_k = lambda0 (D(t_k+1) - D(t_k))`` expected blocks, with
    ``D(t) = (1 - exp(-r t)) / r`` (:func:`constant_network_days`).

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate throughout.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate today [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    start_height : int, ndarray or Series
        Block height today [blocks], a whole number >= 0 (its subsidy and the next
        halving follow from it).
    hashrate_drift_per_year : float, ndarray or Series, optional
        Growth of the network hashrate [1/year], continuously compounded, in [-5, 5].
    fees_per_block_btc : float, ndarray or Series, optional
        Mean fees per block [BTC/block], >= 0, the same in every era (fees do not halve).
    blocks_per_day : float, ndarray or Series, optional
        Blocks per day, which also sets when the halvings come [blocks/day], > 0;
        default 143.93 (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

    Returns
    -------
    float, ndarray or Series
        Expected BTC over the period [BTC].

    Raises
    ------
    ValueError
        As :func:`expected_blocks`, and on a negative or fractional ``start_height`` or
        negative fees.

    References
    ----------
    Bitcoin Core ``GetBlockSubsidy`` (``src/validation.cpp``: the subsidy halves every
    210,000 blocks); seeds 001_edb144c9be488f88.txt, 003_51347cbd2f4016cb.txt.

    Examples
    --------
    A 200 TH/s ASIC from height 934,000 (early 2026, 3.125 BTC) over 10 years on a
    constant network: 0.115 expected blocks, worth 0.185 BTC across the halvings of 2028
    and 2032 (3.125 BTC a block throughout would give 0.360):

    >>> round(expected_solo_btc(200.0, 913.0, 3652.5, 934_000), 3)
    0.185
    """
    eras = _eras(miner_hashrate_ths, network_hashrate_ehs, days, start_height, hashrate_drift_per_year,
                 fees_per_block_btc, blocks_per_day)
    total = sum(mu * reward for mu, reward in eras)
    return like(total, miner_hashrate_ths, network_hashrate_ehs, days, start_height, hashrate_drift_per_year,
                fees_per_block_btc, blocks_per_day)


@vectorized
def solo_btc_sd(miner_hashrate_ths, network_hashrate_ehs, days, start_height, hashrate_drift_per_year=0.0,
                fees_per_block_btc=0.0, blocks_per_day=STEADY_BLOCKS_PER_DAY):
    """Standard deviation of the BTC a solo miner finds over ``days``.

    The BTC found is a compound Poisson sum: ``N_k ~ Poisson(mu_k)`` blocks in era ``k``,
    each worth ``R_k``, independent across eras, so ``Var = sum_k R_k^2 mu_k`` and
    ``sd = sqrt(sum_k R_k^2 mu_k)`` (``R sqrt(mu)`` within one era). A pool paying FPPS
    has no such spread (:func:`expected_pooled_btc`).

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate throughout.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate today [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    start_height : int, ndarray or Series
        Block height today [blocks], a whole number >= 0 (its subsidy and the next
        halving follow from it).
    hashrate_drift_per_year : float, ndarray or Series, optional
        Growth of the network hashrate [1/year], continuously compounded, in [-5, 5].
    fees_per_block_btc : float, ndarray or Series, optional
        Mean fees per block [BTC/block], >= 0, the same in every era (fees do not halve).
    blocks_per_day : float, ndarray or Series, optional
        Blocks per day, which also sets when the halvings come [blocks/day], > 0;
        default 143.93 (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

    Returns
    -------
    float, ndarray or Series
        Standard deviation of the BTC found [BTC].

    Raises
    ------
    ValueError
        As :func:`expected_solo_btc`.

    References
    ----------
    Seed 001_edb144c9be488f88.txt (solo mining "does not provide stable income").

    Examples
    --------
    The 200 TH/s ASIC over 10 years: an expected 0.185 BTC with a spread of 0.62 BTC,
    more than three times the mean.

    >>> round(solo_btc_sd(200.0, 913.0, 3652.5, 934_000), 2)
    0.62
    """
    eras = _eras(miner_hashrate_ths, network_hashrate_ehs, days, start_height, hashrate_drift_per_year,
                 fees_per_block_btc, blocks_per_day)
    var = sum(mu * reward**2 for mu, reward in eras)
    return like(np.sqrt(var), miner_hashrate_ths, network_hashrate_ehs, days, start_height,
                hashrate_drift_per_year, fees_per_block_btc, blocks_per_day)


@vectorized
def expected_pooled_btc(miner_hashrate_ths, network_hashrate_ehs, days, start_height, pool_fee=0.0,
                        hashrate_drift_per_year=0.0, fees_per_block_btc=0.0, blocks_per_day=STEADY_BLOCKS_PER_DAY):
    """BTC a miner is paid over ``days`` by a pool paying FPPS: the solo expectation less the fee.

    ``pooled = E_solo * (1 - pool_fee)``, the fee convention of
    :func:`minelib.revenue.mining_revenue_usd_per_ph_day` (linear, so it applies to a
    period's BTC as to a day's dollars). Under FPPS the pool pays the expected reward of
    every share whatever its own luck, so the miner's income has no variance from block
    luck (its only variance is the network's and the price's); the solo miner keeps the
    fee and takes the whole Poisson spread (:func:`solo_btc_sd`).

    Parameters
    ----------
    miner_hashrate_ths : float, ndarray or Series
        Miner hashrate [TH/s], >= 0 and <= the network hashrate throughout.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate today [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], >= 0.
    start_height : int, ndarray or Series
        Block height today [blocks], a whole number >= 0 (its subsidy and the next
        halving follow from it).
    pool_fee : float, ndarray or Series, optional
        The pool's FPPS fee [fraction of the expected reward], in [0, 1); 0 by default
        (pools charge 2-4 %).
    hashrate_drift_per_year : float, ndarray or Series, optional
        Growth of the network hashrate [1/year], continuously compounded, in [-5, 5].
    fees_per_block_btc : float, ndarray or Series, optional
        Mean fees per block [BTC/block], >= 0, the same in every era (fees do not halve).
    blocks_per_day : float, ndarray or Series, optional
        Blocks per day, which also sets when the halvings come [blocks/day], > 0;
        default 143.93 (:data:`~minelib.protocol.STEADY_BLOCKS_PER_DAY`).

    Returns
    -------
    float, ndarray or Series
        BTC paid over the period [BTC].

    Raises
    ------
    ValueError
        As :func:`expected_solo_btc`, and on a pool fee outside [0, 1).

    References
    ----------
    Luxor Hashrate Index, "Hashprice" (FPPS pays the expected value less the fee);
    seed 001_edb144c9be488f88.txt.

    Examples
    --------
    The 200 TH/s ASIC over 10 years in a 2 % FPPS pool: 0.182 BTC, paid whatever the
    luck, against the solo miner's 0.185 BTC expected.

    >>> round(expected_pooled_btc(200.0, 913.0, 3652.5, 934_000, pool_fee=0.02), 3)
    0.182
    """
    kept = _pool_kept_share(pool_fee)  # the fee checked before any work
    solo = expected_solo_btc(miner_hashrate_ths, network_hashrate_ehs, days, start_height, hashrate_drift_per_year,
                             fees_per_block_btc, blocks_per_day)
    paid = np.asarray(solo) * kept  # FPPS pays the expected reward less the pool's fee
    return like(paid, miner_hashrate_ths, network_hashrate_ehs, days, start_height, pool_fee,
                hashrate_drift_per_year, fees_per_block_btc, blocks_per_day)


def simulate_solo_btc(miner_hashrate_ths, network_hashrate_ehs, days, start_height, n_draws, *,
                      hashrate_drift_per_year=0.0, fees_per_block_btc=0.0, blocks_per_day=STEADY_BLOCKS_PER_DAY,
                      seed=None):
    """Draws of the BTC a solo miner finds over ``days``: the distribution behind the mean.

    Each draw is ``sum_k R_k N_k`` with ``N_k ~ Poisson(mu_k)`` independent (the eras of
    :func:`expected_solo_btc`); the draws' mean tends to :func:`expected_solo_btc` and
    their spread to :func:`solo_btc_sd`. One miner per call (scalar inputs).

    Parameters
    ----------
    miner_hashrate_ths : float
        Miner hashrate [TH/s], >= 0 and <= the network hashrate throughout.
    network_hashrate_ehs : float
        Network hashrate today [EH/s], > 0.
    days : float
        Length of the period [days], >= 0.
    start_height : int
        Block height today [blocks], a whole number >= 0.
    n_draws : int
        Number of draws [-], >= 1.
    hashrate_drift_per_year : float
        Growth of the network hashrate [1/year], continuously compounded, in [-5, 5].
    fees_per_block_btc : float
        Mean fees per block [BTC/block], >= 0.
    blocks_per_day : float
        Blocks per day [blocks/day], > 0; default 143.93.
    seed : int, SeedSequence or Generator, optional
        Seed of :func:`numpy.random.default_rng` [-]; the same seed gives the same draws.

    Returns
    -------
    ndarray
        ``n_draws`` amounts [BTC].

    Raises
    ------
    ValueError
        As :func:`expected_solo_btc`; a non-scalar argument or ``n_draws`` < 1.

    References
    ----------
    Seed 001_edb144c9be488f88.txt ("It does not guarantee a block").

    Examples
    --------
    >>> draws = simulate_solo_btc(200.0, 913.0, 3652.5, 934_000, 100_000, seed=1)
    >>> round(float((draws == 0).mean()), 2)  # exp(-0.1153): no block in 89 % of decades
    0.89
    """
    args = {"miner_hashrate_ths": miner_hashrate_ths, "network_hashrate_ehs": network_hashrate_ehs, "days": days,
            "start_height": start_height, "hashrate_drift_per_year": hashrate_drift_per_year,
            "fees_per_block_btc": fees_per_block_btc, "blocks_per_day": blocks_per_day}
    for name, value in args.items():
        if np.ndim(value):
            raise ValueError(f"{name}={value!r} must be a scalar (one miner per call)")
    n = int(check_array("n_draws", n_draws, lo=1, unit="draws", integer=True))
    rng = np.random.default_rng(seed)
    draws = np.zeros(n)
    for mu, reward in _eras(*args.values()):
        draws += float(reward) * rng.poisson(float(mu), n)
    return draws
