"""Depreciation of mining hardware: schedules, and what a machine's life really mines.

Seed ``000_abd4e67359fd40a7.txt``: "The biggest variable in cost modeling is depreciation.
Most miners depreciate ASICs over 3-5 years - but this is arbitrary ... longer
depreciation periods (e.g., 10+ years) become feasible" (CleanSpark uses 3-5 years, MARA 3).

A longer life spreads the capex over more years, but not over proportionally more BTC:
a machine's production falls at every halving (every 210,000 blocks, about four years)
and as the network's difficulty grows, and stops when the hashprice no longer pays the
machine's cash cost. :func:`btc_mined_over_life` counts the BTC a life actually mines,
so that depreciation per BTC is ``capex / BTC mined over the life``
(:func:`useful_life_sensitivity`), not ``capex / (life x today's BTC per year)``.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from minelib._validate import check_array, check_date, like, vectorized
from minelib.costs import all_in_cost_usd
from minelib.protocol import (
    HALVING_INTERVAL_BLOCKS,
    STEADY_BLOCK_TIME_S,
    block_subsidy_btc,
    difficulty_from_hashrate,
    expected_halving_date,
    next_halving_height,
)
from minelib.revenue import _hashprice_btc_per_ph_day_from_difficulty, mining_revenue_usd_per_ph_day
from minelib.units import DAYS_PER_YEAR, PH_PER_EH, SECONDS_PER_DAY

__all__ = [
    "straight_line_depreciation_usd",
    "straight_line_schedule",
    "declining_balance_schedule",
    "btc_mined_over_life",
    "economic_life_years",
    "useful_life_sensitivity",
]


@vectorized
def straight_line_depreciation_usd(capex_usd, useful_life_years, salvage_usd=0.0):
    """Yearly straight-line depreciation: ``(capex - salvage) / life``.

    Parameters
    ----------
    capex_usd : float, ndarray or Series
        Cost of the equipment [USD], >= 0.
    useful_life_years : float, ndarray or Series
        Useful life [years], > 0.
    salvage_usd : float, ndarray or Series
        Residual value at the end of life [USD], 0 <= salvage <= capex.

    Returns
    -------
    float, ndarray or Series
        Depreciation expense [USD/year].

    Examples
    --------
    >>> straight_line_depreciation_usd(300e6, [3, 5, 10])
    array([1.e+08, 6.e+07, 3.e+07])
    """
    c = check_array("capex_usd", capex_usd, lo=0, unit="USD")
    n = check_array("useful_life_years", useful_life_years, lo=0, lo_inclusive=False, unit="years")
    s = check_array("salvage_usd", salvage_usd, lo=0, unit="USD")
    if np.any(s > c):
        raise ValueError(f"salvage_usd={salvage_usd!r} exceeds capex_usd={capex_usd!r}; expected 0 <= salvage <= capex [USD]")
    return like((c - s) / n, capex_usd, useful_life_years, salvage_usd)


def _schedule_args(capex_usd, useful_life_years, salvage_usd, periods_per_year):
    c = float(check_array("capex_usd", capex_usd, lo=0, unit="USD"))
    n = float(check_array("useful_life_years", useful_life_years, lo=0, lo_inclusive=False, unit="years"))
    s = float(check_array("salvage_usd", salvage_usd, lo=0, hi=c, unit="USD"))
    k = int(check_array("periods_per_year", periods_per_year, lo=1, hi=365, unit="periods/year", integer=True))
    periods = n * k
    if abs(periods - round(periods)) > 1e-9:
        raise ValueError(
            f"useful_life_years={useful_life_years!r} x periods_per_year={periods_per_year!r} "
            "must be a whole number of periods"
        )
    return c, s, k, int(round(periods))


def _table(expense, capex, k):
    expense = np.asarray(expense, dtype=float)
    accumulated = np.cumsum(expense)
    return pd.DataFrame({
        "period": np.arange(1, expense.size + 1),
        "year": np.arange(1, expense.size + 1) / k,
        "depreciation_usd": expense,
        "accumulated_usd": accumulated,
        "book_value_usd": capex - accumulated,
    })


def straight_line_schedule(capex_usd, useful_life_years, salvage_usd=0.0, periods_per_year=1):
    """Straight-line depreciation schedule: equal expense each period down to salvage.

    ``expense per period = (capex - salvage) / (life * periods_per_year)``

    Parameters
    ----------
    capex_usd : float
        Cost [USD], >= 0.
    useful_life_years : float
        Useful life [years], > 0; life x periods_per_year must be whole.
    salvage_usd : float
        Residual value [USD], in [0, capex].
    periods_per_year : int
        Periods per year [periods/year]: 1 for years, 4 for quarters, 12 for months.

    Returns
    -------
    DataFrame
        ``period, year, depreciation_usd, accumulated_usd, book_value_usd``.

    Examples
    --------
    >>> straight_line_schedule(1000.0, 4, salvage_usd=200.0)
       period  year  depreciation_usd  accumulated_usd  book_value_usd
    0       1   1.0             200.0            200.0           800.0
    1       2   2.0             200.0            400.0           600.0
    2       3   3.0             200.0            600.0           400.0
    3       4   4.0             200.0            800.0           200.0
    """
    c, s, k, n = _schedule_args(capex_usd, useful_life_years, salvage_usd, periods_per_year)
    return _table(np.full(n, (c - s) / n), c, k)


def declining_balance_schedule(capex_usd, useful_life_years, factor=2.0, salvage_usd=0.0, periods_per_year=1):
    """Declining-balance schedule, switching to straight line when that is larger.

    Each period charges ``book * factor / (life * periods_per_year)``, never below the
    straight-line charge on the remaining depreciable amount, and never below salvage;
    ``factor = 2`` is double-declining balance. Fully depreciated at end of life.

    Parameters
    ----------
    capex_usd : float
        Cost [USD], >= 0.
    useful_life_years : float
        Useful life [years], > 0.
    factor : float
        Multiple of the straight-line rate [dimensionless], >= 1.
    salvage_usd : float
        Residual value [USD], in [0, capex].
    periods_per_year : int
        Periods per year [periods/year], >= 1.

    Returns
    -------
    DataFrame
        ``period, year, depreciation_usd, accumulated_usd, book_value_usd``.

    Examples
    --------
    >>> declining_balance_schedule(1000.0, 5)["depreciation_usd"].round(2).tolist()
    [400.0, 240.0, 144.0, 108.0, 108.0]
    """
    c, s, k, n = _schedule_args(capex_usd, useful_life_years, salvage_usd, periods_per_year)
    f = float(check_array("factor", factor, lo=1, unit="dimensionless"))
    rate = f / n
    book = c
    expense = []
    for i in range(n):
        remaining = n - i
        charge = max(book * rate, (book - s) / remaining)
        charge = max(min(charge, book - s), 0.0)  # never below salvage, never negative
        expense.append(charge)
        book -= charge
    return _table(expense, c, k)


#: Longest useful life :func:`btc_mined_over_life` models [years]: a dozen halvings.
MAX_LIFE_YEARS = 50.0


def _days_to_halvings(start_height, start_date, network_hashrate_ehs, annual_hashrate_growth, horizon_days):
    """Days from ``start_date`` to each halving before ``horizon_days``, per element.

    Returns a list of (subsidy after the halving [BTC], days [array, inf where never]).
    Each date is :func:`minelib.protocol.expected_halving_date`; the pairs of network
    hashrate and growth are solved once each (:func:`_days_to_halving`).
    """
    pairs = np.stack([network_hashrate_ehs.ravel(), annual_hashrate_growth.ravel()], axis=1)
    unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
    out = []
    height = int(next_halving_height(start_height))
    while True:
        days = np.array([_days_to_halving(start_height, start_date, float(n), float(g), height) for n, g in unique])
        days = days[inverse.ravel()].reshape(network_hashrate_ehs.shape)
        if np.all(days >= horizon_days):
            return out
        subsidy = float(block_subsidy_btc(height))
        out.append((subsidy, days))
        if subsidy == 0.0:
            return out
        height += HALVING_INTERVAL_BLOCKS


@functools.lru_cache(maxsize=4096)
def _days_to_halving(start_height, start_date, network_hashrate_ehs, annual_hashrate_growth, halving_height):
    """Days from ``start_date`` to block ``halving_height`` [days], inf if the network never gets there.

    :func:`minelib.protocol.expected_halving_date` walks every retarget up to the halving,
    and the same scenario comes back call after call (a notebook values one network over
    several lives, costs and prices), so the walk is memoized on its scalar arguments: a
    repeated call returns the number the first one computed.
    """
    t0 = start_date if start_date.tzinfo is not None else start_date.tz_localize("UTC")
    try:
        when = expected_halving_date(start_height, start_date, network_hashrate_ehs, annual_hashrate_growth,
                                     halving_height=halving_height)
    except ValueError:  # a network shrinking so fast that the halving never comes
        return np.inf
    return (when - t0) / pd.Timedelta(days=1)


def _life_production(miner_hashrate_ehs, network_hashrate_ehs, useful_life_years, start_height, start_date,
                     annual_hashrate_growth, fees_per_block_btc, pool_fee, uptime, btc_price_usd, annual_price_growth,
                     cash_cost_usd_per_ph_day):
    """(BTC mined over the life [BTC], days run before the end or the shutdown [days]) as arrays."""
    m = check_array("miner_hashrate_ehs", miner_hashrate_ehs, lo=0, unit="EH/s")
    n = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    life = check_array("useful_life_years", useful_life_years, lo=0, hi=MAX_LIFE_YEARS, lo_inclusive=False,
                       unit="years")
    h = check_array("start_height", start_height, lo=0, unit="blocks", integer=True)
    if h.ndim:
        raise ValueError(f"start_height={start_height!r} must be a scalar: one start for every scenario [blocks]")
    h = int(h)
    t0 = check_date("start_date", start_date)
    g = check_array("annual_hashrate_growth", annual_hashrate_growth, lo=-1, lo_inclusive=False,
                    unit="fraction per year")
    f = check_array("fees_per_block_btc", fees_per_block_btc, lo=0, unit="BTC/block")
    pf = check_array("pool_fee", pool_fee, lo=0, hi=1, hi_inclusive=False, unit="fraction")
    u = check_array("uptime", uptime, lo=0, hi=1, unit="fraction")
    gp = check_array("annual_price_growth", annual_price_growth, lo=-1, lo_inclusive=False, unit="fraction per year")
    c = check_array("cash_cost_usd_per_ph_day", cash_cost_usd_per_ph_day, lo=0, unit="USD/PH/day")
    if btc_price_usd is None:
        if np.any(c > 0):
            raise ValueError("cash_cost_usd_per_ph_day > 0 needs btc_price_usd [USD/BTC] to find the shutdown")
        price = np.asarray(0.0)
    else:
        price = check_array("btc_price_usd", btc_price_usd, lo=0, unit="USD/BTC")
    if np.any(m > n):
        raise ValueError(f"miner_hashrate_ehs={miner_hashrate_ehs!r} exceeds network_hashrate_ehs="
                         f"{network_hashrate_ehs!r}; a miner is part of the network [EH/s]")
    m, n, life, g, f, pf, u, gp, c, price = np.broadcast_arrays(m, n, life, g, f, pf, u, gp, c, price)
    horizon = life * DAYS_PER_YEAR  # [days]
    k = np.log1p(g) / DAYS_PER_YEAR  # difficulty growth [1/day]
    q = np.log1p(gp) / DAYS_PER_YEAR - k  # growth of the USD revenue per PH/s [1/day]

    # segments of constant subsidy: [0, first halving), [first, second), ..., up to the horizon
    halvings = _days_to_halvings(h, t0, n, g, float(horizon.max()))
    subsidies = [float(block_subsidy_btc(h))] + [s for s, _ in halvings]
    edges = [np.zeros(n.shape)] + [np.minimum(days, horizon) for _, days in halvings] + [horizon]

    # revenue per installed PH/s at t = 0 for each subsidy, at the difficulty the network sets
    # (derived from the checked network: a relaxed what-if network may imply a difficulty
    # past that quantity's plausible range, so the hashprice's core runs without the checks)
    difficulty = difficulty_from_hashrate(n, STEADY_BLOCK_TIME_S)
    rev0_btc = [np.asarray(mining_revenue_usd_per_ph_day(
        _hashprice_btc_per_ph_day_from_difficulty(difficulty, s, f), pf, u)) for s in subsidies]  # [BTC/PH/day]

    # economic shutdown: the first time the USD revenue per PH/s falls below the cash cost
    stop = horizon.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        for j, r0 in enumerate(rev0_btc):
            a, b = edges[j], edges[j + 1]
            usd0 = price * r0  # revenue at t = 0 at this subsidy [USD/PH/day]; at t: usd0 * exp(q t)
            below_at_a = usd0 * np.exp(q * a) < c
            cross = np.log(c / usd0) / q  # where usd0 exp(q t) = c, if q < 0
            falls_inside = (q < 0) & (cross < b)
            t_stop = np.where(below_at_a, a, np.where(falls_inside, np.maximum(cross, a), np.inf))
            stop = np.where(a < b, np.minimum(stop, t_stop), stop)

    # production: m [PH/s] x revenue [BTC/PH/day] x integral of exp(-k t) over each run segment
    btc = np.zeros(n.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        for j, r0 in enumerate(rev0_btc):
            a, b = np.minimum(edges[j], stop), np.minimum(edges[j + 1], stop)
            grown = (np.exp(-k * a) - np.exp(-k * b)) / k
            btc += m * PH_PER_EH * r0 * np.where(k == 0, b - a, grown)
    return btc, stop


_LIFE_DOC = """miner_hashrate_ehs : float, ndarray or Series
        The machines' nameplate hashrate [EH/s], >= 0 (one 200 TH/s machine: 2e-4).
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate at ``start_date`` [EH/s], > 0; the difficulty follows it.
    useful_life_years : float, ndarray or Series
        The life to count over [years], in (0, 50].
    start_height : int
        Block height at ``start_date`` [blocks]; places the halvings.
    start_date : str, datetime or Timestamp
        When the life starts [date].
    annual_hashrate_growth : float, ndarray or Series
        Network (difficulty) growth [fraction per year], > -1 (0.3 = +30 %/year).
    fees_per_block_btc : float, ndarray or Series
        Mean fees per block [BTC/block], >= 0; they do not halve.
    pool_fee : float, ndarray or Series
        FPPS pool fee [fraction], in [0, 1).
    uptime : float, ndarray or Series
        Share of the time the machines hash [fraction], in [0, 1].
    btc_price_usd : float, ndarray or Series, optional
        BTC price at ``start_date`` [USD/BTC], >= 0; needed with a cash cost.
    annual_price_growth : float, ndarray or Series
        Growth of the BTC price [fraction per year], > -1.
    cash_cost_usd_per_ph_day : float, ndarray or Series
        The machines' cash cost per PH/s of installed hashrate per day [USD/PH/day],
        >= 0 (:func:`minelib.costs.power_cost_usd_per_ph_day` plus other cash costs that
        switching off saves); 0 = never shut down."""

_LIFE_MODEL = """The network hashrate grows as ``N(t) = N0 (1 + g)^(t / 365.25 d)`` and the difficulty
    tracks it at the protocol's steady block interval (600 x 2016 / 2015 s,
    :data:`minelib.protocol.STEADY_BLOCK_TIME_S`), so 1 PH/s earns the difficulty-form
    hashprice (Luxor) ``h_j e^(-k t)``, ``k = ln(1 + g) / 365.25``, where ``h_j`` is the
    hashprice at ``N0`` with the subsidy of segment ``j``. The subsidy changes at the
    halving heights (210,000 blocks apart), whose dates are
    :func:`minelib.protocol.expected_halving_date` under the same growth. The machines
    collect ``m x h_j e^(-kt) x (1 - pool fee) x uptime``
    (:func:`minelib.revenue.mining_revenue_usd_per_ph_day`) until the life ends or, if
    earlier, until the revenue in USD, ``price (1 + g_p)^t`` times that per PH/s, first
    falls below their cash cost per PH/s per day (the economic shutdown, taken as final:
    the machines are retired). Over a segment ``[a, b]`` of constant subsidy the BTC are
    ``m h_j (1 - fee) uptime (e^(-ka) - e^(-kb)) / k`` (``m h_j ... (b - a)`` when
    ``k = 0``). The difficulty's two-week lag behind the hashrate is left out (at
    +30 %/year it moves a year's production by about 0.5 %)."""


