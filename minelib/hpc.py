"""Bitcoin mining versus AI / HPC hosting on one basis: what a utility megawatt earns.

**One megawatt, two meanings.** A colocation lease is priced per kW of *critical IT load*
(the power the tenant's servers may draw); a mining megawatt is *gross site power* at the
utility meter, cooling and losses included. Compared as they are quoted, a lease MW and a
mining MW are different amounts of grid capacity. Here both are put per **gross
(utility) MW**:

* mining: a gross MW feeds ``1 / PUE`` MW of machines, ``10^6 / (e PUE)`` TH/s at ``e``
  J/TH (:func:`phs_per_mw`); it earns the hashprice after the FPPS pool fee and the
  downtime (:func:`minelib.revenue.mining_revenue_usd_per_ph_day`) on that hashrate,
  ``revenue = h (1 - fee) u * PH/s per gross MW * 365.25`` (:func:`mining_revenue_usd_per_mw_year`);
* HPC: a gross MW carries ``1 / r`` MW of critical IT load, with ``r`` the site's gross
  capacity per MW of IT (Cipher's Barber Lake: 244 MW gross for 168 MW of IT, 1.452); a
  lease at ``L`` USD per kW of IT per month earns ``L * 1,000 * 12 / r`` per gross MW-year
  (:func:`hpc_lease_revenue_usd_per_mw_year`).

A deal's value over its term and capacity gives its average lease
(:func:`contract_lease_usd_per_kw_month`): Cipher-Fluidstack's ~$3 billion over 10 years
for 168 MW of IT is $148.8 per kW-month. A lease with annual escalators starts below its
average (:func:`first_year_lease_usd_per_kw_month`).

The hashprice at which mining a gross MW earns as much *revenue* as leasing it is
:func:`breakeven_hashprice_vs_hpc_usd_per_ph_day`; comparing the *cash* each leaves,
after power, the sustaining ASIC capex (:func:`sustaining_capex_usd_per_mw_year`) and the
conversion capex, discounted, is :mod:`minelib.site_npv`.

**Assumptions must be flagged.** Public deal terms are in ``data/hpc_deals.csv`` (each
figure with its page and words); where a deal leaves a term open (is Cipher-AWS's 300 MW
IT load or gross capacity?) a notebook must label its reading as an assumption.

References
----------
Seeds 002_d81e0ff9e5c96647.txt (IREN $9.7B Microsoft), 003_51347cbd2f4016cb.txt (a reported
300 MW deal; hashprice ~$40/PH/day), 004_57c45d30c358cac2.txt (Cipher $5.5B Amazon, IREN
$9.7B Microsoft; hashprice > $62 in July to ~$40); ``data/hpc_deals.csv`` (the public
terms of the Cipher-Fluidstack, Cipher-AWS and IREN-Microsoft deals); The Green Grid,
White Paper 49 (PUE = facility energy / IT energy).
"""

from __future__ import annotations

import numpy as np

from minelib._validate import check_array, like, vectorized
from minelib.depreciation import straight_line_depreciation_usd
from minelib.revenue import mining_revenue_usd_per_ph_day
from minelib.units import DAYS_PER_YEAR, HOURS_PER_DAY, KW_PER_MW, TH_PER_PH, WATTS_PER_MW

__all__ = [
    "phs_per_mw",
    "mining_revenue_usd_per_mw_year",
    "sustaining_capex_usd_per_mw_year",
    "power_cost_usd_per_mw_year",
    "hpc_lease_revenue_usd_per_mw_year",
    "hpc_contract_revenue_usd_per_mw_year",
    "contract_lease_usd_per_kw_month",
    "first_year_lease_usd_per_kw_month",
    "implied_escalator_per_year",
    "breakeven_hashprice_vs_hpc_usd_per_ph_day",
]

_MONTHS_PER_YEAR: float = 12.0
_HOURS_PER_YEAR: float = HOURS_PER_DAY * DAYS_PER_YEAR  # 8,766


def _ratio(name, value):
    return check_array(name, value, lo=1.0, unit="gross MW per MW of IT load")


