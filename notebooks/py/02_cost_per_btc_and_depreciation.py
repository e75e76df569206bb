# %% [markdown]
# # Cost per BTC and depreciation
#
# What does it cost a miner to produce one bitcoin, which part of that cost is cash, which part moves
# with the fleet and which with the accounting, and how does it compare with the price? This notebook
# takes the cost figures of seed `000_abd4e67359fd40a7.txt` (Cipher's power cost "under \$16,000 per
# BTC", CleanSpark's "approximately \$45,000" all-in, its cost growth to 32 EH/s and the "\$60K-\$65K"
# breakeven if the network drops 20%), lays them out in the cost lines that CoinShares publishes for
# listed miners, and rebuilds the seed's breakeven. It then asks what a machine's life really mines when
# that life spans halvings, and ends with the sector-wide price-vs-cost gauge of seeds
# `001_edb144c9be488f88.txt`, `002_d81e0ff9e5c96647.txt` and `003_51347cbd2f4016cb.txt`.

# %% tags=["parameters"]
q1_miner_hashrate_ehs: float = 16.4  # CleanSpark in Q1 ("6.7 EH → 16.4 EH", seed 000) [EH/s]
year_end_hashrate_ehs: float = 32.0  # CleanSpark's target ("reaches 32 EH by year-end", seed 000) [EH/s]
operational_efficiency: float = 0.86  # captured share of the expected reward ("86%", seed 000) [fraction]
q1_network_hashrate_ehs: float = 566.0  # network hashrate ("566 EH/s at quarter-end", seed 000) [EH/s]
fees_per_block_btc: float = 0.0  # seed 000 counts the subsidy only ("900 BTC mined daily") [BTC/block]
clsk_all_in_cost_usd_per_btc: float = 45000.0  # CleanSpark ("approximately $45,000 per BTC", seed 000) [USD/BTC]
power_share_pct: float = 45.0  # ASSUMPTION: power's share of the all-in cost; the seed gives the total only [%]
other_cost_of_revenue_share_pct: float = 10.0  # ASSUMPTION: other cash cost of revenue (sites, repairs) [%]
cash_sga_share_pct: float = 12.5  # ASSUMPTION: SG&A paid in cash (the seed's "G&A") [%]
interest_share_pct: float = 0.0  # ASSUMPTION: interest; the seed names none [%]
depreciation_share_pct: float = 32.5  # ASSUMPTION: depreciation and amortisation [%]
sbc_share_pct: float = 0.0  # ASSUMPTION: stock-based compensation; the seed names none; shares sum to 100 [%]
opex_growth_pct: float = 70.0  # power and other cost of revenue at 32 EH/s ("Operating costs: +70%", seed 000) [%]
g_and_a_growth_pct: float = 20.0  # SG&A and stock-based compensation ("G&A: +20%", seed 000) [%]
depreciation_growth_pct: float = 70.0  # depreciation ("Depreciation: +70%", seed 000) [%]
interest_growth_pct: float = 0.0  # ASSUMPTION: interest does not grow with the fleet [%]
scaling_reference_hashrate_ehs: float = 32.0  # hashrate at which the seed's cost growth applies ("32 EH") [EH/s]
history_start_hashrate_ehs: float = 6.7  # CleanSpark in Q3 2023 ("6.7 EH", seed 000) [EH/s]
history_start_opex_usd: float = 60000000.0  # quarterly opex in Q3 2023 ("$60M", seed 000) [USD]
history_end_opex_usd: float = 100000000.0  # recent quarterly opex ("~$100M average", seed 000) [USD]
scenario_network_change_pct: float = -20.0  # the seed's scenario ("If network hash rate drops 20%") [%]
article_breakeven_low_usd: float = 60000.0  # seed 000's breakeven band, low end ("$60K") [USD/BTC]
article_breakeven_high_usd: float = 65000.0  # seed 000's breakeven band, high end ("$65K") [USD/BTC]
network_change_min_pct: float = -30.0  # lowest network change on the breakeven curve [%]
network_change_max_pct: float = 30.0  # highest network change on the breakeven curve [%]
q4_ramp: str = "linear"  # ASSUMPTION: the ramp to the year-end target for the Q4-average reading [-]
what_if_fees_per_block_btc: float = 0.2  # ASSUMPTION: fees for the practitioner case; no seed gives them [BTC/block]
what_if_sbc_share_pct: float = 5.0  # ASSUMPTION: part of the G&A share paid in stock, practitioner case [%]
cipher_power_cost_usd_per_btc: float = 16000.0  # Cipher's power cost ("under $16,000 per BTC", seed 000) [USD/BTC]
cipher_efficiency_target_j_per_th: float = 22.0  # Cipher's efficiency target ("22J/TH", seed 000) [J/TH]
efficiencies_j_per_th: list = [18.0, 22.0, 25.0, 28.0, 32.0, 36.0]  # fleet efficiencies to tabulate [J/TH]
power_prices_usd_per_kwh: list = [0.03, 0.035, 0.04, 0.045, 0.05, 0.06]  # power prices to tabulate [USD/kWh]
useful_lives_years: list = [3.0, 5.0, 10.0]  # depreciation lives ("3–5 years", "10+ years", seed 000) [years]
base_useful_life_years: float = 4.0  # ASSUMPTION: life behind the Q1 depreciation charge (CleanSpark: 3-5) [years]
life_start_date: str = "2024-03-31"  # the machines' life starts at seed 000's quarter-end snapshot [date]
life_start_height: int = 837120  # ASSUMPTION: block 840,000 (20 Apr 2024, data/halvings.csv) - 20 days x 144 [blocks]
network_growth_end_ehs: float = 913.0  # network later ("roughly 913 exahashes per second", seed 003) [EH/s]
network_growth_end_date: str = "2026-02-05"  # seed 003's date (inferred, data/network_snapshots.csv) [date]
life_btc_price_usd: float = 60000.0  # ASSUMPTION: BTC price held over the machines' life (seed 000's "$60K") [USD/BTC]
margin_btc_price_usd: float = 60000.0  # BTC price for the margin columns (seed 000's "$60K") [USD/BTC]
spot_btc_price_usd: float = 71091.0  # spot price for the gauge ("near $71,091", seed 003) [USD/BTC]
cost_estimates_usd_per_btc: list = [87000.0, 78000.0, 84300.0]  # sector all-in cost estimates [USD/BTC]
cost_estimate_labels: list = ["003: difficulty-linked models", "001: JPMorgan", "002: average all-in"]  # sources [-]

