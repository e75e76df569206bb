# %% [markdown]
# # Miner selling and retained BTC
#
# Seed `001_edb144c9be488f88.txt` asks the question that separates miners in a squeeze: *"Can you keep the
# bitcoin you mine, or do you have to sell it just to stay online?"* This notebook reads the January 2026
# production and holdings tallies of seed `002_d81e0ff9e5c96647.txt`, measures how much of production was
# sold, reconciles the reported holdings with the reported flows (and reports what does not reconcile),
# simulates a miner's treasury under four selling policies and three price paths, and sets the public
# miners' 32,000+ BTC of quarterly sales (001) and Cango's 4,451 BTC sale (002) against the BTC the whole
# network issues.

# %% tags=["parameters"]
start_price_usd: float = 71_091.0  # BTC spot at the start of the simulation ("near $71,091", seed 003) [USD/BTC]
production_btc_per_month: float = 573.0  # miner's monthly production (CleanSpark, January 2026, seed 002) [BTC/month]
monthly_fiat_costs_usd: float = 45_000_000.0  # ASSUMPTION (not in the seeds): cash costs paid in fiat each month [USD/month]
start_treasury_btc: float = 13_513.0  # BTC held at the start (CleanSpark, 31 Jan 2026, seed 002) [BTC]
start_cash_usd: float = 0.0  # ASSUMPTION: cash held at the start, beyond the BTC treasury [USD]
months: int = 12  # length of the simulation [months]
scenario_names: list = ["flat", "bear", "bull"]  # names of the price paths [-]
price_drift_pct: list = [0.0, -30.0, 30.0]  # price change over the whole simulation, one per scenario [%]
base_scenario: str = "flat"  # scenario used for the headline runway [-]
base_policy: str = "sell_to_cover"  # selling policy used for the headline runway [-]
fixed_fraction: float = 0.5  # share of production sold under the fixed_fraction policy [fraction]
bitdeer_holdings_drop_btc: float = 500.0  # Bitdeer held "nearly 500 fewer" BTC on 31 Jan than on 31 Dec (seed 002) [BTC]
quarter_days: float = 90.0  # days in a quarter for the issuance comparison ("~90 days") [days]
block_subsidy_btc: float = 3.125  # block subsidy since the April 2024 halving (height 840,000) [BTC/block]

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import minelib as ml
from minelib.plotting import use_house_style, usd_axis, percent_axis, unit_axis
from minelib.reports import headline

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
if len(scenario_names) != len(price_drift_pct) or len(scenario_names) == 0:
    raise ValueError(f"scenario_names ({len(scenario_names)}) and price_drift_pct ({len(price_drift_pct)}) "
                     "must be non-empty lists of the same length")
if base_scenario not in scenario_names:
    raise ValueError(f"base_scenario={base_scenario!r} must be one of scenario_names={scenario_names!r}")
if base_policy not in ml.treasury.POLICIES:
    raise ValueError(f"base_policy={base_policy!r} must be one of {ml.treasury.POLICIES!r}")
if not (isinstance(months, int) and months >= 2):
    raise ValueError(f"months={months!r} must be a whole number >= 2 [months]")
if any(d <= -100 for d in price_drift_pct):
    raise ValueError(f"price_drift_pct={price_drift_pct!r}: every drift must be > -100 [%]")

# Price paths: geometric from the start price to start x (1 + drift) in the last month.
# (A scenario generator, not a model quantity.)
price_paths = {name: start_price_usd * (1 + d / 100) ** (np.arange(months) / (months - 1))
               for name, d in zip(scenario_names, price_drift_pct)}


def run(policy, prices):
    """One treasury path; minelib validates every input and names the bad one."""
    return ml.simulate_treasury(production_btc_per_month, prices, monthly_fiat_costs_usd, policy,
                                start_treasury_btc=start_treasury_btc, start_cash_usd=start_cash_usd,
                                sell_fraction=fixed_fraction if policy == "fixed_fraction" else None)


