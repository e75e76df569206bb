"""Discounting and the resale curve: NPV, IRR and what a used machine fetches."""

from __future__ import annotations

import numpy as np

from minelib._validate import check_array, like, vectorized

__all__ = ["resale_value_usd", "npv_usd", "irr_per_year"]


@vectorized
def resale_value_usd(value0_usd, margin_usd_per_ph_day, margin0_usd_per_ph_day, age_years, resale_decay_per_year):
    """Resale value of a machine: its value at time 0 scaled by its earning power now, less age.

    ``V = V_0 (1 - delta)^{age} max(m, 0) / m_0``

    with ``m`` the machine's cash margin per PH/s-day now (revenue after pool fee and
    downtime less its cash cost) and ``m_0`` the margin when ``V_0`` was observed.

    ASSUMPTION. The second-hand price of an ASIC tracks the cash it can earn: Luxor's
    Hashrate Index prices rigs per TH by efficiency tier and finds that "the value of a Rig
    is highly dependent on its ability to generate cashflows" (Luxor, 2020); its RFQ
    reports compute a fair value from months to break even (June 2023). So the value scales
    with the margin at today's hashprice (a machine that cannot cover its cash cost is worth
    nothing as a miner) and falls with age by ``delta`` a year for wear and for newer,
    more efficient generations. The curve is myopic: it prices the margin now, not a
    halving ahead. Its shape and ``delta`` are assumptions, not fitted.

    Parameters
    ----------
    value0_usd : float, ndarray or Series
        Value at time 0 [USD], >= 0 (the price paid, or today's resale quote).
    margin_usd_per_ph_day : float, ndarray or Series
        Cash margin now [USD/PH/day] (may be negative: the value is then 0).
    margin0_usd_per_ph_day : float, ndarray or Series
        Cash margin at time 0 [USD/PH/day], > 0.
    age_years : float, ndarray or Series
        Time since time 0 [years], >= 0.
    resale_decay_per_year : float, ndarray or Series
        Loss of value per year at constant margin [fraction], in [0, 1].

    Returns
    -------
    float, ndarray or Series
        Resale value [USD].

    Raises
    ------
    ValueError
        If an argument is out of range; a margin at time 0 that is not positive means the
        machine could not cover its cash cost then, and the curve has no anchor.

    References
    ----------
    Luxor, "Hashrate Index Launches ASIC Rig Price Index" (2020); Luxor, "Luxor RFQ June
    2023 Insights" (fair market value from break-even months).

    Examples
    --------
    A $4,000 machine a year later, its margin down from $18 to $9 per PH/day, 25 % a year
    lost to age:

    >>> resale_value_usd(4000.0, 9.0, 18.0, 1.0, 0.25)
    1500.0
    >>> resale_value_usd(4000.0, -2.0, 18.0, 1.0, 0.25)
    0.0
    """
    v0 = check_array("value0_usd", value0_usd, lo=0, unit="USD")
    m = check_array("margin_usd_per_ph_day", margin_usd_per_ph_day, unit="USD/PH/day")
    m0 = check_array("margin0_usd_per_ph_day", margin0_usd_per_ph_day, lo=0, lo_inclusive=False, unit="USD/PH/day")
    age = check_array("age_years", age_years, lo=0, unit="years")
    delta = check_array("resale_decay_per_year", resale_decay_per_year, lo=0, hi=1, unit="fraction per year")
    out = v0 * (1.0 - delta) ** age * np.maximum(m, 0.0) / m0
    return like(out, value0_usd, margin_usd_per_ph_day, margin0_usd_per_ph_day, age_years, resale_decay_per_year)


def _cash_flow_args(cash_flows_usd, t_years):
    cf = check_array("cash_flows_usd", cash_flows_usd, unit="USD")
    t = check_array("t_years", t_years, lo=0, unit="years")
    if cf.ndim not in (1, 2) or t.ndim != 1 or len(t) != cf.shape[0] or len(t) < 2:
        raise ValueError(
            f"cash_flows_usd has shape {cf.shape} and t_years {t.shape}; expected (n,) or (n, n_paths) "
            "flows at n >= 2 times"
        )
    if np.any(np.diff(t) < 0):
        raise ValueError("t_years must not decrease [years]")
    return cf, t


