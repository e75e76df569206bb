"""Hedging hashprice: a model forward curve, swap and BTC-forward payoffs, and what they do to a miner.

A miner earns hashprice and pays its costs in dollars; when hashprice falls it sells BTC from
its treasury or runs dry. It can lock in part of its revenue by selling hashprice forward
(a fixed-for-floating swap) or by selling BTC forward. This module prices neither: it gives
their payoffs on Monte Carlo paths (:func:`minelib.montecarlo.run_monte_carlo`) and their
effect, path by path, on the monthly cash margin, on the chance that the treasury runs dry
and on the BTC the miner still holds at the horizon.

Conventions (each one stated where it is used):

* **Hashprice** is Luxor's, in difficulty form: what 1 PH/s earns per day at the difficulty
  in force, subsidy by block height plus fees per block
  (``NetworkPaths.hashprice_btc_per_ph_day``, each month's mean on a path). In USD it is the
  BTC hashprice times the path's month-end price: the model has one price a month
  (ASSUMPTION; Luxor's index is priced every 15 seconds). The index a contract settles
  against follows Luxor's own methodology, which Bitnomial's contract rules describe with an
  estimated network hashrate in the denominator; the difference between that estimate and
  the difficulty form (the basis) is not modelled.
* **The forward curve is a model expectation, not a market quote.**
  :func:`forward_hashprice_curve` averages the paths; where a user has market quotes
  (Luxor's order book lists monthly contracts) they go into
  ``market_forward_usd_per_ph_day`` and replace the model's expectation month by month.
* **Hashprice swap** (Luxor's non-deliverable hashrate forward): the miner sells, i.e. it
  receives the fixed "unit hashprice" and pays the floating index on the contracted PH/s:
  Luxor's seller settlement is ``(unit hashprice - settlement rate) x daily contract size``
  each UTC day, cash-settled against its Hashprice Index. Here a month's daily settlements
  are summed into one payment at the month's end, ``(fixed - floating) x PH/s x days`` with
  the month's mean hashprice as floating (ASSUMPTION: no discounting within the month). The
  contract's PH/s are fixed at the start: ``hedge_ratio`` times the miner's nameplate
  hashrate in the first month.
* **BTC forward**: the miner sells a fixed number of BTC each month at a forward price,
  cash-settled: it receives ``Q (F - S_t)`` at the month's end and sells BTC at spot as its
  policy says (with ``sell_to_cover``, as if it had delivered ``Q`` BTC whenever it sells at
  least ``Q``). ``Q`` is ``hedge_ratio`` times the model's expected production of the month;
  ``F`` is a parameter (:func:`btc_forward_price_usd` gives the cost-of-carry forward
  ``S_0 e^{r t}`` at a stated rate ``r``).
* Margin and collateral (Luxor asks an initial margin of 18 % of notional for BTC and 35 %
  for USD contracts), counterparty risk and fees are not modelled: a hedge's cash flows are
  its settlements only.
* The settlements are cash: a payment received joins the miner's cash, a payment made is a
  cash cost; the treasury then follows :func:`minelib.treasury.step_treasury`, month by month.

References
----------
Luxor, "Luxor's Non-Deliverable Bitcoin Hashrate Forward",
https://docs.luxor.tech/derivatives/luxor-contract-and-market-details/luxors-nondeliverable-bitcoin-hashrate-forward
(underlying: Luxor's Bitcoin Hashprice Index; contract size 1 PH/s/day; monthly tenors up
to 12 months; seller daily settlement ``[Unit Hashprice - Settlement Rate] x Daily Contract
Size``; initial margin 18 % BTC / 35 % USD). Luxor, "Hashprice NDF",
https://docs.luxor.tech/derivatives/ndf (contracts settle daily to Luxor's USD and BTC
Hashprice Index). Bitnomial, "Hashrate US Dollar Petahash Futures" (HUP) rulebook,
https://bitnomial.com/exchange/rulebook/product/hup/ (settlement "according to the Luxor
Hashrate Methodology": subsidy plus the mean fees of the previous 144 blocks over network
hashrate). Seed 001_edb144c9be488f88.txt (selling BTC "just to stay online").

Why this module is long: about two thirds of its lines are docstrings (each payoff's
convention with its source, units and a doctested example); the code does one job, what a
hedge pays on Monte Carlo paths and what that does to the miner.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from minelib._validate import check_array, check_choice, like, vectorized
from minelib.montecarlo import prob_treasury_depletion
from minelib.montecarlo.summaries import _check_result
from minelib.treasury import _check_policy_args, _paths_of_checked
from minelib.units import PH_PER_EH

__all__ = [
    "INSTRUMENTS",
    "forward_hashprice_curve",
    "hashprice_swap_settlement_usd",
    "btc_forward_price_usd",
    "btc_forward_settlement_usd",
    "swap_settlement_paths_usd",
    "btc_forward_settlement_paths_usd",
    "hedged_miner_paths",
    "hedge_summary",
    "hedge_frontier",
    "best_hedge_ratio",
]

#: The hedges :func:`hedge_frontier` evaluates.
INSTRUMENTS: tuple[str, ...] = ("hashprice_swap", "btc_forward")


# --------------------------------------------------------------------------- the curve
def _hashprice_paths(result):
    """(BTC, USD) hashprice per month and path [BTC/PH/day], [USD/PH/day]: Luxor's, difficulty form."""
    btc = result.network.hashprice_btc_per_ph_day
    return btc, btc * result.price_usd


