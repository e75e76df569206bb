# %% [markdown]
# # Uncertainty: Q1 to Q4 production and the treasury across the halving
#
# Seed `000_abd4e67359fd40a7.txt` argues that a miner growing as fast as CleanSpark (16.4 to
# 32 EH/s) can mine as many BTC in Q4 2024 as in Q1 despite the April halving, "if total network
# hash rate drops just 5%", and notes that hashrate "dips 10-30% shortly after each halving"
# before recovering. A single scenario cannot say how *likely* that is. This notebook simulates
# thousands of paths of network hashrate, difficulty (retargeted every 2,016 blocks as the protocol
# does) and BTC price, and asks: how often is Q4 production at least Q1's? How often does a
# sell-to-cover treasury run dry? Which BTC price covers the all-in cost on 90% of paths? A
# large parameter sweep closes with the share of scenarios in which mining loses money.

# %% tags=["parameters"]
n_paths: int = 2000  # Monte Carlo paths [-]
seed: int = 2024  # seed of numpy.random.default_rng; same seed -> same numbers [-]
start: str = "2024-01-01"  # simulation start, time 0 [date]
n_months: int = 24  # horizon [months]
start_height: int = 824160  # block height at start: 840,000 - 110 days x 144 blocks/day (derived) [blocks]
network_hashrate_ehs: float = 566.0  # network hashrate at start ("566 EH/s", seed 000) [EH/s]
hashrate_drift_per_year: float | None = None  # trend drift; None -> derived from data/network_snapshots.csv [1/year]
hashrate_volatility_per_year: float = 0.25  # trend volatility (assumption) [1/sqrt(year)]
halving_drop_min: float = 0.10  # smallest post-halving hashrate drop ("10-30%", seed 000) [fraction]
halving_drop_max: float = 0.30  # largest post-halving hashrate drop ("10-30%", seed 000) [fraction]
recovery_months: float = 6.0  # months for the dip to recover to the trend (assumption) [months]
q1_miner_hashrate_ehs: float = 16.4  # CleanSpark hashrate through Q1 ("16.4 EH", seed 000) [EH/s]
q4_miner_hashrate_ehs: float = 32.0  # CleanSpark hashrate from Q4 on ("32 EH by year-end", seed 000) [EH/s]
operational_efficiency: float = 0.86  # captured share of the expected reward ("86%", seed 000) [fraction]
fees_per_block_btc: float = 0.0  # mean fees per block (seed 000 counts subsidy only) [BTC/block]
price0_usd: float = 70000.0  # BTC price at start (assumption) [USD/BTC]
price_drift_per_year: float = 0.0  # GBM drift (assumption: no view on direction) [1/year]
price_volatility_per_year: float = 0.6  # GBM volatility (assumption) [1/sqrt(year)]
returns_csv: str = ""  # CSV with a column log_return of monthly log returns to bootstrap; "" -> GBM [-]
efficiency_j_per_th: float = 25.0  # fleet efficiency (assumption) [J/TH]
power_price_usd_per_kwh: float = 0.045  # all-in power price (assumption) [USD/kWh]
other_cash_costs_usd_per_month: float = 6000000.0  # opex + G&A besides power at 16.4 EH/s (assumption) [USD/month]
depreciation_usd_per_month: float = 11000000.0  # depreciation at 16.4 EH/s (assumption) [USD/month]
cost_growth_pct: float = 70.0  # cost growth when hashrate grows +95% ("+70%", seed 000) [%]
policy: str = "sell_to_cover"  # selling policy: sell_all, hold, sell_to_cover, fixed_fraction [-]
start_treasury_btc: float = 1000.0  # BTC held at start (assumption) [BTC]
start_cash_usd: float = 0.0  # cash held at start [USD]
depletion_within_months: int = 12  # horizon of the depletion probability [months]
sweep_points_per_axis: int = 40  # grid points per axis of the sensitivity sweep (4 axes) [-]
use_dask: bool = False  # run the sweep on Dask (a local 2-worker cluster unless dask_scheduler is set) [-]
dask_scheduler: str = ""  # Dask scheduler address, e.g. "tcp://10.0.0.5:8786" [-]

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import minelib as ml
from minelib.montecarlo import (
    breakeven_price_percentiles, depletion_curve, fan_chart_data, month_grid, prob_production_at_least,
    prob_treasury_depletion, quarter_production_paths_btc, run_monte_carlo,
)
from minelib.sweep import sweep
from minelib.plotting import use_house_style, usd_axis, percent_axis
from minelib.reports import headline

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
for _name, _value, _lo in (("n_paths", n_paths, 1), ("n_months", n_months, 12), ("sweep_points_per_axis", sweep_points_per_axis, 2),
                           ("depletion_within_months", depletion_within_months, 1)):
    if not isinstance(_value, int) or _value < _lo:
        raise ValueError(f"{_name}={_value!r} must be a whole number >= {_lo} [-]")
