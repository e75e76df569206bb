# %% [markdown]
# # Hedging hashprice: what selling forward does to a miner's treasury
#
# A miner is paid in hashprice and pays its bills in dollars. When the BTC price falls or the
# network grows, it sells BTC from its treasury to stay online (seed `001_edb144c9be488f88.txt`:
# "Can you keep the bitcoin you mine, or do you have to sell it just to stay online?"). Luxor runs
# a market in hashprice forwards where a miner can lock in part of its revenue months ahead. This
# notebook asks, for a miner like Bitdeer in January 2026 (seed `002_d81e0ff9e5c96647.txt`), under
# stated assumptions: what does the model expect hashprice to be month by month? What do selling
# hashprice forward (a fixed-for-floating swap) and selling BTC forward pay, path by path? How do they
# change the monthly cash margin, the chance that the treasury runs dry within a year and the BTC left
# at the end - and which hedge ratio buys the lowest chance of running dry for a given cost in expected
# BTC?

# %% tags=["parameters"]
n_paths: int = 1000  # Monte Carlo paths (the report jobs use more) [-]
seed: int = 2026  # seed of numpy.random.default_rng; same seed -> same numbers [-]
start: str = "2026-02-01"  # simulation start: early February 2026, the date of seeds 002 and 003 [date]
n_months: int = 12  # horizon [months]
network_hashrate_ehs: float = 913.0  # network hashrate ("913 EH/s", seed 003, 5 Feb 2026) [EH/s]
hashrate_drift_per_year: float | None = None  # trend drift; None -> derived from data/network_snapshots.csv (as notebook 09) [1/year]
hashrate_volatility_per_year: float = 0.25  # ASSUMPTION: trend volatility, as notebook 09 [1/sqrt(year)]
fees_per_block_btc: float = 0.02  # ASSUMPTION: mean fees per block; no seed gives them for 2026 [BTC/block]
price0_usd: float = 71091.0  # BTC price at start ("$71,091", seed 003) [USD/BTC]
price_drift_per_year: float = 0.0  # ASSUMPTION: GBM drift, no view on direction [1/year]
price_volatility_per_year: float = 0.6  # ASSUMPTION: GBM volatility [1/sqrt(year)]
miner_hashrate_ehs: float = 63.2  # Bitdeer's hashrate ("63.2 EH/s", seed 002) [EH/s]
miner_btc_mined_last_month: float = 668.0  # Bitdeer's January 2026 production ("668 BTC", seed 002) [BTC]
days_last_month: int = 31  # days of that month (January) [days]
start_treasury_btc: float = 1530.0  # Bitdeer's holdings on 31 January ("1,530 BTC", seed 002) [BTC]
start_cash_usd: float = 0.0  # ASSUMPTION: no cash set aside for the bills [USD]
efficiency_j_per_th: float = 18.0  # ASSUMPTION: fleet efficiency [J/TH]
power_price_usd_per_kwh: float = 0.04  # ASSUMPTION: power price [USD/kWh]
pue: float = 1.05  # ASSUMPTION: air-cooled site, site over machine power (1.03-1.10, minelib.costs) [-]
other_cash_costs_usd_per_month: float = 5000000.0  # ASSUMPTION: other cost of revenue + cash SG&A [USD/month]
policy: str = "sell_to_cover"  # selling policy of minelib.treasury [-]
tenor_months: int = 12  # hedge tenor (Luxor lists monthly tenors up to 12 months) [months]
hedge_ratio: float = 0.5  # ASSUMPTION: share of hashrate (swap) or of expected production (BTC forward) sold forward [fraction]
fixed_vs_model_forward_pct: float = 0.0  # ASSUMPTION: the swap's fixed price against the model's forward; negative = below [%]
market_forward_usd_per_ph_day: list = []  # market forward hashprices, one per month from the first; [] -> model expectation [USD/PH/day]
btc_forward_rate_per_year: float = 0.05  # ASSUMPTION: financing rate of the cost-of-carry BTC forward [1/year]
depletion_within_months: int = 12  # horizon of the depletion probability [months]
frontier_ratios: list = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]  # hedge ratios on the frontier [fraction]
cost_budget_btc: float = 100.0  # ASSUMPTION: expected BTC the miner will give up for the hedge (about 6.5 % of its treasury) [BTC]

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import minelib as ml
from minelib.hedging import (
    best_hedge_ratio, btc_forward_price_usd, btc_forward_settlement_paths_usd, forward_hashprice_curve,
    hedge_frontier, hedge_summary, swap_settlement_paths_usd,
)
from minelib.montecarlo import run_monte_carlo, trend_drift_from_snapshots
from minelib.plotting import percent_axis, use_house_style, usd_axis
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
for _name, _value, _lo in (("n_paths", n_paths, 1), ("n_months", n_months, 1), ("tenor_months", tenor_months, 1),
                           ("depletion_within_months", depletion_within_months, 1), ("days_last_month", days_last_month, 28)):
    if not isinstance(_value, int) or _value < _lo:
        raise ValueError(f"{_name}={_value!r} must be a whole number >= {_lo}")