run(base_policy, price_paths[base_scenario])  # fails early on bad inputs

# seed data, through the loaders only
monthly = ml.load_miner_monthly()
events = ml.load_treasury_events()
quarterly = ml.load_miner_quarterly()
snapshots = ml.load_network_snapshots()


def event(miner, kind, **where):
    rows = events[(events["miner"] == miner) & (events["event_type"] == kind)]
    for col, val in where.items():
        rows = rows[rows[col] == val]
    if len(rows) != 1:
        raise ValueError(f"expected one {kind!r} event for {miner!r} {where}, found {len(rows)}")
    return rows.iloc[0]


def months_words(x):
    return "unlimited (production covers costs)" if not np.isfinite(x) else f"{x:,.0f} months"


# %% [markdown]
# ## 1. January 2026: mined, sold, held
#
# Seed 002 lists the six listed miners that still publish monthly production. Most say how much they mined;
# few say how much they sold or how much they hold. The table keeps the blanks blank: a number the
# article does not give is not invented.

# %%
jan = monthly[monthly["month"] == pd.Period("2026-01", "M")].sort_values("btc_mined", ascending=False)
table = jan[["miner", "btc_mined", "btc_sold", "btc_held_end", "hashrate_ehs"]].rename(columns={
    "miner": "Miner", "btc_mined": "Mined [BTC]", "btc_sold": "Sold [BTC]",
    "btc_held_end": "Held 31 Jan [BTC]", "hashrate_ehs": "Hashrate [EH/s]"})
display(Markdown("**Table 1.** January 2026 tallies (seed 002; blank = not stated)."))
display(table.style.format({"Mined [BTC]": "{:,.1f}", "Sold [BTC]": "{:,.1f}", "Held 31 Jan [BTC]": "{:,.0f}",
                            "Hashrate [EH/s]": "{:.1f}"}, na_rep="").hide(axis="index"))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.8, 3.4), gridspec_kw={"width_ratios": [3, 2]})
x = np.arange(len(jan))
ax1.bar(x - 0.2, jan["btc_mined"], width=0.4, label="Mined")
ax1.bar(x + 0.2, jan["btc_sold"].fillna(0), width=0.4, label="Sold (where stated)")
ax1.set_xticks(x, jan["miner"], rotation=30, ha="right")
ax1.set(ylabel="BTC in January 2026 [BTC]", title="Mined vs sold")
unit_axis(ax1, "BTC")
ax1.legend(fontsize=8)
held = jan.dropna(subset=["btc_held_end"])
ax2.bar(held["miner"], held["btc_held_end"], color="C2")
ax2.set(ylabel="BTC held on 31 Jan [BTC]", title="Held (where stated)")
ax2.tick_params(axis="x", rotation=30)
unit_axis(ax2, "BTC")
plt.show()

# %%
n_sold = int(jan["btc_sold"].notna().sum())
n_held = int(jan["btc_held_end"].notna().sum())
top = jan.iloc[0]
display(Markdown(
    f"The left panel compares BTC mined and sold in January; the right panel shows the month-end holdings of the "
    f"miners that state them (a different scale: holdings are many months of production). "
    f"Of {len(jan)} miners, only {n_sold} state what they sold and {n_held} what they hold. "
    f"{top['miner']} mined the most ({top['btc_mined']:,.0f} BTC); together the six mined "
    f"{jan['btc_mined'].sum():,.0f} BTC, {jan['btc_mined'].sum() / (ml.network_btc_per_day(block_subsidy_btc) * 31):.1%} "
    f"of the {ml.network_btc_per_day(block_subsidy_btc) * 31:,.0f} BTC of subsidy the network issued in 31 days."
))

# %% [markdown]
# ## 2. Sold versus retained
#
# Production $P$ splits into the BTC sold $x$ and the BTC retained $P - x$. The sold-to-produced ratio
#
# $$r = \frac{x}{P}$$
#
# is below 1 when the miner keeps part of its production and above 1 when it also sells from its treasury.

