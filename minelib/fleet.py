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

**Practitioner inputs.** Every break-even here takes the inputs an operator's model has,
each computed by the one function that holds it:

* ``pool_fee`` - the FPPS pool fee, a share of the expected reward (Luxor, Braiins and
  Foundry publish 2-4 %), and ``uptime`` - the share of the day the machines hash
  (curtailment, repairs): revenue per installed PH/s is
  :func:`minelib.revenue.mining_revenue_usd_per_ph_day` ``= h (1 - fee) uptime``;
* ``pue`` - the site's power usage effectiveness (cooling, fans and conversion losses;
  1.03-1.10 at mining sites): power at the wall is
  :func:`minelib.costs.power_cost_usd_per_ph_day` ``= 24 e PUE p uptime``;
* fees per block - they are part of the hashprice a break-even is compared with (Luxor's
  hashprice includes the mean fees of the last 144 blocks), of the reward per block of
  :func:`shutdown_btc_price_usd` and of :func:`mining_margin_model`'s
  ``fees_per_block_btc``.

So the break-even hashprice is ``(24 e PUE p uptime + other) / ((1 - fee) uptime)``: with
no other costs, uptime cancels (an idle machine neither earns nor pays for power), and a
2 % FPPS fee with a PUE of 1.08 lifts an S21's $21.00/PH/day at $0.05/kWh to
21 x 1.08 / 0.98 = $23.14. The defaults (fee 0, PUE 1, uptime 1) give the bare
``24 e p`` of the seed reproductions.

The articles' fleet-level numbers (CoinShares: 15-20 % of the global fleet unprofitable,
001; CleanSpark: "less than 10 %" of its fleet unprofitable at $30/PH/day, 002) depend on a
fleet mix and power prices the seeds do not give. This module does not claim to reproduce
them; it lets a notebook state a mix as an explicit assumption and explore it.

References
----------
Seeds 001_edb144c9be488f88.txt (CoinShares 15-20 %), 002_d81e0ff9e5c96647.txt (CleanSpark
< 10 % at $30/PH/day), 003_51347cbd2f4016cb.txt (hashprice ~$40/PH/day, ~913 EH/s),
004_57c45d30c358cac2.txt (hashprice from > $62 in July to ~$40).

Why this module is long: about two thirds of its lines are docstrings (formula, units,
sources and a doctested example for each function); the code does one job, which machines of a fleet pay their way at a hashprice or power price.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import check_array, like, vectorized
from minelib.costs import power_cost_usd_per_ph_day
from minelib.depreciation import straight_line_depreciation_usd
from minelib.protocol import TARGET_BLOCKS_PER_DAY
from minelib.revenue import hashprice_btc_per_ph_day, mining_revenue_usd_per_ph_day
from minelib.units import DAYS_PER_YEAR, TH_PER_PH, ehs_to_ths

__all__ = [
    "fleet_from_models",
    "breakeven_hashprice_usd_per_ph_day",
    "breakeven_power_price_usd_per_kwh",
    "share_unprofitable",
    "unprofitable_share_curve",
    "power_price_for_unprofitable_share_usd_per_kwh",
    "shutdown_btc_price_usd",
    "mining_margin_model",
]