if max(tenor_months, depletion_within_months) > n_months:
    raise ValueError(f"tenor_months={tenor_months!r} and depletion_within_months={depletion_within_months!r} "
                     f"must not exceed n_months={n_months!r} [months]")
if not 0.0 <= hedge_ratio <= 1.0 or not all(0.0 <= r <= 1.0 for r in frontier_ratios):
    raise ValueError(f"hedge_ratio={hedge_ratio!r} and frontier_ratios={frontier_ratios!r} must lie in [0, 1] [fraction]")
if fixed_vs_model_forward_pct <= -100.0:
    raise ValueError(f"fixed_vs_model_forward_pct={fixed_vs_model_forward_pct!r} must be > -100 [%]")

# the network's trend drift through the two point estimates of the shipped data, as notebook 09
trend = trend_drift_from_snapshots()
drift = trend["drift_per_year"] if hashrate_drift_per_year is None else float(hashrate_drift_per_year)
first_date, first_ehs, last_date, last_ehs = trend["first_date"], trend["first_ehs"], trend["last_date"], trend["last_ehs"]
drift_words = (f"through {first_ehs:,.0f} EH/s on {first_date:%d %b %Y} and {last_ehs:,.0f} EH/s on {last_date:%d %b %Y}, "
               "data/network_snapshots.csv" if hashrate_drift_per_year is None else "a parameter")

# the block height at the start: the last halving block (data/halvings.csv) plus the protocol's steady rate since
last_halving_height, last_halving_date = ml.last_dated_halving(start)  # [blocks], [date]
days_since_halving = (pd.Timestamp(start) - last_halving_date).days
start_height = ml.estimated_height(start)
subsidy_btc = float(ml.protocol.block_subsidy_btc(start_height))

# the miner's captured share of the expected reward, so that it mines last month's BTC on this network
operational_efficiency = float(ml.implied_operational_efficiency(
    miner_btc_mined_last_month, miner_hashrate_ehs, network_hashrate_ehs, days_last_month, subsidy_btc,
    fees_per_block_btc, blocks_per_day=ml.protocol.STEADY_BLOCKS_PER_DAY))
network_kwargs = dict(start_height=start_height, network_hashrate_ehs=network_hashrate_ehs,
                      hashrate_drift_per_year=drift, hashrate_volatility_per_year=hashrate_volatility_per_year,
                      fees_per_block_btc=fees_per_block_btc)
miner_kwargs = dict(miner_hashrate_ehs=miner_hashrate_ehs, operational_efficiency=operational_efficiency,
                    efficiency_j_per_th=efficiency_j_per_th, power_price_usd_per_kwh=power_price_usd_per_kwh, pue=pue,
                    other_cash_costs_usd_per_month=other_cash_costs_usd_per_month, policy=policy,
                    start_treasury_btc=start_treasury_btc, start_cash_usd=start_cash_usd)
display(Markdown(
    f"Start: block {start_height:,} ({days_since_halving:,} days after block {last_halving_height:,} at the protocol's "
    f"{ml.protocol.STEADY_BLOCKS_PER_DAY:.2f} blocks a day), subsidy {subsidy_btc:g} BTC. Network trend drift "
    f"**{drift:.3f} per year** ({drift_words}); the miner captures **{operational_efficiency:.0%}** of the expected reward "
    f"(what makes {miner_btc_mined_last_month:,.0f} BTC in {days_last_month} days at {miner_hashrate_ehs:g} of "
    f"{network_hashrate_ehs:,.0f} EH/s); {n_paths:,} paths, seed {seed}."
))