# %%
import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display

import minelib as ml
from minelib.plotting import percent_axis, usd_axis, use_house_style
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
case = dataclasses.replace(
    ml.halving.SEED_000, q1_miner_hashrate_ehs=q1_miner_hashrate_ehs, q4_miner_hashrate_ehs=year_end_hashrate_ehs,
    operational_efficiency=operational_efficiency, q1_network_hashrate_ehs=q1_network_hashrate_ehs,
    fees_per_block_btc=fees_per_block_btc,
)  # seed 000's case with these parameters (the defaults reproduce it)
shares = pd.Series({"power": power_share_pct, "other_cost_of_revenue": other_cost_of_revenue_share_pct,
                    "cash_sga": cash_sga_share_pct, "interest": interest_share_pct,
                    "depreciation": depreciation_share_pct, "stock_based_compensation": sbc_share_pct}) / 100
line_growth = pd.Series({"power": opex_growth_pct, "other_cost_of_revenue": opex_growth_pct,
                         "cash_sga": g_and_a_growth_pct, "interest": interest_growth_pct,
                         "depreciation": depreciation_growth_pct, "stock_based_compensation": g_and_a_growth_pct}) / 100
reference_growth = scaling_reference_hashrate_ehs / q1_miner_hashrate_ehs - 1  # [fraction]
elasticity = ml.cost_elasticity(line_growth, reference_growth)  # per line [dimensionless]
if not 0 <= what_if_sbc_share_pct <= cash_sga_share_pct + sbc_share_pct:
    raise ValueError(f"what_if_sbc_share_pct={what_if_sbc_share_pct!r} must lie in [0, cash_sga_share_pct + "
                     f"sbc_share_pct] [%]: it moves part of the G&A from cash to stock")
if len(cost_estimate_labels) != len(cost_estimates_usd_per_btc):
    raise ValueError(f"cost_estimate_labels has {len(cost_estimate_labels)} entries, cost_estimates_usd_per_btc "
                     f"{len(cost_estimates_usd_per_btc)}; expected the same number")
if not network_change_min_pct < scenario_network_change_pct <= network_change_max_pct:
    raise ValueError(f"scenario_network_change_pct={scenario_network_change_pct!r} must lie in "
                     f"(network_change_min_pct, network_change_max_pct] [%]")
scenario_change = scenario_network_change_pct / 100  # [fraction]
stack_kw = dict(q1_all_in_cost_usd_per_btc=clsk_all_in_cost_usd_per_btc, cost_shares=shares.to_dict(),
                cost_elasticities=elasticity.to_dict())
q1_btc = float(ml.q4_projection(0.0, **case)["q1_btc"].iloc[0])  # modelled, as notebook 01 [BTC]
q4 = ml.q4_cost_stack_usd_per_btc([0.0, scenario_change], **stack_kw, **case)  # Q4 stacks: flat and scenario
days_q1 = ml.days_in_quarter(case.q1_quarter)  # [days]
efficiencies = np.asarray(efficiencies_j_per_th, dtype=float)  # [J/TH]
power_prices = np.asarray(power_prices_usd_per_kwh, dtype=float)  # [USD/kWh]
lives = np.asarray(useful_lives_years, dtype=float)  # [years]
line_labels = {"power": "Power", "other_cost_of_revenue": "Other cost of revenue", "cash_sga": "Cash SG&A",
               "interest": "Interest", "cash_cost": "Cash cost", "depreciation": "Depreciation",
               "stock_based_compensation": "Stock-based compensation", "all_in_cost": "All-in cost"}

# %% [markdown]
# ## 1. Power cost per BTC: Cipher's "under \$16,000"
#
# A machine of efficiency $\epsilon$ (J/TH) draws $\epsilon$ kW per PH/s, $24\,\epsilon$ kWh a day, and
# earns the hashprice $h$ (BTC per PH/s per day). At a power price $p$ (USD/kWh) the electricity bill
# per BTC mined is
#
# $$C_{\mathrm{power}} = \frac{24 \cdot \epsilon \cdot p}{h}$$

