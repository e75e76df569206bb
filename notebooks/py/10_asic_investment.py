# %% [markdown]
# # Buy, hold or retire an ASIC
#
# Should a miner buy a new machine today, and which one; should it keep an older one or sell it?
# The answer depends on what the machine will earn over its life, and its life will almost surely
# span the next halving: block 1,050,000, expected in 2028, halves the subsidy on the date the chain
# reaches that height, not on a calendar date. This notebook values one machine month by month from
# the protocol (subsidy by block height, difficulty retargeted every 2,016 blocks, the Luxor
# hashprice), switches it off whenever it earns less than its cash cost, and gives its NPV, IRR,
# payback and what it yields in BTC against simply buying BTC. It then asks the same questions over
# Monte Carlo paths of price and network, compares the machines of `data/asics.csv`, and decides
# whether to keep or retire an older one. The starting state is early February 2026, the latest in
# the seed articles: change the parameters below for today.

# %% tags=["parameters"]
as_of: str = "2026-02-07"  # time 0: the date of the latest difficulty in data/ (seed 002, 7 Feb 2026) [date]
start_height: int | None = None  # None -> ml.estimated_height(as_of): block 840,000 (data/halvings.csv) + the protocol's steady 143.93 blocks/day since (ASSUMPTION: constant hashrate; today's height if you know it) [blocks]
difficulty: float = 125.86e12  # "125.86 trillion" on 7 Feb 2026 (seed 002, data/network_snapshots.csv) [dimensionless]
btc_price_usd: float = 71091.0  # "near $71,091", early February 2026 (seed 003, data/network_snapshots.csv) [USD/BTC]
fees_per_block_btc: float = 0.025  # ASSUMPTION (no seed gives fees), as notebooks 04 and 05 [BTC/block]
annual_hashrate_growth: float | None = None  # network growth; None -> derived from data/network_snapshots.csv (566 -> 913 EH/s) [fraction per year]
annual_price_growth: float = 0.0  # ASSUMPTION: no view on the direction of the price [fraction per year]
halving_drop: float = 0.2  # network hashrate drop at the 2028 halving, middle of "10-30%" (seed 000) [fraction]
recovery_months: float = 6.0  # ASSUMPTION: months for that dip to recover, as notebook 09 [months]
life_months: int = 48  # horizon: 4 years, inside the "3-5 years" CleanSpark depreciates ASICs over (seed 000) [months]
model: str = "Antminer S21"  # the machine of sections 2-6, from data/asics.csv [-]
power_price_usd_per_kwh: float = 0.05  # ASSUMPTION: all-in power price, as notebooks 04 and 06 [USD/kWh]
pue: float = 1.05  # ASSUMPTION: site overhead of an air-cooled site (1.05-1.10) [site power / IT power]
pool_fee: float = 0.02  # ASSUMPTION: FPPS pool fee of 2 % [fraction]
uptime: float = 0.97  # ASSUMPTION: share of the time the machine hashes while switched on [fraction]
other_cash_cost_usd_per_kw_month: float = 5.0  # ASSUMPTION: maintenance, staff, hosting margin per kW of wall power [USD/kW/month]
discount_rate_per_year: float = 0.15  # ASSUMPTION: the buyer's required return [fraction per year]
resale_decay_per_year: float = 0.3  # ASSUMPTION: resale value lost per year at a constant margin [fraction per year]
payback_within_months: int = 24  # horizon of the payback probability [months]
n_paths: int = 300  # Monte Carlo paths: small for a fast default run; 2,000 in the reports [-]
seed: int = 2026  # seed of numpy.random.default_rng; same seed -> same numbers [-]
price_drift_per_year: float = 0.0  # GBM drift of the price (ASSUMPTION: no view), as notebook 09 [1/year]
price_volatility_per_year: float = 0.6  # GBM volatility of the price (ASSUMPTION), as notebook 09 [1/sqrt(year)]
hashrate_volatility_per_year: float = 0.25  # volatility of the trend hashrate (ASSUMPTION), as notebook 09 [1/sqrt(year)]
halving_drop_min: float = 0.10  # smallest post-halving drop of the Monte Carlo ("10-30%", seed 000) [fraction]
halving_drop_max: float = 0.30  # largest post-halving drop of the Monte Carlo ("10-30%", seed 000) [fraction]
old_model: str = "Antminer S19 XP"  # the older machine of the retire-or-keep decision, from data/asics.csv [-]

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import minelib as ml
from minelib.investment import (
    Operation, compare_machines, investment_summary, machine_cash_flows, network_scenario, price_scenario_usd,
    retire_or_keep,
)
from minelib.montecarlo import gbm_price_paths, simulate_network
from minelib.plotting import usd_axis, use_house_style
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
height_is_estimate = start_height is None
start_height = ml.estimated_height(as_of) if height_is_estimate else start_height
for _name, _value, _lo in (("life_months", life_months, 12), ("payback_within_months", payback_within_months, 1),
                           ("n_paths", n_paths, 10), ("start_height", start_height, 840_000)):
    if not isinstance(_value, int) or _value < _lo:
        raise ValueError(f"{_name}={_value!r} must be a whole number >= {_lo}")