@vectorized
def phs_per_mw(efficiency_j_per_th, pue=1.0):
    """Hashrate one megawatt of gross site power runs.

    ``PH/s per MW = 10^6 [W] / (e [J/TH] * PUE) / 1,000 [TH/s per PH/s]``

    A watt is a joule per second, so W / (J/TH) = TH/s; the site's overhead (cooling,
    fans, conversion losses) takes ``1 - 1/PUE`` of the gross power. ``pue = 1`` gives the
    hashrate per MW of machine power.

    Parameters
    ----------
    efficiency_j_per_th : float, ndarray or Series
        Machine efficiency [J/TH], > 0.
    pue : float, ndarray or Series, optional
        Power usage effectiveness of the mining site, site power over machine power
        [dimensionless], >= 1.

    Returns
    -------
    float, ndarray or Series
        Hashrate [PH/s per gross MW].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seed 000_abd4e67359fd40a7.txt (efficiency in J/TH; Cipher's 22 J/TH target); The Green
    Grid, White Paper 49 (PUE).

    Examples
    --------
    >>> phs_per_mw(20.0)
    50.0
    >>> phs_per_mw(np.array([16.0, 22.0])).round(2)
    array([62.5 , 45.45])
    >>> round(phs_per_mw(17.5, pue=1.05), 2)  # an S21 site with 5 % overhead
    54.42
    """
    e = check_array("efficiency_j_per_th", efficiency_j_per_th, lo=0.0, lo_inclusive=False, unit="J/TH")
    k = check_array("pue", pue, lo=1.0, unit="site power / IT power")
    return like(WATTS_PER_MW / (e * k) / TH_PER_PH, efficiency_j_per_th, pue)


@vectorized
def mining_revenue_usd_per_mw_year(hashprice_usd_per_ph_day, efficiency_j_per_th, uptime=1.0, pool_fee=0.0, pue=1.0):
    """Mining revenue of one gross megawatt for a year.

    ``revenue = h (1 - fee) u * PH/s per gross MW * 365.25``

    with ``h (1 - fee) u`` from :func:`minelib.revenue.mining_revenue_usd_per_ph_day` and
    the hashrate from :func:`phs_per_mw`. The defaults (fee 0, PUE 1) give the revenue
    per MW of machine power.

    Parameters
    ----------
    hashprice_usd_per_ph_day : float, ndarray or Series
        Hashprice [USD/PH/day], >= 0.
    efficiency_j_per_th : float, ndarray or Series
        Machine efficiency [J/TH], > 0.
    uptime : float, ndarray or Series, optional
        Share of the year hashing [fraction], in [0, 1].
    pool_fee : float, ndarray or Series, optional
        FPPS pool fee [fraction], in [0, 1).
    pue : float, ndarray or Series, optional
        Power usage effectiveness of the site [dimensionless], >= 1.

    Returns
    -------
    float, ndarray or Series
        Revenue [USD per gross MW per year].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seeds 003_51347cbd2f4016cb.txt, 004_57c45d30c358cac2.txt (hashprice ~$40, > $62 in July).

    Examples
    --------
    A 20 J/TH fleet (50 PH/s per MW) at $40/PH/day, always on:

    >>> mining_revenue_usd_per_mw_year(40.0, 20.0)
    730500.0
    >>> mining_revenue_usd_per_mw_year(np.array([62.0, 40.0]), 20.0, 0.95).round()
    array([1075661., 693975.])

    Through a 2 % pool on a site with a PUE of 1.05 (0.98 / 1.05 of that):

    >>> round(mining_revenue_usd_per_mw_year(40.0, 20.0, pool_fee=0.02, pue=1.05))
    681800
    """
    per_ph_day = np.asarray(mining_revenue_usd_per_ph_day(hashprice_usd_per_ph_day, pool_fee, uptime))
    result = per_ph_day * np.asarray(phs_per_mw(efficiency_j_per_th, pue)) * DAYS_PER_YEAR
    return like(result, hashprice_usd_per_ph_day, efficiency_j_per_th, uptime, pool_fee, pue)


