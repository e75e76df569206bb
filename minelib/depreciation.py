"""Depreciation of mining hardware: schedules and useful-life sensitivity.

Seed ``000_abd4e67359fd40a7.txt``: "The biggest variable in cost modeling is depreciation.
Most miners depreciate ASICs over 3-5 years - but this is arbitrary ... longer
depreciation periods (e.g., 10+ years) become feasible" (CleanSpark uses 3-5 years, MARA 3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import check_array, like, vectorized

__all__ = [
    "straight_line_depreciation_usd",
    "straight_line_schedule",
    "declining_balance_schedule",
    "useful_life_sensitivity",
]


@vectorized
def straight_line_depreciation_usd(capex_usd, useful_life_years, salvage_usd=0.0):
    """Yearly straight-line depreciation: ``(capex - salvage) / life``.

    Parameters
    ----------
    capex_usd : float, ndarray or Series
        Cost of the equipment [USD], >= 0.
    useful_life_years : float, ndarray or Series
        Useful life [years], > 0.
    salvage_usd : float, ndarray or Series
        Residual value at the end of life [USD], 0 <= salvage <= capex.

    Returns
    -------
    float, ndarray or Series
        Depreciation expense [USD/year].

    Examples
    --------
    >>> straight_line_depreciation_usd(300e6, [3, 5, 10])
    array([1.e+08, 6.e+07, 3.e+07])
    """
    c = check_array("capex_usd", capex_usd, lo=0, unit="USD")
    n = check_array("useful_life_years", useful_life_years, lo=0, lo_inclusive=False, unit="years")
    s = check_array("salvage_usd", salvage_usd, lo=0, unit="USD")
    if np.any(s > c):
        raise ValueError(f"salvage_usd={salvage_usd!r} exceeds capex_usd={capex_usd!r}; expected 0 <= salvage <= capex [USD]")
    return like((c - s) / n, capex_usd, useful_life_years, salvage_usd)


def _schedule_args(capex_usd, useful_life_years, salvage_usd, periods_per_year):
    c = float(check_array("capex_usd", capex_usd, lo=0, unit="USD"))
    n = float(check_array("useful_life_years", useful_life_years, lo=0, lo_inclusive=False, unit="years"))
    s = float(check_array("salvage_usd", salvage_usd, lo=0, hi=c, unit="USD"))
    k = int(check_array("periods_per_year", periods_per_year, lo=1, hi=365, unit="periods/year", integer=True))
    periods = n * k
    if abs(periods - round(periods)) > 1e-9:
        raise ValueError(
            f"useful_life_years={useful_life_years!r} x periods_per_year={periods_per_year!r} "
            "must be a whole number of periods"
        )
    return c, s, k, int(round(periods))


def _table(expense, capex, k):
    expense = np.asarray(expense, dtype=float)
    accumulated = np.cumsum(expense)
    return pd.DataFrame({
        "period": np.arange(1, expense.size + 1),
        "year": np.arange(1, expense.size + 1) / k,
        "depreciation_usd": expense,
        "accumulated_usd": accumulated,
        "book_value_usd": capex - accumulated,
    })


def straight_line_schedule(capex_usd, useful_life_years, salvage_usd=0.0, periods_per_year=1):
    """Straight-line depreciation schedule: equal expense each period down to salvage.

    ``expense per period = (capex - salvage) / (life * periods_per_year)``

    Parameters
    ----------
    capex_usd : float
        Cost [USD], >= 0.
    useful_life_years : float
        Useful life [years], > 0; life x periods_per_year must be whole.
    salvage_usd : float
        Residual value [USD], in [0, capex].
    periods_per_year : int
        Periods per year [periods/year]: 1 for years, 4 for quarters, 12 for months.

    Returns
    -------
    DataFrame
        ``period, year, depreciation_usd, accumulated_usd, book_value_usd``.

    Examples
    --------
    >>> straight_line_schedule(1000.0, 4, salvage_usd=200.0)
       period  year  depreciation_usd  accumulated_usd  book_value_usd
    0       1   1.0             200.0            200.0           800.0
    1       2   2.0             200.0            400.0           600.0
    2       3   3.0             200.0            600.0           400.0
    3       4   4.0             200.0            800.0           200.0
    """
    c, s, k, n = _schedule_args(capex_usd, useful_life_years, salvage_usd, periods_per_year)
    return _table(np.full(n, (c - s) / n), c, k)


def declining_balance_schedule(capex_usd, useful_life_years, factor=2.0, salvage_usd=0.0, periods_per_year=1):
    """Declining-balance schedule, switching to straight line when that is larger.

    Each period charges ``book * factor / (life * periods_per_year)``, never below the
    straight-line charge on the remaining depreciable amount, and never below salvage;
    ``factor = 2`` is double-declining balance. Fully depreciated at end of life.

    Parameters
    ----------
    capex_usd : float
        Cost [USD], >= 0.
    useful_life_years : float
        Useful life [years], > 0.
    factor : float
        Multiple of the straight-line rate [dimensionless], >= 1.
    salvage_usd : float
        Residual value [USD], in [0, capex].
    periods_per_year : int
        Periods per year [periods/year], >= 1.

    Returns
    -------
    DataFrame
        ``period, year, depreciation_usd, accumulated_usd, book_value_usd``.

    Examples
    --------
    >>> declining_balance_schedule(1000.0, 5)["depreciation_usd"].round(2).tolist()
    [400.0, 240.0, 144.0, 108.0, 108.0]
    """
    c, s, k, n = _schedule_args(capex_usd, useful_life_years, salvage_usd, periods_per_year)
    f = float(check_array("factor", factor, lo=1, unit="dimensionless"))
    rate = f / n
    book = c
    expense = []
    for i in range(n):
        remaining = n - i
        charge = max(book * rate, (book - s) / remaining)
        charge = max(min(charge, book - s), 0.0)  # never below salvage, never negative
        expense.append(charge)
        book -= charge
    return _table(expense, c, k)


def useful_life_sensitivity(
    cash_cost_usd_per_btc,
    capex_usd,
    btc_per_year,
    btc_price_usd,
    useful_life_years=(3.0, 5.0, 10.0),
    interest_usd_per_year=0.0,
):
    """All-in cost per BTC and margin as the depreciation life changes.

    ``depreciation/BTC = capex / life / BTC per year``; ``all-in = cash + depreciation/BTC
    + interest/BTC``; ``margin = (price - all-in) / price``.

    Parameters
    ----------
    cash_cost_usd_per_btc : float
        Cash cost [USD/BTC], >= 0.
    capex_usd : float
        Depreciable equipment cost [USD], >= 0.
    btc_per_year : float
        Production [BTC/year], > 0.
    btc_price_usd : float
        Price [USD/BTC], > 0.
    useful_life_years : array-like
        Lives to compare [years], > 0. Seed 000: 3 (MARA), 3-5 (CleanSpark), 10+.
    interest_usd_per_year : float
        Interest expense [USD/year], >= 0.

    Returns
    -------
    DataFrame
        ``useful_life_years, depreciation_usd_per_btc, all_in_cost_usd_per_btc, margin``.

    Examples
    --------
    >>> useful_life_sensitivity(30_000, 600e6, 10_000, 60_000).round(3)
       useful_life_years  depreciation_usd_per_btc  all_in_cost_usd_per_btc  margin
    0                3.0                   20000.0                  50000.0   0.167
    1                5.0                   12000.0                  42000.0   0.300
    2               10.0                    6000.0                  36000.0   0.400
    """
    cash = float(check_array("cash_cost_usd_per_btc", cash_cost_usd_per_btc, lo=0, unit="USD/BTC"))
    capex = float(check_array("capex_usd", capex_usd, lo=0, unit="USD"))
    btc = float(check_array("btc_per_year", btc_per_year, lo=0, lo_inclusive=False, unit="BTC/year"))
    price = float(check_array("btc_price_usd", btc_price_usd, lo=0, lo_inclusive=False, unit="USD/BTC"))
    interest = float(check_array("interest_usd_per_year", interest_usd_per_year, lo=0, unit="USD/year"))
    lives = np.atleast_1d(check_array("useful_life_years", useful_life_years, lo=0, lo_inclusive=False, unit="years"))
    dep = capex / lives / btc
    all_in = cash + dep + interest / btc
    return pd.DataFrame({
        "useful_life_years": lives,
        "depreciation_usd_per_btc": dep,
        "all_in_cost_usd_per_btc": all_in,
        "margin": (price - all_in) / price,
    })
