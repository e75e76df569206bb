# %% [markdown]
# # Mining vs AI/HPC: one megawatt, two businesses
#
# Miners control power, land and cooling; hyperscalers want all three for AI. Should a site keep hashing
# or be converted and leased to an AI/HPC tenant? This lecture puts both on **one basis** - a megawatt of
# gross utility power - charges each its capital (the ASICs a mine must keep replacing, the hall a
# conversion must build), discounts the cash flows, and reads the public terms of three deals the seeds
# mention: Cipher Mining with Fluidstack and with Amazon, and IREN with Microsoft (\$5.5 billion and
# \$9.7 billion in seeds `004_57c45d30c358cac2.txt` and `002_d81e0ff9e5c96647.txt`; the terms in
# `data/hpc_deals.csv`, each with its public page). It ends with seed `001_edb144c9be488f88.txt`'s
# caveat: "The AI Pivot Is Not a Free Escape".

# %% tags=["parameters"]
base_hashprice_usd_per_ph_day: float = 40.0  # hashprice "approaches $40" / "~$40" (seeds 003, 004) [USD/PH/day]
july_hashprice_usd_per_ph_day: float = 62.0  # "above $62" in July (seed 004) [USD/PH/day]
fleet_efficiency_j_per_th: float = 17.5  # ASSUMPTION: an S21-class fleet (data/asics.csv) [J/TH]
pool_fee: float = 0.02  # ASSUMPTION: FPPS pool fee (Luxor, Braiins, Foundry publish 2-4 %) [fraction]
mining_pue: float = 1.05  # ASSUMPTION: PUE of an air-cooled mining site (1.03-1.10) [dimensionless]
mining_uptime: float = 0.95  # ASSUMPTION: share of the year the fleet hashes [fraction]
power_price_usd_per_kwh: float = 0.05  # ASSUMPTION: all-in electricity price of the site [USD/kWh]
machine_cost_usd_per_th: float = 20.0  # ASSUMPTION: new-machine price; Hashrate Index: $20/TH for <= 25 J/TH rigs (CoinDesk, 26 Jul 2023) [USD/TH]
machine_life_years: float = 4.0  # ASSUMPTION: "Most miners depreciate ASICs over 3-5 years" (seed 000) [years]
hashprice_growth_per_year: float = 0.0  # ASSUMPTION: flat hashprice, the case most favourable to mining [fraction per year]
lease_deal: str = "Cipher - Fluidstack"  # the deal whose terms price the lease (data/hpc_deals.csv) [-]
open_deal: str = "Cipher - AWS"  # the deal whose MW basis is not stated (data/hpc_deals.csv) [-]
gpu_deal: str = "IREN - Microsoft"  # the GPU cloud deal (data/hpc_deals.csv) [-]
build_years: int = 1  # Fluidstack: announced 25 Sep 2025, "expected completion by September 2026" (data/hpc_deals.csv) [years]
with_extensions: bool = True  # ASSUMPTION: the tenant takes both five-year extensions ("would raise the total contract value to $7 billion") [-]
discount_rate_per_year: float = 0.10  # ASSUMPTION: discount rate of both projects [fraction per year]
discount_rates_per_year: list = [0.06, 0.08, 0.10, 0.12, 0.15]  # rates of the sensitivity table [fraction per year]

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from matplotlib.ticker import MultipleLocator
from IPython.display import Markdown, display

import minelib as ml
from minelib.plotting import use_house_style, usd_axis
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
terms = ml.load_hpc_deals().set_index(["deal", "metric", "qualifier"])["value"]
known = list(terms.index.unique("deal"))
for name, deal in (("lease_deal", lease_deal), ("open_deal", open_deal), ("gpu_deal", gpu_deal)):
    if deal not in known:
        raise ValueError(f"{name}={deal!r} is not a deal of data/hpc_deals.csv; choose from {known}")
if not isinstance(with_extensions, bool):
    raise ValueError(f"with_extensions={with_extensions!r} must be True or False")
