"""Miner treasury: production, BTC sold to pay fiat costs, retained BTC, cash and runway.

Seed 001 puts the question plainly: "Can you keep the bitcoin you mine, or do you have to
sell it just to stay online?" This module answers it month by month for a selling policy
(:func:`step_treasury` is one month; :func:`simulate_treasury` runs the months of one
miner, :func:`simulate_treasury_paths` those of many Monte Carlo paths at once), and
reconciles reported holdings with reported production and sales, testing the readings of
the reported figures that could close a gap (:func:`reconciliation_readings`).

Month ``t`` (production ``P``, price ``S``, fiat costs ``C``; treasury ``B`` [BTC] and cash
``M`` [USD] carried from the month before):

* a policy decides the BTC sold from this month's production (and, under
  ``"sell_to_cover"``, from the treasury);
* sale proceeds join the cash; the costs are paid from the cash;
* any cost that cash and sales do not cover is the month's ``external_funding_usd``
  (debt, equity or unpaid bills - the model does not say which), and cash ends at 0:
  cash is never negative, and BTC is never negative;
* unsold production is ``retained_btc`` and joins the treasury.

Policies:

``"sell_all"``
    Sell the whole month's production (``sold = P``); never touch the treasury.
``"hold"``
    Sell nothing; every cost not covered by cash shows as external funding.
``"sell_to_cover"``
    Pay from cash first; sell just enough BTC for the rest, production first, then the
    treasury; if the treasury runs out, the rest is external funding (the unfunded
    shortfall), reported explicitly.
``"fixed_fraction"``
    Sell ``sell_fraction`` (in [0, 1]) of production; never touch the treasury.

References
----------
Seeds 001_edb144c9be488f88.txt (retained bitcoin; public miners sold > 32,000 BTC in a
quarter), 002_d81e0ff9e5c96647.txt (CleanSpark, Cango, Bitdeer January 2026 holdings),
000_abd4e67359fd40a7.txt (Cipher produced 924 BTC, reportedly without selling).

Why this module is long: about two thirds of its lines are docstrings (formula, units,
sources and a doctested example for each function); the code does one job, what a miner keeps of what it mines, and whether reported holdings add up.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import numpy as np
import pandas as pd

from minelib._validate import _common_index, check_array, check_choice, like, vectorized
from minelib.data.schemas import FIGURE_QUALIFIERS

__all__ = [
    "TREASURY_COLUMNS",
    "POLICIES",
    "step_treasury",
    "simulate_treasury",
    "simulate_treasury_paths",
    "TreasuryPaths",
    "runway_months",
    "sold_to_produced_ratio",
    "reconcile_holdings",
    "implied_net_outflow_btc",
    "QUALIFIERS",
    "stated_range",
    "READING_KINDS",
    "reconciliation_readings",
]



#: Selling policies understood by :func:`simulate_treasury`.
POLICIES: tuple[str, ...] = ("sell_all", "hold", "sell_to_cover", "fixed_fraction")

#: Columns of :func:`simulate_treasury` and :func:`simulate_treasury_paths`.
TREASURY_COLUMNS: tuple[str, ...] = (
    "production_btc",
    "price_usd",
    "fiat_costs_usd",
    "sold_from_production_btc",
    "sold_from_treasury_btc",
    "sold_btc",
    "retained_btc",
    "treasury_btc",
    "sale_proceeds_usd",
    "cash_usd",
    "external_funding_usd",
    "cumulative_external_funding_usd",
    "sold_to_produced_ratio",
    "treasury_value_usd",
    "monthly_shortfall_usd",
    "runway_months",
)
#: What :func:`step_treasury` returns, in the order of ``_month``.
_STEP_COLUMNS: tuple[str, ...] = (
    "sold_from_production_btc", "sold_from_treasury_btc", "retained_btc", "treasury_btc",
    "cash_usd", "external_funding_usd",
)
#: The columns the month-by-month simulation produces; the others are inputs or derived.
STATE_COLUMNS: tuple[str, ...] = _STEP_COLUMNS + ("cumulative_external_funding_usd",)


def _check_inputs(policy, production_btc, price_usd, fiat_costs_usd, sell_fraction,
                  treasury_btc, cash_usd, treasury_name, cash_name):
    """The treasury's input checks, in one place: ``(P, S, C, F, B, M)`` as float arrays."""
    f, b, m = _check_policy_args(policy, sell_fraction, treasury_btc, cash_usd, treasury_name, cash_name)
    p = check_array("production_btc", production_btc, lo=0.0, unit="BTC/month")
    s = check_array("price_usd", price_usd, lo=0.0, lo_inclusive=False, unit="USD/BTC")
    c = check_array("fiat_costs_usd", fiat_costs_usd, lo=0.0, unit="USD/month")
    return p, s, c, f, b, m


def _check_policy_args(policy, sell_fraction, treasury_btc, cash_usd, treasury_name, cash_name):
    """The policy and its own arguments checked: ``(F, B, M)`` as float arrays, ``F = 0`` unless ``fixed_fraction``.

    :func:`minelib.montecarlo.simulate_miner_paths` calls it before its paths exist and
    passes the arrays on to :func:`_paths_of_checked`.
    """
    check_choice("policy", policy, POLICIES)
    b = check_array(treasury_name, treasury_btc, lo=0.0, unit="BTC")
    m = check_array(cash_name, cash_usd, lo=0.0, unit="USD")
    if policy == "fixed_fraction":
        if sell_fraction is None:
            raise ValueError("sell_fraction is required with policy='fixed_fraction'; expected a number in [0, 1] [fraction]")
        f = check_array("sell_fraction", sell_fraction, lo=0.0, hi=1.0, unit="fraction")
    else:
        if sell_fraction is not None:
            raise ValueError(f"sell_fraction={sell_fraction!r} is only used with policy='fixed_fraction', not {policy!r}")
        f = np.asarray(0.0)
    return f, b, m


