"""The buyer's and the owner's questions: probabilities across paths, machines compared, retire or keep."""

from __future__ import annotations

import numpy as np
import pandas as pd

from minelib._validate import check_array
from minelib.investment.machine import MachineCashFlows, machine_cash_flows

__all__ = ["investment_summary", "compare_machines", "retire_or_keep"]


# --------------------------------------------------------------------------- summaries
def investment_summary(flows, discount_rate_per_year, payback_within_months, quantiles=(0.05, 0.5, 0.95)):
    """What a buyer wants to know across paths: P(NPV > 0), P(payback within N months), the NPV distribution.

    Parameters
    ----------
    flows : MachineCashFlows
        From :func:`machine_cash_flows` (one or many paths).
    discount_rate_per_year : float
        Discount rate [fraction per year].
    payback_within_months : int
        Horizon of the payback probability [months], >= 1.
    quantiles : sequence of float
        Quantiles of the NPV, IRR and mine-or-buy distributions [fraction], in [0, 1].

    Returns
    -------
    pandas.Series
        ``p_npv_positive``, ``p_payback`` [fraction], ``p_mine_beats_buy`` [fraction],
        ``npv_mean_usd``, ``npv_q<q>_usd`` [USD], ``irr_q<q>`` [fraction per year],
        ``net_btc_q<q>`` [BTC], ``economic_life_median_months`` [months].

    Examples
    --------
    >>> from minelib.investment import Operation, network_scenario
    >>> net = network_scenario("2026-02-07", 12, 935_000, 125.86e12, fees_per_block_btc=0.025)
    >>> flows = machine_cash_flows(net, 71_091.0, 200.0, 17.5, 800.0, Operation(0.05), sell_at_end=False)
    >>> s = investment_summary(flows, 0.15, 12)
    >>> float(s["p_npv_positive"]), float(s["p_payback"])
    (1.0, 1.0)
    """
    if not isinstance(flows, MachineCashFlows):
        raise ValueError(f"flows={type(flows).__name__} must be a MachineCashFlows")
    n = check_array("payback_within_months", payback_within_months, lo=1, unit="months", integer=True)
    q = check_array("quantiles", quantiles, lo=0, hi=1, unit="fraction")
    npv = flows.npv_usd(discount_rate_per_year)
    irr = flows.irr_per_year
    out = {
        "p_npv_positive": float(np.mean(npv > 0)),
        "p_payback": float(np.mean(flows.payback_months <= int(n))),
        "p_mine_beats_buy": float(np.mean(flows.net_btc > 0)),
        "npv_mean_usd": float(np.mean(npv)),
    }
    for qq in np.atleast_1d(q):
        out[f"npv_q{qq:g}_usd"] = float(np.quantile(npv, qq))
    for qq in np.atleast_1d(q):
        out[f"irr_q{qq:g}"] = float(np.nanquantile(irr, qq)) if np.isfinite(irr).any() else np.nan
    for qq in np.atleast_1d(q):
        out[f"net_btc_q{qq:g}"] = float(np.quantile(flows.net_btc, qq))
    out["economic_life_median_months"] = float(np.median(flows.economic_life_months))
    return pd.Series(out, name="summary")