def fleet_from_models(models, hashrates_ehs, asics):
    """A fleet table from ASIC model names and their hashrates, with each model's efficiency.

    Looks each model up in an ASIC table (``minelib.data.load_asics()``) and converts the
    hashrates to TH/s (:func:`minelib.units.ehs_to_ths`), giving the table that
    :func:`share_unprofitable` and its relatives take.

    Parameters
    ----------
    models : sequence of str
        ASIC model names, as in the ``model`` column of ``asics`` (non-empty).
    hashrates_ehs : sequence of float
        Hashrate of each model in the fleet [EH/s], >= 0, one per model.
    asics : pandas.DataFrame
        ASIC specifications with columns ``model`` and ``efficiency_j_per_th`` [J/TH].

    Returns
    -------
    pandas.DataFrame
        Columns ``model``, ``efficiency_j_per_th`` [J/TH] and ``hashrate_ths`` [TH/s], one
        row per model in the given order.

    Raises
    ------
    ValueError
        If the lists are empty or of different lengths, a model is not in ``asics`` (the
        message lists the known ones), or a hashrate is negative or NaN.

    References
    ----------
    ``data/asics.csv`` (manufacturers' nameplate specifications).

    Examples
    --------
    >>> asics = pd.DataFrame({"model": ["S21", "S19"], "efficiency_j_per_th": [17.5, 34.2]})
    >>> fleet_from_models(["S19", "S21"], [33.0, 200.0], asics)
      model  efficiency_j_per_th   hashrate_ths
    0   S19                 34.2   33000000.0
    1   S21                 17.5  200000000.0
    """
    models = list(models)
    ehs = check_array("hashrates_ehs", hashrates_ehs, lo=0.0, unit="EH/s")
    if not models or ehs.ndim != 1 or len(models) != len(ehs):
        raise ValueError(f"models ({len(models)}) and hashrates_ehs ({ehs.size}) must be non-empty lists of the "
                         "same length [-, EH/s]")
    spec = asics.set_index("model")["efficiency_j_per_th"]
    unknown = [m for m in models if m not in spec.index]
    if unknown:
        raise ValueError(f"models: unknown ASIC model(s) {unknown}; choose from {sorted(spec.index)}")
    return pd.DataFrame({"model": models, "efficiency_j_per_th": spec.loc[models].to_numpy(dtype=float),
                         "hashrate_ths": np.asarray(ehs_to_ths(ehs), dtype=float)})


def _practitioner_args(pool_fee, pue, uptime):
    """Validate the practitioner inputs of a break-even (uptime must be > 0: at 0 nothing breaks even)."""
    check_array("pool_fee", pool_fee, lo=0.0, hi=1.0, hi_inclusive=False, unit="fraction")
    check_array("pue", pue, lo=1.0, unit="site power / IT power")
    check_array("uptime", uptime, lo=0.0, hi=1.0, lo_inclusive=False, unit="fraction")


def _collected_share(pool_fee, uptime):
    """Share of the hashprice a PH/s collects: ``(1 - fee) * uptime`` (revenue at a hashprice of 1)."""
    return np.asarray(mining_revenue_usd_per_ph_day(1.0, pool_fee, uptime))