def _broadcast_shape(shapes, target):
    """The common shape of the named ``(given, as used)`` shapes; on a mismatch, name both arguments."""
    shape, by = (), None
    for name, (given, used) in shapes.items():
        try:
            new = np.broadcast_shapes(shape, used)
        except ValueError:
            raise ValueError(f"{name} of shape {given} does not broadcast with {by} of shape {shapes[by][0]} "
                             f"to {target}") from None
        if new != shape:
            shape, by = new, name
    return shape


def _month(pt, st, ct, ft, B, M, policy, out=None, work=None):
    """One month of the rules on validated arrays: ``(x_P, x_B, retained, B', M', external)``.

    ``out``: six arrays of the inputs' broadcast shape to write the results into (the
    month's rows of :func:`_simulate`'s columns), else new ones; ``work``: two more, for
    the intermediate terms. A run of months thus allocates nothing per month.

    The rules' "0 where a condition fails" are written without masks (``np.where`` with
    a mask that differs from path to path costs ten passes of arithmetic): on inputs >= 0
    each is a clamp at 0, e.g. ``need <= 0 ? 0 : need`` is ``max(need, 0)``, ``x_B = rest
    > 0 ? min(B, rest) : 0`` is ``max(min(B, rest), 0)`` because ``B >= 0``, and the
    sell-to-cover shortfall, which rounding can leave a hair above 0 where the treasury
    did cover it, is multiplied by the 0/1 of ``rest > B``. The numbers are those of the
    masked rules bit for bit; an input of -0.0 can at most give a 0 of the other sign.
    """
    if out is None or work is None:
        shape = np.broadcast_shapes(*(np.shape(a) for a in (pt, st, ct, ft, B, M)))
        out = tuple(np.empty(shape) for _ in range(6)) if out is None else out
        work = (np.empty(shape), np.empty(shape)) if work is None else work
    x_p, x_b, retained, closing, cash, ext = out
    w1, w2 = work
    if policy == "sell_to_cover":
        need = np.subtract(ct, M, out=w1)  # what cash does not pay [USD]
        btc_needed = np.maximum(need, 0.0, out=w2)
        btc_needed /= st
        np.minimum(pt, btc_needed, out=x_p)
        rest = np.subtract(btc_needed, pt, out=w2)  # BTC still needed after production is sold
        np.minimum(B, rest, out=x_b)
        np.maximum(x_b, 0.0, out=x_b)
        short = rest > B  # the treasury runs out
        if short.any():
            gap = np.add(pt, B, out=w2)
            gap *= st
            np.subtract(need, gap, out=gap)
            np.maximum(gap, 0.0, out=gap)
            np.multiply(gap, short, out=ext)
        else:
            ext[...] = 0.0
        np.subtract(M, ct, out=cash)
        np.maximum(cash, 0.0, out=cash)
    else:
        if policy == "sell_all":
            x_p[...] = pt
        elif policy == "hold":
            x_p[...] = 0.0
        else:  # fixed_fraction
            np.multiply(ft, pt, out=x_p)
        x_b[...] = 0.0
        available = np.multiply(x_p, st, out=w1)
        available += M
        np.subtract(available, ct, out=cash)
        np.maximum(cash, 0.0, out=cash)
        np.subtract(ct, available, out=ext)
        np.maximum(ext, 0.0, out=ext)
    np.subtract(pt, x_p, out=retained)
    np.subtract(B, x_b, out=closing)
    closing += retained
    return out


def step_treasury(*, production_btc, price_usd, fiat_costs_usd, treasury_btc, cash_usd,
                  policy="sell_to_cover", sell_fraction=None):
    """One month of a selling policy: BTC sold and retained, closing treasury and cash.

    With production ``P``, price ``S``, fiat costs ``C``, opening treasury ``B`` and cash
    ``M`` (the rules of the module docstring):

    * ``sell_all``: ``x_P = P``; ``hold``: ``x_P = 0``; ``fixed_fraction``: ``x_P = f P``;
      ``x_B = 0``; ``external = max(C - M - x_P S, 0)``, ``cash' = max(M + x_P S - C, 0)``.
    * ``sell_to_cover``: ``need = max(C - M, 0)``; ``x_P = min(P, need / S)``;
      ``x_B = min(B, need / S - x_P)``; ``external = max(need - (P + B) S, 0)`` when the
      treasury runs out, else 0; ``cash' = max(M - C, 0)``.
    * ``retained = P - x_P``; ``treasury' = B - x_B + retained``.

    Cash and BTC never go negative: what cash and sales cannot pay is external funding.
    :func:`simulate_treasury` and :func:`simulate_treasury_paths` apply this step month
    after month.

    Parameters
    ----------
    production_btc : float, ndarray or Series
        BTC produced in the month [BTC/month], >= 0.
    price_usd : float, ndarray or Series
        Price at which the month's sales happen [USD/BTC], > 0.
    fiat_costs_usd : float, ndarray or Series
        Fiat costs paid in the month [USD/month], >= 0.
    treasury_btc : float, ndarray or Series
        BTC held at the start of the month [BTC], >= 0.
    cash_usd : float, ndarray or Series
        Cash held at the start of the month [USD], >= 0.
    policy : {"sell_all", "hold", "sell_to_cover", "fixed_fraction"}
        Selling policy [-].
    sell_fraction : float, ndarray or Series, optional
        Share of production sold [fraction], in [0, 1]; required by, and only accepted
        with, ``policy="fixed_fraction"``.

    Returns
    -------
    dict of float, ndarray or Series
        ``sold_from_production_btc``, ``sold_from_treasury_btc``, ``retained_btc``,
        ``treasury_btc`` (closing) [BTC]; ``cash_usd`` (closing) and
        ``external_funding_usd`` [USD]; each in the kind of the inputs, broadcast together.

    Raises
    ------
    ValueError
        Unknown ``policy``; ``sell_fraction`` missing, out of [0, 1] or given to another
        policy; a NaN, infinite or out-of-range input. The message names the parameter.

    References
    ----------
    Seed 001_edb144c9be488f88.txt ("sell it just to stay online"); seed
    002_d81e0ff9e5c96647.txt (CleanSpark sells "nearly 100%" of monthly production).

    Examples
    --------
    500 BTC mined at $70,000 against $30M of costs, no cash: 428.6 BTC pay the bill and
    71.4 BTC join the 13,100 held.

    >>> out = step_treasury(production_btc=500.0, price_usd=70_000.0, fiat_costs_usd=30e6,
    ...                     treasury_btc=13_100.0, cash_usd=0.0)
    >>> round(out["sold_from_production_btc"], 1), round(out["treasury_btc"], 1)
    (428.6, 13171.4)

    Holding leaves the whole bill, less the cash, to outside funding:

    >>> step_treasury(production_btc=500.0, price_usd=50_000.0, fiat_costs_usd=30e6,
    ...               treasury_btc=0.0, cash_usd=[0.0, 10e6], policy="hold")["external_funding_usd"]
    array([30000000., 20000000.])
    """
    inputs = (production_btc, price_usd, fiat_costs_usd, treasury_btc, cash_usd, sell_fraction)
    p, s, c, f, b, m = _check_inputs(policy, production_btc, price_usd, fiat_costs_usd, sell_fraction,
                                     treasury_btc, cash_usd, "treasury_btc", "cash_usd")
    names = ("production_btc", "price_usd", "fiat_costs_usd", "sell_fraction", "treasury_btc", "cash_usd")
    shape = _broadcast_shape({n: (a.shape, a.shape) for n, a in zip(names, (p, s, c, f, b, m))}, "one shape")
    result = _month(p, s, c, f, b, m, policy)
    return {k: like(np.broadcast_to(v, shape), *inputs) for k, v in zip(_STEP_COLUMNS, result)}