lease = terms[lease_deal]  # indexed by (metric, qualifier)
it_mw, gross_mw = lease["capacity_it_mw", "stated"], lease["capacity_gross_mw", "upper_bound"]  # [MW]
gross_to_it = gross_mw / it_mw  # gross MW per MW of IT load [dimensionless]
term_years = lease["term_years", "stated"]
extended_years = term_years + lease["extension_count", "stated"] * lease["extension_term_years", "stated"]
contract_usd, extended_usd = lease["contract_value_usd", "approx"], lease["contract_value_with_extensions_usd", "approx"]
noi_margin = lease["noi_margin"].mean()  # middle of the stated range [fraction]
capex_it_usd_per_mw = lease["project_cost_usd_per_it_mw"].mean()  # middle of the stated range [USD per MW of IT]
avg_lease = float(ml.contract_lease_usd_per_kw_month(contract_usd, it_mw, term_years))  # [USD/kW/month]
escalator = float(ml.implied_escalator_per_year(contract_usd, extended_usd, term_years, extended_years))
first_lease = float(ml.first_year_lease_usd_per_kw_month(avg_lease, escalator, term_years))
lease_years = extended_years if with_extensions else term_years
horizon_years = int(build_years + lease_years)

mining_case = dict(efficiency_j_per_th=fleet_efficiency_j_per_th, power_price_usd_per_kwh=power_price_usd_per_kwh,
                   machine_cost_usd_per_th=machine_cost_usd_per_th, machine_life_years=machine_life_years,
                   pool_fee=pool_fee, pue=mining_pue, uptime=mining_uptime,
                   hashprice_growth_per_year=hashprice_growth_per_year)
hpc_case = dict(lease_usd_per_kw_month=first_lease, gross_to_it_ratio=gross_to_it, noi_margin=noi_margin,
                capex_usd_per_it_mw=capex_it_usd_per_mw, lease_escalator_per_year=escalator, build_years=build_years)
# minelib validates every input here and raises a ValueError naming it
mining_flows = ml.mining_site_cash_flows(horizon_years, base_hashprice_usd_per_ph_day, **mining_case)
mining_flows_july = ml.mining_site_cash_flows(horizon_years, july_hashprice_usd_per_ph_day, **mining_case)
hpc_flows = ml.hpc_site_cash_flows(horizon_years, **hpc_case)
rates = np.asarray(discount_rates_per_year, dtype=float)
npv_check = ml.present_value_usd(hpc_flows["net_usd"], rates)

M = 1e6  # USD per USD million, for the prose
B = 1e9  # USD per USD billion

# %% [markdown]
# ## 1. One megawatt, two meanings
#
# **The idea.** A colocation lease is priced per kW of **critical IT load** - what the tenant's servers
# may draw. A mining megawatt is **gross site power** at the utility meter, fans and cooling included.
# The grid capacity a site has is gross, so both go per gross MW. A mining site with power usage
# effectiveness $\mathrm{PUE}$ (site power over machine power) runs $10^{6} / (e\,\mathrm{PUE})$ TH/s per
# gross MW at $e$ J/TH, and collects the hashprice $h$ less the pool fee $f$ while it hashes (a share
# $u$ of the time). An HPC site needs $r$ MW of gross capacity per MW of IT load - Cipher's Barber Lake
# states both, its IT load and the gross capacity behind it (`data/hpc_deals.csv`) - so a lease at $L$ USD per kW of IT per
# month earns $12{,}000\,L / r$ per gross MW a year:
#
# $$R_{\mathrm{mine}} = h\,(1 - f)\,u \times \frac{10^{6}}{1000\,e\,\mathrm{PUE}} \times 365.25, \qquad
# R_{\mathrm{HPC}} = \frac{L \times 1000 \times 12}{r}$$

# %%
phs_gross = float(ml.phs_per_mw(fleet_efficiency_j_per_th, mining_pue))  # [PH/s per gross MW]
rev_mine_bare = float(ml.mining_revenue_usd_per_mw_year(base_hashprice_usd_per_ph_day, fleet_efficiency_j_per_th))
rev_mine = float(ml.mining_revenue_usd_per_mw_year(base_hashprice_usd_per_ph_day, fleet_efficiency_j_per_th,
                                                   mining_uptime, pool_fee, mining_pue))
rev_mine_july = float(ml.mining_revenue_usd_per_mw_year(july_hashprice_usd_per_ph_day, fleet_efficiency_j_per_th,
                                                        mining_uptime, pool_fee, mining_pue))
