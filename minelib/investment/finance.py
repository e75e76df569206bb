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

    Solves ``sum_k CF_k (1 + x)^{-t_k} = 0`` with Brent's method between -100 % and the
    first rate at which the NPV is negative. For an investment (a first flow < 0, all later
    flows >= 0) the NPV falls as the rate rises, so the root is unique. A machine that never
    earns back anything has an IRR of -100 %; flows without a sign change have none (NaN).

    Fast method: every path (column) is solved at once. Each step of the loop evaluates the
    NPV of all paths still open in one array operation and applies Brent's rules (inverse
    quadratic interpolation, secant or bisection) to each path element-wise, in the order
    and with the tolerances (``xtol = rtol = 1e-12``) of ``scipy.optimize.brentq``; a path
    leaves the loop when its bracket is within tolerance. So every path follows the same
    iterates as a ``brentq`` call on that path alone, up to the rounding of the NPV's dot
    product (a test checks both against each other to 1e-12), without a Python function
    call per evaluation and path.

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
    Brent (1973), *Algorithms for Minimization without Derivatives*, ch. 4 (as implemented
    by ``scipy.optimize.brentq``).

    Examples
    --------
    -100 now and 60 in each of two years: ``60 v + 60 v^2 = 100`` with ``v = 1 / (1 + x)``
    gives ``v = (sqrt(27600) - 60) / 120`` and ``x = 13.07 %``:

    >>> round(irr_per_year([-100.0, 60.0, 60.0], [0.0, 1.0, 2.0]), 4)
    0.1307
    """
    cf, t = _cash_flow_args(cash_flows_usd, t_years)
    out = _irr_columns(cf.reshape(len(t), -1), t)
    return float(out[0]) if cf.ndim == 1 else out


_IRR_TOL = 1e-12  # xtol and rtol of the root [fraction per year]
_IRR_MAXITER = 500


def _npv_columns(cf, t, x):
    """NPV of each column of ``cf`` at its own rate ``x[j]``: ``sum_k cf[k, j] (1 + x[j])^{-t_k}``.

    One dot product per column, as ``np.dot(cf[:, j], (1 + x[j]) ** -t)`` computes it.
    """
    disc = (1.0 + x)[None, :] ** -t[:, None]
    return (cf.T[:, None, :] @ disc.T[:, :, None])[:, 0, 0]


def _irr_columns(cf, t):
    """IRR of every column of ``cf`` (shape ``(n, m)``): Brent's method on all columns at once."""
    m = cf.shape[1]
    out = np.full(m, np.nan)
    has_neg, has_pos = (cf < 0).any(axis=0), (cf > 0).any(axis=0)
    out[has_neg & ~has_pos] = -1.0  # all flows <= 0, some < 0: nothing comes back
    cols = np.flatnonzero(has_neg & has_pos)
    # bracket: the first of 1, 10, 100, ... at which the NPV is <= 0 (none by 1e12: +inf)
    hi = np.ones(len(cols))
    open_ = np.arange(len(cols))
    while open_.size:
        above = _npv_columns(cf[:, cols[open_]], t, hi[open_]) > 0
        open_ = open_[above]
        hi[open_] *= 10.0
        hi[open_[hi[open_] > 1e12]] = np.inf
        open_ = open_[np.isfinite(hi[open_])]
    lo = np.full(len(cols), -1.0 + 1e-9)
    f_lo = _npv_columns(cf[:, cols], t, lo)
    done = ~np.isfinite(hi) | (f_lo < 0)  # f(lo) < 0: even at -100 % the flows do not come back
    out[cols] = np.where(np.isfinite(hi), -1.0, np.inf)  # the paths Brent solves are overwritten below
    solve = ~done
    cols, lo, hi, f_lo = cols[solve], lo[solve], hi[solve], f_lo[solve]
    if cols.size:
        out[cols] = _brent_columns(cf[:, cols], t, lo, hi, f_lo)
    return out


def _brent_columns(cf, t, xa, xb, fa):
    """Brent's root of each column's NPV in ``[xa, xb]`` (``fa`` its NPV at ``xa``), element-wise.

    Column ``j`` takes exactly the steps ``scipy.optimize.brentq`` takes on it alone: keep
    a bracket ``[xcur, xblk]`` with ``|f(xcur)| <= |f(xblk)|``, try inverse quadratic
    interpolation (or the secant when only two points are known), accept the step only if
    it is shorter than half the previous one and inside the bracket, else bisect; stop when
    half the bracket is below ``(xtol + rtol |xcur|) / 2`` or the NPV is exactly zero.
    """
    n = cf.shape[1]
    xpre, xcur = xa.copy(), xb.copy()
    fpre, fcur = fa.copy(), _npv_columns(cf, t, xcur)
    xblk, fblk, spre, scur = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    root = np.where(fpre == 0, xpre, np.where(fcur == 0, xcur, np.nan))
    act = np.flatnonzero(np.isnan(root))
    for _ in range(_IRR_MAXITER):
        if not act.size:
            return root
        xp, xc, xb_, fp, fc, fb, sp, sc = (a[act] for a in (xpre, xcur, xblk, fpre, fcur, fblk, spre, scur))
        new = fp * fc < 0  # the root lies between the last two points: they become the bracket
        xb_, fb = np.where(new, xp, xb_), np.where(new, fp, fb)
        sp, sc = np.where(new, xc - xp, sp), np.where(new, xc - xp, sc)
        swap = np.abs(fb) < np.abs(fc)  # keep the better point as the current one
        xp, xc, xb_ = np.where(swap, xc, xp), np.where(swap, xb_, xc), np.where(swap, xc, xb_)
        fp, fc, fb = np.where(swap, fc, fp), np.where(swap, fb, fc), np.where(swap, fc, fb)
        delta = (_IRR_TOL + _IRR_TOL * np.abs(xc)) / 2
        sbis = (xb_ - xc) / 2
        conv = (fc == 0) | (np.abs(sbis) < delta)
        root[act[conv]] = xc[conv]
        keep = ~conv
        act, xp, xc, xb_, fp, fc, fb, sp, sc, delta, sbis = (
            a[keep] for a in (act, xp, xc, xb_, fp, fc, fb, sp, sc, delta, sbis))
        with np.errstate(divide="ignore", invalid="ignore"):
            interp = -fc * (xc - xp) / (fc - fp)  # secant
            dpre = (fp - fc) / (xp - xc)
            dblk = (fb - fc) / (xb_ - xc)
            extrap = -fc * (fb * dblk - fp * dpre) / (dblk * dpre * (fb - fp))  # inverse quadratic
        stry = np.where(xp == xb_, interp, extrap)
        tryit = (np.abs(sp) > delta) & (np.abs(fc) < np.abs(fp))
        good = tryit & (2 * np.abs(stry) < np.minimum(np.abs(sp), 3 * np.abs(sbis) - delta))
        sp, sc = np.where(good, sc, sbis), np.where(good, stry, sbis)
        xp, fp = xc, fc
        xc = xc + np.where(np.abs(sc) > delta, sc, np.where(sbis > 0, delta, -delta))
        fc = _npv_columns(cf[:, act], t, xc)
        for a, v in ((xpre, xp), (xcur, xc), (xblk, xb_), (fpre, fp), (fcur, fc), (fblk, fb), (spre, sp), (scur, sc)):
            a[act] = v
    if act.size:
        raise RuntimeError(f"IRR: Brent's method did not converge in {_IRR_MAXITER} iterations on {act.size} paths")
    return root