def _simulate(P, S, C, F, start_treasury_btc, start_cash_usd, policy):
    """:func:`step_treasury`'s rule month after month on validated ``(n_months, n_paths)`` arrays.

    Returns the :data:`STATE_COLUMNS` as ``(n_months, n_paths)`` arrays, except
    ``retained_btc`` and ``cumulative_external_funding_usd``, which :class:`TreasuryPaths`
    derives when read. Each month's results are written straight into their rows.
    """
    n_t, n_p = P.shape
    out = {k: np.empty((n_t, n_p)) for k in _STEP_COLUMNS if k != "retained_btc"}
    retained, work = np.empty(n_p), (np.empty(n_p), np.empty(n_p))  # the month's retained BTC, scratch
    B = np.array(start_treasury_btc, dtype=np.float64)
    M = np.array(start_cash_usd, dtype=np.float64)
    for t in range(n_t):
        rows = tuple(retained if k == "retained_btc" else out[k][t] for k in _STEP_COLUMNS)
        _month(P[t], S[t], C[t], F[t], B, M, policy, out=rows, work=work)
        B, M = out["treasury_btc"][t], out["cash_usd"][t]
    return out


def _ratio(s, p):
    """sold / produced; 0 for 0/0, inf for x/0 (and on overflow with subnormal production)."""
    s, p = np.broadcast_arrays(s, p)
    with np.errstate(over="ignore"):
        return np.where(p > 0, s / np.where(p > 0, p, 1.0), np.where(s > 0, np.inf, 0.0))


def _runway(b, m, s, p, c):
    """(B S + M) / (C - P S) where the shortfall is positive, else inf."""
    shortfall = c - p * s
    positive = shortfall > 0
    with np.errstate(over="ignore"):
        return np.where(positive, (b * s + m) / np.where(positive, shortfall, 1.0), np.inf)


@vectorized
def sold_to_produced_ratio(sold_btc, produced_btc):
    """Ratio of BTC sold to BTC produced.

    ``ratio = sold / produced``; above 1 when the treasury is being drawn down. Convention
    for ``produced = 0``: ``0.0`` if nothing was sold, ``inf`` if something was (never NaN).

    Parameters
    ----------
    sold_btc : float, ndarray or Series
        BTC sold in the period [BTC], >= 0.
    produced_btc : float, ndarray or Series
        BTC produced in the period [BTC], >= 0.

    Returns
    -------
    float, ndarray or Series
        Sold-to-produced ratio [dimensionless].

    Raises
    ------
    ValueError
        If an argument is NaN or negative; the message names the parameter.

    References
    ----------
    Seeds 001_edb144c9be488f88.txt, 002_d81e0ff9e5c96647.txt.

    Examples
    --------
    CleanSpark, January 2026 (seed 002): 158.6 BTC sold of 573 mined.

    >>> round(sold_to_produced_ratio(158.6, 573.0), 3)
    0.277

    Public miners sold 32,000+ BTC in a quarter (seed 001) against a network issuance of
    3.125 BTC x 144 blocks/day x ~90 days = 40,500 BTC: about 79 % of it.

    >>> round(sold_to_produced_ratio(32_000.0, 3.125 * 144 * 90), 3)
    0.79
    >>> sold_to_produced_ratio(np.array([0.0, 1.0]), 0.0)
    array([ 0., inf])
    """
    s = check_array("sold_btc", sold_btc, lo=0.0, unit="BTC")
    p = check_array("produced_btc", produced_btc, lo=0.0, unit="BTC")
    return like(_ratio(s, p), sold_btc, produced_btc)