rev_lease_it = float(ml.hpc_lease_revenue_usd_per_mw_year(avg_lease))
rev_lease = float(ml.hpc_lease_revenue_usd_per_mw_year(avg_lease, gross_to_it))
ratio_quoted = rev_lease_it / rev_mine_bare  # lease per IT MW over mining per machine MW
ratio_gross = rev_lease / rev_mine  # both per gross MW
rev_mine_m, rev_mine_july_m, rev_lease_it_m, rev_lease_m = rev_mine / M, rev_mine_july / M, rev_lease_it / M, rev_lease / M
switch_revenue = float(ml.breakeven_hashprice_vs_hpc_usd_per_ph_day(rev_lease, fleet_efficiency_j_per_th, mining_uptime,
                                                                   pool_fee, mining_pue))

bars = pd.Series({
    f"Mining at ${base_hashprice_usd_per_ph_day:g}, per MW of machines, bare": rev_mine_bare,
    f"Mining at ${base_hashprice_usd_per_ph_day:g}, per gross MW": rev_mine,
    f"Mining at ${july_hashprice_usd_per_ph_day:g}, per gross MW": rev_mine_july,
    f"Lease ${avg_lease:,.1f}/kW-month, per MW of IT": rev_lease_it,
    f"Lease ${avg_lease:,.1f}/kW-month, per gross MW": rev_lease,
}) / 1e6
fig, ax = plt.subplots(figsize=(6.8, 2.6))
ax.barh(bars.index, bars.to_numpy(), color=["#9ecae1", "C0", "C0", "#fdae6b", "C1"])
ax.invert_yaxis()
ax.set_xlabel("Revenue [USD M per MW per year]")
ax.set_title("Revenue of one megawatt for a year, as quoted and per gross MW")
ax.xaxis.set_major_locator(MultipleLocator(0.5))
usd_axis(ax, axis="x", decimals=1, suffix="M")
plt.show()
headline("mining_revenue_usd_per_mw_year", rev_mine / 1e6, unit="USD M/MW/year", fmt="{:,.2f}",
         label=f"Mining revenue per gross MW-year at {base_hashprice_usd_per_ph_day:g} USD/PH/day "
               f"({pool_fee:.0%} FPPS, PUE {mining_pue:.2f}, {mining_uptime:.0%} uptime)")
headline("hpc_lease_revenue_usd_per_mw_year", rev_lease / 1e6, unit="USD M/MW/year", fmt="{:,.2f}",
         label=f"HPC lease revenue per gross MW-year ({lease_deal} average, {avg_lease:,.1f} USD/kW-IT-month, "
               f"{gross_to_it:.3f} gross per IT MW)")

# %%
display(Markdown(f"""**Reading.** Barber Lake's {gross_mw:,.0f} MW gross for {it_mw:,.0f} MW of IT give a ratio r = {gross_to_it:.3f}. A
{fleet_efficiency_j_per_th:g} J/TH fleet on a site with a PUE of {mining_pue:.2f} runs
{phs_gross:,.1f} PH/s per gross MW; at \\${base_hashprice_usd_per_ph_day:g} per PH/day, {pool_fee:.0%} to the
pool and {mining_uptime:.0%} uptime it earns **\\${rev_mine_m:,.2f}M per gross MW-year** (\\${rev_mine_july_m:,.2f}M at
July's \\${july_hashprice_usd_per_ph_day:g}). {lease_deal}'s average lease of \\${avg_lease:,.1f} per kW of IT a
month (section 2) earns \\${rev_lease_it_m:,.2f}M per MW of IT, but only **\\${rev_lease_m:,.2f}M per gross MW**. Quoted
as they come - a lease per IT MW against bare mining per MW of machines - the lease looks
{ratio_quoted:,.1f} times mining; on one basis it is {ratio_gross:,.1f} times. On revenue alone mining would
match the lease at \\${switch_revenue:,.1f} per PH/day; sections 3 and 4 ask what each leaves in cash."""))

# %% [markdown]
# ## 2. What the deals say per kW
#
# A deal of value $V$ for $M$ MW over $T$ years averages
#
# $$\bar{L} = \frac{V}{M \times 1000 \times 12\,T} \quad \text{[USD per kW per month]}$$
#
# per kW of whatever $M$ counts. `data/hpc_deals.csv` holds each deal's public terms with its page and words.
# Cipher-Fluidstack states its MW as critical IT load; Cipher-AWS speaks of "300 megawatts of capacity"
# without saying which (seed 003's "reported 300 MW deal" is not attributed); IREN-Microsoft is a GPU cloud
# service, not a lease of space and power.