def _life_kinds(func):
    """Docstring template filled, and the @vectorized check."""
    func.__doc__ = func.__doc__.replace("{life}", _LIFE_DOC).replace("{model}", _LIFE_MODEL)
    return vectorized(func)


@_life_kinds
def btc_mined_over_life(miner_hashrate_ehs, network_hashrate_ehs, useful_life_years, *, start_height, start_date,
                        annual_hashrate_growth=0.0, fees_per_block_btc=0.0, pool_fee=0.0, uptime=1.0,
                        btc_price_usd=None, annual_price_growth=0.0, cash_cost_usd_per_ph_day=0.0):
    """BTC that machines mine over a useful life that spans halvings and network growth.

    {model}

    Parameters
    ----------
    {life}

    Returns
    -------
    float, ndarray or Series
        BTC mined over the life, or until the economic shutdown if that comes first [BTC].

    Raises
    ------
    ValueError
        On an argument out of range (the message names it), a miner larger than the
        network, or a cash cost without a price.

    References
    ----------
    000_abd4e67359fd40a7.txt ("Most miners depreciate ASICs over 3-5 years - but this is
    arbitrary"); Bitcoin Core ``src/validation.cpp`` (``GetBlockSubsidy``: halving every
    210,000 blocks); Luxor Hashrate Index, "Hashprice" (difficulty form).

    Examples
    --------
    1 EH/s on a constant 600 EH/s network, with no halving in a year: 365.25 days x
    3.125 BTC x 86,400 / 600.2977 blocks a day / 600. At +30 %/year network growth, 3, 5
    and 10-year lives (the next halving comes in 2028) mine far less than 3, 5 and 10
    times one year:

    >>> round(btc_mined_over_life(1.0, 600.0, 1.0, start_height=840_000, start_date="2024-04-20"), 1)
    273.8
    >>> [round(x) for x in btc_mined_over_life(1.0, 600.0, [3.0, 5.0, 10.0], start_height=840_000,
    ...                                        start_date="2024-04-20", annual_hashrate_growth=0.3)]
    [569, 718, 807]
    """
    btc, _ = _life_production(miner_hashrate_ehs, network_hashrate_ehs, useful_life_years, start_height, start_date,
                              annual_hashrate_growth, fees_per_block_btc, pool_fee, uptime, btc_price_usd,
                              annual_price_growth, cash_cost_usd_per_ph_day)
    return like(btc, miner_hashrate_ehs, network_hashrate_ehs, useful_life_years, annual_hashrate_growth,
                fees_per_block_btc, pool_fee, uptime, btc_price_usd, annual_price_growth, cash_cost_usd_per_ph_day)


