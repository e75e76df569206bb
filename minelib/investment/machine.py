"""One machine on network and price paths: its monthly cash flows, switched off below its cash cost."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from minelib import plausibility
from minelib._validate import check_array, like
from minelib.costs import power_cost_usd_per_ph_day
from minelib.investment.finance import irr_per_year, npv_usd, resale_value_usd
from minelib.revenue import mining_revenue_usd_per_ph_day
from minelib.units import DAYS_PER_YEAR, PH_PER_EH, TH_PER_PH

__all__ = ["Operation", "MachineCashFlows", "machine_cash_flows"]

#: Months in a year, for costs quoted per month.
MONTHS_PER_YEAR = 12.0


# --------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class Operation:
    """How and where the machine runs: the practitioner inputs of its cash cost and revenue.

    Parameters
    ----------
    power_price_usd_per_kwh : float
        All-in electricity price at the wall [USD/kWh], >= 0.
    pue : float
        Power usage effectiveness, site power over machine power [dimensionless], >= 1.
    pool_fee : float
        FPPS pool fee [fraction of the expected reward], in [0, 1).
    uptime : float
        Share of the time the machine hashes when switched on [fraction], in (0, 1].
    other_cash_cost_usd_per_kw_month : float
        Cash costs besides power per kW of wall power while running (hosting margin,
        maintenance, site staff) [USD/kW/month], >= 0.

    Examples
    --------
    >>> Operation(power_price_usd_per_kwh=0.05, pue=1.05).pool_fee
    0.0
    """

    power_price_usd_per_kwh: float
    pue: float = 1.0
    pool_fee: float = 0.0
    uptime: float = 1.0
    other_cash_cost_usd_per_kw_month: float = 0.0

    def __post_init__(self):
        for name, kw in (
            ("power_price_usd_per_kwh", dict(lo=0, unit="USD/kWh")),
            ("pue", dict(lo=1, unit="site power / IT power")),
            ("pool_fee", dict(lo=0, hi=1, hi_inclusive=False, unit="fraction")),
            ("uptime", dict(lo=0, hi=1, lo_inclusive=False, unit="fraction")),
            ("other_cash_cost_usd_per_kw_month", dict(lo=0, unit="USD/kW/month")),
        ):
            v = check_array(name, getattr(self, name), **kw)
            if v.ndim != 0:
                raise ValueError(f"{name}={getattr(self, name)!r} must be a scalar [{kw['unit']}]")

    def cash_cost_usd_per_ph_day(self, efficiency_j_per_th):
        """Cash cost of 1 PH/s of the machine per day: power at the wall plus other cash costs.

        ``c = 24 e PUE p uptime + k e PUE uptime 12 / 365.25`` (1 PH/s at ``e`` J/TH draws
        ``e`` kW at the machine, ``e PUE`` kW at the wall).

        Parameters
        ----------
        efficiency_j_per_th : float or ndarray
            Machine efficiency [J/TH], > 0.

        Returns
        -------
        float or ndarray
            Cash cost [USD/PH/day].

        Examples
        --------
        >>> round(Operation(0.05, pue=1.05).cash_cost_usd_per_ph_day(17.5), 3)
        22.05
        """
        power = power_cost_usd_per_ph_day(efficiency_j_per_th, self.power_price_usd_per_kwh, self.uptime, self.pue)
        wall_kw_per_ph = np.asarray(efficiency_j_per_th, dtype=float) * TH_PER_PH / 1000.0 * self.pue  # W -> kW
        other = self.other_cash_cost_usd_per_kw_month * wall_kw_per_ph * self.uptime * MONTHS_PER_YEAR / DAYS_PER_YEAR
        return like(np.asarray(power) + other, efficiency_j_per_th)

    def revenue_usd_per_ph_day(self, hashprice_usd_per_ph_day):
        """Revenue of 1 PH/s per day at a hashprice, after the pool fee and the downtime.

        Parameters
        ----------
        hashprice_usd_per_ph_day : float or ndarray
            Hashprice [USD/PH/day] (or [BTC/PH/day]: the formula is the same).

        Returns
        -------
        float or ndarray
            Revenue [USD/PH/day] (or [BTC/PH/day]).

        Examples
        --------
        >>> Operation(0.05, pool_fee=0.02).revenue_usd_per_ph_day(40.0)
        39.2
        """
        return mining_revenue_usd_per_ph_day(hashprice_usd_per_ph_day, self.pool_fee, self.uptime)


# --------------------------------------------------------------------------- the machine
@dataclass
class MachineCashFlows:
    """A machine's monthly outcomes on every path (arrays ``(n_months, n_paths)``).

    Attributes
    ----------
    months : PeriodIndex
        The calendar months.
    month_end : DatetimeIndex
        End of each month (time of its cash flow).
    t_years : ndarray (n_months + 1,)
        Time 0 and each month end [years since start].
    days : ndarray (n_months,)
        Days of each month within the horizon [days].
    price_usd : ndarray (n_months + 1, n_paths)
        BTC price at time 0 and at each month end [USD/BTC].
    hashprice_usd_per_ph_day : ndarray
        The month's hashprice (Luxor, time average) at the month-end price [USD/PH/day].
    cash_cost_usd_per_ph_day : float
        The machine's cash cost [USD/PH/day].
    running : ndarray of bool
        Whether the machine runs in the month (revenue above cash cost).
    btc_mined, revenue_usd, power_usd, other_cash_usd : ndarray
        Per month [BTC], [USD].
    resale_usd : ndarray
        Resale value at each month end [USD].
    capex_usd : float
        Paid at time 0 (or, to keep a machine, its resale value forgone) [USD].
    sell_at_end : bool
        Whether the machine is sold at the horizon for ``resale_usd[-1]``.
    """

    months: pd.PeriodIndex
    month_end: pd.DatetimeIndex
    t_years: np.ndarray
    days: np.ndarray
    price_usd: np.ndarray
    hashprice_usd_per_ph_day: np.ndarray
    cash_cost_usd_per_ph_day: float
    running: np.ndarray
    btc_mined: np.ndarray
    revenue_usd: np.ndarray
    power_usd: np.ndarray
    other_cash_usd: np.ndarray
    resale_usd: np.ndarray
    capex_usd: float
    sell_at_end: bool = True

    @property
    def n_paths(self) -> int:
        return self.btc_mined.shape[1]

    @cached_property
    def operating_cash_usd(self) -> np.ndarray:
        """Revenue less power and other cash costs, per month [USD]; >= 0 by the shutdown rule."""
        return self.revenue_usd - self.power_usd - self.other_cash_usd

    @cached_property
    def terminal_resale_usd(self) -> np.ndarray:
        """What the machine fetches at the horizon [USD] (0 if it is kept)."""
        return self.resale_usd[-1] if self.sell_at_end else np.zeros(self.n_paths)

    @cached_property
    def cash_flows_usd(self) -> np.ndarray:
        """``(n_months + 1, n_paths)``: ``-capex`` at time 0, then each month's flow, the resale in the last [USD]."""
        cf = np.vstack([np.full((1, self.n_paths), -self.capex_usd), self.operating_cash_usd])
        cf[-1] += self.terminal_resale_usd
        return cf

    def npv_usd(self, discount_rate_per_year):
        """NPV of the flows at an annual rate [USD], one per path (:func:`npv_usd`)."""
        return np.atleast_1d(npv_usd(self.cash_flows_usd, self.t_years, discount_rate_per_year))

    def breakeven_capex_usd(self, discount_rate_per_year):
        """The most the machine is worth paying at a discount rate: the capex at which NPV = 0 [USD].

        The operating flows do not depend on the price paid and the resale is proportional
        to it (:func:`resale_value_usd`), so ``NPV(c) = PV(operating) - c (1 - PV(resale) / capex)``
        is zero at ``c* = PV(operating) / (1 - PV(resale) / capex)``; infinite where the
        resale alone returns more than the price.
        """
        disc = (1.0 + discount_rate_per_year) ** -self.t_years
        pv_ops = disc[1:] @ self.operating_cash_usd
        per_usd = disc[-1] * self.terminal_resale_usd / self.capex_usd if self.capex_usd > 0 else np.zeros(self.n_paths)
        with np.errstate(divide="ignore"):
            return np.where(per_usd < 1.0, pv_ops / (1.0 - per_usd), np.inf)

    @cached_property
    def irr_per_year(self) -> np.ndarray:
        """IRR per path [fraction per year] (:func:`irr_per_year`)."""
        return np.atleast_1d(irr_per_year(self.cash_flows_usd, self.t_years))

    @cached_property
    def payback_months(self) -> np.ndarray:
        """Months until the cumulative operating cash covers the capex (resale not counted);
        NaN where it never does within the horizon [months]."""
        cum = np.cumsum(self.operating_cash_usd, axis=0)
        reached = cum >= self.capex_usd
        first = np.argmax(reached, axis=0).astype(float) + 1.0
        return np.where(reached.any(axis=0), first, np.nan)

    @cached_property
    def payback_date(self) -> pd.Series:
        """End of the payback month per path (NaT where there is none)."""
        idx = self.payback_months
        ends = [self.month_end[int(k) - 1] if np.isfinite(k) else pd.NaT for k in idx]
        return pd.Series(pd.to_datetime(ends), name="payback_date")

    @cached_property
    def economic_life_months(self) -> np.ndarray:
        """Months from the start to the end of the last month the machine runs [months]
        (the whole horizon if it still runs at the end; 0 if it never runs)."""
        n = self.running.shape[0]
        last = n - np.argmax(self.running[::-1], axis=0)
        return np.where(self.running.any(axis=0), last, 0)

    @cached_property
    def mine_btc(self) -> np.ndarray:
        """BTC the machine ends with: BTC mined, less each month's cash costs at that month's
        price, plus the resale converted at the last price [BTC]."""
        costs_btc = (self.power_usd + self.other_cash_usd) / self.price_usd[1:]
        return (self.btc_mined - costs_btc).sum(axis=0) + self.terminal_resale_usd / self.price_usd[-1]

    @cached_property
    def buy_btc(self) -> np.ndarray:
        """BTC the capex buys on day one: ``capex / S_0`` [BTC]."""
        return self.capex_usd / self.price_usd[0]

    @cached_property
    def net_btc(self) -> np.ndarray:
        """Mining less buying: ``mine_btc - buy_btc`` [BTC]; > 0 where mining wins in BTC."""
        return self.mine_btc - self.buy_btc

    def table(self, path=0):
        """One path's months as a DataFrame: hashprice, running, BTC mined, revenue, costs, cash flow, resale.

        Parameters
        ----------
        path : int
            Which path [-].

        Returns
        -------
        pandas.DataFrame
            One row per month (index: month), flows in USD and BTC.
        """
        j = int(path)
        return pd.DataFrame({
            "hashprice_usd_per_ph_day": self.hashprice_usd_per_ph_day[:, j],
            "running": self.running[:, j],
            "btc_mined": self.btc_mined[:, j],
            "revenue_usd": self.revenue_usd[:, j],
            "power_usd": self.power_usd[:, j],
            "other_cash_usd": self.other_cash_usd[:, j],
            "cash_flow_usd": self.cash_flows_usd[1:, j],
            "resale_usd": self.resale_usd[:, j],
        }, index=self.months)