@vectorized
def breakeven_hashprice_usd_per_ph_day(
    efficiency_j_per_th, power_price_usd_per_kwh, other_cost_usd_per_ph_day=0.0, pool_fee=0.0, pue=1.0, uptime=1.0
):
    """Hashprice at which a machine's power and other per-PH costs are just paid.

    Revenue per installed PH/s (:func:`minelib.revenue.mining_revenue_usd_per_ph_day`)
    equals power at the wall (:func:`minelib.costs.power_cost_usd_per_ph_day`) plus other
    costs::

        h (1 - fee) u = 24 e PUE p u + other
        h* = (24 e PUE p u + other) / ((1 - fee) u)

    Derivation of ``24 e``: 1 PH/s = 1,000 TH/s; at ``e`` J/TH it draws ``e * 1,000`` W =
    ``e`` kW, so ``24 e`` kWh per day. With no other costs the uptime cancels: a curtailed
    machine neither earns nor pays for power. The defaults give the bare ``24 e p``.

    Parameters
    ----------
    efficiency_j_per_th : float, ndarray or Series
        Machine (or fleet) efficiency at the machine [J/TH], > 0.
    power_price_usd_per_kwh : float, ndarray or Series
        All-in electricity price [USD/kWh], >= 0.
    other_cost_usd_per_ph_day : float, ndarray or Series, optional
        Other cash costs per installed PH/s, paid whether or not it runs (hosting, staff)
        [USD/PH/day], >= 0.
    pool_fee : float, ndarray or Series, optional
        FPPS pool fee, share of the expected reward [fraction], in [0, 1).
    pue : float, ndarray or Series, optional
        Power usage effectiveness, site power over machine power [dimensionless], >= 1.
    uptime : float, ndarray or Series, optional
        Share of the day the machines hash and draw power [fraction], in (0, 1].

    Returns
    -------
    float, ndarray or Series
        Break-even hashprice [USD/PH/day], to compare with a hashprice that includes fees
        (Luxor's).

    Raises
    ------
    ValueError
        If an argument is NaN, non-numeric or out of range; the message names it.

    References
    ----------
    Hashprice levels: seeds 003_51347cbd2f4016cb.txt, 004_57c45d30c358cac2.txt; Luxor
    Hashrate Index, "Hashprice" (FPPS pools pay it less their fee); The Green Grid, White
    Paper 49 (PUE = facility energy / IT energy).

    Examples
    --------
    An S19-class machine at 34 J/TH on $0.05/kWh:

    >>> round(breakeven_hashprice_usd_per_ph_day(34.0, 0.05), 2)
    40.8
    >>> breakeven_hashprice_usd_per_ph_day(np.array([17.0, 34.0]), 0.05, 2.0)
    array([22.4, 42.8])

    An S21 (17.5 J/TH) at $0.05/kWh, bare and through a 2 % FPPS pool at a PUE of 1.08
    (21 x 1.08 / 0.98):

    >>> round(breakeven_hashprice_usd_per_ph_day(17.5, 0.05), 2)
    21.0
    >>> round(breakeven_hashprice_usd_per_ph_day(17.5, 0.05, pool_fee=0.02, pue=1.08), 2)
    23.14
    """
    _practitioner_args(pool_fee, pue, uptime)
    o = check_array("other_cost_usd_per_ph_day", other_cost_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    power = np.asarray(power_cost_usd_per_ph_day(efficiency_j_per_th, power_price_usd_per_kwh, uptime, pue))
    result = (power + o) / _collected_share(pool_fee, uptime)
    return like(result, efficiency_j_per_th, power_price_usd_per_kwh, other_cost_usd_per_ph_day, pool_fee, pue, uptime)


@vectorized
def breakeven_power_price_usd_per_kwh(
    hashprice_usd_per_ph_day, efficiency_j_per_th, other_cost_usd_per_ph_day=0.0, pool_fee=0.0, pue=1.0, uptime=1.0
):
    """Power price at which a hashprice just pays a machine's power and other costs.

    The inverse of :func:`breakeven_hashprice_usd_per_ph_day` in the power price::

        p* = (h (1 - fee) u - other) / (24 e PUE u)

    The denominator is the power cost at $1/kWh (:func:`minelib.costs.power_cost_usd_per_ph_day`
    is proportional to the price). A negative result means that no non-negative power
    price breaks even: the other costs alone exceed the revenue.

    Parameters
    ----------
    hashprice_usd_per_ph_day : float, ndarray or Series
        Hashprice [USD/PH/day], >= 0.
    efficiency_j_per_th : float, ndarray or Series
        Machine efficiency [J/TH], > 0.
    other_cost_usd_per_ph_day : float, ndarray or Series, optional
        Other cash costs per installed PH/s [USD/PH/day], >= 0.
    pool_fee : float, ndarray or Series, optional
        FPPS pool fee [fraction], in [0, 1).
    pue : float, ndarray or Series, optional
        Power usage effectiveness [dimensionless], >= 1.
    uptime : float, ndarray or Series, optional
        Share of the day hashing [fraction], in (0, 1].

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
    twice that; a 2 % pool fee and a PUE of 1.08 take 9.3 % off (0.98 / 1.08):

    >>> round(breakeven_power_price_usd_per_kwh(40.0, 34.0), 4)
    0.049
    >>> breakeven_power_price_usd_per_kwh(40.0, np.array([17.0, 34.0])).round(4)
    array([0.098, 0.049])
    >>> round(breakeven_power_price_usd_per_kwh(40.0, 34.0, pool_fee=0.02, pue=1.08), 4)
    0.0445
    """
    _practitioner_args(pool_fee, pue, uptime)
    revenue = np.asarray(mining_revenue_usd_per_ph_day(hashprice_usd_per_ph_day, pool_fee, uptime))
    o = check_array("other_cost_usd_per_ph_day", other_cost_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    cost_at_one_usd_per_kwh = np.asarray(power_cost_usd_per_ph_day(efficiency_j_per_th, 1.0, uptime, pue))
    result = (revenue - o) / cost_at_one_usd_per_kwh
    return like(result, hashprice_usd_per_ph_day, efficiency_j_per_th, other_cost_usd_per_ph_day, pool_fee, pue, uptime)


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
    fleet, hashprice_usd_per_ph_day, power_price_usd_per_kwh=None, other_cost_usd_per_ph_day=0.0,
    pool_fee=0.0, pue=1.0, uptime=1.0,
):
    """Hashrate-weighted share of a fleet whose running cost exceeds what it collects.

    ``share(h, p) = sum_i w_i * [24 e_i PUE p u + other > h (1 - fee) u] / sum_i w_i``

    i.e. the share of hashrate whose :func:`breakeven_hashprice_usd_per_ph_day` exceeds
    ``h``. A machine exactly at break-even counts as profitable (cost must *exceed*
    revenue). ``h`` and ``p`` broadcast against each other like a ufunc; the fleet is the
    summed axis; the other costs and the practitioner inputs apply to the whole fleet.

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
    pool_fee : float, optional
        FPPS pool fee [fraction], in [0, 1).
    pue : float, optional
        Power usage effectiveness [dimensionless], >= 1.
    uptime : float, optional
        Share of the day hashing [fraction], in (0, 1].

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

    A 2 % pool fee and a PUE of 1.08 lift the break-evens to 22.5, 33.1 and 45.0: at $40
    the 34 J/TH machines stay under water and at $31 the 25 J/TH ones join them:

    >>> share_unprofitable(fleet, np.array([40.0, 31.0]), 0.05, pool_fee=0.02, pue=1.08)
    array([0.1, 0.4])
    """
    e, w, per_machine_price = _fleet_arrays(fleet, power_price_usd_per_kwh)
    h = check_array("hashprice_usd_per_ph_day", hashprice_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    for name, value in (("other_cost_usd_per_ph_day", other_cost_usd_per_ph_day), ("pool_fee", pool_fee),
                        ("pue", pue), ("uptime", uptime)):
        if np.ndim(value) != 0:
            raise ValueError(f"{name}={value!r} must be a scalar (it applies to the whole fleet)")
    if per_machine_price is None:
        p = check_array("power_price_usd_per_kwh", power_price_usd_per_kwh, lo=0.0, unit="USD/kWh")
        h, p = np.broadcast_arrays(h, p)
        inputs = (hashprice_usd_per_ph_day, power_price_usd_per_kwh)
    else:
        p = None
        inputs = (hashprice_usd_per_ph_day,)
    breakeven = _fleet_breakevens(e, per_machine_price, p, other_cost_usd_per_ph_day, pool_fee, pue, uptime)
    return like(_share_unprofitable(breakeven, w, h), *inputs)


def _fleet_breakevens(e, per_machine_price, power_price_usd_per_kwh, other_cost_usd_per_ph_day=0.0, pool_fee=0.0,
                      pue=1.0, uptime=1.0):
    """Each machine class's :func:`breakeven_hashprice_usd_per_ph_day` [USD/PH/day], the classes on the last axis.

    The classes ``e`` and ``per_machine_price`` are :func:`_fleet_arrays`'; the power price
    is the fleet's own column where it found one (``per_machine_price`` not None), else
    ``power_price_usd_per_kwh`` for every class (its shape before the classes' axis).
    :func:`share_unprofitable` and the Monte Carlo's hashprice response both take it from here.
    """
    price = np.asarray(power_price_usd_per_kwh)[..., None] if per_machine_price is None else per_machine_price
    return np.asarray(breakeven_hashprice_usd_per_ph_day(e, price, other_cost_usd_per_ph_day, pool_fee, pue, uptime))


def _share_unprofitable(breakeven, w, h):
    """:func:`share_unprofitable`'s sum on checked arrays: the weight ``w`` of the classes whose
    break-even (last axis) exceeds the hashprice ``h`` (the Monte Carlo's hashprice response
    calls it on its paths with the break-evens it computed once)."""
    unprofitable = np.broadcast_to(breakeven, h.shape + w.shape) > h[..., None]
    return np.clip(unprofitable @ w, 0.0, 1.0)


def unprofitable_share_curve(fleet, hashprices_usd_per_ph_day, power_price_usd_per_kwh=None,
                             other_cost_usd_per_ph_day=0.0, pool_fee=0.0, pue=1.0, uptime=1.0):
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
    pool_fee : float, optional
        FPPS pool fee [fraction], in [0, 1).
    pue : float, optional
        Power usage effectiveness [dimensionless], >= 1.
    uptime : float, optional
        Share of the day hashing [fraction], in (0, 1].

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
    values = share_unprofitable(fleet, h, power_price_usd_per_kwh, other_cost_usd_per_ph_day, pool_fee, pue, uptime)
    index = pd.Index(h, name="hashprice_usd_per_ph_day")
    return pd.Series(np.atleast_1d(values), index=index, name="share_unprofitable")


def power_price_for_unprofitable_share_usd_per_kwh(
    fleet, hashprice_usd_per_ph_day, target_share, other_cost_usd_per_ph_day=0.0, pool_fee=0.0, pue=1.0, uptime=1.0
):
    """Power price above which at least ``target_share`` of the fleet is unprofitable.

    Machine ``i`` is unprofitable when ``p`` exceeds its
    :func:`breakeven_power_price_usd_per_kwh` ``p_i* = (h (1 - fee) u - other) / (24 e_i PUE u)``. Sorting the
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
    pool_fee : float, optional
        FPPS pool fee [fraction], in [0, 1).
    pue : float, optional
        Power usage effectiveness [dimensionless], >= 1.
    uptime : float, optional
        Share of the day hashing [fraction], in (0, 1].

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
                           ("other_cost_usd_per_ph_day", o, other_cost_usd_per_ph_day),
                           ("pool_fee", np.asarray(pool_fee), pool_fee), ("pue", np.asarray(pue), pue),
                           ("uptime", np.asarray(uptime), uptime)):
        if arr.ndim != 0:
            raise ValueError(f"{name}={val!r} must be a scalar")
    p_star = np.asarray(breakeven_power_price_usd_per_kwh(h, e, o, pool_fee, pue, uptime))
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
    pool_fee=0.0,
    pue=1.0,
    uptime=1.0,
):
    """BTC price at which the network hashprice equals a machine's break-even hashprice.

    Hashprice ``= S * R * B / H_PH`` [USD/PH/day] with price ``S``, reward per block ``R``
    (subsidy + fees) [BTC], blocks per day ``B`` and network hashrate ``H_PH`` [PH/s]
    (:func:`minelib.revenue.hashprice_btc_per_ph_day`). Setting it equal to the break-even
    hashprice ``h*`` (:func:`breakeven_hashprice_usd_per_ph_day`) gives

    ``S* = h* * H_PH / (R * B)``,  ``h* = (24 e PUE p u + other) / ((1 - fee) u)``

    With ``H_PH`` the hashrate the difficulty implies at 144 blocks a day
    (:func:`minelib.protocol.hashrate_from_difficulty_ehs`) this is the shutdown price in
    Luxor's difficulty form of the hashprice.

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
    pool_fee : float, ndarray or Series, optional
        FPPS pool fee [fraction], in [0, 1).
    pue : float, ndarray or Series, optional
        Power usage effectiveness [dimensionless], >= 1.
    uptime : float, ndarray or Series, optional
        Share of the day hashing [fraction], in (0, 1].

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

    Through a 2 % FPPS pool at a PUE of 1.08 it needs 1.08 / 0.98 times that:

    >>> round(shutdown_btc_price_usd(34.0, 0.05, 913.0, 3.125, pool_fee=0.02, pue=1.08))
    91225
    """
    check_array("reward_btc_per_block", reward_btc_per_block, lo=0.0, lo_inclusive=False, unit="BTC/block")
    check_array("blocks_per_day", blocks_per_day, lo=0.0, lo_inclusive=False, unit="blocks/day")
    breakeven = np.asarray(breakeven_hashprice_usd_per_ph_day(
        efficiency_j_per_th, power_price_usd_per_kwh, other_cost_usd_per_ph_day, pool_fee, pue, uptime))
    hashprice_btc = np.asarray(hashprice_btc_per_ph_day(network_hashrate_ehs, reward_btc_per_block, 0.0, blocks_per_day))
    return like(
        breakeven / hashprice_btc,
        efficiency_j_per_th,
        power_price_usd_per_kwh,
        network_hashrate_ehs,
        reward_btc_per_block,
        blocks_per_day,
        other_cost_usd_per_ph_day,
        pool_fee,
        pue,
        uptime,
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
    pool_fee=0.0,
    pue=1.0,
):
    """Economics of 1 PH/s of a fleet: hashprice, cost per BTC and margin per day.

    Composed from the model functions, per PH/s and day::

        hp       = hashprice_btc_per_ph_day(N, subsidy, fees)              [BTC]   (revenue)
        received = mining_revenue_usd_per_ph_day(hp * oe, pool_fee)        [BTC]   (revenue)
        power    = power_cost_usd_per_ph_day(e, price_kWh, uptime, PUE)    [USD]   (costs)
        deprec.  = straight_line_depreciation_usd(capex/TH * 1000, life) / 365.25
        margin   = S * received - power - deprec.
        power cost per BTC = power / received;  all-in cost per BTC = (power + deprec.) / received

    ``operational_efficiency`` is the captured share of the expected reward and already
    includes the downtime, so the revenue is taken with uptime 1 and ``uptime`` only
    scales the power drawn (as in :func:`minelib.costs.power_cost_usd_per_btc`). The pool's
    FPPS fee comes off the BTC received, so the costs per BTC are per BTC the miner keeps.

    Hashprice here is the hashrate form (Luxor's definition with ``N`` in place of the
    difficulty's hashrate, see :func:`minelib.revenue.hashprice_btc_per_ph_day`); the
    all-in cost is CoinShares' less SG&A and interest, which are not per-PH quantities.
    The defaults (``pool_fee`` 0, ``pue`` 1) give the bare model.

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
    pool_fee : float, ndarray or Series
        FPPS pool fee, share of the reward [fraction], in [0, 1).
    pue : float, ndarray or Series
        Power usage effectiveness, site power over machine power [dimensionless], >= 1.

    Returns
    -------
    dict of float, ndarray or Series
        ``hashprice_usd_per_ph_day`` [USD/PH/day] (before the pool fee),
        ``power_cost_usd_per_btc`` and ``all_in_cost_usd_per_btc`` [USD/BTC],
        ``margin_usd_per_ph_day`` [USD/PH/day]; each in the kind of the inputs, broadcast
        against each other.

    Raises
    ------
    ValueError
        If an argument is NaN, non-numeric or out of range; the message names it.

    References
    ----------
    Seeds 001_edb144c9be488f88.txt (hashprice; the all-in cost of producing one bitcoin),
    000_abd4e67359fd40a7.txt (ASICs depreciated over 3-5 years); Luxor Hashrate Index,
    "Hashprice" (FPPS pays it less the pool fee).

    Examples
    --------
    At $70,000 and 1,000 EH/s a 20 J/TH fleet at $0.05/kWh earns $31.50/PH/day, spends
    $24.00 on power and writes off $10.27 ($15/TH over 4 years): a loss. A 2 % pool fee
    and a PUE of 1.08 deepen it by 0.63 + 1.92:

    >>> out = mining_margin_model(70_000.0, 1_000.0, 20.0, 0.05)
    >>> round(out["hashprice_usd_per_ph_day"], 2), round(out["margin_usd_per_ph_day"], 2)
    (31.5, -2.77)
    >>> round(mining_margin_model(70_000.0, 1_000.0, 20.0, 0.05, pool_fee=0.02, pue=1.08)["margin_usd_per_ph_day"], 2)
    -5.32
    """
    inputs = (btc_price_usd, network_hashrate_ehs, efficiency_j_per_th, power_price_usd_per_kwh, uptime,
              useful_life_years, machine_cost_usd_per_th, block_subsidy_btc, fees_per_block_btc,
              operational_efficiency, pool_fee, pue)
    price = check_array("btc_price_usd", btc_price_usd, lo=0, lo_inclusive=False, unit="USD/BTC")
    oe = check_array("operational_efficiency", operational_efficiency, lo=0, hi=1, lo_inclusive=False, unit="fraction")
    capex_ph = check_array("machine_cost_usd_per_th", machine_cost_usd_per_th, lo=0, unit="USD/TH") * TH_PER_PH
    hp = np.asarray(hashprice_btc_per_ph_day(network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc))
    power_day = np.asarray(power_cost_usd_per_ph_day(efficiency_j_per_th, power_price_usd_per_kwh, uptime, pue))
    dep_day = np.asarray(straight_line_depreciation_usd(capex_ph, useful_life_years)) / DAYS_PER_YEAR
    btc_day = np.asarray(mining_revenue_usd_per_ph_day(hp * oe, pool_fee))  # BTC kept after the pool fee
    out = {
        "hashprice_usd_per_ph_day": price * hp,
        "power_cost_usd_per_btc": power_day / btc_day,
        "all_in_cost_usd_per_btc": (power_day + dep_day) / btc_day,
        "margin_usd_per_ph_day": price * btc_day - power_day - dep_day,
    }
    shape = np.broadcast_shapes(*(v.shape for v in out.values()))
    return {k: like(np.broadcast_to(v, shape), *inputs) for k, v in out.items()}