@_life_kinds
def economic_life_years(miner_hashrate_ehs, network_hashrate_ehs, useful_life_years, *, start_height, start_date,
                        annual_hashrate_growth=0.0, fees_per_block_btc=0.0, pool_fee=0.0, uptime=1.0,
                        btc_price_usd=None, annual_price_growth=0.0, cash_cost_usd_per_ph_day=0.0):
    """How long machines run: their useful life, or less if they stop paying their cash cost.

    The same model as :func:`btc_mined_over_life`:

    {model}

    Parameters
    ----------
    {life}

    Returns
    -------
    float, ndarray or Series
        Years from ``start_date`` to the end of the life or the economic shutdown,
        whichever comes first [years].

    Raises
    ------
    ValueError
        As :func:`btc_mined_over_life`.

    References
    ----------
    001_edb144c9be488f88.txt ("older hardware tends to leave first. It needs more
    electricity to produce the same hashrate").

    Examples
    --------
    A fleet whose cash cost is $30 per PH/s per day, at $60,000 and +30 %/year network
    growth from 600 EH/s, pays its way until the hashprice, $44.98 at the start, falls
    below $30: ln(44.98 / 30) / ln(1.3) = 1.54 years.

    >>> round(economic_life_years(1.0, 600.0, 10.0, start_height=840_000, start_date="2024-04-20",
    ...                           annual_hashrate_growth=0.3, btc_price_usd=60_000,
    ...                           cash_cost_usd_per_ph_day=30.0), 2)
    1.54
    """
    _, days = _life_production(miner_hashrate_ehs, network_hashrate_ehs, useful_life_years, start_height, start_date,
                               annual_hashrate_growth, fees_per_block_btc, pool_fee, uptime, btc_price_usd,
                               annual_price_growth, cash_cost_usd_per_ph_day)
    return like(days / DAYS_PER_YEAR, miner_hashrate_ehs, network_hashrate_ehs, useful_life_years,
                annual_hashrate_growth, fees_per_block_btc, pool_fee, uptime, btc_price_usd, annual_price_growth,
                cash_cost_usd_per_ph_day)


