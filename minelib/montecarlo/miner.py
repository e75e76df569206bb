"""A miner on the network paths: production, costs per BTC and the treasury, month by month.

Why a miner's production needs only the difficulty: within an epoch of difficulty ``D`` a
miner of hashrate ``m`` finds blocks at the rate ``m / (D 2^32)`` whatever the rest of the
network does, i.e. ``share x blocks = (m / H) x (H t / (D 2^32))``. The network hashrate
acts through the difficulty it sets at the next retarget and through how soon it reaches
the halving height.

References
----------
Seed 000_abd4e67359fd40a7.txt (Q1 -> Q4 across the 2024 halving, 86 % reward capture);
seed 001_edb144c9be488f88.txt (selling to stay online); CoinShares' cash and all-in cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from minelib._validate import check_choice
from minelib.costs import power_cost_usd_per_ph_day
from minelib.montecarlo._common import as_time_path, child_seeds, scalar
from minelib.montecarlo.network import NetworkPaths, simulate_network
from minelib.montecarlo.prices import bootstrap_price_paths, gbm_price_paths
from minelib.treasury import POLICIES, TreasuryPaths, simulate_treasury_paths
from minelib.units import PH_PER_EH

__all__ = ["MinerPaths", "simulate_miner_paths", "run_monte_carlo"]

@dataclass
class MinerPaths:
    """A miner's monthly outcomes on every path (arrays ``(n_months, n_paths)``).

    Attributes
    ----------
    months : PeriodIndex
    network : NetworkPaths
    price_usd : month-end (sale) price [USD/BTC]
    miner_hashrate_ehs : the miner's nameplate hashrate [EH/s]
    production_btc : BTC mined [BTC/month]
    revenue_usd : production x price [USD/month]
    power_cost_usd, other_cash_costs_usd, fiat_costs_usd, depreciation_usd : [USD/month]
    cash_cost_usd_per_btc, all_in_cost_usd_per_btc : [USD/BTC] (inf with no production)
    treasury : the :class:`minelib.treasury.TreasuryPaths` of the policy
    policy : the selling policy
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

    @cached_property
    def revenue_usd(self) -> np.ndarray:
        """Production x month-end price [USD/month]."""
        return self.production_btc * self.price_usd

    @cached_property
    def cash_cost_usd_per_btc(self) -> np.ndarray:
        """Fiat (cash) costs / production [USD/BTC]; inf without production."""
        return _per_btc(self.fiat_costs_usd, self.production_btc)

    @cached_property
    def all_in_cost_usd_per_btc(self) -> np.ndarray:
        """(Fiat costs + depreciation) / production [USD/BTC]; inf without production."""
        return _per_btc(self.fiat_costs_usd + self.depreciation_usd, self.production_btc)

    @property
    def n_paths(self) -> int:
        return self.production_btc.shape[1]