if not 0 <= halving_drop_min <= halving_drop_max < 1:
    raise ValueError(f"halving_drop_min={halving_drop_min!r}, halving_drop_max={halving_drop_max!r}: "
                     "expected 0 <= min <= max < 1 [fraction]")
operation = Operation(power_price_usd_per_kwh, pue=pue, pool_fee=pool_fee, uptime=uptime,
                      other_cash_cost_usd_per_kw_month=other_cash_cost_usd_per_kw_month)
start = pd.Timestamp(as_of)


def usd(x, decimals=0):
    """A dollar amount for the prose, the sign before the dollar: -$1,754."""
    return f"{'-' if x < 0 else ''}\\${abs(x):,.{decimals}f}"

asics = ml.load_asics().set_index("model")
for _name, _m in (("model", model), ("old_model", old_model)):
    if _m not in asics.index or pd.isna(asics.loc[_m, "price_usd_per_th"]):
        raise ValueError(f"{_name}={_m!r} is not a priced machine of data/asics.csv; "
                         f"expected one of {sorted(asics.index[asics['price_usd_per_th'].notna()])}")
machine = asics.loc[model]
capex_usd = float(machine["hashrate_ths"] * machine["price_usd_per_th"])

# network growth from the shipped data: the two point estimates of network hashrate
trend = ml.montecarlo.trend_drift_from_snapshots()  # compounded yearly: growth_per_year [fraction per year]
growth = trend["growth_per_year"] if annual_hashrate_growth is None else float(annual_hashrate_growth)

# what the estimated height counts from (data/halvings.csv), for the sources table
last_halving_height, last_halving_date = ml.last_dated_halving(start)  # [blocks], [date]
days_since_halving = (start - last_halving_date).days
subsidy_now_btc = ml.block_subsidy_btc(start_height)
hashprice_now = ml.hashprice_usd_per_ph_day_from_difficulty(btc_price_usd, difficulty, subsidy_now_btc, fees_per_block_btc)
cash_cost_now = float(operation.cash_cost_usd_per_ph_day(machine["efficiency_j_per_th"]))

# %% [markdown]
# ## 1. The starting state
#
# Every input of the valuation, with where it comes from. The network figures are those of the seed
# articles in early February 2026; no seed gives a block height, so the height is derived from the
# last halving block and the protocol's steady pace of blocks (Table 1 gives both; `minelib.estimated_height`, which notebooks
# 05, 11 and 12 use on their own start dates). A reader valuing a machine today puts today's height,
# difficulty and price in the parameters.