# %%
q1_reward_btc = case.q1_block_subsidy_btc + case.fees_per_block_btc  # [BTC/block]
q1_hashprice_btc = float(ml.hashprice_btc_per_ph_day(q1_network_hashrate_ehs, q1_reward_btc))  # [BTC/PH/day]
q1_hashprice_mbtc = 1000 * q1_hashprice_btc  # [mBTC/PH/day]
power_grid = pd.DataFrame(ml.power_cost_usd_per_btc(efficiencies[:, None], power_prices[None, :], q1_hashprice_btc),
                          index=pd.Index(efficiencies, name="Efficiency [J/TH]"),
                          columns=[f"${p:.3f}" for p in power_prices])
fig, ax = plt.subplots(figsize=(6.8, 3.6))
sns.heatmap(power_grid, annot=power_grid.map(lambda v: f"{v / 1000:.1f}k"), fmt="", cmap="RdYlGn_r",
            center=cipher_power_cost_usd_per_btc, linewidths=0.5, annot_kws={"fontsize": 8},
            cbar_kws={"label": "Power cost [USD/BTC]"}, ax=ax)
ax.set(xlabel="Power price [USD/kWh]", ylabel="Fleet efficiency [J/TH]", title="Power cost per BTC in Q1 2024")
plt.show()

# %%
cipher_hashprice_usd = float(ml.hashprice_usd_per_ph_day(cipher_power_cost_usd_per_btc, q1_network_hashrate_ehs,
                                                         q1_reward_btc))  # [USD/PH/day]
max_price_at_target = float(ml.breakeven_power_price_usd_per_kwh(cipher_hashprice_usd,
                                                                 cipher_efficiency_target_j_per_th))  # [USD/kWh]
n_below = int((power_grid.to_numpy() < cipher_power_cost_usd_per_btc).sum())
n_cells = power_grid.size
display(Markdown(
    f"The heatmap gives the power cost per BTC at the Q1 hashprice ({q1_hashprice_mbtc:.3f} mBTC per PH/s per "
    f"day); {n_below} of its {n_cells} cells are below Cipher's \\${cipher_power_cost_usd_per_btc:,.0f}. At "
    f"its {cipher_efficiency_target_j_per_th:g} J/TH target Cipher stays under that figure with power below "
    f"**\\${max_price_at_target:.4f}/kWh**; a less efficient fleet needs cheaper power still, which is what the seed "
    f"credits (\"low-cost electricity\")."
))

# %% [markdown]
# ## 2. The cost stack, CoinShares' way
#
# CoinShares' quarterly mining reports (and TheMinerMag) stack a listed miner's costs in published
# lines. The **cash cost** is what the quarter costs in cash; the **all-in cost** adds the non-cash lines:
#
# $$c_{\mathrm{cash}} = \frac{P + O + G + I}{\mathrm{BTC}}, \qquad c_{\mathrm{all\,in}} = c_{\mathrm{cash}} + \frac{D + S}{\mathrm{BTC}}$$
#
# with $P$ power (the self-mining cost of revenue), $O$ the rest of the cost of revenue paid in cash,
# $G$ SG&A *excluding* stock-based compensation, $I$ interest, $D$ depreciation and amortisation and $S$
# stock-based compensation. Interest is its own line and counts as cash; CoinShares' cash cost has none,
# so it matches ours when $I = 0$. The same stack per unit of hashrate and time is CoinShares' **hashcost**,
# which compares with hashprice directly:
#
# $$\mathrm{hashcost} = \frac{\mathrm{cost}}{\bar m\,[\mathrm{PH/s}] \times \mathrm{days}}$$
#
# **How the stack is built from seed 000.** The seed gives one number, "approximately \$45,000 per BTC".
# (1) Q1 cost = \$45,000 x Q1 production, the modelled Q1 production of notebook 01. (2) It is split into the
# lines by the shares in the parameters: **an ASSUMPTION**, the seed gives no split. (3) Each line runs at a
# daily rate that grows with the fleet at a constant elasticity $k = \ln(1 + \Delta\mathrm{cost}) /
# \ln(1 + \Delta\mathrm{hashrate})$, from the seed's "+70%" (power, other cost of revenue, depreciation)
# and "+20%" (G&A, cash and stock) at 32 EH/s; interest does not grow. (4) Q4 cost = that rate x Q4's
# days x $(m_4/m_1)^k$; per BTC it is divided by Q4 production. `minelib.q4_cost_stack_usd_per_btc`
# does exactly this.

# %%
q1_lines_usd = shares * clsk_all_in_cost_usd_per_btc * q1_btc  # [USD] by line
q1_kw = {f"{line}_usd": usd for line, usd in q1_lines_usd.items()}
q1_per_btc = ml.cost_stack_usd_per_btc(q1_btc, **q1_kw).iloc[0]  # [USD/BTC]
q1_per_ph_day = ml.cost_stack_usd_per_ph_day(q1_miner_hashrate_ehs, days_q1, **q1_kw).iloc[0]  # [USD/PH/day]
q1_cash_cost = float(q1_per_btc["cash_cost"])  # [USD/BTC]
q1_all_in_cost = float(q1_per_btc["all_in_cost"])  # [USD/BTC]
q1_all_in_hashcost = float(q1_per_ph_day["all_in_cost"])  # [USD/PH/day]
q1_total_musd = q1_lines_usd.sum() / 1e6  # [USD M]
q1_table = pd.DataFrame({"share": pd.concat([shares, pd.Series({"cash_cost": shares[:4].sum(), "all_in_cost": 1.0})]),
                         "per_btc": q1_per_btc, "per_ph_day": q1_per_ph_day}).loc[list(line_labels)]
