"""Summaries of the Monte Carlo paths: fan charts, probabilities and breakeven percentiles."""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import check_array, check_choice, like
from minelib.costs import power_cost_usd_per_ph_day
from minelib.revenue import mining_revenue_usd_per_ph_day
from minelib.montecarlo._common import checked, count, scalar
from minelib.montecarlo.miner import MinerPaths, _per_btc

__all__ = [
    "fan_chart_data",
    "quarter_production_paths_btc",
    "prob_production_at_least",
    "prob_treasury_depletion",
    "depletion_curve",
    "breakeven_price_percentiles",
    "breakeven_bridge",
    "prob_negative_cash_margin",
]

def fan_chart_data(paths, index=None, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95), name="value"):
    """Quantiles across paths at each time step, as a tidy (long) DataFrame.

    ``q``-quantile of the values at step ``k`` over the paths (``numpy.quantile``, linear
    interpolation), for each ``q`` in ``quantiles``.

    Parameters
    ----------
    paths : array-like, shape (n_steps, n_paths)
        Values per step and path, e.g. ``MinerPaths.production_btc`` [unit of the values].
    index : array-like, optional
        Labels of the steps, e.g. ``MinerPaths.months`` [-]; default ``0..n_steps-1``.
    quantiles : sequence of float
        Quantiles [fraction], each in [0, 1].
    name : str
        Name of the value column [-].

    Returns
    -------
    pandas.DataFrame
        Columns ``step`` (the index labels), ``quantile`` [fraction] and ``name`` [unit of the
        values]; one row per step and quantile. Use
        ``.pivot(index="step", columns="quantile", values=name)`` for a wide table.

    Raises
    ------
    ValueError
        If ``paths`` is not a non-empty 2-D array, a quantile is outside [0, 1] (with a hint
        where they read as percents) or ``index`` has the wrong length.

    Examples
    --------
    >>> fan_chart_data(np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]]), quantiles=(0.5,))
       step  quantile  value
    0     0       0.5    2.0
    1     1       0.5    4.0
    """
    a = check_array("paths", paths)
    if a.ndim != 2 or a.size == 0:
        raise ValueError(f"paths must be a non-empty (n_steps, n_paths) array; got shape {a.shape}")
    q = checked("quantiles", quantiles, lo=0, hi=1, unit="fraction")
    q = np.atleast_1d(q)
    if index is None:
        index = np.arange(a.shape[0])
    elif len(index) != a.shape[0]:
        raise ValueError(f"index has {len(index)} labels; paths has {a.shape[0]} steps")
    vals = np.quantile(a, q, axis=1)  # (nq, n_steps)
    steps = np.tile(np.asarray(index), len(q)) if not isinstance(index, pd.Index) else index.repeat(1).tolist() * len(q)
    df = pd.DataFrame({"step": steps, "quantile": np.repeat(q, a.shape[0]), name: vals.ravel()})
    return df.sort_values(["step", "quantile"], kind="stable").reset_index(drop=True)


def _check_result(result):
    if not isinstance(result, MinerPaths):
        raise ValueError(f"result={type(result).__name__} must be the MinerPaths of run_monte_carlo or "
                         "simulate_miner_paths")


def _quarter_mask(months, quarter):
    try:
        qp = pd.Period(quarter, freq="Q")
    except (TypeError, ValueError):
        raise ValueError(f"quarter={quarter!r} is not a quarter such as '2024Q1'") from None
    mask = np.asarray(months.asfreq("Q") == qp)
    if mask.sum() != 3:
        raise ValueError(f"quarter={quarter!r} is not fully inside the simulated months "
                         f"{months[0]}..{months[-1]}")
    return mask


def quarter_production_paths_btc(result, quarter):
    """Production per path in a calendar quarter: the sum of its three months.

    Parameters
    ----------
    result : MinerPaths
        The paths of :func:`run_monte_carlo` or :func:`simulate_miner_paths` [-].
    quarter : str or pandas.Period
        A calendar quarter such as ``"2024Q1"``, inside the simulated months [quarter].

    Returns
    -------
    ndarray, shape (n_paths,)
        BTC mined in the quarter on each path [BTC].

    Raises
    ------
    ValueError
        If ``result`` is not a ``MinerPaths`` or the quarter is not fully simulated.

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(10, seed=0, n_months=12, miner_hashrate_ehs=16.4)
    >>> quarter_production_paths_btc(res, "2024Q1").shape
    (10,)
    """
    _check_result(result)
    return result.production_btc[_quarter_mask(result.months, quarter)].sum(axis=0)