def _price_rows(btc_price_usd, n_months, n_paths):
    """Prices at time 0 and at each month end, ``(n_months + 1, n_paths)``.

    The plausible range of a BTC price (:mod:`minelib.plausibility`) catches a price in
    cents; it holds the price at time 0, where such a mistake shows. The later months are a
    projection (:func:`price_scenario_usd`, :func:`minelib.montecarlo.gbm_price_paths`)
    that may pass $5M over a long horizon and is still a price.
    """
    with plausibility.relaxed("btc_price_usd"):
        p = check_array("btc_price_usd", btc_price_usd, lo=0, lo_inclusive=False, unit="USD/BTC")
    plausibility.check("btc_price_usd", p if p.ndim == 0 else p[:1])
    if p.ndim == 0:
        return np.full((n_months + 1, n_paths), float(p))
    if p.shape[0] != n_months + 1 or p.ndim > 2 or (p.ndim == 2 and p.shape[1] not in (1, n_paths)):
        raise ValueError(
            f"btc_price_usd has shape {p.shape}; expected a scalar, ({n_months + 1},) or "
            f"({n_months + 1}, {n_paths}): the price at time 0 and at each of the {n_months} month ends"
        )
    return np.broadcast_to(p.reshape(n_months + 1, -1), (n_months + 1, n_paths)).copy()