# %%
state = pd.DataFrame([
    ("Start (time 0)", f"{start:%d %b %Y}", "date of the latest difficulty in data/ (seed 002)"),
    ("Block height", f"{start_height:,}", f"ASSUMPTION: {last_halving_height:,} on {last_halving_date:%d %b %Y} "
                                          f"+ {days_since_halving} days x {ml.STEADY_BLOCKS_PER_DAY:.2f} blocks a day"
                                          if height_is_estimate else "parameter"),
    ("Difficulty", f"{difficulty / 1e12:,.2f} T", "seed 002, data/network_snapshots.csv"),
    ("BTC price", f"${btc_price_usd:,.0f}", "seed 003, data/network_snapshots.csv"),
    ("Fees per block", f"{fees_per_block_btc:.3f} BTC", "ASSUMPTION (no seed gives fees)"),
    ("Network growth", f"{growth:+.1%} a year", "derived: " + (f"{trend['first_ehs']:.0f} EH/s ({trend['first_date']:%b %Y}) to "
                                                  f"{trend['last_ehs']:.0f} EH/s ({trend['last_date']:%b %Y}), seeds 000 and 003"
                                                  if annual_hashrate_growth is None else "parameter")),
    ("Machine", f"{model}: {machine['hashrate_ths']:.0f} TH/s at {machine['efficiency_j_per_th']:g} J/TH",
     "data/asics.csv"),
    ("Its price", f"${capex_usd:,.0f} (${machine['price_usd_per_th']:g}/TH)", "data/asics.csv: ASSUMPTION, not a quote"),
    ("Power, PUE, pool fee, uptime", f"${power_price_usd_per_kwh:.3f}/kWh, {pue:.2f}, {pool_fee:.0%}, {uptime:.0%}", "ASSUMPTIONS"),
    ("Other cash costs", f"${other_cash_cost_usd_per_kw_month:g} per kW-month", "ASSUMPTION"),
    ("Discount rate", f"{discount_rate_per_year:.0%} a year", "ASSUMPTION"),
], columns=["Input", "Value", "Source"])
display(reader_table(state, {"Input": "Input", "Value": "Value", "Source": "Source"}, index=False))
display(Markdown(
    f"At these figures the hashprice (Luxor's definition: the expected revenue of 1 PH/s for a day at the "
    f"current difficulty, subsidy plus fees) is **\\${hashprice_now:.2f}/PH/day**, and the {model}'s cash cost "
    f"at the wall is **\\${cash_cost_now:.2f}/PH/day**."
))

# %% [markdown]
# ## 2. The model
#
# In month $j$ (of $d_j$ days, price $S_j$ at its end) 1 PH/s earns the month's average of Luxor's
# hashprice: with $D$ the difficulty in force and $s(h)$ the subsidy at the height being mined,
#
# $$h_j = \frac{1}{d_j}\int_{\mathrm{month}\ j} \frac{86400 \cdot 10^{15}\, (s(h(t)) + f)}{D(t)\, 2^{32}}\,dt \quad \mathrm{[BTC/PH/day]}$$
#
# The difficulty follows the protocol's retarget every 2,016 blocks, so the date of block 1,050,000
# (where $s$ falls from 3.125 to 1.5625 BTC) comes out of the path. A machine of $m$ PH/s at
# $e$ J/TH collects, per PH/s and day, revenue $r_j$ after the pool fee $\phi$ and downtime, and
# pays a cash cost $c$ (power at the wall with PUE $k$ at price $p$, plus other cash costs $o$ per
# kW-month, $u$ the uptime):
#
# $$r_j = S_j\, h_j\, (1-\phi)\, u, \qquad c = (24\, e\, k\, p + \frac{12\, o\, e\, k}{365.25})\, u$$
#
# It runs only in months where $r_j > c$ (switched off otherwise, it earns and pays nothing), so its
# economic life ends by itself. Cash flows, NPV at rate $\rho$ and the resale value $V$
# (ASSUMPTION: proportional to the margin, losing $\delta$ a year with age):
#
# $$CF_0 = -K, \qquad CF_j = \mathbf{1}[r_j > c]\, m\, d_j\, (r_j - c)$$
#
# $$V_j = K (1-\delta)^{t_j} \frac{\max(r_j - c,\, 0)}{r_0 - c}, \qquad
# \mathrm{NPV} = \sum_j CF_j (1+\rho)^{-t_j} + V_n (1+\rho)^{-t_n}$$
#
# with $t_j$ the month end in years. In BTC: the machine ends with the BTC it mined less each month's
# cash costs at that month's price, plus its resale at the last price; buying instead turns the capex
# into $K / S_0$ BTC on day one.

# %%
network = network_scenario(start, life_months, start_height, difficulty, growth, fees_per_block_btc=fees_per_block_btc,
                           halving_drop=halving_drop, recovery_months=recovery_months)
prices = price_scenario_usd(btc_price_usd, annual_price_growth, network)
flows = machine_cash_flows(network, prices, machine["hashrate_ths"], machine["efficiency_j_per_th"], capex_usd,
                           operation, resale_decay_per_year)
halving_date = network.start + pd.Timedelta(days=float(network.halving_days[0, 0]))
month_ends = flows.month_end
hashprice = flows.hashprice_usd_per_ph_day[:, 0]
running = flows.running[:, 0]
life = int(flows.economic_life_months[0])
last_on = f"{flows.months[life - 1]:%B %Y}" if life else "never"
before = float(hashprice[flows.months < halving_date.to_period("M")][-1])
after = float(hashprice[flows.months > halving_date.to_period("M")][0])