def prob_production_at_least(result, base_quarter="2024Q1", target_quarter="2024Q4", ratio=1.0):
    """Share of paths on which a quarter's production is at least ``ratio`` x another's.

    ``P(BTC_target >= ratio * BTC_base)`` over the paths; seed 000's question is
    ``P(Q4 >= Q1)`` with the halving in between.

    Parameters
    ----------
    result : MinerPaths
        The paths of :func:`run_monte_carlo` or :func:`simulate_miner_paths` [-].
    base_quarter : str
        The quarter compared against, such as ``"2024Q1"`` [quarter].
    target_quarter : str
        The quarter compared, such as ``"2024Q4"`` [quarter]; both inside the simulated
        months.
    ratio : float
        Required ratio of target to base production [-], > 0.

    Returns
    -------
    float
        Probability [fraction].

    Raises
    ------
    ValueError
        If a quarter is not fully simulated or ``ratio`` is not positive.

    References
    ----------
    Seed 000_abd4e67359fd40a7.txt (will Q4 2024 production match Q1's across the halving?).

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(200, seed=1, n_months=12, miner_hashrate_ehs=np.linspace(16.4, 32.0, 12))
    >>> 0.0 <= prob_production_at_least(res) <= 1.0
    True
    """
    r = scalar("ratio", ratio, lo=0, lo_inclusive=False, unit="-")
    base = quarter_production_paths_btc(result, base_quarter)
    target = quarter_production_paths_btc(result, target_quarter)
    return float(np.mean(target >= r * base))


def depletion_curve(result):
    """Share of paths whose treasury has run dry by each month (cumulative).

    A path is *depleted* from the first month in which its policy leaves costs unpaid by
    cash, sales and treasury (``external_funding_usd > 0``: under ``sell_to_cover`` the
    treasury is empty).

    Parameters
    ----------
    result : MinerPaths
        The paths of :func:`run_monte_carlo` or :func:`simulate_miner_paths` [-].

    Returns
    -------
    pandas.Series
        Probability [fraction], indexed by month, named ``p_depleted``.

    Raises
    ------
    ValueError
        If ``result`` is not a ``MinerPaths``.

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(20, seed=0, n_months=6, miner_hashrate_ehs=16.4,
    ...                       other_cash_costs_usd_per_month=1e9)
    >>> float(depletion_curve(res).iloc[-1])
    1.0
    """
    _check_result(result)
    dry = np.logical_or.accumulate(result.treasury["external_funding_usd"] > 0, axis=0)
    return pd.Series(dry.mean(axis=1), index=result.months, name="p_depleted")


def prob_treasury_depletion(result, within_months):
    """Probability that the treasury runs dry within the first ``within_months`` months.

    The value of :func:`depletion_curve` at month ``within_months``.

    Parameters
    ----------
    result : MinerPaths
        The paths of :func:`run_monte_carlo` or :func:`simulate_miner_paths` [-].
    within_months : int
        Months from the start [months], 1 <= N <= n_months.

    Returns
    -------
    float
        Probability [fraction].

    Raises
    ------
    ValueError
        If ``within_months`` is not a whole number in [1, n_months].

    Examples
    --------
    $1B a month of other costs empties any treasury in the first month:

    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(20, seed=0, n_months=6, miner_hashrate_ehs=16.4,
    ...                       other_cash_costs_usd_per_month=1e9)
    >>> prob_treasury_depletion(res, 1)
    1.0
    """
    _check_result(result)
    n = count("within_months", within_months, unit="months")
    if n > len(result.months):
        raise ValueError(f"within_months={within_months!r} exceeds the {len(result.months)} simulated months")
    return float(depletion_curve(result).iloc[n - 1])


def _month_mask(result, months):
    """Boolean mask of the months of ``result`` that ``months`` selects (None: all)."""
    if months is None:
        return np.ones(len(result.months), dtype=bool)
    if isinstance(months, str) and "Q" in months.upper():
        return _quarter_mask(result.months, months)
    sel = pd.Series(np.arange(len(result.months)), index=result.months)
    try:
        idx = np.atleast_1d(sel.loc[months])
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"months={months!r} does not select simulated months") from None
    mask = np.zeros(len(result.months), dtype=bool)
    mask[idx] = True
    return mask


