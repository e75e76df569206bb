"""Input validation and return-kind handling shared by every model function.

The helpers carry the library's conventions:

* :func:`check_array` turns a scalar / ndarray / Series argument into a NumPy array and
  rejects bad values *before any work is done*, with a ``ValueError`` that names the
  parameter, the offending value and the expected range and unit. Booleans and strings are
  refused (``True`` is not $1, ``'7e4'`` is not 70,000). Quantities with a physical scale
  (network hashrate, power price, J/TH ...) are also held to the plausible ranges of
  :mod:`minelib.plausibility`, which name the likely unit mistake.
* :func:`vectorized` decorates a model function whose arguments broadcast like a ufunc:
  arguments whose shapes do not broadcast are refused, naming both parameters and their
  shapes, before the function runs.
* :func:`like` gives the result back in the kind of the inputs: a Series (keeping its
  index) if any input was a Series, an ndarray if any input was array-like, else a
  Python scalar.
* :func:`check_date` parses a date argument, naming the parameter and the expected form.
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import re
from numbers import Number

import numpy as np
import pandas as pd

from minelib import plausibility


def _fmt_range(lo, hi, lo_inclusive, hi_inclusive) -> str:
    left = "[" if (lo is not None and lo_inclusive) else "("
    right = "]" if (hi is not None and hi_inclusive) else ")"
    lo_s = "-inf" if lo is None else f"{lo:g}"
    hi_s = "inf" if hi is None else f"{hi:g}"
    return f"{left}{lo_s}, {hi_s}{right}"


def _not_a_number(x) -> str | None:
    """Why ``x`` (one element) is not a number, or None if it is one."""
    if isinstance(x, (bool, np.bool_)):
        return "a boolean"
    if isinstance(x, (str, bytes)):
        return "a string"
    if x is None or x is pd.NA:
        return "missing"
    return None


def _refuse_non_numbers(name, value, rng, unit_s):
    """Refuse booleans, strings and missing values, scalar or inside an array, by position."""
    why = _not_a_number(value)
    if why is not None:
        shown = value.item() if isinstance(value, np.generic) else value
        raise ValueError(f"{name}={shown!r} is {why}, not a number; expected a number in {rng}{unit_s}")
    if isinstance(value, pd.Series):
        labels, raw = value.index, value.to_numpy()
    elif isinstance(value, np.ndarray):
        labels, raw = None, value
    elif isinstance(value, (list, tuple)):
        labels, raw = None, np.asarray(value, dtype=object)
    else:
        return
    if raw.dtype.kind in "biufcmM":
        if raw.dtype.kind != "b" or raw.size == 0:
            return
        flat = raw.ravel()
    else:  # object, str or bytes elements: look at each one
        flat = np.asarray(raw, dtype=object).ravel()
    for pos, x in enumerate(flat):
        why = _not_a_number(x)
        if why is not None:
            where = f"label {labels[pos]!r}" if labels is not None else f"position {pos}"
            shown = x.item() if isinstance(x, np.generic) else x
            raise ValueError(
                f"{name} contains {shown!r} at {where}, which is {why}, not a number; "
                f"expected a number in {rng}{unit_s}"
            )


# Blocks of 64 Ki float64 (512 KiB) fit in a core's L2 cache: the max of a block read
# just after its min comes from cache, so the two reductions cost about one pass over
# memory instead of two. Below a few blocks the plain reductions are as fast.
_EXTREMES_BLOCK = 1 << 16


def _extremes(arr: np.ndarray) -> tuple[float, float]:
    """``(arr.min(), arr.max())`` of a non-empty float array, in about one memory pass.

    Exact: the min (max) of the per-block minima (maxima) is the min (max) of the whole,
    and NaN propagates through both stages as it does through ``arr.min()``.
    """
    n = arr.size
    if n < 4 * _EXTREMES_BLOCK or not (arr.flags.c_contiguous or arr.flags.f_contiguous):
        return arr.min(), arr.max()
    flat = arr.ravel(order="K")  # a view of a contiguous array, in memory order
    blocks = -(-n // _EXTREMES_BLOCK)
    mins = np.empty(blocks)
    maxs = np.empty(blocks)
    lo_reduce, hi_reduce = np.minimum.reduce, np.maximum.reduce
    for i in range(blocks):
        block = flat[i * _EXTREMES_BLOCK:(i + 1) * _EXTREMES_BLOCK]
        mins[i] = lo_reduce(block)
        maxs[i] = hi_reduce(block)
    return lo_reduce(mins), hi_reduce(maxs)


def check_array(
    name: str,
    value,
    *,
    lo: float | None = None,
    hi: float | None = None,
    lo_inclusive: bool = True,
    hi_inclusive: bool = True,
    unit: str = "",
    integer: bool = False,
) -> np.ndarray:
    """Validate a numeric argument and return it as a float64 (or int64) ndarray.

    After the range check, a parameter whose name is a quantity of the plausibility table
    (``network_hashrate_ehs``, ``power_price_usd_per_kwh``, ``efficiency_j_per_th`` ...,
    with any prefix such as ``q1_``) is also held to its plausible range, see
    :mod:`minelib.plausibility`.

    Parameters
    ----------
    name : str
        Parameter name, quoted in the error message.
    value : scalar, array-like or Series
        The argument.
    lo, hi : float, optional
        Bounds of the accepted range [``unit``]; ``None`` means unbounded.
    lo_inclusive, hi_inclusive : bool
        Whether the bounds themselves are accepted.
    unit : str
        Unit shown in the error message, e.g. ``"EH/s"``.
    integer : bool
        Require whole numbers and return int64.

    Returns
    -------
    ndarray
        The values as float64 (int64 with ``integer=True``), 0-d for a scalar.

    Raises
    ------
    ValueError
        On booleans, strings (also inside an array, by position), NaN, +/-inf, values out
        of range, fractions where a whole number is required, or implausible magnitudes.

    Examples
    --------
    >>> check_array("uptime", 0.5, lo=0, hi=1, unit="fraction")
    array(0.5)
    >>> check_array("uptime", 1.5, lo=0, hi=1, unit="fraction")
    Traceback (most recent call last):
    ...
    ValueError: uptime=1.5 is outside the expected range [0, 1] [fraction]
    >>> check_array("height", 840_000.5, lo=0, unit="blocks", integer=True)
    Traceback (most recent call last):
    ...
    ValueError: height=840000.5 is not a whole number; expected a whole number in [0, inf) [blocks]
    """
    unit_s = f" [{unit}]" if unit else ""
    rng = _fmt_range(lo, hi, lo_inclusive, hi_inclusive)
    _refuse_non_numbers(name, value, rng, unit_s)
    labels = value.index if isinstance(value, pd.Series) else None
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}={value!r} is not numeric; expected a number in {rng}{unit_s}"
        ) from None

    if not integer and arr.size:
        # Fast path, min and max in about one pass, no temporaries: they propagate NaN and
        # carry +/-inf, so finite extremes inside the range prove every element is. Any
        # failure falls through to the element-wise pass below, which names the first
        # bad value and its position.
        if arr.ndim:
            mn, mx = _extremes(arr)
        else:
            mn = mx = arr[()]
        if (np.isfinite(mn) and np.isfinite(mx)
                and (lo is None or (mn >= lo if lo_inclusive else mn > lo))
                and (hi is None or (mx <= hi if hi_inclusive else mx < hi))):
            plausibility.check(name, arr, labels, extremes=(mn, mx))
            return arr

    bad = np.isnan(arr)
    if lo is not None:
        bad |= (arr < lo) if lo_inclusive else (arr <= lo)
    if hi is not None:
        bad |= (arr > hi) if hi_inclusive else (arr >= hi)
    bad |= np.isinf(arr)  # no model quantity is infinite; an inf would turn into a NaN later
    fraction = np.zeros(arr.shape, dtype=bool)
    if integer:
        with np.errstate(invalid="ignore"):
            fraction = np.isfinite(arr) & (arr != np.floor(arr))
        bad |= fraction
    if bad.any():
        what = "a whole number" if integer else "a number"
        pos = int(np.flatnonzero(bad.ravel())[0])
        v = arr.ravel()[pos].item()
        if np.isnan(v):
            reason = "is not allowed"
        elif fraction.ravel()[pos]:
            reason = "is not a whole number"
        else:
            reason = "is outside the expected range"
        hint = plausibility.unit_hint(name, v) if reason == "is outside the expected range" else ""
        hint = f"; {hint}" if hint else ""
        if arr.ndim == 0:
            shown = "nan" if np.isnan(v) else repr(value if isinstance(value, Number) else v)
            if reason == "is outside the expected range":
                raise ValueError(f"{name}={shown} {reason} {rng}{unit_s}{hint}")
            raise ValueError(f"{name}={shown} {reason}; expected {what} in {rng}{unit_s}")
        where = f"label {labels[pos]!r}" if labels is not None else f"position {pos}"
        raise ValueError(
            f"{name} contains {v!r} at {where}, which {reason}; expected {what} in {rng}{unit_s}{hint}"
        )
    plausibility.check(name, arr, labels)
    if integer:
        return arr.astype(np.int64)
    return arr


def check_choice(name: str, value, choices) -> None:
    """Reject a string option that is not one of ``choices``."""
    if value not in choices:
        raise ValueError(f"{name}={value!r} is not one of {sorted(choices)}")


def _common_index(inputs):
    index = None
    for x in inputs:
        if isinstance(x, pd.Series):
            if index is None:
                index = x.index
            elif not index.equals(x.index):
                raise ValueError(
                    "Series arguments have different indexes; align them (e.g. with "
                    "Series.align) before calling"
                )
    return index


def like(result, *inputs):
    """Return ``result`` as the kind of the inputs (Series > ndarray > scalar).

    A Series result keeps the (common) index of the Series inputs; Series inputs with
    different indexes are rejected instead of being silently misaligned.

    Examples
    --------
    >>> like(np.asarray(2.0), 1.0)
    2.0
    >>> like(np.array([1.0, 2.0]), [0, 0])
    array([1., 2.])
    >>> like(np.array([1.0, 2.0]), pd.Series([0, 0], index=["a", "b"]))
    a    1.0
    b    2.0
    dtype: float64
    """
    result = np.asarray(result)
    index = _common_index(inputs)
    if index is not None:
        if result.ndim == 0:
            result = np.broadcast_to(result, (len(index),))
        if result.ndim != 1 or len(result) != len(index):
            raise ValueError(
                f"result of shape {result.shape} cannot carry a Series index of length {len(index)}; "
                "to broadcast a Series against a grid, pass its values (Series.to_numpy())"
            )
        return pd.Series(np.array(result), index=index)
    if any(np.ndim(x) > 0 for x in inputs) or result.ndim > 0:
        return result
    return result.item()


def _shape_of(value):
    """Shape of an argument that takes part in broadcasting, or None (scalars, strings, tables)."""
    if isinstance(value, (np.ndarray, pd.Series)):
        return value.shape
    if isinstance(value, (list, tuple)):
        try:
            return np.shape(value)
        except ValueError:  # ragged: check_array reports it
            return None
    return None


def check_broadcast(named) -> None:
    """Refuse arguments whose shapes do not broadcast together, naming two of them.

    Parameters
    ----------
    named : iterable of (str, value)
        Parameter names and argument values; scalars, strings and tables are ignored.

    Raises
    ------
    ValueError
        Naming the first two parameters whose shapes are incompatible, or two Series
        arguments with different indexes.

    Examples
    --------
    >>> check_broadcast([("network_hashrate_ehs", [900.0, 950.0, 1000.0]), ("days", [30, 31])])
    Traceback (most recent call last):
    ...
    ValueError: network_hashrate_ehs has shape (3,) and days has shape (2,), which do not broadcast together; pass arrays of the same shape or scalars; for a grid of every pair, give one as a column (shape (3, 1) against (2,))
    """
    shaped = [(n, v, s) for n, v in named if (s := _shape_of(v)) is not None and s != ()]
    if len(shaped) < 2:
        return
    series = [(n, v) for n, v, _ in shaped if isinstance(v, pd.Series)]
    for (n1, s1), (n2, s2) in zip(series, series[1:]):
        if not s1.index.equals(s2.index):
            raise ValueError(
                f"Series arguments {n1} and {n2} have different indexes; align them "
                "(e.g. with Series.align) before calling"
            )
    try:
        np.broadcast_shapes(*(s for _, _, s in shaped))
        return
    except ValueError:
        pass
    for i, (n1, _, s1) in enumerate(shaped):
        for n2, _, s2 in shaped[i + 1:]:
            try:
                np.broadcast_shapes(s1, s2)
            except ValueError:
                grid = (f"; for a grid of every pair, give one as a column (shape ({s1[0]}, 1) against ({s2[0]},))"
                        if len(s1) == len(s2) == 1 else "")
                raise ValueError(
                    f"{n1} has shape {s1} and {n2} has shape {s2}, which do not broadcast together; "
                    f"pass arrays of the same shape or scalars{grid}"
                ) from None


def vectorized(func):
    """Mark a model function whose arguments broadcast like a ufunc, and check that they do.

    Before ``func`` runs, the shapes of its array arguments are checked with
    :func:`check_broadcast`, so a mismatch names both parameters instead of surfacing as
    NumPy's bare "operands could not be broadcast together". The decorated function keeps
    its name, signature and docstring; ``func.__minelib_vectorized__`` is True (the house
    test checks that every function returning the kind of its inputs carries it).

    Parameters
    ----------
    func : callable
        A model function taking scalars, ndarrays or Series.

    Returns
    -------
    callable
        The checked function.

    Examples
    --------
    >>> @vectorized
    ... def total_usd(price_usd, amount_btc):
    ...     return like(check_array("price_usd", price_usd) * check_array("amount_btc", amount_btc),
    ...                 price_usd, amount_btc)
    >>> total_usd([1.0, 2.0], 3.0)
    array([3., 6.])
    >>> total_usd([1.0, 2.0], [3.0, 4.0, 5.0])
    Traceback (most recent call last):
    ...
    ValueError: price_usd has shape (2,) and amount_btc has shape (3,), which do not broadcast together; pass arrays of the same shape or scalars; for a grid of every pair, give one as a column (shape (2, 1) against (3,))
    """
    names = tuple(inspect.signature(func).parameters)

    @functools.wraps(func)
    def checked(*args, **kwargs):
        if len(args) + len(kwargs) > 1:
            check_broadcast([*zip(names, args), *kwargs.items()])
        return func(*args, **kwargs)

    checked.__minelib_vectorized__ = True
    return checked


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def check_date(name: str, value) -> pd.Timestamp:
    """Parse a date argument: an ISO ``YYYY-MM-DD`` string (optionally with a time), a
    ``datetime.date`` / ``datetime``, a ``numpy.datetime64`` or a pandas ``Timestamp``.

    Words such as ``'yesterday'`` or ``'now'`` are refused: a result must not depend on
    the day it is computed.

    Parameters
    ----------
    name : str
        Parameter name, quoted in the error message.
    value : str, date, datetime, datetime64 or Timestamp
        The date.

    Returns
    -------
    pandas.Timestamp
        The date (time zone kept if given).

    Raises
    ------
    ValueError
        If ``value`` is not one of the accepted forms or not a valid calendar date.

    Examples
    --------
    >>> check_date("start_date", "2024-04-20")
    Timestamp('2024-04-20 00:00:00')
    >>> check_date("start_date", "yesterday")
    Traceback (most recent call last):
    ...
    ValueError: start_date='yesterday' is not a date; expected an ISO date YYYY-MM-DD (e.g. '2024-04-20'), a datetime.date or a pandas Timestamp
    """
    expected = "expected an ISO date YYYY-MM-DD (e.g. '2024-04-20'), a datetime.date or a pandas Timestamp"
    if isinstance(value, str):
        if not _ISO_DATE.match(value.strip()):
            raise ValueError(f"{name}={value!r} is not a date; {expected}")
    elif not isinstance(value, (_dt.date, np.datetime64, pd.Timestamp)):
        raise ValueError(f"{name}={value!r} is not a date; {expected}")
    try:
        out = pd.Timestamp(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        raise ValueError(f"{name}={value!r} is not a valid calendar date; {expected}") from None
    if out is pd.NaT:
        raise ValueError(f"{name}={value!r} is not a date; {expected}")
    return out
