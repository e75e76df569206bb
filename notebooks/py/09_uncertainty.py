# %% [markdown]
# # Uncertainty: Q1 to Q4 production and the treasury across the halving
#
# Seed `000_abd4e67359fd40a7.txt` argues that a miner growing as fast as CleanSpark (16.4 to
# 32 EH/s) can mine as many BTC in Q4 2024 as in Q1 despite the April halving, "if total network
# hash rate drops just 5%", and notes that hashrate "dips 10-30% shortly after each halving"
# before recovering. A single scenario cannot say how *likely* that is. This notebook simulates
# thousands of paths of network hashrate, difficulty (retargeted every 2,016 blocks as Bitcoin
# Core does) and BTC price, and asks, under stated assumptions: on what share of paths is Q4
# production at least Q1's? How often does a sell-to-cover treasury run dry? Which BTC price
# covers the cash cost on 90% of paths? It then reconciles its breakeven with notebook 02's, adds
# the dynamics a risk analyst expects (machines that switch off, correlated shocks, a fleet that
# improves as it grows) and ends with the probability of a loss, not the share of a grid.

# %% tags=["parameters"]
n_paths: int = 2000  # Monte Carlo paths (the report job uses more) [-]
seed: int = 2024  # seed of numpy.random.default_rng; same seed -> same numbers [-]
start: str = "2024-01-01"  # simulation start, time 0 [date]
n_months: int = 24  # horizon [months]
start_height: int = 824160  # first block the simulation mines: 840,000 - 110 days x 144 blocks/day (derived) [blocks]
network_hashrate_ehs: float = 566.0  # network hashrate at start ("566 EH/s", seed 000) [EH/s]
hashrate_drift_per_year: float | None = None  # trend drift; None -> derived from data/network_snapshots.csv [1/year]
hashrate_volatility_per_year: float = 0.25  # ASSUMPTION: trend volatility [1/sqrt(year)]
halving_drop_min: float = 0.10  # smallest post-halving hashrate drop ("10-30%", seed 000) [fraction]
halving_drop_max: float = 0.30  # largest post-halving hashrate drop ("10-30%", seed 000) [fraction]
recovery_months: float = 6.0  # ASSUMPTION: months for the dip to recover to the trend [months]
q1_miner_hashrate_ehs: float = 16.4  # CleanSpark hashrate through Q1 ("16.4 EH", seed 000) [EH/s]
q4_miner_hashrate_ehs: float = 32.0  # CleanSpark hashrate from Q4 on ("32 EH by year-end", seed 000) [EH/s]
operational_efficiency: float = 0.86  # captured share of the expected reward ("86%", seed 000) [fraction]
fees_per_block_btc: float = 0.0  # mean fees per block (seed 000's 900 BTC/day is subsidy only) [BTC/block]
price0_usd: float = 70000.0  # ASSUMPTION: BTC price at start [USD/BTC]
price_drift_per_year: float = 0.0  # ASSUMPTION: GBM drift, no view on direction [1/year]
price_volatility_per_year: float = 0.6  # ASSUMPTION: GBM volatility [1/sqrt(year)]
returns_csv: str = ""  # CSV with a column log_return of monthly log returns to bootstrap; "" -> GBM [-]
efficiency_j_per_th: float = 25.0  # ASSUMPTION: fleet efficiency [J/TH]
power_price_usd_per_kwh: float = 0.045  # ASSUMPTION: all-in power price [USD/kWh]
other_cash_costs_usd_per_month: float = 6000000.0  # ASSUMPTION: other cost of revenue + cash SG&A at 16.4 EH/s [USD/month]
depreciation_usd_per_month: float = 11000000.0  # ASSUMPTION: depreciation at 16.4 EH/s [USD/month]
cost_growth_pct: float = 70.0  # cost growth when hashrate grows +95% ("+70%", seed 000) [%]
policy: str = "sell_to_cover"  # selling policy: sell_all, hold, sell_to_cover, fixed_fraction [-]
start_treasury_btc: float = 1000.0  # ASSUMPTION: BTC held at start [BTC]
start_cash_usd: float = 0.0  # cash held at start [USD]
depletion_within_months: int = 12  # horizon of the depletion probability [months]
nb02_q1_all_in_cost_usd_per_btc: float = 45000.0  # notebook 02: CleanSpark all-in ("approximately $45,000", seed 000) [USD/BTC]
nb02_cost_shares_pct: list = [45.0, 10.0, 12.5, 32.5]  # notebook 02's ASSUMPTION: power, other opex, G&A, depreciation [%]
nb02_cost_growth_pct: list = [70.0, 70.0, 20.0, 70.0]  # their growth to 32 EH/s ("+70%", "+20%", seed 000) [%]
nb02_network_change_pct: float = -20.0  # notebook 02's scenario ("If network hash rate drops 20%", seed 000) [%]
fees_what_if_btc_per_block: float = 0.2  # ASSUMPTION for the what-if: mean fees per block [BTC/block]
pue_what_if: float = 1.05  # air-cooled mining site, site over machine power (1.03-1.10, minelib.costs) [-]
new_machine_efficiency_j_per_th: float = 17.5  # machines added in 2024: Antminer S21 (data/asics.csv) [J/TH]
price_hashrate_correlation: float = 0.3  # ASSUMPTION for the what-if (no seed gives one) [-]
network_fleet_models: list = ["Antminer S21", "Antminer S19 XP", "Whatsminer M50S", "Antminer S19j Pro", "Antminer S19", "Avalon A1246"]  # the network's machine classes (data/asics.csv) [-]
network_fleet_shares_pct: list = [25.0, 25.0, 25.0, 10.0, 10.0, 5.0]  # ASSUMPTION: their shares of the network's hashrate [%]
network_power_price_usd_per_kwh: float = 0.07  # ASSUMPTION: the network's power price ("five cents or nine cents", seed 001) [USD/kWh]
shutdown_lag_days: float = 30.0  # ASSUMPTION: time constant with which machines leave and return [days]
margin_grid_points_per_axis: int = 24  # points per axis of the grid of fleets for the loss map [-]
sweep_points_per_axis: int = 20  # grid points per axis of the sensitivity sweep (4 axes) [-]
use_dask: bool = False  # run the sweep on Dask (a local 2-worker cluster unless dask_scheduler is set) [-]
dask_scheduler: str = ""  # Dask scheduler address, e.g. "tcp://10.0.0.5:8786" [-]

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from IPython.display import Markdown, display