def _per_month(name, value, n_months, unit, *, lo=0.0, lo_inclusive=True):
    """A scalar or a list of at most ``n_months`` values, as an array of ``n_months`` (NaN where not given)."""
    a = check_array(name, value, lo=lo, lo_inclusive=lo_inclusive, unit=unit)
    if a.ndim == 0:
        return np.full(n_months, float(a))
    if a.ndim != 1 or not 1 <= len(a) <= n_months:
        raise ValueError(f"{name} has shape {a.shape}; expected a number or a list of 1 to {n_months} monthly "
                         f"values [{unit}]")
    return np.concatenate([a, np.full(n_months - len(a), np.nan)])


def forward_hashprice_curve(result, quantiles=(0.05, 0.95), market_forward_usd_per_ph_day=None):
    """Forward hashprice curve from the Monte Carlo: expected value and bands by month.

    For month ``t`` over the paths ``i``: the mean ``E[h_t]`` and the ``q``-quantiles of the
    hashprice ``h_{t,i}``, in BTC and in USD per PH/s per day (Luxor's hashprice, difficulty
    form: ``NetworkPaths.hashprice_btc_per_ph_day``; in USD times the month-end price).

    **This is a model expectation, not a market quote**: it says what the model's paths
    average, not what anyone would pay. The ``forward_usd_per_ph_day`` column is the model's
    expectation unless market quotes are given (e.g. the bids and offers of Luxor's monthly
    hashprice forwards), which replace it month by month; ``forward_source`` says which.

    Parameters
    ----------
    result : MinerPaths
        The paths of :func:`minelib.montecarlo.run_monte_carlo` [-].
    quantiles : sequence of float
        Band quantiles [fraction], each in [0, 1].
    market_forward_usd_per_ph_day : float or list of float, optional
        Market forward hashprices for the first months, one per month from the first
        [USD/PH/day], > 0; at most one per simulated month. None: the model's expectation.

    Returns
    -------
    DataFrame
        Indexed by month: ``mean_btc_per_ph_day``, ``p<q>_btc_per_ph_day`` [BTC/PH/day],
        ``mean_usd_per_ph_day``, ``p<q>_usd_per_ph_day`` [USD/PH/day] (``<q>`` the quantile
        in percent, e.g. ``p05``), ``forward_usd_per_ph_day`` [USD/PH/day] and
        ``forward_source`` ("market quote" or "model expectation").

    Raises
    ------
    ValueError
        If ``result`` is not a ``MinerPaths``, a quantile is outside [0, 1], or the market
        quotes are not positive or more than the months simulated.

    References
    ----------
    Luxor, "Hashprice NDF", https://docs.luxor.tech/derivatives/ndf (the Hashprice Index the
    forwards settle to; six monthly contracts listed).

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(50, seed=1, n_months=3, miner_hashrate_ehs=10.0)
    >>> curve = forward_hashprice_curve(res, market_forward_usd_per_ph_day=[45.0])
    >>> list(curve["forward_source"])
    ['market quote', 'model expectation', 'model expectation']
    >>> bool((curve["p05_usd_per_ph_day"] <= curve["mean_usd_per_ph_day"]).all())
    True
    """
    _check_result(result)
    q = np.atleast_1d(check_array("quantiles", quantiles, lo=0.0, hi=1.0, unit="fraction"))
    n_t = len(result.months)
    quotes = (np.full(n_t, np.nan) if market_forward_usd_per_ph_day is None else
              _per_month("market_forward_usd_per_ph_day", market_forward_usd_per_ph_day, n_t, "USD/PH/day",
                         lo_inclusive=False))
    columns = {}
    for unit, h in zip(("btc", "usd"), _hashprice_paths(result)):
        columns[f"mean_{unit}_per_ph_day"] = h.mean(axis=1)
        for qi, band in zip(q, np.quantile(h, q, axis=1)):
            columns[f"p{round(qi * 100):02d}_{unit}_per_ph_day"] = band
    quoted = ~np.isnan(quotes)
    columns["forward_usd_per_ph_day"] = np.where(quoted, quotes, columns["mean_usd_per_ph_day"])
    columns["forward_source"] = np.where(quoted, "market quote", "model expectation")
    return pd.DataFrame(columns, index=pd.PeriodIndex(result.months, name="month"))


