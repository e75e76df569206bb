# %% [markdown]
# # Miner selling and retained BTC
#
# Seed `001_edb144c9be488f88.txt` asks the question that separates miners in a squeeze: *"Can you keep the
# bitcoin you mine, or do you have to sell it just to stay online?"* This notebook reads the January 2026
# production and holdings tallies of seed `002_d81e0ff9e5c96647.txt`, measures how much of production was
# sold, checks whether the reported holdings follow from the reported flows, and, where they do not, tests
# which reading of the figures explains the gap. It then simulates a miner's treasury under four selling
# policies and three price paths, and sets the public miners' 32,000+ BTC of quarterly sales (001) and
# Cango's 4,451 BTC sale (002) against the BTC the whole network issues.

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
sales_quarter: str = "2026Q1"  # the "first quarter" of the 32,000 BTC sales (seed 001; Q1 2026 inferred, data/treasury_events.csv) [quarter]
block_subsidy_btc: float = 3.125  # block subsidy since the April 2024 halving (height 840,000) [BTC/block]

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display
from matplotlib.ticker import MaxNLocator

import minelib as ml
from minelib.plotting import unit_axis, use_house_style
from minelib.reports import headline
from minelib.tables import Col, reader_table

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

quarter_days = float(ml.days_in_quarter(sales_quarter))  # calendar days of that quarter [days]

# Price paths: geometric from the start price to start x (1 + drift) in the last month
# (a scenario generator, not a model quantity).
price_paths = {name: start_price_usd * (1 + d / 100) ** (np.arange(months) / (months - 1))
               for name, d in zip(scenario_names, price_drift_pct)}
# Every policy under every price path; minelib validates each input and names a bad one.
paths = {(pol, sc): ml.simulate_treasury(production_btc_per_month, prices, monthly_fiat_costs_usd, pol,
                                         start_treasury_btc=start_treasury_btc, start_cash_usd=start_cash_usd,
                                         sell_fraction=fixed_fraction if pol == "fixed_fraction" else None)
         for pol in ml.treasury.POLICIES for sc, prices in price_paths.items()}

# seed data, through the loaders only
monthly = ml.load_miner_monthly()
events = ml.load_treasury_events()
quarterly = ml.load_miner_quarterly()
snapshots = ml.load_network_snapshots()
january = pd.Period("2026-01", "M")  # the month of seed 002's tallies [month]
january_days = float(january.days_in_month)  # its calendar days [days]
jan = monthly[monthly["month"] == january].sort_values("btc_mined", ascending=False)

# %% [markdown]
# ## 1. January 2026: mined, sold, held
#
# Seed 002 lists the six listed miners that still publish monthly production. Most say how much they mined;
# few say how much they sold or how much they hold. The table keeps the blanks blank: a number the
# article does not give is not invented.

# %%
jan_btc = float(jan["btc_mined"].sum())  # the six miners' January production [BTC]
network_january_btc = float(ml.network_btc_per_day(block_subsidy_btc)) * january_days  # subsidy issued in January [BTC]
jan_share = jan_btc / network_january_btc  # [fraction]
n_miners, n_sold, n_held = len(jan), int(jan["btc_sold"].notna().sum()), int(jan["btc_held_end"].notna().sum())
top_miner, top_btc = jan.iloc[0]["miner"], float(jan.iloc[0]["btc_mined"])
reader_table(jan.set_index("miner"),
             {"btc_mined": Col("Mined", "BTC", fmt=",.1f"), "btc_sold": Col("Sold", "BTC", fmt=",.1f"),
              "btc_held_end": Col("Held on 31 Jan", "BTC", fmt=",.0f"),
              "hashrate_ehs": Col("Average hashrate", "EH/s", fmt=",.1f")},
             index="Miner", caption="Table 1. January 2026 tallies (seed 002; – = not stated).")

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.8, 3.4), gridspec_kw={"width_ratios": [3, 2]})
x = np.arange(n_miners)
ax1.bar(x - 0.2, jan["btc_mined"], width=0.4, label="Mined")
ax1.bar(x + 0.2, jan["btc_sold"].fillna(0), width=0.4, label="Sold (where stated)")
ax1.set_xticks(x, jan["miner"], rotation=30, ha="right")
ax1.set(ylabel="BTC in January 2026 [BTC]", title="Mined vs sold")
unit_axis(ax1, "BTC")
ax1.legend(fontsize=8, loc="upper right")  # the small bars are on the right
held = jan.dropna(subset=["btc_held_end"])
ax2.bar(held["miner"], held["btc_held_end"], color="C2")
ax2.set(ylabel="BTC held on 31 Jan [BTC]", title="Held (where stated)")
ax2.tick_params(axis="x", rotation=30)
unit_axis(ax2, "BTC")
plt.show()