import minelib as ml
from minelib.montecarlo import (
    breakeven_bridge, breakeven_price_percentiles, depletion_curve, fan_chart_data, month_grid,
    prob_negative_cash_margin, prob_production_at_least, prob_treasury_depletion, quarter_production_paths_btc,
    run_monte_carlo, simulate_miner_paths, trend_drift_from_snapshots,
)
from minelib.sweep import sweep
from minelib.plotting import use_house_style, percent_axis
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
for _name, _value, _lo in (("n_paths", n_paths, 1), ("n_months", n_months, 12), ("depletion_within_months", depletion_within_months, 1),
                           ("sweep_points_per_axis", sweep_points_per_axis, 2), ("margin_grid_points_per_axis", margin_grid_points_per_axis, 2)):
    if not isinstance(_value, int) or _value < _lo:
        raise ValueError(f"{_name}={_value!r} must be a whole number >= {_lo} [-]")
if depletion_within_months > n_months:
    raise ValueError(f"depletion_within_months={depletion_within_months!r} exceeds n_months={n_months!r} [months]")
if not 0 < q1_miner_hashrate_ehs <= q4_miner_hashrate_ehs < network_hashrate_ehs:
    raise ValueError(f"q1_miner_hashrate_ehs={q1_miner_hashrate_ehs!r} and q4_miner_hashrate_ehs={q4_miner_hashrate_ehs!r} "
                     f"must satisfy 0 < Q1 <= Q4 < network_hashrate_ehs={network_hashrate_ehs!r} [EH/s]")
for _name, _list in (("nb02_cost_shares_pct", nb02_cost_shares_pct), ("nb02_cost_growth_pct", nb02_cost_growth_pct)):
    if len(_list) != 4:
        raise ValueError(f"{_name} has {len(_list)} entries; expected 4: power, other opex, G&A, depreciation [%]")
if abs(sum(nb02_cost_shares_pct) - 100.0) > 1e-6 or abs(sum(network_fleet_shares_pct) - 100.0) > 1e-6:
    raise ValueError(f"nb02_cost_shares_pct={nb02_cost_shares_pct!r} and network_fleet_shares_pct="
                     f"{network_fleet_shares_pct!r} must each sum to 100 [%]")

# the network hashrate's trend drift: the two point estimates of the shipped data
trend = trend_drift_from_snapshots()
h_first_ehs, h_first_date, h_last_ehs, h_last_date = trend["first_ehs"], trend["first_date"], trend["last_ehs"], trend["last_date"]
drift = trend["drift_per_year"] if hashrate_drift_per_year is None else float(hashrate_drift_per_year)

# the miner's plan: Q1 hashrate through March, a straight line to the Q4 level by October, then flat
months, month_edges_days = month_grid(start, n_months)
march = pd.Period("2024-03", "M")
q1_end = int(np.flatnonzero(months == march)[0]) if march in months else 2
miner_plan_ehs = np.interp(np.arange(n_months), [q1_end, q1_end + 7], [q1_miner_hashrate_ehs, q4_miner_hashrate_ehs])
# costs grow with hashrate at seed 000's elasticity (+70 % for +95 %)
elasticity = float(ml.cost_elasticity(cost_growth_pct / 100.0, q4_miner_hashrate_ehs / q1_miner_hashrate_ehs - 1.0))
plan_growth = miner_plan_ehs / q1_miner_hashrate_ehs - 1.0
other_costs_usd = np.asarray(ml.scaled_cost_usd(other_cash_costs_usd_per_month, plan_growth, elasticity))
depreciation_usd = np.asarray(ml.scaled_cost_usd(depreciation_usd_per_month, plan_growth, elasticity))

# the network's machines (efficiencies from data/asics.csv; shares an ASSUMPTION)
asics = ml.load_asics().set_index("model")
unknown = sorted(set(network_fleet_models) - set(asics.index))
if unknown or len(network_fleet_models) != len(network_fleet_shares_pct):
    raise ValueError(f"network_fleet_models={network_fleet_models!r}: unknown {unknown} or not one share each; "
                     f"models of data/asics.csv: {list(asics.index)}")
network_fleet = pd.DataFrame({"efficiency_j_per_th": asics.loc[network_fleet_models, "efficiency_j_per_th"].to_numpy(),
                              "hashrate_share": np.asarray(network_fleet_shares_pct) / 100.0}, index=network_fleet_models)

log_returns = pd.read_csv(returns_csv)["log_return"].to_numpy(float) if returns_csv else None
price_model = "bootstrap" if returns_csv else "gbm"
network_base = dict(start_height=start_height, network_hashrate_ehs=network_hashrate_ehs, hashrate_drift_per_year=drift,
                    hashrate_volatility_per_year=hashrate_volatility_per_year, halving_drop=(halving_drop_min, halving_drop_max),
                    recovery_months=recovery_months, fees_per_block_btc=fees_per_block_btc, keep_epochs=False)