if depletion_within_months > n_months:
    raise ValueError(f"depletion_within_months={depletion_within_months!r} exceeds n_months={n_months!r} [months]")
if not 0 <= halving_drop_min <= halving_drop_max < 1:
    raise ValueError(f"halving_drop_min={halving_drop_min!r}, halving_drop_max={halving_drop_max!r}: "
                     "expected 0 <= min <= max < 1 [fraction]")
if not 0 < q1_miner_hashrate_ehs <= q4_miner_hashrate_ehs < network_hashrate_ehs:
    raise ValueError(f"q1_miner_hashrate_ehs={q1_miner_hashrate_ehs!r} and q4_miner_hashrate_ehs={q4_miner_hashrate_ehs!r} "
                     f"must satisfy 0 < Q1 <= Q4 < network_hashrate_ehs={network_hashrate_ehs!r} [EH/s]")
if cost_growth_pct < 0:
    raise ValueError(f"cost_growth_pct={cost_growth_pct!r} must be >= 0 [%]")

# hashrate drift from the shipped data: the two point estimates (not peaks or troughs)
snap = ml.load_network_snapshots()
points = snap[(snap["metric"] == "hashrate_ehs") & (snap["basis"] == "point")].sort_values("date")
h_first, h_last = points.iloc[0], points.iloc[-1]
years_between = (h_last["date"] - h_first["date"]).days / 365.25
drift_from_data = float(np.log(h_last["value"] / h_first["value"]) / years_between)
drift = drift_from_data if hashrate_drift_per_year is None else float(hashrate_drift_per_year)

# the miner's plan: Q1 hashrate through March, a straight line to the Q4 level by October, then flat
months, _ = month_grid(start, n_months)
m_idx = np.arange(n_months)
q1_end = int(np.flatnonzero(months == pd.Period("2024-03", "M"))[0]) if pd.Period("2024-03", "M") in months else 2
miner_plan_ehs = np.interp(m_idx, [q1_end, q1_end + 7], [q1_miner_hashrate_ehs, q4_miner_hashrate_ehs])
# costs grow with hashrate at seed 000's elasticity (+70 % for +95 %)
elasticity = float(ml.cost_elasticity(cost_growth_pct / 100.0, 0.95))
growth = miner_plan_ehs / q1_miner_hashrate_ehs - 1.0
other_costs = np.asarray(ml.scaled_cost_usd(other_cash_costs_usd_per_month, growth, elasticity))
depreciation = np.asarray(ml.scaled_cost_usd(depreciation_usd_per_month, growth, elasticity))

log_returns = None
if returns_csv:
    log_returns = pd.read_csv(returns_csv)["log_return"].to_numpy(float)

display(Markdown(
    f"Network hashrate drift: **{drift:.3f} per year** "
    + (f"(derived: {h_first['value']:.0f} EH/s on {h_first['date']:%Y-%m-%d} to {h_last['value']:.0f} EH/s on "
       f"{h_last['date']:%Y-%m-%d}, `data/network_snapshots.csv`)" if hashrate_drift_per_year is None else "(parameter)")
    + f"; cost elasticity to hashrate {elasticity:.2f}; price model: "
    + ("bootstrap of `" + returns_csv + "`" if returns_csv else f"GBM, volatility {price_volatility_per_year:.0%} per year")
    + f"; {n_paths:,} paths, seed {seed}."
))