q1_table.index = [line_labels[k] for k in q1_table.index]
headline("q1_all_in_cost_usd_per_btc", q1_all_in_cost, unit="USD/BTC", fmt="{:,.0f}",
         label="Q1 all-in cost per BTC (CoinShares lines; seed 000)")
headline("q1_cash_cost_usd_per_btc", q1_cash_cost, unit="USD/BTC", fmt="{:,.0f}",
         label="Q1 cash cost per BTC (CoinShares; split by assumption)")
headline("q1_all_in_hashcost_usd_per_ph_day", q1_all_in_hashcost, unit="USD/PH/day", fmt="{:,.2f}",
         label="Q1 all-in hashcost (CoinShares)")
reader_table(q1_table, {"share": Col("Share of all-in", percent=True, decimals=1),
                        "per_btc": Col("Per BTC", "USD/BTC", fmt=",.0f"),
                        "per_ph_day": Col("Hashcost", "USD/PH/day", fmt=",.2f")},
             index="Line", caption=f"Table 1. CleanSpark's Q1 cost stack on {q1_btc:,.0f} modelled BTC "
                                   f"(split: ASSUMPTION).")

# %%
display(Markdown(
    f"On the modelled {q1_btc:,.0f} BTC, \\${clsk_all_in_cost_usd_per_btc:,.0f} per BTC is a quarter's cost of "
    f"\\${q1_total_musd:,.1f}M. With the assumed split the cash cost is **\\${q1_cash_cost:,.0f}** per BTC and the "
    f"all-in cost **\\${q1_all_in_cost:,.0f}**; per unit of hashrate the all-in hashcost is "
    f"**\\${q1_all_in_hashcost:,.2f} per PH/s per day**, to set against the hashprice."
))

# %%
bars = pd.concat([q1_per_btc.to_frame().T, q4.drop(columns=["network_change", "q4_miner_hashrate_ehs", "q4_btc"])])
bars.index = ["Q1", "Q4, flat network", f"Q4, network {scenario_network_change_pct:+g}%"]
parts = [line for line in ml.costs.COST_LINES if bars[line].max() > 0]
fig, ax = plt.subplots(figsize=(6.8, 3.6))
bars[parts].rename(columns=line_labels).plot.bar(stacked=True, ax=ax, rot=0, width=0.6)
ax.set(xlabel="", ylabel="Cost per BTC [USD/BTC]", title="CleanSpark's cost stack per BTC (split: ASSUMPTION)")
usd_axis(ax)
ax.set_ylim(0, bars["all_in_cost"].max() * 1.35)
ax.legend(ncols=2, loc="upper left", fontsize=8)
plt.show()

# %%
q4_flat_all_in = float(q4["all_in_cost"].iloc[0])  # [USD/BTC]
q4_flat_multiple = q4_flat_all_in / q1_all_in_cost  # [ratio]
doubling_words = "less than doubles" if q4_flat_multiple < 2 else "more than doubles"
display(Markdown(
    f"After the halving, at {year_end_hashrate_ehs:g} EH/s and a flat network, the all-in cost per BTC becomes "
    f"**\\${q4_flat_all_in:,.0f}**, {q4_flat_multiple:.2f} times Q1: it {doubling_words}, because the fleet grows "
    f"faster than its costs (the seed's \"If BTC halved, does cost per BTC double? Not necessarily\")."
))

# %% [markdown]
# ### How costs scaled in the past
#
# The seed's history: hashrate grew from 6.7 to 16.4 EH/s while operating expenses rose from \$60M to
# about \$100M a quarter. The same elasticity measures how much less than proportionally costs grew.

# %%
history_growth = q1_miner_hashrate_ehs / history_start_hashrate_ehs - 1  # [fraction]
history_k = float(ml.cost_elasticity(history_end_opex_usd / history_start_opex_usd - 1, history_growth))
opex_forward_k = float(elasticity["other_cost_of_revenue"])
ga_forward_k = float(elasticity["cash_sga"])
opex_at_history_k = float(ml.scaled_cost_usd(history_end_opex_usd, reference_growth, history_k))  # [USD]
opex_at_history_k_musd = opex_at_history_k / 1e6  # [USD M]
conservatism = "more conservative than" if opex_forward_k > history_k else "less conservative than"
display(Markdown(
    f"In the past, opex grew with elasticity **{history_k:.2f}**; the seed's forward \"+{opex_growth_pct:g}%\" to "
    f"{scaling_reference_hashrate_ehs:g} EH/s is an elasticity of **{opex_forward_k:.2f}** ({ga_forward_k:.2f} for "
    f"G&A). Carried forward at the historical elasticity, opex would reach \\${opex_at_history_k_musd:,.0f}M a "
    f"quarter: the seed's assumption is {conservatism} its own history."
))

# %% [markdown]
# ## 3. Breakeven BTC price against the network's change
#
# The breakeven price is the price at which the quarter's revenue pays the quarter's costs,
# $P^{*} = C_4 / \mathrm{BTC}_4$. Costs follow the fleet, production follows the network, so every point
# of network decline lowers the breakeven. The seed: *"If network hash rate drops 20%, CLSK remains
# profitable at BTC prices of \$60K-\$65K."*