# %%
display(Markdown(
    f"The left panel compares BTC mined and sold in January; the right panel shows the month-end holdings of "
    f"the miners that state them (a different scale: holdings are many months of production). Of {n_miners} "
    f"miners, only {n_sold} state what they sold and {n_held} what they hold. {top_miner} mined the most "
    f"({top_btc:,.0f} BTC); together the six mined {jan_btc:,.0f} BTC, {jan_share:.1%} of the "
    f"{network_january_btc:,.0f} BTC of subsidy the network issued in {january_days:.0f} days."
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
clsk_mined, clsk_sold, clsk_end = float(clsk["btc_mined"]), float(clsk["btc_sold"]), float(clsk["btc_held_end"])
cango_mined, cango_january_sale = float(cango["btc_mined"]), float(cango["btc_sold"])
clsk_ratio = float(ml.sold_to_produced_ratio(clsk_sold, clsk_mined))  # [fraction]
clsk_retained = clsk_mined - clsk_sold  # [BTC]
cango_ratio = float(ml.sold_to_produced_ratio(cango_january_sale, cango_mined))  # [fraction]
cango_ratio_words = "more than it mined, so it drew on its treasury" if cango_ratio > 1 else "less than it mined"
clsk_policy_fraction = float(events.query("miner == 'CleanSpark' and event_type == 'sale_policy'")["fraction"].item())
clsk_policy_gap_points = (clsk_policy_fraction - clsk_ratio) * 100  # [percentage points]
headline("clsk_sold_to_produced", clsk_ratio * 100, unit="%", fmt="{:.1f}",
         label="CleanSpark January sold/produced (seed 002)")

# %%
display(Markdown(
    f"CleanSpark sold **{clsk_sold:,.1f} of {clsk_mined:,.0f} BTC** in January: a ratio of **{clsk_ratio:.1%}**, "
    f"retaining {clsk_retained:,.1f} BTC. Cango sold {cango_january_sale:,.0f} BTC against {cango_mined:,.1f} "
    f"mined, a ratio of {cango_ratio:.1%}: {cango_ratio_words}.\n\n"
    f"**A seed inconsistency.** In the same article (002) CleanSpark's CFO says the company will keep selling "
    f"\"nearly 100% of our monthly operating production\" (entered in the data as {clsk_policy_fraction:.0%}). "
    f"January's reported sale is {clsk_ratio:.0%} of production, {clsk_policy_gap_points:.0f} percentage points "
    f"below that. Either January was an exception (storms cut output), \"operating production\" means something "
    f"narrower than BTC mined, or the quote describes a policy that did not apply in January. The article does "
    f"not say which; we keep both numbers and do not average them."
))

# %% [markdown]
# ## 3. Do the holdings reconcile?
#
# If the flows a miner reports were complete, its holdings at the end of a period would be its holdings
# at the start plus what it mined and bought, minus what it sold. What is left over is unexplained:
#
# $$U = B_{\mathrm{end}} - \left( B_{\mathrm{start}} + P + Q - X \right)$$
#
# with $B$ the holdings, $P$ production, $Q$ purchases and $X$ the sum of the reported sales. When sales are
# not reported, the same identity gives the net outflow the holdings imply:
# $X = B_{\mathrm{start}} + P + Q - B_{\mathrm{end}}$.

# %%
# CleanSpark: "nearly 13,100" on 31 Dec (quarterly data), 573 mined, 158.6 sold, 13,513 on 31 Jan
clsk_start_row = quarterly.query("miner == 'CleanSpark' and metric == 'btc_held_end' and period == '2025Q4'")
clsk_start = float(clsk_start_row["value"].item())  # [BTC]
clsk_start_qualifier = str(clsk_start_row["qualifier"].item())  # "approx": "nearly 13,100"
clsk_gap = float(ml.reconcile_holdings(clsk_start, clsk_mined, clsk_sold, clsk_end))  # [BTC]
clsk_start_that_closes = clsk_start + clsk_gap  # the start that leaves no gap [BTC]

# Cango: 7,528 at the end of 2025; 496.3 mined and 550 sold in January; 4,451 sold over a February
# weekend, which left 3,645
cango_holdings = events.query("miner == 'Cango' and event_type == 'holding'").set_index("date")
cango_start_date, cango_end_date = cango_holdings.index.min(), cango_holdings.index.max()
cango_start = float(cango_holdings.loc[cango_start_date, "btc"])  # [BTC]
cango_end = float(cango_holdings.loc[cango_end_date, "btc"])  # [BTC]
cango_weekend_sale = float(events.query("miner == 'Cango' and event_type == 'sale' and date == @cango_end_date")["btc"].item())
cango_sales = {"January": cango_january_sale, "weekend": cango_weekend_sale}  # [BTC]
cango_gap = float(ml.reconcile_holdings(cango_start, cango_mined, sum(cango_sales.values()), cango_end))  # [BTC]

# Bitdeer: 1,530 on 31 Jan, "nearly 500 fewer" than on 31 Dec, 668 mined, sales not stated
bitdeer = jan[jan["miner"] == "Bitdeer"].iloc[0]
bitdeer_mined, bitdeer_end = float(bitdeer["btc_mined"]), float(bitdeer["btc_held_end"])
bitdeer_start = bitdeer_end + bitdeer_holdings_drop_btc  # [BTC]
bitdeer_outflow = float(ml.implied_net_outflow_btc(bitdeer_start, bitdeer_mined, bitdeer_end))  # [BTC]
bitdeer_outflow_months = bitdeer_outflow / bitdeer_mined  # [months of January production]

rec = pd.DataFrame({
    "start": [clsk_start, cango_start, bitdeer_start], "mined": [clsk_mined, cango_mined, bitdeer_mined],
    "sold": [clsk_sold, sum(cango_sales.values()), np.nan], "end": [clsk_end, cango_end, bitdeer_end],
    "gap": [clsk_gap, cango_gap, bitdeer_outflow]}, index=["CleanSpark", "Cango", "Bitdeer"])
reader_table(rec, {"start": Col("Start", "BTC", fmt=",.0f"), "mined": Col("Mined", "BTC", fmt=",.1f"),
                   "sold": Col("Sold, reported", "BTC", fmt=",.1f"), "end": Col("End", "BTC", fmt=",.0f"),
                   "gap": Col("Unexplained (Bitdeer: implied outflow)", "BTC", fmt="+,.1f")},
             index="Miner", caption="Table 2. Holdings reconciliation as reported (seed 002; – = not stated). For "
                                    "Bitdeer, whose sales are not stated, the last column is the outflow the "
                                    "holdings imply.")

# %%
display(Markdown(
    f"CleanSpark's figures leave **{clsk_gap:+,.1f} BTC**; Cango's leave **{cango_gap:+,.1f} BTC**: Cango ended "
    f"with more BTC than its reported flows allow. Bitdeer's holdings fell from about {bitdeer_start:,.0f} to "
    f"{bitdeer_end:,.0f} BTC while it mined {bitdeer_mined:,.0f}: about **{bitdeer_outflow:,.0f} BTC** left the "
    f"treasury (sold, pledged or moved), {bitdeer_outflow_months:.1f} months of its January production; because "
    f"the drop is \"nearly 500\", this is approximate. A gap is a question, not an answer: before calling it "
    f"unexplained, test the readings of the figures that could close it."
))

# %% [markdown]
# ### Testing the readings of a gap
#
# A reported figure can be read in more than one way, and each reading changes the identity in one place.
# `ml.reconciliation_readings` tests them one at a time and ranks them by the gap they leave:
#
# * **rounding**: a figure stands for every value that rounds to it ("nearly 13,100" is anything from
#   13,050 to 13,150; 550 is 545 to 555); the reading keeps the value of $U$ over those intervals nearest 0;
# * **double counting**: a smaller sale $s_i$ is part of a larger reported sale, not a second outflow:
#   $U' = U - s_i$;
# * **another period**: sale $s_i$ fell before the start holdings or after the end holdings, so it is
#   not part of the window's flows: $U' = U - s_i$ as well. The figures cannot tell these two apart;
# * **production after the window**: the end holdings are dated $d$ days after the production figure ends
#   and the miner kept mining at $p$ BTC a day: $U' = U - p\,d$.
#
# Each residual is also given in days of the miner's production, $U' / p$: a residual of a few days'
# production is within what undisclosed timing could hold; one of a month is not.

# %%
cango_btc_per_day = cango_mined / january_days  # January's production over its days [BTC/day]
cango_days_after_window = (cango_end_date - january.end_time.normalize()).days  # February days to the 3,645 [days]
cango_qualifiers = {"start": cango_holdings.loc[cango_start_date, "qualifier"],
                    "end": cango_holdings.loc[cango_end_date, "qualifier"]}
cango_readings = ml.reconciliation_readings(cango_start, cango_mined, cango_sales, cango_end,
                                            btc_per_day=cango_btc_per_day,
                                            days_after_window=cango_days_after_window,
                                            qualifiers=cango_qualifiers)
cango_best = cango_readings.iloc[0]
cango_best_kind, cango_best_reading = cango_best["kind"], cango_best["reading"]
cango_best_residual = float(cango_best["unexplained_btc"])  # [BTC]
cango_best_days = float(cango_best["days_of_production"])  # [days]
cango_gap_days = cango_gap / cango_btc_per_day  # [days]
cango_explained_share = 1 - cango_best_residual / cango_gap  # [fraction]
by_kind = cango_readings.drop_duplicates("kind").set_index("kind")
cango_after_window_residual = float(by_kind.loc["production after the window", "unexplained_btc"])  # [BTC]
cango_rounding_residual = float(by_kind.loc["rounding", "unexplained_btc"])  # [BTC]

clsk_readings = ml.reconciliation_readings(clsk_start, clsk_mined, clsk_sold, clsk_end,
                                           btc_per_day=clsk_mined / january_days,
                                           qualifiers={"start": clsk_start_qualifier})
clsk_best_kind = clsk_readings.iloc[0]["kind"]
clsk_best_residual = float(clsk_readings.iloc[0]["unexplained_btc"])  # [BTC]

headline("cango_unexplained_btc", cango_gap, unit="BTC", fmt="{:+,.1f}",
         label="Cango unexplained holdings, figures as reported (seed 002)")
headline("cango_residual_best_reading_btc", cango_best_residual, unit="BTC", fmt="{:+,.1f}",
         label="Cango gap left by the reading that explains most (January's 550 BTC inside the 4,451)")
headline("cango_residual_best_reading_days", cango_best_days, unit="days of production", fmt="{:.1f}",
         label="Cango residual in days of its January production")
reader_table(cango_readings.set_index("kind"),
             {"reading": Col("Reading"), "unexplained_btc": Col("Gap left", "BTC", fmt="+,.1f"),
              "days_of_production": Col("Gap left", "days of production", fmt="+,.1f")},
             index="Kind", caption=f"Table 3. Cango's gap under each reading, the one that explains most first "
                                   f"(production rate {cango_btc_per_day:,.2f} BTC/day).")

# %%
display(Markdown(
    f"As reported, Cango's {cango_gap:+,.1f} BTC is {cango_gap_days:,.1f} days of its January production. The "
    f"reading that explains most is **{cango_best_kind}: {cango_best_reading}**. It leaves "
    f"**{cango_best_residual:+,.1f} BTC, {cango_best_days:,.1f} days of production**, and so explains "
    f"{cango_explained_share:.0%} of the gap. Nothing in the article rules it out: it does not date the "
    f"550 BTC within January, and it gives no holdings between the year-end 7,528 and the 3,645 after the "
    f"weekend, so the two announcements may describe overlapping sales. The same arithmetic reads as the 550 BTC sold "
    f"before 31 December (already out of the 7,528); the figures alone cannot separate the two.\n\n"
    f"The other readings do not come close: {cango_days_after_window} days of February production before the "
    f"3,645 (dates inferred to the week, `data/treasury_events.csv`) leave {cango_after_window_residual:+,.1f} "
    f"BTC, and every figure anywhere it may round from leaves {cango_rounding_residual:+,.1f} BTC. What is left "
    f"after the best reading, {cango_best_days:,.1f} days, is of the size of February production before the "
    f"sale: the two together would close the gap, but that is a combination of readings, not a finding.\n\n"
    f"For CleanSpark the best reading is **{clsk_best_kind}**: the start is \"nearly 13,100\", so a true "
    f"start of {clsk_start_that_closes:,.1f} BTC, inside the interval the words allow, leaves "
    f"{clsk_best_residual:+,.1f} BTC."
))

# %% [markdown]
# ## 4. Treasury paths under selling policies
#
# A month of the simulation (`ml.simulate_treasury`): production $P$ is valued at the month's price $S$,
# fiat costs $C$ are paid from cash and sales, and whatever is not sold joins the treasury $B$. Four policies
# decide the BTC sold: **sell_all** sells the month's production, **hold** sells nothing, **fixed_fraction**
# sells a fixed share $f$ of production, and **sell_to_cover** sells just enough to pay the bills, from
# production first, then from the treasury. A cost that neither cash nor sales cover is external funding
# (debt, equity or unpaid bills). The runway is how many months like the current one the treasury could pay:
#
# $$\mathrm{runway} = \frac{B \cdot S + M}{C - P \cdot S} \quad \mathrm{when} \quad C > P \cdot S$$
#
# with $M$ the cash; it is infinite when production covers the costs.

# %%
musd = 1 / ml.units.USD_PER_MILLION_USD  # dollars to millions of dollars [USD M/USD]
costs_musd, cash_musd = monthly_fiat_costs_usd * musd, start_cash_usd * musd  # [USD M]
production_musd = production_btc_per_month * start_price_usd * musd  # a month's production at the start [USD M]
cover_words = "less" if production_musd < costs_musd else "more"
end_prices = {name: start_price_usd * (1 + d / 100) for name, d in zip(scenario_names, price_drift_pct)}
scenario_words = ", ".join(f"{name} {d:+.0f} % (\\${end_prices[name]:,.0f})"
                           for name, d in zip(scenario_names, price_drift_pct))
display(Markdown(
    f"**Assumptions.** The miner produces {production_btc_per_month:,.0f} BTC a month (CleanSpark's January) "
    f"and starts with {start_treasury_btc:,.0f} BTC (CleanSpark's 31 January holdings, seed 002). Its monthly "
    f"fiat costs of **\\${costs_musd:,.1f}M** and starting cash of \\${cash_musd:,.1f}M are **ASSUMPTIONS**: no "
    f"seed gives a miner's monthly cash costs. At the start price of \\${start_price_usd:,.0f}, a month's "
    f"production is worth \\${production_musd:,.1f}M, {cover_words} than the costs. The price moves "
    f"geometrically over {months} months to the end value of each scenario: {scenario_words}."
))

# %%
summary = pd.DataFrame([
    {"policy": pol, "scenario": sc, "sold_btc": df["sold_btc"].sum(), "end_treasury_btc": df["treasury_btc"].iloc[-1],
     "external_musd": df["cumulative_external_funding_usd"].iloc[-1] * musd,
     "runway_months": df["runway_months"].iloc[-1]}
    for (pol, sc), df in paths.items()])
reader_table(summary, {"policy": Col("Policy"), "scenario": Col("Price path"), "sold_btc": Col("Sold", "BTC", fmt=",.0f"),
                       "end_treasury_btc": Col("Treasury at end", "BTC", fmt=",.0f"),
                       "external_musd": Col("External funding", "USD M", fmt=",.1f"),
                       "runway_months": Col("Runway at end", "months", fmt=",.0f", inf="unlimited")},
             caption=f"Table 4. {months}-month totals by policy and price path.")

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.8, 3.6), sharey=True)
for pol in ml.treasury.POLICIES:
    df = paths[(pol, base_scenario)]
    ax1.plot(df.index + 1, df["treasury_btc"], marker="o", ms=3, label=pol)