# %% [markdown]
# ## 1. The miner on the model's paths
#
# The paths are notebook 09's model: the network's hashrate follows a trend with volatility, the
# difficulty retargets every 2,016 blocks as Bitcoin Core does, and the BTC price follows a geometric
# Brownian motion with one price per calendar month. The miner's hashrate is constant. Each month
# it earns hashprice on its hashrate and pays its **cash** costs (power at the wall, other cash costs);
# under `sell_to_cover` it pays from cash first, then sells BTC from production and, if that is not
# enough, from its treasury. The monthly cash margin is
#
# $$m_t = B_t \, S_t - C_t ,$$
#
# with $B_t$ the BTC mined, $S_t$ the month-end price (so $B_t S_t$ is the revenue) and $C_t$ the cash cost. The treasury runs dry
# in the first month in which cash, sales and treasury together cannot pay $C_t$.

# %%
res = run_monte_carlo(n_paths, seed, start=start, n_months=n_months, price0_usd=price0_usd,
                      price_drift_per_year=price_drift_per_year, price_volatility_per_year=price_volatility_per_year,
                      network_kwargs=network_kwargs, **miner_kwargs)
months = res.months.to_timestamp()
first_month = res.months[0]
revenue_first_usd = float(res.revenue_usd[0].mean())
cost_first_usd = float(res.fiat_costs_usd[0].mean())
margin_first = 1.0 - cost_first_usd / revenue_first_usd
treasury_months_of_cost = start_treasury_btc * price0_usd / cost_first_usd
cash_breakeven_usd = float(np.median(res.cash_cost_usd_per_btc[0]))
unhedged = hedge_summary(res, 0.0, depletion_within_months)
p_dry_unhedged = float(unhedged["p_depleted"])

# %%
display(Markdown(
    f"In {first_month:%B %Y} the miner earns about \\${revenue_first_usd / 1e6:,.1f}M and pays "
    f"\\${cost_first_usd / 1e6:,.1f}M in cash costs: a cash margin of {margin_first:.0%}, a cash cost of "
    f"\\${cash_breakeven_usd:,.0f} per BTC against a price of \\${price0_usd:,.0f}. Its "
    f"{start_treasury_btc:,.0f} BTC are worth {treasury_months_of_cost:.1f} months of costs. Unhedged, the treasury "
    f"runs dry within {depletion_within_months} months on **{p_dry_unhedged:.0%}** of the paths."
))
headline("p_depleted_unhedged", p_dry_unhedged * 100, unit="%", fmt=".0f",
         label=f"P(treasury dry within {depletion_within_months} months), unhedged, share of paths")

# %% [markdown]
# ## 2. The forward hashprice curve: a model expectation, not a market quote
#
# Luxor's hashprice is what 1 PH/s earns per day at the difficulty in force: subsidy plus fees per
# block over the expected blocks of a PH/s,
#
# $$h^{\mathrm{BTC}}_t = \frac{86\,400 \cdot 10^{15}\,(s + f)}{D_t \, 2^{32}}, \qquad h_t = S_t \, h^{\mathrm{BTC}}_t ,$$
#
# averaged over each month of a path (`NetworkPaths.hashprice_btc_per_ph_day`) and priced at the
# month-end price. The model's forward curve is its mean over the paths, $F_t = \mathrm{E}[h_t]$, with
# bands of the 5th and 95th percentiles. **It is what the model expects, not what a market pays**: a
# buyer of hashprice asks a premium for the risk it takes, so market forwards usually sit below the
# expectation. Where a user has market quotes (Luxor's order book lists monthly contracts), they go
# into the parameter `market_forward_usd_per_ph_day`, one per month, and replace the model's forward
# as the swap's fixed price.