@vectorized
def runway_months(treasury_btc, cash_usd, price_usd, production_btc, fiat_costs_usd):
    """Months the treasury (BTC at the price, plus cash) covers the monthly shortfall.

    ``shortfall = C - P * S``  (fiat costs minus the value of the month's production)

    ``runway = (B * S + M) / shortfall`` if ``shortfall > 0``, else ``inf``

    i.e. how many months like this one the miner could pay, selling the whole treasury at
    today's price, if production and costs stayed as they are. Infinite when production
    covers costs. ``0`` when there is a shortfall and nothing left to cover it.

    Parameters
    ----------
    treasury_btc : float, ndarray or Series
        BTC held [BTC], >= 0.
    cash_usd : float, ndarray or Series
        Cash held [USD], >= 0.
    price_usd : float, ndarray or Series
        BTC price [USD/BTC], > 0.
    production_btc : float, ndarray or Series
        BTC produced per month [BTC/month], >= 0.
    fiat_costs_usd : float, ndarray or Series
        Fiat costs per month [USD/month], >= 0.

    Returns
    -------
    float, ndarray or Series
        Runway [months]; ``inf`` when there is no shortfall.

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seed 001_edb144c9be488f88.txt ("just enough cash flow to stay online").

    Examples
    --------
    1,000 BTC and $5M against $20M of monthly costs, producing 200 BTC at $70,000:

    >>> runway_months(1000.0, 5e6, 70_000.0, 200.0, 20e6)
    12.5
    >>> runway_months(1000.0, 0.0, 70_000.0, np.array([200.0, 400.0]), 20e6)
    array([11.66666667,         inf])
    """
    b = check_array("treasury_btc", treasury_btc, lo=0.0, unit="BTC")
    m = check_array("cash_usd", cash_usd, lo=0.0, unit="USD")
    s = check_array("price_usd", price_usd, lo=0.0, lo_inclusive=False, unit="USD/BTC")
    p = check_array("production_btc", production_btc, lo=0.0, unit="BTC/month")
    c = check_array("fiat_costs_usd", fiat_costs_usd, lo=0.0, unit="USD/month")
    return like(_runway(b, m, s, p, c), treasury_btc, cash_usd, price_usd, production_btc, fiat_costs_usd)


def simulate_treasury(
    production_btc,
    price_usd,
    fiat_costs_usd,
    policy: str = "sell_to_cover",
    *,
    start_treasury_btc=0.0,
    start_cash_usd=0.0,
    sell_fraction=None,
    n_months: int | None = None,
) -> pd.DataFrame:
    """Month-by-month treasury of one miner under a selling policy.

    Month ``t`` is :func:`step_treasury` on that month's production ``P``, price ``S`` and
    costs ``C``, from the treasury ``B`` and cash ``M`` the month before closed with;
    ``proceeds = (x_P + x_B) S``; ``runway`` as in :func:`runway_months`, on the closing
    balances. :func:`simulate_treasury_paths` runs the same months on many paths at once.

    Parameters
    ----------
    production_btc : float, ndarray or Series
        BTC produced each month [BTC/month], >= 0.
    price_usd : float, ndarray or Series
        BTC price at which the month's sales happen [USD/BTC], > 0.
    fiat_costs_usd : float, ndarray or Series
        Fiat costs paid each month (power, hosting, payroll, interest) [USD/month], >= 0.
    policy : {"sell_all", "hold", "sell_to_cover", "fixed_fraction"}
        Selling policy [-].
    start_treasury_btc : float
        BTC held at the start [BTC], >= 0.
    start_cash_usd : float
        Cash held at the start [USD], >= 0.
    sell_fraction : float, ndarray or Series, optional
        Share of each month's production sold [fraction], in [0, 1]; required by, and only
        accepted with, ``policy="fixed_fraction"``.
    n_months : int, optional
        Number of months when every series argument is a scalar [months] (default 1); must
        match the length of array arguments if given.

    Returns
    -------
    pandas.DataFrame
        One row per month (the Series index if any argument is a Series, else a
        ``RangeIndex`` named ``month``), columns: ``production_btc``, ``price_usd``,
        ``fiat_costs_usd``, ``sold_from_production_btc``, ``sold_from_treasury_btc``,
        ``sold_btc``, ``retained_btc`` (production not sold), ``treasury_btc`` (closing),
        ``sale_proceeds_usd``, ``cash_usd`` (closing, >= 0), ``external_funding_usd``
        (costs not covered by cash and sales that month - the unfunded shortfall),
        ``cumulative_external_funding_usd``, ``sold_to_produced_ratio``,
        ``treasury_value_usd`` (closing BTC x price), ``monthly_shortfall_usd``
        (``max(C - P S, 0)``) and ``runway_months``. All BTC columns are >= 0 and
        ``production_btc == sold_from_production_btc + retained_btc`` every month.

    Raises
    ------
    ValueError
        Unknown ``policy``; ``sell_fraction`` missing, out of [0, 1] or given to another
        policy; NaN / negative inputs; inputs of different lengths; Series with
        different indexes. The message names the parameter.

    References
    ----------
    Seeds 001_edb144c9be488f88.txt (retained bitcoin, selling to cover costs),
    002_d81e0ff9e5c96647.txt (CleanSpark sells "nearly 100%" of monthly production).

    Examples
    --------
    Three months of 500 BTC; costs of $30M a month; the price falls from $70k to $50k:

    >>> df = simulate_treasury([500, 500, 500], [70_000, 60_000, 50_000], 30e6,
    ...                        "sell_to_cover", start_treasury_btc=13_100.0)
    >>> df[["sold_from_production_btc", "sold_from_treasury_btc", "treasury_btc"]].round(1)
           sold_from_production_btc  sold_from_treasury_btc  treasury_btc
    month
    0                         428.6                     0.0       13171.4
    1                         500.0                     0.0       13171.4
    2                         500.0                   100.0       13071.4

    Runway is infinite while production pays the bills (months 0 and 1), then ~131 months:

    >>> df["runway_months"].round(1).tolist()
    [inf, inf, 130.7]

    Holding instead leaves the whole bill to outside funding:

    >>> simulate_treasury(500.0, 50_000.0, 30e6, "hold", n_months=2)["external_funding_usd"].tolist()
    [30000000.0, 30000000.0]
    """
    p, s, c, f, b0, m0 = _check_inputs(policy, production_btc, price_usd, fiat_costs_usd, sell_fraction,
                                       start_treasury_btc, start_cash_usd, "start_treasury_btc", "start_cash_usd")
    for name, arr, val in (("start_treasury_btc", b0, start_treasury_btc), ("start_cash_usd", m0, start_cash_usd)):
        if arr.ndim != 0:
            raise ValueError(f"{name}={val!r} must be a scalar")
    series_args = [production_btc, price_usd, fiat_costs_usd] + ([sell_fraction] if policy == "fixed_fraction" else [])
    if n_months is not None:
        nm = check_array("n_months", n_months, lo=1.0, unit="months", integer=True)
        if nm.ndim != 0:
            raise ValueError(f"n_months={n_months!r} must be a scalar whole number >= 1")
        n_months = int(nm)

    arrays = [p, s, c, f]
    names = ["production_btc", "price_usd", "fiat_costs_usd", "sell_fraction"]
    length = first = None
    for name, arr in zip(names, arrays):
        if arr.ndim > 1:
            raise ValueError(f"{name} must be a scalar or one-dimensional; got shape {arr.shape}")
        if arr.ndim == 1:
            if length is None:
                length, first = len(arr), name
            elif len(arr) != length:
                raise ValueError(f"{name} has {len(arr)} months but {first} has {length}")
    if length is None:
        length = 1 if n_months is None else n_months
    elif n_months is not None and n_months != length:
        raise ValueError(f"n_months={n_months} does not match the {length} months of the inputs")
    if length == 0:
        raise ValueError("production_btc has no months; expected at least one")
    index = _common_index(series_args)
    if index is None:
        index = pd.RangeIndex(length, name="month")

    P, S, C, F = (np.broadcast_to(a, (length,)).astype(np.float64)[:, None] for a in arrays)
    paths = _treasury_paths(P, S, C, F, b0.reshape(1), m0.reshape(1), policy)
    return pd.DataFrame({k: paths[k][:, 0] for k in TREASURY_COLUMNS}, index=index)