for sc in scenario_names:
    df = paths[(base_policy, sc)]
    ax2.plot(df.index + 1, df["treasury_btc"], marker="o", ms=3, label=sc)
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
runway_base = float(base["runway_months"].iloc[-1])  # [months]
runway_words = (f"{runway_base:,.0f} months" if np.isfinite(runway_base)
                else "unlimited: production covers the costs")
held_growth_btc = production_btc_per_month * months  # [BTC]
hold_external_musd = float(paths[("hold", base_scenario)]["cumulative_external_funding_usd"].iloc[-1]) * musd
sell_all_external_musd = float(paths[("sell_all", base_scenario)]["cumulative_external_funding_usd"].iloc[-1]) * musd
cover = summary[summary["policy"] == base_policy]
cover_low, cover_high = float(cover["end_treasury_btc"].min()), float(cover["end_treasury_btc"].max())  # [BTC]
worst = summary.loc[summary["end_treasury_btc"].idxmin()]
worst_policy, worst_scenario, worst_btc = worst["policy"], worst["scenario"], float(worst["end_treasury_btc"])
headline("runway_months_base", runway_base, unit="months", fmt="{:,.0f}",
         label=f"Runway at the end, {base_policy} at the {base_scenario} price (costs: ASSUMPTION)"
               + ("" if np.isfinite(runway_base) else "; production covers costs"))