# %% [markdown]
# ## 1. The model, path by path
#
# Between two retargets the difficulty $D$ is fixed, so blocks arrive at the rate $H / (D\,2^{32})$
# and an epoch of 2,016 blocks lasts
#
# $$T_k = \frac{2016 \, D_k \, 2^{32}}{H_k}$$
#
# seconds: when hashrate grows, blocks come faster than every 600 s. At each retarget the
# protocol sets
#
# $$D_{k+1} = D_k \cdot \frac{1209600}{\min(\max(T_k, 302400), 4838400)}$$
#
# (at most $\times 4$, at least $\div 4$). The halving happens at block 840,000, so each path
# reaches it on its own date. The trend hashrate follows a geometric Brownian motion; after the
# halving it dips by a drop drawn uniformly between the two parameters and recovers linearly.
# A miner of hashrate $m$ finds blocks at the rate $m / (D\,2^{32})$, so in a month it mines
#
# $$\mathrm{BTC} = \sum_{\mathrm{segments}} \frac{m \, \Delta t}{D \, 2^{32}} \, (s(h) + f) \, e$$
#
# with $s(h)$ the subsidy at the block height, $f$ the fees and $e$ the operational efficiency:
# hashrate share $\times$ blocks $\times$ reward $\times$ efficiency.

# %%
res = run_monte_carlo(
    n_paths, seed, start=start, n_months=n_months, price0_usd=price0_usd,
    price_model="bootstrap" if returns_csv else "gbm", price_drift_per_year=price_drift_per_year,
    price_volatility_per_year=price_volatility_per_year, log_returns=log_returns,
    network_kwargs=dict(start_height=start_height, network_hashrate_ehs=network_hashrate_ehs,
                        hashrate_drift_per_year=drift, hashrate_volatility_per_year=hashrate_volatility_per_year,
                        halving_drop=(halving_drop_min, halving_drop_max), recovery_months=recovery_months,
                        fees_per_block_btc=fees_per_block_btc, keep_epochs=False),
    miner_hashrate_ehs=miner_plan_ehs, operational_efficiency=operational_efficiency,
    efficiency_j_per_th=efficiency_j_per_th, power_price_usd_per_kwh=power_price_usd_per_kwh,
    other_cash_costs_usd_per_month=other_costs, depreciation_usd_per_month=depreciation,
    policy=policy, start_treasury_btc=start_treasury_btc, start_cash_usd=start_cash_usd,
)
net = res.network
halving = net.halving_dates.iloc[0]  # the 840,000 block, one date per path
q_dates = halving.quantile([0.05, 0.5, 0.95])
display(Markdown(
    f"Block 840,000 arrives between **{q_dates.iloc[0]:%d %b %Y}** and **{q_dates.iloc[2]:%d %b %Y}** on 90% of paths "
    f"(median {q_dates.iloc[1]:%d %b %Y}; it was mined on 20 Apr 2024, `data/halvings.csv`). "
    f"Blocks mined in Q1 2024: median {np.median(net.blocks[:3].sum(0)):,.0f} against 13,104 at 144 a day."
))

# %% [markdown]
# ## 2. Q1 to Q4 production
#
# The fan chart shows the miner's monthly production: the line is the median path, the bands hold
# 50% and 90% of paths. The halving halves the subsidy in April; the plan doubles the hashrate by
# October.

# %%
fan = fan_chart_data(res.production_btc, months.to_timestamp(), quantiles=(0.05, 0.25, 0.5, 0.75, 0.95),
                     name="production_btc").pivot(index="step", columns="quantile", values="production_btc")
fig, ax = plt.subplots()
ax.fill_between(fan.index, fan[0.05], fan[0.95], alpha=0.2, color="C0", label="90% of paths")
ax.fill_between(fan.index, fan[0.25], fan[0.75], alpha=0.4, color="C0", label="50% of paths")
ax.plot(fan.index, fan[0.5], label="median")
ax.axvspan(q_dates.iloc[0], q_dates.iloc[2], color="grey", alpha=0.25, label="halving (90% of paths)")
ax.set_xlabel("month")
ax.set_ylabel("production [BTC/month]")
ax.set_title("Monthly production across the halving")
ax.legend(loc="upper right")
plt.show()