class TreasuryPaths(Mapping):
    """The :data:`TREASURY_COLUMNS` of :func:`simulate_treasury_paths`, as a read-only mapping.

    The month-by-month state is stored; the columns derived from it (``sold_btc``,
    ``retained_btc`` = production - sold from production, ``sale_proceeds_usd``,
    ``sold_to_produced_ratio``, ``treasury_value_usd``, ``monthly_shortfall_usd``,
    ``runway_months``, and ``cumulative_external_funding_usd``, the running sum of
    ``external_funding_usd`` month after month) are computed on first access, by the
    formulas of the month's rules, and cached: with 100,000 paths each one is ~40 MB
    that most analyses never read.
    """

    def __init__(self, columns):
        self._c = dict(columns)

    def __getitem__(self, key):
        if key not in self._c:
            if key not in TREASURY_COLUMNS:
                raise KeyError(key)
            self._c[key] = self._derive(key)
        return self._c[key]

    def _derive(self, key):
        c = self._c
        P, S, C = c["production_btc"], c["price_usd"], c["fiat_costs_usd"]
        if key == "sold_btc":
            return c["sold_from_production_btc"] + c["sold_from_treasury_btc"]
        if key == "retained_btc":  # as step_treasury computes it
            return P - c["sold_from_production_btc"]
        if key == "cumulative_external_funding_usd":  # a running sum from 0, month after month
            return np.cumsum(c["external_funding_usd"], axis=0)
        if key == "sale_proceeds_usd":
            return self["sold_btc"] * S
        if key == "sold_to_produced_ratio":
            return _ratio(self["sold_btc"], P)
        if key == "treasury_value_usd":
            return c["treasury_btc"] * S
        if key == "monthly_shortfall_usd":
            return np.maximum(C - P * S, 0.0)
        return _runway(c["treasury_btc"], c["cash_usd"], S, P, C)  # runway_months

    def __iter__(self):
        return iter(TREASURY_COLUMNS)

    def __len__(self):
        return len(TREASURY_COLUMNS)


def _treasury_paths(P, S, C, F, start_treasury_btc, start_cash_usd, policy):
    """The months of :func:`_simulate` with their inputs, as :class:`TreasuryPaths`."""
    out = _simulate(P, S, C, F, start_treasury_btc, start_cash_usd, policy)
    out["production_btc"] = P
    out["price_usd"] = S
    out["fiat_costs_usd"] = C
    return TreasuryPaths(out)


def simulate_treasury_paths(production_btc, price_usd, fiat_costs_usd, policy="sell_to_cover", *,
                            start_treasury_btc=0.0, start_cash_usd=0.0, sell_fraction=None):
    """:func:`simulate_treasury` on many paths at once (arrays ``(n_months, n_paths)``).

    An argument may also be a scalar, a per-month vector ``(n_months,)`` or
    ``(n_months, 1)``. Each month is :func:`step_treasury` applied to all paths at once;
    on each path the numbers equal ``simulate_treasury``'s.

    Parameters
    ----------
    production_btc : float or ndarray
        BTC produced each month [BTC/month], >= 0, shape (n_months, n_paths).
    price_usd : float or ndarray
        Sale price each month [USD/BTC], > 0.
    fiat_costs_usd : float or ndarray
        Fiat costs paid each month [USD/month], >= 0.
    policy : {"sell_all", "hold", "sell_to_cover", "fixed_fraction"}
        Selling policy [-].
    start_treasury_btc : float or ndarray
        Opening BTC [BTC], >= 0: a scalar or one per path ``(n_paths,)``.
    start_cash_usd : float or ndarray
        Opening cash [USD], >= 0: a scalar or one per path ``(n_paths,)``.
    sell_fraction : float or ndarray, optional
        Share of production sold [fraction] in [0, 1], with ``fixed_fraction`` only.

    Returns
    -------
    TreasuryPaths
        A read-only mapping of the :data:`TREASURY_COLUMNS` to ndarrays
        ``(n_months, n_paths)`` (derived columns are computed on first access).

    Raises
    ------
    ValueError
        As :func:`step_treasury`; arguments that do not broadcast to
        ``(n_months, n_paths)``. The message names the parameter.

    References
    ----------
    Seed 001_edb144c9be488f88.txt (selling to stay online).

    Examples
    --------
    >>> out = simulate_treasury_paths(np.full((3, 2), 500.0), [[70e3], [60e3], [50e3]], 30e6,
    ...                               start_treasury_btc=13_100.0)
    >>> out["treasury_btc"][:, 0].round(1)
    array([13171.4, 13171.4, 13071.4])
    """
    p, s, c, f, b0, m0 = _check_inputs(policy, production_btc, price_usd, fiat_costs_usd, sell_fraction,
                                       start_treasury_btc, start_cash_usd, "start_treasury_btc", "start_cash_usd")
    return _paths_of_checked(p, s, c, f, b0, m0, policy)