def breakeven_price_percentiles(result, coverage=(0.5, 0.9, 0.95), months=None, cost="all_in"):
    """BTC price that covers the cost per BTC on a given share of paths.

    Per path, cost per BTC over the period = total cost / total production; the price that
    covers it on ``c`` of the paths is the ``c``-quantile across paths. Production does not
    depend on the price in this model, so this is exact for the simulated paths.

    Parameters
    ----------
    result : MinerPaths
        The paths of :func:`run_monte_carlo` or :func:`simulate_miner_paths` [-].
    coverage : sequence of float
        Shares of paths to cover [fraction], each in [0, 1].
    months : slice, str or sequence, optional
        Months to include [month labels of ``result.months``], e.g. ``"2024Q4"`` or a
        slice of periods; default all.
    cost : {"all_in", "cash"}
        All-in (fiat + depreciation) or cash (fiat) cost, as CoinShares defines them [-].

    Returns
    -------
    pandas.Series
        Breakeven price [USD/BTC], indexed by coverage.

    Raises
    ------
    ValueError
        On an invalid argument; the message names it.

    References
    ----------
    Seed 001_edb144c9be488f88.txt (the all-in cost of producing one bitcoin); cash and
    all-in as CoinShares defines them (all-in adds depreciation to the cash cost).

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(100, seed=0, n_months=12, miner_hashrate_ehs=16.4,
    ...                       other_cash_costs_usd_per_month=5e6)
    >>> s = breakeven_price_percentiles(res, (0.5, 0.9))
    >>> bool(s.loc[0.9] >= s.loc[0.5])
    True
    """
    _check_result(result)
    check_choice("cost", cost, ("all_in", "cash"))
    c = np.atleast_1d(checked("coverage", coverage, lo=0, hi=1, unit="fraction"))
    total_cost = result.fiat_costs_usd + (result.depreciation_usd if cost == "all_in" else 0.0)
    mask = _month_mask(result, months)
    per_path = _per_btc(total_cost[mask].sum(axis=0), result.production_btc[mask].sum(axis=0))
    return pd.Series(np.quantile(per_path, c), index=pd.Index(c, name="coverage"), name="breakeven_price_usd")


def breakeven_bridge(steps, months, coverage=0.5, cost="all_in"):
    """Walk a breakeven price from one set of assumptions to another, one change at a time.

    Each step is a model run that differs from the previous one in one assumption (or a
    figure computed elsewhere, such as a deterministic notebook's); the table gives each
    step's breakeven price (:func:`breakeven_price_percentiles` at ``coverage``) and how much
    that one change moved it::

        change_k = P_k - P_{k-1},   share_k = P_k / P_{k-1} - 1

    The changes add up to the total move from the first step to the last; the size of
    each depends on the order of the steps (the changes interact), so state the order.

    Parameters
    ----------
    steps : sequence of (str, MinerPaths or float)
        ``(label, result)`` in order: a :class:`~minelib.montecarlo.MinerPaths` or a
        breakeven price computed elsewhere [USD/BTC], > 0.
    months : str or slice
        Months of each result to include [month labels], e.g. ``"2024Q4"``.
    coverage : float
        Share of paths the price covers [fraction], in [0, 1]; 0.5: the median.
    cost : {"all_in", "cash"}
        All-in or cash cost, as CoinShares defines them [-].

    Returns
    -------
    pandas.DataFrame
        One row per step, indexed by label: ``breakeven_usd`` [USD/BTC], ``change_usd``
        [USD/BTC] and ``change`` [fraction] against the previous step (NaN for the first).

    Raises
    ------
    ValueError
        If ``steps`` is empty, a label repeats, or a step is neither a ``MinerPaths`` nor a
        positive price.

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> kw = dict(n_months=12, miner_hashrate_ehs=16.4, other_cash_costs_usd_per_month=20e6)
    >>> t = breakeven_bridge([("flat network", run_monte_carlo(1, seed=0, network_kwargs=dict(
    ...     hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.0), **kw)),
    ...                       ("+40 %/year", run_monte_carlo(1, seed=0, network_kwargs=dict(
    ...     hashrate_drift_per_year=0.4, hashrate_volatility_per_year=0.0), **kw))], "2024Q4")
    >>> bool(t["change"].iloc[1] > 0)  # a growing network: fewer BTC for the same cost
    True
    """
    steps = list(steps)
    if not steps:
        raise ValueError("steps is empty; expected (label, result) pairs")
    labels = [label for label, _ in steps]
    if len(set(labels)) != len(labels):
        raise ValueError(f"steps has repeated labels: {labels}")
    c = scalar("coverage", coverage, lo=0, hi=1, unit="fraction")
    values = []
    for label, result in steps:
        if isinstance(result, MinerPaths):
            values.append(float(breakeven_price_percentiles(result, (c,), months=months, cost=cost).iloc[0]))
        else:
            values.append(scalar(f"steps[{label!r}]", result, lo=0, lo_inclusive=False, unit="USD/BTC"))
    p = pd.Series(values, index=pd.Index(labels, name="step"), dtype=float)
    return pd.DataFrame({"breakeven_usd": p, "change_usd": p.diff(), "change": p / p.shift() - 1.0})