def npv_usd(cash_flows_usd, t_years, discount_rate_per_year):
    """Net present value of cash flows at given times: ``NPV = sum_k CF_k (1 + r)^{-t_k}``.

    Parameters
    ----------
    cash_flows_usd : array-like, shape (n,) or (n, n_paths)
        Cash flows [USD]; row ``k`` at time ``t_k``.
    t_years : array-like, shape (n,)
        Times of the flows [years], non-decreasing, >= 0.
    discount_rate_per_year : float
        Discount rate, annually compounded [fraction per year], > -1.

    Returns
    -------
    float or ndarray (n_paths,)
        NPV [USD].

    Raises
    ------
    ValueError
        On shapes that do not match or an out-of-range argument.

    References
    ----------
    Brealey, Myers and Allen, *Principles of Corporate Finance*, ch. 2 (present value).

    Examples
    --------
    -100 now and 60 in each of two years, at 10 %: -100 + 60/1.1 + 60/1.21

    >>> round(npv_usd([-100.0, 60.0, 60.0], [0.0, 1.0, 2.0], 0.10), 4)
    4.1322
    """
    cf, t = _cash_flow_args(cash_flows_usd, t_years)
    r = check_array("discount_rate_per_year", discount_rate_per_year, lo=-1, lo_inclusive=False, unit="fraction per year")
    if r.ndim:
        raise ValueError(f"discount_rate_per_year={discount_rate_per_year!r} must be a scalar [fraction per year]")
    disc = (1.0 + float(r)) ** -t
    out = np.tensordot(disc, cf, axes=(0, 0))
    return float(out) if np.ndim(out) == 0 else out


def irr_per_year(cash_flows_usd, t_years):
    """Internal rate of return: the annual rate at which the NPV of the flows is zero.

    Solves ``sum_k CF_k (1 + x)^{-t_k} = 0`` with Brent's method
    (``scipy.optimize.brentq``) between -100 % and the first rate at which the NPV is
    negative. For an investment (a first flow < 0, all later flows >= 0) the NPV falls as
    the rate rises, so the root is unique. A machine that never earns back anything has an
    IRR of -100 %; flows without a sign change have none (NaN).

    Parameters
    ----------
    cash_flows_usd : array-like, shape (n,) or (n, n_paths)
        Cash flows [USD]; row ``k`` at time ``t_k``.
    t_years : array-like, shape (n,)
        Times of the flows [years], non-decreasing, >= 0.

    Returns
    -------
    float or ndarray (n_paths,)
        IRR [fraction per year], annually compounded.

    Raises
    ------
    ValueError
        On shapes that do not match.

    References
    ----------
    Brent (1973), *Algorithms for Minimization without Derivatives*, ch. 4
    (``scipy.optimize.brentq``).

    Examples
    --------
    -100 now and 60 in each of two years: ``60 v + 60 v^2 = 100`` with ``v = 1 / (1 + x)``
    gives ``v = (sqrt(27600) - 60) / 120`` and ``x = 13.07 %``:

    >>> round(irr_per_year([-100.0, 60.0, 60.0], [0.0, 1.0, 2.0]), 4)
    0.1307
    """
    cf, t = _cash_flow_args(cash_flows_usd, t_years)
    flat = cf.reshape(len(t), -1)
    out = np.array([_irr_one(flat[:, j], t) for j in range(flat.shape[1])])
    return float(out[0]) if cf.ndim == 1 else out


def _irr_one(cf, t):
    if not (np.any(cf < 0) and np.any(cf > 0)):
        return -1.0 if np.all(cf <= 0) and np.any(cf < 0) else np.nan

    from scipy.optimize import brentq  # deferred: scipy.optimize costs ~0.25 s to import

    def f(x):
        return float(np.dot(cf, (1.0 + x) ** -t))

    lo, hi = -1.0 + 1e-9, 1.0
    while f(hi) > 0:
        hi *= 10.0
        if hi > 1e12:
            return np.inf
    if f(lo) < 0:  # even at -100 % the flows do not come back: a loss beyond the bracket
        return -1.0
    return brentq(f, lo, hi, xtol=1e-12, rtol=1e-12, maxiter=500)
