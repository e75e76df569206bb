"""Bitcoin mining versus AI / HPC hosting: revenue per megawatt and the break-even hashprice.

A megawatt of power can hash or can be leased to an AI / HPC tenant. Per MW and year:

* mining:  ``hashprice [USD/PH/day] * PH/s per MW * 365.25 * uptime``, with
  ``PH/s per MW = 1 MW / e [J/TH]`` (``1e6 W / e J/TH = 1e6/e TH/s``; 20 J/TH -> 50 PH/s);
* HPC lease: ``rate [USD/kW/month] * 1,000 kW/MW * 12``;
* HPC contract: ``total contract value / (MW * years)``.

The hashprice at which mining matches the HPC revenue is
``HPC revenue / (PH/s per MW * 365.25 * uptime)``.

**Assumptions must be flagged.** The seed articles give contract values (Cipher Mining
$5.5B with Amazon, IREN $9.7B with Microsoft: seeds 004 and 002) and separately "a reported
300 MW deal" (003), but never the MW and the term of the same deal together. The functions
take MW and term as parameters; any notebook using them must label the MW and the term it
chooses as assumptions, not as reported facts. Whether a lease rate is gross of power
(tenant pays the electricity) or not is contract-specific too: compare like with like with
:func:`power_cost_usd_per_mw_year` and :func:`gross_margin_usd_per_mw_year`.

References
----------
Seeds 002_d81e0ff9e5c96647.txt (IREN $9.7B Microsoft), 003_51347cbd2f4016cb.txt (a reported
300 MW deal; hashprice ~$40/PH/day), 004_57c45d30c358cac2.txt (Cipher $5.5B Amazon, IREN
$9.7B Microsoft; hashprice > $62 in July to ~$40).
"""

from __future__ import annotations

import numpy as np

from minelib._validate import check_array, like, vectorized
from minelib.units import DAYS_PER_YEAR, HOURS_PER_DAY, KW_PER_MW, TH_PER_PH, WATTS_PER_MW

__all__ = [
    "phs_per_mw",
    "mining_revenue_usd_per_mw_year",
    "hpc_lease_revenue_usd_per_mw_year",
    "hpc_contract_revenue_usd_per_mw_year",
    "breakeven_hashprice_vs_hpc_usd_per_ph_day",
    "power_cost_usd_per_mw_year",
    "gross_margin_usd_per_mw_year",
    "conversion_payback_years",
]



_MONTHS_PER_YEAR: float = 12.0
_HOURS_PER_YEAR: float = HOURS_PER_DAY * DAYS_PER_YEAR  # 8,766


@vectorized
def phs_per_mw(efficiency_j_per_th):
    """Hashrate one megawatt powers at a given efficiency.

    ``PH/s per MW = 10^6 [W] / e [J/TH] / 1,000 [TH/s per PH/s]``
    (a watt is a joule per second, so W / (J/TH) = TH/s).

    Parameters
    ----------
    efficiency_j_per_th : float, ndarray or Series
        Fleet efficiency [J/TH], > 0.

    Returns
    -------
    float, ndarray or Series
        Hashrate [PH/s per MW].

    Raises
    ------
    ValueError
        If the efficiency is NaN, zero or negative; the message names the parameter.

    References
    ----------
    Seed 000_abd4e67359fd40a7.txt (efficiency in J/TH; Cipher's 22 J/TH target).

    Examples
    --------
    >>> phs_per_mw(20.0)
    50.0
    >>> phs_per_mw(np.array([16.0, 22.0])).round(2)
    array([62.5 , 45.45])
    """
    e = check_array("efficiency_j_per_th", efficiency_j_per_th, lo=0.0, lo_inclusive=False, unit="J/TH")
    return like(WATTS_PER_MW / e / TH_PER_PH, efficiency_j_per_th)