# %%
curve = forward_hashprice_curve(res, market_forward_usd_per_ph_day=market_forward_usd_per_ph_day or None)
hp_start_usd = float(curve["mean_usd_per_ph_day"].iloc[0])
hp_end_usd = float(curve["mean_usd_per_ph_day"].iloc[tenor_months - 1])
hp_end_p05_usd = float(curve["p05_usd_per_ph_day"].iloc[tenor_months - 1])
hp_end_p95_usd = float(curve["p95_usd_per_ph_day"].iloc[tenor_months - 1])
hp_end_sats = float(curve["mean_btc_per_ph_day"].iloc[tenor_months - 1]) * ml.units.SATS_PER_BTC
n_quotes = int((curve["forward_source"] == "market quote").sum())
fig, ax = plt.subplots()
ax.fill_between(months, curve["p05_usd_per_ph_day"], curve["p95_usd_per_ph_day"], alpha=0.25, color="C0",
                label="90% of paths")
ax.plot(months, curve["mean_usd_per_ph_day"], color="C0", label="model expectation")
if n_quotes:
    ax.plot(months, curve["forward_usd_per_ph_day"].where(curve["forward_source"] == "market quote"), "o",
            color="C3", label="market quotes")
usd_axis(ax, decimals=0)
ax.set_ylabel("hashprice [USD/PH/day]")
ax.set_title("Forward hashprice: the model's expectation and its band")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=3, fontsize=8, frameon=False)
plt.show()

# %%
table_curve = curve.copy()
table_curve.index = table_curve.index.strftime("%Y-%m")
table_curve["mean_sats_per_ph_day"] = table_curve["mean_btc_per_ph_day"] * ml.units.SATS_PER_BTC
display(reader_table(table_curve, {
    "mean_usd_per_ph_day": Col("Model expectation", "USD/PH/day", fmt=",.2f"),
    "p05_usd_per_ph_day": Col("5th percentile", "USD/PH/day", fmt=",.2f"),
    "p95_usd_per_ph_day": Col("95th percentile", "USD/PH/day", fmt=",.2f"),
    "mean_sats_per_ph_day": Col("Model expectation", "sats/PH/day", fmt=",.0f"),
    "forward_source": Col("Fixed price from")},
    index="Month", caption="Table 1. The forward hashprice curve of the model (difficulty-form hashprice, "
                           "month-end price; mean and percentiles over the paths)."))
display(Markdown(
    f"The model expects the hashprice to go from \\${hp_start_usd:,.2f} in the first month to "
    f"\\${hp_end_usd:,.2f} per PH/s per day in month {tenor_months} ({hp_end_sats:,.0f} sats): the network's "
    f"trend raises the difficulty while the price has no drift. The band widens with time: in month "
    f"{tenor_months}, 90% of paths lie between \\${hp_end_p05_usd:,.2f} and \\${hp_end_p95_usd:,.2f}. "
    f"{n_quotes} of the {n_months} months use market quotes."
))
headline("model_forward_hashprice_end_usd_per_ph_day", hp_end_usd, unit="USD/PH/day", fmt=",.2f",
         label=f"Model forward hashprice, month {tenor_months} (difficulty form, model expectation, not a market quote)")

# %% [markdown]
# ## 3. Selling hashprice forward: a fixed-for-floating swap
#
# Luxor's hashprice forward is non-deliverable and cash-settled: each UTC day the seller receives
# the contract's fixed "unit hashprice" $K$ and pays the day's Hashprice Index on the contracted
# PH/s ("Seller Daily Settlement Amount: [Unit Hashprice - Settlement Rate] x Daily Contract Size",
# [Luxor's contract terms](https://docs.luxor.tech/derivatives/luxor-contract-and-market-details/luxors-nondeliverable-bitcoin-hashrate-forward)).
# Over a month of $d_t$ days with mean index $h_t$ these add up to
#
# $$X_t = (K_t - h_t)\, q\, d_t, \qquad q = k \times H_{\mathrm{PH/s}},$$
#
# with $k$ the hedge ratio and $H_{\mathrm{PH/s}}$ the miner's hashrate, paid here at the month's end
# (ASSUMPTION: no discounting within the month). Margin calls and collateral (Luxor asks an initial
# margin of 35% of notional on USD contracts) and fees are not modelled. The settlement is cash: the
# margin becomes $m_t + X_t$. When hashprice falls the swap pays, when it rises the miner pays. The
# miner's own revenue per PH/s is the index times its captured share $e$, so selling the fraction
# $k = e$ of its hashrate forward fixes its revenue at $e\,H_{\mathrm{PH/s}}\,K_t\,d_t$ whatever the index
# does; selling more is a net short position in hashprice. The fixed price here is the model's forward
# times (1 + `fixed_vs_model_forward_pct` / 100).