def prob_negative_cash_margin(result, efficiency_j_per_th, power_price_usd_per_kwh, months=None, *, pue=1.0,
                              uptime=1.0, pool_fee=0.0):
    """Probability over the paths that 1 PH/s of a fleet loses cash over a period.

    On each path, 1 PH/s collects the hashprice of the path's difficulty and price after
    the pool fee and downtime (:func:`minelib.revenue.mining_revenue_usd_per_ph_day`) and
    pays its power (:func:`minelib.costs.power_cost_usd_per_ph_day`); its machines' cost is
    sunk, so the margin is a cash margin::

        R = sum_j S_j h_j d_j (1 - fee) u,   C = 24 e p PUE u sum_j d_j,   P = share of paths with R < C

    with ``h_j`` the month's BTC hashprice (BTC per PH/s per day) and ``S_j`` its month-end
    price. Unlike the share of a parameter grid, this weighs prices and network hashrates
    by how likely the model makes them; efficiency and power price describe a fleet, not
    an uncertainty, so they stay arguments (broadcast like a ufunc, for a map).

    Parameters
    ----------
    result : MinerPaths
        The paths of :func:`run_monte_carlo` or :func:`simulate_miner_paths` (their network
        and prices; not their miner) [-].
    efficiency_j_per_th : float, ndarray or Series
        Fleet efficiency [J/TH], > 0.
    power_price_usd_per_kwh : float, ndarray or Series
        Power price [USD/kWh], >= 0.
    months : str or slice, optional
        Months to include [month labels], e.g. ``"2024Q4"``; default all.
    pue : float
        Site power over machine power [-], >= 1.
    uptime : float
        Share of time the machines run [fraction], in [0, 1].
    pool_fee : float
        FPPS pool fee [fraction], in [0, 1).

    Returns
    -------
    float, ndarray or Series
        Probability of a negative cash margin over the period [fraction], in the kind of
        the efficiency and power price arguments.

    Raises
    ------
    ValueError
        On an invalid argument; the message names it.

    References
    ----------
    Luxor Hashrate Index, "Hashprice"; seed 001_edb144c9be488f88.txt ("older machines at
    higher electricity rates can fall below breakeven quickly").

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(500, seed=0, n_months=12, miner_hashrate_ehs=16.4)
    >>> p = prob_negative_cash_margin(res, np.array([15.0, 25.0, 35.0]), 0.07, months="2024Q4")
    >>> bool(p[0] <= p[1] <= p[2])
    True
    """
    _check_result(result)
    e = check_array("efficiency_j_per_th", efficiency_j_per_th, lo=0, lo_inclusive=False, unit="J/TH")
    p = check_array("power_price_usd_per_kwh", power_price_usd_per_kwh, lo=0, unit="USD/kWh")
    mask = _month_mask(result, months)
    days = np.diff(result.network.month_edges_days)[mask]
    hashprice_btc = result.network.hashprice_btc_per_ph_day[mask]
    revenue = np.asarray(mining_revenue_usd_per_ph_day(result.price_usd[mask] * hashprice_btc, pool_fee, uptime))
    per_path = np.sort((revenue * days[:, None]).sum(axis=0))  # [USD per PH/s over the period]
    cost = np.asarray(power_cost_usd_per_ph_day(e, p, uptime, pue)) * days.sum()
    out = np.searchsorted(per_path, cost, side="left") / len(per_path)
    return like(out if np.ndim(out) else float(out), efficiency_j_per_th, power_price_usd_per_kwh)