# %% [markdown]
# ## 3. One machine through the 2028 halving
#
# The chart shows the month's hashprice against the machine's cash cost; shaded months are those in
# which the machine runs.

# %%
fig, ax = plt.subplots()
ax.plot(month_ends, hashprice, label="hashprice (month average)")
ax.axhline(cash_cost_now, color="C3", lw=1.2, label=f"cash cost of the {model}")
ax.fill_between(month_ends, 0, hashprice.max() * 1.05, where=running, step="mid", color="C2", alpha=0.12, label="machine runs")
ax.axvline(halving_date, color="black", lw=1, ls="--", label="block 1,050,000")
ax.set_ylim(0, hashprice.max() * 1.05)
usd_axis(ax)
ax.set_xlabel("month")
ax.set_ylabel("USD per PH/s per day")
ax.set_title("Hashprice against the cash cost")
ax.legend(loc="upper right", fontsize=8)
plt.show()
display(Markdown(
    f"Block 1,050,000 arrives on **{halving_date:%d %B %Y}** on this path (network growing {growth:.1%} a year, "
    f"a {halving_drop:.0%} hashrate dip after the halving). The halving takes the hashprice from "
    f"\\${before:.2f} to \\${after:.2f} per PH/day. The {model} runs until **{last_on}**: "
    f"{life} of {life_months} months."
))

# %%
monthly = flows.table()
by_year = monthly.groupby(monthly.index.year)[
    ["btc_mined", "revenue_usd", "power_usd", "other_cash_usd", "cash_flow_usd", "running"]].sum()
by_year.index = by_year.index.astype(str)
display(reader_table(by_year, {
    "btc_mined": Col("BTC mined", "BTC", fmt=".4f"),
    "revenue_usd": Col("Revenue", "USD", fmt=",.0f"),
    "power_usd": Col("Power", "USD", fmt=",.0f"),
    "other_cash_usd": Col("Other cash costs", "USD", fmt=",.0f"),
    "cash_flow_usd": Col("Cash flow", "USD", fmt=",.0f"),
    "running": Col("Months running", fmt=".0f"),
}, index="Year", caption=f"The {model}'s cash flows by calendar year (before the purchase and the resale)."))

# %%
npv = float(flows.npv_usd(discount_rate_per_year)[0])
npv_zero = float(flows.npv_usd(0.0)[0])
npv_text, npv_zero_text = usd(npv), usd(npv_zero)
irr = float(flows.irr_per_year[0])
payback = flows.payback_months[0]
payback_text = f"after **{payback:.0f} months** ({flows.payback_date.iloc[0]:%B %Y})" if np.isfinite(payback) else "**never** within the horizon"
resale_end = float(flows.terminal_resale_usd[0])
breakeven_per_th = float(flows.breakeven_capex_usd(discount_rate_per_year)[0]) / machine["hashrate_ths"]
mine_btc = float(flows.mine_btc[0])
buy_btc = float(flows.buy_btc[0])
mined_btc = float(flows.btc_mined.sum())
display(Markdown(
    f"### NPV, IRR, payback\n\n"
    f"Bought for \\${capex_usd:,.0f}, the {model} returns an NPV of **{npv_text}** at {discount_rate_per_year:.0%} a year "
    f"({npv_zero_text} undiscounted), an IRR of **{irr:.1%}** a year, and pays back {payback_text}. It resells for "
    f"\\${resale_end:,.0f} at the horizon. At this discount rate it is worth paying at most "
    f"**\\${breakeven_per_th:.2f} per TH/s** (the price of `data/asics.csv` is \\${machine['price_usd_per_th']:g}).\n\n"
    f"### Mine or buy\n\n"
    f"The machine mines {mined_btc:.4f} BTC; after selling BTC each month to pay its cash costs and selling the machine at "
    f"the end it leaves **{mine_btc:.4f} BTC**. The same \\${capex_usd:,.0f} buys **{buy_btc:.4f} BTC** on day one."
))
headline("npv_usd", npv, unit="USD", fmt=",.0f", label=f"NPV of an {model} at {discount_rate_per_year:.0%}/year, base path")
headline("mine_minus_buy_btc", mine_btc - buy_btc, unit="BTC", fmt="+.4f", label=f"{model}: BTC mined net of costs minus BTC bought")