# %%
fixed_usd_per_ph_day = curve["forward_usd_per_ph_day"].to_numpy() * (1.0 + fixed_vs_model_forward_pct / 100.0)
x_swap = swap_settlement_paths_usd(res, hedge_ratio, fixed_usd_per_ph_day, tenor_months)
margin_unhedged = res.revenue_usd - res.fiat_costs_usd
margin_swap = margin_unhedged + x_swap
swapped = hedge_summary(res, x_swap, depletion_within_months)
p_dry_swap = float(swapped["p_depleted"])
hedged_phs = hedge_ratio * miner_hashrate_ehs * ml.units.PH_PER_EH
sd_cut = 1.0 - float(swapped["margin_sd_usd"] / unhedged["margin_sd_usd"])
fig, ax = plt.subplots()
for label, m, color in (("unhedged", margin_unhedged, "C0"), (f"{hedge_ratio:.0%} sold forward", margin_swap, "C2")):
    q = np.quantile(m / 1e6, [0.05, 0.5, 0.95], axis=1)
    ax.fill_between(months, q[0], q[2], alpha=0.2, color=color)
    ax.plot(months, q[1], color=color, label=f"{label}: median, 90% band")
ax.axhline(0.0, color="black", lw=0.8)
usd_axis(ax, decimals=0, suffix="M")
ax.set_ylabel("cash margin [USD/month]")
ax.set_title("Monthly cash margin with and without the hashprice swap")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=8, frameon=False)
plt.show()

# %%
display(Markdown(
    f"Selling {hedge_ratio:.0%} of the hashrate forward ({hedged_phs:,.0f} PH/s) for {tenor_months} months narrows the "
    f"band of the margin: the standard deviation of the {depletion_within_months}-month cash margin falls by "
    f"{sd_cut:.0%}. The treasury runs dry on **{p_dry_swap:.0%}** of paths instead of {p_dry_unhedged:.0%}."
))
headline("p_depleted_swap", p_dry_swap * 100, unit="%", fmt=".0f",
         label=f"P(treasury dry within {depletion_within_months} months), {hedge_ratio:.0%} of hashrate sold forward "
               f"(Luxor NDF convention, difficulty-form hashprice), share of paths")

# %% [markdown]
# ## 4. Selling BTC forward
#
# The other hedge a miner has is to sell part of its production forward: $Q_t$ BTC each month at a
# forward price $F_t$, cash-settled, so that it receives $X_t = Q_t\,(F_t - S_t)$ and sells at spot as
# before. Here $Q_t$ is the hedge ratio times the model's expected production of the month, fixed at
# the start. The forward price is the cost-of-carry price $F_t = S_0\, e^{r t}$ with a financing rate
# $r$ (an ASSUMPTION, `btc_forward_rate_per_year`; Hull, *Options, Futures, and Other Derivatives*,
# ch. 5): not the model's expected price, which with no drift stays at $S_0$. A BTC forward hedges the
# price only; the difficulty - how many BTC the hashrate mines - stays unhedged, which the hashprice
# swap covers.

# %%
years_to_delivery = res.network.month_edges_days[1:] / ml.units.DAYS_PER_YEAR
forward_usd = np.asarray(btc_forward_price_usd(price0_usd, years_to_delivery, btc_forward_rate_per_year))
forward_end_usd = float(forward_usd[tenor_months - 1])
x_forward = btc_forward_settlement_paths_usd(res, hedge_ratio, forward_usd, tenor_months)
forwarded = hedge_summary(res, x_forward, depletion_within_months)
p_dry_forward = float(forwarded["p_depleted"])
compare = pd.DataFrame({"Unhedged": unhedged, "Hashprice swap": swapped, "BTC forward": forwarded}).T
compare["cost_btc"] = compare.loc["Unhedged", "btc_equivalent_mean"] - compare["btc_equivalent_mean"]
compare[["margin_p05_musd", "margin_sd_musd", "external_funding_mean_musd"]] = compare[
    ["margin_p05_usd", "margin_sd_usd", "external_funding_mean_usd"]].to_numpy() / 1e6