def _per_btc(cost, btc):
    cost, btc = np.broadcast_arrays(cost, btc)
    return np.divide(cost, btc, out=np.full(btc.shape, np.inf), where=btc > 0)


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
):
    """A miner's production, revenue, cost per BTC and treasury on each network path.

    Month ``j`` on a path:

    * ``production = m_j * btc_per_ehs_month_j * operational_efficiency * (1 - pool_fee)``
      (hashrate share x blocks x reward x efficiency, see the module docstring);
    * ``power = m_j [PH/s] * days_j * power_cost_usd_per_ph_day(e, price_kWh, uptime)``
      (:func:`minelib.costs.power_cost_usd_per_ph_day`: ``24 e price_kWh uptime``);
    * ``fiat costs = power + other cash costs``; ``all-in = fiat + depreciation``;
    * cost per BTC = cost / production; revenue = production x month-end price;
    * the treasury follows :func:`minelib.treasury.simulate_treasury_paths` with the policy.

    Parameters
    ----------
    network : NetworkPaths
        From :func:`simulate_network`.
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
        Fleet efficiency [J/TH], > 0.
    power_price_usd_per_kwh : float or array-like
        Power price [USD/kWh], >= 0.
    uptime : float
        Share of time the machines draw power [fraction], in [0, 1].
    other_cash_costs_usd_per_month : float or array-like
        Other cash costs: opex, G&A, interest [USD/month], >= 0.
    depreciation_usd_per_month : float or array-like
        Depreciation (non-cash, in the all-in cost only) [USD/month], >= 0.
    policy, start_treasury_btc, start_cash_usd, sell_fraction
        As :func:`minelib.treasury.simulate_treasury_paths`.

    Returns
    -------
    MinerPaths

    Raises
    ------
    ValueError
        On an invalid argument; the message names it.

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
    mh = as_time_path("miner_hashrate_ehs", miner_hashrate_ehs, n_t, n_p, lo=0, unit="EH/s")
    oe = scalar("operational_efficiency", operational_efficiency, lo=0, hi=1, unit="fraction")
    pf = scalar("pool_fee", pool_fee, lo=0, hi=1, unit="fraction")
    if pf >= 1:
        raise ValueError(f"pool_fee={pool_fee!r} is outside the expected range [0, 1) [fraction]")
    eff = as_time_path("efficiency_j_per_th", efficiency_j_per_th, n_t, n_p, lo=0, lo_inclusive=False, unit="J/TH")
    pp = as_time_path("power_price_usd_per_kwh", power_price_usd_per_kwh, n_t, n_p, lo=0, unit="USD/kWh")
    up = scalar("uptime", uptime, lo=0, hi=1, unit="fraction")
    other = as_time_path("other_cash_costs_usd_per_month", other_cash_costs_usd_per_month, n_t, n_p, lo=0, unit="USD/month")
    dep = as_time_path("depreciation_usd_per_month", depreciation_usd_per_month, n_t, n_p, lo=0, unit="USD/month")
    h_start = network.network_hashrate_ehs[0].min()
    if np.max(mh[0]) > h_start:
        raise ValueError(
            f"miner_hashrate_ehs={float(np.max(mh[0]))!r} exceeds the network hashrate {h_start:.4g} EH/s in the "
            "first month; a miner is part of the network [EH/s]"
        )
    check_choice("policy", policy, POLICIES)

    days = np.diff(network.month_edges_days)[:, None]
    shape = (n_t, n_p)
    mh_b = np.broadcast_to(mh, shape)
    production = mh_b * network.btc_per_ehs_month * (oe * (1.0 - pf))
    power = mh_b * PH_PER_EH * np.asarray(power_cost_usd_per_ph_day(eff, pp, up)) * days
    other_b = np.broadcast_to(other, shape)
    dep_b = np.broadcast_to(dep, shape)
    fiat = power + other_b
    price_b = np.broadcast_to(price, shape)
    treasury = simulate_treasury_paths(
        production, price_b, fiat, policy,
        start_treasury_btc=start_treasury_btc, start_cash_usd=start_cash_usd, sell_fraction=sell_fraction,
    )
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
    **miner_kwargs,
):
    """Network paths, monthly price paths and the miner on them, all from one seed.

    The seed is split (``SeedSequence.spawn``) into independent streams for the network and
    the price, so changing the price model leaves the network paths unchanged.

    Parameters
    ----------
    n_paths : int
        Paths [-], >= 1.
    seed : int, SeedSequence or Generator, optional
        Seed; the same seed gives identical results.
    start, n_months
        Calendar start and horizon [months], as :func:`simulate_network`.
    price0_usd : float
        Price at ``start`` [USD/BTC], > 0.
    price_model : {"gbm", "bootstrap"}
        :func:`gbm_price_paths` with monthly (calendar) steps, or
        :func:`bootstrap_price_paths` of ``log_returns`` (monthly log returns: one per step).
    price_drift_per_year, price_volatility_per_year : float
        GBM ``mu`` [1/year] and ``sigma`` [1/sqrt(year)].
    log_returns : array-like, optional
        Monthly log returns for ``price_model="bootstrap"`` [-].
    block_length : int
        Bootstrap block length [months].
    network_kwargs : dict, optional
        Further arguments of :func:`simulate_network` (hashrate, drift, drop range ...).
    **miner_kwargs
        ``miner_hashrate_ehs`` (required) and the other arguments of
        :func:`simulate_miner_paths`.

    Returns
    -------
    MinerPaths

    Examples
    --------
    >>> a = run_monte_carlo(50, seed=3, n_months=12, miner_hashrate_ehs=16.4)
    >>> b = run_monte_carlo(50, seed=3, n_months=12, miner_hashrate_ehs=16.4)
    >>> bool(np.array_equal(a.treasury["treasury_btc"], b.treasury["treasury_btc"]))
    True
    """
    check_choice("price_model", price_model, ("gbm", "bootstrap"))
    if "miner_hashrate_ehs" not in miner_kwargs:
        raise ValueError("miner_hashrate_ehs is required [EH/s]")
    network_kwargs = dict(network_kwargs or {})
    for k in ("start", "n_months", "seed", "n_paths"):
        if k in network_kwargs:
            raise ValueError(f"network_kwargs must not contain {k!r}; pass it to run_monte_carlo")
    rng_net, rng_price = child_seeds(seed, 2)
    net = simulate_network(n_paths, start=start, n_months=n_months, seed=rng_net, **network_kwargs)
    step_days = np.diff(net.month_edges_days)
    if price_model == "gbm":
        if log_returns is not None:
            raise ValueError("log_returns is only used with price_model='bootstrap'")
        prices = gbm_price_paths(price0_usd, price_drift_per_year, price_volatility_per_year,
                                 len(step_days), n_paths, step_days=step_days, seed=rng_price)
    else:
        if log_returns is None:
            raise ValueError("log_returns is required with price_model='bootstrap' (monthly log returns)")
        prices = bootstrap_price_paths(price0_usd, log_returns, len(step_days), n_paths,
                                       block_length=block_length, seed=rng_price)
    return simulate_miner_paths(net, prices[1:], **miner_kwargs)