# %%
clsk = jan[jan["miner"] == "CleanSpark"].iloc[0]
cango = jan[jan["miner"] == "Cango"].iloc[0]
clsk_ratio = float(ml.sold_to_produced_ratio(clsk["btc_sold"], clsk["btc_mined"]))
cango_ratio = float(ml.sold_to_produced_ratio(cango["btc_sold"], cango["btc_mined"]))
policy = event("CleanSpark", "sale_policy")
display(Markdown(
    f"CleanSpark sold **{clsk['btc_sold']:,.1f} of {clsk['btc_mined']:,.0f} BTC** in January: a ratio of "
    f"**{clsk_ratio:.1%}**, retaining {clsk['btc_mined'] - clsk['btc_sold']:,.1f} BTC. Cango sold "
    f"{cango['btc_sold']:,.0f} BTC against {cango['btc_mined']:,.1f} mined, a ratio of {cango_ratio:.1%}: "
    f"{'more than it mined, so it drew on its treasury' if cango_ratio > 1 else 'less than it mined'}.\n\n"
    f"**A seed inconsistency.** In the same article (002) CleanSpark's CFO says the company will keep selling "
    f"\"nearly 100% of our monthly operating production\" (entered in the data as {policy['fraction']:.0%}). "
    f"January's reported sale is {clsk_ratio:.0%} of production, {(policy['fraction'] - clsk_ratio) * 100:.0f} percentage points "
    f"below that. Either January was an exception (storms cut output), \"operating production\" means something "
    f"narrower than BTC mined, or the quote describes a policy that did not apply in January. The article does "
    f"not say which; we keep both numbers and do not average them."
))
headline("clsk_sold_to_produced", clsk_ratio * 100, unit="%", fmt="{:.1f}",
         label="CleanSpark January sold/produced")

# %% [markdown]
# ## 3. Do the holdings reconcile?
#
# If the flows a miner reports were complete, its holdings at the end of a period would be its holdings
# at the start plus what it mined and bought, minus what it sold. What is left over is unexplained:
#
# $$U = B_{\mathrm{end}} - \left( B_{\mathrm{start}} + P + Q - X \right)$$
#
# with $B$ the holdings, $P$ production, $Q$ purchases and $X$ sales. When sales are not reported,
# the same identity gives the net outflow the holdings imply: $X = B_{\mathrm{start}} + P + Q - B_{\mathrm{end}}$.

# %%
# CleanSpark: "nearly 13,100" on 31 Dec (quarterly data), 573 mined, 158.6 sold, 13,513 on 31 Jan
clsk_start = float(quarterly.query("miner == 'CleanSpark' and metric == 'btc_held_end' and period == '2025Q4'")["value"].iloc[0])
clsk_gap = float(ml.reconcile_holdings(clsk_start, clsk["btc_mined"], clsk["btc_sold"], clsk["btc_held_end"]))

# Cango: 7,528 at end-2025, 496.3 mined and 550 sold in January, 4,451 sold in February, 3,645 left
cango_start = float(event("Cango", "holding", date=pd.Timestamp("2025-12-31"))["btc"])
cango_big_sale = event("Cango", "sale", btc=4451.0)
cango_end = float(event("Cango", "holding", date=cango_big_sale["date"])["btc"])
cango_sold = float(cango["btc_sold"]) + float(cango_big_sale["btc"])
cango_gap = float(ml.reconcile_holdings(cango_start, cango["btc_mined"], cango_sold, cango_end))
cango_btc_per_day = float(cango["btc_mined"]) / 31  # January run rate [BTC/day]
cango_days_to_explain = cango_gap / cango_btc_per_day  # days of production the gap equals [days]
cango_days_before_sale = (cango_big_sale["date"] - pd.Timestamp("2026-01-31")).days  # February days up to the sale [days]