display(reader_table(compare, {
    "p_depleted": Col(f"P(dry within {depletion_within_months} months)", percent=True, decimals=0),
    "margin_p05_musd": Col("Cash margin, 5th percentile", "USD million", fmt=",.1f"),
    "margin_sd_musd": Col("Cash margin, std. dev.", "USD million", fmt=",.1f"),
    "btc_held_mean": Col("BTC held at the horizon, mean", "BTC", fmt=",.0f"),
    "btc_equivalent_mean": Col("BTC + cash at the horizon, mean", "BTC", fmt=",.0f"),
    "external_funding_mean_musd": Col("External funding, mean", "USD million", fmt=",.1f"),
    "cost_btc": Col("Cost in expected BTC", "BTC", fmt=",.1f")},
    index="Hedge", caption=f"Table 2. {hedge_ratio:.0%} hedged for {tenor_months} months against none, on the "
                           f"same paths (cash margin summed over {depletion_within_months} months)."))

# %%
cost_swap_btc = float(compare.loc["Hashprice swap", "cost_btc"])
cost_forward_btc = float(compare.loc["BTC forward", "cost_btc"])
swap_cost_words = f"costs {cost_swap_btc:,.0f} BTC" if cost_swap_btc >= 0 else f"adds {-cost_swap_btc:,.0f} BTC"
forward_cost_words = f"costs {cost_forward_btc:,.0f} BTC" if cost_forward_btc >= 0 else f"adds {-cost_forward_btc:,.0f} BTC"
external_unhedged_musd = float(compare.loc["Unhedged", "external_funding_mean_usd"]) / 1e6
external_swap_musd = float(compare.loc["Hashprice swap", "external_funding_mean_usd"]) / 1e6
display(Markdown(
    f"The forward price rises from \\${price0_usd:,.0f} to \\${forward_end_usd:,.0f} in month {tenor_months} at "
    f"{btc_forward_rate_per_year:.0%} a year. Selling {hedge_ratio:.0%} of the expected production forward, the "
    f"treasury runs dry on {p_dry_forward:.0%} of paths; the swap gets to {p_dry_swap:.0%}, from {p_dry_unhedged:.0%} "
    f"unhedged, and the bills that outside money must pay fall from \\${external_unhedged_musd:,.1f}M to "
    f"\\${external_swap_musd:,.1f}M on average. Measured in the BTC the miner holds at the horizon (with any cash at "
    f"the last price), the swap {swap_cost_words} on average and the forward {forward_cost_words}. Struck at the model's "
    f"expectation, the swap pays nothing on average in dollars; in BTC it gives up what the miner would have kept where "
    f"hashprice rises and saves what it would have sold at the bottom where it falls, and dollars received when BTC is "
    f"cheap buy more BTC than the same dollars paid when it is dear. Which side wins turns with the ratio (Table 3). The "
    f"forward is struck above the model's expected price (the financing rate), so on average it pays."
))

# %% [markdown]
# ## 5. How much to hedge: the frontier
#
# Each hedge ratio $k$ gives a probability of running dry $p(k)$ and a cost in expected BTC,
# $c(k) = \mathrm{E}[\mathrm{BTC}_T \mid 0] - \mathrm{E}[\mathrm{BTC}_T \mid k]$, where
# $\mathrm{BTC}_T$ is the treasury plus cash at the horizon, in BTC at the last price. All ratios run on the same paths,
# so the differences are the hedge's, not sampling noise. The ratio to pick, for a miner willing to give
# up at most $\bar c$ BTC in expectation, is
#
# $$k^{*} = \mathrm{argmin}_{c(k) \leq \bar{c}}\ p(k).$$

# %%
frontier_swap = hedge_frontier(res, frontier_ratios, instrument="hashprice_swap", fixed_usd_per_ph_day=fixed_usd_per_ph_day,
                               tenor_months=tenor_months, within_months=depletion_within_months)
frontier_forward = hedge_frontier(res, frontier_ratios, instrument="btc_forward", forward_price_usd=forward_usd,
                                  tenor_months=tenor_months, within_months=depletion_within_months)
best_swap = best_hedge_ratio(frontier_swap, cost_budget_btc)
cost_best_swap_btc = float(frontier_swap.loc[best_swap, "cost_btc"])
best_swap_cost_words = (f"at a cost of {cost_best_swap_btc:,.0f} BTC" if cost_best_swap_btc > 0
                        else f"while adding {-cost_best_swap_btc:,.0f} BTC on average" if cost_best_swap_btc < 0
                        else "that is, no hedge: no ratio within the budget runs dry less often")