@vectorized
def sustaining_capex_usd_per_mw_year(machine_cost_usd_per_th, efficiency_j_per_th, machine_life_years, pue=1.0):
    """Yearly ASIC replacement spending that keeps one gross megawatt hashing.

    ``capex = price [USD/TH] * TH/s per gross MW / life [years]``

    Machines wear out and fall behind; a site that keeps its hashrate replaces ``1/life``
    of its machines each year (a fleet of staggered vintages), which costs, per year, the
    straight-line depreciation of the fleet
    (:func:`minelib.depreciation.straight_line_depreciation_usd`). This is mining's
    counterpart of an HPC conversion's capex.

    Parameters
    ----------
    machine_cost_usd_per_th : float, ndarray or Series
        Price of new machines [USD/TH], >= 0.
    efficiency_j_per_th : float, ndarray or Series
        Machine efficiency [J/TH], > 0.
    machine_life_years : float, ndarray or Series
        Useful life of a machine [years], > 0.
    pue : float, ndarray or Series, optional
        Power usage effectiveness of the site [dimensionless], >= 1.

    Returns
    -------
    float, ndarray or Series
        Sustaining capex [USD per gross MW per year].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seed 000_abd4e67359fd40a7.txt ("Most miners depreciate ASICs over 3-5 years");
    Luxor, "Hashrate Index Launches ASIC Rig Price Index" (2020: rigs priced per TH).

    Examples
    --------
    S21-class machines (17.5 J/TH) at $20/TH on a PUE-1.05 site, replaced every 4 years:
    54,422 TH/s per gross MW cost $1.09M, a quarter of it a year:

    >>> round(sustaining_capex_usd_per_mw_year(20.0, 17.5, 4.0, pue=1.05))
    272109
    """
    price = check_array("machine_cost_usd_per_th", machine_cost_usd_per_th, lo=0.0, unit="USD/TH")
    ths = np.asarray(phs_per_mw(efficiency_j_per_th, pue)) * TH_PER_PH
    result = np.asarray(straight_line_depreciation_usd(price * ths, machine_life_years))
    return like(result, machine_cost_usd_per_th, efficiency_j_per_th, machine_life_years, pue)


@vectorized
def power_cost_usd_per_mw_year(power_price_usd_per_kwh, uptime=1.0):
    """Electricity cost of drawing one megawatt for a year.

    ``cost = p [USD/kWh] * 1,000 [kWh/MWh] * 24 * 365.25 [h/year] * uptime``
    (= ``p * 8,766,000 * uptime``)

    Per gross MW this is a mining site's power bill at the meter, overhead included.

    Parameters
    ----------
    power_price_usd_per_kwh : float, ndarray or Series
        All-in electricity price [USD/kWh], >= 0.
    uptime : float, ndarray or Series, optional
        Share of the year drawing full power [fraction], in [0, 1].

    Returns
    -------
    float, ndarray or Series
        Power cost [USD per MW per year].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seed 001_edb144c9be488f88.txt ("five cents or nine cents per kilowatt-hour").

    Examples
    --------
    >>> power_cost_usd_per_mw_year(0.05)
    438300.0
    """
    p = check_array("power_price_usd_per_kwh", power_price_usd_per_kwh, lo=0.0, unit="USD/kWh")
    u = check_array("uptime", uptime, lo=0.0, hi=1.0, unit="fraction")
    return like(p * KW_PER_MW * _HOURS_PER_YEAR * u, power_price_usd_per_kwh, uptime)


@vectorized
def hpc_lease_revenue_usd_per_mw_year(lease_usd_per_kw_month, gross_to_it_ratio=1.0):
    """HPC / colocation revenue per megawatt per year from a lease rate per kW of IT.

    ``revenue = L [USD/kW-IT/month] * 1,000 [kW/MW] * 12 [months/year] / r``

    With ``r = 1`` (the default) the revenue is per MW of critical IT load; with the
    site's gross capacity per MW of IT (Cipher's Barber Lake: 244 / 168 = 1.452) it is per
    gross (utility) MW, the basis on which a mining MW is counted.

    Parameters
    ----------
    lease_usd_per_kw_month : float, ndarray or Series
        Lease rate per kW of critical IT load per month [USD/kW/month], >= 0.
    gross_to_it_ratio : float, ndarray or Series, optional
        Gross site capacity per MW of critical IT load [dimensionless], >= 1.

    Returns
    -------
    float, ndarray or Series
        Revenue [USD per MW per year]: per MW of IT load when ``gross_to_it_ratio`` is 1,
        per gross MW otherwise.

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    ``data/hpc_deals.csv`` (Cipher-Fluidstack: 168 MW of critical IT load, up to 244 MW of
    gross capacity).

    Examples
    --------
    Cipher-Fluidstack's average $148.8/kW-month, per MW of IT and per gross MW:

    >>> round(hpc_lease_revenue_usd_per_mw_year(148.8))
    1785600
    >>> round(hpc_lease_revenue_usd_per_mw_year(148.8, 244 / 168))
    1229430
    """
    r = check_array("lease_usd_per_kw_month", lease_usd_per_kw_month, lo=0.0, unit="USD/kW/month")
    k = _ratio("gross_to_it_ratio", gross_to_it_ratio)
    return like(r * KW_PER_MW * _MONTHS_PER_YEAR / k, lease_usd_per_kw_month, gross_to_it_ratio)