# %%
changes = np.linspace(network_change_min_pct, network_change_max_pct, 61) / 100  # [fraction]
curve = ml.q4_cost_stack_usd_per_btc(changes, **stack_kw, **case)
breakeven_scenario = float(q4["all_in_cost"].iloc[1])  # [USD/BTC]
breakeven_flat = q4_flat_all_in  # [USD/BTC]
fig, ax = plt.subplots(figsize=(6.8, 3.6))
ax.plot(curve["network_change"], curve["all_in_cost"], label="All-in breakeven")
ax.plot(curve["network_change"], curve["cash_cost"], ls="--", label="Cash breakeven")
ax.fill_between([scenario_change - 0.01, scenario_change + 0.01], article_breakeven_low_usd,
                article_breakeven_high_usd, color="C2", alpha=0.35, label="Seed's band")
ax.plot([scenario_change], [breakeven_scenario], "o", color="C3", label=f"Model at {scenario_network_change_pct:+g}%")
ax.set(xlabel="Network change Q1 to Q4 [%]", ylabel="Breakeven BTC price [USD/BTC]",
       title=f"CleanSpark's Q4 breakeven at {year_end_hashrate_ehs:g} EH/s")
percent_axis(ax, axis="x")
usd_axis(ax)
ax.legend(fontsize=8, loc="upper left")
plt.show()
headline("breakeven_price_at_scenario", breakeven_scenario, unit="USD/BTC", fmt="{:,.0f}",
         label=f"All-in (CoinShares) breakeven at {scenario_network_change_pct:+g}% network, seed 000's conventions")
headline("breakeven_price_flat_network", breakeven_flat, unit="USD/BTC", fmt="{:,.0f}",
         label="All-in (CoinShares) breakeven at a flat network, seed 000's conventions")

# %%
band_mid = (article_breakeven_low_usd + article_breakeven_high_usd) / 2  # [USD/BTC]
gap_to_mid = breakeven_scenario / band_mid - 1  # [fraction]
band_words = ("below the seed's band" if breakeven_scenario < article_breakeven_low_usd else
              "above the seed's band" if breakeven_scenario > article_breakeven_high_usd else "inside the seed's band")
display(Markdown(
    f"The all-in breakeven (solid) at {scenario_network_change_pct:+g}% is **\\${breakeven_scenario:,.0f}**, "
    f"{band_words} ({gap_to_mid:+.1%} from its midpoint); at a flat network it is \\${breakeven_flat:,.0f}. The "
    f"cash breakeven (dashed) is what the quarter needs to pay its bills. Both rest on the assumed split: "
    f"Table 2 varies the G&A share, the one line that grows differently."
))

# %%
ga_total = shares["cash_sga"] + shares["stock_based_compensation"]  # [fraction]
others = shares.drop(["cash_sga", "stock_based_compensation"])
ga_rows = {}
for ga in sorted({0.05, 0.10, 0.15, 0.20, 0.30, round(float(ga_total), 4)}):
    varied = pd.concat([others / others.sum() * (1 - ga), pd.Series({"cash_sga": ga, "stock_based_compensation": 0})])
    ga_rows[ga] = float(ml.q4_cost_stack_usd_per_btc(scenario_change, **{**stack_kw, "cost_shares": varied.to_dict()},
                                                     **case)["all_in_cost"].iloc[0])
ga_table = pd.DataFrame({"breakeven": pd.Series(ga_rows)})
ga_table.index = [ml.tables.format_percent(g) for g in ga_table.index]
reader_table(ga_table, {"breakeven": Col(f"All-in breakeven at {scenario_network_change_pct:+g}% network",
                                         "USD/BTC", fmt=",.0f")},
             index="G&A share of the Q1 cost", caption="Table 2. The breakeven by the assumed G&A share.")

# %% [markdown]
# ### The seed's case and a practitioner's
#
# The seed's breakeven rests on conventions a practitioner would change one at a time:
#
# * **the year-end target is the end of a ramp**, not Q4's hashrate: Q4 averages less (notebook 01,
#   section 4), so it mines less and, at an elasticity below 1, spends less;
# * **fees do not halve**: with fees $f$ per block each quarter mines $(s + f)/s$ times the subsidy-only
#   BTC;
# * **part of G&A is paid in stock**: it moves from the cash cost to the all-in cost, which does not change.
#
# Two practitioner inputs do not enter here: the seed's 86% is a captured share of the expected reward
# (already net of pool fees and downtime), and the power line is the bill at the meter (cooling included).

# %%
q4_average_ehs = ml.quarter_average_hashrate_ehs(q1_miner_hashrate_ehs, year_end_hashrate_ehs, ramp=q4_ramp,
                                                 start_quarter=case.q1_quarter, end_quarter=case.q4_quarter)
averaged = dataclasses.replace(case, q4_miner_hashrate_ehs=q4_average_ehs)
with_fees = dataclasses.replace(averaged, fees_per_block_btc=what_if_fees_per_block_btc)
moved_to_stock = what_if_sbc_share_pct / 100 - shares["stock_based_compensation"]  # G&A paid in stock instead [fraction]
sbc_shares = shares.add(pd.Series({"cash_sga": -moved_to_stock, "stock_based_compensation": moved_to_stock}),
                        fill_value=0.0)[shares.index]
