"""A site's cash flows per gross megawatt, mined or leased to AI/HPC, and their NPV.

:mod:`minelib.hpc` puts a mining MW and a leased MW on one basis, the gross (utility)
megawatt. This module compares what each leaves in cash, year by year, and discounts it:

* **mining** (:func:`mining_site_cash_flows`): revenue after the FPPS pool fee and the
  downtime, less power at the meter, other cash costs and the **sustaining ASIC capex**
  (machines wear out and are replaced: price per TH x TH/s per gross MW / life,
  :func:`minelib.hpc.sustaining_capex_usd_per_mw_year`). The site and its machines exist;
  nothing is spent up front;
* **HPC** (:func:`hpc_site_cash_flows`): the **conversion capex** up front (per MW of IT
  load, divided by the gross-to-IT ratio), no revenue while the hall is built, then the
  lease (escalating each year) times the net operating income margin the landlord keeps.

Flows are yearly, at the end of each year, year 0 = now (the convention of
``numpy_financial.npv``); :func:`present_value_usd` discounts them at a stated rate and
:func:`discounted_payback_years` finds when the discounted running total turns
non-negative. The conversion's flows are the HPC flows less the mining flows it gives up;
:func:`npv_switch_hashprice_usd_per_ph_day` is the hashprice at which mining is worth as
much as the lease.

Not modelled: terminal values (the HPC hall and its extension options, the mining site
after the horizon), taxes, financing, the option to curtail machines below their cash
cost, and ASIC prices that move with the hashprice. State them in a notebook.

References
----------
Brealey, Myers and Allen, *Principles of Corporate Finance*, ch. 2 and 5 (present value,
discounted payback); ``data/hpc_deals.csv`` (Cipher-Fluidstack: NOI margins of 80-85 %,
project costs of $9-11 million per MW of critical IT load, annual escalators); seed
000_abd4e67359fd40a7.txt (ASICs depreciated over 3-5 years).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import check_array, like, vectorized
from minelib.hpc import (
    hpc_lease_revenue_usd_per_mw_year,
    mining_revenue_usd_per_mw_year,
    phs_per_mw,
    power_cost_usd_per_mw_year,
    sustaining_capex_usd_per_mw_year,
)
from minelib.units import DAYS_PER_YEAR

__all__ = [
    "CASH_FLOW_COLUMNS",
    "mining_site_cash_flows",
    "hpc_site_cash_flows",
    "present_value_usd",
    "discounted_payback_years",
    "npv_switch_hashprice_usd_per_ph_day",
]

#: Columns of a site's cash-flow table [USD per gross MW], one row per year (0 = now).
CASH_FLOW_COLUMNS: tuple[str, ...] = ("revenue_usd", "operating_cost_usd", "capex_usd", "net_usd")


def _years(name, value, lo=1):
    return int(check_array(name, value, lo=lo, unit="years", integer=True))


def _table(revenue, operating, capex):
    df = pd.DataFrame({"revenue_usd": revenue, "operating_cost_usd": operating, "capex_usd": capex})
    df["net_usd"] = df["revenue_usd"] - df["operating_cost_usd"] - df["capex_usd"]
    df.index.name = "year"
    return df


def _growth(years, rate, start=1):
    """Factor (1 + rate)^(t - start) for t >= start, 0 before, over years 0..n."""
    t = np.arange(years + 1)
    return np.where(t >= start, (1.0 + rate) ** np.maximum(t - start, 0), 0.0)


def mining_site_cash_flows(
    horizon_years,
    hashprice_usd_per_ph_day,
    efficiency_j_per_th,
    power_price_usd_per_kwh,
    machine_cost_usd_per_th,
    machine_life_years,
    pool_fee=0.0,
    pue=1.0,
    uptime=1.0,
    other_cost_usd_per_ph_day=0.0,
    hashprice_growth_per_year=0.0,
):
    """Yearly cash flows of one gross megawatt that keeps mining.

    For years ``t = 1 .. n`` (year 0 holds nothing: the site and its machines exist)::

        revenue_t   = mining_revenue_usd_per_mw_year(h, e, u, fee, PUE) * (1 + g)^(t-1)
        operating   = power_cost_usd_per_mw_year(p, u) + other * PH/s per gross MW * 365.25
        capex       = sustaining_capex_usd_per_mw_year(price/TH, e, life, PUE)
        net_t       = revenue_t - operating - capex

    The hashprice changes by ``g`` a year (an ASSUMPTION a notebook states: flat is the
    most favourable case, since halvings cut the subsidy); the machines, their price per
    TH and the power price stay as they are.

    Parameters
    ----------
    horizon_years : int
        Horizon [years], >= 1.
    hashprice_usd_per_ph_day : float
        Hashprice in the first year [USD/PH/day], >= 0.
    efficiency_j_per_th : float
        Machine efficiency [J/TH], > 0.
    power_price_usd_per_kwh : float
        All-in electricity price [USD/kWh], >= 0.
    machine_cost_usd_per_th : float
        Price of replacement machines [USD/TH], >= 0.
    machine_life_years : float
        Useful life of a machine [years], > 0.
    pool_fee : float, optional
        FPPS pool fee [fraction], in [0, 1).
    pue : float, optional
        Power usage effectiveness of the site [dimensionless], >= 1.
    uptime : float, optional
        Share of the year hashing [fraction], in [0, 1].
    other_cost_usd_per_ph_day : float, optional
        Other cash costs per installed PH/s (staff, maintenance) [USD/PH/day], >= 0.
    hashprice_growth_per_year : float, optional
        Yearly change of the hashprice [fraction per year], > -1.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (0 .. n); columns :data:`CASH_FLOW_COLUMNS` [USD per gross MW].

    Raises
    ------
    ValueError
        If an argument is NaN, out of range or not a scalar; the message names it.

    References
    ----------
    Seeds 003_51347cbd2f4016cb.txt, 004_57c45d30c358cac2.txt (hashprice ~$40/PH/day);
    000_abd4e67359fd40a7.txt (ASIC lives of 3-5 years).

    Examples
    --------
    An S21 site (17.5 J/TH, PUE 1.05) at $40/PH/day, 2 % FPPS, 95 % uptime, $0.05/kWh,
    machines at $20/TH replaced every 4 years:

    >>> cf = mining_site_cash_flows(3, 40.0, 17.5, 0.05, 20.0, 4.0, pool_fee=0.02, pue=1.05, uptime=0.95)
    >>> (cf["net_usd"] / 1e3).round(1).tolist()
    [0.0, 51.7, 51.7, 51.7]
    """
    n = _years("horizon_years", horizon_years)
    args = {"hashprice_usd_per_ph_day": hashprice_usd_per_ph_day, "efficiency_j_per_th": efficiency_j_per_th,
            "power_price_usd_per_kwh": power_price_usd_per_kwh, "machine_cost_usd_per_th": machine_cost_usd_per_th,
            "machine_life_years": machine_life_years, "pool_fee": pool_fee, "pue": pue, "uptime": uptime,
            "other_cost_usd_per_ph_day": other_cost_usd_per_ph_day,
            "hashprice_growth_per_year": hashprice_growth_per_year}
    for name, value in args.items():
        if np.ndim(value) != 0:
            raise ValueError(f"{name}={value!r} must be a scalar")
    g = float(check_array("hashprice_growth_per_year", hashprice_growth_per_year, lo=-1.0, lo_inclusive=False,
                          unit="fraction per year"))
    other = check_array("other_cost_usd_per_ph_day", other_cost_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    revenue = float(mining_revenue_usd_per_mw_year(hashprice_usd_per_ph_day, efficiency_j_per_th, uptime, pool_fee, pue))
    operating = (float(power_cost_usd_per_mw_year(power_price_usd_per_kwh, uptime))
                 + float(other) * float(phs_per_mw(efficiency_j_per_th, pue)) * DAYS_PER_YEAR)
    capex = float(sustaining_capex_usd_per_mw_year(machine_cost_usd_per_th, efficiency_j_per_th, machine_life_years, pue))
    running = _growth(n, 0.0)  # 1 from year 1 on
    return _table(revenue * _growth(n, g), operating * running, capex * running)


def hpc_site_cash_flows(
    horizon_years,
    lease_usd_per_kw_month,
    gross_to_it_ratio,
    noi_margin,
    capex_usd_per_it_mw,
    lease_escalator_per_year=0.0,
    build_years=0,
):
    """Yearly cash flows of one gross megawatt converted and leased to an HPC tenant.

    Year 0 pays the conversion capex per gross MW, ``capex per MW of IT / r``. The lease
    starts after ``build_years`` empty years; in its ``k``-th year (``k = t - build``)::

        revenue_t   = hpc_lease_revenue_usd_per_mw_year(L1, r) * (1 + esc)^(k-1)
        operating_t = revenue_t * (1 - NOI margin)
        net_t       = revenue_t - operating_t - capex_t

    The net operating income margin is the share of the lease the landlord keeps after
    running the site (Cipher expects 80-85 % at Barber Lake); it is before interest and
    tax, like the mining flows.

    Parameters
    ----------
    horizon_years : int
        Horizon [years], >= 1, build years included.
    lease_usd_per_kw_month : float
        Lease in its first year, per kW of critical IT load [USD/kW/month], >= 0 (from an
        average: :func:`minelib.hpc.first_year_lease_usd_per_kw_month`).
    gross_to_it_ratio : float
        Gross site capacity per MW of IT load [dimensionless], >= 1 (Barber Lake 1.452).
    noi_margin : float
        Net operating income over lease revenue [fraction], in [0, 1].
    capex_usd_per_it_mw : float
        Conversion capex per MW of critical IT load [USD/MW], >= 0.
    lease_escalator_per_year : float, optional
        Yearly increase of the lease [fraction per year], > -1.
    build_years : int, optional
        Years without revenue while the hall is built [years], in [0, horizon_years).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (0 .. n); columns :data:`CASH_FLOW_COLUMNS` [USD per gross MW].

    Raises
    ------
    ValueError
        If an argument is NaN, out of range or not a scalar; the message names it.

    References
    ----------
    ``data/hpc_deals.csv`` (Cipher-Fluidstack: ~$3B over 10 years for 168 MW of IT on
    244 MW gross, $9-11M per MW of IT, NOI margins of 80-85 %, annual escalators, completion
    expected a year after signing).

    Examples
    --------
    $148.8/kW-month flat, 1.452 gross per IT MW, 82.5 % NOI, $10M per IT MW, one year of
    building:

    >>> cf = hpc_site_cash_flows(3, 148.8, 244 / 168, 0.825, 10e6, build_years=1)
    >>> (cf["net_usd"] / 1e3).round(1).tolist()
    [-6885.2, 0.0, 1014.3, 1014.3]
    """
    n = _years("horizon_years", horizon_years)
    b = _years("build_years", build_years, lo=0)
    if b >= n:
        raise ValueError(f"build_years={build_years!r} must be below horizon_years={horizon_years!r} [years]: "
                         "the lease needs a year")
    for name, value in (("lease_usd_per_kw_month", lease_usd_per_kw_month), ("gross_to_it_ratio", gross_to_it_ratio),
                        ("noi_margin", noi_margin), ("capex_usd_per_it_mw", capex_usd_per_it_mw),
                        ("lease_escalator_per_year", lease_escalator_per_year)):
        if np.ndim(value) != 0:
            raise ValueError(f"{name}={value!r} must be a scalar")
    margin = float(check_array("noi_margin", noi_margin, lo=0.0, hi=1.0, unit="fraction"))
    capex_it = float(check_array("capex_usd_per_it_mw", capex_usd_per_it_mw, lo=0.0, unit="USD/MW"))
    esc = float(check_array("lease_escalator_per_year", lease_escalator_per_year, lo=-1.0, lo_inclusive=False,
                            unit="fraction per year"))
    full_year = float(hpc_lease_revenue_usd_per_mw_year(lease_usd_per_kw_month, gross_to_it_ratio))
    revenue = full_year * _growth(n, esc, start=b + 1)
    capex = np.zeros(n + 1)
    capex[0] = capex_it / float(gross_to_it_ratio)  # per gross MW
    return _table(revenue, revenue * (1.0 - margin), capex)


def _flows(cash_flows_usd):
    cf = check_array("cash_flows_usd", cash_flows_usd, unit="USD")
    if cf.ndim != 1 or cf.size < 2:
        raise ValueError(f"cash_flows_usd has shape {cf.shape}; expected one flow a year, years 0 .. n with n >= 1")
    return cf


def _discounted(cf, discount_rate_per_year):
    r = check_array("discount_rate_per_year", discount_rate_per_year, lo=-1.0, lo_inclusive=False,
                    unit="fraction per year")
    return cf * (1.0 + r[..., None]) ** -np.arange(cf.size)  # (..., years)


def present_value_usd(cash_flows_usd, discount_rate_per_year):
    """Net present value of yearly cash flows: ``NPV = sum_k CF_k (1 + r)^-k``.

    Flow ``k`` (position ``k`` of the array or Series) falls at the end of year ``k``;
    year 0 is now and is not discounted (``numpy_financial.npv``'s convention). Vectorized
    over the discount rate.

    Parameters
    ----------
    cash_flows_usd : array-like or Series
        Cash flows of years 0 .. n [USD] (one-dimensional, n >= 1).
    discount_rate_per_year : float, ndarray or Series
        Discount rate, compounded yearly [fraction per year], > -1.

    Returns
    -------
    float, ndarray or Series
        NPV [USD], in the kind of the discount rate.

    Raises
    ------
    ValueError
        If the flows are not one-dimensional, hold a NaN, or a rate is out of range.

    References
    ----------
    Brealey, Myers and Allen, *Principles of Corporate Finance*, ch. 2 (present value).

    Examples
    --------
    -100 now and 60 in each of two years, at 10 % and at 0:

    >>> round(present_value_usd([-100.0, 60.0, 60.0], 0.10), 4)
    4.1322
    >>> present_value_usd([-100.0, 60.0, 60.0], np.array([0.0, 0.10])).round(4)
    array([20.    ,  4.1322])
    """
    cf = _flows(cash_flows_usd)
    return like(_discounted(cf, discount_rate_per_year).sum(axis=-1), discount_rate_per_year)


def discounted_payback_years(cash_flows_usd, discount_rate_per_year):
    """Years until the discounted running total of the cash flows turns non-negative.

    With ``D_k = CF_k (1 + r)^-k`` and ``C_k = D_0 + ... + D_k``, the first ``k`` with
    ``C_k >= 0`` gives

    ``payback = (k - 1) + (-C_{k-1}) / D_k``

    (the recovery year counted in part, as if its flow came in evenly); 0 if ``C_0 >= 0``,
    ``inf`` if the total never turns non-negative within the flows. At a rate of 0 it is
    the simple payback.

    Parameters
    ----------
    cash_flows_usd : array-like or Series
        Cash flows of years 0 .. n [USD] (one-dimensional, n >= 1).
    discount_rate_per_year : float, ndarray or Series
        Discount rate [fraction per year], > -1.

    Returns
    -------
    float, ndarray or Series
        Discounted payback [years], >= 0 or ``inf``, in the kind of the discount rate.

    Raises
    ------
    ValueError
        If the flows are not one-dimensional, hold a NaN, or a rate is out of range.

    References
    ----------
    Brealey, Myers and Allen, *Principles of Corporate Finance*, ch. 5 (discounted payback).

    Examples
    --------
    -100 now and 60 a year: 1.67 years undiscounted; at 10 % the first year recovers
    54.55 and the second 49.59 of the remaining 45.45:

    >>> discounted_payback_years([-100.0, 60.0, 60.0], np.array([0.0, 0.10])).round(3)
    array([1.667, 1.917])
    >>> discounted_payback_years([-100.0, 10.0, 10.0], 0.10)
    inf
    """
    cf = _flows(cash_flows_usd)
    pv = _discounted(cf, discount_rate_per_year)
    cum = np.cumsum(pv, axis=-1)
    reached = cum >= 0
    k = reached.argmax(axis=-1)
    before = np.take_along_axis(cum, np.maximum(k - 1, 0)[..., None], axis=-1)[..., 0]
    step = np.take_along_axis(pv, k[..., None], axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        partial = (k - 1) + np.where(k > 0, -before / np.where(step > 0, step, 1.0), 0.0)
    out = np.where(~reached.any(axis=-1), np.inf, np.where(k == 0, 0.0, partial))
    return like(out, discount_rate_per_year)


@vectorized
def npv_switch_hashprice_usd_per_ph_day(
    target_npv_usd,
    discount_rate_per_year,
    horizon_years,
    efficiency_j_per_th,
    power_price_usd_per_kwh,
    machine_cost_usd_per_th,
    machine_life_years,
    pool_fee=0.0,
    pue=1.0,
    uptime=1.0,
    other_cost_usd_per_ph_day=0.0,
    hashprice_growth_per_year=0.0,
):
    """First-year hashprice at which mining a gross MW is worth a target NPV (an HPC lease's).

    Mining's NPV is linear in the hashprice: ``NPV(h) = h A - B`` with ``A`` the present
    value of the revenue at $1/PH/day and ``B`` that of the costs
    (:func:`mining_site_cash_flows`, :func:`present_value_usd`), so

    ``h* = (target + B) / A``

    With the NPV of :func:`hpc_site_cash_flows` as the target this is the hashprice above
    which keeping the site mining is worth more than converting it, on one basis (per
    gross MW, capex of both charged, discounted).

    Parameters
    ----------
    target_npv_usd : float, ndarray or Series
        NPV to match [USD per gross MW].
    discount_rate_per_year : float, ndarray or Series
        Discount rate [fraction per year], > -1.
    horizon_years : int
        Horizon [years], >= 1.
    efficiency_j_per_th : float
        Machine efficiency [J/TH], > 0.
    power_price_usd_per_kwh : float
        All-in electricity price [USD/kWh], >= 0.
    machine_cost_usd_per_th : float
        Price of replacement machines [USD/TH], >= 0.
    machine_life_years : float
        Useful life of a machine [years], > 0.
    pool_fee : float, optional
        FPPS pool fee [fraction], in [0, 1).
    pue : float, optional
        Power usage effectiveness of the site [dimensionless], >= 1.
    uptime : float, optional
        Share of the year hashing [fraction], in (0, 1].
    other_cost_usd_per_ph_day : float, optional
        Other cash costs per installed PH/s [USD/PH/day], >= 0.
    hashprice_growth_per_year : float, optional
        Yearly change of the hashprice [fraction per year], > -1.

    Returns
    -------
    float, ndarray or Series
        Hashprice in the first year [USD/PH/day], in the kind of the target and rate.

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names it.

    References
    ----------
    Brealey, Myers and Allen, *Principles of Corporate Finance*, ch. 2 and 6 (compare
    projects by NPV); ``data/hpc_deals.csv``.

    Examples
    --------
    The hashprice at which the S21 site of :func:`mining_site_cash_flows` is worth what
    it is worth at $40 returns $40; one worth nothing needs the cost-covering hashprice:

    >>> kw = dict(efficiency_j_per_th=17.5, power_price_usd_per_kwh=0.05, machine_cost_usd_per_th=20.0,
    ...           machine_life_years=4.0, pool_fee=0.02, pue=1.05, uptime=0.95)
    >>> npv40 = present_value_usd(mining_site_cash_flows(10, 40.0, **kw)["net_usd"], 0.10)
    >>> round(npv_switch_hashprice_usd_per_ph_day(npv40, 0.10, 10, **kw), 6)
    40.0
    >>> round(npv_switch_hashprice_usd_per_ph_day(0.0, 0.10, 10, **kw), 2)
    37.2
    """
    target = check_array("target_npv_usd", target_npv_usd, unit="USD")
    check_array("uptime", uptime, lo=0.0, hi=1.0, lo_inclusive=False, unit="fraction")
    unit = mining_site_cash_flows(horizon_years, 1.0, efficiency_j_per_th, power_price_usd_per_kwh, machine_cost_usd_per_th,
                                  machine_life_years, pool_fee, pue, uptime, other_cost_usd_per_ph_day,
                                  hashprice_growth_per_year)
    a = np.asarray(present_value_usd(unit["revenue_usd"].to_numpy(), discount_rate_per_year))
    b = np.asarray(present_value_usd((unit["operating_cost_usd"] + unit["capex_usd"]).to_numpy(), discount_rate_per_year))
    return like((target + b) / a, target_npv_usd, discount_rate_per_year)