display(Markdown(
    f"The left panel shows the treasury under each policy at the {base_scenario} price; the right panel shows "
    f"the {base_policy} policy under each price path. Holding grows the treasury by {held_growth_btc:,.0f} BTC "
    f"and leaves \\${hold_external_musd:,.1f}M of costs to outside funding; selling everything keeps the "
    f"treasury flat and needs \\${sell_all_external_musd:,.1f}M of outside funding. Under {base_policy} the "
    f"treasury ends at {cover_low:,.0f}-{cover_high:,.0f} BTC across the price paths. The smallest end "
    f"treasury is {worst_policy} in the {worst_scenario} case ({worst_btc:,.0f} BTC). In the base case "
    f"({base_policy}, {base_scenario}) the runway at the end is **{runway_words}**."
))

# %% [markdown]
# ## 5. The quarter's sales against the network's issuance
#
# Seed 001 reports that public miners sold more than 32,000 BTC in the first quarter. The network issues
# the subsidy $R$ on the protocol's target of 144 blocks a day, so over $d$ days
#
# $$I = R \times 144 \times d$$

# %%
aggregate_sale_btc = float(events.query("miner == 'Public miners (aggregate)' and event_type == 'sale'")["btc"].item())
quarter_issuance = float(ml.network_btc_per_day(block_subsidy_btc)) * quarter_days  # [BTC]
target_blocks_per_day = float(ml.blocks_per_day())  # [blocks/day]
agg_ratio = float(ml.sold_to_produced_ratio(aggregate_sale_btc, quarter_issuance))  # [fraction]
six_quarter_btc = jan_btc * quarter_days / january_days  # the six miners' January rate over a quarter [BTC]
display(Markdown(
    f"The network issued about **{quarter_issuance:,.0f} BTC** of subsidy in {quarter_days:.0f} days "
    f"of {sales_quarter} ({block_subsidy_btc:g} BTC x {target_blocks_per_day:.0f} blocks/day). Sales of "
    f"{aggregate_sale_btc:,.0f}+ BTC are **{agg_ratio:.0%}** of all new coins, and listed miners mine only "
    f"part of them: the six miners of Table 1, at their January rate, mine about {six_quarter_btc:,.0f} BTC a quarter. Unless the listed miners "
    f"together mine at least {agg_ratio:.0%} of the network, the 32,000 BTC must include coins sold from "
    f"treasuries, not only new production. (Fees are left out of $I$; they would raise issuance by a few "
    f"percent.)"
))