steps = {
    "Seed 000's conventions": (case, shares),
    f"Q4 average of a {q4_ramp} ramp": (averaged, shares),
    f"... and {what_if_fees_per_block_btc:g} BTC fees per block": (with_fees, shares),
    f"... and {what_if_sbc_share_pct:g}% of the cost paid in stock": (with_fees, sbc_shares),
}
practice = pd.concat({label: ml.q4_cost_stack_usd_per_btc(
    scenario_change, **{**stack_kw, "cost_shares": s.to_dict()}, **c) for label, (c, s) in steps.items()})
practice.index = list(steps)
averaged_breakeven = float(practice["all_in_cost"].iloc[1])  # [USD/BTC]
practitioner_breakeven = float(practice["all_in_cost"].iloc[-1])  # [USD/BTC]
practitioner_cash = float(practice["cash_cost"].iloc[-1])  # [USD/BTC]
reader_table(practice, {"q4_miner_hashrate_ehs": Col("Q4 hashrate", "EH/s", fmt=".2f"),
                        "q4_btc": Col("Q4 production", "BTC", fmt=",.0f"),
                        "cash_cost": Col("Cash breakeven", "USD/BTC", fmt=",.0f"),
                        "all_in_cost": Col("All-in breakeven", "USD/BTC", fmt=",.0f")},
             index="Case", caption=f"Table 3. The breakeven at {scenario_network_change_pct:+g}% network, one "
                                   f"convention at a time.")

# %%
headline("breakeven_price_at_scenario_practitioner", practitioner_breakeven, unit="USD/BTC", fmt="{:,.0f}",
         label=f"All-in breakeven at {scenario_network_change_pct:+g}% network: Q4 average hashrate, "
               f"{what_if_fees_per_block_btc:g} BTC fees (ASSUMPTIONS)")
display(Markdown(
    f"Read down Table 3: the Q4 average of {q4_average_ehs:.2f} EH/s raises the breakeven from "
    f"\\${breakeven_scenario:,.0f} to \\${averaged_breakeven:,.0f}, and fees of "
    f"{what_if_fees_per_block_btc:g} BTC a block bring it to **\\${practitioner_breakeven:,.0f}**. Paying part of "
    f"the cost in stock leaves that all-in figure alone and lowers the cash breakeven to "
    f"\\${practitioner_cash:,.0f}."
))

# %% [markdown]
# ## 4. Depreciation: what a life really mines
#
# Depreciation spreads the machines' cost over their useful life $L$. The seed: *"Most miners depreciate
# ASICs over 3–5 years—but this is arbitrary ... longer depreciation periods (e.g., 10+ years) become
# feasible."* Per BTC, a common shortcut holds today's production constant:
#
# $$d_{\mathrm{const}} = \frac{\mathrm{capex}}{L \times \mathrm{BTC}_{\mathrm{year}}}$$
#
# But a machine does not mine the same BTC every year. Its production halves at every halving (every
# 210,000 blocks, about four years), falls as
# the network's difficulty grows at $g$ a year, and stops when the hashprice no longer pays the machines'
# power (the economic shutdown, at an assumed price). Depreciation per BTC is capex over what the life
# really mines:
#
# $$d = \frac{\mathrm{capex}}{\int_0^{\min(L,\,T_{\mathrm{off}})} m \, h(t) \, dt}, \qquad h(t) = h_j\,(1 + g)^{-t}\ \text{in subsidy era } j$$
#
# The capex is not in the seed: we back it out of the assumed Q1 depreciation charge and an assumed base
# life (both ASSUMPTIONS). The network's growth is its own pace between seed 000 (566 EH/s at the end of
# Q1 2024) and seed 003 (about 913 EH/s in early 2026).

# %%
annual_depreciation = float(q1_lines_usd["depreciation"]) * ml.units.DAYS_PER_YEAR / days_q1  # [USD/year]
capex = annual_depreciation * base_useful_life_years  # straight line, no salvage, run backwards [USD]
capex_musd = capex / 1e6  # [USD M]
growth_years = (pd.Timestamp(network_growth_end_date) - pd.Timestamp(life_start_date)).days / ml.units.DAYS_PER_YEAR
network_growth = float(ml.annualized_growth(q1_network_hashrate_ehs, network_growth_end_ehs, growth_years))
run_rate_btc_per_year = q1_btc * ml.units.DAYS_PER_YEAR / days_q1  # Q1 run rate [BTC/year]
power_hashcost = float(q1_per_ph_day["power"])  # what switching a PH/s off saves [USD/PH/day]
halving_dates = {height: ml.expected_halving_date(life_start_height, life_start_date, q1_network_hashrate_ehs,
                                                  network_growth, halving_height=height)
                 for height in (840_000, 1_050_000)}  # protocol heights, dates under the network's growth
days_to_first_halving = round((halving_dates[840_000] - pd.Timestamp(life_start_date, tz="UTC"))
                              / pd.Timedelta(days=1))  # [days]
next_halving_date = halving_dates[1_050_000].strftime("%B %Y")
life_kw = dict(start_height=life_start_height, start_date=life_start_date, fees_per_block_btc=fees_per_block_btc,
               uptime=operational_efficiency)  # the seed's 86%: captured share of the reward
