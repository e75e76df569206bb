"""Costs per BTC: power, the cost stack, hashcost, scaling with growth, breakeven and the price gauge.

The cost stack follows CoinShares' published methodology (its quarterly Bitcoin mining
reports; TheMinerMag uses the same lines), with interest as its own line:

* **cash cost** = power (the self-mining cost of revenue, mostly electricity)
  + other cash cost of revenue (site staff, repairs, hosting)
  + cash SG&A (selling, general and administrative expense *excluding* stock-based
  compensation) + interest;
* **all-in cost** = cash cost + depreciation and amortisation + stock-based compensation.

Interest is paid in cash, so it is counted in the cash cost, as its own named line.
CoinShares' cash cost has no interest line (pass ``interest_usd=0`` to get it exactly);
TheMinerMag stacks interest on top of its cost of production. Either way the all-in cost
is the same. :func:`cash_cost_usd` and :func:`all_in_cost_usd` are the one place these
sums are made: the tables here and the Monte Carlo call them.

Each line is offered per BTC mined (USD/BTC) and per unit of hashrate and time: the
*hashcost* (USD per PH/s per day), CoinShares' "hash cost approach", the cost divided by
the miner's average hashrate and the days of the period. It compares with hashprice
directly and does not depend on luck or the network.

Breakeven hashprice, breakeven power price and a machine's shutdown price are in
:mod:`minelib.fleet`, beside the ASIC fleet they are applied to.

References
----------
CoinShares Research, "Bitcoin Mining Report - Brief Q3 Earnings Update" (2024): "Cost of
revenues (electricity) represents the self-mining cost of revenues, mostly electricity
cost"; "SG&A eliminates non-cash expenses, such as stock-based compensation"; "Including
non-cash costs such as depreciation and stock-based compensation, the average cost
increases". CoinShares, "Mining Report Update: Our Insights at the 2024 Halving" (a hash
cost approach beside the cost per bitcoin). TheMinerMag, "All-in bitcoin mining cost"
(corporate overhead per BTC excludes share-based compensation; interest expense per BTC).
Seeds: 000_abd4e67359fd40a7.txt (Cipher < $16,000 power per BTC, CleanSpark ~$45,000
all-in, scaling to 32 EH/s: opex +70 %, G&A +20 %, depreciation +70 %);
001_edb144c9be488f88.txt ($78,000 all-in, JPMorgan); 002_d81e0ff9e5c96647.txt ($84,300);
003_51347cbd2f4016cb.txt ($71,091 spot vs $87,000 all-in).

Why this module is long: about two thirds of its lines are docstrings (formula, units,
sources and a doctested example for each function); the code does one job, what a BTC (or a PH/s-day) costs to produce.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import _common_index, check_array, like, vectorized
from minelib.units import KWH_PER_PH_DAY_PER_J_PER_TH, PH_PER_EH

__all__ = [
    "power_cost_usd_per_ph_day",
    "power_cost_usd_per_btc",
    "cash_cost_usd",
    "all_in_cost_usd",
    "hashcost_usd_per_ph_day",
    "COST_LINES",
    "cost_stack_usd_per_btc",
    "cost_stack_usd_per_ph_day",
    "scaled_cost_usd",
    "cost_elasticity",
    "breakeven_btc_price_usd",
    "price_to_cost_gap",
    "margin_fraction",
]


def _times_fresh(out, factor):
    """``out * factor`` for an ``out`` this module just computed: skips an exact 1.0 (the
    product is ``out`` bit for bit) and multiplies in place when ``out`` holds the result,
    so a chain of factors makes one grid, not one per factor."""
    if np.ndim(factor) == 0 and factor == 1.0:
        return out
    if isinstance(out, np.ndarray) and out.shape == np.broadcast_shapes(out.shape, np.shape(factor)):
        return np.multiply(out, factor, out=out)
    return out * factor


@vectorized
def power_cost_usd_per_ph_day(efficiency_j_per_th, power_price_usd_per_kwh, uptime=1.0, pue=1.0):
    """Electricity cost, at the wall, of running 1 PH/s for one day.

    1 PH/s = 1,000 TH/s; at ``e`` J/TH the machines draw ``1,000 e`` W = ``e`` kW while they
    run, i.e. ``24 e`` kWh per day (:data:`minelib.units.KWH_PER_PH_DAY_PER_J_PER_TH`). The
    site draws more than its machines: cooling, fans, power conversion and lighting add
    the overhead that the power usage effectiveness ``PUE = site power / IT power`` states
    (1.0 = none; air-cooled mining sites run about 1.03-1.10, hydro-cooled ones similar,
    AI data centres 1.2-1.5)::

        power = 24 * e * PUE * price_kWh * uptime

    ``uptime`` is the share of the day the machines run (curtailment, maintenance); they
    draw nothing while off. This is the *power* line of the CoinShares cash cost; per BTC
    see :func:`power_cost_usd_per_btc`.

    Parameters
    ----------
    efficiency_j_per_th : float, ndarray or Series
        Machine efficiency at the machine [J/TH], > 0.
    power_price_usd_per_kwh : float, ndarray or Series
        All-in electricity price [USD/kWh], >= 0.
    uptime : float, ndarray or Series
        Fraction of time the machines run and draw power [fraction], in [0, 1].
    pue : float, ndarray or Series
        Power usage effectiveness, site power over machine power [dimensionless], >= 1.

    Returns
    -------
    float, ndarray or Series
        Power cost [USD/PH/day].

    Raises
    ------
    ValueError
        If an argument is NaN, non-numeric or out of range; the message names it.

    References
    ----------
    Seed 000_abd4e67359fd40a7.txt (power, the first line of a miner's cash cost); The Green
    Grid, "PUE: a comprehensive examination of the metric" (White Paper 49, 2012): PUE =
    total facility energy / IT equipment energy.

    Examples
    --------
    A 20 J/TH fleet draws 20 kW per PH/s, 480 kWh a day: $24.00 at $0.05/kWh, $25.20 with
    a PUE of 1.05.

    >>> power_cost_usd_per_ph_day(20.0, 0.05)
    24.0
    >>> round(power_cost_usd_per_ph_day(20.0, 0.05, pue=1.05), 2)
    25.2
    >>> power_cost_usd_per_ph_day(np.array([15.0, 30.0]), 0.05, uptime=0.9)
    array([16.2, 32.4])
    """
    e = check_array("efficiency_j_per_th", efficiency_j_per_th, lo=0, lo_inclusive=False, unit="J/TH")
    p = check_array("power_price_usd_per_kwh", power_price_usd_per_kwh, lo=0, unit="USD/kWh")
    u = check_array("uptime", uptime, lo=0, hi=1, unit="fraction")
    k = check_array("pue", pue, lo=1, unit="site power / IT power")
    out = e * KWH_PER_PH_DAY_PER_J_PER_TH  # then * k * p * u, bit for bit, into this fresh array
    for factor in (k, p, u):
        out = _times_fresh(out, factor)
    return like(out, efficiency_j_per_th, power_price_usd_per_kwh, uptime, pue)


@vectorized
def power_cost_usd_per_btc(
    efficiency_j_per_th,
    power_price_usd_per_kwh,
    hashprice_btc_per_ph_day,
    uptime=1.0,
    operational_efficiency=1.0,
):
    """Electricity cost of mining one BTC.

    One TH/s at ``e`` J/TH draws ``e`` W, i.e. ``e * 24 / 1000`` kWh per day, and earns
    ``hashprice / 1000`` BTC per day (hashprice per PH/s). Power is drawn while running
    (``uptime``); reward is captured at ``operational_efficiency`` of nameplate::

        cost/BTC = e * 24 / 1000 * price_kWh * uptime / (hashprice_PH / 1000 * efficiency)
                 = 24 * e * price_kWh * uptime / (hashprice_PH * efficiency)

    When all lost reward is downtime (``operational_efficiency == uptime``) the two
    cancel: an idle machine costs no power.

    Parameters
    ----------
    efficiency_j_per_th : float, ndarray or Series
        Fleet efficiency [J/TH], > 0.
    power_price_usd_per_kwh : float, ndarray or Series
        All-in electricity price [USD/kWh], >= 0.
    hashprice_btc_per_ph_day : float, ndarray or Series
        Expected reward of 1 PH/s per day [BTC/PH/day], > 0
        (:func:`minelib.revenue.hashprice_btc_per_ph_day`).
    uptime : float, ndarray or Series
        Fraction of time the machines run and draw power [fraction], in [0, 1].
    operational_efficiency : float, ndarray or Series
        Captured fraction of the nameplate hashrate's expected reward [fraction], in (0, 1].

    Returns
    -------
    float, ndarray or Series
        Power cost [USD/BTC].

    Examples
    --------
    Cipher's "under $16,000 per BTC" (seed 000) is met at 25 J/TH and $0.05/kWh when
    the network pays 6.25 BTC x 144 blocks at 566 EH/s:

    >>> hp = 144 * 6.25 / 566_000  # BTC/PH/day
    >>> round(power_cost_usd_per_btc(25.0, 0.05, hp))
    18867
    >>> round(power_cost_usd_per_btc(25.0, 0.0424, hp))
    15999
    """
    hp = check_array("hashprice_btc_per_ph_day", hashprice_btc_per_ph_day, lo=0, lo_inclusive=False, unit="BTC/PH/day")
    oe = check_array("operational_efficiency", operational_efficiency, lo=0, hi=1, lo_inclusive=False, unit="fraction")
    # USD per PH-day / BTC per PH-day; the power cost is a fresh temporary NumPy divides in place
    btc = hp if oe.ndim == 0 and oe == 1.0 else hp * oe  # x * 1.0 is x: no pass for the default
    out = np.asarray(power_cost_usd_per_ph_day(efficiency_j_per_th, power_price_usd_per_kwh, uptime)) / btc
    return like(out, efficiency_j_per_th, power_price_usd_per_kwh, hashprice_btc_per_ph_day, uptime, operational_efficiency)


#: The lines of the cost stack, in the order they add up (each a ``<line>_usd`` argument).
COST_LINES: tuple[str, ...] = (
    "power", "other_cost_of_revenue", "cash_sga", "interest", "depreciation", "stock_based_compensation",
)


@vectorized
def cash_cost_usd(power_usd, other_cost_of_revenue_usd=0.0, cash_sga_usd=0.0, interest_usd=0.0):
    """Cash cost of a period: the lines paid in cash (CoinShares' cash cost, plus interest).

    ``cash = power + other cost of revenue + cash SG&A + interest``

    Power is the self-mining cost of revenue (electricity); other cost of revenue is the
    rest of it paid in cash (site staff, repairs, hosting; no depreciation); cash SG&A is
    SG&A without stock-based compensation and without depreciation. Interest is its own
    line and is cash: pass 0 for CoinShares' cash cost, which has no interest line. Works
    element by element on arrays of any shape (a Monte Carlo's months x paths).

    Parameters
    ----------
    power_usd : float, ndarray or Series
        Electricity cost of mining in the period [USD], >= 0.
    other_cost_of_revenue_usd : float, ndarray or Series
        Other cash cost of revenue [USD], >= 0.
    cash_sga_usd : float, ndarray or Series
        SG&A excluding stock-based compensation [USD], >= 0.
    interest_usd : float, ndarray or Series
        Interest expense [USD], >= 0.

    Returns
    -------
    float, ndarray or Series
        Cash cost [USD].

    Raises
    ------
    ValueError
        If a line is negative, NaN or not a number; the message names it.

    References
    ----------
    CoinShares Research, Bitcoin mining reports (2024): cash cost = cost of revenue
    (electricity) + SG&A excluding stock-based compensation. TheMinerMag, "All-in bitcoin
    mining cost" (interest expense per BTC as its own line).

    Examples
    --------
    >>> cash_cost_usd(30e6, cash_sga_usd=20e6, interest_usd=4e6) / 1e6
    54.0
    """
    lines = [check_array(f"{name}_usd", value, lo=0, unit="USD") for name, value in zip(
        COST_LINES[:4], (power_usd, other_cost_of_revenue_usd, cash_sga_usd, interest_usd))]
    return like(sum(lines), power_usd, other_cost_of_revenue_usd, cash_sga_usd, interest_usd)


@vectorized
def all_in_cost_usd(cash_cost_usd, depreciation_usd=0.0, stock_based_compensation_usd=0.0):
    """All-in cost of a period: the cash cost plus the non-cash lines (CoinShares).

    ``all-in = cash cost + depreciation and amortisation + stock-based compensation``

    Parameters
    ----------
    cash_cost_usd : float, ndarray or Series
        Cash cost of the period [USD], >= 0 (:func:`cash_cost_usd`).
    depreciation_usd : float, ndarray or Series
        Depreciation and amortisation [USD], >= 0.
    stock_based_compensation_usd : float, ndarray or Series
        Stock-based compensation [USD], >= 0.

    Returns
    -------
    float, ndarray or Series
        All-in cost [USD].

    Raises
    ------
    ValueError
        If a line is negative, NaN or not a number; the message names it.

    References
    ----------
    CoinShares Research, "Bitcoin Mining Report - Brief Q3 Earnings Update" (2024):
    "Including non-cash costs such as depreciation and stock-based compensation".

    Examples
    --------
    >>> all_in_cost_usd(54e6, depreciation_usd=26e6, stock_based_compensation_usd=5e6) / 1e6
    85.0
    """
    cash = check_array("cash_cost_usd", cash_cost_usd, lo=0, unit="USD")
    dep = check_array("depreciation_usd", depreciation_usd, lo=0, unit="USD")
    sbc = check_array("stock_based_compensation_usd", stock_based_compensation_usd, lo=0, unit="USD")
    return like(cash + dep + sbc, cash_cost_usd, depreciation_usd, stock_based_compensation_usd)


@vectorized
def hashcost_usd_per_ph_day(cost_usd, miner_hashrate_ehs, days):
    """Hashcost: a period's cost per PH/s of the miner's average hashrate per day.

    ``hashcost = cost / (average hashrate [PH/s] * days)``

    CoinShares' hash cost approach: unlike the cost per BTC it does not move with the
    network, luck or the halving, and it compares with hashprice (USD per PH/s per day)
    directly: a miner whose hashcost exceeds the hashprice loses money on every PH/s.

    Parameters
    ----------
    cost_usd : float, ndarray or Series
        Cost over the period [USD], >= 0.
    miner_hashrate_ehs : float, ndarray or Series
        The miner's average hashrate over the period [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], > 0.

    Returns
    -------
    float, ndarray or Series
        Hashcost [USD/PH/day].

    Raises
    ------
    ValueError
        On a negative cost, a hashrate or period that is not positive, or an implausible
        hashrate; the message names it.

    References
    ----------
    CoinShares, "Mining Report Update: Our Insights at the 2024 Halving" (hash cost
    approach beside the cost per bitcoin).

    Examples
    --------
    $30M of power in a 91-day quarter at 16.4 EH/s is $20.10 per PH/s per day:

    >>> round(hashcost_usd_per_ph_day(30e6, 16.4, 91), 2)
    20.1
    """
    c = check_array("cost_usd", cost_usd, lo=0, unit="USD")
    m = check_array("miner_hashrate_ehs", miner_hashrate_ehs, lo=0, lo_inclusive=False, unit="EH/s")
    d = check_array("days", days, lo=0, lo_inclusive=False, unit="days")
    return like(c / (m * PH_PER_EH * d), cost_usd, miner_hashrate_ehs, days)


def _stack_table(per_unit, lines, inputs):
    """The cost lines, the cash and the all-in cost [USD], each through ``per_unit`` (USD -> USD/unit)."""
    checked = {name: check_array(f"{name}_usd", value, lo=0, unit="USD") for name, value in lines.items()}
    cash = np.asarray(cash_cost_usd(*(checked[n] for n in COST_LINES[:4])))
    all_in = np.asarray(all_in_cost_usd(cash, checked["depreciation"], checked["stock_based_compensation"]))
    columns = {**{n: checked[n] for n in COST_LINES[:4]}, "cash_cost": cash,
               **{n: checked[n] for n in COST_LINES[4:]}, "all_in_cost": all_in}
    per = {k: np.asarray(per_unit(v), dtype=float) for k, v in columns.items()}
    arrays = np.broadcast_arrays(*per.values())
    if arrays[0].ndim > 1:
        raise ValueError("a cost stack takes scalars or 1-D inputs")
    return pd.DataFrame({k: np.atleast_1d(a) for k, a in zip(per, arrays)}, index=_common_index(inputs))


@vectorized
def cost_stack_usd_per_btc(
    btc_mined,
    power_usd,
    other_cost_of_revenue_usd=0.0,
    cash_sga_usd=0.0,
    interest_usd=0.0,
    depreciation_usd=0.0,
    stock_based_compensation_usd=0.0,
):
    """Cost per BTC mined, line by line, with the cash and the all-in cost (CoinShares).

    ``line/BTC = line_usd / BTC``; the cash and all-in costs are
    :func:`cash_cost_usd` and :func:`all_in_cost_usd` of the lines, per BTC.

    Parameters
    ----------
    btc_mined : float, ndarray or Series
        Production over the period [BTC], > 0.
    power_usd : float, ndarray or Series
        Electricity cost of mining [USD], >= 0.
    other_cost_of_revenue_usd, cash_sga_usd, interest_usd : float, ndarray or Series
        The other cash lines over the same period [USD], >= 0 (see :func:`cash_cost_usd`).
    depreciation_usd, stock_based_compensation_usd : float, ndarray or Series
        The non-cash lines over the same period [USD], >= 0.

    Returns
    -------
    DataFrame
        One row per scenario (the Series index, if any), columns ``power,
        other_cost_of_revenue, cash_sga, interest, cash_cost, depreciation,
        stock_based_compensation, all_in_cost`` [USD/BTC].

    Raises
    ------
    ValueError
        If ``btc_mined`` is not positive or a line is negative; the message names it.

    References
    ----------
    CoinShares Research, Bitcoin mining reports (2024): the weighted average cash cost
    and, with depreciation and stock-based compensation, the all-in cost per BTC.

    Examples
    --------
    >>> cost_stack_usd_per_btc(2000, 30e6, 10e6, 20e6, 0.0, 30e6)[["power", "cash_cost", "all_in_cost"]]
         power  cash_cost  all_in_cost
    0  15000.0    30000.0      45000.0
    """
    inputs = (btc_mined, power_usd, other_cost_of_revenue_usd, cash_sga_usd, interest_usd, depreciation_usd,
              stock_based_compensation_usd)
    b = check_array("btc_mined", btc_mined, lo=0, lo_inclusive=False, unit="BTC")
    return _stack_table(lambda usd: usd / b, dict(zip(COST_LINES, inputs[1:])), inputs)


@vectorized
def cost_stack_usd_per_ph_day(
    miner_hashrate_ehs,
    days,
    power_usd,
    other_cost_of_revenue_usd=0.0,
    cash_sga_usd=0.0,
    interest_usd=0.0,
    depreciation_usd=0.0,
    stock_based_compensation_usd=0.0,
):
    """Hashcost line by line: each cost per PH/s of average hashrate per day (CoinShares).

    ``line/(PH/s day) = line_usd / (hashrate [PH/s] * days)``
    (:func:`hashcost_usd_per_ph_day`), with the cash and all-in hashcost.

    Parameters
    ----------
    miner_hashrate_ehs : float, ndarray or Series
        The miner's average hashrate over the period [EH/s], > 0.
    days : float, ndarray or Series
        Length of the period [days], > 0.
    power_usd : float, ndarray or Series
        Electricity cost of mining [USD], >= 0.
    other_cost_of_revenue_usd, cash_sga_usd, interest_usd : float, ndarray or Series
        The other cash lines over the same period [USD], >= 0 (see :func:`cash_cost_usd`).
    depreciation_usd, stock_based_compensation_usd : float, ndarray or Series
        The non-cash lines over the same period [USD], >= 0.

    Returns
    -------
    DataFrame
        Columns as :func:`cost_stack_usd_per_btc` [USD/PH/day].

    Raises
    ------
    ValueError
        If the hashrate or days are not positive or a line is negative; the message
        names it.

    References
    ----------
    CoinShares, "Mining Report Update: Our Insights at the 2024 Halving" (hash cost).

    Examples
    --------
    >>> cost_stack_usd_per_ph_day(16.4, 91, 30e6, depreciation_usd=15e6)[["power", "all_in_cost"]].round(2)
       power  all_in_cost
    0   20.1        30.15
    """
    inputs = (miner_hashrate_ehs, days, power_usd, other_cost_of_revenue_usd, cash_sga_usd, interest_usd,
              depreciation_usd, stock_based_compensation_usd)
    return _stack_table(lambda usd: hashcost_usd_per_ph_day(usd, miner_hashrate_ehs, days),
                        dict(zip(COST_LINES, inputs[2:])), inputs)


@vectorized
def scaled_cost_usd(base_cost_usd, hashrate_growth, elasticity):
    """Cost after hashrate growth, at a constant elasticity.

    ``cost = base * (1 + growth)^elasticity``: elasticity 1 scales in proportion, 0 is a
    fixed cost. Seed 000 gives the scaling as percentages (opex +70 %, G&A +20 %,
    depreciation +70 % for +95 % hashrate); :func:`cost_elasticity` turns those into
    elasticities.

    Parameters
    ----------
    base_cost_usd : float, ndarray or Series
        Cost before growth [USD], >= 0.
    hashrate_growth : float, ndarray or Series
        Hashrate growth [fraction], > -1 (0.95 = +95 %).
    elasticity : float, ndarray or Series
        d ln(cost) / d ln(hashrate) [dimensionless], >= 0.

    Returns
    -------
    float, ndarray or Series
        Cost after growth [USD].

    Examples
    --------
    >>> round(scaled_cost_usd(100e6, 0.95, cost_elasticity(0.70, 0.95)) / 1e6, 6)
    170.0
    """
    c = check_array("base_cost_usd", base_cost_usd, lo=0, unit="USD")
    g = check_array("hashrate_growth", hashrate_growth, lo=-1, lo_inclusive=False, unit="fraction")
    k = check_array("elasticity", elasticity, lo=0, unit="dimensionless")
    return like(c * (1.0 + g) ** k, base_cost_usd, hashrate_growth, elasticity)


@vectorized
def cost_elasticity(cost_growth, hashrate_growth):
    """Constant elasticity that turns a hashrate growth into a cost growth.

    ``elasticity = ln(1 + cost_growth) / ln(1 + hashrate_growth)``

    Parameters
    ----------
    cost_growth : float, ndarray or Series
        Cost growth [fraction], > -1.
    hashrate_growth : float, ndarray or Series
        Hashrate growth [fraction], > -1 and != 0.

    Returns
    -------
    float, ndarray or Series
        Elasticity [dimensionless].

    Examples
    --------
    CleanSpark's history in seed 000 (hashrate 6.7 -> 16.4 EH/s, opex $60M -> ~$100M):

    >>> round(cost_elasticity(100 / 60 - 1, 16.4 / 6.7 - 1), 3)
    0.57
    """
    cg = check_array("cost_growth", cost_growth, lo=-1, lo_inclusive=False, unit="fraction")
    hg = check_array("hashrate_growth", hashrate_growth, lo=-1, lo_inclusive=False, unit="fraction")
    if np.any(hg == 0):
        raise ValueError(f"hashrate_growth={hashrate_growth!r} must be non-zero to define an elasticity [fraction]")
    return like(np.log1p(cg) / np.log1p(hg), cost_growth, hashrate_growth)


@vectorized
def breakeven_btc_price_usd(total_cost_usd, btc_mined):
    """BTC price at which revenue covers a period's costs: ``cost / BTC mined``.

    Pass cash costs for the cash breakeven, all costs for the all-in breakeven.

    Parameters
    ----------
    total_cost_usd : float, ndarray or Series
        Costs over the period [USD], >= 0.
    btc_mined : float, ndarray or Series
        Production over the period [BTC], > 0.

    Returns
    -------
    float, ndarray or Series
        Breakeven price [USD/BTC].

    Examples
    --------
    >>> breakeven_btc_price_usd(150e6, 2500.0)
    60000.0
    """
    c = check_array("total_cost_usd", total_cost_usd, lo=0, unit="USD")
    b = check_array("btc_mined", btc_mined, lo=0, lo_inclusive=False, unit="BTC")
    return like(c / b, total_cost_usd, btc_mined)


@vectorized
def price_to_cost_gap(btc_price_usd, cost_usd_per_btc):
    """Spot price relative to a cost estimate: ``price / cost - 1``.

    The "pressure gauge" of seed 001: negative when BTC trades below modelled cost.

    Parameters
    ----------
    btc_price_usd : float, ndarray or Series
        Spot price [USD/BTC], >= 0.
    cost_usd_per_btc : float, ndarray or Series
        Cost estimate [USD/BTC], > 0.

    Returns
    -------
    float, ndarray or Series
        Gap [fraction of cost].

    References
    ----------
    003_51347cbd2f4016cb.txt: "$71,091 ... closer to $87,000, leaving mining economics
    negative by roughly one-fifth of modeled expense".

    Examples
    --------
    >>> round(price_to_cost_gap(71_091, 87_000), 3)
    -0.183
    """
    p = check_array("btc_price_usd", btc_price_usd, lo=0, unit="USD/BTC")
    c = check_array("cost_usd_per_btc", cost_usd_per_btc, lo=0, lo_inclusive=False, unit="USD/BTC")
    return like(p / c - 1.0, btc_price_usd, cost_usd_per_btc)


@vectorized
def margin_fraction(btc_price_usd, cost_usd_per_btc):
    """Margin on each BTC sold: ``(price - cost) / price``.

    Parameters
    ----------
    btc_price_usd : float, ndarray or Series
        Price [USD/BTC], > 0.
    cost_usd_per_btc : float, ndarray or Series
        Cost [USD/BTC], >= 0.

    Returns
    -------
    float, ndarray or Series
        Margin [fraction of price]; negative when cost exceeds price.

    Examples
    --------
    >>> margin_fraction(60_000, 45_000)
    0.25
    """
    p = check_array("btc_price_usd", btc_price_usd, lo=0, lo_inclusive=False, unit="USD/BTC")
    c = check_array("cost_usd_per_btc", cost_usd_per_btc, lo=0, unit="USD/BTC")
    return like((p - c) / p, btc_price_usd, cost_usd_per_btc)