# %%
aws = terms[open_deal]
aws_usd, aws_years, aws_mw = aws["contract_value_usd", "stated"], aws["term_years", "stated"], aws["capacity_unstated_mw", "stated"]
aws_it_if_gross = aws_mw / gross_to_it  # MW of IT if the 300 MW is gross at the lease deal's ratio
aws_lease_if_it = float(ml.contract_lease_usd_per_kw_month(aws_usd, aws_mw, aws_years))
aws_lease_if_gross = float(ml.contract_lease_usd_per_kw_month(aws_usd, aws_it_if_gross, aws_years))
gpu = terms[gpu_deal]
gpu_usd, gpu_years, gpu_mw = gpu["contract_value_usd", "stated"], gpu["term_years", "stated"], gpu["capacity_it_mw", "upper_bound"]
gpu_rate = float(ml.contract_lease_usd_per_kw_month(gpu_usd, gpu_mw, gpu_years))
gpu_capex_usd = gpu["equipment_purchase_usd", "approx"]
gpu_capex_share = gpu_capex_usd / gpu_usd  # [fraction of the contract value]
contract_b, aws_b, gpu_capex_b = contract_usd / B, aws_usd / B, gpu_capex_usd / B

table1 = pd.DataFrame({
    "deal": [lease_deal, open_deal, open_deal, gpu_deal],
    "value_busd": [contract_b, aws_b, aws_b, gpu_usd / B],
    "term_years": [term_years, aws_years, aws_years, gpu_years],
    "it_mw": [it_mw, aws_mw, aws_it_if_gross, gpu_mw],
    "lease_usd_per_kw_month": [avg_lease, aws_lease_if_it, aws_lease_if_gross, gpu_rate],
    "reading": ["stated: critical IT load", "ASSUMPTION: the 300 MW are IT load",
                f"ASSUMPTION: the 300 MW are gross, at {gross_to_it:.3f} per IT MW",
                "stated: critical IT load; a GPU cloud service"],
})
display(Markdown("**Table 1.** Average rate per kW of IT load per month that each deal implies."))
display(reader_table(table1, {"deal": "Deal", "value_busd": Col("Value", "USD B", fmt=",.1f"),
                              "term_years": Col("Term", "years", fmt=",.0f"), "it_mw": Col("IT load", "MW", fmt=",.1f"),
                              "lease_usd_per_kw_month": Col("Average", "USD/kW/month", fmt=",.1f"),
                              "reading": "Reading of the MW"}))

# %%
display(Markdown(f"""**Reading.** {lease_deal}'s ~\\${contract_b:,.0f} billion over {term_years:,.0f} years for {it_mw:,.0f} MW
of critical IT load is **\\${avg_lease:,.1f} per kW of IT per month** - the rate this notebook once assumed
(\\$150, unsourced) now has a source. {open_deal}'s \\${aws_b:,.1f} billion over {aws_years:,.0f} years
gives \\${aws_lease_if_it:,.1f} only if its {aws_mw:,.0f} MW are IT load. If they are gross capacity, at the
Fluidstack site's {gross_to_it:.3f} gross per IT MW they are {aws_it_if_gross:,.1f} MW of IT and the rate is
**\\${aws_lease_if_gross:,.1f}**, the Fluidstack rate again. The public terms do not say which; this is a
stated reading, an ASSUMPTION, not a fact. {gpu_deal}'s \\${gpu_rate:,.0f} per kW-month is not a lease: IREN
buys the GPUs (about \\${gpu_capex_b:,.1f} billion from Dell, {gpu_capex_share:.0%} of the contract
value) and sells their compute, so its revenue carries the GPUs and does not compare with a colocation rate."""))

# %% [markdown]
# **Escalators.** Fluidstack's lease is "a modified gross lease with annual escalators": the rent rises
# each year, so the average over the term is *not* the first-year rate. A rent starting at $L_1$ and
# rising by $g$ a year averages $L_1\,((1+g)^{T} - 1) / (g\,T)$ over $T$ years. The escalator is not public,
# but the deal's two values pin it down if the extensions continue the same path: a value $V_1$ over the
# initial $T_1$ years and $V_2$ with the extensions, over $T_2$ years, give
#
# $$\frac{(1+g)^{T_2} - 1}{(1+g)^{T_1} - 1} = \frac{V_2}{V_1}$$