def _paths_shape(production_btc, price_usd, fiat_costs_usd, sell_fraction, start_treasury_btc, start_cash_usd):
    """The ``(n_months, n_paths)`` of :func:`simulate_treasury_paths`' arguments' shapes, as given.

    A month-by-path argument has at most two dimensions, a vector is one value per month; a
    starting holding is a scalar or one value per path. On a mismatch the message names the
    arguments. :func:`minelib.montecarlo.simulate_miner_paths` calls it before its paths
    exist, with the shape they will have.
    """
    flows = {"production_btc": production_btc, "price_usd": price_usd, "fiat_costs_usd": fiat_costs_usd,
             "sell_fraction": sell_fraction}
    for name, given in flows.items():
        if len(given) > 2:
            raise ValueError(f"{name} must have at most two dimensions (month, path); got shape {given}")
    for name, given in (("start_treasury_btc", start_treasury_btc), ("start_cash_usd", start_cash_usd)):
        if len(given) > 1:
            raise ValueError(f"{name} must be a scalar or one value per path; got shape {given}")
    shapes = {k: (given, given + (1,) if len(given) == 1 else given) for k, given in flows.items()}
    shapes.update(start_treasury_btc=(start_treasury_btc, (1,) + start_treasury_btc),
                  start_cash_usd=(start_cash_usd, (1,) + start_cash_usd))
    shape = _broadcast_shape(shapes, "(n_months, n_paths)")
    if len(shape) == 0 or shape[0] == 0:
        raise ValueError("production_btc has no months; expected at least one")
    return shape if len(shape) == 2 else (shape[0], 1)


def _paths_of_checked(p, s, c, f, b0, m0, policy):
    """:func:`simulate_treasury_paths` on float arrays whose values are checked: shapes, then the months.

    :func:`minelib.montecarlo.simulate_miner_paths` calls it directly: its production and
    costs are made of checked inputs, and a second range check of 100,000 paths x 48
    months would cost as much as the treasury's months.
    """
    shape = _paths_shape(p.shape, s.shape, c.shape, f.shape, b0.shape, m0.shape)
    n_p = shape[1]
    # the inputs, as broadcast (read-only) views; a vector is one value per month
    P, S, C, F = (np.broadcast_to(a[:, None] if a.ndim == 1 else a, shape) for a in (p, s, c, f))
    return _treasury_paths(P, S, C, F, np.broadcast_to(b0, (n_p,)), np.broadcast_to(m0, (n_p,)), policy)


@vectorized
def reconcile_holdings(start_btc, produced_btc, sold_btc, end_btc, purchased_btc=0.0, other_btc=0.0):
    """BTC holdings the reported flows do not explain.

    ``unexplained = end - (start + produced + purchased + other - sold)``

    Positive: the miner ended with more BTC than its reported flows allow (unreported
    production or purchases, collateral returned, a different holdings definition);
    negative: it ended with less (unreported sales or transfers, fees, rounding). The
    function reports the gap; it does not explain it away.

    Parameters
    ----------
    start_btc : float, ndarray or Series
        Holdings at the start [BTC], >= 0.
    produced_btc : float, ndarray or Series
        BTC mined in between [BTC], >= 0.
    sold_btc : float, ndarray or Series
        BTC sold in between [BTC], >= 0.
    end_btc : float, ndarray or Series
        Holdings at the end [BTC], >= 0.
    purchased_btc : float, ndarray or Series, optional
        BTC bought in between [BTC], >= 0.
    other_btc : float, ndarray or Series, optional
        Other known net flows [BTC], any sign (e.g. negative for pledges or transfers out).

    Returns
    -------
    float, ndarray or Series
        Unexplained difference [BTC].

    Raises
    ------
    ValueError
        If an argument is NaN or out of range; the message names the parameter.

    References
    ----------
    Seed 002_d81e0ff9e5c96647.txt (CleanSpark and Cango, January / February 2026).

    Examples
    --------
    CleanSpark (seed 002): "nearly 13,100" held on Dec 31, 573 mined and 158.6 sold in
    January, 13,513 held on Jan 31. The -1.4 BTC gap is the rounding of "nearly 13,100"
    (a start of 13,098.6 closes it):

    >>> round(reconcile_holdings(13_100.0, 573.0, 158.6, 13_513.0), 1)
    -1.4

    Cango (seed 002): 7,528 held at the end of 2025, 496.3 mined and 550 sold in January,
    4,451 sold in February, 3,645 left. These do not reconcile: ~622 BTC more than the
    flows explain. Cango mined ~16 BTC/day, so February production before the sale cannot
    plausibly explain it.

    >>> round(reconcile_holdings(7_528.0, 496.3, 550.0 + 4_451.0, 3_645.0), 1)
    621.7
    """
    s0 = check_array("start_btc", start_btc, lo=0.0, unit="BTC")
    pr = check_array("produced_btc", produced_btc, lo=0.0, unit="BTC")
    so = check_array("sold_btc", sold_btc, lo=0.0, unit="BTC")
    e = check_array("end_btc", end_btc, lo=0.0, unit="BTC")
    pu = check_array("purchased_btc", purchased_btc, lo=0.0, unit="BTC")
    ot = check_array("other_btc", other_btc, unit="BTC")
    result = e - (s0 + pr + pu + ot - so)
    return like(result, start_btc, produced_btc, sold_btc, end_btc, purchased_btc, other_btc)