price_base = dict(start=start, n_months=n_months, price0_usd=price0_usd, price_model=price_model,
                  price_drift_per_year=price_drift_per_year, price_volatility_per_year=price_volatility_per_year,
                  log_returns=log_returns)
miner_base = dict(miner_hashrate_ehs=miner_plan_ehs, operational_efficiency=operational_efficiency,
                  efficiency_j_per_th=efficiency_j_per_th, power_price_usd_per_kwh=power_price_usd_per_kwh,
                  other_cash_costs_usd_per_month=other_costs_usd, depreciation_usd_per_month=depreciation_usd,
                  policy=policy, start_treasury_btc=start_treasury_btc, start_cash_usd=start_cash_usd)
drift_words = (f"derived: {h_first_ehs:.0f} EH/s on {h_first_date:%d %b %Y} to {h_last_ehs:.0f} EH/s on "
               f"{h_last_date:%d %b %Y}, `data/network_snapshots.csv`" if hashrate_drift_per_year is None else "a parameter")
price_words = f"bootstrap of `{returns_csv}`" if returns_csv else f"GBM, volatility {price_volatility_per_year:.0%} a year"
display(Markdown(
    f"Network trend drift: **{drift:.3f} per year** ({drift_words}); cost elasticity to hashrate {elasticity:.2f}; "
    f"price model: {price_words}; {n_paths:,} paths, seed {seed}."
))

# %% [markdown]
# ## 1. The model, path by path
#
# Between two retargets the difficulty $D$ is fixed, so blocks arrive at the rate $H / (D\,2^{32})$ and
# an epoch of 2,016 blocks lasts $2016 \, D \, 2^{32} / H$ seconds: when hashrate grows, blocks come
# faster than every 600 s. At each retarget Bitcoin Core sets
#
# $$D_{k+1} = D_k \cdot \frac{1209600}{\min(\max(T_k, 302400), 4838400)}$$
#
# (at most $\times 4$, at least $\div 4$), where $T_k$ is the time from the epoch's *first* block to its
# *last*: 2,015 intervals, not 2,016. A network whose hashrate never changes therefore settles where
# 2,015 intervals take two weeks: one block every $\frac{1209600}{2015}$ seconds, a little over 600. The
# halving happens at block 840,000, so each path reaches it on its own date. The trend hashrate $X$
# follows a geometric Brownian motion; after the halving the network dips by a drop drawn uniformly
# between the two parameters and recovers linearly. A miner of hashrate $m$ finds blocks at the rate
# $m / (D\,2^{32})$, so in a month it mines
#
# $$\mathrm{BTC} = \sum_{\mathrm{segments}} \frac{m \, \Delta t}{D \, 2^{32}} \, (s(h) + f) \, e$$
#
# with $s(h)$ the subsidy at the block height (it halves), $f$ the fees per block (they do not) and
# $e$ the operational efficiency: hashrate share $\times$ blocks $\times$ reward $\times$ efficiency.

# %%
res = run_monte_carlo(n_paths, seed, network_kwargs=network_base, **price_base, **miner_base)
net = res.network
halving = net.halving_dates.iloc[0]  # when block 840,000 is mined, one date per path
halving_q05, halving_median, halving_q95 = halving.quantile([0.05, 0.5, 0.95])
q1_days = float(np.diff(month_edges_days)[:3].sum())
q1_blocks_median = float(np.median(net.blocks[:3].sum(axis=0)))
steady_block_time_s, steady_blocks_per_day = ml.protocol.STEADY_BLOCK_TIME_S, ml.protocol.STEADY_BLOCKS_PER_DAY
q1_blocks_steady = steady_blocks_per_day * q1_days
halvings = ml.load_halvings().set_index("start_height")
halving_actual = pd.Timestamp(halvings.loc[840_000, "start_date"])  # block 840,000's date (data/halvings.csv)

# %%
display(Markdown(
    f"Block 840,000 arrives between **{halving_q05:%d %b %Y}** and **{halving_q95:%d %b %Y}** on 90% of paths "
    f"(median {halving_median:%d %b %Y}; it was mined on {halving_actual:%d %b %Y}, `data/halvings.csv`). In Q1 2024 the paths "
    f"mine a median of {q1_blocks_median:,.0f} blocks, against {q1_blocks_steady:,.0f} for a network that does not "
    f"grow (a block every {steady_block_time_s:.2f} s, {steady_blocks_per_day:.2f} a day): the trend adds hashrate "
    f"faster than the difficulty follows."
))

# %% [markdown]
# ## 2. Q1 to Q4 production
#
# The fan chart shows the miner's monthly production: the line is the median path, the bands hold
# 50% and 90% of paths. The halving halves the subsidy in April; the plan doubles the hashrate by
# October.

# %%
fan = fan_chart_data(res.production_btc, months.to_timestamp(), name="production_btc").pivot(
    index="step", columns="quantile", values="production_btc")
fig, ax = plt.subplots()
ax.fill_between(fan.index, fan[0.05], fan[0.95], alpha=0.2, color="C0", label="90% of paths")
ax.fill_between(fan.index, fan[0.25], fan[0.75], alpha=0.4, color="C0", label="50% of paths")
ax.plot(fan.index, fan[0.5], label="median")
ax.axvspan(halving_q05, halving_q95, color="grey", alpha=0.25, label="halving (90% of paths)")
ax.set_ylabel("production [BTC/month]")
ax.set_title("Monthly production across the halving")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=4, fontsize=8, frameon=False)
plt.show()