# %%
escalated_last = first_lease * (1 + escalator) ** (term_years - 1)  # rate in the last year of the term
extended_b = extended_usd / B

# %%
display(Markdown(f"""With \\${contract_b:,.0f} billion over {term_years:,.0f} years and \\${extended_b:,.0f} billion over {extended_years:,.0f}
that is **{escalator:.2%} a year** (an inference from the stated totals, not a published term). At that
escalator the \\${avg_lease:,.1f} average starts at **\\${first_lease:,.1f}** per kW-month and ends the
{term_years:,.0f}-year term at \\${escalated_last:,.1f}. The cash flows below start from the first-year rate
and escalate it, so that they add up to the contract's \\${contract_b:,.0f} billion."""))

# %% [markdown]
# ## 3. What each megawatt leaves in cash
#
# Revenue is not cash. Per gross MW and year:
#
# * **mining** pays its power at the meter ($p \times 8{,}766{,}000 \times u$) and keeps its hashrate by
#   replacing machines as they wear out and fall behind: the **sustaining ASIC capex**, the price per TH of
#   new machines times the TH/s a gross MW runs, over their life, every year. Nothing is spent up front:
#   the site and its machines exist.
# * **HPC** pays the **conversion capex** up front - Cipher states a project cost $K$ per MW of IT load, so
#   $K / r$ per gross MW - earns nothing while the hall is built, then keeps the lease times its net
#   operating income (NOI) margin (Cipher states its expected range: the site's running costs, including whatever
#   power the landlord pays under a modified gross lease, come out of the rest).
#
# $$CF^{\mathrm{mine}}_{t} = R_{\mathrm{mine}}\,(1+g_h)^{t-1} - p \times 8{,}766{,}000\,u - \frac{c \times 10^{6}}{e\,\mathrm{PUE}\,\ell} \qquad (t \ge 1)$$
#
# $$CF^{\mathrm{HPC}}_{0} = -\frac{K}{r}, \qquad CF^{\mathrm{HPC}}_{t} = m \times \frac{12{,}000\,L_{1}}{r}\,(1+g)^{t-b-1} \qquad (t > b)$$
#
# with $g_h$ the hashprice's yearly change, $c$ the price of new machines per TH and $\ell$ their life, $K$ the
# capex per MW of IT, $m$ the NOI margin, $L_1$ the first year's rent, $g$ the escalator and $b$ the build
# years.

# %%
first_full = build_years + 1  # first year with lease revenue
table2 = pd.DataFrame({
    "item": ["Revenue", "Operating costs (mining: power)", "Capex, year 0", "Capex, each year", "Net cash, a year"],
    "mining_musd": [mining_flows.loc[1, "revenue_usd"], mining_flows.loc[1, "operating_cost_usd"],
                    mining_flows.loc[0, "capex_usd"], mining_flows.loc[1, "capex_usd"], mining_flows.loc[1, "net_usd"]],
    "hpc_musd": [hpc_flows.loc[first_full, "revenue_usd"], hpc_flows.loc[first_full, "operating_cost_usd"],
                 hpc_flows.loc[0, "capex_usd"], hpc_flows.loc[first_full, "capex_usd"], hpc_flows.loc[first_full, "net_usd"]],
})
table2[["mining_musd", "hpc_musd"]] /= M
mine_capex_share = mining_flows.loc[1, "capex_usd"] / mining_flows.loc[1, "revenue_usd"]  # [fraction of revenue]
mine_net_year = mining_flows.loc[1, "net_usd"]
hpc_net_year = hpc_flows.loc[first_full, "net_usd"]
hpc_capex = hpc_flows.loc[0, "capex_usd"]
hpc_simple_payback = hpc_capex / hpc_net_year  # [years of first-year NOI]
mine_net_year_m, hpc_net_year_m, hpc_capex_m = mine_net_year / M, hpc_net_year / M, hpc_capex / M
capex_it_m = capex_it_usd_per_mw / M  # the middle of Cipher's range [USD million per MW of IT]
display(Markdown(f"**Table 2.** The first full year per gross MW: mining at \\${base_hashprice_usd_per_ph_day:g}/PH/day, "
                 f"HPC in its first lease year (year {first_full}), at \\${power_price_usd_per_kwh:.2f}/kWh."))
display(reader_table(table2, {"item": "Cash flow", "mining_musd": Col("Mining", "USD M per gross MW", fmt=",.2f"),
                              "hpc_musd": Col("HPC", "USD M per gross MW", fmt=",.2f")}))