def compare_machines(machines, network, btc_price_usd, operation, discount_rate_per_year, payback_within_months,
                     resale_decay_per_year=0.0, sell_at_end=True):
    """Every machine of a table on the same paths: NPV, IRR, payback, mine or buy.

    Each machine is bought for ``hashrate_ths x price_usd_per_th`` and run by
    :func:`machine_cash_flows` on the same network and price paths (common random numbers,
    so differences between machines are not noise). A machine that cannot cover its cash
    cost is listed with zero months running and no resale.

    Parameters
    ----------
    machines : pandas.DataFrame
        Columns ``model``, ``hashrate_ths`` [TH/s], ``efficiency_j_per_th`` [J/TH] and
        ``price_usd_per_th`` [USD/TH] (e.g. :func:`minelib.load_asics`).
    network : minelib.montecarlo.NetworkPaths
        Network paths.
    btc_price_usd : float or array-like
        As in :func:`machine_cash_flows` [USD/BTC].
    operation : Operation
        Site and operating terms.
    discount_rate_per_year : float
        Discount rate [fraction per year].
    payback_within_months : int
        Horizon of the payback probability [months].
    resale_decay_per_year : float
        As in :func:`machine_cash_flows` [fraction per year].
    sell_at_end : bool
        As in :func:`machine_cash_flows` [-].

    Returns
    -------
    pandas.DataFrame
        One row per model (index: model): ``capex_usd``, ``breakeven_price_usd_per_th`` (the
        price per TH/s at which the median NPV is zero), ``cash_cost_usd_per_ph_day``,
        ``npv_median_usd``, ``p_npv_positive``, ``irr_median``, ``payback_median_months``,
        ``p_payback``, ``net_btc_median``, ``p_mine_beats_buy``, ``economic_life_median_months``.

    Examples
    --------
    >>> from minelib.investment import Operation, network_scenario
    >>> net = network_scenario("2026-02-07", 12, 935_000, 125.86e12, fees_per_block_btc=0.025)
    >>> m = pd.DataFrame({"model": ["A", "B"], "hashrate_ths": [200.0, 100.0],
    ...                   "efficiency_j_per_th": [17.5, 30.0], "price_usd_per_th": [3.0, 3.0]})
    >>> compare_machines(m, net, 71_091.0, Operation(0.05), 0.15, 12, sell_at_end=False)["p_npv_positive"].tolist()
    [1.0, 0.0]
    """
    need = ("model", "hashrate_ths", "efficiency_j_per_th", "price_usd_per_th")
    missing = [c for c in need if c not in machines.columns]
    if missing:
        raise ValueError(f"machines lacks the columns {missing}; expected {list(need)}")
    if machines["price_usd_per_th"].isna().any():
        raise ValueError("machines has rows without price_usd_per_th; drop or price them [USD/TH]")
    rows = {}
    for _, row in machines.iterrows():
        capex = float(row["hashrate_ths"]) * float(row["price_usd_per_th"])
        cost = float(operation.cash_cost_usd_per_ph_day(float(row["efficiency_j_per_th"])))
        flows = machine_cash_flows(network, btc_price_usd, row["hashrate_ths"], row["efficiency_j_per_th"], capex,
                                   operation, resale_decay_per_year, sell_at_end)
        s = investment_summary(flows, discount_rate_per_year, payback_within_months, quantiles=(0.5,))
        rows[row["model"]] = {
            "capex_usd": capex,
            "breakeven_price_usd_per_th": float(np.median(flows.breakeven_capex_usd(discount_rate_per_year)))
            / float(row["hashrate_ths"]),
            "cash_cost_usd_per_ph_day": cost,
            "npv_median_usd": s["npv_q0.5_usd"],
            "p_npv_positive": s["p_npv_positive"],
            "irr_median": s["irr_q0.5"],
            "payback_median_months": float(np.nanmedian(flows.payback_months)) if np.isfinite(flows.payback_months).any() else np.nan,
            "p_payback": s["p_payback"],
            "net_btc_median": s["net_btc_q0.5"],
            "p_mine_beats_buy": s["p_mine_beats_buy"],
            "economic_life_median_months": s["economic_life_median_months"],
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "model"
    return out


def retire_or_keep(resale_now_usd, network, btc_price_usd, hashrate_ths, efficiency_j_per_th, operation,
                   discount_rate_per_year, resale_decay_per_year=0.0):
    """Keep an owned machine or sell it today: keep = future cash flows + later resale; retire = resale now.

    Keeping forgoes today's resale value, so it is the investment of
    :func:`machine_cash_flows` with ``capex_usd = resale_now_usd``, the resale curve anchored
    there, and the machine sold at the horizon. Keep where the present value of what it
    earns and later fetches exceeds what it fetches today:
    ``PV(keep) = NPV + resale_now > resale_now``.

    Parameters
    ----------
    resale_now_usd : float
        What the machine fetches today [USD], > 0.
    network : minelib.montecarlo.NetworkPaths
        Network paths from today.
    btc_price_usd : float or array-like
        As in :func:`machine_cash_flows` [USD/BTC].
    hashrate_ths : float
        The machine's hashrate [TH/s].
    efficiency_j_per_th : float
        Its efficiency [J/TH].
    operation : Operation
        Site and operating terms.
    discount_rate_per_year : float
        Discount rate [fraction per year].
    resale_decay_per_year : float
        As in :func:`machine_cash_flows` [fraction per year].

    Returns
    -------
    pandas.DataFrame
        One row per path: ``keep_value_usd`` (present value of keeping), ``retire_value_usd``
        (the resale now), ``keep_minus_retire_usd``, ``keep`` (bool).

    Raises
    ------
    ValueError
        On an invalid argument; the message names it. (A machine below its cash cost today
        is not refused: it earns nothing until hashprice recovers and resells for nothing,
        so keeping it is worth only what it earns later.)

    Examples
    --------
    An S19j Pro (100 TH/s, 30.5 J/TH) at $0.03/kWh, worth $400 today, network and price flat:

    >>> from minelib.investment import Operation, network_scenario
    >>> net = network_scenario("2026-02-07", 12, 935_000, 125.86e12, fees_per_block_btc=0.025)
    >>> d = retire_or_keep(400.0, net, 71_091.0, 100.0, 30.5, Operation(0.03), 0.15, 0.3)
    >>> bool(d["keep"].iloc[0])
    True
    """
    r = check_array("resale_now_usd", resale_now_usd, lo=0, lo_inclusive=False, unit="USD")
    flows = machine_cash_flows(network, btc_price_usd, hashrate_ths, efficiency_j_per_th, float(r), operation,
                               resale_decay_per_year, sell_at_end=True)
    npv = flows.npv_usd(discount_rate_per_year)
    keep = npv + float(r)
    return pd.DataFrame({
        "keep_value_usd": keep,
        "retire_value_usd": np.full(len(keep), float(r)),
        "keep_minus_retire_usd": npv,
        "keep": npv > 0,
    })