# %% [markdown]
# ## 4. Which assumption matters most
#
# Each bar moves one assumption to a low and a high value (the ranges below, ASSUMPTIONS chosen to
# span what the seeds and practitioners discuss) and shows the change in NPV; the rest stay at the
# base case.

# %%
networks = {(growth, fees_per_block_btc, halving_drop): network}  # only these three change the network path


def npv_of(price=btc_price_usd, price_growth=annual_price_growth, g=growth, fees=fees_per_block_btc, drop=halving_drop,
           power=power_price_usd_per_kwh, decay=resale_decay_per_year, rate=discount_rate_per_year):
    """NPV of the base machine with some assumptions changed."""
    if (g, fees, drop) not in networks:
        networks[g, fees, drop] = network_scenario(start, life_months, start_height, difficulty, g, fees_per_block_btc=fees,
                                                   halving_drop=drop, recovery_months=recovery_months)
    net = networks[g, fees, drop]
    op = Operation(power, pue=pue, pool_fee=pool_fee, uptime=uptime, other_cash_cost_usd_per_kw_month=other_cash_cost_usd_per_kw_month)
    f = machine_cash_flows(net, price_scenario_usd(price, price_growth, net), machine["hashrate_ths"],
                           machine["efficiency_j_per_th"], capex_usd, op, decay)
    return float(f.npv_usd(rate)[0])

ranges = {  # assumption: (label, low, high)
    "price": ("BTC price today: -30 % / +30 %", btc_price_usd * 0.7, btc_price_usd * 1.3),
    "price_growth": ("price growth: -20 % / +30 % a year", -0.2, 0.3),
    "g": ("network growth: +10 % / +50 % a year", 0.1, 0.5),
    "power": ("power price: $0.04 / $0.06 per kWh", 0.04, 0.06),
    "fees": ("fees: 0 / 0.1 BTC per block", 0.0, 0.1),
    "rate": ("discount rate: 10 % / 20 %", 0.10, 0.20),
    "decay": ("resale decay: 15 % / 50 % a year", 0.15, 0.5),
    "drop": ("halving dip: 10 % / 30 %", 0.1, 0.3),
}
tornado = pd.DataFrame([(label, npv_of(**{k: lo}) - npv, npv_of(**{k: hi}) - npv) for k, (label, lo, hi) in ranges.items()],
                       columns=["assumption", "low", "high"])
tornado["swing"] = (tornado["high"] - tornado["low"]).abs()
tornado = tornado.sort_values("swing")
fig, ax = plt.subplots()
ax.barh(tornado["assumption"], tornado["low"], color="C0", label="low value")
ax.barh(tornado["assumption"], tornado["high"], color="C1", label="high value")
ax.axvline(0, color="black", lw=0.8)
ax.xaxis.set_major_formatter(lambda v, _pos: usd(v).replace("\\", ""))
ax.set_xlabel("change in NPV [USD]")
ax.set_title(f"What moves the {model}'s NPV")
ax.legend(loc="lower right", fontsize=8)
plt.show()
top = tornado.iloc[-1]
second = tornado.iloc[-2]
top_label, top_swing = top["assumption"], float(top["swing"])
second_label, second_swing = second["assumption"], float(second["swing"])
display(reader_table(tornado.iloc[::-1], {
    "assumption": "Assumption (low / high)",
    "low": Col("NPV change, low", "USD", fmt="+,.0f"),
    "high": Col("NPV change, high", "USD", fmt="+,.0f"),
}, index=False))
display(Markdown(
    f"The NPV is most sensitive to the **{top_label}** (a swing of \\${top_swing:,.0f}) and then to the "
    f"**{second_label}** (\\${second_swing:,.0f}); the report's variants move these two."
))

# %% [markdown]
# ## 5. Under uncertainty
#
# One path hides the risk. Here the network follows the Monte Carlo of notebook 09 (trend hashrate as a
# geometric Brownian motion with the growth above as its drift, a 10-30 % dip at the halving, the
# protocol's retargets, each path reaching block 1,050,000 on its own date) and the price a geometric
# Brownian motion with a 60 % volatility (ASSUMPTION, as notebook 09). The machine is valued on every
# path with the same rules.