# --------------------------------------------------------------------------- payoffs
@vectorized
def hashprice_swap_settlement_usd(fixed_usd_per_ph_day, floating_usd_per_ph_day, hedged_phs, days):
    """What the seller of a hashprice swap receives (negative: pays) over a period.

    ``settlement = (fixed - floating) x hedged PH/s x days``

    Luxor's non-deliverable hashrate forward settles each UTC day, the seller receiving
    ``(unit hashprice - settlement rate) x daily contract size`` (1 PH/s/day); over a period
    of ``days`` with the mean index ``floating`` the daily settlements add up to this sum.

    Parameters
    ----------
    fixed_usd_per_ph_day : float, ndarray or Series
        The contract's fixed (unit) hashprice [USD/PH/day], >= 0.
    floating_usd_per_ph_day : float, ndarray or Series
        The realised hashprice index over the period [USD/PH/day], >= 0.
    hedged_phs : float, ndarray or Series
        Hashrate sold forward [PH/s], >= 0.
    days : float, ndarray or Series
        Days of the period [days], >= 0.

    Returns
    -------
    float, ndarray or Series
        The seller's settlement [USD]: positive when the index falls below the fixed price.

    Raises
    ------
    ValueError
        On a negative, NaN or non-numeric argument (the message names it).

    References
    ----------
    Luxor, "Luxor's Non-Deliverable Bitcoin Hashrate Forward",
    https://docs.luxor.tech/derivatives/luxor-contract-and-market-details/luxors-nondeliverable-bitcoin-hashrate-forward
    ("Seller Daily Settlement Amount: [Unit Hashprice - Settlement Rate] x Daily Contract Size").

    Examples
    --------
    10 PH/s sold at $45 for a 30-day month in which the index averaged $40:

    >>> hashprice_swap_settlement_usd(45.0, 40.0, 10.0, 30.0)
    1500.0
    """
    fixed = check_array("fixed_usd_per_ph_day", fixed_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    floating = check_array("floating_usd_per_ph_day", floating_usd_per_ph_day, lo=0.0, unit="USD/PH/day")
    phs = check_array("hedged_phs", hedged_phs, lo=0.0, unit="PH/s")
    d = check_array("days", days, lo=0.0, unit="days")
    return like((fixed - floating) * phs * d, fixed_usd_per_ph_day, floating_usd_per_ph_day, hedged_phs, days)


@vectorized
def btc_forward_price_usd(btc_price_usd, years, rate_per_year):
    """Cost-of-carry forward price of BTC: spot grown at a rate for the time to delivery.

    ``F = S_0 e^{r t}``

    The no-arbitrage forward of an asset without income, financed at the rate ``r``
    (continuous compounding). For BTC ``r`` is the rate at which the market finances a
    basis trade (futures basis), not a property of the model: an ASSUMPTION the user
    states. It is not the model's expected price (a GBM with drift ``mu`` expects
    ``S_0 e^{mu t}``).

    Parameters
    ----------
    btc_price_usd : float, ndarray or Series
        Spot price today [USD/BTC], > 0.
    years : float, ndarray or Series
        Time to delivery [years], >= 0.
    rate_per_year : float, ndarray or Series
        Financing rate, continuously compounded [1/year], in [-1, 1].

    Returns
    -------
    float, ndarray or Series
        Forward price [USD/BTC].

    Raises
    ------
    ValueError
        On a non-positive price, negative time, a rate outside [-1, 1] (a percent given as
        a number, such as 5 for 5 %, is refused), NaN or a non-number.

    References
    ----------
    J. C. Hull, *Options, Futures, and Other Derivatives*, ch. 5 ("Determination of forward
    and futures prices": ``F_0 = S_0 e^{rT}`` for an investment asset with no income).

    Examples
    --------
    >>> round(btc_forward_price_usd(70_000.0, 0.5, 0.05), 2)
    71772.06
    """
    s = check_array("btc_price_usd", btc_price_usd, lo=0.0, lo_inclusive=False, unit="USD/BTC")
    t = check_array("years", years, lo=0.0, unit="years")
    r = check_array("rate_per_year", rate_per_year, lo=-1.0, hi=1.0, unit="1/year")
    return like(s * np.exp(r * t), btc_price_usd, years, rate_per_year)


@vectorized
def btc_forward_settlement_usd(forward_price_usd, btc_price_usd, btc_sold_forward):
    """What the seller of a cash-settled BTC forward receives (negative: pays) at delivery.

    ``settlement = Q (F - S)``

    Parameters
    ----------
    forward_price_usd : float, ndarray or Series
        The contract's forward price [USD/BTC], >= 0.
    btc_price_usd : float, ndarray or Series
        The realised price at delivery [USD/BTC], > 0.
    btc_sold_forward : float, ndarray or Series
        BTC sold forward for this delivery [BTC], >= 0.

    Returns
    -------
    float, ndarray or Series
        The seller's settlement [USD]: positive when the price ends below the forward.

    Raises
    ------
    ValueError
        On a negative amount or forward price, a non-positive price, NaN or a non-number.

    References
    ----------
    J. C. Hull, *Options, Futures, and Other Derivatives*, ch. 1 (the payoff of a short
    forward position, ``K - S_T`` per unit).

    Examples
    --------
    50 BTC sold forward at $72,000, delivered when BTC trades at $60,000:

    >>> btc_forward_settlement_usd(72_000.0, 60_000.0, 50.0)
    600000.0
    """
    f = check_array("forward_price_usd", forward_price_usd, lo=0.0, unit="USD/BTC")
    s = check_array("btc_price_usd", btc_price_usd, lo=0.0, lo_inclusive=False, unit="USD/BTC")
    q = check_array("btc_sold_forward", btc_sold_forward, lo=0.0, unit="BTC")
    return like(_btc_forward_settlement_usd(f, s, q), forward_price_usd, btc_price_usd, btc_sold_forward)


def _btc_forward_settlement_usd(f, s, q):
    """:func:`btc_forward_settlement_usd`'s formula without the input checks, for the Monte Carlo's
    own prices (a tail path may pass the plausible $5M over a long horizon)."""
    return q * (f - s)


# --------------------------------------------------------------------------- on the paths
def _hedge_args(result, hedge_ratio, tenor_months):
    _check_result(result)
    h = check_array("hedge_ratio", hedge_ratio, lo=0.0, hi=1.0, unit="fraction")
    if h.ndim != 0:
        raise ValueError(f"hedge_ratio={hedge_ratio!r} must be a scalar [fraction]")
    n_t = len(result.months)
    n = check_array("tenor_months", tenor_months, lo=1, hi=n_t, unit="months", integer=True)
    if n.ndim != 0:
        raise ValueError(f"tenor_months={tenor_months!r} must be a scalar whole number [months]")
    return float(h), (np.arange(n_t) < int(n))[:, None]


def _tenor_prices(name, value, active, unit):
    """Contract prices per month, one for each month of the tenor (0 after it, where they do not settle)."""
    prices = _per_month(name, value, len(active), unit)
    if np.isnan(prices[active[:, 0]]).any():
        raise ValueError(f"{name} has {int((~np.isnan(prices)).sum())} monthly values; the tenor of "
                         f"{int(active.sum())} months needs one for each [{unit}]")
    return np.nan_to_num(prices)


def swap_settlement_paths_usd(result, hedge_ratio, fixed_usd_per_ph_day, tenor_months=12):
    """A hashprice swap's monthly settlement on each Monte Carlo path, for the miner that sells it.

    The miner sells ``hedge_ratio`` of its first month's nameplate hashrate forward for the
    first ``tenor_months`` months: in month ``t`` it receives
    :func:`hashprice_swap_settlement_usd` of the fixed price, the path's hashprice (Luxor's,
    difficulty form, in USD at the month-end price), those PH/s and the month's days.

    Parameters
    ----------
    result : MinerPaths
        The paths of :func:`minelib.montecarlo.run_monte_carlo` [-].
    hedge_ratio : float
        Share of the first month's nameplate hashrate sold forward [fraction], in [0, 1].
    fixed_usd_per_ph_day : float or list of float
        Fixed hashprice [USD/PH/day], >= 0: one for every month, or one per month for the
        first months (at least ``tenor_months`` of them), e.g. ``forward_hashprice_curve(
        ...)["forward_usd_per_ph_day"]``.
    tenor_months : int
        Months the swap runs from the first [months], 1 <= N <= the months simulated.

    Returns
    -------
    ndarray
        The miner's settlement [USD/month], shape ``(n_months, n_paths)``, 0 after the tenor.

    Raises
    ------
    ValueError
        If ``result`` is not a ``MinerPaths``, the ratio is outside [0, 1], the tenor is
        not a whole number of simulated months, or fixed prices are missing for a month
        of the tenor.

    References
    ----------
    Luxor, "Luxor's Non-Deliverable Bitcoin Hashrate Forward" (see the module).

    Examples
    --------
    A swap struck at each month's realised hashprice settles at zero:

    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(1, seed=1, n_months=3, miner_hashrate_ehs=10.0)
    >>> h_usd = res.network.hashprice_btc_per_ph_day[:, 0] * res.price_usd[:, 0]
    >>> bool(np.abs(swap_settlement_paths_usd(res, 1.0, h_usd, tenor_months=3)).max() < 1e-6)
    True
    """
    h, active = _hedge_args(result, hedge_ratio, tenor_months)
    fixed = _tenor_prices("fixed_usd_per_ph_day", fixed_usd_per_ph_day, active, "USD/PH/day")
    _, floating = _hashprice_paths(result)
    hedged_phs = h * result.miner_hashrate_ehs[0] * PH_PER_EH * active
    days = np.diff(result.network.month_edges_days)[:, None]
    return np.asarray(hashprice_swap_settlement_usd(fixed[:, None], floating, hedged_phs, days))


def btc_forward_settlement_paths_usd(result, hedge_ratio, forward_price_usd, tenor_months=12):
    """A BTC forward's monthly settlement on each Monte Carlo path, for the miner that sells it.

    In month ``t`` of the tenor the miner sells ``Q_t = hedge_ratio x E[production_t]`` BTC
    forward (the model's expected production of the month, the same on every path, fixed at
    the start) and receives :func:`btc_forward_settlement_usd` of the forward price, the
    path's month-end price and ``Q_t``.

    Parameters
    ----------
    result : MinerPaths
        The paths of :func:`minelib.montecarlo.run_monte_carlo` [-].
    hedge_ratio : float
        Share of the expected production sold forward [fraction], in [0, 1].
    forward_price_usd : float or list of float
        Forward price [USD/BTC], >= 0: one for every month, or one per month for the first
        months (at least ``tenor_months``), e.g. :func:`btc_forward_price_usd` of the spot.
    tenor_months : int
        Months the forward sales run from the first [months], 1 <= N <= the months simulated.

    Returns
    -------
    ndarray
        The miner's settlement [USD/month], shape ``(n_months, n_paths)``, 0 after the tenor.

    Raises
    ------
    ValueError
        As :func:`swap_settlement_paths_usd`.

    References
    ----------
    J. C. Hull, *Options, Futures, and Other Derivatives*, ch. 1 (short forward payoff).

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(20, seed=1, n_months=3, miner_hashrate_ehs=10.0)
    >>> btc_forward_settlement_paths_usd(res, 0.5, 70_000.0, tenor_months=2).shape
    (3, 20)
    """
    h, active = _hedge_args(result, hedge_ratio, tenor_months)
    forward = _tenor_prices("forward_price_usd", forward_price_usd, active, "USD/BTC")
    btc_sold = h * result.production_btc.mean(axis=1, keepdims=True) * active
    return _btc_forward_settlement_usd(forward[:, None], result.price_usd, btc_sold)


def hedged_miner_paths(result, settlement_usd):
    """The miner's paths with a hedge's settlements paid into (or out of) its cash, month by month.

    Each month ``t`` the settlement ``X_t`` is cash: with cash costs ``C_t`` the treasury
    months of :mod:`minelib.treasury` (the policy and starting holdings of ``result``) run
    on the net cost ``C_t - X_t``: where it is negative the month receives the difference
    as cash, sells nothing and needs no funding. A zero settlement reproduces ``result``'s
    treasury exactly. In the returned treasury ``fiat_costs_usd`` is the cost net of the
    settlement (``C_t - X_t``, negative where the hedge pays more than the costs), so its
    derived shortfall and runway include the hedge.

    Parameters
    ----------
    result : MinerPaths
        The unhedged paths of :func:`minelib.montecarlo.run_monte_carlo` [-].
    settlement_usd : ndarray
        The hedge's settlement to the miner [USD/month], shape ``(n_months, n_paths)`` or
        broadcastable to it (e.g. :func:`swap_settlement_paths_usd`).

    Returns
    -------
    MinerPaths
        ``result`` with the treasury of the hedged miner; production, costs and prices as
        before, so :func:`minelib.montecarlo.prob_treasury_depletion` and the other
        summaries apply.

    Raises
    ------
    ValueError
        If ``result`` is not a ``MinerPaths`` (or has no record of its starting treasury),
        or ``settlement_usd`` is not finite or does not broadcast to its paths.

    References
    ----------
    Seed 001_edb144c9be488f88.txt (selling to stay online); :mod:`minelib.treasury`.

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(5, seed=1, n_months=3, miner_hashrate_ehs=10.0, start_treasury_btc=100.0)
    >>> same = hedged_miner_paths(res, 0.0)
    >>> bool(np.array_equal(same.treasury["treasury_btc"], res.treasury["treasury_btc"]))
    True
    """
    return _hedged_miner_paths(result, *_hedge_cash_args(result, settlement_usd))


def _hedge_cash_args(result, settlement_usd):
    """:func:`hedged_miner_paths`'s checks: the settlement broadcast to the paths and the policy's ``(F, B, M)``."""
    _check_result(result)
    if result.start_treasury_btc is None:
        raise ValueError("result has no starting treasury; make it with run_monte_carlo or simulate_miner_paths")
    shape = result.production_btc.shape
    x = check_array("settlement_usd", settlement_usd, unit="USD/month")
    try:
        x = np.broadcast_to(x, shape)
    except ValueError:
        raise ValueError(f"settlement_usd of shape {x.shape} does not broadcast to the paths' {shape}") from None
    f, b0, m0 = _check_policy_args(result.policy, result.sell_fraction, result.start_treasury_btc,
                                   result.start_cash_usd, "start_treasury_btc", "start_cash_usd")
    return x, f, b0, m0


def _hedged_miner_paths(result, x, f, b0, m0):
    """:func:`hedged_miner_paths` on the checked arguments of :func:`_hedge_cash_args` (``hedge_frontier``
    checks them once for all its ratios)."""
    t0 = result.treasury
    # the months of minelib.treasury on the net cost C_t - X_t: a negative cost is cash
    # received (cash M - C), nothing sold, nothing funded; the paths were checked when result was made
    treasury = _paths_of_checked(t0["production_btc"], t0["price_usd"], t0["fiat_costs_usd"] - x, f, b0, m0,
                                 result.policy)
    return dataclasses.replace(result, treasury=treasury)


def hedge_summary(result, settlement_usd, within_months=12):
    """A hedge against none, on the same paths: margin, the chance of running dry, BTC kept.

    With the monthly cash margin ``R_t - C_t + X_t`` (revenue at the month-end price less
    cash costs plus the settlement) and the hedged treasury of :func:`hedged_miner_paths`:

    * ``p_depleted``: the share of paths on which the treasury runs dry within
      ``within_months`` (:func:`minelib.montecarlo.prob_treasury_depletion`);
    * ``margin_mean_usd``, ``margin_p05_usd``, ``margin_sd_usd``: mean, 5th percentile and
      standard deviation over paths of the cash margin summed over the first
      ``within_months`` months;
    * ``btc_held_mean``: mean BTC in the treasury at the horizon (the last month);
      ``btc_equivalent_mean``: mean of the treasury plus cash at the horizon's price, in
      BTC, which counts hedge gains the miner holds as cash;
    * ``external_funding_mean_usd``: mean total external funding, what cash, sales and
      treasury could not pay (debt or unpaid bills, :mod:`minelib.treasury`). It stays in
      USD: converted at the low prices at which treasuries run dry, a few crash paths would
      decide the mean of any BTC measure;
    * ``settlement_mean_usd``: the hedge's mean total settlement.

    Parameters
    ----------
    result : MinerPaths
        The unhedged paths [-].
    settlement_usd : ndarray
        The hedge's settlement to the miner [USD/month], ``(n_months, n_paths)`` or
        broadcastable; 0 for no hedge.
    within_months : int
        Horizon of the depletion probability and the margin [months], 1 <= N <= the months.

    Returns
    -------
    Series
        The figures above [fraction, USD, BTC].

    Raises
    ------
    ValueError
        As :func:`hedged_miner_paths`, or ``within_months`` outside [1, n_months].

    References
    ----------
    Seed 001_edb144c9be488f88.txt (retained bitcoin).

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(20, seed=1, n_months=6, miner_hashrate_ehs=10.0, start_treasury_btc=100.0)
    >>> float(hedge_summary(res, 0.0, within_months=6)["settlement_mean_usd"])
    0.0
    """
    return _hedge_summary(result, *_hedge_cash_args(result, settlement_usd), within_months)


def _hedge_summary(result, x, f, b0, m0, within_months):
    """:func:`hedge_summary` on the checked settlement and policy of :func:`_hedge_cash_args`."""
    hedged = _hedged_miner_paths(result, x, f, b0, m0)
    p_dry = prob_treasury_depletion(hedged, within_months)
    n = int(within_months)
    margin = (result.revenue_usd - result.fiat_costs_usd + x)[:n].sum(axis=0)
    t = hedged.treasury
    btc = t["treasury_btc"][-1]
    return pd.Series({
        "p_depleted": p_dry,
        "margin_mean_usd": float(margin.mean()),
        "margin_p05_usd": float(np.quantile(margin, 0.05)),
        "margin_sd_usd": float(margin.std()),
        "btc_held_mean": float(btc.mean()),
        "btc_equivalent_mean": float((btc + t["cash_usd"][-1] / result.price_usd[-1]).mean()),
        "external_funding_mean_usd": float(t["cumulative_external_funding_usd"][-1].mean()),
        "settlement_mean_usd": float(x.sum(axis=0).mean()),
    })


def hedge_frontier(result, hedge_ratios, *, instrument="hashprice_swap", fixed_usd_per_ph_day=None,
                   forward_price_usd=None, tenor_months=12, within_months=12):
    """The hedge ratio against the chance of running dry and its cost in expected BTC.

    For each ratio ``h``, :func:`hedge_summary` of the instrument's settlements
    (:func:`swap_settlement_paths_usd` or :func:`btc_forward_settlement_paths_usd`, linear
    in the ratio: ``h`` times those of the full hedge, computed once), plus
    ``cost_btc = E[BTC_T | h = 0] - E[BTC_T | h]`` with ``BTC_T`` the treasury plus cash at
    the horizon in BTC (``btc_equivalent_mean``): what the hedge costs in expected BTC at the
    horizon (negative: it adds BTC on average). Every ratio runs on the
    same paths, so the differences are the hedge's, not sampling noise between runs.

    Parameters
    ----------
    result : MinerPaths
        The unhedged paths [-].
    hedge_ratios : sequence of float
        Ratios to evaluate [fraction], each in [0, 1]; 0 is added if absent (the reference).
    instrument : {"hashprice_swap", "btc_forward"}
        The hedge [-].
    fixed_usd_per_ph_day : float or list of float, optional
        The swap's fixed hashprice [USD/PH/day] (``instrument="hashprice_swap"``); None:
        the model's forward (:func:`forward_hashprice_curve`).
    forward_price_usd : float or list of float, optional
        The BTC forward price [USD/BTC] (``instrument="btc_forward"``); None: the model's
        mean price of each month.
    tenor_months : int
        Months the hedge runs [months].
    within_months : int
        Horizon of the depletion probability and the margin [months].

    Returns
    -------
    DataFrame
        Indexed by ``hedge_ratio``: the columns of :func:`hedge_summary` and ``cost_btc``
        [BTC].

    Raises
    ------
    ValueError
        On an unknown instrument, a ratio outside [0, 1], or as the functions above.

    References
    ----------
    Luxor, "Luxor's Non-Deliverable Bitcoin Hashrate Forward" (see the module).

    Examples
    --------
    >>> from minelib.montecarlo import run_monte_carlo
    >>> res = run_monte_carlo(50, seed=1, n_months=6, miner_hashrate_ehs=10.0, start_treasury_btc=50.0,
    ...                       other_cash_costs_usd_per_month=1.5e6)
    >>> f = hedge_frontier(res, [0.5, 1.0], tenor_months=6, within_months=6)
    >>> list(f.index)
    [0.0, 0.5, 1.0]
    >>> float(f.loc[0.0, "cost_btc"])
    0.0
    """
    check_choice("instrument", instrument, INSTRUMENTS)
    ratios = np.atleast_1d(check_array("hedge_ratios", hedge_ratios, lo=0.0, hi=1.0, unit="fraction"))
    ratios = np.unique(np.append(ratios, 0.0))
    if instrument == "hashprice_swap":
        fixed = (forward_hashprice_curve(result)["forward_usd_per_ph_day"].to_numpy()
                 if fixed_usd_per_ph_day is None else fixed_usd_per_ph_day)
        full = swap_settlement_paths_usd(result, 1.0, fixed, tenor_months)
    else:
        forward = result.price_usd.mean(axis=1) if forward_price_usd is None else forward_price_usd
        full = btc_forward_settlement_paths_usd(result, 1.0, forward, tenor_months)
    # both settlements are linear in the ratio (it scales the PH/s or the BTC sold forward):
    # ratio h settles h times the full hedge's; the full hedge and the policy are checked once
    x, f, b0, m0 = _hedge_cash_args(result, full)
    rows = {float(h): _hedge_summary(result, h * x, f, b0, m0, within_months) for h in ratios}
    table = pd.DataFrame(rows).T.rename_axis("hedge_ratio")
    table["cost_btc"] = table.loc[0.0, "btc_equivalent_mean"] - table["btc_equivalent_mean"]
    return table


def best_hedge_ratio(frontier, max_cost_btc):
    """The hedge ratio with the lowest chance of running dry among those within a BTC budget.

    Among the rows of :func:`hedge_frontier` with ``cost_btc <= max_cost_btc``, the one with
    the smallest ``p_depleted``; on a tie, the cheapest (then the smallest ratio).

    Parameters
    ----------
    frontier : DataFrame
        The table of :func:`hedge_frontier` [-].
    max_cost_btc : float
        The most expected BTC the miner gives up for the hedge [BTC] (any sign: a negative
        budget asks for hedges that add BTC on average).

    Returns
    -------
    float
        The hedge ratio [fraction].

    Raises
    ------
    ValueError
        If ``frontier`` lacks the columns, the budget is not a finite number, or no ratio
        fits the budget.

    References
    ----------
    H. Markowitz, "Portfolio Selection", *J. Finance* 7 (1952): the efficient frontier, here
    with the probability of ruin in place of the variance.

    Examples
    --------
    >>> f = pd.DataFrame({"p_depleted": [0.3, 0.1, 0.05], "cost_btc": [0.0, 5.0, 20.0]},
    ...                  index=pd.Index([0.0, 0.5, 1.0], name="hedge_ratio"))
    >>> best_hedge_ratio(f, 10.0)
    0.5
    """
    if not isinstance(frontier, pd.DataFrame) or not {"p_depleted", "cost_btc"} <= set(frontier.columns):
        raise ValueError("frontier must be the DataFrame of hedge_frontier, with p_depleted and cost_btc")
    budget = check_array("max_cost_btc", max_cost_btc, unit="BTC")
    if budget.ndim != 0:
        raise ValueError(f"max_cost_btc={max_cost_btc!r} must be a scalar [BTC]")
    within = frontier[frontier["cost_btc"] <= float(budget)]
    if within.empty:
        raise ValueError(f"max_cost_btc={float(budget)!r}: no hedge ratio costs so little; the cheapest costs "
                         f"{frontier['cost_btc'].min():.4g} BTC")
    best = within.reset_index().sort_values(["p_depleted", "cost_btc", "hedge_ratio"]).iloc[0]
    return float(best["hedge_ratio"])