# %%
q1_btc = quarter_production_paths_btc(res, "2024Q1")
q4_btc = quarter_production_paths_btc(res, "2024Q4")
q1_btc_median, q4_btc_median = float(np.median(q1_btc)), float(np.median(q4_btc))
p_q4_ge_q1 = prob_production_at_least(res, "2024Q1", "2024Q4")
fig, ax = plt.subplots()
ax.hist(q4_btc / q1_btc, bins=60)
ax.axvline(1.0, color="black", lw=1)
ax.set_xlabel("Q4 2024 / Q1 2024 production [-]")
ax.set_ylabel("paths [-]")
ax.set_title("Q4 against Q1 production, per path")
plt.show()

# %%
ratios = (0.8, 0.9, 1.0, 1.1)
table_q = pd.DataFrame({"ratio": ratios,
                        "share": [prob_production_at_least(res, "2024Q1", "2024Q4", ratio=r) for r in ratios]})
display(Markdown(
    f"Each bar counts paths by the ratio of Q4 to Q1 production; right of the line, Q4 beats Q1. Q1 production: "
    f"median **{q1_btc_median:,.0f} BTC**; Q4: median **{q4_btc_median:,.0f} BTC**. Q4 production is at least Q1's on "
    f"**{p_q4_ge_q1:.0%}** of the paths. This is a probability only under the model's assumptions (the trend drift, "
    f"its volatility and the 10-30% dip): the table shows how fast it changes with the bar."
))
display(reader_table(table_q, {"ratio": Col("Q4 production at least", unit="x Q1", fmt=".1f"),
                               "share": Col("Share of paths", percent=True, decimals=0)},
                     caption="Table 1. How the share of paths falls as the bar for Q4 rises."))
headline("p_q4_ge_q1", p_q4_ge_q1 * 100, unit="%", fmt=".0f", label="P(Q4 >= Q1 production), share of paths")

# %% [markdown]
# ## 3. The treasury under a selling policy
#
# Each month the policy sells BTC at the month-end price to pay the **cash** costs - power, other
# cash costs and interest; depreciation is no payment (see `minelib.treasury`). What it does not sell
# stays in the treasury. A path is *depleted* from the first month in which cash, sales and treasury
# together cannot pay the bills.

# %%
fan_t = fan_chart_data(res.treasury["treasury_btc"], months.to_timestamp(), name="treasury_btc").pivot(
    index="step", columns="quantile", values="treasury_btc")
curve = depletion_curve(res)
p_depleted = prob_treasury_depletion(res, depletion_within_months)
p_depleted_horizon = float(curve.iloc[-1])
fig, (ax, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.4))
ax.fill_between(fan_t.index, fan_t[0.05], fan_t[0.95], alpha=0.2, color="C0", label="90% of paths")
ax.fill_between(fan_t.index, fan_t[0.25], fan_t[0.75], alpha=0.4, color="C0", label="50% of paths")
ax.plot(fan_t.index, fan_t[0.5], label="median")
ax.set_ylabel("treasury at month end [BTC]")
ax.set_title(f"Treasury under '{policy}'")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=3, fontsize=8, frameon=False)
ax2.step(curve.index.to_timestamp(), curve.to_numpy(), where="post")
ax2.set_ylim(0, 1)
percent_axis(ax2)
ax2.set_ylabel("paths depleted [%]")
ax2.set_title("Share of paths run dry")
for a in (ax, ax2):
    a.tick_params(axis="x", labelrotation=30)
plt.show()

# %%
display(Markdown(
    f"Left, the BTC held at each month end, from {start_treasury_btc:,.0f} BTC; right, month by month, the share of "
    f"paths on which the policy could no longer pay its cash costs. The treasury runs dry within "
    f"{depletion_within_months} months on **{p_depleted:.0%}** of paths, within {n_months} months on "
    f"{p_depleted_horizon:.0%}."
))
headline("p_treasury_depleted", p_depleted * 100, unit="%", fmt=".0f",
         label=f"P(treasury depleted within {depletion_within_months} months), share of paths")

# %% [markdown]
# ## 4. Breakeven prices: cash for a running fleet, all-in for the accounts
#
# On each path the cost per BTC over a period is the period's cost over the BTC mined; production
# does not depend on the price here, so the price that covers the cost on a share $c$ of paths is
# the $c$-quantile of those costs:
#
# $$P_c = Q_c\left(\frac{\sum_t C_t}{\sum_t B_t}\right)$$
#
# Which cost? CoinShares' **cash cost** is power plus cash SG&A (without stock-based compensation);
# interest is paid in cash, so it counts here too. Its **all-in cost** adds depreciation (and
# stock-based compensation). For a fleet that is already running, the machines' cost is sunk: whether
# the miner keeps mining and whether its treasury lasts depends on the cash cost alone, so the risk
# figure is the cash breakeven. The all-in figure is what published costs per BTC quote (seeds 000 -
# 003) and the price at which the machines also earn back their book value.

# %%
cover = (0.5, 0.75, 0.9, 0.95)
be = pd.DataFrame({
    "q1_cash": breakeven_price_percentiles(res, cover, months="2024Q1", cost="cash"),
    "q4_cash": breakeven_price_percentiles(res, cover, months="2024Q4", cost="cash"),
    "q4_all_in": breakeven_price_percentiles(res, cover, months="2024Q4", cost="all_in"),
})
q1_all_in_median = float(breakeven_price_percentiles(res, (0.5,), months="2024Q1", cost="all_in").iloc[0])
q4_cash_p90 = float(be.loc[0.9, "q4_cash"])
q4_all_in_median = float(be.loc[0.5, "q4_all_in"])
q4_all_in_p90 = float(be.loc[0.9, "q4_all_in"])
be.index = [f"{c:.0%}" for c in be.index]
display(reader_table(be, {"q1_cash": Col("Q1 2024, cash", "USD/BTC", fmt=",.0f"),
                          "q4_cash": Col("Q4 2024, cash", "USD/BTC", fmt=",.0f"),
                          "q4_all_in": Col("Q4 2024, all-in", "USD/BTC", fmt=",.0f")},
                     index="Paths covered", caption="Table 2. The BTC price that covers the cost per BTC."))