# %%
display(Markdown(f"""**Reading.** With Cipher's figures taken at the middle of their ranges - \\${capex_it_m:,.0f} million per MW of IT,
an NOI margin of {noi_margin:.1%} - and machines at \\${machine_cost_usd_per_th:g}/TH lasting {machine_life_years:g} years,
the mining megawatt keeps \\${mine_net_year_m:,.2f}M a year: replacing its machines costs
{mine_capex_share:.0%} of its revenue, a charge that a comparison of margins after power leaves out. The
converted megawatt keeps \\${hpc_net_year_m:,.2f}M a year once leased, but first pays \\${hpc_capex_m:,.2f}M -
{hpc_simple_payback:,.1f} years of its first-year NOI. Which is worth more depends on time and money's price:
the next section discounts."""))

# %% [markdown]
# ## 4. Net present value and discounted payback
#
# A dollar in year $t$ is worth $1 / (1 + \rho)^{t}$ today at the discount rate $\rho$. The **net present
# value** adds the discounted flows; the **discounted payback** of the conversion is the year in which the
# running total of its discounted *extra* flows (HPC minus the mining it gives up) turns positive:
#
# $$\mathrm{NPV} = \sum_{t=0}^{T} \frac{CF_{t}}{(1 + \rho)^{t}}, \qquad
# \sum_{t=0}^{\tau} \frac{CF^{\mathrm{HPC}}_{t} - CF^{\mathrm{mine}}_{t}}{(1+\rho)^{t}} \ge 0 \quad \text{from the payback year } \tau \text{ on}$$
#
# Both projects are valued over the same horizon - the build year(s) plus the lease - with no value after it
# (no terminal value for either site).

# %%
conversion = hpc_flows["net_usd"] - mining_flows["net_usd"]  # the extra cash of converting, year by year
npv_mine = float(ml.present_value_usd(mining_flows["net_usd"], discount_rate_per_year))
npv_hpc = float(ml.present_value_usd(hpc_flows["net_usd"], discount_rate_per_year))
npv_conversion = npv_hpc - npv_mine
payback = float(ml.discounted_payback_years(conversion, discount_rate_per_year))  # [years], inf if never
switch_npv = float(ml.npv_switch_hashprice_usd_per_ph_day(npv_hpc, discount_rate_per_year, horizon_years, **mining_case))
discount = (1 + discount_rate_per_year) ** -np.arange(horizon_years + 1)
lines = [(f"Mining at ${base_hashprice_usd_per_ph_day:g}/PH/day", mining_flows, dict(color="C0")),
         (f"Mining at ${july_hashprice_usd_per_ph_day:g}/PH/day", mining_flows_july, dict(color="C0", ls="--")),
         ("Converted and leased", hpc_flows, dict(color="C1"))]
if july_hashprice_usd_per_ph_day == base_hashprice_usd_per_ph_day:
    lines.pop(1)  # the same line twice
fig, ax = plt.subplots(figsize=(6.8, 3.2))
for name, flows, style in lines:
    running = (flows["net_usd"] * discount).cumsum() / M  # [USD M]
    ax.plot(running.index, running.to_numpy(), marker="o", ms=3, label=name, **style)
ax.axhline(0, color="black", lw=0.8)
ax.set_xlabel("Year")
ax.set_ylabel("Discounted cash, running total")
ax.set_title(f"Running NPV per gross MW at {discount_rate_per_year:.0%} a year")
usd_axis(ax, decimals=1, suffix="M")
ax.legend(fontsize=8, loc="lower right")
plt.show()
payback_words = f"**{payback:,.1f} years**" if np.isfinite(payback) else f"**never** within the {horizon_years} years"
npv_mine_m, npv_hpc_m, npv_conversion_m = npv_mine / M, npv_hpc / M, npv_conversion / M
headline("conversion_npv_usd_per_mw", npv_conversion / 1e6, unit="USD M/MW", fmt="{:,.2f}",
         label=f"NPV of converting to HPC minus mining, per gross MW ({discount_rate_per_year:.0%}, "
               f"{horizon_years} years, mining at {base_hashprice_usd_per_ph_day:g} USD/PH/day)")
