"""What the Monte Carlo models share: seeding, the month grid and path-shaped argument checks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import check_array, check_date
from minelib.units import DAYS_PER_YEAR, SECONDS_PER_DAY

__all__ = ["month_grid"]

SECONDS_PER_YEAR = DAYS_PER_YEAR * SECONDS_PER_DAY
DAYS_PER_MONTH = DAYS_PER_YEAR / 12.0

#: Plausibility limit of a drift [1/year], a volatility [1/sqrt(year)] and a log return
#: per step [-]: 5, i.e. a factor e^5 ~ 148 (an assumption of this package). A larger value
#: is far more likely a percent (60 for 0.6) than a market. (Within it, paths that still
#: leave float64 over a long horizon are refused by the price and network models.)
MAX_LOG_RATE = 5.0


def _percent_hint(value, kw):
    """``"; 60 looks like a percent ..."`` if ``value / 100`` passes the check that ``value`` failed."""
    try:
        arr = np.asarray(value, dtype=np.float64)
        check_array("value", arr / 100.0, **kw)
    except (TypeError, ValueError):
        return ""
    if arr.ndim == 0:
        return f"; {arr.item():g} looks like a percent where a fraction is expected: pass {arr.item() / 100:g}"
    shown = [float(f"{x:g}") for x in (arr / 100.0).ravel()]
    return f"; these look like percents where fractions are expected: pass {shown}"


def checked(name, value, **kw):
    """``check_array``, whose message adds a hint when the value reads as a percent of a valid one."""
    try:
        return check_array(name, value, **kw)
    except ValueError as err:
        hint = _percent_hint(value, kw)
        if hint:
            raise ValueError(f"{err}{hint}") from None
        raise


def count(name, value, lo=1, unit=""):
    """A scalar whole number >= ``lo``, as an int (not a bool, a string or 2.5)."""
    arr = None
    if not isinstance(value, (bool, np.bool_, str, bytes)):
        try:
            arr = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            pass
    if arr is None or arr.ndim != 0 or not np.isfinite(arr) or arr != np.floor(arr) or arr < lo:
        raise ValueError(f"{name}={value!r} must be a scalar whole number >= {lo} [{unit}]")
    return int(arr)


def scalar(name, value, **kw):
    """A validated scalar (``check_array``'s keywords, with the percent hint), as a float."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}={value!r} is a bool; expected a number [{kw.get('unit', '')}]")
    arr = checked(name, value, **kw)
    if arr.ndim != 0:
        raise ValueError(f"{name}={value!r} must be a scalar [{kw.get('unit', '')}]")
    return float(arr)


def log_rate(name, value, *, lo=-MAX_LOG_RATE, unit):
    """A drift or volatility per year within [lo, :data:`MAX_LOG_RATE`], as a float."""
    return scalar(name, value, lo=lo, hi=MAX_LOG_RATE, unit=unit)


def rng(seed):
    """``numpy.random.default_rng(seed)``, after checking the seed."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer, np.random.SeedSequence))):
        raise ValueError(f"seed={seed!r} must be None, an int >= 0, a SeedSequence or a numpy Generator")
    if isinstance(seed, (int, np.integer)) and seed < 0:
        raise ValueError(f"seed={seed!r} must be >= 0")
    return np.random.default_rng(seed)


def child_seeds(seed, n):
    """Independent streams from one seed, so one model's draws do not shift another's."""
    if isinstance(seed, np.random.Generator):
        return [np.random.default_rng(s) for s in seed.bit_generator.seed_seq.spawn(n)]
    rng(seed)  # validates
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return [np.random.default_rng(s) for s in ss.spawn(n)]


def gbm_log_increments(mu, sigma, dt_years, z, out=None):
    """Log increments of geometric Brownian motion: ``(mu - sigma^2 / 2) dt + sigma sqrt(dt) Z``.

    With ``out`` (an array of the result's shape, not ``dt_years``) the result is written
    there without a temporary of that shape: the same operations in the same order (a sum
    or product of two terms is exact either way round), so the same numbers.
    """
    if out is None:
        return (mu - 0.5 * sigma**2) * dt_years + sigma * np.sqrt(dt_years) * z
    np.multiply(sigma * np.sqrt(dt_years), z, out=out)
    out += (mu - 0.5 * sigma**2) * dt_years
    return out


def as_time_path(name, value, n_steps, n_paths, *, lo=None, hi=None, lo_inclusive=True, unit=""):
    """Validate a scalar, a per-step vector (n_steps,) or a (n_steps, n_paths) array; return it 2-D."""
    arr = check_array(name, value, lo=lo, hi=hi, lo_inclusive=lo_inclusive, unit=unit)
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        if len(arr) != n_steps:
            raise ValueError(f"{name} has {len(arr)} steps; expected {n_steps} (one per month) [{unit}]")
        arr = arr[:, None]
    elif arr.ndim == 2:
        if arr.shape[0] != n_steps or arr.shape[1] not in (1, n_paths):
            raise ValueError(f"{name} has shape {arr.shape}; expected ({n_steps}, {n_paths}) [{unit}]")
    elif arr.ndim > 2:
        raise ValueError(f"{name} has shape {arr.shape}; expected a scalar, ({n_steps},) or ({n_steps}, {n_paths})")
    return arr


def month_grid(start, n_months):
    """Calendar months of a simulation starting at ``start``.

    Parameters
    ----------
    start : str, date, datetime or Timestamp
        Start of the simulation (time 0) [date]: an ISO date ``YYYY-MM-DD`` (optionally with
        a time), a ``datetime.date`` or a ``Timestamp``; words such as ``'today'`` are
        refused (:func:`minelib._validate.check_date`). The first month runs from ``start``
        to the first of the next month.
    n_months : int
        Number of months [months], >= 1.

    Returns
    -------
    months : pandas.PeriodIndex
        The months (freq ``"M"``).
    edges_days : ndarray, shape (n_months + 1,)
        Month boundaries in days since ``start`` [days]; ``edges_days[0] == 0``.

    Raises
    ------
    ValueError
        If ``start`` is not a date or ``n_months`` not a whole number >= 1; the message
        names the parameter.

    Examples
    --------
    >>> months, edges = month_grid("2024-01-01", 3)
    >>> [str(m) for m in months], edges.tolist()
    (['2024-01', '2024-02', '2024-03'], [0.0, 31.0, 60.0, 91.0])
    >>> month_grid("yesterday", 3)
    Traceback (most recent call last):
    ...
    ValueError: start='yesterday' is not a date; expected an ISO date YYYY-MM-DD (e.g. '2024-04-20'), a datetime.date or a pandas Timestamp
    """
    n = count("n_months", n_months, unit="months")
    t0 = check_date("start", start)
    months = pd.period_range(t0.to_period("M"), periods=n, freq="M")
    bounds = [t0] + [(m + 1).to_timestamp() for m in months]
    if t0.tzinfo is not None:
        bounds = [t0] + [b.tz_localize(t0.tzinfo) for b in bounds[1:]]
    edges = np.array([(b - t0) / pd.Timedelta(days=1) for b in bounds])
    return months, edges