@vectorized
def hpc_contract_revenue_usd_per_mw_year(contract_value_usd, capacity_mw, term_years):
    """Average HPC revenue per megawatt per year from a total contract value.

    ``revenue = contract value / (capacity [MW] * term [years])``

    Per MW of whatever the capacity counts: critical IT load for a colocation lease
    (Cipher-Fluidstack's 168 MW), possibly gross capacity where a deal does not say
    (Cipher-AWS's "300 megawatts of capacity"). Divide by the gross-to-IT ratio to put IT
    MW on the gross basis.

    Parameters
    ----------
    contract_value_usd : float, ndarray or Series
        Total contract value [USD], >= 0.
    capacity_mw : float, ndarray or Series
        Contracted capacity [MW], > 0.
    term_years : float, ndarray or Series
        Contract term [years], > 0.

    Returns
    -------
    float, ndarray or Series
        Average revenue [USD per MW per year].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    ``data/hpc_deals.csv``; seeds 002_d81e0ff9e5c96647.txt (IREN $9.7B),
    004_57c45d30c358cac2.txt (Cipher $5.5B, IREN $9.7B).

    Examples
    --------
    IREN-Microsoft, $9.7B over five years for about 200 MW of critical IT load (a GPU
    cloud service: the revenue carries IREN's GPUs, not only space and power):

    >>> hpc_contract_revenue_usd_per_mw_year(9_700_000_000, 200.0, 5.0)
    9700000.0
    """
    v = check_array("contract_value_usd", contract_value_usd, lo=0.0, unit="USD")
    m = check_array("capacity_mw", capacity_mw, lo=0.0, lo_inclusive=False, unit="MW")
    y = check_array("term_years", term_years, lo=0.0, lo_inclusive=False, unit="years")
    return like(v / (m * y), contract_value_usd, capacity_mw, term_years)


@vectorized
def contract_lease_usd_per_kw_month(contract_value_usd, capacity_mw, term_years):
    """Average lease rate a contract implies, per kW per month.

    ``L = contract value / (capacity [MW] * 1,000 [kW/MW] * term [years] * 12 [months/year])``

    The average over the term: with annual escalators the first year's rate is lower
    (:func:`first_year_lease_usd_per_kw_month`).

    Parameters
    ----------
    contract_value_usd : float, ndarray or Series
        Total contract value [USD], >= 0.
    capacity_mw : float, ndarray or Series
        Contracted capacity [MW], > 0 (critical IT load for a rate per kW of IT).
    term_years : float, ndarray or Series
        Contract term [years], > 0.

    Returns
    -------
    float, ndarray or Series
        Average lease [USD/kW/month].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    ``data/hpc_deals.csv`` (Cipher-Fluidstack ~$3B, 10 years, 168 MW of IT; Cipher-AWS
    $5.5B, 15 years, 300 MW "of capacity").

    Examples
    --------
    Cipher-Fluidstack, and Cipher-AWS read as 300 MW of IT load:

    >>> round(contract_lease_usd_per_kw_month(3e9, 168.0, 10.0), 2)
    148.81
    >>> round(contract_lease_usd_per_kw_month(5.5e9, 300.0, 15.0), 2)
    101.85
    """
    per_mw_year = np.asarray(hpc_contract_revenue_usd_per_mw_year(contract_value_usd, capacity_mw, term_years))
    return like(per_mw_year / (KW_PER_MW * _MONTHS_PER_YEAR), contract_value_usd, capacity_mw, term_years)