@vectorized
def implied_net_outflow_btc(start_btc, produced_btc, end_btc, purchased_btc=0.0):
    """BTC that must have left the treasury (sold, pledged or moved) to match the holdings.

    ``outflow = start + produced + purchased - end``

    A flow, not a holding: negative means holdings grew by more than production and
    purchases (an unexplained inflow), which the caller should flag.

    Parameters
    ----------
    start_btc : float, ndarray or Series
        Holdings at the start [BTC], >= 0.
    produced_btc : float, ndarray or Series
        BTC mined in between [BTC], >= 0.
    end_btc : float, ndarray or Series
        Holdings at the end [BTC], >= 0.
    purchased_btc : float, ndarray or Series, optional
        BTC bought in between [BTC], >= 0.

    Returns
    -------
    float, ndarray or Series
        Implied net outflow [BTC].

    Raises
    ------
    ValueError
        If an argument is NaN or negative; the message names the parameter.

    References
    ----------
    Seed 002_d81e0ff9e5c96647.txt (Bitdeer, January 2026).

    Examples
    --------
    Bitdeer (seed 002): 1,530 held on Jan 31, "nearly 500 fewer" than on Dec 31 (so
    ~2,030), 668 mined in January: ~1,168 BTC sold or moved.

    >>> implied_net_outflow_btc(1_530.0 + 500.0, 668.0, 1_530.0)
    1168.0
    """
    # the flow that reconciles the holdings when nothing was reported sold
    return -reconcile_holdings(start_btc, produced_btc, 0.0, end_btc, purchased_btc)


#: How an article states a figure, the single-figure qualifiers of the ``qualifier`` column
#: of ``data/`` (:data:`minelib.data.schemas.FIGURE_QUALIFIERS`). The column's other two,
#: ``range_low`` / ``range_high`` (:data:`~minelib.data.schemas.RANGE_QUALIFIERS`), are the
#: ends of a stated range: one end alone is not the interval of a figure.
QUALIFIERS: tuple[str, ...] = FIGURE_QUALIFIERS


def stated_range(value, qualifier="stated", step=None) -> tuple[float, float]:
    """The interval of true values a reported figure stands for.

    A figure is written to its last significant digit, whose place is the ``step``
    (13,100 -> 100; 7,528 -> 1; 496.3 -> 0.1; 550 -> 10). The interval it stands for:

    * ``stated`` and ``approx`` ("nearly 13,100"): ``[value - step/2, value + step/2]``,
      the values that round to it;
    * ``lower_bound`` ("more than 32,000"): ``[value, value + step]``;
    * ``upper_bound`` ("under 500"): ``[value - step, value]``.

    Parameters
    ----------
    value : float
        The figure as reported [any unit, e.g. BTC].
    qualifier : {"stated", "approx", "lower_bound", "upper_bound"}
        How the article states it (:data:`QUALIFIERS`).
    step : float, optional
        Place of the last significant digit [the unit of ``value``], > 0; default read
        from the figure's digits (trailing zeros of a whole number are not significant).

    Returns
    -------
    tuple of float
        ``(low, high)`` [the unit of ``value``].

    Raises
    ------
    ValueError
        On a NaN or infinite value, a step <= 0 or an unknown qualifier.

    References
    ----------
    ``data/README.md`` (the qualifier column); seed 002_d81e0ff9e5c96647.txt ("nearly
    13,100", "nearly 500 fewer").

    Examples
    --------
    >>> stated_range(13_100.0, "approx"), stated_range(7_528.0), stated_range(496.3)
    ((13050.0, 13150.0), (7527.5, 7528.5), (496.25, 496.35))
    >>> stated_range(32_000.0, "lower_bound")
    (32000.0, 33000.0)
    """
    check_choice("qualifier", qualifier, QUALIFIERS)
    v = float(check_array("value", value))
    if step is None:
        exponent = 0 if v == 0 else Decimal(repr(v)).normalize().as_tuple().exponent
        step = float(Decimal(1).scaleb(exponent))
    step = float(check_array("step", step, lo=0.0, lo_inclusive=False))
    if qualifier == "lower_bound":
        return v, v + step
    if qualifier == "upper_bound":
        return v - step, v
    return v - step / 2, v + step / 2


#: Kinds of reading :func:`reconciliation_readings` tests; equal gaps rank in this order.
READING_KINDS: tuple[str, ...] = (
    "as reported", "rounding", "double counting", "another period", "production after the window",
)