def machine_cash_flows(
    network,
    btc_price_usd,
    hashrate_ths,
    efficiency_j_per_th,
    capex_usd,
    operation,
    resale_decay_per_year=0.0,
    sell_at_end=True,
):
    """A machine's cash flows month by month on network paths, switching off below its cash cost.

    See the module docstring for the formulas: hashprice from the path's difficulty and the
    subsidy at its block heights, revenue after pool fee and downtime, cash cost at the
    wall, the shutdown rule (a month whose revenue does not exceed the cash cost earns and
    costs nothing), resale from :func:`resale_value_usd` anchored at ``capex_usd`` and the
    first month's margin at the starting price. A machine that does not cover its cash cost
    at that anchor has no earning power to scale: its resale value is 0 throughout.

    Parameters
    ----------
    network : minelib.montecarlo.NetworkPaths
        Network paths (:func:`network_scenario` for one deterministic path,
        :func:`minelib.montecarlo.simulate_network` for Monte Carlo paths).
    btc_price_usd : float or array-like
        BTC price at time 0 and at each month end [USD/BTC], > 0: a scalar (constant),
        ``(n_months + 1,)`` or ``(n_months + 1, n_paths)`` (e.g.
        :func:`minelib.montecarlo.gbm_price_paths` with calendar-month steps). The price at
        time 0 is held to the plausible range of :mod:`minelib.plausibility` (a price in
        cents is refused); the projected months may pass it.
    hashrate_ths : float
        The machine's nameplate hashrate [TH/s], > 0.
    efficiency_j_per_th : float
        Its efficiency at the machine [J/TH], > 0.
    capex_usd : float
        Price paid at time 0 [USD], >= 0; to value keeping a machine, its resale value today.
    operation : Operation
        Power price, PUE, pool fee, uptime, other cash costs.
    resale_decay_per_year : float
        Loss of resale value per year at constant margin [fraction], in [0, 1].
    sell_at_end : bool
        Sell the machine at the horizon for its resale value [-].

    Returns
    -------
    MachineCashFlows

    Raises
    ------
    ValueError
        On an invalid argument; the message names it.

    References
    ----------
    Luxor Hashrate Index, "Hashprice"; CoinShares' cash cost (power + cash operating costs).

    Examples
    --------
    An S21 (200 TH/s, 17.5 J/TH) bought for $3,000 at $0.05/kWh, price and network flat for
    a year (difficulty 125.86 T, hashprice ~$35.8/PH/day against a cash cost of $21): it runs
    every month and earns back about a third of its price, before any resale:

    >>> from minelib.investment import Operation, network_scenario
    >>> net = network_scenario("2026-02-07", 12, 935_000, 125.86e12, fees_per_block_btc=0.025)
    >>> flows = machine_cash_flows(net, 71_091.0, 200.0, 17.5, 3_000.0, Operation(0.05), sell_at_end=False)
    >>> bool(flows.running.all()), round(float(flows.npv_usd(0.0)[0]), -1)
    (True, -1940.0)
    """
    hashprice_btc = np.asarray(network.btc_per_ehs_month, dtype=float)
    edges = np.asarray(network.month_edges_days, dtype=float)
    days = np.diff(edges)
    n_mo, n_p = hashprice_btc.shape
    # TODO: NetworkPaths.hashprice_btc_per_ph_day (minelib.montecarlo.network) should hold this
    hashprice_btc = hashprice_btc / PH_PER_EH / days[:, None]  # BTC per PH/s per day, the month's mean
    price = _price_rows(btc_price_usd, n_mo, n_p)
    m_ths = check_array("hashrate_ths", hashrate_ths, lo=0, lo_inclusive=False, unit="TH/s")
    eff = check_array("efficiency_j_per_th", efficiency_j_per_th, lo=0, lo_inclusive=False, unit="J/TH")
    capex = check_array("capex_usd", capex_usd, lo=0, unit="USD")
    delta = check_array("resale_decay_per_year", resale_decay_per_year, lo=0, hi=1, unit="fraction per year")
    for name, v in (("hashrate_ths", m_ths), ("efficiency_j_per_th", eff), ("capex_usd", capex),
                    ("resale_decay_per_year", delta)):
        if v.ndim:
            raise ValueError(f"{name} must be a scalar; run one machine at a time (compare_machines loops)")
    if not isinstance(operation, Operation):
        raise ValueError(f"operation={operation!r} must be a minelib.investment.Operation")
    if not isinstance(sell_at_end, (bool, np.bool_)):
        raise ValueError(f"sell_at_end={sell_at_end!r} must be True or False")

    phs = float(m_ths) / TH_PER_PH
    hashprice_usd = hashprice_btc * price[1:]
    revenue_rate = np.asarray(operation.revenue_usd_per_ph_day(hashprice_usd))
    cash_cost = float(operation.cash_cost_usd_per_ph_day(float(eff)))
    power_rate = float(power_cost_usd_per_ph_day(float(eff), operation.power_price_usd_per_kwh, operation.uptime, operation.pue))
    running = revenue_rate > cash_cost
    ph_days = np.where(running, phs * days[:, None], 0.0)
    margin = revenue_rate - cash_cost
    t_years = edges / DAYS_PER_YEAR

    margin0 = np.asarray(operation.revenue_usd_per_ph_day(hashprice_btc[0] * price[0])) - cash_cost
    if sell_at_end:
        # a machine below its cash cost at the start has no earning power to anchor the curve: worth 0
        anchored = margin0 > 0
        resale = np.where(anchored, np.asarray(resale_value_usd(
            float(capex), margin, np.where(anchored, margin0, 1.0)[None, :], t_years[1:, None], float(delta))), 0.0)
    else:
        resale = np.zeros((n_mo, n_p))

    return MachineCashFlows(
        months=network.months,
        month_end=pd.DatetimeIndex([network.start + pd.Timedelta(days=float(d)) for d in edges[1:]]),
        t_years=t_years,
        days=days,
        price_usd=price,
        hashprice_usd_per_ph_day=hashprice_usd,
        cash_cost_usd_per_ph_day=cash_cost,
        running=running,
        btc_mined=np.asarray(operation.revenue_usd_per_ph_day(hashprice_btc)) * ph_days,
        revenue_usd=revenue_rate * ph_days,
        power_usd=power_rate * ph_days,
        other_cash_usd=(cash_cost - power_rate) * ph_days,
        resale_usd=resale,
        capex_usd=float(capex),
        sell_at_end=bool(sell_at_end),
    )