headline("switch_hashprice_usd_per_ph_day", switch_npv, unit="USD/PH/day", fmt="{:,.1f}",
         label=f"Hashprice at which mining is worth the HPC lease (NPV per gross MW, {discount_rate_per_year:.0%}, "
               f"{horizon_years} years, {fleet_efficiency_j_per_th:g} J/TH)")

# %%
display(Markdown(f"""**Reading.** The chart adds up each megawatt's discounted cash year by year. At {discount_rate_per_year:.0%} over
{horizon_years} years ({build_years} of building, {lease_years:,.0f} of lease) the mining megawatt is worth
USD {npv_mine_m:,.2f}M and the converted one USD {npv_hpc_m:,.2f}M: converting adds **USD {npv_conversion_m:+,.2f}M** per gross
MW and pays back, discounted, in {payback_words}. The two are worth the same at a hashprice of
**\\${switch_npv:,.1f} per PH/day** held for the whole horizon, against \\${switch_revenue:,.1f} on revenue
alone (section 1): mining's power and machines take most of its revenue while the lease keeps
{noi_margin:.0%} of its own, but the conversion's capex comes first and its rent a year later."""))

# %% [markdown]
# ## 5. How much the answer depends on the assumptions
#
# The discount rate weighs the conversion's capex now against its lease later; the horizon decides
# whether the extensions count; and a flat hashprice for a decade or two is generous to mining: the subsidy
# halves every $Y$ years (210,000 blocks), which at a constant BTC price and network is a fall of
# $1 - 2^{-1/Y}$ a year (fees aside).

# %%
npv_mine_r = ml.present_value_usd(mining_flows["net_usd"], rates)
npv_hpc_r = npv_check
payback_r = ml.discounted_payback_years(conversion, rates)
switch_r = ml.npv_switch_hashprice_usd_per_ph_day(npv_hpc_r, rates, horizon_years, **mining_case)
table3 = pd.DataFrame({"rate": rates, "mining_musd": npv_mine_r / M, "hpc_musd": npv_hpc_r / M,
                       "adds_musd": (npv_hpc_r - npv_mine_r) / M, "payback_years": payback_r, "switch": switch_r})
display(Markdown(f"**Table 3.** Per gross MW over {horizon_years} years, mining at \\${base_hashprice_usd_per_ph_day:g}/PH/day, "
                 "by discount rate."))
display(reader_table(table3, {"rate": Col("Discount rate", percent=True, decimals=0),
                              "mining_musd": Col("Mining NPV", "USD M", fmt=",.2f"),
                              "hpc_musd": Col("HPC NPV", "USD M", fmt=",.2f"),
                              "adds_musd": Col("Converting adds", "USD M", fmt="+,.2f"),
                              "payback_years": Col("Discounted payback", "years", fmt=",.1f", inf="never"),
                              "switch": Col("Switch hashprice", "USD/PH/day", fmt=",.1f")}))

years_per_halving = ml.HALVING_INTERVAL_BLOCKS / ml.STEADY_BLOCKS_PER_DAY / ml.units.DAYS_PER_YEAR  # [years]
halving_drift = 0.5 ** (1 / years_per_halving) - 1  # subsidy only, constant price and network [fraction per year]
cases = []
for lease_span, label in ((term_years, "initial term"), (extended_years, "with extensions")):
    span = int(build_years + lease_span)
    hpc_npv = float(ml.present_value_usd(ml.hpc_site_cash_flows(span, **hpc_case)["net_usd"], discount_rate_per_year))
    for drift in (hashprice_growth_per_year, halving_drift):
        case = {**mining_case, "hashprice_growth_per_year": drift}
        mine_npv = float(ml.present_value_usd(
            ml.mining_site_cash_flows(span, base_hashprice_usd_per_ph_day, **case)["net_usd"], discount_rate_per_year))
        cases.append({"lease": f"{lease_span:,.0f} years, {label}", "drift": drift,
                      "mining_musd": mine_npv / M, "hpc_musd": hpc_npv / M,
                      "switch": float(ml.npv_switch_hashprice_usd_per_ph_day(hpc_npv, discount_rate_per_year, span, **case))})
table4 = pd.DataFrame(cases)
display(Markdown(f"**Table 4.** At {discount_rate_per_year:.0%}: the lease's horizon and the hashprice's path, as "
                 f"assumed ({hashprice_growth_per_year:+.1%} a year) or following the halvings ({halving_drift:+.1%}). The "
                 "switch hashprice is the first year's; on the halvings path it then falls with the subsidy."))