@vectorized
def mining_revenue_usd_per_mw_year(hashprice_usd_per_ph_day, efficiency_j_per_th, uptime=1.0):
    """Mining revenue per megawatt per year.

    ``revenue = hashprice * (10^6 / e / 1,000) * 365.25 * uptime``

    Parameters
    ----------
    hashprice_usd_per_ph_day : float, ndarray or Series
        Hashprice [USD/PH/day], >= 0.
    efficiency_j_per_th : float, ndarray or Series
        Fleet efficiency [J/TH], > 0.
    uptime : float, ndarray or Series, optional
        Share of the year hashing [fraction], in [0, 1].

    Returns
    -------
    float, ndarray or Series
        Revenue [USD per MW per year].

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
    """
    h = check_array("hashprice_usd_per_ph_day", hashprice_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    e = check_array("efficiency_j_per_th", efficiency_j_per_th, lo=0.0, lo_inclusive=False, unit="J/TH")
    u = check_array("uptime", uptime, lo=0.0, hi=1.0, unit="fraction")
    result = h * (WATTS_PER_MW / e / TH_PER_PH) * DAYS_PER_YEAR * u
    return like(result, hashprice_usd_per_ph_day, efficiency_j_per_th, uptime)


@vectorized
def hpc_lease_revenue_usd_per_mw_year(lease_usd_per_kw_month):
    """HPC / colocation revenue per megawatt per year from a lease rate.

    ``revenue = rate [USD/kW/month] * 1,000 [kW/MW] * 12 [months/year]``

    Parameters
    ----------
    lease_usd_per_kw_month : float, ndarray or Series
        Lease rate per kW of critical IT load per month [USD/kW/month], >= 0.

    Returns
    -------
    float, ndarray or Series
        Revenue [USD per MW per year].

    Raises
    ------
    ValueError
        If the rate is NaN or negative; the message names the parameter.

    References
    ----------
    Seed 003_51347cbd2f4016cb.txt (multiyear capacity agreements). The seeds give no lease
    rate: any rate a notebook uses is an assumption and must be labelled so.

    Examples
    --------
    >>> hpc_lease_revenue_usd_per_mw_year(150.0)  # an assumed $150/kW/month
    1800000.0
    """
    r = check_array("lease_usd_per_kw_month", lease_usd_per_kw_month, lo=0.0, unit="USD/kW/month")
    return like(r * KW_PER_MW * _MONTHS_PER_YEAR, lease_usd_per_kw_month)


@vectorized
def hpc_contract_revenue_usd_per_mw_year(contract_value_usd, capacity_mw, term_years):
    """Average HPC revenue per megawatt per year from a total contract value.

    ``revenue = contract value / (capacity [MW] * term [years])``

    The seeds report contract values (Cipher $5.5B with Amazon, IREN $9.7B with
    Microsoft) but not the MW and term of each deal together: a notebook must flag the MW
    and term it passes as assumptions.

    Parameters
    ----------
    contract_value_usd : float, ndarray or Series
        Total contract value [USD], >= 0.
    capacity_mw : float, ndarray or Series
        Contracted critical IT capacity [MW], > 0.
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
    Seeds 002_d81e0ff9e5c96647.txt (IREN $9.7B), 003_51347cbd2f4016cb.txt (a reported
    300 MW deal), 004_57c45d30c358cac2.txt (Cipher $5.5B, IREN $9.7B).

    Examples
    --------
    IREN's reported $9.7B, with an ASSUMED 200 MW over an ASSUMED 5 years (neither figure is
    in the seeds):

    >>> hpc_contract_revenue_usd_per_mw_year(9_700_000_000, 200.0, 5.0)
    9700000.0
    """
    v = check_array("contract_value_usd", contract_value_usd, lo=0.0, unit="USD")
    m = check_array("capacity_mw", capacity_mw, lo=0.0, lo_inclusive=False, unit="MW")
    y = check_array("term_years", term_years, lo=0.0, lo_inclusive=False, unit="years")
    return like(v / (m * y), contract_value_usd, capacity_mw, term_years)


@vectorized
def breakeven_hashprice_vs_hpc_usd_per_ph_day(hpc_revenue_usd_per_mw_year, efficiency_j_per_th, uptime=1.0):
    """Hashprice at which mining a megawatt earns as much as leasing it to HPC.

    ``hashprice* = HPC revenue / ((10^6 / e / 1,000) * 365.25 * uptime)``

    Compares revenue with revenue; if the HPC figure is net of power and mining's is not,
    compare margins with :func:`gross_margin_usd_per_mw_year` instead.

    Parameters
    ----------
    hpc_revenue_usd_per_mw_year : float, ndarray or Series
        HPC revenue [USD per MW per year], >= 0.
    efficiency_j_per_th : float, ndarray or Series
        Mining fleet efficiency [J/TH], > 0.
    uptime : float, ndarray or Series, optional
        Mining uptime [fraction], in (0, 1].

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
    e = check_array("efficiency_j_per_th", efficiency_j_per_th, lo=0.0, lo_inclusive=False, unit="J/TH")
    u = check_array("uptime", uptime, lo=0.0, hi=1.0, lo_inclusive=False, unit="fraction")
    result = r / ((WATTS_PER_MW / e / TH_PER_PH) * DAYS_PER_YEAR * u)
    return like(result, hpc_revenue_usd_per_mw_year, efficiency_j_per_th, uptime)


@vectorized
def power_cost_usd_per_mw_year(power_price_usd_per_kwh, uptime=1.0):
    """Electricity cost of running one megawatt for a year.

    ``cost = p [USD/kWh] * 1,000 [kWh/MWh] * 24 * 365.25 [h/year] * uptime``
    (= ``p * 8,766,000 * uptime``)

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
def gross_margin_usd_per_mw_year(revenue_usd_per_mw_year, power_price_usd_per_kwh, uptime=1.0):
    """Gross margin per megawatt per year after electricity.

    ``margin = revenue - p * 1,000 * 8,766 * uptime`` (negative when power costs more
    than the revenue). Use the same ``uptime`` that produced the revenue.

    Parameters
    ----------
    revenue_usd_per_mw_year : float, ndarray or Series
        Revenue [USD per MW per year], >= 0 (mining or HPC).
    power_price_usd_per_kwh : float, ndarray or Series
        All-in electricity price [USD/kWh], >= 0.
    uptime : float, ndarray or Series, optional
        Share of the year drawing full power [fraction], in [0, 1].

    Returns
    -------
    float, ndarray or Series
        Gross margin [USD per MW per year].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seeds 001_edb144c9be488f88.txt, 004_57c45d30c358cac2.txt.

    Examples
    --------
    20 J/TH at $40/PH/day and $0.05/kWh keeps ~$292k per MW per year:

    >>> gross_margin_usd_per_mw_year(mining_revenue_usd_per_mw_year(40.0, 20.0), 0.05)
    292200.0
    """
    r = check_array("revenue_usd_per_mw_year", revenue_usd_per_mw_year, lo=0.0, unit="USD/MW/year")
    p = check_array("power_price_usd_per_kwh", power_price_usd_per_kwh, lo=0.0, unit="USD/kWh")
    u = check_array("uptime", uptime, lo=0.0, hi=1.0, unit="fraction")
    result = r - p * KW_PER_MW * _HOURS_PER_YEAR * u
    return like(result, revenue_usd_per_mw_year, power_price_usd_per_kwh, uptime)


@vectorized
def conversion_payback_years(capex_usd_per_mw, hpc_margin_usd_per_mw_year, mining_margin_usd_per_mw_year):
    """Years for an HPC conversion's extra margin to repay its capital cost.

    ``payback = capex / (HPC margin - mining margin)``; ``inf`` when converting does not
    raise the margin (the conversion never pays back). Ignores discounting and build time,
    which both lengthen it (seed 001: "It requires capital. It requires customers. It takes
    time.").

    Parameters
    ----------
    capex_usd_per_mw : float, ndarray or Series
        Conversion capital cost [USD/MW], >= 0.
    hpc_margin_usd_per_mw_year : float, ndarray or Series
        Margin of the site as HPC [USD/MW/year] (may be negative).
    mining_margin_usd_per_mw_year : float, ndarray or Series
        Margin of the site mining [USD/MW/year] (may be negative).

    Returns
    -------
    float, ndarray or Series
        Payback [years], >= 0 or ``inf``.

    Examples
    --------
    >>> conversion_payback_years(8e6, 1.5e6, 0.5e6)
    8.0
    >>> conversion_payback_years(8e6, 0.4e6, 0.5e6)
    inf
    """
    c = check_array("capex_usd_per_mw", capex_usd_per_mw, lo=0.0, unit="USD/MW")
    h = check_array("hpc_margin_usd_per_mw_year", hpc_margin_usd_per_mw_year, unit="USD/MW/year")
    m = check_array("mining_margin_usd_per_mw_year", mining_margin_usd_per_mw_year, unit="USD/MW/year")
    extra = h - m
    with np.errstate(divide="ignore"):
        out = np.where(extra > 0, c / np.where(extra > 0, extra, 1.0), np.inf)
    return like(out, capex_usd_per_mw, hpc_margin_usd_per_mw_year, mining_margin_usd_per_mw_year)
