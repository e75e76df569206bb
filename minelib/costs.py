"""Costs per BTC: power, the cost stack, scaling with growth, breakeven and the price gauge.

Definitions used throughout:

* **cash cost** per BTC = (power + other operating expenses + G&A) / BTC mined;
* **all-in cost** per BTC = cash cost + (depreciation + interest) / BTC mined.

Breakeven hashprice, breakeven power price and a machine's shutdown price are in
:mod:`minelib.fleet`, beside the ASIC fleet they are applied to.

References
----------
000_abd4e67359fd40a7.txt (Cipher < $16,000 power per BTC, CleanSpark ~$45,000 all-in,
scaling to 32 EH/s: opex +70 %, G&A +20 %, depreciation +70 %);
001_edb144c9be488f88.txt ($78,000 all-in, JPMorgan); 002_d81e0ff9e5c96647.txt ($84,300);
003_51347cbd2f4016cb.txt ($71,091 spot vs $87,000 all-in).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import _common_index, check_array, like, vectorized
from minelib.units import KWH_PER_PH_DAY_PER_J_PER_TH

__all__ = [
    "power_cost_usd_per_ph_day",
    "power_cost_usd_per_btc",
    "cost_stack_usd_per_btc",
    "scaled_cost_usd",
    "cost_elasticity",
    "breakeven_btc_price_usd",
    "price_to_cost_gap",
    "margin_fraction",
]


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
    return like(e * KWH_PER_PH_DAY_PER_J_PER_TH * k * p * u, efficiency_j_per_th, power_price_usd_per_kwh, uptime, pue)


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
    power = np.asarray(power_cost_usd_per_ph_day(efficiency_j_per_th, power_price_usd_per_kwh, uptime))
    hp = check_array("hashprice_btc_per_ph_day", hashprice_btc_per_ph_day, lo=0, lo_inclusive=False, unit="BTC/PH/day")
    oe = check_array("operational_efficiency", operational_efficiency, lo=0, hi=1, lo_inclusive=False, unit="fraction")
    out = power / (hp * oe)  # USD per PH-day / BTC per PH-day
    return like(out, efficiency_j_per_th, power_price_usd_per_kwh, hashprice_btc_per_ph_day, uptime, operational_efficiency)


@vectorized
def cost_stack_usd_per_btc(
    btc_mined,
    power_usd,
    other_opex_usd=0.0,
    g_and_a_usd=0.0,
    depreciation_usd=0.0,
    interest_usd=0.0,
):
    """Cost per BTC by component, with cash cost and all-in cost.

    ``component/BTC = component_usd / BTC``; ``cash = power + other opex + G&A``;
    ``all-in = cash + depreciation + interest``.

    Parameters
    ----------
    btc_mined : float, ndarray or Series
        Production over the period [BTC], > 0.
    power_usd, other_opex_usd, g_and_a_usd, depreciation_usd, interest_usd : float, ndarray or Series
        Costs over the same period [USD], >= 0.

    Returns
    -------
    DataFrame
        One row per scenario (the Series index, if any), columns ``power, other_opex,
        g_and_a, depreciation, interest, cash_cost, all_in_cost`` [USD/BTC].

    Examples
    --------
    >>> cost_stack_usd_per_btc(2000, 30e6, 10e6, 20e6, 30e6).round(0)
         power  other_opex  g_and_a  depreciation  interest  cash_cost  all_in_cost
    0  15000.0      5000.0  10000.0       15000.0       0.0    30000.0      45000.0
    """
    inputs = (btc_mined, power_usd, other_opex_usd, g_and_a_usd, depreciation_usd, interest_usd)
    b = check_array("btc_mined", btc_mined, lo=0, lo_inclusive=False, unit="BTC")
    comps = {
        "power": check_array("power_usd", power_usd, lo=0, unit="USD"),
        "other_opex": check_array("other_opex_usd", other_opex_usd, lo=0, unit="USD"),
        "g_and_a": check_array("g_and_a_usd", g_and_a_usd, lo=0, unit="USD"),
        "depreciation": check_array("depreciation_usd", depreciation_usd, lo=0, unit="USD"),
        "interest": check_array("interest_usd", interest_usd, lo=0, unit="USD"),
    }
    arrays = np.broadcast_arrays(b, *comps.values())
    if arrays[0].ndim > 1:
        raise ValueError("cost_stack_usd_per_btc takes scalars or 1-D inputs")
    per_btc = {k: np.atleast_1d(a / arrays[0]) for k, a in zip(comps, arrays[1:])}
    df = pd.DataFrame(per_btc, index=_common_index(inputs))
    df["cash_cost"] = df["power"] + df["other_opex"] + df["g_and_a"]
    df["all_in_cost"] = df["cash_cost"] + df["depreciation"] + df["interest"]
    return df


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