# Bitdeer: 1,530 on 31 Jan, "nearly 500 fewer" than on 31 Dec, 668 mined, sales not stated
bitdeer = jan[jan["miner"] == "Bitdeer"].iloc[0]
bitdeer_outflow = float(ml.implied_net_outflow_btc(bitdeer["btc_held_end"] + bitdeer_holdings_drop_btc,
                                                   bitdeer["btc_mined"], bitdeer["btc_held_end"]))

rec = pd.DataFrame({
    "Miner": ["CleanSpark", "Cango", "Bitdeer"],
    "Start [BTC]": [clsk_start, cango_start, bitdeer["btc_held_end"] + bitdeer_holdings_drop_btc],
    "Mined [BTC]": [clsk["btc_mined"], cango["btc_mined"], bitdeer["btc_mined"]],
    "Sold, reported [BTC]": [clsk["btc_sold"], cango_sold, np.nan],
    "End [BTC]": [clsk["btc_held_end"], cango_end, bitdeer["btc_held_end"]],
    "Unexplained / implied outflow [BTC]": [clsk_gap, cango_gap, bitdeer_outflow],
})
display(Markdown("**Table 2.** Holdings reconciliation (seed 002). For Bitdeer, whose sales are not stated, the "
                 "last column is the outflow the holdings imply, not an unexplained gap."))
display(rec.style.format({c: "{:,.1f}" for c in rec.columns if c != "Miner"}, na_rep="not stated").hide(axis="index"))

# %%
display(Markdown(
    f"* **CleanSpark:** {clsk_gap:+,.1f} BTC unexplained. The start is \"nearly 13,100\", so a true start of "
    f"{clsk_start + clsk_gap:,.1f} BTC closes the gap: rounding explains it.\n"
    f"* **Cango:** **{cango_gap:+,.1f} BTC unexplained** - Cango ended with more BTC than its reported flows allow. "
    f"At its January rate of {cango_btc_per_day:,.1f} BTC/day that is {cango_days_to_explain:,.0f} days of production, "
    f"{'more' if cango_days_to_explain > cango_days_before_sale else 'no more'} than the {cango_days_before_sale} days of "
    f"February before the sale (dated from the article, week precision), so unreported February mining "
    f"{'cannot be the whole answer' if cango_days_to_explain > cango_days_before_sale else 'could explain it'}. "
    f"The seed does not explain it (purchases, collateral returned from the BTC-backed loan, or a different holdings "
    f"definition are all possible); we report the gap rather than hide it.\n"
    f"* **Bitdeer:** holdings fell from ~{bitdeer['btc_held_end'] + bitdeer_holdings_drop_btc:,.0f} to "
    f"{bitdeer['btc_held_end']:,.0f} BTC while it mined {bitdeer['btc_mined']:,.0f}: about **{bitdeer_outflow:,.0f} BTC** "
    f"left the treasury (sold, pledged or moved), {bitdeer_outflow / bitdeer['btc_mined']:.1f} times its January "
    f"production. Because the drop is \"nearly 500\", this is approximate."
))
headline("cango_unexplained_btc", cango_gap, unit="BTC", fmt="{:+,.1f}", label="Cango unexplained holdings")

# %% [markdown]
# ## 4. Treasury paths under selling policies
#
# A month of the simulation (`ml.simulate_treasury`): production $P$ is valued at the month's price $S$,
# fiat costs $C$ are paid from cash and sales, and whatever is not sold joins the treasury $B$. Four policies
# decide the BTC sold: **sell_all** sells the month's production, **hold** sells nothing, **fixed_fraction**
# sells a fixed share $f$ of production, and **sell_to_cover** sells just enough to pay the bills - from
# production first, then from the treasury. A cost that neither cash nor sales cover is external funding
# (debt, equity or unpaid bills). The runway is how many months like the current one the treasury could pay:
#
# $$\mathrm{runway} = \frac{B \cdot S + M}{C - P \cdot S} \quad \mathrm{when} \quad C > P \cdot S$$
#
# with $M$ the cash; it is infinite when production covers the costs.