# %%
display(Markdown(
    f"In Q1 the median all-in cost is \\${q1_all_in_median:,.0f} per BTC (seed 000 puts CleanSpark near \\$45,000; "
    f"section 5 explains the gap). After the halving, a price of **\\${q4_cash_p90:,.0f}** covers the Q4 cash cost on "
    f"90% of paths; the all-in cost, with depreciation, needs \\${q4_all_in_p90:,.0f} on 90% of paths and "
    f"\\${q4_all_in_median:,.0f} on half of them."
))
headline("cash_breakeven_price_q4_p90", q4_cash_p90, unit="USD/BTC", fmt=",.0f",
         label="Q4 cash breakeven price (CoinShares cash cost + interest), 90% of paths")
headline("all_in_breakeven_price_q4_median", q4_all_in_median, unit="USD/BTC", fmt=",.0f",
         label="Q4 all-in (CoinShares) breakeven price, median of paths")

# %% [markdown]
# ## 5. Why notebook 02 says less: one assumption at a time
#
# Notebook 02 puts CleanSpark's Q4 all-in breakeven well below this notebook's median, on a flat
# network and lower still if the network falls 20%. Both describe seed 000's case, but not under the
# same assumptions. The table walks from one to the other, changing one assumption per row
# and keeping the earlier changes (the order matters, because the changes interact):
#
# 1. notebook 02's arithmetic: seed 000's Q1 all-in cost ("approximately \$45,000 per BTC") split into lines by assumed
#    shares, each grown with the fleet at seed 000's "+70%" / "+20%", over Q4 production at a network
#    of seed 000's Q1 hashrate (the `network_hashrate_ehs` parameter) and the seed's 144 blocks a day;
# 2. the same costs in this Monte Carlo on a network that does not move: blocks at the protocol's steady rate
#    (`ml.protocol.STEADY_BLOCKS_PER_DAY`, section 1) and Q4's calendar days (both costs and production
#    run per day, so the days cancel);
# 3. this notebook's cost inputs instead: power from the fleet's J/TH and the power price, other cash
#    costs and depreciation per month;
# 4. the network's trend: the drift of section 1, without volatility or dip (the *mean* path);
# 5. the post-halving dip of 10-30%;
# 6. the trend's volatility: the median of all paths, the figure of section 4.

# %%
# notebook 02's Q4 cost lines from the seed-000 case (minelib.halving.q4_cost_stack_usd_per_btc, as notebook 02)
nb02_lines = ["power", "other_cost_of_revenue", "cash_sga", "depreciation"]
nb02_growth = q4_miner_hashrate_ehs / q1_miner_hashrate_ehs - 1.0
nb02_k = np.asarray(ml.cost_elasticity(np.asarray(nb02_cost_growth_pct) / 100.0, nb02_growth))
nb02_stack = ml.q4_cost_stack_usd_per_btc(
    [0.0, nb02_network_change_pct / 100.0], q1_all_in_cost_usd_per_btc=nb02_q1_all_in_cost_usd_per_btc,
    cost_shares=dict(zip(nb02_lines, np.asarray(nb02_cost_shares_pct) / 100.0)),
    cost_elasticities=dict(zip(nb02_lines, nb02_k)), **ml.halving.SEED_000)
nb02_flat_usd, nb02_scenario_usd = nb02_stack["all_in_cost"].to_numpy()

# the same lines as daily rates in the Monte Carlo (power enters as a cash line, so no power price)
q_days = float(ml.days_in_quarter(ml.halving.SEED_000.q4_quarter))
nb02_q4_usd = nb02_stack.iloc[0] * nb02_stack["q4_btc"].iloc[0]  # Q4 cost lines on the flat network [USD]
nb02_cash_usd_per_month = float(nb02_q4_usd["cash_cost"]) / q_days * np.diff(month_edges_days)
nb02_dep_usd_per_month = float(nb02_q4_usd["depreciation"]) / q_days * np.diff(month_edges_days)
still = dict(network_base, hashrate_drift_per_year=0.0, hashrate_volatility_per_year=0.0, halving_drop=(0.0, 0.0))
trend = dict(still, hashrate_drift_per_year=drift)
dipped = dict(trend, halving_drop=(halving_drop_min, halving_drop_max))
nb02_miner = dict(miner_base, power_price_usd_per_kwh=0.0, other_cash_costs_usd_per_month=nb02_cash_usd_per_month,
                  depreciation_usd_per_month=nb02_dep_usd_per_month)
steps = [
    ("1. Notebook 02, flat network", nb02_flat_usd),
    ("2. Same costs in the Monte Carlo", run_monte_carlo(1, seed, network_kwargs=still, **price_base, **nb02_miner)),
    ("3. This notebook's costs", run_monte_carlo(1, seed, network_kwargs=still, **price_base, **miner_base)),
    (f"4. Network trend {drift:+.1%}/year", run_monte_carlo(1, seed, network_kwargs=trend, **price_base, **miner_base)),
    (f"5. Halving dip {halving_drop_min:.0%}-{halving_drop_max:.0%}", run_monte_carlo(n_paths, seed, network_kwargs=dipped, **price_base, **miner_base)),
    (f"6. Volatility {hashrate_volatility_per_year:.0%}/year", res),
]
bridge = breakeven_bridge(steps, "2024Q4")
bridge_cash = breakeven_bridge(steps[1:], "2024Q4", cost="cash")
table_bridge = bridge.assign(cash_usd=bridge_cash["breakeven_usd"].reindex(bridge.index))
step_change = bridge["change"].iloc[1:]
cost_step, trend_step = float(step_change.iloc[1]), float(step_change.iloc[2])
nb02_in_mc_usd = float(bridge["breakeven_usd"].iloc[1])
mc_total = float(bridge["breakeven_usd"].iloc[-1] / bridge["breakeven_usd"].iloc[0] - 1.0)
nb02_drop_pct = -nb02_network_change_pct
q4_network_mean_ehs = float(steps[3][1].network.network_hashrate_ehs[9:12].mean())  # step 4: the trend alone