readings = {
    "constant": run_rate_btc_per_year * lives,
    "halvings": ml.btc_mined_over_life(q1_miner_hashrate_ehs, q1_network_hashrate_ehs, lives, **life_kw),
    "growth": ml.btc_mined_over_life(q1_miner_hashrate_ehs, q1_network_hashrate_ehs, lives, **life_kw,
                                     annual_hashrate_growth=network_growth),
    "shutdown": ml.btc_mined_over_life(q1_miner_hashrate_ehs, q1_network_hashrate_ehs, lives, **life_kw,
                                       annual_hashrate_growth=network_growth, btc_price_usd=life_btc_price_usd,
                                       cash_cost_usd_per_ph_day=power_hashcost),
}
economic_life = ml.economic_life_years(q1_miner_hashrate_ehs, q1_network_hashrate_ehs, lives, **life_kw,
                                       annual_hashrate_growth=network_growth, btc_price_usd=life_btc_price_usd,
                                       cash_cost_usd_per_ph_day=power_hashcost)  # [years]
per_btc = pd.DataFrame({k: capex / v for k, v in readings.items()}, index=[f"{L:g}" for L in lives])
per_btc["economic_life"] = economic_life
reader_table(per_btc, {"constant": Col("Held constant", "USD/BTC", fmt=",.0f"),
                       "halvings": Col("With halvings", "USD/BTC", fmt=",.0f"),
                       "growth": Col("+ network growth", "USD/BTC", fmt=",.0f"),
                       "shutdown": Col("+ shutdown", "USD/BTC", fmt=",.0f"),
                       "economic_life": Col("Years run", "years", fmt=".1f")},
             index="Useful life [years]", caption=f"Table 4. Depreciation per BTC of ${capex_musd:,.0f}M of machines.")

# %%
old = ml.useful_life_sensitivity(q1_cash_cost, capex, margin_btc_price_usd, lives, readings["constant"])
new = ml.useful_life_sensitivity(q1_cash_cost, capex, margin_btc_price_usd, lives, readings["shutdown"])
old_short, old_long = old["all_in_cost_usd_per_btc"].iloc[[0, -1]]
new_short, new_long = new["all_in_cost_usd_per_btc"].iloc[[0, -1]]
old_cut, new_cut = old_long / old_short - 1, new_long / new_short - 1  # [fraction]
short_life, long_life = lives[0], lives[-1]  # [years]
shutdown_years = float(economic_life[-1])  # [years]
headline("all_in_cost_short_life", old_short, unit="USD/BTC", fmt="{:,.0f}",
         label=f"All-in cost/BTC at a {short_life:g}-year life, production held constant (old convention)")
headline("all_in_cost_long_life", old_long, unit="USD/BTC", fmt="{:,.0f}",
         label=f"All-in cost/BTC at a {long_life:g}-year life, production held constant (old convention)")
life_words = (f"BTC the life mines: halvings, network +{network_growth:.1%}/year, shutdown at "
              f"${life_btc_price_usd:,.0f} (ASSUMPTIONS)")
headline("all_in_cost_short_life_mined", new_short, unit="USD/BTC", fmt="{:,.0f}",
         label=f"All-in cost/BTC at a {short_life:g}-year life, {life_words}")
headline("all_in_cost_long_life_mined", new_long, unit="USD/BTC", fmt="{:,.0f}",
         label=f"All-in cost/BTC at a {long_life:g}-year life, {life_words}")

# %%
years = np.arange(1.0, long_life + 1)  # [years]
cumulative = {k: ml.btc_mined_over_life(q1_miner_hashrate_ehs, q1_network_hashrate_ehs, years, **life_kw, **extra)
              for k, extra in (("halvings", {}), ("growth", {"annual_hashrate_growth": network_growth}),
                               ("shutdown", {"annual_hashrate_growth": network_growth,
                                             "btc_price_usd": life_btc_price_usd,
                                             "cash_cost_usd_per_ph_day": power_hashcost}))}
fig, ax = plt.subplots(figsize=(6.8, 3.4))
edges = np.append(0.0, years)  # [years]
ax.stairs(np.full(years.size, run_rate_btc_per_year), edges, baseline=None, label="Held constant (Q1 run rate)",
          lw=1.5)
for k, label in (("halvings", "With halvings"), ("growth", "... and network growth"),
                 ("shutdown", "... and the shutdown")):
    ax.stairs(np.diff(cumulative[k], prepend=0.0), edges, baseline=None, label=label, lw=1.5)
ax.set(xlabel="Year of the machines' life [years]", ylabel="BTC mined in the year [BTC]",
       title="What the same machines mine, year by year")
ax.set_ylim(0, run_rate_btc_per_year * 1.6)
ax.legend(fontsize=8, loc="upper right", ncols=2)
plt.show()