@vectorized
def first_year_lease_usd_per_kw_month(average_lease_usd_per_kw_month, escalator_per_year, term_years):
    """First year's rate of an escalating lease, from its average over the term.

    A lease that starts at ``L1`` and rises by ``g`` each year averages
    ``L1 * ((1 + g)^T - 1) / (g T)`` over ``T`` years (``L1`` when ``g = 0``), so

    ``L1 = average * g T / ((1 + g)^T - 1)``

    A contract value divided by its term (:func:`contract_lease_usd_per_kw_month`) is the
    average, not the rate the tenant pays in year one.

    Parameters
    ----------
    average_lease_usd_per_kw_month : float, ndarray or Series
        Average rate over the term [USD/kW/month], >= 0.
    escalator_per_year : float, ndarray or Series
        Yearly increase of the rate [fraction per year], > -1.
    term_years : float, ndarray or Series
        Term [years], > 0.

    Returns
    -------
    float, ndarray or Series
        First year's rate [USD/kW/month].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    ``data/hpc_deals.csv`` (Cipher-Fluidstack: "a modified gross lease with annual
    escalators"; the rate of the escalators is not public).

    Examples
    --------
    $148.8 on average over 10 years with an assumed 3 % a year starts at about $129.8:

    >>> round(first_year_lease_usd_per_kw_month(148.8, 0.03, 10.0), 1)
    129.8
    >>> first_year_lease_usd_per_kw_month(148.8, 0.0, 10.0)
    148.8
    """
    avg = check_array("average_lease_usd_per_kw_month", average_lease_usd_per_kw_month, lo=0.0, unit="USD/kW/month")
    g = check_array("escalator_per_year", escalator_per_year, lo=-1.0, lo_inclusive=False, unit="fraction per year")
    t = check_array("term_years", term_years, lo=0.0, lo_inclusive=False, unit="years")
    small = np.abs(g) < 1e-12
    g_safe = np.where(small, 1.0, g)
    factor = np.where(small, 1.0, g_safe * t / np.expm1(t * np.log1p(g_safe)))
    return like(avg * factor, average_lease_usd_per_kw_month, escalator_per_year, term_years)


def _escalator(ratio, t1, t2):
    if abs(ratio - t2 / t1) < 1e-12:
        return 0.0

    from scipy.optimize import brentq  # deferred: scipy.optimize costs ~0.25 s to import

    def excess(g):  # value over t2 years / value over t1 years, less the target; rises with g
        return np.expm1(t2 * np.log1p(g)) / np.expm1(t1 * np.log1p(g)) - ratio

    lo, hi = -0.99, 1.0
    while excess(hi) < 0:
        hi *= 2.0
    return brentq(excess, lo, hi, xtol=1e-14, rtol=1e-14)


