"""Input validation and return-kind handling shared by every model function.

Two helpers carry the library's conventions:

* :func:`check_array` turns a scalar / ndarray / Series argument into a NumPy array and
  rejects bad values *before any work is done*, with a ``ValueError`` that names the
  parameter, the offending value and the expected range and unit.
* :func:`like` gives the result back in the kind of the inputs: a Series (keeping its
  index) if any input was a Series, an ndarray if any input was array-like, else a
  Python scalar.
"""

from __future__ import annotations

import math
from numbers import Number

import numpy as np
import pandas as pd


def _fmt_range(lo, hi, lo_inclusive, hi_inclusive) -> str:
    left = "[" if (lo is not None and lo_inclusive) else "("
    right = "]" if (hi is not None and hi_inclusive) else ")"
    lo_s = "-inf" if lo is None else f"{lo:g}"
    hi_s = "inf" if hi is None else f"{hi:g}"
    return f"{left}{lo_s}, {hi_s}{right}"


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

    Parameters
    ----------
    name : str
        Parameter name, quoted in the error message.
    value : scalar, array-like or Series
        The argument.
    lo, hi : float, optional
        Bounds of the accepted range; ``None`` means unbounded.
    lo_inclusive, hi_inclusive : bool
        Whether the bounds themselves are accepted.
    unit : str
        Unit shown in the error message, e.g. ``"EH/s"``.
    integer : bool
        Require whole numbers and return int64.

    Raises
    ------
    ValueError
        On non-numeric input, NaN, +/-inf, or values out of range.

    Examples
    --------
    >>> check_array("uptime", 0.5, lo=0, hi=1, unit="fraction")
    array(0.5)
    >>> check_array("uptime", 1.5, lo=0, hi=1, unit="fraction")
    Traceback (most recent call last):
    ...
    ValueError: uptime=1.5 is outside the expected range [0, 1] [fraction]
    """
    unit_s = f" [{unit}]" if unit else ""
    rng = _fmt_range(lo, hi, lo_inclusive, hi_inclusive)
    if value is None or isinstance(value, (str, bytes)):
        raise ValueError(f"{name}={value!r} is not numeric; expected a number in {rng}{unit_s}")
    labels = value.index if isinstance(value, pd.Series) else None
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}={value!r} is not numeric; expected a number in {rng}{unit_s}"
        ) from None

    bad = np.isnan(arr)
    if lo is not None:
        bad |= (arr < lo) if lo_inclusive else (arr <= lo)
    if hi is not None:
        bad |= (arr > hi) if hi_inclusive else (arr >= hi)
    bad |= np.isinf(arr)  # no model quantity is infinite; an inf would turn into a NaN later
    if integer:
        with np.errstate(invalid="ignore"):
            bad |= np.isfinite(arr) & (arr != np.floor(arr))
        bad |= ~np.isfinite(arr)
    if bad.any():
        what = "a whole number" if integer else "a number"
        if arr.ndim == 0:
            shown = value if isinstance(value, Number) else arr.item()
            raise ValueError(
                f"{name}={shown!r} is outside the expected range {rng}{unit_s}"
                if not (isinstance(shown, float) and math.isnan(shown))
                else f"{name}=nan is not allowed; expected {what} in {rng}{unit_s}"
            )
        pos = int(np.flatnonzero(bad.ravel())[0])
        where = f"label {labels[pos]!r}" if labels is not None else f"position {pos}"
        v = arr.ravel()[pos].item()
        reason = "is not allowed" if np.isnan(v) else "is outside the expected range"
        raise ValueError(
            f"{name} contains {v!r} at {where}, which {reason}; expected {what} in {rng}{unit_s}"
        )
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