def reconciliation_readings(start_btc, produced_btc, sales_btc, end_btc, *, btc_per_day,
                            days_after_window=0.0, purchased_btc=0.0, qualifiers=None) -> pd.DataFrame:
    """Test readings of the reported figures that could close a holdings gap, and rank them.

    The gap as reported is :func:`reconcile_holdings`,
    ``U = end - (start + produced + purchased - sum(sales))``. Each reading changes one
    thing about how the figures are read and gives the gap left over:

    * **rounding**: every figure anywhere in the interval it stands for
      (:func:`stated_range` of its qualifier: "nearly 13,100" is 13,050-13,150); the
      reading keeps the value of that interval of ``U`` nearest 0;
    * **double counting**: sale ``i`` is part of a larger reported sale ``j``, not a
      second outflow: ``U - s_i``;
    * **another period**: sale ``i`` fell before the start holdings or after the end
      holdings (already out of the start figure, or not yet out of the end one):
      ``U - s_i``; the same arithmetic as double counting, so the figures cannot tell
      the two apart;
    * **production after the window**: the end holdings are dated ``days_after_window``
      days after the production figure ends, and the miner kept mining:
      ``U - btc_per_day * days_after_window``.

    Each left-over gap is also given in days of production, ``U / btc_per_day``. Rows are
    sorted by ``|U|``: the first is the reading that explains most (ties in the order of
    :data:`READING_KINDS`). Readings are tested one at a time; what a combination leaves
    is one :func:`reconcile_holdings` call away.

    Parameters
    ----------
    start_btc : float
        Holdings at the start [BTC], >= 0.
    produced_btc : float
        BTC mined in the window the production figure covers [BTC], >= 0.
    sales_btc : float or dict of str to float
        Reported sales [BTC], >= 0: one amount, or ``{label: amount}``.
    end_btc : float
        Holdings at the end [BTC], >= 0.
    btc_per_day : float
        The miner's production rate [BTC/day], > 0 (e.g. the month's production over its
        days).
    days_after_window : float
        Days from the end of the production window to the date of the end holdings
        [days], >= 0; 0 leaves the "production after the window" reading out.
    purchased_btc : float
        BTC bought in the window [BTC], >= 0 (taken as stated).
    qualifiers : dict of str to str, optional
        How each figure is stated (:data:`QUALIFIERS`), keyed ``"start"``, ``"produced"``,
        ``"end"`` or a sale's label; default ``"stated"``.

    Returns
    -------
    pandas.DataFrame
        One row per reading: ``kind`` (:data:`READING_KINDS`), ``reading`` (in words),
        ``unexplained_btc`` [BTC] and ``days_of_production`` [days] of the gap left.

    Raises
    ------
    ValueError
        On a NaN, negative or non-scalar amount, a ``btc_per_day`` <= 0, or a
        qualifier for a figure that does not exist; the message names the parameter.

    References
    ----------
    Seed 002_d81e0ff9e5c96647.txt (Cango: 7,528 BTC at the end of 2025, 496.3 mined and
    550 sold in January, 4,451 sold "over the weekend", 3,645 left; CleanSpark: "nearly
    13,100" on 31 December, 573 mined, 158.6 sold, 13,513 on 31 January).

    Examples
    --------
    Cango (seed 002): the reported flows leave 621.7 BTC unexplained, 38.8 days of its
    January production (496.3 BTC in 31 days). If January's 550 BTC are inside the 4,451
    BTC sale, 71.7 BTC are left, 4.5 days:

    >>> r = reconciliation_readings(7_528.0, 496.3, {"January": 550.0, "weekend": 4_451.0},
    ...                             3_645.0, btc_per_day=496.3 / 31, days_after_window=7.0)
    >>> best = r.iloc[0]
    >>> best["reading"], round(float(best["unexplained_btc"]), 1), round(float(best["days_of_production"]), 1)
    ('January (550 BTC) counted inside weekend (4,451 BTC)', 71.7, 4.5)
    >>> r["kind"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['double counting', 'another period', 'production after the window', 'rounding',
     'as reported', 'another period']

    CleanSpark: "nearly 13,100" read as any start from 13,050 to 13,150 closes the
    -1.4 BTC gap:

    >>> r = reconciliation_readings(13_100.0, 573.0, 158.6, 13_513.0, btc_per_day=573.0 / 31,
    ...                             qualifiers={"start": "approx"})
    >>> r.iloc[0]["kind"], float(r.iloc[0]["unexplained_btc"])
    ('rounding', 0.0)
    """
    def scalar(name, value, lo, **kw):
        arr = check_array(name, value, lo=lo, unit=kw.pop("unit", "BTC"), **kw)
        if arr.ndim:
            raise ValueError(f"{name}={value!r} must be a scalar (one miner, one window)")
        return float(arr)

    s0 = scalar("start_btc", start_btc, 0.0)
    pr = scalar("produced_btc", produced_btc, 0.0)
    e = scalar("end_btc", end_btc, 0.0)
    pu = scalar("purchased_btc", purchased_btc, 0.0)
    rate = scalar("btc_per_day", btc_per_day, 0.0, lo_inclusive=False, unit="BTC/day")
    days = scalar("days_after_window", days_after_window, 0.0, unit="days")
    sales = dict(sales_btc) if isinstance(sales_btc, Mapping) else {"sale": sales_btc}
    sales = {str(k): scalar(f"sales_btc[{k!r}]", v, 0.0) for k, v in sales.items()}
    figures = {"start": s0, "produced": pr, "end": e, **sales}
    qualifiers = dict(qualifiers or {})
    unknown = sorted(set(qualifiers) - set(figures))
    if unknown:
        raise ValueError(f"qualifiers names {unknown!r}, which are not figures; expected keys among {list(figures)!r}")

    gap = float(reconcile_holdings(s0, pr, sum(sales.values()), e, pu))
    rows = [("as reported", "the figures as reported", gap)]
    rng = {k: stated_range(v, qualifiers.get(k, "stated")) for k, v in figures.items()}
    sold_lo, sold_hi = (sum(rng[k][i] for k in sales) for i in (0, 1))
    gap_lo = float(reconcile_holdings(rng["start"][1], rng["produced"][1], sold_lo, rng["end"][0], pu))
    gap_hi = float(reconcile_holdings(rng["start"][0], rng["produced"][0], sold_hi, rng["end"][1], pu))
    rows.append(("rounding", "each figure anywhere it may round from", float(np.clip(0.0, gap_lo, gap_hi))))

    def amount(k):
        return f"{k} ({sales[k]:,.6g} BTC)"

    for i in sales:
        for j in sales:
            if i != j and sales[i] <= sales[j]:
                rows.append(("double counting", f"{amount(i)} counted inside {amount(j)}", gap - sales[i]))
        rows.append(("another period", f"{amount(i)} made outside the window", gap - sales[i]))
    if days > 0:
        rows.append(("production after the window",
                     f"{days:g} days of production after the window, at {rate:,.4g} BTC/day", gap - rate * days))
    out = pd.DataFrame(rows, columns=["kind", "reading", "unexplained_btc"])
    out["days_of_production"] = out["unexplained_btc"] / rate
    order = out["kind"].map({k: n for n, k in enumerate(READING_KINDS)})
    out = out.assign(_size=out["unexplained_btc"].abs().round(9), _order=order)
    return out.sort_values(["_size", "_order"], kind="stable").drop(columns=["_size", "_order"]).reset_index(drop=True)