@vectorized
def implied_escalator_per_year(contract_value_usd, extended_value_usd, term_years, extended_term_years):
    """Yearly escalator at which a lease's value over an extended term matches a stated total.

    A lease escalating by ``g`` a year is worth, over ``T`` years, its first year's value
    times ``((1 + g)^T - 1) / g``. Given the value over the initial term ``V1`` and over
    the term with extensions ``V2`` (the extensions on the same escalating path), ``g``
    solves

    ``((1 + g)^T2 - 1) / ((1 + g)^T1 - 1) = V2 / V1``

    (Brent's method, ``scipy.optimize.brentq``; the left side rises with ``g`` and equals
    ``T2 / T1`` at ``g = 0``). With ``T2 = 2 T1`` it is ``(1 + g)^T1 = V2 / V1 - 1``.

    Parameters
    ----------
    contract_value_usd : float, ndarray or Series
        Value over the initial term [USD], > 0.
    extended_value_usd : float, ndarray or Series
        Value over the initial term and the extensions [USD], > contract value.
    term_years : float, ndarray or Series
        Initial term [years], > 0.
    extended_term_years : float, ndarray or Series
        Initial term plus extensions [years], > term.

    Returns
    -------
    float, ndarray or Series
        Escalator [fraction per year].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    ``data/hpc_deals.csv`` (Cipher-Fluidstack: ~$3 billion over the initial 10 years, two
    optional five-year extensions "would raise the total contract value to $7 billion",
    "annual escalators" of undisclosed size).

    Examples
    --------
    $3B over 10 years and $7B over 20 imply ``(1 + g)^10 = 7/3 - 1``, about 2.9 % a year:

    >>> round(implied_escalator_per_year(3e9, 7e9, 10.0, 20.0), 4)
    0.0292
    >>> implied_escalator_per_year(3e9, 6e9, 10.0, 20.0)
    0.0
    """
    v1 = check_array("contract_value_usd", contract_value_usd, lo=0.0, lo_inclusive=False, unit="USD")
    v2 = check_array("extended_value_usd", extended_value_usd, lo=0.0, lo_inclusive=False, unit="USD")
    t1 = check_array("term_years", term_years, lo=0.0, lo_inclusive=False, unit="years")
    t2 = check_array("extended_term_years", extended_term_years, lo=0.0, lo_inclusive=False, unit="years")
    if np.any(v2 <= v1):
        raise ValueError(f"extended_value_usd={extended_value_usd!r} must exceed contract_value_usd="
                         f"{contract_value_usd!r} [USD]")
    if np.any(t2 <= t1):
        raise ValueError(f"extended_term_years={extended_term_years!r} must exceed term_years={term_years!r} [years]")
    out = np.vectorize(_escalator, otypes=[float])(v2 / v1, t1, t2)
    return like(out, contract_value_usd, extended_value_usd, term_years, extended_term_years)


@vectorized
def breakeven_hashprice_vs_hpc_usd_per_ph_day(
    hpc_revenue_usd_per_mw_year, efficiency_j_per_th, uptime=1.0, pool_fee=0.0, pue=1.0
):
    """Hashprice at which mining a megawatt earns as much revenue as leasing it to HPC.

    ``h* = HPC revenue / ((1 - fee) u * PH/s per gross MW * 365.25)``

    the hashprice at which :func:`mining_revenue_usd_per_mw_year` equals the HPC revenue.
    Pass both on the same basis: an HPC revenue per gross MW
    (:func:`hpc_lease_revenue_usd_per_mw_year` with the site's gross-to-IT ratio) with the
    mining site's PUE. It compares revenue with revenue; for the cash each leaves after
    power and capex, discounted, see :func:`minelib.site_npv.npv_switch_hashprice_usd_per_ph_day`.

    Parameters
    ----------
    hpc_revenue_usd_per_mw_year : float, ndarray or Series
        HPC revenue [USD per MW per year], >= 0.
    efficiency_j_per_th : float, ndarray or Series
        Mining machine efficiency [J/TH], > 0.
    uptime : float, ndarray or Series, optional
        Mining uptime [fraction], in (0, 1].
    pool_fee : float, ndarray or Series, optional
        FPPS pool fee [fraction], in [0, 1).
    pue : float, ndarray or Series, optional
        Power usage effectiveness of the mining site [dimensionless], >= 1.

    Returns
    -------
    float, ndarray or Series
        Break-even hashprice [USD/PH/day].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range (uptime 0 has no break-even); the message
        names the parameter.

    References
    ----------
    Seed 004_57c45d30c358cac2.txt (hashprice ~$40/PH/day vs the AI/HPC pivot).

    Examples
    --------
    An assumed $150/kW/month lease beats a 20 J/TH fleet unless hashprice exceeds ~$98.6:

    >>> round(breakeven_hashprice_vs_hpc_usd_per_ph_day(1_800_000.0, 20.0), 2)
    98.56
    """
    r = check_array("hpc_revenue_usd_per_mw_year", hpc_revenue_usd_per_mw_year, lo=0.0, unit="USD/MW/year")
    check_array("uptime", uptime, lo=0.0, hi=1.0, lo_inclusive=False, unit="fraction")
    per_unit_hashprice = np.asarray(mining_revenue_usd_per_mw_year(1.0, efficiency_j_per_th, uptime, pool_fee, pue))
    return like(r / per_unit_hashprice, hpc_revenue_usd_per_mw_year, efficiency_j_per_th, uptime, pool_fee, pue)
