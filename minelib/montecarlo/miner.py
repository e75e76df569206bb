"""A miner on the network paths: production, costs per BTC and the treasury, month by month.

Why a miner's production needs only the difficulty: within an epoch of difficulty ``D`` a
miner of hashrate ``m`` finds blocks at the rate ``m / (D 2^32)`` whatever the rest of the
network does, i.e. ``share x blocks = (m / H) x (H t / (D 2^32))``. The network hashrate
acts through the difficulty it sets at the next retarget and through how soon it reaches
the halving height. Revenue is subsidy by block height plus fees per block
(``simulate_network(fees_per_block_btc=...)``): the subsidy halves, the fees do not.

Costs follow CoinShares' cash / all-in convention, with interest as its own cash line:

* **cash cost** = power + other cash costs (other cost of revenue, SG&A without
  stock-based compensation) + interest. Interest is paid in cash, so it is a cash cost,
  the classification :mod:`minelib.costs` uses; the treasury pays the cash cost.
* **all-in cost** = cash cost + depreciation (non-cash). Stock-based compensation, which
  CoinShares' all-in cost also adds, is not a line here.

A risk view of a running fleet is a cash view: the machines' cost is sunk, and whether the
treasury lasts depends on cash alone. The all-in cost per BTC is what published cost
figures quote (seeds 000-003), the price at which the machines also earn back their
book value.

References
----------
Seed 000_abd4e67359fd40a7.txt (Q1 -> Q4 across the 2024 halving, 86 % reward capture);
seed 001_edb144c9be488f88.txt (selling to stay online); CoinShares Research, Bitcoin
mining reports (2024): cash cost = electricity + SG&A excluding stock-based compensation;
all-in adds depreciation and stock-based compensation.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from minelib._validate import check_array, check_choice
from minelib.costs import cash_cost_usd, power_cost_usd_per_ph_day
from minelib.montecarlo._common import as_time_path, child_seeds, count, month_grid, scalar
from minelib.montecarlo.network import NetworkPaths, simulate_network
from minelib.montecarlo.prices import (
    _bootstrap_args,
    _bootstrap_paths,
    _check_price_paths,
    _gbm_args,
    _gbm_paths,
)
from minelib.revenue import _pool_kept_share
from minelib.treasury import TreasuryPaths, _check_policy_args, _paths_of_checked, _paths_shape
from minelib.units import PH_PER_EH

__all__ = ["MinerPaths", "fleet_mix_efficiency_j_per_th", "simulate_miner_paths", "run_monte_carlo"]

@dataclass
class MinerPaths:
    """A miner's monthly outcomes on every path (arrays ``(n_months, n_paths)``).

    What is the same on every path (the price, hashrate and cost lines of scalar or monthly
    inputs) is a read-only broadcast view of that shape.

    Attributes
    ----------
    months : PeriodIndex
    network : NetworkPaths
    price_usd : month-end (sale) price [USD/BTC]
    miner_hashrate_ehs : the miner's nameplate hashrate [EH/s]
    production_btc : BTC mined [BTC/month]
    revenue_usd : production x price [USD/month]
    power_cost_usd, other_cash_costs_usd, interest_usd : the cash lines [USD/month]
    fiat_costs_usd : their sum, the cash cost the treasury pays [USD/month]
    depreciation_usd : non-cash, in the all-in cost only [USD/month]
    cash_cost_usd_per_btc, all_in_cost_usd_per_btc : [USD/BTC] (inf with no production)
    treasury : the :class:`minelib.treasury.TreasuryPaths` of the policy
    policy : the selling policy
    efficiency_j_per_th : the fleet's efficiency each month [J/TH]
    start_treasury_btc, start_cash_usd, sell_fraction : the treasury's starting BTC [BTC] and
        cash [USD] and the policy's sale share [fraction], as given, so that the treasury can
        be run again with other cash flows (:func:`minelib.hedging.hedged_miner_paths`)
    """

    months: pd.PeriodIndex
    network: NetworkPaths
    price_usd: np.ndarray
    miner_hashrate_ehs: np.ndarray
    production_btc: np.ndarray
    power_cost_usd: np.ndarray
    other_cash_costs_usd: np.ndarray
    fiat_costs_usd: np.ndarray
    depreciation_usd: np.ndarray
    treasury: TreasuryPaths = field(repr=False)
    policy: str = "sell_to_cover"
    interest_usd: np.ndarray | None = None
    efficiency_j_per_th: np.ndarray | None = None
    start_treasury_btc: float | np.ndarray | None = None
    start_cash_usd: float | np.ndarray | None = None
    sell_fraction: float | np.ndarray | None = None

    @cached_property
    def revenue_usd(self) -> np.ndarray:
        """Production x month-end price [USD/month]."""
        return self.production_btc * self.price_usd

    @cached_property
    def cash_cost_usd_per_btc(self) -> np.ndarray:
        """Cash cost (power + other cash costs + interest) / production [USD/BTC]; inf without production."""
        return _per_btc(self.fiat_costs_usd, self.production_btc)

    @cached_property
    def all_in_cost_usd_per_btc(self) -> np.ndarray:
        """(Cash cost + depreciation) / production [USD/BTC]; inf without production."""
        return _per_btc(self.fiat_costs_usd + self.depreciation_usd, self.production_btc)

    @property
    def n_paths(self) -> int:
        return self.production_btc.shape[1]


def _per_btc(cost, btc):
    cost, btc = np.broadcast_arrays(cost, btc)
    return np.divide(cost, btc, out=np.full(btc.shape, np.inf), where=btc > 0)


def _miner_args(n_t, n_p, miner_hashrate_ehs, operational_efficiency, pool_fee, efficiency_j_per_th,
                power_price_usd_per_kwh, uptime, other_cash_costs_usd_per_month, depreciation_usd_per_month,
                policy, start_treasury_btc, start_cash_usd, sell_fraction, interest_usd_per_month, pue,
                new_machine_efficiency_j_per_th):
    """:func:`simulate_miner_paths`' arguments checked for ``n_t`` months and ``n_p`` paths.

    The treasury's arguments go through the treasury's own checks, values and shapes
    against the ``(n_t, n_p)`` paths, so a bad one is named before any path is simulated;
    its checked arrays ``(F, B, M)`` come last.
    """
    mh = as_time_path("miner_hashrate_ehs", miner_hashrate_ehs, n_t, n_p, lo=0, unit="EH/s")
    oe = scalar("operational_efficiency", operational_efficiency, lo=0, hi=1, unit="fraction")
    pf = scalar("pool_fee", pool_fee, lo=0, hi=1, hi_inclusive=False, unit="fraction")
    eff = as_time_path("efficiency_j_per_th", efficiency_j_per_th, n_t, n_p, lo=0, lo_inclusive=False, unit="J/TH")
    pp = as_time_path("power_price_usd_per_kwh", power_price_usd_per_kwh, n_t, n_p, lo=0, unit="USD/kWh")
    up = scalar("uptime", uptime, lo=0, hi=1, unit="fraction")
    other = as_time_path("other_cash_costs_usd_per_month", other_cash_costs_usd_per_month, n_t, n_p, lo=0,
                         unit="USD/month")
    dep = as_time_path("depreciation_usd_per_month", depreciation_usd_per_month, n_t, n_p, lo=0, unit="USD/month")
    interest = as_time_path("interest_usd_per_month", interest_usd_per_month, n_t, n_p, lo=0, unit="USD/month")
    site = scalar("pue", pue, lo=1, unit="site power / IT power")
    if new_machine_efficiency_j_per_th is not None:
        if eff.size != 1:
            raise ValueError("with new_machine_efficiency_j_per_th, efficiency_j_per_th is the installed fleet's "
                             f"at the start: a scalar, not shape {np.shape(efficiency_j_per_th)} [J/TH]")
        eff = fleet_mix_efficiency_j_per_th(mh, float(eff.ravel()[0]), new_machine_efficiency_j_per_th)
        eff = eff.reshape(n_t, -1)
    f, b0, m0 = _check_policy_args(policy, sell_fraction, start_treasury_btc, start_cash_usd,
                                   "start_treasury_btc", "start_cash_usd")
    _paths_shape((n_t, n_p), (n_t, n_p), (n_t, n_p), f.shape, b0.shape, m0.shape)  # production, price, costs
    return mh, oe, pf, eff, pp, up, other, dep, interest, site, f, b0, m0


def fleet_mix_efficiency_j_per_th(hashrate_plan_ehs, efficiency_j_per_th, new_machine_efficiency_j_per_th):
    """Efficiency of a fleet that grows with new machines: the hashrate-weighted mix, month by month.

    Month 0's fleet runs at ``efficiency_j_per_th``. Each later month adds
    ``max(m_t - m_{t-1}, 0)`` of hashrate at that month's new-machine efficiency; a month in
    which the plan shrinks retires the least efficient machines first (the first a
    rational operator switches off). The fleet's efficiency is its power over its
    hashrate, i.e. the hashrate-weighted mean of the machines that run::

        e_t = sum_v h_{v,t} e_v / sum_v h_{v,t}

    Parameters
    ----------
    hashrate_plan_ehs : array-like
        The fleet's hashrate each month [EH/s], >= 0: ``(n_months,)`` or ``(n_months,
        n_paths)``.
    efficiency_j_per_th : float
        Efficiency of the fleet installed in month 0 [J/TH], > 0.
    new_machine_efficiency_j_per_th : float or array-like
        Efficiency of the machines added in each month [J/TH], > 0: a scalar or one per
        month (e.g. improving with each generation).

    Returns
    -------
    ndarray
        The fleet's efficiency [J/TH], the shape of ``hashrate_plan_ehs``; a month without
        hashrate gets that month's new-machine efficiency.

    Raises
    ------
    ValueError
        On an invalid argument; the message names it.

    References
    ----------
    Seed 000_abd4e67359fd40a7.txt ("it continues optimizing its fleet": CleanSpark grows
    from 16.4 to 32 EH/s with new machines); data/asics.csv (efficiencies by model).

    Examples
    --------
    16.4 EH/s at 25 J/TH grows to 32 EH/s with 17.5 J/TH machines (an S21): the mix is
    ``(16.4 x 25 + 15.6 x 17.5) / 32 = 21.3`` J/TH; halving the fleet again retires the
    25 J/TH machines first.

    >>> fleet_mix_efficiency_j_per_th([16.4, 32.0, 15.6], 25.0, 17.5).round(3)
    array([25.   , 21.344, 17.5  ])
    """
    plan = check_array("hashrate_plan_ehs", hashrate_plan_ehs, lo=0, unit="EH/s")
    if plan.ndim not in (1, 2) or plan.shape[0] == 0:
        raise ValueError(f"hashrate_plan_ehs must be (n_months,) or (n_months, n_paths); got shape {plan.shape}")
    e0 = scalar("efficiency_j_per_th", efficiency_j_per_th, lo=0, lo_inclusive=False, unit="J/TH")
    n_t = plan.shape[0]
    h = plan.reshape(n_t, -1)
    e_new = as_time_path("new_machine_efficiency_j_per_th", new_machine_efficiency_j_per_th, n_t, 1, lo=0,
                         lo_inclusive=False, unit="J/TH")
    e_v = np.broadcast_to(e_new[:, 0], (n_t,)).astype(float)  # efficiency of each month's vintage
    e_v[0] = e0
    vint = np.zeros_like(h, dtype=float)  # hashrate of each vintage still running [EH/s]
    vint[0] = h[0]
    out = np.empty_like(vint)
    for t in range(n_t):
        if t:
            step = h[t] - h[t - 1]
            vint[t] = np.maximum(step, 0.0)
            cut = np.maximum(-step, 0.0)
            if cut.any():  # retire the least efficient (most J/TH) vintages first
                order = np.argsort(-e_v[:t], kind="stable")
                run = vint[order]
                take = np.clip(cut - (np.cumsum(run, axis=0) - run), 0.0, run)
                vint[order] = run - take
        total = vint[: t + 1].sum(axis=0)
        mix = (vint[: t + 1] * e_v[: t + 1, None]).sum(axis=0)
        out[t] = np.where(total > 0, mix / np.where(total > 0, total, 1.0), e_v[t])
    return out.reshape(plan.shape)


def simulate_miner_paths(
    network,
    price_usd,
    miner_hashrate_ehs,
    *,
    operational_efficiency=1.0,
    pool_fee=0.0,
    efficiency_j_per_th=20.0,
    power_price_usd_per_kwh=0.05,
    uptime=1.0,
    other_cash_costs_usd_per_month=0.0,
    depreciation_usd_per_month=0.0,
    policy="sell_to_cover",
    start_treasury_btc=0.0,
    start_cash_usd=0.0,
    sell_fraction=None,
    interest_usd_per_month=0.0,
    pue=1.0,
    new_machine_efficiency_j_per_th=None,
):
    """A miner's production, revenue, cost per BTC and treasury on each network path.

    Month ``j`` on a path:

    * ``production = m_j * btc_per_ehs_month_j * operational_efficiency * (1 - pool_fee)``
      (hashrate share x blocks x (subsidy + fees) x efficiency, see the module docstring);
    * ``power = m_j [PH/s] * days_j * power_cost_usd_per_ph_day(e_j, price_kWh, uptime, pue)``
      (:func:`minelib.costs.power_cost_usd_per_ph_day`: ``24 e price_kWh uptime PUE``), with
      ``e_j`` the fleet's efficiency, or the mix of :func:`fleet_mix_efficiency_j_per_th`
      when new machines come at ``new_machine_efficiency_j_per_th``;
    * ``cash cost = power + other cash costs + interest`` (the treasury pays it);
      ``all-in = cash + depreciation`` (CoinShares, see the module docstring);
    * cost per BTC = cost / production; revenue = production x month-end price;
    * the treasury follows :func:`minelib.treasury.simulate_treasury_paths` with the policy.

    Parameters
    ----------
    network : NetworkPaths
        The network paths of :func:`simulate_network` [-].
    price_usd : array-like
        BTC price at each month's end, at which the month's sales happen [USD/BTC], > 0:
        ``(n_months, n_paths)`` (e.g. rows 1: of :func:`gbm_price_paths` with monthly steps),
        ``(n_months,)`` or a scalar.
    miner_hashrate_ehs : float or array-like
        The miner's nameplate hashrate per month [EH/s], >= 0: scalar, ``(n_months,)`` plan
        or ``(n_months, n_paths)``. Must not exceed the starting network hashrate.
    operational_efficiency : float
        Captured share of the expected reward [fraction], in [0, 1] (seed 000: 0.86).
    pool_fee : float
        Pool fee [fraction], in [0, 1).
    efficiency_j_per_th : float or array-like
        Fleet efficiency [J/TH], > 0: scalar, per month or per month and path.
    power_price_usd_per_kwh : float or array-like
        Power price [USD/kWh], >= 0: scalar, per month or per month and path.
    uptime : float
        Share of time the machines draw power [fraction], in [0, 1].
    other_cash_costs_usd_per_month : float or array-like
        Other cash costs: other cost of revenue and SG&A without stock-based compensation
        [USD/month], >= 0.
    depreciation_usd_per_month : float or array-like
        Depreciation (non-cash, in the all-in cost only) [USD/month], >= 0. Leave it 0 for
        a cash view of machines whose cost is sunk.
    policy : {"sell_all", "hold", "sell_to_cover", "fixed_fraction"}
        Selling policy of :mod:`minelib.treasury` [-].
    start_treasury_btc : float or ndarray
        BTC held at the start [BTC], >= 0: a scalar or one per path.
    start_cash_usd : float or ndarray
        Cash held at the start [USD], >= 0: a scalar or one per path.
    sell_fraction : float or array-like, optional
        Share of production sold [fraction] in [0, 1], with ``fixed_fraction`` only.
    interest_usd_per_month : float or array-like
        Interest paid [USD/month], >= 0: a cash cost, its own line.
    pue : float
        Power usage effectiveness, site power over machine power [-], >= 1 (1.05-1.10 for
        air-cooled mining sites; see :func:`minelib.costs.power_cost_usd_per_ph_day`).
    new_machine_efficiency_j_per_th : float or array-like, optional
        Efficiency of the machines that the plan adds [J/TH], > 0: a scalar or one per month.
        Then ``efficiency_j_per_th`` is the installed fleet's at the start (a scalar) and the
        fleet's efficiency is the mix (:func:`fleet_mix_efficiency_j_per_th`). None
        (default): the whole fleet at ``efficiency_j_per_th``.

    Returns
    -------
    MinerPaths
        Production [BTC/month], costs [USD/month], costs per BTC [USD/BTC] and the treasury,
        each ``(n_months, n_paths)``.

    Raises
    ------
    ValueError
        On an invalid argument (the message names it, with a hint where a value reads as a
        percent), or a miner larger than the network in the first month.

    References
    ----------
    Seed 000_abd4e67359fd40a7.txt (CleanSpark 16.4 -> 32 EH/s, 86 % reward capture).

    Examples
    --------
    >>> net = simulate_network(2, n_months=3, seed=0)
    >>> res = simulate_miner_paths(net, 70_000.0, 16.4, operational_efficiency=0.86)
    >>> res.production_btc.shape
    (3, 2)
    """
    if not isinstance(network, NetworkPaths):
        raise ValueError(f"network={type(network).__name__} must be the NetworkPaths of simulate_network")
    n_t, n_p = network.btc_per_ehs_month.shape
    price = as_time_path("price_usd", price_usd, n_t, n_p, lo=0, lo_inclusive=False, unit="USD/BTC")
    mh, oe, pf, eff, pp, up, other, dep, interest, site, f, b0, m0 = _miner_args(
        n_t, n_p, miner_hashrate_ehs, operational_efficiency, pool_fee, efficiency_j_per_th, power_price_usd_per_kwh,
        uptime, other_cash_costs_usd_per_month, depreciation_usd_per_month, policy, start_treasury_btc,
        start_cash_usd, sell_fraction, interest_usd_per_month, pue, new_machine_efficiency_j_per_th,
    )
    h_start = network.network_hashrate_ehs[0].min()
    if np.max(mh[0]) > h_start:
        raise ValueError(
            f"miner_hashrate_ehs={float(np.max(mh[0]))!r} exceeds the network hashrate {h_start:.4g} EH/s in the "
            "first month; a miner is part of the network [EH/s]"
        )

    days = np.diff(network.month_edges_days)[:, None]
    shape = (n_t, n_p)
    mh_b = np.broadcast_to(mh, shape)
    production = np.multiply(mh_b, network.btc_per_ehs_month)
    production *= oe * _pool_kept_share(pf)  # FPPS: the miner keeps 1 - fee
    # The costs are computed on the inputs' own shapes (a scalar or one per month, mostly)
    # and broadcast to (n_months, n_paths) at the end: the same arithmetic element by
    # element, without (n_months, n_paths) temporaries.
    power = mh * PH_PER_EH * np.asarray(power_cost_usd_per_ph_day(eff, pp, up, site)) * days
    # the cash cost as minelib.costs classifies it: interest is paid in cash
    fiat = np.broadcast_to(cash_cost_usd(power, other_cost_of_revenue_usd=other, interest_usd=interest), shape)
    power = np.broadcast_to(power, shape)
    other_b = np.broadcast_to(other, shape)
    interest_b = np.broadcast_to(interest, shape)
    dep_b = np.broadcast_to(dep, shape)
    price_b = np.broadcast_to(price, shape)
    # production, price and costs are made of inputs checked above, as are the treasury's
    # own arguments (by _miner_args): the months run without a second check
    treasury = _paths_of_checked(production, price_b, fiat, f, b0, m0, policy)
    return MinerPaths(
        months=network.months,
        network=network,
        price_usd=price_b,
        miner_hashrate_ehs=mh_b,
        production_btc=production,
        power_cost_usd=power,
        other_cash_costs_usd=other_b,
        fiat_costs_usd=fiat,
        depreciation_usd=dep_b,
        treasury=treasury,
        policy=policy,
        interest_usd=interest_b,
        efficiency_j_per_th=np.broadcast_to(eff, shape),
        start_treasury_btc=start_treasury_btc,
        start_cash_usd=start_cash_usd,
        sell_fraction=sell_fraction,
    )


def run_monte_carlo(
    n_paths=2_000,
    seed=None,
    *,
    start="2024-01-01",
    n_months=48,
    price0_usd=70_000.0,
    price_model="gbm",
    price_drift_per_year=0.0,
    price_volatility_per_year=0.6,
    log_returns=None,
    block_length=1,
    network_kwargs=None,
    price_hashrate_correlation=0.0,
    **miner_kwargs,
):
    """Network paths, monthly price paths and the miner on them, all from one seed.

    :func:`gbm_price_paths` or :func:`bootstrap_price_paths` with one step per calendar
    month (the price at each month's end), then :func:`simulate_network`, then
    :func:`simulate_miner_paths`. The seed is split (``SeedSequence.spawn``) into independent
    streams for the network and the price, so changing the price model leaves the network
    paths unchanged unless the network hears the price: with ``shutdown_fleet`` in
    ``network_kwargs`` the network's machines respond to the hashprice of these prices, and
    with ``price_hashrate_correlation`` its shocks are correlated with the GBM price's
    (:mod:`minelib.montecarlo.coupling`). Every argument is checked before any path is
    simulated.

    Parameters
    ----------
    n_paths : int
        Paths [paths], >= 1.
    seed : int, SeedSequence or Generator, optional
        Seed [-]; the same seed gives identical results.
    start : str, date or Timestamp
        Calendar date of time 0 [date]: an ISO date ``YYYY-MM-DD`` (words such as
        ``'today'`` are refused).
    n_months : int
        Horizon [months], >= 1.
    price0_usd : float
        Price at ``start`` [USD/BTC], > 0.
    price_model : {"gbm", "bootstrap"}
        :func:`gbm_price_paths` with monthly (calendar) steps, or
        :func:`bootstrap_price_paths` of ``log_returns`` (one per month) [-].
    price_drift_per_year : float
        GBM drift ``mu`` [1/year], a fraction in [-5, 5] (0.2, not 20, for 20 % a year).
    price_volatility_per_year : float
        GBM volatility ``sigma`` [1/sqrt(year)], a fraction in [0, 5] (0.6, not 60).
    log_returns : array-like, optional
        Monthly log returns for ``price_model="bootstrap"`` [-], in [-5, 5].
    block_length : int
        Bootstrap block length [months], >= 1.
    network_kwargs : dict, optional
        Further keyword arguments of :func:`simulate_network` (hashrate, drift, drop range,
        fees per block, ``shutdown_fleet`` ...) [-]; not ``n_paths``, ``start``,
        ``n_months``, ``seed`` or the price coupling (``price_usd``, ``price_shocks``,
        ``price_hashrate_correlation``), which this function supplies.
    price_hashrate_correlation : float
        Correlation of the GBM price's and the network trend's Brownian shocks [-], in
        [-1, 1]; 0 (default): independent. GBM prices only.
    **miner_kwargs
        ``miner_hashrate_ehs`` (required) and the other keyword arguments of
        :func:`simulate_miner_paths` [-].

    Returns
    -------
    MinerPaths
        The miner's months on every path, with ``.network`` and ``.treasury``.

    Raises
    ------
    ValueError
        On an invalid or unknown argument, before any path is simulated (the message names
        it, with a hint where a value reads as a percent); see also
        :func:`simulate_network` and :func:`simulate_miner_paths`.

    References
    ----------
    Seed 000_abd4e67359fd40a7.txt (Q1 -> Q4 across the 2024 halving).

    Examples
    --------
    >>> a = run_monte_carlo(50, seed=3, n_months=12, miner_hashrate_ehs=16.4)
    >>> b = run_monte_carlo(50, seed=3, n_months=12, miner_hashrate_ehs=16.4)
    >>> bool(np.array_equal(a.treasury["treasury_btc"], b.treasury["treasury_btc"]))
    True
    >>> run_monte_carlo(50, seed=3, n_months=12, miner_hashrate_ehs=16.4, price_volatility_per_year=60)
    Traceback (most recent call last):
    ...
    ValueError: price_volatility_per_year=60 is outside the expected range [0, 5] [1/sqrt(year)]; 60 looks like a percent where a fraction is expected: pass 0.6
    """
    check_choice("price_model", price_model, ("gbm", "bootstrap"))
    network_kwargs = dict(network_kwargs or {})
    for k in ("start", "n_months", "seed", "n_paths", "price_hashrate_correlation"):
        if k in network_kwargs:
            raise ValueError(f"network_kwargs must not contain {k!r}; pass it to run_monte_carlo")
    _check_keywords("network_kwargs", network_kwargs, simulate_network, ("n_paths", "price_usd", "price_shocks"))
    rho = scalar("price_hashrate_correlation", price_hashrate_correlation, lo=-1, hi=1, unit="-")
    if rho != 0 and price_model != "gbm":
        raise ValueError(f"price_hashrate_correlation={price_hashrate_correlation!r} correlates the GBM price's "
                         "shocks; price_model='bootstrap' has none")
    _check_keywords("run_monte_carlo", miner_kwargs, simulate_miner_paths, ("network", "price_usd"))
    if "miner_hashrate_ehs" not in miner_kwargs:
        raise ValueError("miner_hashrate_ehs is required [EH/s]")
    m = count("n_paths", n_paths, unit="paths")
    n_t = count("n_months", n_months, unit="months")
    if price_model == "gbm":
        if log_returns is not None:
            raise ValueError("log_returns is only used with price_model='bootstrap'")
        s0, mu, sigma = _gbm_args(price0_usd, price_drift_per_year, price_volatility_per_year,
                                  ("price0_usd", "price_drift_per_year", "price_volatility_per_year"))
        cause = f"price_drift_per_year={price_drift_per_year!r} and price_volatility_per_year={price_volatility_per_year!r}"
    else:
        if log_returns is None:
            raise ValueError("log_returns is required with price_model='bootstrap' (monthly log returns)")
        s0, r, b = _bootstrap_args(price0_usd, log_returns, block_length, ("price0_usd", "log_returns", "block_length"))
        cause = "the log_returns given"
    miner = inspect.signature(simulate_miner_paths).bind(None, None, **miner_kwargs)
    miner.apply_defaults()
    _miner_args(n_t, m, **{k: v for k, v in miner.arguments.items() if k not in ("network", "price_usd")})

    rng_net, rng_price = child_seeds(seed, 2)
    step_days = np.diff(month_grid(start, n_t)[1])
    if price_model == "gbm":
        prices, shocks = _gbm_paths(s0, mu, sigma, step_days, n_t, m, rng_price)
    else:
        prices = _bootstrap_paths(s0, r, b, n_t, m, rng_price)
    prices = _check_price_paths(prices, cause)
    if network_kwargs.get("shutdown_fleet") is not None:
        network_kwargs["price_usd"] = prices
    if rho != 0:
        network_kwargs.update(price_shocks=shocks, price_hashrate_correlation=rho)
    net = simulate_network(m, start=start, n_months=n_t, seed=rng_net, **network_kwargs)
    return simulate_miner_paths(net, prices[1:], **miner_kwargs)


def _check_keywords(where, kwargs, func, excluded):
    """Refuse a keyword that ``func`` does not take (or that is ``excluded`` here), naming where it was given."""
    accepted = sorted(set(inspect.signature(func).parameters) - set(excluded))
    for k in kwargs:
        if k not in accepted:
            raise ValueError(f"{where} got {k!r}, which is not an argument of {func.__name__} here; "
                             f"expected one of {accepted}")