# %%
mc_network = simulate_network(
    n_paths, start=start, n_months=life_months, start_height=start_height, network_hashrate_ehs=float(network.network_hashrate_ehs[0, 0]),
    hashrate_drift_per_year=float(np.log1p(growth)), hashrate_volatility_per_year=hashrate_volatility_per_year,
    halving_drop=(halving_drop_min, halving_drop_max), recovery_months=recovery_months, difficulty=difficulty,
    fees_per_block_btc=fees_per_block_btc, keep_epochs=False, seed=seed)
mc_prices = gbm_price_paths(btc_price_usd, price_drift_per_year, price_volatility_per_year, life_months, n_paths,
                            step_days=np.diff(mc_network.month_edges_days), seed=seed + 1)
mc_flows = machine_cash_flows(mc_network, mc_prices, machine["hashrate_ths"], machine["efficiency_j_per_th"], capex_usd,
                              operation, resale_decay_per_year)
summary = investment_summary(mc_flows, discount_rate_per_year, payback_within_months, quantiles=(0.05, 0.5, 0.95))
mc_npv = mc_flows.npv_usd(discount_rate_per_year)
p_npv = float(summary["p_npv_positive"])
p_payback = float(summary["p_payback"])
p_mine = float(summary["p_mine_beats_buy"])
npv_q05, npv_q50, npv_q95 = (float(summary[k]) for k in ("npv_q0.05_usd", "npv_q0.5_usd", "npv_q0.95_usd"))
halving_q = mc_network.halving_dates.iloc[0].quantile([0.05, 0.5, 0.95])
h05, h50, h95 = halving_q.iloc[0], halving_q.iloc[1], halving_q.iloc[2]
q05_text, q50_text, q95_text = usd(npv_q05), usd(npv_q50), usd(npv_q95)

fig, ax = plt.subplots()
ax.hist(mc_npv, bins=40, color="C0")
ax.axvline(0, color="black", lw=1)
ax.axvline(npv_q50, color="C1", lw=1.2, ls="--", label="median")
ax.xaxis.set_major_formatter(lambda v, _pos: usd(v).replace("\\", ""))
ax.set_xlabel(f"NPV at {discount_rate_per_year:.0%} a year [USD]")
ax.set_ylabel("paths [-]")
ax.set_title(f"The {model}'s NPV over {n_paths:,} paths")
ax.legend(loc="upper right", fontsize=8)
plt.show()
display(Markdown(
    f"Each bar counts paths by NPV; right of the black line the machine earns more than {discount_rate_per_year:.0%} a year. "
    f"Block 1,050,000 falls between {h05:%d %b %Y} and {h95:%d %b %Y} on 90 % of paths (median {h50:%d %b %Y}). "
    f"P(NPV > 0) = **{p_npv:.0%}**; P(payback within {payback_within_months} months) = **{p_payback:.0%}**; "
    f"mining ends with more BTC than buying on **{p_mine:.0%}** of paths. The NPV lies between {q05_text} and "
    f"{q95_text} on 90 % of paths (median {q50_text})."
))
headline("p_npv_positive", p_npv * 100, unit="%", fmt=".0f", label=f"P(NPV > 0), {model}, Monte Carlo")
headline("p_payback", p_payback * 100, unit="%", fmt=".0f", label=f"P(payback within {payback_within_months} months), {model}")

# %% [markdown]
# ## 6. Which machine to buy
#
# Every priced machine of `data/asics.csv` on the same Monte Carlo paths (common random numbers, so the
# differences are the machines', not noise), each bought at its assumed price per TH/s. The break-even
# price is the most one could pay per TH/s for a median NPV of zero.

# %%
candidates = asics[asics["price_usd_per_th"].notna()].reset_index()
table = compare_machines(candidates, mc_network, mc_prices, operation, discount_rate_per_year, payback_within_months,
                         resale_decay_per_year)
