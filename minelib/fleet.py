"""Fleet economics: break-even hashprice and power price, unprofitable share, shutdown price.

A machine of efficiency ``e`` [J/TH] pays for its electricity when the hashprice (revenue
per unit of hashrate) is at least its power cost per unit of hashrate. Everything here is
the same inequality read in different directions:

* :func:`breakeven_hashprice_usd_per_ph_day` - the hashprice at which a machine's power
  (plus other per-PH costs) is just paid for;
* :func:`breakeven_power_price_usd_per_kwh` - the power price at which a hashprice is
  just enough;
* :func:`share_unprofitable` - the hashrate-weighted share of a fleet whose cost exceeds
  the hashprice, vectorized over hashprices (and power prices);
* :func:`power_price_for_unprofitable_share_usd_per_kwh` - the inverse: the power price at
  which a given share of a fleet becomes unprofitable (to explore which price / mix gives
  the 15-20 % that CoinShares estimates);
* :func:`shutdown_btc_price_usd` - the BTC price at which the network hashprice falls to a
  machine's break-even hashprice;
* :func:`mining_margin_model` - hashprice, cost per BTC and margin of 1 PH/s of a fleet,
  composed from the revenue, cost and depreciation functions (what
  :func:`minelib.sweep.sweep` evaluates as ``"margin"``).

The articles' fleet-level numbers (CoinShares: 15-20 % of the global fleet unprofitable,
001; CleanSpark: "less than 10 %" of its fleet unprofitable at $30/PH/day, 002) depend on a
fleet mix and power prices the seeds do not give. This module does not claim to reproduce
them; it lets a notebook state a mix as an explicit assumption and explore it.

References
----------
Seeds 001_edb144c9be488f88.txt (CoinShares 15-20 %), 002_d81e0ff9e5c96647.txt (CleanSpark
< 10 % at $30/PH/day), 003_51347cbd2f4016cb.txt (hashprice ~$40/PH/day, ~913 EH/s),
004_57c45d30c358cac2.txt (hashprice from > $62 in July to ~$40).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import check_array, like, vectorized
from minelib.costs import power_cost_usd_per_ph_day
from minelib.depreciation import straight_line_depreciation_usd
from minelib.protocol import TARGET_BLOCKS_PER_DAY
from minelib.revenue import hashprice_btc_per_ph_day
from minelib.units import DAYS_PER_YEAR, KWH_PER_PH_DAY_PER_J_PER_TH, PH_PER_EH, TH_PER_PH

__all__ = [
    "breakeven_hashprice_usd_per_ph_day",
    "breakeven_power_price_usd_per_kwh",
    "share_unprofitable",
    "unprofitable_share_curve",
    "power_price_for_unprofitable_share_usd_per_kwh",
    "shutdown_btc_price_usd",
    "mining_margin_model",
]


@vectorized
def breakeven_hashprice_usd_per_ph_day(
    efficiency_j_per_th, power_price_usd_per_kwh, other_cost_usd_per_ph_day=0.0
):
    """Hashprice at which a machine's power and other per-PH costs are just paid.

    ``hashprice* = e [J/TH] * 1,000 [TH/s per PH/s] / 1,000 [W per kW] * 24 [h/day]
    * p [USD/kWh] + other = 24 e p + other``

    Derivation: 1 PH/s = 1,000 TH/s; at ``e`` J/TH it draws ``e * 1,000`` W = ``e`` kW,
    so ``24 e`` kWh per day, costing ``24 e p`` USD per PH/s per day.

    Parameters
    ----------
    efficiency_j_per_th : float, ndarray or Series
        Machine (or fleet) efficiency [J/TH], > 0.
    power_price_usd_per_kwh : float, ndarray or Series
        All-in electricity price [USD/kWh], >= 0.
    other_cost_usd_per_ph_day : float, ndarray or Series, optional
        Other cash costs per unit of hashrate (hosting, pool fee, staff) [USD/PH/day], >= 0.

    Returns
    -------
    float, ndarray or Series
        Break-even hashprice [USD/PH/day].

    Raises
    ------
    ValueError
        If an argument is NaN, non-numeric or out of range; the message names it.

    References
    ----------
    Hashprice levels: seeds 003_51347cbd2f4016cb.txt, 004_57c45d30c358cac2.txt.

    Examples
    --------
    An S19-class machine at 34 J/TH on $0.05/kWh:

    >>> round(breakeven_hashprice_usd_per_ph_day(34.0, 0.05), 2)
    40.8
    >>> breakeven_hashprice_usd_per_ph_day(np.array([17.0, 34.0]), 0.05, 2.0)
    array([22.4, 42.8])
    """
    e = check_array("efficiency_j_per_th", efficiency_j_per_th, lo=0.0, lo_inclusive=False, unit="J/TH")
    p = check_array("power_price_usd_per_kwh", power_price_usd_per_kwh, lo=0.0, unit="USD/kWh")
    o = check_array("other_cost_usd_per_ph_day", other_cost_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    result = e * KWH_PER_PH_DAY_PER_J_PER_TH * p + o
    return like(result, efficiency_j_per_th, power_price_usd_per_kwh, other_cost_usd_per_ph_day)


@vectorized
def breakeven_power_price_usd_per_kwh(
    hashprice_usd_per_ph_day, efficiency_j_per_th, other_cost_usd_per_ph_day=0.0
):
    """Power price at which a hashprice just pays a machine's power and other costs.

    ``p* = (hashprice - other) / (24 e)``

    A negative result means that no non-negative power price breaks even: the other
    costs alone exceed the hashprice.

    Parameters
    ----------
    hashprice_usd_per_ph_day : float, ndarray or Series
        Hashprice [USD/PH/day], >= 0.
    efficiency_j_per_th : float, ndarray or Series
        Machine efficiency [J/TH], > 0.
    other_cost_usd_per_ph_day : float, ndarray or Series, optional
        Other cash costs [USD/PH/day], >= 0.

    Returns
    -------
    float, ndarray or Series
        Break-even electricity price [USD/kWh].

    Raises
    ------
    ValueError
        If an argument is NaN, non-numeric or out of range; the message names it.

    References
    ----------
    Hashprice ~$40/PH/day: seeds 003_51347cbd2f4016cb.txt, 004_57c45d30c358cac2.txt.

    Examples
    --------
    At $40/PH/day a 34 J/TH machine breaks even at about 4.9 cents/kWh, a 17 J/TH one at
    twice that:

    >>> round(breakeven_power_price_usd_per_kwh(40.0, 34.0), 4)
    0.049
    >>> breakeven_power_price_usd_per_kwh(40.0, np.array([17.0, 34.0])).round(4)
    array([0.098, 0.049])
    """
    h = check_array("hashprice_usd_per_ph_day", hashprice_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    e = check_array("efficiency_j_per_th", efficiency_j_per_th, lo=0.0, lo_inclusive=False, unit="J/TH")
    o = check_array("other_cost_usd_per_ph_day", other_cost_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    result = (h - o) / (e * KWH_PER_PH_DAY_PER_J_PER_TH)
    return like(result, hashprice_usd_per_ph_day, efficiency_j_per_th, other_cost_usd_per_ph_day)


def _fleet_arrays(fleet, power_price_usd_per_kwh):
    """Validate a fleet table; return (efficiency, weights, per-machine power price or None)."""
    if not isinstance(fleet, pd.DataFrame):
        raise ValueError(
            f"fleet must be a pandas DataFrame with columns 'efficiency_j_per_th' and "
            f"'hashrate_ths' (or 'hashrate_share'); got {type(fleet).__name__}"
        )
    if "efficiency_j_per_th" not in fleet.columns:
        raise ValueError(
            f"fleet is missing column 'efficiency_j_per_th' [J/TH]; columns are {list(fleet.columns)}"
        )
    if len(fleet) == 0:
        raise ValueError("fleet has no rows; expected at least one machine class")
    e = check_array(
        "fleet['efficiency_j_per_th']", fleet["efficiency_j_per_th"], lo=0.0, lo_inclusive=False, unit="J/TH"
    )
    if "hashrate_ths" in fleet.columns:
        w = check_array("fleet['hashrate_ths']", fleet["hashrate_ths"], lo=0.0, unit="TH/s")
        wname = "hashrate_ths"
    elif "hashrate_share" in fleet.columns:
        w = check_array("fleet['hashrate_share']", fleet["hashrate_share"], lo=0.0, hi=1.0, unit="fraction")
        wname = "hashrate_share"
    else:
        raise ValueError(
            f"fleet needs a column 'hashrate_ths' [TH/s] or 'hashrate_share' [fraction]; "
            f"columns are {list(fleet.columns)}"
        )
    total = w.sum()
    if not total > 0:
        raise ValueError(f"fleet['{wname}'] sums to {total!r}; expected a positive total hashrate")
    per_machine_price = None
    if power_price_usd_per_kwh is None:
        if "power_price_usd_per_kwh" not in fleet.columns:
            raise ValueError(
                "power_price_usd_per_kwh is None and fleet has no 'power_price_usd_per_kwh' "
                "column; give a power price [USD/kWh]"
            )
        per_machine_price = check_array(
            "fleet['power_price_usd_per_kwh']", fleet["power_price_usd_per_kwh"], lo=0.0, unit="USD/kWh"
        )
    return e, w / total, per_machine_price


@vectorized
def share_unprofitable(
    fleet, hashprice_usd_per_ph_day, power_price_usd_per_kwh=None, other_cost_usd_per_ph_day=0.0
):
    """Hashrate-weighted share of a fleet whose running cost exceeds the hashprice.

    ``share(h, p) = sum_i w_i * [24 e_i p + other > h] / sum_i w_i``

    A machine exactly at break-even counts as profitable (cost must *exceed* revenue).
    ``h`` and ``p`` broadcast against each other like a ufunc; the fleet is the summed axis.

    Parameters
    ----------
    fleet : pandas.DataFrame
        One row per machine class, columns ``efficiency_j_per_th`` [J/TH] (> 0) and either
        ``hashrate_ths`` [TH/s] (>= 0) or ``hashrate_share`` [fraction] (weights, normalised
        to sum to 1). Optional ``power_price_usd_per_kwh`` [USD/kWh] per row, used when the
        argument ``power_price_usd_per_kwh`` is None.
    hashprice_usd_per_ph_day : float, ndarray or Series
        Hashprice [USD/PH/day], >= 0.
    power_price_usd_per_kwh : float, ndarray, Series or None
        Electricity price for the whole fleet [USD/kWh], >= 0; None to use the fleet column.
    other_cost_usd_per_ph_day : float, optional
        Other cash costs per unit of hashrate, whole fleet [USD/PH/day], >= 0.

    Returns
    -------
    float, ndarray or Series
        Share of hashrate that is unprofitable [fraction in [0, 1]], in the kind of the
        hashprice / power price arguments (a Series keeps its index). For a curve indexed by
        hashprice use :func:`unprofitable_share_curve`.

    Raises
    ------
    ValueError
        If ``fleet`` lacks a column or holds bad values, or an argument is NaN / negative;
        the message names it.

    References
    ----------
    Seeds 001_edb144c9be488f88.txt (CoinShares: 15-20 % of the global fleet unprofitable),
    002_d81e0ff9e5c96647.txt (CleanSpark: < 10 % of its fleet at $30/PH/day). The fleet mix
    behind those numbers is not in the seeds: a notebook must state its mix as an assumption.

    Examples
    --------
    A hand-made fleet: 60 % at 17 J/TH, 30 % at 25 J/TH, 10 % at 34 J/TH, power at
    $0.05/kWh (break-even hashprices 20.4, 30.0 and 40.8 USD/PH/day):

    >>> fleet = pd.DataFrame({"efficiency_j_per_th": [17.0, 25.0, 34.0],
    ...                       "hashrate_share": [0.6, 0.3, 0.1]})
    >>> share_unprofitable(fleet, 40.0, 0.05)
    0.1
    >>> share_unprofitable(fleet, np.array([62.0, 40.0, 29.0, 20.0]), 0.05)
    array([0. , 0.1, 0.4, 1. ])
    """
    e, w, per_machine_price = _fleet_arrays(fleet, power_price_usd_per_kwh)
    h = check_array("hashprice_usd_per_ph_day", hashprice_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    o = check_array("other_cost_usd_per_ph_day", other_cost_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    if o.ndim != 0:
        raise ValueError(
            f"other_cost_usd_per_ph_day={other_cost_usd_per_ph_day!r} must be a scalar [USD/PH/day]"
        )
    if per_machine_price is None:
        p = check_array("power_price_usd_per_kwh", power_price_usd_per_kwh, lo=0.0, unit="USD/kWh")
        hb, pb = np.broadcast_arrays(h, p)
        cost = e * KWH_PER_PH_DAY_PER_J_PER_TH * pb[..., None] + o  # (..., machines)
        inputs = (hashprice_usd_per_ph_day, power_price_usd_per_kwh)
    else:
        hb = h
        cost = np.broadcast_to(e * KWH_PER_PH_DAY_PER_J_PER_TH * per_machine_price + o, h.shape + e.shape)
        inputs = (hashprice_usd_per_ph_day,)
    unprofitable = cost > hb[..., None]
    result = np.clip(unprofitable @ w, 0.0, 1.0)
    return like(result, *inputs)


def unprofitable_share_curve(fleet, hashprices_usd_per_ph_day, power_price_usd_per_kwh=None,
                             other_cost_usd_per_ph_day=0.0):
    """Unprofitable share of a fleet as a Series indexed by hashprice.

    Same formula as :func:`share_unprofitable`; the result is a Series named
    ``share_unprofitable`` whose index (named ``hashprice_usd_per_ph_day``) holds the
    hashprices, ready to plot.

    Parameters
    ----------
    fleet : pandas.DataFrame
        As in :func:`share_unprofitable`.
    hashprices_usd_per_ph_day : array-like
        Hashprices [USD/PH/day], >= 0, one-dimensional.
    power_price_usd_per_kwh : float or None
        Electricity price [USD/kWh], >= 0 (scalar), or None for the fleet column.
    other_cost_usd_per_ph_day : float, optional
        Other cash costs [USD/PH/day], >= 0.

    Returns
    -------
    pandas.Series
        Unprofitable share [fraction] indexed by hashprice [USD/PH/day].

    Raises
    ------
    ValueError
        As :func:`share_unprofitable`, or if hashprices are not one-dimensional or the
        power price is not a scalar.

    References
    ----------
    Seed 004_57c45d30c358cac2.txt (hashprice from > $62 in July to ~$40).

    Examples
    --------
    >>> fleet = pd.DataFrame({"efficiency_j_per_th": [17.0, 25.0, 34.0],
    ...                       "hashrate_ths": [600.0, 300.0, 100.0]})
    >>> unprofitable_share_curve(fleet, [62.0, 40.0, 30.0], 0.05)
    hashprice_usd_per_ph_day
    62.0    0.0
    40.0    0.1
    30.0    0.1
    Name: share_unprofitable, dtype: float64
    """
    h = check_array("hashprices_usd_per_ph_day", hashprices_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    if h.ndim != 1:
        raise ValueError(
            f"hashprices_usd_per_ph_day must be one-dimensional; got shape {h.shape} [USD/PH/day]"
        )
    if power_price_usd_per_kwh is not None and np.ndim(power_price_usd_per_kwh) != 0:
        raise ValueError(
            f"power_price_usd_per_kwh={power_price_usd_per_kwh!r} must be a scalar [USD/kWh] here; "
            "use share_unprofitable to broadcast over power prices"
        )
    values = share_unprofitable(fleet, h, power_price_usd_per_kwh, other_cost_usd_per_ph_day)
    index = pd.Index(h, name="hashprice_usd_per_ph_day")
    return pd.Series(np.atleast_1d(values), index=index, name="share_unprofitable")


def power_price_for_unprofitable_share_usd_per_kwh(
    fleet, hashprice_usd_per_ph_day, target_share, other_cost_usd_per_ph_day=0.0
):
    """Power price above which at least ``target_share`` of the fleet is unprofitable.

    Machine ``i`` is unprofitable when ``p > p_i* = (h - other) / (24 e_i)``. Sorting the
    machines by ``p_i*`` (least efficient first) and accumulating their hashrate share,
    the answer is the ``p_i*`` of the machine at which the cumulative share first reaches
    ``target_share``: at any price just above it, the share is >= ``target_share``. It is
    a threshold (the share jumps there), so the share at exactly this price is below the
    target. ``target_share = 0`` gives the least-efficient machine's break-even price.

    Parameters
    ----------
    fleet : pandas.DataFrame
        As in :func:`share_unprofitable` (a per-row power price column is ignored).
    hashprice_usd_per_ph_day : float
        Hashprice [USD/PH/day], >= 0 (scalar).
    target_share : float
        Share of hashrate [fraction], in [0, 1].
    other_cost_usd_per_ph_day : float, optional
        Other cash costs [USD/PH/day], >= 0.

    Returns
    -------
    float
        Threshold electricity price [USD/kWh]; negative if the other costs alone exceed the
        hashprice (then every machine is unprofitable at any non-negative price).

    Raises
    ------
    ValueError
        If an argument is NaN, out of range or not a scalar; the message names it.

    References
    ----------
    Seed 001_edb144c9be488f88.txt (CoinShares: 15-20 % of the fleet unprofitable). The mix
    that would reproduce 15-20 % is not in the seeds; state it as an assumption.

    Examples
    --------
    >>> fleet = pd.DataFrame({"efficiency_j_per_th": [17.0, 25.0, 34.0],
    ...                       "hashrate_share": [0.6, 0.3, 0.1]})
    >>> round(power_price_for_unprofitable_share_usd_per_kwh(fleet, 40.0, 0.15), 5)
    0.06667
    >>> share_unprofitable(fleet, 40.0, 0.0667)
    0.4
    """
    e, w, _ = _fleet_arrays(fleet, 0.0)
    h = check_array("hashprice_usd_per_ph_day", hashprice_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    t = check_array("target_share", target_share, lo=0.0, hi=1.0, unit="fraction")
    o = check_array("other_cost_usd_per_ph_day", other_cost_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    for name, arr, val in (("hashprice_usd_per_ph_day", h, hashprice_usd_per_ph_day),
                           ("target_share", t, target_share),
                           ("other_cost_usd_per_ph_day", o, other_cost_usd_per_ph_day)):
        if arr.ndim != 0:
            raise ValueError(f"{name}={val!r} must be a scalar")
    p_star = (h - o) / (e * KWH_PER_PH_DAY_PER_J_PER_TH)
    order = np.argsort(p_star, kind="stable")  # least efficient (lowest p*) first
    cum = np.cumsum(w[order])
    # first machine whose cumulative share reaches the target (tolerate float round-off)
    pos = int(np.searchsorted(cum, float(t) - 1e-12, side="left"))
    pos = min(pos, len(cum) - 1)
    return float(p_star[order][pos])


@vectorized
def shutdown_btc_price_usd(
    efficiency_j_per_th,
    power_price_usd_per_kwh,
    network_hashrate_ehs,
    reward_btc_per_block,
    blocks_per_day=TARGET_BLOCKS_PER_DAY,
    other_cost_usd_per_ph_day=0.0,
):
    """BTC price at which the network hashprice equals a machine's break-even hashprice.

    Hashprice ``= S * R * B / H_PH`` [USD/PH/day] with price ``S``, reward per block ``R``
    (subsidy + fees) [BTC], blocks per day ``B`` and network hashrate ``H_PH`` [PH/s].
    Setting it equal to ``24 e p + other`` gives

    ``S* = (24 e p + other) * H_PH / (R * B)``

    Parameters
    ----------
    efficiency_j_per_th : float, ndarray or Series
        Machine efficiency [J/TH], > 0.
    power_price_usd_per_kwh : float, ndarray or Series
        Electricity price [USD/kWh], >= 0.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    reward_btc_per_block : float, ndarray or Series
        Subsidy plus average fees per block [BTC/block], > 0.
    blocks_per_day : float, ndarray or Series, optional
        Blocks per day [blocks/day], > 0; the protocol target 144 by default.
    other_cost_usd_per_ph_day : float, ndarray or Series, optional
        Other cash costs [USD/PH/day], >= 0.

    Returns
    -------
    float, ndarray or Series
        Shutdown BTC price [USD/BTC].

    Raises
    ------
    ValueError
        If an argument is NaN, non-numeric or out of range; the message names it.

    References
    ----------
    Seed 003_51347cbd2f4016cb.txt (~913 EH/s, spot ~$71,091); subsidy 3.125 BTC from
    height 840,000 (Bitcoin Core ``GetBlockSubsidy``).

    Examples
    --------
    A 34 J/TH machine on $0.05/kWh at 913 EH/s and 3.125 BTC per block (fees ignored)
    shuts down below ~$82,800, above the ~$71,091 spot of seed 003:

    >>> round(shutdown_btc_price_usd(34.0, 0.05, 913.0, 3.125))
    82779
    """
    e = check_array("efficiency_j_per_th", efficiency_j_per_th, lo=0.0, lo_inclusive=False, unit="J/TH")
    p = check_array("power_price_usd_per_kwh", power_price_usd_per_kwh, lo=0.0, unit="USD/kWh")
    n = check_array("network_hashrate_ehs", network_hashrate_ehs, lo=0.0, lo_inclusive=False, unit="EH/s")
    r = check_array("reward_btc_per_block", reward_btc_per_block, lo=0.0, lo_inclusive=False, unit="BTC/block")
    b = check_array("blocks_per_day", blocks_per_day, lo=0.0, lo_inclusive=False, unit="blocks/day")
    o = check_array("other_cost_usd_per_ph_day", other_cost_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    breakeven = e * KWH_PER_PH_DAY_PER_J_PER_TH * p + o
    result = breakeven * (n * PH_PER_EH) / (r * b)
    return like(
        result,
        efficiency_j_per_th,
        power_price_usd_per_kwh,
        network_hashrate_ehs,
        reward_btc_per_block,
        blocks_per_day,
        other_cost_usd_per_ph_day,
    )


def mining_margin_model(
    btc_price_usd,
    network_hashrate_ehs,
    efficiency_j_per_th,
    power_price_usd_per_kwh,
    uptime=1.0,
    useful_life_years=4.0,
    machine_cost_usd_per_th=15.0,
    block_subsidy_btc=3.125,
    fees_per_block_btc=0.0,
    operational_efficiency=1.0,
):
    """Economics of 1 PH/s of a fleet: hashprice, cost per BTC and margin per day.

    Composed from the model functions, per PH/s and day::

        hp       = hashprice_btc_per_ph_day(N, subsidy, fees)         [BTC]   (revenue)
        mined    = hp * operational_efficiency                        [BTC]
        power    = power_cost_usd_per_ph_day(e, price_kWh, uptime)    [USD]   (costs)
        deprec.  = straight_line_depreciation_usd(capex/TH * 1000, life) / 365.25
        margin   = S * mined - power - deprec.
        power cost per BTC = power / mined;  all-in cost per BTC = (power + deprec.) / mined

    Hashprice here is the hashrate form (Luxor's definition with ``N`` in place of the
    difficulty's hashrate, see :func:`minelib.revenue.hashprice_btc_per_ph_day`); the
    all-in cost is CoinShares' less SG&A and interest, which are not per-PH quantities.

    Parameters
    ----------
    btc_price_usd : float, ndarray or Series
        BTC price [USD/BTC], > 0.
    network_hashrate_ehs : float, ndarray or Series
        Network hashrate [EH/s], > 0.
    efficiency_j_per_th : float, ndarray or Series
        Fleet efficiency [J/TH], > 0.
    power_price_usd_per_kwh : float, ndarray or Series
        Power price [USD/kWh], >= 0.
    uptime : float, ndarray or Series
        Share of time running and drawing power [fraction], in [0, 1].
    useful_life_years : float, ndarray or Series
        Depreciation life of the machines [years], > 0.
    machine_cost_usd_per_th : float, ndarray or Series
        Machine price [USD/TH], >= 0.
    block_subsidy_btc : float, ndarray or Series
        Subsidy per block [BTC/block].
    fees_per_block_btc : float, ndarray or Series
        Mean fees per block [BTC/block], >= 0.
    operational_efficiency : float, ndarray or Series
        Captured share of the expected reward [fraction], in (0, 1].

    Returns
    -------
    dict of float, ndarray or Series
        ``hashprice_usd_per_ph_day`` [USD/PH/day], ``power_cost_usd_per_btc`` and
        ``all_in_cost_usd_per_btc`` [USD/BTC], ``margin_usd_per_ph_day`` [USD/PH/day]; each
        in the kind of the inputs, broadcast against each other.

    Raises
    ------
    ValueError
        If an argument is NaN, non-numeric or out of range; the message names it.

    References
    ----------
    Seeds 001_edb144c9be488f88.txt (hashprice; the all-in cost of producing one bitcoin),
    000_abd4e67359fd40a7.txt (ASICs depreciated over 3-5 years).

    Examples
    --------
    At $70,000 and 1,000 EH/s a 20 J/TH fleet at $0.05/kWh earns $31.50/PH/day, spends
    $24.00 on power and writes off $10.27 ($15/TH over 4 years): a loss.

    >>> out = mining_margin_model(70_000.0, 1_000.0, 20.0, 0.05)
    >>> round(out["hashprice_usd_per_ph_day"], 2), round(out["margin_usd_per_ph_day"], 2)
    (31.5, -2.77)
    """
    inputs = (btc_price_usd, network_hashrate_ehs, efficiency_j_per_th, power_price_usd_per_kwh, uptime,
              useful_life_years, machine_cost_usd_per_th, block_subsidy_btc, fees_per_block_btc,
              operational_efficiency)
    price = check_array("btc_price_usd", btc_price_usd, lo=0, lo_inclusive=False, unit="USD/BTC")
    oe = check_array("operational_efficiency", operational_efficiency, lo=0, hi=1, lo_inclusive=False, unit="fraction")
    capex_ph = check_array("machine_cost_usd_per_th", machine_cost_usd_per_th, lo=0, unit="USD/TH") * TH_PER_PH
    hp = np.asarray(hashprice_btc_per_ph_day(network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc))
    power_day = np.asarray(power_cost_usd_per_ph_day(efficiency_j_per_th, power_price_usd_per_kwh, uptime))
    dep_day = np.asarray(straight_line_depreciation_usd(capex_ph, useful_life_years)) / DAYS_PER_YEAR
    btc_day = hp * oe
    out = {
        "hashprice_usd_per_ph_day": price * hp,
        "power_cost_usd_per_btc": power_day / btc_day,
        "all_in_cost_usd_per_btc": (power_day + dep_day) / btc_day,
        "margin_usd_per_ph_day": price * btc_day - power_day - dep_day,
    }
    shape = np.broadcast_shapes(*(v.shape for v in out.values()))
    return {k: like(np.broadcast_to(v, shape), *inputs) for k, v in out.items()}
