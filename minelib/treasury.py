"""Miner treasury: production, BTC sold to pay fiat costs, retained BTC, cash and runway.

Seed 001 puts the question plainly: "Can you keep the bitcoin you mine, or do you have to
sell it just to stay online?" This module answers it month by month for a selling policy,
and reconciles reported holdings with reported production and sales.

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
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import _common_index, check_array, check_choice, like

__all__ = [
    "TREASURY_COLUMNS",
    "POLICIES",
    "simulate_treasury",
    "runway_months",
    "sold_to_produced_ratio",
    "reconcile_holdings",
    "implied_net_outflow_btc",
]



#: Selling policies understood by :func:`simulate_treasury`.
POLICIES: tuple[str, ...] = ("sell_all", "hold", "sell_to_cover", "fixed_fraction")

#: Columns of :func:`simulate_treasury` (and of ``montecarlo.simulate_treasury_paths``).
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
#: The columns the month-by-month step produces; the others are inputs or derived.
STATE_COLUMNS: tuple[str, ...] = (
    "sold_from_production_btc", "sold_from_treasury_btc", "retained_btc", "treasury_btc",
    "cash_usd", "external_funding_usd", "cumulative_external_funding_usd",
)


def step_paths(P, S, C, F, start_treasury_btc, start_cash_usd, policy):
    """Apply a selling policy month by month to many paths at once (validated inputs).

    The one implementation of the treasury rules, shared by :func:`simulate_treasury`
    (one path) and ``minelib.montecarlo.simulate_treasury_paths`` (many). ``P, S, C, F``
    are production [BTC], price [USD/BTC], fiat costs [USD] and sell fraction, each
    ``(n_months, n_paths)``; the starting balances are ``(n_paths,)``. Returns the
    :data:`STATE_COLUMNS` as ``(n_months, n_paths)`` arrays.

    Rules: ``sell_to_cover`` pays the month from cash, then by selling production, then
    treasury BTC; ``sell_all`` / ``hold`` / ``fixed_fraction`` sell that share of
    production and pay from the proceeds and cash. Whatever cash and sales cannot pay is
    ``external_funding_usd``: cash and BTC never go negative.
    """
    n_t, n_p = P.shape
    out = {k: np.empty((n_t, n_p)) for k in STATE_COLUMNS}
    B = np.array(start_treasury_btc, dtype=np.float64)
    M = np.array(start_cash_usd, dtype=np.float64)
    cum = np.zeros(n_p)
    zero = np.zeros(n_p)
    for t in range(n_t):
        pt, st, ct = P[t], S[t], C[t]
        if policy == "sell_to_cover":
            need = ct - M
            by_cash = need <= 0
            btc_needed = np.where(by_cash, 0.0, need) / st
            x_p = np.minimum(pt, btc_needed)
            rest = btc_needed - pt
            from_treasury = rest > 0
            x_b = np.where(from_treasury, np.minimum(B, rest), 0.0)
            short = from_treasury & (rest > B)
            ext = np.where(short, np.maximum(need - (pt + B) * st, 0.0), 0.0)
            cash = np.where(by_cash, M - ct, 0.0)
        else:
            if policy == "sell_all":
                x_p = pt.copy()
            elif policy == "hold":
                x_p = zero.copy()
            else:  # fixed_fraction
                x_p = F[t] * pt
            x_b = zero
            available = M + x_p * st
            ok = available >= ct
            cash = np.where(ok, available - ct, 0.0)
            ext = np.where(ok, 0.0, ct - available)
        retained = pt - x_p
        B = (B - x_b) + retained
        M = cash
        cum = cum + ext
        out["sold_from_production_btc"][t] = x_p
        out["sold_from_treasury_btc"][t] = x_b
        out["retained_btc"][t] = retained
        out["treasury_btc"][t] = B
        out["cash_usd"][t] = M
        out["external_funding_usd"][t] = ext
        out["cumulative_external_funding_usd"][t] = cum
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
    """Month-by-month treasury under a selling policy (see the module docstring).

    For month ``t`` with production ``P``, price ``S``, costs ``C``, opening treasury
    ``B`` and cash ``M``:

    * ``sell_all``: ``x_P = P``; ``hold``: ``x_P = 0``; ``fixed_fraction``: ``x_P = f P``;
      ``x_B = 0``.
    * ``sell_to_cover``: ``need = max(C - M, 0)``; ``x_P = min(P, need / S)``;
      ``x_B = min(B, (need - x_P S) / S)``.
    * ``proceeds = (x_P + x_B) S``; ``external = max(C - M - proceeds, 0)``;
      ``cash' = max(M + proceeds - C, 0)``; ``retained = P - x_P``;
      ``treasury' = B - x_B + retained``.
    * ``runway`` as in :func:`runway_months`, on the closing balances.

    Parameters
    ----------
    production_btc : float, ndarray or Series
        BTC produced each month [BTC/month], >= 0.
    price_usd : float, ndarray or Series
        BTC price at which the month's sales happen [USD/BTC], > 0.
    fiat_costs_usd : float, ndarray or Series
        Fiat costs paid each month (power, hosting, payroll, interest) [USD/month], >= 0.
    policy : {"sell_all", "hold", "sell_to_cover", "fixed_fraction"}
        Selling policy.
    start_treasury_btc : float
        BTC held at the start [BTC], >= 0.
    start_cash_usd : float
        Cash held at the start [USD], >= 0.
    sell_fraction : float, ndarray or Series, optional
        Share of each month's production sold [fraction], in [0, 1]; required by, and only
        accepted with, ``policy="fixed_fraction"``.
    n_months : int, optional
        Number of months when every series argument is a scalar (default 1); must match
        the length of array arguments if given.

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
    check_choice("policy", policy, POLICIES)
    p = check_array("production_btc", production_btc, lo=0.0, unit="BTC/month")
    s = check_array("price_usd", price_usd, lo=0.0, lo_inclusive=False, unit="USD/BTC")
    c = check_array("fiat_costs_usd", fiat_costs_usd, lo=0.0, unit="USD/month")
    b0 = check_array("start_treasury_btc", start_treasury_btc, lo=0.0, unit="BTC")
    m0 = check_array("start_cash_usd", start_cash_usd, lo=0.0, unit="USD")
    for name, arr, val in (("start_treasury_btc", b0, start_treasury_btc), ("start_cash_usd", m0, start_cash_usd)):
        if arr.ndim != 0:
            raise ValueError(f"{name}={val!r} must be a scalar")
    series_args = [production_btc, price_usd, fiat_costs_usd]
    if policy == "fixed_fraction":
        if sell_fraction is None:
            raise ValueError("sell_fraction is required with policy='fixed_fraction'; expected a number in [0, 1] [fraction]")
        f = check_array("sell_fraction", sell_fraction, lo=0.0, hi=1.0, unit="fraction")
        series_args.append(sell_fraction)
    else:
        if sell_fraction is not None:
            raise ValueError(
                f"sell_fraction={sell_fraction!r} is only used with policy='fixed_fraction', not {policy!r}"
            )
        f = np.asarray(0.0)
    if n_months is not None:
        nm = check_array("n_months", n_months, lo=1.0, unit="months", integer=True)
        if nm.ndim != 0:
            raise ValueError(f"n_months={n_months!r} must be a scalar whole number >= 1")
        n_months = int(nm)

    arrays = [p, s, c, f]
    names = ["production_btc", "price_usd", "fiat_costs_usd", "sell_fraction"]
    length = None
    for name, arr in zip(names, arrays):
        if arr.ndim > 1:
            raise ValueError(f"{name} must be a scalar or one-dimensional; got shape {arr.shape}")
        if arr.ndim == 1:
            if length is None:
                length = len(arr)
            elif len(arr) != length:
                raise ValueError(f"{name} has {len(arr)} months but an earlier argument has {length}")
    if length is None:
        length = 1 if n_months is None else n_months
    elif n_months is not None and n_months != length:
        raise ValueError(f"n_months={n_months} does not match the {length} months of the inputs")
    if length == 0:
        raise ValueError("production_btc has no months; expected at least one")
    index = _common_index(series_args)
    if index is None:
        index = pd.RangeIndex(length, name="month")

    P, S, C, F = (np.broadcast_to(a, (length,)).astype(np.float64) for a in arrays)
    state = step_paths(P[:, None], S[:, None], C[:, None], F[:, None], b0.reshape(1), m0.reshape(1), policy)
    out = {k: v[:, 0] for k, v in state.items()}
    out["sold_btc"] = out["sold_from_production_btc"] + out["sold_from_treasury_btc"]
    out["sale_proceeds_usd"] = out["sold_btc"] * S
    out["production_btc"] = P
    out["price_usd"] = S
    out["fiat_costs_usd"] = C
    out["sold_to_produced_ratio"] = _ratio(out["sold_btc"], P)
    out["treasury_value_usd"] = out["treasury_btc"] * S
    out["monthly_shortfall_usd"] = np.maximum(C - P * S, 0.0)
    out["runway_months"] = _runway(out["treasury_btc"], out["cash_usd"], S, P, C)
    return pd.DataFrame({k: out[k] for k in TREASURY_COLUMNS}, index=index)


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