# %%
display(reader_table(table_bridge, {"breakeven_usd": Col("Q4 all-in breakeven", "USD/BTC", fmt=",.0f"),
                                    "change": Col("Change", percent=True, sign=True),
                                    "cash_usd": Col("Q4 cash breakeven", "USD/BTC", fmt=",.0f")},
                     index="Step", caption="Table 3. From notebook 02's Q4 all-in breakeven to this notebook's, "
                                           "one assumption at a time (median of paths)."))
display(Markdown(
    f"The two notebooks agree where their assumptions agree: notebook 02's \\${nb02_flat_usd:,.0f} becomes "
    f"\\${nb02_in_mc_usd:,.0f} in this Monte Carlo on the same flat network. The gap of "
    f"{mc_total:+.0%} comes from two assumptions. This notebook's cost inputs are {cost_step:+.1%} dearer than notebook "
    f"02's (its power bill follows {efficiency_j_per_th:g} J/TH for the whole fleet, where seed 000's \"+70%\" operating costs for +95% "
    f"hashrate imply newer machines, see section 6). And its network is not flat: the trend derived from the data "
    f"takes Q4's network to about {q4_network_mean_ehs:,.0f} EH/s on the mean path, {trend_step:+.1%} on the breakeven. "
    f"The dip and the volatility move it little, and down: the dip has recovered by Q4, and the median path grows at "
    f"$\\mu - \\sigma^2/2$, slower than the mean. Notebook 02's \\${nb02_scenario_usd:,.0f} assumes a network "
    f"{nb02_drop_pct:.0f}% *smaller* than Q1's, where this model's trend makes it larger: it is a scenario "
    f"this model gives little weight."
))

# %% [markdown]
# ## 6. What a risk analyst would add
#
# Each option below is off in the base case and changes one thing; the table compares the headline
# numbers. They are what-ifs under stated assumptions, not forecasts.
#
# * **Fees per block.** Fees do not halve: at $f$ BTC a block the Q4/Q1 reward per block is
#   $(3.125 + f) / (6.25 + f)$, more than one half.
# * **PUE.** A site draws more than its machines: power $= 24\,\epsilon\,p \cdot \mathrm{PUE}$ per PH/s and day.
# * **A fleet that improves as it grows.** The machines CleanSpark adds come at a new efficiency; the
#   fleet's J/TH is the hashrate-weighted mix $\epsilon_t = \sum_v h_{v,t} \epsilon_v / \sum_v h_{v,t}$.
# * **Correlated shocks.** The price's and the network trend's Brownian shocks have a correlation
#   $\rho$: $dW_h = \rho\, dW_p + \sqrt{1 - \rho^2}\, dW_\perp$.
# * **Hashrate that responds to hashprice.** The network's installed machines switch off when the
#   hashprice $h$ falls below their power cost and come back when it covers it, with a lag $\tau$:
#   the hashing share $a$ follows the share above water $a^*(h)$ as $\dot a = (a^* - a)/\tau$. The
#   seed's "dips 10-30% shortly after each halving, as unprofitable miners shut down" then follows
#   from the economics instead of being drawn; the trend is the installed hashrate, and what it adds
#   are new machines.

# %%
hashprice_pre_usd = float(ml.hashprice_usd_per_ph_day_from_difficulty(
    price0_usd, ml.difficulty_from_hashrate(network_hashrate_ehs, ml.protocol.STEADY_BLOCK_TIME_S), 6.25))
under_water = pd.Series(ml.share_unprofitable(network_fleet, np.array([hashprice_pre_usd, hashprice_pre_usd / 2]),
                                              network_power_price_usd_per_kwh), index=["before", "after"])
hashprice_post_usd = hashprice_pre_usd / 2
share_under_water_after = float(under_water["after"])
dip_words = "inside" if halving_drop_min <= share_under_water_after <= halving_drop_max else "outside"
fleet_table = network_fleet.assign(
    shutdown_usd_per_ph_day=ml.breakeven_hashprice_usd_per_ph_day(network_fleet["efficiency_j_per_th"],
                                                                  network_power_price_usd_per_kwh))
display(reader_table(fleet_table, {"efficiency_j_per_th": Col("Efficiency", "J/TH", fmt=".1f"),
                                   "hashrate_share": Col("Share of hashrate", percent=True, decimals=0),
                                   "shutdown_usd_per_ph_day": Col("Shutdown hashprice", "USD/PH/day", fmt=",.2f")},
                     index="Machine", caption=f"Table 4. The network's machines at ${network_power_price_usd_per_kwh:.2f}/kWh "
                                              "(shares: an ASSUMPTION; efficiencies: data/asics.csv)."))
display(Markdown(
    f"At the start the hashprice is \\${hashprice_pre_usd:,.2f} per PH/s per day; the halving halves it, with the same "
    f"price and difficulty, to \\${hashprice_post_usd:,.2f}, where {share_under_water_after:.0%} of this fleet is under "
    f"water - {dip_words} seed 000's {halving_drop_min:.0%}-{halving_drop_max:.0%}. No seed gives the network's mix: "
    f"the shares are an assumption."
))