display(reader_table(table4, {"lease": "Lease", "drift": Col("Hashprice a year", percent=True, sign=True),
                              "mining_musd": Col("Mining NPV", "USD M", fmt=",.2f"),
                              "hpc_musd": Col("HPC NPV", "USD M", fmt=",.2f"),
                              "switch": Col("Switch hashprice", "USD/PH/day", fmt=",.1f")}))
rate_lo, rate_hi = float(rates.min()), float(rates.max())
switch_lo, switch_hi = float(np.min(switch_r)), float(np.max(switch_r))
hpc_npv_term_m = float(table4["hpc_musd"].iloc[0])
switch_term = float(table4["switch"].iloc[0])
mine_npv_halvings_m = float(table4["mining_musd"].iloc[3])
term_verdict = "earns" if hpc_npv_term_m >= 0 else "does not earn"

# %%
display(Markdown(f"""**Reading.** Between {rate_lo:.0%} and {rate_hi:.0%} the switch hashprice moves from \\${switch_hi:,.1f} to
\\${switch_lo:,.1f}: the dearer money is, the less the lease's distant years are worth against its capex
today. On the initial {term_years:,.0f}-year term alone the converted megawatt is worth
USD {hpc_npv_term_m:,.2f}M at {discount_rate_per_year:.0%}, and mining matches it at \\${switch_term:,.1f}: without the
extensions (or a value for the hall afterwards) the conversion {term_verdict} its capex at this rate. And if the hashprice
only follows the halvings ({halving_drift:+.1%} a year, {years_per_halving:,.2f} years per halving), the mining
megawatt is worth USD {mine_npv_halvings_m:,.2f}M over the full horizon: a flat hashprice is the assumption doing the
most work for mining."""))

# %% [markdown]
# ## 6. Why the pivot is not a free escape
#
# Seed 001: the AI pivot "requires capital. It requires customers. It takes time." Seed 003 lists the
# headwinds: "accelerator supply bottlenecks, OEM backlogs, packaging/test constraints, permitting delays and
# customer concentration risk", with outcomes "binary and timing uncertain".

# %%
iren_q = ml.load_miner_quarterly().query("miner == 'IREN' and period == '2025Q4'").set_index("metric")["value"]
ai_revenue, total_revenue = iren_q["ai_cloud_revenue_usd"], iren_q["revenue_usd"]
ai_share = ai_revenue / total_revenue  # [fraction]
capex_total_b = capex_it_usd_per_mw * it_mw / B  # the lease deal's project cost [USD billion]
ai_revenue_m, total_revenue_m = ai_revenue / M, total_revenue / M
build_words = f"{build_years} year" + ("" if build_years == 1 else "s")

# %%
display(Markdown(f"""* **Capital.** At \\${capex_it_m:,.0f} million per MW of IT load, {lease_deal}'s {it_mw:,.0f} MW cost
  about \\${capex_total_b:,.1f} billion before the first rent; a GPU cloud deal like {gpu_deal}'s needs the GPUs
  on top (\\${gpu_capex_b:,.1f} billion from Dell), and IREN raised \\$3.6 billion of financing to build
  out its Microsoft contract (002).
* **Time.** In its December quarter IREN's AI Cloud revenue was \\${ai_revenue_m:,.1f}M, {ai_share:.0%} of its
  \\${total_revenue_m:,.1f}M total (002): mining still paid for most of the business. Here the conversion earns
  nothing for {build_words} while the hall is built.
* **Customers.** A mining megawatt sells to the protocol at the hashprice every ten minutes; a leased megawatt
  depends on one tenant for a decade or more (003's customer concentration risk)."""))

# %%
display(Markdown(f"""## Reading

* Per gross MW the lease earns {ratio_gross:,.1f} times what the mine earns at \\${base_hashprice_usd_per_ph_day:g}/PH/day,
  not the {ratio_quoted:,.1f} times the quoted figures suggest; its rate, \\${avg_lease:,.1f} per kW of IT a month, is
  {lease_deal}'s ({open_deal} gives the same only if its MW are gross, an assumption).
* With both charged their capital and discounted at {discount_rate_per_year:.0%}, converting adds
  USD {npv_conversion_m:+,.2f}M per gross MW over {horizon_years} years; mining is worth as much above
  \\${switch_npv:,.1f} per PH/day held throughout - higher if the hashprice falls, lower without the extensions."""))