# %% [markdown]
# ## 6. Cango's 4,451 BTC sale in context
#
# Cango sold 4,451 BTC for \$305 million to repay part of a BTC-backed loan (002). The proceeds per BTC
# are the sale's implied price, which we set against the spot and cost estimates of the same week.

# %%
cango_weekend_usd = float(events.query("miner == 'Cango' and event_type == 'sale' and date == @cango_end_date")["usd"].item())
cango_price = cango_weekend_usd / cango_weekend_sale  # [USD/BTC]
cost_002 = float(snapshots.query("metric == 'all_in_cost_usd_per_btc' and source.str.startswith('002')",
                                 engine="python")["value"].item())  # [USD/BTC]
cango_gap_cost = float(ml.price_to_cost_gap(cango_price, cost_002))  # [fraction]
cango_cost_words = "below" if cango_gap_cost < 0 else "above"
cango_vs_start = cango_price / start_price_usd - 1  # [fraction]
months_of_output = cango_weekend_sale / cango_mined  # [months of January production]
treasury_share_sold = cango_weekend_sale / cango_start  # [fraction]
display(Markdown(
    f"Cango's sale implies **\\${cango_price:,.0f} per BTC**, {abs(cango_gap_cost):.0%} {cango_cost_words} the "
    f"\\${cost_002:,.0f} average all-in cost of the same article, and {cango_vs_start:+.1%} against the "
    f"\\${start_price_usd:,.0f} start price used above. It sold {months_of_output:,.1f} months of its January "
    f"production in one weekend ({treasury_share_sold:.0%} of its end-2025 treasury): a balance-sheet decision "
    f"(deleveraging to fund an AI pivot), not the month-to-month selling to cover costs that the policies "
    f"above model."
))

# %% [markdown]
# ## Reading
#
# * Production numbers alone say little: of six miners, few report sales or holdings, and the one clear
#   sold-to-produced ratio (CleanSpark) contradicts its CFO's stated policy in the same article.
# * A reconciliation is a test of readings, not a verdict. CleanSpark's gap is rounding. Cango's large
#   gap mostly disappears if January's 550 BTC are part of the 4,451 BTC sale rather than a second outflow;
#   what remains is a few days of production. Bitdeer's holdings imply outflows far above its production.
# * Retained BTC is a policy outcome: the same miner keeps or loses its treasury depending on how it pays
#   fiat costs and on the price path; the runway condenses that into months. The cost figures are
#   assumptions.