# %%
display(Markdown(
    f"**Assumptions.** The miner produces {production_btc_per_month:,.0f} BTC a month (CleanSpark's January) and starts "
    f"with {start_treasury_btc:,.0f} BTC (CleanSpark's 31 January holdings, seed 002). Its monthly fiat costs of "
    f"**\\${monthly_fiat_costs_usd / 1e6:,.1f}M** and starting cash of \\${start_cash_usd / 1e6:,.1f}M are "
    f"**ASSUMPTIONS**: no seed gives a miner's monthly cash costs. At the start price of \\${start_price_usd:,.0f}, "
    f"a month's production is worth \\${production_btc_per_month * start_price_usd / 1e6:,.1f}M, "
    f"{'less' if production_btc_per_month * start_price_usd < monthly_fiat_costs_usd else 'more'} than the costs. "
    f"The price moves geometrically over {months} months to the end value of each scenario: "
    + ", ".join(f"{n} {d:+.0f}% (\\${start_price_usd * (1 + d / 100):,.0f})" for n, d in zip(scenario_names, price_drift_pct))
    + "."
))

paths = {(pol, sc): run(pol, price_paths[sc]) for pol in ml.treasury.POLICIES for sc in scenario_names}
rows = []
for (pol, sc), df in paths.items():
    last = df.iloc[-1]
    rows.append({"Policy": pol, "Scenario": sc, "Sold [BTC]": df["sold_btc"].sum(),
                 "Treasury at end [BTC]": last["treasury_btc"],
                 "External funding [USD M]": last["cumulative_external_funding_usd"] / 1e6,
                 "Runway at end [months]": last["runway_months"]})
summary = pd.DataFrame(rows)
display(Markdown(f"**Table 3.** {months}-month totals by policy and price scenario."))
display(summary.style.format({"Sold [BTC]": "{:,.0f}", "Treasury at end [BTC]": "{:,.0f}",
                              "External funding [USD M]": "{:,.1f}", "Runway at end [months]": "{:,.0f}"})
        .hide(axis="index"))

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.8, 3.6), sharey=True)
for pol in ml.treasury.POLICIES:
    df = paths[(pol, base_scenario)]
    ax1.plot(df.index + 1, df["treasury_btc"], marker="o", ms=3, label=pol)
for sc in scenario_names:
    df = paths[(base_policy, sc)]
    ax2.plot(df.index + 1, df["treasury_btc"], marker="o", ms=3, label=sc)
from matplotlib.ticker import MaxNLocator
for ax in (ax1, ax2):
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
ax1.set(xlabel="Month [months]", ylabel="BTC treasury at month end [BTC]", title=f"Policies, {base_scenario} price")
ax2.set(xlabel="Month [months]", title=f"{base_policy}, by price path")
unit_axis(ax1, "BTC")
ax1.legend(fontsize=8)
ax2.legend(fontsize=8)
plt.show()

# %%
base = paths[(base_policy, base_scenario)]
runway_base = float(base["runway_months"].iloc[-1])
hold = paths[("hold", base_scenario)]
sell_all = paths[("sell_all", base_scenario)]
worst = summary.loc[summary["Treasury at end [BTC]"].idxmin()]
cover = summary[summary["Policy"] == "sell_to_cover"].set_index("Scenario")
display(Markdown(
    f"The left panel shows the treasury under each policy at the {base_scenario} price; the right panel shows the "
    f"{base_policy} policy under each price path. Holding grows the treasury by {production_btc_per_month * months:,.0f} "
    f"BTC but leaves \\${hold['cumulative_external_funding_usd'].iloc[-1] / 1e6:,.1f}M of costs to outside funding; "
    f"selling everything keeps the treasury flat and needs \\${sell_all['cumulative_external_funding_usd'].iloc[-1] / 1e6:,.1f}M "
    f"of outside funding. "
    f"Under {base_policy} the treasury ends at {cover['Treasury at end [BTC]'].min():,.0f}-"
    f"{cover['Treasury at end [BTC]'].max():,.0f} BTC across the price paths. The smallest end treasury is "
    f"{worst['Policy']} in the {worst['Scenario']} case ({worst['Treasury at end [BTC]']:,.0f} BTC). "
    f"In the base case ({base_policy}, {base_scenario}) the runway at the end is **{months_words(runway_base)}**."
))
headline("runway_months_base", runway_base, unit="months", fmt="{:,.0f}",
         label="Runway, base case" + ("" if np.isfinite(runway_base) else " (production covers costs)"))