# %%
respond = dict(network_base, halving_drop=(0.0, 0.0), shutdown_fleet=network_fleet,
               shutdown_power_price_usd_per_kwh=network_power_price_usd_per_kwh, shutdown_lag_days=shutdown_lag_days,
               shutdown_new_machine_efficiency_j_per_th=new_machine_efficiency_j_per_th, keep_epochs=True)
label_correlated = f"Correlation {price_hashrate_correlation:+g}"
label_responding = "Hashrate responds to hashprice"
label_mix = f"New machines at {new_machine_efficiency_j_per_th:g} J/TH"
options = {
    "Base case": res,
    f"Fees {fees_what_if_btc_per_block:g} BTC/block": run_monte_carlo(
        n_paths, seed, network_kwargs=dict(network_base, fees_per_block_btc=fees_what_if_btc_per_block), **price_base, **miner_base),
    # the base case's network and price paths (same seed and arguments), another miner on them
    f"PUE {pue_what_if:g}": simulate_miner_paths(res.network, res.price_usd, **dict(miner_base, pue=pue_what_if)),
    label_mix: simulate_miner_paths(
        res.network, res.price_usd, **dict(miner_base, new_machine_efficiency_j_per_th=new_machine_efficiency_j_per_th)),
    label_correlated: run_monte_carlo(
        n_paths, seed, network_kwargs=network_base, price_hashrate_correlation=price_hashrate_correlation,
        **price_base, **miner_base),
    label_responding: run_monte_carlo(n_paths, seed, network_kwargs=respond, **price_base, **miner_base),
}
table_options = pd.DataFrame({
    "p_q4_ge_q1": {k: prob_production_at_least(r, "2024Q1", "2024Q4") for k, r in options.items()},
    "p_dry": {k: prob_treasury_depletion(r, depletion_within_months) for k, r in options.items()},
    "cash_p90": {k: float(breakeven_price_percentiles(r, (0.9,), months="2024Q4", cost="cash").iloc[0])
                 for k, r in options.items()},
    "all_in_median": {k: float(breakeven_price_percentiles(r, (0.5,), months="2024Q4").iloc[0]) for k, r in options.items()},
})
mix_q4_j_per_th = float(options[label_mix].efficiency_j_per_th[9:12].mean())
pue_overhead = pue_what_if - 1.0
seed_power_j_per_th = efficiency_j_per_th * (1 + cost_growth_pct / 100) * q1_miner_hashrate_ehs / q4_miner_hashrate_ehs
responding = options[label_responding].network
p_dry_correlated = prob_treasury_depletion(options[label_correlated], depletion_within_months)
p_q4_ge_q1_responding = prob_production_at_least(options[label_responding], "2024Q1", "2024Q4")
price_median_q4 = float(np.median(res.price_usd[np.flatnonzero(months == pd.Period("2024-12", "M"))[0]]))

# %%
display(reader_table(table_options, {
    "p_q4_ge_q1": Col("P(Q4 ≥ Q1)", percent=True, decimals=0),
    "p_dry": Col(f"P(treasury dry within {depletion_within_months} months)", percent=True, decimals=0),
    "cash_p90": Col("Q4 cash breakeven, 90% of paths", "USD/BTC", fmt=",.0f"),
    "all_in_median": Col("Q4 all-in breakeven, median", "USD/BTC", fmt=",.0f")},
    index="Option", caption="Table 5. The headline numbers under each option, one at a time (shares of paths)."))
fig, ax = plt.subplots()
for label, n, color in (("seed's dip (base case)", net, "C0"), ("machines respond to hashprice", responding, "C3")):
    q = np.quantile(n.network_hashrate_ehs, [0.05, 0.5, 0.95], axis=1)
    ax.fill_between(months.to_timestamp(), q[0], q[2], alpha=0.15, color=color)
    ax.plot(months.to_timestamp(), q[1], color=color, label=f"{label}: median, 90% band")
ax.set_ylabel("network hashrate, monthly mean [EH/s]")
ax.set_title("The network after the halving: a drawn dip or an economic one")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=8, frameon=False)
plt.show()

# %%
display(Markdown(
    f"Fees help the BTC count and every breakeven; a PUE of {pue_what_if:g} raises the power bill by "
    f"{pue_overhead:.0%}. If CleanSpark's new machines run at {new_machine_efficiency_j_per_th:g} J/TH, its Q4 fleet "
    f"averages {mix_q4_j_per_th:.1f} J/TH; had its power grown like seed 000's \"Operating costs: +70%\" for +95% "
    f"hashrate, as notebook 02 assumes, the Q4 fleet would average {seed_power_j_per_th:.1f} J/TH: the seed's cost growth "
    f"already assumes such machines. A correlation of {price_hashrate_correlation:+g} leaves the BTC counts as they were "
    f"(each path's network is as likely as before) and pairs a growing network with a rising price: the treasury runs "
    f"dry on {p_dry_correlated:.0%} of paths instead of {p_depleted:.0%}. The response is the largest change. With a "
    f"driftless price the median price path falls (to \\${price_median_q4:,.0f} by the end of Q4: a GBM's median grows "
    f"at $\\mu - \\sigma^2/2$), the hashprice with it, and the network's older machines leave, so the *hashing* network "
    f"grows slower than the installed trend (the chart) and Q4 production beats Q1's on {p_q4_ge_q1_responding:.0%} of "
    f"paths. The drift was estimated from the hashing network of 2024-2026, so with this option it understates installed "
    f"growth: read the row as a mechanism, not a calibrated forecast."
))