best_forward = best_hedge_ratio(frontier_forward, cost_budget_btc)
p_dry_best_swap = float(frontier_swap.loc[best_swap, "p_depleted"])
p_dry_full_swap = float(frontier_swap["p_depleted"].iloc[-1])
fig, ax = plt.subplots()
for label, f, color in (("hashprice swap", frontier_swap, "C2"), ("BTC forward", frontier_forward, "C1")):
    ax.plot(f["cost_btc"], f["p_depleted"], "o-", color=color, label=label, ms=4)
    for k in (f.index[len(f) // 2], f.index[-1]):
        ax.annotate(f"{k:.0%}", (f.loc[k, "cost_btc"], f.loc[k, "p_depleted"]), textcoords="offset points",
                    xytext=(4, 4), fontsize=8, color=color)
ax.annotate("unhedged", (0.0, p_dry_unhedged), textcoords="offset points", xytext=(4, 4), fontsize=8)
ax.axvline(cost_budget_btc, color="grey", lw=0.8, ls="--", label="cost budget")
percent_axis(ax)
ax.set_xlabel("cost in expected BTC at the horizon [BTC]")
ax.set_ylabel(f"P(dry within {depletion_within_months} months) [%]")
ax.set_title("Hedge ratio frontier: chance of running dry against its cost")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncols=3, fontsize=8, frameon=False)
plt.show()

# %%
table_frontier = pd.DataFrame({"p_swap": frontier_swap["p_depleted"], "cost_swap": frontier_swap["cost_btc"],
                               "p_forward": frontier_forward["p_depleted"], "cost_forward": frontier_forward["cost_btc"]})
table_frontier.index = [f"{k:.0%}" for k in table_frontier.index]
display(reader_table(table_frontier, {
    "p_swap": Col("Swap: P(dry)", percent=True, decimals=1), "cost_swap": Col("Swap: cost", "BTC", fmt=",.1f"),
    "p_forward": Col("BTC forward: P(dry)", percent=True, decimals=1),
    "cost_forward": Col("BTC forward: cost", "BTC", fmt=",.1f")},
    index="Hedge ratio", caption=f"Table 3. The frontier over hedge ratios ({tenor_months}-month tenor, "
                                 f"share of paths dry within {depletion_within_months} months)."))
display(Markdown(
    f"Within a budget of {cost_budget_btc:g} BTC, the swap ratio with the lowest chance of running dry is "
    f"**{best_swap:.0%}**: {p_dry_best_swap:.1%} of paths run dry, {best_swap_cost_words}. Beyond the "
    f"miner's captured share of the reward ({operational_efficiency:.0%} of its nameplate hashrate, section 1) the swap "
    f"is no longer a hedge but a short position in hashprice: a full swap runs dry on {p_dry_full_swap:.1%} of paths. "
    f"For the BTC forward the best ratio within the budget is {best_forward:.0%}, which still leaves the difficulty "
    f"unhedged."
))
headline("best_swap_hedge_ratio", best_swap * 100, unit="%", fmt=".0f",
         label=f"Swap hedge ratio with the lowest P(dry) within {cost_budget_btc:g} BTC of expected cost "
               f"(Luxor NDF convention, fixed at the model forward {fixed_vs_model_forward_pct:+g}%)")

# %% [markdown]
# ## Reading
#
# Every probability here is a share of simulated paths and holds only under the model's assumptions:
# the network's drift and volatility, the price's volatility, the miner's costs and its captured share,
# each marked in the parameters cell. The forward curve is the model's expectation, not a market
# price: a market that asks a discount for taking hashprice risk makes every hedge dearer than it looks
# here - move `fixed_vs_model_forward_pct` below zero, or put the market's quotes into
# `market_forward_usd_per_ph_day`, to see by how much. The model leaves out what a real hedge adds:
# margin calls when hashprice rises (the miner must post collateral while its own revenue is high, so
# the risk is liquidity, not loss), counterparty risk, fees, and the basis between Luxor's index -
# priced every 15 seconds - and a month's mean at one month-end price.