# %%
q1 = quarter_production_paths_btc(res, "2024Q1")
q4 = quarter_production_paths_btc(res, "2024Q4")
ratio = q4 / q1
p_q4_ge_q1 = prob_production_at_least(res, "2024Q1", "2024Q4")
fig, ax = plt.subplots()
ax.hist(ratio, bins=60)
ax.axvline(1.0, color="black", lw=1)
ax.set_xlabel("Q4 2024 / Q1 2024 production [-]")
ax.set_ylabel("paths [-]")
ax.set_title("Q4 against Q1 production, per path")
plt.show()
display(Markdown(
    f"Each bar counts paths by the ratio of Q4 to Q1 production; right of the line, Q4 beats Q1. "
    f"Q1 production: median **{np.median(q1):,.0f} BTC**; Q4: median **{np.median(q4):,.0f} BTC**. "
    f"Q4 production is at least Q1's on **{p_q4_ge_q1:.0%}** of paths."
))
headline("p_q4_ge_q1", p_q4_ge_q1 * 100, unit="%", fmt=".0f", label="P(Q4 >= Q1 production)")

# %%
rows = []
for r in (0.8, 0.9, 1.0, 1.1):
    rows.append({"Q4 at least [x Q1]": r, "probability": prob_production_at_least(res, "2024Q1", "2024Q4", ratio=r)})
table_q = pd.DataFrame(rows)
display(Markdown("**Probability that Q4 production reaches a multiple of Q1's**"))
display(table_q.style.format({"Q4 at least [x Q1]": "{:.1f}", "probability": "{:.0%}"}).hide(axis="index"))

# %% [markdown]
# ## 3. The treasury under a selling policy
#
# Each month the policy sells BTC at the month-end price to pay power and other cash costs (see
# `minelib.treasury`); what it does not sell stays in the treasury. A path is *depleted* from the
# first month in which cash, sales and treasury together cannot pay the bills.

# %%
tre = res.treasury["treasury_btc"]
fan_t = fan_chart_data(tre, months.to_timestamp(), name="treasury_btc").pivot(index="step", columns="quantile", values="treasury_btc")
fig, ax = plt.subplots()
ax.fill_between(fan_t.index, fan_t[0.05], fan_t[0.95], alpha=0.2, color="C0", label="90% of paths")
ax.fill_between(fan_t.index, fan_t[0.25], fan_t[0.75], alpha=0.4, color="C0", label="50% of paths")
ax.plot(fan_t.index, fan_t[0.5], label="median")
ax.set_xlabel("month")
ax.set_ylabel("treasury at month end [BTC]")
ax.set_title(f"Treasury under '{policy}'")
ax.legend(loc="upper left")
plt.show()
curve = depletion_curve(res)
p_dep = prob_treasury_depletion(res, depletion_within_months)
display(Markdown(
    f"The bands show the BTC held at each month end, starting from {start_treasury_btc:,.0f} BTC. "
    f"Probability that the treasury runs dry within {depletion_within_months} months: **{p_dep:.0%}**; "
    f"within {n_months} months: **{curve.iloc[-1]:.0%}**."
))
headline("p_treasury_depleted", p_dep * 100, unit="%", fmt=".0f",
         label=f"P(treasury depleted within {depletion_within_months} months)")

# %%
fig, ax = plt.subplots()
ax.step(curve.index.to_timestamp(), curve.to_numpy(), where="post")
ax.set_ylim(0, 1)
percent_axis(ax)
ax.set_xlabel("month")
ax.set_ylabel("paths depleted [%]")
ax.set_title("Share of paths whose treasury has run dry")
plt.show()
display(Markdown("The curve counts, month by month, the paths on which the policy could no longer pay its costs."))

# %% [markdown]
# ## 4. Breakeven prices
#
# On each path the all-in cost per BTC over a period is the total of power, other cash costs and
# depreciation divided by the BTC mined; production does not depend on the price here, so the
# price that covers the cost on a share $c$ of paths is the $c$-quantile of those costs:
#
# $$P_c = Q_c\left(\frac{\sum_t C_t}{\sum_t B_t}\right)$$

# %%
cover = (0.5, 0.75, 0.9, 0.95)
be = pd.DataFrame({
    "Q1 2024 all-in": breakeven_price_percentiles(res, cover, months="2024Q1"),
    "Q4 2024 all-in": breakeven_price_percentiles(res, cover, months="2024Q4"),
    "Q4 2024 cash": breakeven_price_percentiles(res, cover, months="2024Q4", cost="cash"),
})
be.index = [f"{c:.0%} of paths" for c in be.index]
display(Markdown("**BTC price that covers the cost per BTC [USD/BTC]**"))
display(be.style.format("${:,.0f}"))
p90 = float(be.loc["90% of paths", "Q4 2024 all-in"])
display(Markdown(
    f"In Q1 the median all-in cost is \\${be.iloc[0, 0]:,.0f} per BTC (seed 000 puts CleanSpark near \\$45,000). "
    f"After the halving, a price of **\\${p90:,.0f}** covers the Q4 all-in cost on 90% of paths."
))
headline("breakeven_price_q4_p90", p90, unit="USD/BTC", fmt=",.0f", label="Q4 all-in breakeven price, 90% of paths")

