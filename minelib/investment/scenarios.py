"""Deterministic scenarios on the Monte Carlo's month grid: one network path, one price path."""

from __future__ import annotations

import numpy as np

from minelib._validate import check_array
from minelib.units import DAYS_PER_YEAR

__all__ = ["network_scenario", "price_scenario_usd"]


def network_scenario(
    start,
    n_months,
    start_height,
    difficulty,
    annual_hashrate_growth=0.0,
    network_hashrate_ehs=None,
    fees_per_block_btc=0.0,
    halving_drop=0.0,
    recovery_months=6.0,
):
    """One deterministic network path: hashrate growth, retargets and halvings as the protocol does.

    The epoch walk of :func:`minelib.montecarlo.simulate_network` with no randomness: trend
    hashrate ``H(t) = H_0 (1 + g)^{t}`` (``t`` in years; constant within an epoch, grown at
    each retarget by the epoch's duration), difficulty retargeted every 2,016 blocks with the
    x4 / ÷4 clamp as :func:`~minelib.montecarlo.simulate_network` does, subsidy by block
    height, so the halving falls on the date this path reaches block 1,050,000. Holding the
    hashrate constant within an epoch is the walk's approximation of continuous growth; it
    puts the halving within a few days of :func:`minelib.protocol.expected_halving_date`,
    which integrates the growth within each epoch (a test checks it). Optionally hashrate drops by
    ``halving_drop`` at each halving and recovers linearly over ``recovery_months``.

    Parameters
    ----------
    start : str or Timestamp
        Time 0 [date].
    n_months : int
        Calendar months to simulate [months], >= 1.
    start_height : int
        Block height at ``start`` [blocks], >= 0.
    difficulty : float
        Difficulty in force at ``start`` [dimensionless], >= 1.
    annual_hashrate_growth : float
        Trend hashrate growth per year [fraction], > -1 (0.2 = +20 %/year).
    network_hashrate_ehs : float, optional
        Network hashrate at ``start`` [EH/s]; default the steady-state hashrate of
        ``difficulty``, ``D 2^32 / 600.2977 s`` (blocks then come at the protocol's steady
        rate until the trend moves).
    fees_per_block_btc : float
        Mean transaction fees per block [BTC/block], >= 0.
    halving_drop : float
        Hashrate drop at each halving [fraction], in [0, 1) (seed 000: 10-30 %).
    recovery_months : float
        Months for the dip to recover to the trend [months], >= 0.

    Returns
    -------
    minelib.montecarlo.NetworkPaths
        A single path (arrays of shape ``(n_months, 1)``).

    Raises
    ------
    ValueError
        On an invalid argument; the message names it.

    References
    ----------
    Bitcoin Core ``CalculateNextWorkRequired`` (``src/pow.cpp``), ``GetBlockSubsidy``
    (``src/validation.cpp``); seed 000_abd4e67359fd40a7.txt (post-halving dips).

    Examples
    --------
    Four years from early February 2026 at +20 %/year: block 1,050,000 falls inside.

    >>> net = network_scenario("2026-02-07", 48, 934_752, 125.86e12, annual_hashrate_growth=0.2)
    >>> net.btc_per_ehs_month.shape, net.halving_heights.tolist()
    ((48, 1), [1050000])
    """
    g = check_array("annual_hashrate_growth", annual_hashrate_growth, lo=-1, lo_inclusive=False, unit="fraction per year")
    d0 = check_array("difficulty", difficulty, lo=1, unit="dimensionless")
    drop = check_array("halving_drop", halving_drop, lo=0, hi=1, hi_inclusive=False, unit="fraction")
    from minelib.montecarlo import simulate_network  # machinery: imported on first use

    return simulate_network(
        1, start=start, n_months=n_months, start_height=start_height, network_hashrate_ehs=network_hashrate_ehs,
        hashrate_drift_per_year=float(np.log1p(g)), hashrate_volatility_per_year=0.0,
        halving_drop=(float(drop), float(drop)), recovery_months=recovery_months, difficulty=float(d0),
        fees_per_block_btc=fees_per_block_btc, keep_epochs=False, seed=0,
    )


def price_scenario_usd(btc_price_usd, annual_price_growth, network):
    """A deterministic BTC price path on a network's month grid: ``S_0 (1 + g)^{t}``.

    Parameters
    ----------
    btc_price_usd : float
        Price at time 0 [USD/BTC], > 0.
    annual_price_growth : float
        Growth per year [fraction], > -1 (0 = flat).
    network : minelib.montecarlo.NetworkPaths
        Supplies the month ends ``t_k`` [days since start].

    Returns
    -------
    ndarray, shape (n_months + 1,)
        Price at time 0 and at each month's end [USD/BTC].

    Examples
    --------
    >>> net = network_scenario("2026-01-01", 12, 935_000, 125.86e12)
    >>> p = price_scenario_usd(70_000.0, 0.10, net)
    >>> round(float(p[-1]), 2)  # 365 days later: 70,000 x 1.1^(365 / 365.25)
    76994.98
    """
    s0 = check_array("btc_price_usd", btc_price_usd, lo=0, lo_inclusive=False, unit="USD/BTC")
    g = check_array("annual_price_growth", annual_price_growth, lo=-1, lo_inclusive=False, unit="fraction per year")
    if s0.ndim or g.ndim:
        raise ValueError("price_scenario_usd takes a scalar btc_price_usd and annual_price_growth")
    return float(s0) * (1.0 + float(g)) ** (np.asarray(network.month_edges_days, dtype=float) / DAYS_PER_YEAR)