table = table.join(asics[["efficiency_j_per_th", "price_usd_per_th"]])
table["npv_per_usd"] = table["npv_median_usd"] / table["capex_usd"]  # ranks machines of different sizes
table = table.sort_values("npv_per_usd", ascending=False)
best_model = table.index[0]
best_npv = float(table["npv_median_usd"].iloc[0])
best_npv_text = usd(best_npv)
best_per_usd = float(table["npv_per_usd"].iloc[0])
best_breakeven = float(table["breakeven_price_usd_per_th"].iloc[0])
best_price = float(table["price_usd_per_th"].iloc[0])
n_positive = int((table["p_npv_positive"] > 0.5).sum())
labels = [f"{m} ({e:g} J/TH)" for m, e in zip(table.index, table["efficiency_j_per_th"])]
display(reader_table(table.assign(machine=labels), {
    "machine": "Machine",
    "price_usd_per_th": Col("Price", "USD/TH", fmt=".2f"),
    "breakeven_price_usd_per_th": Col("Break-even", "USD/TH", fmt=".2f"),
    "npv_median_usd": Col("Median NPV", "USD", fmt="+,.0f"),
    "npv_per_usd": Col("NPV per USD", fmt="+.2f"),
    "p_npv_positive": Col("P(NPV > 0)", percent=True, decimals=0),
    "economic_life_median_months": Col("Months running", fmt=".0f"),
    "p_mine_beats_buy": Col("P(mine > buy)", percent=True, decimals=0),
}, index=False, caption=f"Machines compared over {n_paths:,} paths, discount rate {discount_rate_per_year:.0%} a year "
   "(break-even: the price per TH/s at which the median NPV is zero; months running: the median)."))
display(Markdown(
    f"Per dollar invested, the **{best_model}** does best: a median NPV of {best_npv_text} ({best_per_usd:+.2f} per dollar); "
    f"it would break even at \\${best_breakeven:.2f} per TH/s against the assumed \\${best_price:.2f}. {n_positive} of the {len(table)} machines have a positive NPV "
    f"on more than half of the paths."
))
headline("best_machine_npv_per_usd", best_per_usd, unit="USD per USD", fmt="+.2f",
         label=f"Median NPV per dollar of the best machine ({best_model})")

# %% [markdown]
# ## 7. Retire or keep an older machine
#
# An owner of an older machine can sell it today at its market price or keep running it. Keeping
# forgoes today's resale value, so it is an investment of that value: keep when the present value of
# what the machine still earns, plus what it fetches later, exceeds its price today.

# %%
old = asics.loc[old_model]
resale_now = float(old["hashrate_ths"] * old["price_usd_per_th"])
keep_det = retire_or_keep(resale_now, network, prices, old["hashrate_ths"], old["efficiency_j_per_th"], operation,
                          discount_rate_per_year, resale_decay_per_year)
keep_mc = retire_or_keep(resale_now, mc_network, mc_prices, old["hashrate_ths"], old["efficiency_j_per_th"], operation,
                         discount_rate_per_year, resale_decay_per_year)
keep_value = float(keep_det["keep_value_usd"].iloc[0])
keep_text = usd(keep_value)
decision = "keep it" if bool(keep_det["keep"].iloc[0]) else "sell it"
p_keep = float(keep_mc["keep"].mean())
keep_median = float(keep_mc["keep_value_usd"].median())
old_cost = float(operation.cash_cost_usd_per_ph_day(old["efficiency_j_per_th"]))
display(Markdown(
    f"The {old_model} ({old['efficiency_j_per_th']:g} J/TH, cash cost \\${old_cost:.2f}/PH/day against today's "
    f"hashprice of \\${hashprice_now:.2f}) sells today for \\${resale_now:,.0f}. On the base path, keeping it is worth "
    f"{keep_text}: **{decision}**. Over the Monte Carlo paths keeping is worth \\${keep_median:,.0f} at the "
    f"median and beats selling on **{p_keep:.0%}** of paths."
))
headline("p_keep_old", p_keep * 100, unit="%", fmt=".0f", label=f"P(keeping the {old_model} beats selling it)")

# %% [markdown]
# ## Reading
#
# The valuation is only as good as its assumptions, and the ones that matter most are in section 4.
# Three are worth a second look before acting on any number here. The machine prices of
# `data/asics.csv` are assumptions, not quotes: the break-even price per TH/s is the figure to compare
# with a real offer. The resale curve (value proportional to the machine's cash margin, less
# `resale_decay_per_year` a year) is an assumption in the spirit of Luxor's observation that a rig's
# value follows the cash it can earn; it is myopic, pricing today's margin rather than the halving
# ahead. The network grows at the rate the parameters set whatever the price does: in the Monte Carlo,
# hashrate does not yet respond to hashprice, so paths in which the price falls keep a growing network
# and are harsher than the market would be.
