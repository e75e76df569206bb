"""Plausible magnitudes of quantities with a physical scale, and how to widen them.

Names carry units, but a wrong magnitude still passes a range check: 566e18 passed as
``network_hashrate_ehs`` (a hashrate in H/s) or 5 as ``power_price_usd_per_kwh`` (cents)
are positive numbers. Every argument validated by :func:`minelib._validate.check_array`
whose name is one of the quantities in :data:`LIMITS` (with any prefix: ``q1_``,
``fleet['efficiency_j_per_th']`` ...) is also held to the plausible range below; outside it
the ``ValueError`` names the likely unit mistake::

    network_hashrate_ehs=5.66e+20 looks like H/s (= 566 EH/s); expected a network
    hashrate in EH/s, plausibly at most 1e+05. For a deliberate what-if: ...

The limits are wide on purpose: they cover Bitcoin's history since 2009 where a history
is analysed, and far more than any fleet of today, so that they catch factors of 1,000,
not opinions. A deliberate what-if outside them is one call away:

* ``with minelib.plausibility.relaxed():`` - every limit off inside the block;
  ``relaxed("network_hashrate_ehs")`` - one quantity off;
  ``relaxed(power_price_usd_per_kwh=(0, 5))`` - one range widened;
* ``minelib.plausibility.relax(...)`` - the same for the rest of the session (a notebook),
  undone by :func:`reset`;
* environment variable ``MINELIB_PLAUSIBILITY`` for runs you do not edit (papermill,
  ``make reports``): ``off`` turns every limit off, or a list such as
  ``network_hashrate_ehs=off,power_price_usd_per_kwh=0:5`` (``lo:hi``; an empty end is
  unbounded). Read at every check, so ``%env`` in a notebook works too.

The functions' own ranges (a hashrate > 0, an efficiency <= 1 ...) are definitions, not
plausibility, and are never relaxed.

Examples
--------
>>> import minelib as ml
>>> ml.hashprice_usd_per_ph_day(71_091, 566e18, 3.125)
Traceback (most recent call last):
...
ValueError: network_hashrate_ehs=5.66e+20 looks like H/s (= 566 EH/s); expected a network hashrate in EH/s, plausibly at most 1e+05. For a deliberate what-if: `with minelib.plausibility.relaxed('network_hashrate_ehs'):` or MINELIB_PLAUSIBILITY='network_hashrate_ehs=off'
>>> with relaxed("network_hashrate_ehs"):
...     f"{ml.hashprice_usd_per_ph_day(71_091, 566e18, 3.125):.2e}"
'5.65e-17'
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["Limit", "LIMITS", "ENV_VAR", "check", "unit_hint", "relaxed", "relax", "reset", "limit"]

#: Environment variable read at every check (see the module docstring).
ENV_VAR = "MINELIB_PLAUSIBILITY"


def _units():
    # deferred: minelib.units validates through minelib._validate, which imports this module
    from minelib import units

    return units


def _hashrate(from_unit: str, to_unit: str) -> Callable[[float], float]:
    return lambda v: v * _units().HASHRATE_SCALE[from_unit] / _units().HASHRATE_SCALE[to_unit]


def _difficulty_of_hashrate_hs(v: float) -> float:
    from minelib.protocol import HASHES_PER_DIFFICULTY, TARGET_BLOCK_TIME_S

    return v * TARGET_BLOCK_TIME_S / HASHES_PER_DIFFICULTY


@dataclass(frozen=True)
class Limit:
    """Plausible range of one quantity.

    Parameters
    ----------
    what : str
        The quantity in words, for messages ("a network hashrate").
    unit : str
        Its unit.
    lo, hi : float or None
        Plausible range [``unit``]; ``None`` is unbounded.
    pattern : str
        Regular expression matched against each identifier in a parameter name.
    typical : tuple of float
        Where values lie today [``unit``]: a unit mistake is suggested when the value,
        read in that unit, falls here.
    mistakes : tuple of (str, callable)
        Units a value may wrongly be given in, with the conversion of such a value into
        ``unit`` (a label may show the converted value itself with ``{x}``).
    advice : str
        What to check when no unit mistake explains the value.
    """

    what: str
    unit: str
    lo: float | None
    hi: float | None
    pattern: str
    typical: tuple[float, float]
    mistakes: tuple[tuple[str, Callable[[float], float]], ...] = ()
    advice: str = ""


#: The plausible ranges, by quantity (the first whose ``pattern`` matches a name applies).
LIMITS: dict[str, Limit] = {
    # Network hashrate. No lower limit: the history since 2009 reaches down to ~5e-14 EH/s
    # (a day with one block at difficulty 1; Coin Metrics has 2009-01-09 at 19 blocks,
    # 9.4e-13 EH/s), and a value in too large a unit (ZH/s) cannot be told from an early
    # one. Upper: 100x today's ~1,000 EH/s (seed 003: "1.1 zettahashes per second", ~913
    # EH/s); at a 10 J/TH fleet 1e5 EH/s would draw 1 TW, about a third of the world's
    # average electricity generation (~30,000 TWh/year = 3.4 TW).
    "network_hashrate_ehs": Limit(
        "a network hashrate", "EH/s", None, 1e5, r"(^|_)network_hashrate_ehs$", (1.0, 1e4),
        (("H/s", _hashrate("H/s", "EH/s")), ("GH/s", _hashrate("GH/s", "EH/s")),
         ("TH/s", _hashrate("TH/s", "EH/s")), ("PH/s", _hashrate("PH/s", "EH/s"))),
    ),
    # One miner's (or pool's) hashrate in EH/s. Upper: 10x the whole network of early 2026;
    # the largest pool holds ~30 % of it (~300 EH/s), the largest listed miners ~40-60 EH/s
    # (seed 002: CleanSpark 42.6, Bitdeer 63.2 EH/s).
    "miner_hashrate_ehs": Limit(
        "a miner's hashrate", "EH/s", 0.0, 1e4, r"(^|_)miner_hashrate_ehs$", (1e-3, 1e3),
        (("H/s", _hashrate("H/s", "EH/s")), ("TH/s", _hashrate("TH/s", "EH/s")),
         ("PH/s", _hashrate("PH/s", "EH/s"))),
    ),
    # One miner's hashrate in TH/s (home devices and single machines: a Bitaxe ~1.2 TH/s, an
    # S21 200 TH/s, data/asics.csv). Upper: the network limit above, 1e5 EH/s = 1e11 TH/s.
    "miner_hashrate_ths": Limit(
        "a miner's hashrate", "TH/s", 0.0, 1e11, r"(^|_)miner_hashrate_ths$", (1e-3, 1e8),
        (("H/s", _hashrate("H/s", "TH/s")), ("GH/s", _hashrate("GH/s", "TH/s"))),
    ),
    # Electricity price. Miners pay $0.02-0.10/kWh (seed 001: "five cents or nine cents per
    # kilowatt-hour"); the dearest retail power in Europe's 2022 crisis was ~$0.5-0.7/kWh.
    # Upper: $1/kWh, above any grid's price. A value of 5 is 5 cents, or $5/MWh.
    "power_price_usd_per_kwh": Limit(
        "a power price", "USD/kWh", 0.0, 1.0, r"(^|_)power_price_usd_per_kwh$", (0.005, 0.5),
        (("US cents per kWh", lambda v: v / _units().CENTS_PER_USD),
         ("USD per MWh", lambda v: v / _units().KW_PER_MW)),
    ),
    # Machine or fleet efficiency. Best machines of 2025 ~10-15 J/TH, the S19 generation
    # 30-38, the first ASICs of 2013 ~1,000-2,000 J/TH (data/asics.csv). Lower: 1 J/TH, a
    # decade of halvings of today's best. Upper: 1e4 J/TH (GPU and CPU mining, far above,
    # predate every fleet this library models). data/asics.csv is held to the same range.
    "efficiency_j_per_th": Limit(
        "an efficiency", "J/TH", 1.0, 1e4, r"(^|_)efficiency_j_per_th$", (5.0, 200.0),
        (("J/GH", lambda v: v * _units().HASHRATE_SCALE["TH/s"] / _units().HASHRATE_SCALE["GH/s"]),
         ("J/PH", lambda v: v * _units().HASHRATE_SCALE["TH/s"] / _units().HASHRATE_SCALE["PH/s"])),
    ),
    # Difficulty. Lower: 1, the protocol's minimum (the proof-of-work limit). Upper: the
    # difficulty at which the network limit above (1e5 EH/s) finds a block every 600 s,
    # 1e5 * 1e18 * 600 / 2^32 = 1.4e16, 100x today's ~1.25-1.56e14 (seeds 001-003).
    "difficulty": Limit(
        "a difficulty", "dimensionless", 1.0, 1.4e16, r"(^|_)difficulty$", (1e12, 1e16),
        (("a hashrate in H/s (whose difficulty at 600 s blocks is {x})", _difficulty_of_hashrate_hs),),
    ),
    # BTC price. Upper: $5M/BTC, a market cap of ~$105T (21M coins), the world's yearly
    # GDP; published bull cases stay below it (seed prices: $60,000-$87,000). Today's price
    # in cents (7.1e6) is caught.
    "btc_price_usd": Limit(
        "a BTC price", "USD/BTC", 0.0, 5e6, r"(^|_)btc_price_usd$", (1.0, 1e6),
        (("US cents", lambda v: v / _units().CENTS_PER_USD),),
    ),
    # Efficiency implied by reported production (revenue.implied_operational_efficiency).
    # Above 1 is luck or a hashrate reported below the real one. A listed miner's quarter
    # holds hundreds of blocks, so luck moves it a few per cent (Poisson: sd = 1 /
    # sqrt(blocks), 5 % at 400 blocks); 1.5 leaves room for a small miner's month. Beyond,
    # the inputs do not describe the same period or units.
    "implied_operational_efficiency": Limit(
        "an implied operational efficiency", "fraction", 0.0, 1.5, r"^implied_operational_efficiency$", (0.5, 1.0),
        advice=("the reported BTC exceed what the hashrate could capture; check that btc_mined, days and "
                "block_subsidy_btc describe the same period (3.125 BTC from height 840,000, 6.25 before) and that "
                "miner_hashrate_ehs and network_hashrate_ehs are in EH/s"),
    ),
    # Operational efficiency given as input: the captured fraction of the expected reward,
    # at most 1 by definition (seed 000 uses 0.86); model functions also refuse > 1.
    "operational_efficiency": Limit(
        "an operational efficiency", "fraction", 0.0, 1.0, r"(^|_)operational_efficiency$", (0.5, 1.0),
        (("a percent", lambda v: v / 100.0),),
    ),
}

_session: dict[str, tuple | None] = {}
_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("minelib_plausibility", default=None)


@functools.lru_cache(maxsize=4096)
def _quantity_of(name: str) -> str | None:
    for token in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", name):
        for quantity, lim in LIMITS.items():
            if re.search(lim.pattern, token):
                return quantity
    return None


def _check_range(quantity, rng):
    if quantity not in LIMITS:
        raise ValueError(f"{quantity!r} is not a quantity with a plausibility limit; expected one of {sorted(LIMITS)}")
    if rng is None:
        return None
    try:
        lo, hi = rng
    except (TypeError, ValueError):
        raise ValueError(f"{quantity}={rng!r}: expected a (lo, hi) pair, None for unbounded ends") from None
    return (None if lo is None else float(lo), None if hi is None else float(hi))


def _overrides(*quantities, **ranges) -> dict:
    """{quantity: (lo, hi) or None (off)}; {"*": None} when no argument turns everything off."""
    if not quantities and not ranges:
        return {"*": None}
    out = {q: _check_range(q, None) for q in quantities}
    out.update({q: _check_range(q, r) for q, r in ranges.items()})
    return out


@functools.lru_cache(maxsize=16)
def _parse_env(text: str) -> dict:
    text = text.strip()
    if text.lower() in ("", "on"):
        return {}
    if text.lower() in ("off", "0", "false", "no", "none"):
        return {"*": None}
    out = {}
    for item in filter(None, (p.strip() for p in re.split(r"[,;]", text))):
        q, sep, spec = item.partition("=")
        q, spec = q.strip(), spec.strip()
        if not sep or q not in LIMITS:
            raise ValueError(
                f"{ENV_VAR}={text!r}: {item!r} is not 'quantity=off' or 'quantity=lo:hi' with a quantity "
                f"from {sorted(LIMITS)}"
            )
        if spec.lower() == "off":
            out[q] = None
            continue
        lo, sep, hi = spec.partition(":")
        try:
            out[q] = (float(lo) if lo.strip() else None, float(hi) if hi.strip() else None)
        except ValueError:
            raise ValueError(f"{ENV_VAR}={text!r}: {item!r} is not 'quantity=lo:hi' with numbers") from None
        if not sep:
            raise ValueError(f"{ENV_VAR}={text!r}: {item!r} is not 'quantity=lo:hi'")
    return out


def limit(quantity: str) -> tuple[float | None, float | None] | None:
    """The plausible range in force for ``quantity``, or None when its limit is off.

    A ``relaxed`` block overrides :func:`relax`, which overrides ``MINELIB_PLAUSIBILITY``,
    which overrides :data:`LIMITS`.

    Parameters
    ----------
    quantity : str
        A key of :data:`LIMITS`.

    Returns
    -------
    tuple of (float or None) or None
        ``(lo, hi)`` [the quantity's unit], or None when off.

    Examples
    --------
    >>> limit("power_price_usd_per_kwh")
    (0.0, 1.0)
    >>> with relaxed(power_price_usd_per_kwh=(0, 5)):
    ...     limit("power_price_usd_per_kwh")
    (0.0, 5.0)
    """
    _check_range(quantity, None)
    for level in (_context.get(), _session, _parse_env(os.environ.get(ENV_VAR, ""))):
        if level:
            if "*" in level:
                return None
            if quantity in level:
                return level[quantity]
    lim = LIMITS[quantity]
    return (lim.lo, lim.hi)


def _in_unit(unit: str) -> str:
    return {"dimensionless": "(dimensionless)", "fraction": "as a fraction"}.get(unit, f"in {unit}")


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def _hint(lim: Limit, v: float) -> str:
    fits = []
    for label, convert in lim.mistakes:
        x = convert(v)
        if lim.typical[0] <= x <= lim.typical[1]:
            unit = "" if lim.unit in ("dimensionless", "fraction") else f" {lim.unit}"
            fits.append(label.format(x=f"{x:.4g}") if "{x}" in label else f"{label} (= {x:.4g}{unit})")
    return "looks like " + " or ".join(fits) if fits else ""


def unit_hint(name: str, value: float) -> str:
    """The likely unit mistake behind ``value`` of parameter ``name``, or ``""``.

    Used by :func:`minelib._validate.check_array` to explain a value outside a function's
    own range (86 where a fraction is expected looks like a percent).

    Parameters
    ----------
    name : str
        Parameter name.
    value : float
        The offending value [the unit ``name`` implies].

    Returns
    -------
    str
        ``"it looks like ..."``, or ``""`` when no unit of :data:`LIMITS` explains it.

    Examples
    --------
    >>> unit_hint("operational_efficiency", 86.0)
    'it looks like a percent (= 0.86)'
    >>> unit_hint("days", 86.0)
    ''
    """
    quantity = _quantity_of(name)
    if quantity is None:
        return ""
    hint = _hint(LIMITS[quantity], value)
    return f"it {hint}" if hint else ""


def check(name: str, values, labels=None, quantity: str | None = None, extremes=None) -> None:
    """Refuse values of a quantity with a physical scale outside its plausible range.

    Called by :func:`minelib._validate.check_array` for every argument, so a model
    function does not call it itself; call it for a *result* that has a plausible range
    (``quantity`` names the row of :data:`LIMITS`).

    Parameters
    ----------
    name : str
        Parameter name; the quantity is found from it unless ``quantity`` is given.
    values : float or ndarray
        Values [the quantity's unit], already finite.
    labels : Index, optional
        Labels of a Series argument, to say where an implausible value sits.
    quantity : str, optional
        Key of :data:`LIMITS`; default: found from ``name``.
    extremes : tuple of float, optional
        ``(min, max)`` of ``values`` when the caller has them already (check_array
        does), so a large array is not reduced twice [the quantity's unit].

    Returns
    -------
    None

    Raises
    ------
    ValueError
        Naming the value, the plausible range, the likely unit mistake and how to widen
        the limit.

    Examples
    --------
    >>> check("power_price_usd_per_kwh", 0.05)
    >>> check("q1_power_price_usd_per_kwh", 5.0)
    Traceback (most recent call last):
    ...
    ValueError: q1_power_price_usd_per_kwh=5 looks like US cents per kWh (= 0.05 USD/kWh) or USD per MWh (= 0.005 USD/kWh); expected a power price in USD/kWh, plausible range [0, 1]. For a deliberate what-if: `with minelib.plausibility.relaxed('power_price_usd_per_kwh'):` or MINELIB_PLAUSIBILITY='power_price_usd_per_kwh=off'
    """
    quantity = quantity or _quantity_of(name)
    if quantity is None:
        return
    rng = limit(quantity)
    if rng is None:
        return
    lo, hi = rng
    arr = np.asarray(values, dtype=np.float64)
    if extremes is not None and arr.size:
        mn, mx = extremes
        if (lo is None or mn >= lo) and (hi is None or mx <= hi):
            return
    elif arr.ndim == 0:
        v = float(arr)
        if (lo is None or v >= lo) and (hi is None or v <= hi):
            return
    elif arr.size == 0 or ((lo is None or arr.min() >= lo) and (hi is None or arr.max() <= hi)):
        return  # two reductions, no temporary arrays: the common case on large grids
    bad = np.zeros(arr.shape, dtype=bool)
    if lo is not None:
        bad |= arr < lo
    if hi is not None:
        bad |= arr > hi
    if not bad.any():
        return  # NaN, which the caller's own range check reports
    lim = LIMITS[quantity]
    pos = int(np.flatnonzero(bad.ravel())[0])
    v = float(arr.ravel()[pos])
    if arr.ndim == 0:
        head = f"{name}={v:.4g}"
    else:
        where = f"label {labels[pos]!r}" if labels is not None else f"position {pos}"
        head = f"{name} contains {v:.4g} at {where}, which"
    if lo is None or hi is None:
        shown = f"plausibly at most {_fmt(hi)}" if lo is None else f"plausibly at least {_fmt(lo)}"
    else:
        shown = f"plausible range [{_fmt(lo)}, {_fmt(hi)}]"
    expected = f"expected {lim.what} {_in_unit(lim.unit)}, {shown}"
    hint = _hint(lim, v)
    if hint:
        what = f"{head} {hint}; {expected}"
    else:
        what = f"{head} is implausible; {expected}: {lim.advice or 'check its unit'}"
    raise ValueError(
        f"{what}. For a deliberate what-if: `with minelib.plausibility.relaxed({quantity!r}):` "
        f"or {ENV_VAR}='{quantity}=off'"
    )


@contextlib.contextmanager
def relaxed(*quantities: str, **ranges):
    """Widen plausibility limits inside a ``with`` block.

    Parameters
    ----------
    *quantities : str
        Quantities (keys of :data:`LIMITS`) whose limit is off; none and no ``ranges``:
        every limit is off.
    **ranges : tuple of (float or None)
        ``quantity=(lo, hi)`` replaces a range [the quantity's unit]; ``None`` for an
        unbounded end.

    Returns
    -------
    context manager

    Raises
    ------
    ValueError
        For a name that is not a quantity of :data:`LIMITS`, or a range that is not a pair.

    Examples
    --------
    >>> import minelib as ml
    >>> with relaxed("power_price_usd_per_kwh"):  # a deliberate $2/kWh what-if
    ...     ml.breakeven_hashprice_usd_per_ph_day(17.5, 2.0)
    840.0
    """
    token = _context.set({**(_context.get() or {}), **_overrides(*quantities, **ranges)})
    try:
        yield
    finally:
        _context.reset(token)


def relax(*quantities: str, **ranges) -> None:
    """Widen plausibility limits for the rest of the session (e.g. a notebook); :func:`reset` undoes it.

    Parameters
    ----------
    *quantities : str
        Quantities whose limit is off; none and no ``ranges``: every limit is off.
    **ranges : tuple of (float or None)
        ``quantity=(lo, hi)`` [the quantity's unit].

    Returns
    -------
    None

    Examples
    --------
    >>> relax(network_hashrate_ehs=(None, 1e7))
    >>> limit("network_hashrate_ehs")
    (None, 10000000.0)
    >>> reset()
    >>> limit("network_hashrate_ehs")
    (None, 100000.0)
    """
    _session.update(_overrides(*quantities, **ranges))


def reset() -> None:
    """Undo every :func:`relax` of the session (``relaxed`` blocks and the environment stay).

    Returns
    -------
    None

    Examples
    --------
    >>> relax()
    >>> reset()
    >>> limit("difficulty")
    (1.0, 1.4e+16)
    """
    _session.clear()