# %% [markdown]
# ## 5. Sensitivity sweep
#
# The margin of 1 PH/s per day over a grid of BTC price, network hashrate, fleet efficiency and
# power price (every combination; depreciation of \$15/TH over 4 years):
#
# $$\mathrm{margin} = S \, h \, e - \epsilon \cdot 24 \cdot p \cdot u - \frac{1000 \, k}{365.25 \, L}$$
#
# with hashprice $h$ [BTC/PH/day], efficiency $\epsilon$ [J/TH], power price $p$ and machine cost
# $k$ [USD/TH] over a life of $L$ years. The grid is reduced to summary statistics block by block,
# so it never sits in memory whole.

# %%
axes = dict(
    btc_price_usd=np.linspace(30_000, 150_000, sweep_points_per_axis),
    network_hashrate_ehs=np.linspace(500, 1_500, sweep_points_per_axis),
    efficiency_j_per_th=np.linspace(12, 40, sweep_points_per_axis),
    power_price_usd_per_kwh=np.linspace(0.02, 0.10, sweep_points_per_axis),
)
n_grid = int(np.prod([len(v) for v in axes.values()]))
cluster = client = None
scheduler = None
if use_dask:
    from distributed import Client, LocalCluster
    if dask_scheduler:
        client = Client(dask_scheduler)
    else:
        cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
    scheduler = client
try:
    summary = sweep("margin", reduce=True, quantiles=(0.05, 0.5, 0.95), scheduler=scheduler,
                    block_subsidy_btc=3.125, operational_efficiency=operational_efficiency, **axes)
finally:
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()
m = summary.loc["margin_usd_per_ph_day"]
share_neg = float(m["share_below"])
cols = ["min", "q0.05", "q0.5", "mean", "q0.95", "max", "share_below"]
display(Markdown(f"**Summary over {n_grid:,} scenarios** (`{summary.attrs['engine']}`; share_below = share with a value below 0)"))
display(summary[cols].style.format("{:,.2f}"))
headline("share_negative_margin", share_neg * 100, unit="%", fmt=".0f", label="Scenarios with a negative margin")

# %%
small = sweep("margin", outputs=["margin_usd_per_ph_day"], block_subsidy_btc=3.125,
              operational_efficiency=operational_efficiency,
              btc_price_usd=axes["btc_price_usd"][::4], network_hashrate_ehs=axes["network_hashrate_ehs"][::4],
              efficiency_j_per_th=axes["efficiency_j_per_th"][::4], power_price_usd_per_kwh=axes["power_price_usd_per_kwh"][::4])
heat = (small.assign(loss=small["margin_usd_per_ph_day"] < 0)
        .pivot_table(index="network_hashrate_ehs", columns="btc_price_usd", values="loss", aggfunc="mean"))
fig, ax = plt.subplots()
im = ax.pcolormesh(heat.columns / 1000, heat.index, heat.to_numpy(), cmap="rocket_r", vmin=0, vmax=1, shading="nearest")
fig.colorbar(im, ax=ax, label="fleets and power prices at a loss [fraction]")
ax.set_xlabel("BTC price [thousand USD/BTC]")
ax.set_ylabel("network hashrate [EH/s]")
ax.set_title("Share of efficiency x power-price cases losing money")
plt.show()
display(Markdown(
    f"Each cell is one price and network hashrate; its colour is the share of the fleet-efficiency and power-price "
    f"combinations that lose money there. Over the whole grid, **{share_neg:.0%}** of the {n_grid:,} scenarios have "
    f"a negative margin."
))

# %% [markdown]
# ## Reading
#
# The probabilities depend on the assumptions in the parameters cell - the hashrate drift (derived
# from the shipped snapshots unless set), its volatility, the 10-30% post-halving dip and its
# recovery, the price volatility and the cost stack. Change them, or raise `n_paths`, to see how
# sensitive each answer is; the seed makes every run reproducible.