# %%
display(Markdown(
    f"Table 4 and the chart take \\${capex_musd:,.0f}M of machines ({q1_miner_hashrate_ehs:g} EH/s) from "
    f"{life_start_date}. Held at the Q1 run rate - a pre-halving rate - they would mine "
    f"{run_rate_btc_per_year:,.0f} BTC every year. The halving {days_to_first_halving} days in halves that at once, "
    f"the next (block 1,050,000, expected in {next_halving_date}) halves it again, and a network growing "
    f"{network_growth:.1%} a year (its pace from seed 000 to seed 003) erodes the share in between. At "
    f"\\${life_btc_price_usd:,.0f} (an ASSUMPTION held over the life) the "
    f"hashprice stops paying the machines' power of \\${power_hashcost:,.2f} per PH/s per day after "
    f"**{shutdown_years:.1f} years**. So a {long_life:g}-year life moves the all-in cost (cash held at Q1's "
    f"\\${q1_cash_cost:,.0f}) by **{new_cut:+.0%}** (\\${new_short:,.0f} to \\${new_long:,.0f}), against "
    f"{old_cut:+.0%} (\\${old_short:,.0f} to \\${old_long:,.0f}) with production held constant: the old figure's "
    f"gain comes from BTC that the machines never mine. How long they run depends on the price they see: "
    f"Table 5."
))

# %%
prices = np.unique(np.append([45_000.0, 60_000.0, 80_000.0, 100_000.0], life_btc_price_usd))  # [USD/BTC]
by_price = pd.DataFrame({
    "years_run": ml.economic_life_years(q1_miner_hashrate_ehs, q1_network_hashrate_ehs, long_life, **life_kw,
                                        annual_hashrate_growth=network_growth, btc_price_usd=prices,
                                        cash_cost_usd_per_ph_day=power_hashcost),
    "btc": ml.btc_mined_over_life(q1_miner_hashrate_ehs, q1_network_hashrate_ehs, long_life, **life_kw,
                                  annual_hashrate_growth=network_growth, btc_price_usd=prices,
                                  cash_cost_usd_per_ph_day=power_hashcost),
}, index=[f"${p:,.0f}" for p in prices])
by_price["depreciation"] = capex / by_price["btc"]
reader_table(by_price, {"years_run": Col("Years run", "years", fmt=".1f"),
                        "btc": Col("BTC mined", "BTC", fmt=",.0f"),
                        "depreciation": Col("Depreciation per BTC", "USD/BTC", fmt=",.0f")},
             index="BTC price held", caption=f"Table 5. A {long_life:g}-year life by the price the machines see.")

# %% [markdown]
# ## 5. The price-vs-cost gauge
#
# Seed `001_edb144c9be488f88.txt` calls a sector-wide cost estimate "a pressure gauge", not a price floor.
# The reading is the gap between spot and the estimate, and the margin a miner at that cost would make:
#
# $$\mathrm{gap} = \frac{\mathrm{price}}{\mathrm{cost}} - 1, \qquad \mathrm{margin} = \frac{\mathrm{price} - \mathrm{cost}}{\mathrm{price}}$$

# %%
estimates = pd.Series(np.asarray(cost_estimates_usd_per_btc, dtype=float), index=cost_estimate_labels)
gauge = pd.DataFrame({"cost": estimates, "gap": ml.price_to_cost_gap(spot_btc_price_usd, estimates),
                      "margin": ml.margin_fraction(spot_btc_price_usd, estimates)})
fig, ax = plt.subplots(figsize=(6.8, 2.6))
ax.barh(gauge.index, gauge["gap"], color=["C3" if g < 0 else "C2" for g in gauge["gap"]])
ax.axvline(0, color="k", lw=0.8)
ax.set(xlabel=f"Spot (${spot_btc_price_usd:,.0f}) relative to the all-in estimate [%]", title="Price-vs-cost gauge")
percent_axis(ax, axis="x")
plt.show()
reader_table(gauge, {"cost": Col("All-in estimate", "USD/BTC", fmt=",.0f"),
                     "gap": Col("Spot vs estimate", percent=True, sign=True),
                     "margin": Col("Margin at spot", percent=True, sign=True)},
             index="Source", caption="Table 6. Spot against the published all-in estimates.")

# %%
n_below_spot = int((gauge["gap"] < 0).sum())
worst_source = gauge["gap"].idxmin()
worst_gap = float(gauge.loc[worst_source, "gap"])  # [fraction]
worst_margin = float(gauge.loc[worst_source, "margin"])  # [fraction]
n_estimates = len(gauge)
display(Markdown(
    f"Spot (\\${spot_btc_price_usd:,.0f}) is below {n_below_spot} of the {n_estimates} published all-in estimates; "
    f"the widest gap is against \"{worst_source}\" ({worst_gap:+.1%}, a margin of {worst_margin:+.1%} per BTC sold). "
    f"Seed 003 calls its gap \"negative by roughly one-fifth of modeled expense\". The estimates come from different "
    f"dates and methods, so the gauge is a pressure reading, not any one miner's breakeven."
))

# %% [markdown]
# ## Reading
#
# * **Cost lines.** The CoinShares stack separates what a quarter costs in cash (power, other cost of
#   revenue, cash SG&A, interest) from the all-in cost (plus depreciation and stock-based compensation);
#   the hashcost states the same stack per PH/s per day, beside the hashprice.
# * **Breakeven.** The seed's \$60K-\$65K at a 20% smaller network follows from its own growth figures
#   once the cost is split (an assumption). Reading the year-end target as the end of a ramp and counting
#   fees move it; paying staff in stock moves only the cash breakeven.
# * **Depreciation.** A longer life spreads capex over BTC the machines mine only if they mine it: the
#   halvings, the network's growth and the economic shutdown decide how much, not the accounting policy.