def useful_life_sensitivity(cash_cost_usd_per_btc, capex_usd, btc_price_usd, useful_life_years, btc_mined_over_life):
    """All-in cost per BTC and margin as the depreciation life changes.

    ``depreciation/BTC = capex / BTC mined over the life``; ``all-in = cash/BTC +
    depreciation/BTC`` (:func:`minelib.costs.all_in_cost_usd`, CoinShares' all-in cost
    without stock-based compensation); ``margin = (price - all-in) / price``.

    The BTC a life mines is the caller's: :func:`btc_mined_over_life` counts it across
    halvings and network growth. ``BTC per year x life`` holds today's production
    constant over the life - the convention that makes a 10-year life look far cheaper
    than it is (two halvings in ten years halve production twice).

    Parameters
    ----------
    cash_cost_usd_per_btc : float or array-like
        Cash cost over the life [USD/BTC], >= 0; one value, or one per life.
    capex_usd : float
        Depreciable equipment cost [USD], >= 0.
    btc_price_usd : float
        Price [USD/BTC], > 0.
    useful_life_years : array-like
        Lives to compare [years], > 0. Seed 000: 3 (MARA), 3-5 (CleanSpark), 10+.
    btc_mined_over_life : array-like
        BTC mined over each life [BTC], > 0; one per life.

    Returns
    -------
    DataFrame
        ``useful_life_years, btc_mined_over_life, depreciation_usd_per_btc,
        all_in_cost_usd_per_btc, margin``.

    Raises
    ------
    ValueError
        On an argument out of range, or lives and BTC of different lengths.

    References
    ----------
    000_abd4e67359fd40a7.txt ("The biggest variable in cost modeling is depreciation");
    CoinShares' all-in cost (cash cost plus depreciation and stock-based compensation).

    Examples
    --------
    Production held constant at 10,000 BTC a year (the old convention):

    >>> lives = np.array([3.0, 5.0, 10.0])
    >>> t = useful_life_sensitivity(30_000, 600e6, 60_000, lives, 10_000 * lives)
    >>> t[["useful_life_years", "depreciation_usd_per_btc", "all_in_cost_usd_per_btc", "margin"]].round(3)
       useful_life_years  depreciation_usd_per_btc  all_in_cost_usd_per_btc  margin
    0                3.0                   20000.0                  50000.0   0.167
    1                5.0                   12000.0                  42000.0   0.300
    2               10.0                    6000.0                  36000.0   0.400
    """
    capex = float(check_array("capex_usd", capex_usd, lo=0, unit="USD"))
    price = float(check_array("btc_price_usd", btc_price_usd, lo=0, lo_inclusive=False, unit="USD/BTC"))
    lives = np.atleast_1d(check_array("useful_life_years", useful_life_years, lo=0, lo_inclusive=False, unit="years"))
    btc = np.atleast_1d(check_array("btc_mined_over_life", btc_mined_over_life, lo=0, lo_inclusive=False, unit="BTC"))
    cash = np.atleast_1d(check_array("cash_cost_usd_per_btc", cash_cost_usd_per_btc, lo=0, unit="USD/BTC"))
    if btc.shape != lives.shape or cash.size not in (1, lives.size):
        raise ValueError(f"btc_mined_over_life has {btc.size} values and cash_cost_usd_per_btc {cash.size} for "
                         f"{lives.size} useful_life_years; expected one per life (or one cash cost)")
    all_in = np.asarray(all_in_cost_usd(cash * btc, depreciation_usd=capex)) / btc
    return pd.DataFrame({
        "useful_life_years": lives,
        "btc_mined_over_life": btc,
        "depreciation_usd_per_btc": capex / btc,
        "all_in_cost_usd_per_btc": all_in,
        "margin": (price - all_in) / price,
    })