# %% [markdown]
# ## 5. The quarter's sales against the network's issuance
#
# Seed 001 reports that public miners sold more than 32,000 BTC in the first quarter. The network issues
# the subsidy $R$ on about 144 blocks a day, so over $d$ days
#
# $$I = R \times 144 \times d$$

# %%
agg = event("Public miners (aggregate)", "sale")
quarter_issuance = float(ml.network_btc_per_day(block_subsidy_btc)) * quarter_days
agg_ratio = float(ml.sold_to_produced_ratio(agg["btc"], quarter_issuance))
six_month_btc = float(jan["btc_mined"].sum())
six_quarter_btc = six_month_btc * quarter_days / 31  # January run rate of the six miners over a quarter [BTC]
display(Markdown(
    f"The network issued about **{quarter_issuance:,.0f} BTC** of subsidy in {quarter_days:.0f} days "
    f"({block_subsidy_btc} BTC x {ml.blocks_per_day():.0f} blocks/day). Sales of {agg['btc']:,.0f}+ BTC are "
    f"**{agg_ratio:.0%}** of all new coins - and listed miners mine only part of them: the six miners of Table 1, at "
    f"their January rate, mine about {six_quarter_btc:,.0f} BTC a quarter. Unless the listed miners together mine "
    f"at least {agg_ratio:.0%} of the network, the 32,000 BTC must include coins sold from treasuries, not only new "
    f"production. (Fees are left out of $I$; they would raise issuance by a few percent.)"
))

# %% [markdown]
# ## 6. Cango's 4,451 BTC sale in context
#
# Cango sold 4,451 BTC for \$305 million to repay part of a BTC-backed loan (002). The proceeds per BTC
# are the sale's implied price, which we set against the spot and cost estimates of the same week.

# %%
cango_price = float(cango_big_sale["usd"]) / float(cango_big_sale["btc"])  # [USD/BTC]
cost_002 = float(snapshots.query("metric == 'all_in_cost_usd_per_btc' and source.str.startswith('002')", engine="python")["value"].iloc[0])
cango_gap_cost = float(ml.price_to_cost_gap(cango_price, cost_002))
months_of_output = float(cango_big_sale["btc"]) / float(cango["btc_mined"])
display(Markdown(
    f"Cango's sale implies **\\${cango_price:,.0f} per BTC**, {abs(cango_gap_cost):.0%} "
    f"{'below' if cango_gap_cost < 0 else 'above'} the \\${cost_002:,.0f} average all-in cost of the same article, "
    f"and {cango_price / start_price_usd - 1:+.1%} against the \\${start_price_usd:,.0f} start price used above. "
    f"It sold {months_of_output:,.1f} months of its January production in one weekend "
    f"({float(cango_big_sale['btc']) / cango_start:.0%} of its end-2025 treasury): a balance-sheet decision "
    f"(deleveraging to fund an AI pivot), not the month-to-month selling to cover costs that the policies above model."
))

# %% [markdown]
# ## Reading
#
# * Production numbers alone say little: of six miners, few report sales or holdings, and the one clear
#   sold-to-produced ratio (CleanSpark) contradicts its CFO's stated policy in the same article.
# * Reconciliations are worth doing: one gap is rounding, one (Cango) is large and unexplained by the seed,
#   and one (Bitdeer) shows outflows far above production.
# * Retained BTC is a policy outcome: the same miner keeps or loses its treasury depending on how it pays
#   fiat costs and on the price path; the runway condenses that into months. The cost figures are assumptions.