# %% [markdown]
# ## 7. How likely is a loss? A probability, not a share of a grid
#
# A margin sweep over a grid of prices, network hashrates, efficiencies and power prices shows where
# mining loses money. The share of the grid's points with a loss, however, depends only on where the
# grid's edges were drawn: it is **not a probability**. A probability needs a distribution, and the
# Monte Carlo has one for price and network hashrate (efficiency and power price describe a fleet, not
# an uncertainty). For 1 PH/s of a running fleet - machines sunk, so a **cash** margin, here its power
# bill, the margin that decides whether a machine runs - the probability of a loss over Q4 is the share
# of paths on which
#
# $$\sum_{j \in Q4} S_j \, h_j \, d_j < 24\,\epsilon\,p \sum_{j \in Q4} d_j$$
#
# with $h_j$ the month's hashprice in BTC at the path's difficulty, $S_j$ the price and $d_j$ the days.

# %%
axes = dict(
    btc_price_usd=np.linspace(30_000, 150_000, sweep_points_per_axis),
    network_hashrate_ehs=np.linspace(500, 1_500, sweep_points_per_axis),
    efficiency_j_per_th=np.linspace(12, 40, sweep_points_per_axis),
    power_price_usd_per_kwh=np.linspace(0.02, 0.10, sweep_points_per_axis),
)
n_grid = int(np.prod([len(v) for v in axes.values()]))
cluster = client = scheduler = None
if use_dask:
    from distributed import Client, LocalCluster
    if dask_scheduler:
        client = Client(dask_scheduler)
    else:
        cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0")
        client = Client(cluster)
    scheduler = client
try:  # a cash margin: no depreciation on machines whose cost is sunk
    summary = sweep("margin", reduce=True, quantiles=(0.05, 0.5, 0.95), scheduler=scheduler, block_subsidy_btc=3.125,
                    machine_cost_usd_per_th=0.0, operational_efficiency=operational_efficiency, **axes)
finally:
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()
grid_share_negative = float(summary.loc["margin_usd_per_ph_day", "share_below"])

fleet_e = np.linspace(12, 40, margin_grid_points_per_axis)
fleet_p = np.linspace(0.02, 0.10, margin_grid_points_per_axis)
p_loss = pd.DataFrame(prob_negative_cash_margin(res, fleet_e[:, None], fleet_p[None, :], months="2024Q4"),
                      index=fleet_e, columns=fleet_p)
p_loss_fleet = float(prob_negative_cash_margin(res, efficiency_j_per_th, power_price_usd_per_kwh, months="2024Q4"))

# %%
fig, ax = plt.subplots()
im = ax.pcolormesh(fleet_p * 100, fleet_e, p_loss.to_numpy(), cmap="rocket_r", vmin=0, vmax=1, shading="nearest")
cs = ax.contour(fleet_p * 100, fleet_e, p_loss.to_numpy(), levels=[0.1, 0.5, 0.9], colors="white", linewidths=0.8)
ax.clabel(cs, fmt=lambda v: f"{v:.0%}", fontsize=8)
ax.plot([power_price_usd_per_kwh * 100], [efficiency_j_per_th], "o", color="C0", label="this notebook's fleet")
fig.colorbar(im, ax=ax, label="P(cash loss over Q4 2024) [-]")
ax.set_xlabel("power price [US cents/kWh]")
ax.set_ylabel("fleet efficiency [J/TH]")
ax.set_title("Probability of a cash loss in Q4 2024, per fleet")
ax.legend(loc="lower left", fontsize=8)
plt.show()

# %%
display(Markdown(
    f"The map gives, for each fleet efficiency and power price, the share of the model's paths on which 1 PH/s loses "
    f"cash over Q4 2024; the lines mark 10%, 50% and 90%. This notebook's fleet ({efficiency_j_per_th:g} J/TH at "
    f"\\${power_price_usd_per_kwh:.3f}/kWh) loses cash on **{p_loss_fleet:.0%}** of the paths. For comparison, "
    f"{grid_share_negative:.0%} of the {n_grid:,} points of the uniform sweep grid have a negative cash margin - a number "
    f"that moves with the grid's edges and says nothing about how likely a loss is."
))
display(reader_table(summary.loc[["margin_usd_per_ph_day"]], {
    "min": Col("Minimum", "USD/PH/day", fmt=",.2f"), "q0.05": Col("5th percentile", "USD/PH/day", fmt=",.2f"),
    "q0.5": Col("Median", "USD/PH/day", fmt=",.2f"), "q0.95": Col("95th percentile", "USD/PH/day", fmt=",.2f"),
    "max": Col("Maximum", "USD/PH/day", fmt=",.2f")}, index=False,
    caption=f"Table 6. The cash margin over the {n_grid:,} points of the sweep grid (a grid, not a distribution)."))
headline("p_negative_cash_margin_q4", p_loss_fleet * 100, unit="%", fmt=".0f",
         label=f"P(cash loss in Q4 2024), {efficiency_j_per_th:g} J/TH at ${power_price_usd_per_kwh:.3f}/kWh, share of paths")

# %% [markdown]
# ## Reading
#
# Every probability here is a share of simulated paths, so it holds only under the model's assumptions:
# the network's drift (derived from two data points), its volatility, the 10-30% dip and its recovery,
# the price's volatility and the cost inputs, each marked in the parameters cell. The reconciliation of
# section 5 shows which of them carry the breakeven: the cost inputs and the network's trend, far more
# than the randomness around them. Section 6 shows that the dynamics a risk analyst adds move some
# answers a great deal (machines that respond to hashprice) and others hardly at all (correlation, for
# the BTC counts). Change the parameters, or raise `n_paths`, to see how sensitive each answer is; the
# seed makes every run reproducible.
