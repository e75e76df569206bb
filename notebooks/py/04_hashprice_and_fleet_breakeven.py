# %% [markdown]
# # Hashprice and fleet breakeven
#
# What does a petahash earn per day, what does it cost to run, and how much of a fleet is under water?
# This lecture computes the hashprice of the network snapshot in seed `003_51347cbd2f4016cb.txt` the way
# the industry quotes it (Luxor's difficulty form), derives the break-even hashprice, power price and
# shutdown BTC price of each ASIC in `data/asics.csv` - first bare, then with the inputs an operator's
# model has (an FPPS pool fee, the site's PUE, uptime) - and asks what fleet mix and power price would
# give CoinShares' "15% to 20%" of the fleet unprofitable (seed `001_edb144c9be488f88.txt`) and
# CleanSpark's "less than 10%" at \$30 per PH/day (seed `002_d81e0ff9e5c96647.txt`).

# %% tags=["parameters"]
fees_per_block_btc: float = 0.025  # ASSUMPTION (no seed gives fees): mean transaction fees per block [BTC/block]
block_subsidy_btc: float = 3.125  # block subsidy since the April 2024 halving (height 840,000) [BTC/block]
power_price_usd_per_kwh: float = 0.05  # ASSUMPTION: all-in electricity price of the whole fleet [USD/kWh]
power_prices_usd_per_kwh: list = [0.03, 0.05, 0.07, 0.09]  # power prices of the break-even table ("five cents or nine cents", 001) [USD/kWh]
pool_fee: float = 0.02  # ASSUMPTION: FPPS pool fee (Luxor, Braiins, Foundry publish 2-4 %) [fraction]
pue: float = 1.08  # ASSUMPTION: site PUE, within the 1.05-1.10 of air-cooled mining sites [dimensionless]
uptime: float = 0.95  # ASSUMPTION: share of the day the machines hash (curtailment, repairs) [fraction]
reference_model: str = "Antminer S21"  # reference machine of the headline break-even [-]
hashprice_levels_usd_per_ph_day: list = [30.0, 40.0, 62.0]  # hashprices of interest: $30 (002), ~$40 (003/004), >$62 (004) [USD/PH/day]
headline_hashprice_usd_per_ph_day: float = 40.0  # hashprice of the headline unprofitable share (~$40, 003/004) [USD/PH/day]
fleet_models: list = ["Antminer S21 XP", "Antminer S21 Pro", "Antminer S21", "Antminer S19 XP", "Avalon A1466", "Whatsminer M50S", "Antminer S19j Pro", "Whatsminer M30S++", "Antminer S19"]  # ASSUMPTION: models in the global fleet [-]
fleet_ehs: list = [100.0, 150.0, 200.0, 150.0, 50.0, 100.0, 80.0, 50.0, 33.0]  # ASSUMPTION: hashrate of each model (sums to ~913, 003) [EH/s]
coinshares_share_low: float = 0.15  # CoinShares: "roughly 15% to 20%" unprofitable, lower end (001) [fraction]
coinshares_share_high: float = 0.20  # upper end (001) [fraction]
clsk_models: list = ["Antminer S21 Pro", "Antminer S21", "Antminer S19 XP", "Antminer S19j Pro"]  # ASSUMPTION: a CleanSpark-like efficient fleet [-]
clsk_ehs: list = [17.0, 13.0, 10.0, 2.6]  # ASSUMPTION: hashrate per model (sums to CleanSpark's 42.6, 002) [EH/s]
clsk_power_price_usd_per_kwh: float = 0.05  # ASSUMPTION: CleanSpark-like power price [USD/kWh]
clsk_hashprice_usd_per_ph_day: float = 30.0  # "at a hash price of $30, less than 10% of our fleet" (002) [USD/PH/day]
clsk_claimed_share: float = 0.10  # "less than 10%" (002) [fraction]
spot_price_usd: float = 71_091.0  # spot price for the cost-gap chart ("near $71,091", 003) [USD/BTC]
heatmap_prices_usd: list = [50_000.0, 60_000.0, 71_091.0, 80_000.0, 90_000.0, 100_000.0]  # BTC prices of the heatmap [USD/BTC]
heatmap_network_ehs: list = [700.0, 800.0, 913.0, 1_000.0, 1_100.0]  # network hashrates of the heatmap (003's trough, point, peak) [EH/s]

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.ticker import MultipleLocator
from IPython.display import Markdown, display

import minelib as ml
from minelib.plotting import use_house_style, usd_axis, percent_axis
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
# minelib raises a ValueError naming the parameter and its range on a bad value
asics = ml.load_asics()
fleet = ml.fleet_from_models(fleet_models, fleet_ehs, asics)
clsk_fleet = ml.fleet_from_models(clsk_models, clsk_ehs, asics)
ref_e = float(ml.fleet_from_models([reference_model], [1.0], asics)["efficiency_j_per_th"].iloc[0])  # [J/TH]
practice = dict(pool_fee=pool_fee, pue=pue, uptime=uptime)  # the practitioner inputs, checked below
ref_be = float(ml.breakeven_hashprice_usd_per_ph_day(ref_e, power_price_usd_per_kwh))  # [USD/PH/day]
ref_be_practice = float(ml.breakeven_hashprice_usd_per_ph_day(ref_e, power_price_usd_per_kwh, **practice))
hp_levels = np.asarray(hashprice_levels_usd_per_ph_day, dtype=float)
pp = np.asarray(power_prices_usd_per_kwh, dtype=float)
shares_check = ml.share_unprofitable(fleet, hp_levels, power_price_usd_per_kwh, **practice)
clsk_check = ml.share_unprofitable(clsk_fleet, clsk_hashprice_usd_per_ph_day, clsk_power_price_usd_per_kwh, **practice)
grid_check = ml.hashprice_usd_per_ph_day(np.asarray(heatmap_prices_usd, dtype=float)[:, None],
                                         np.asarray(heatmap_network_ehs, dtype=float), block_subsidy_btc, fees_per_block_btc)
if not 0 <= coinshares_share_low <= coinshares_share_high <= 1:
    raise ValueError(f"coinshares_share_low={coinshares_share_low!r} and coinshares_share_high={coinshares_share_high!r} "
                     "must satisfy 0 <= low <= high <= 1 [fraction]")
if pp.ndim != 1 or pp.size == 0:
    raise ValueError(f"power_prices_usd_per_kwh={power_prices_usd_per_kwh!r} must be a non-empty list [USD/kWh]")

snap = ml.load_network_snapshots()
s003 = snap[snap["source"].str.startswith("003")].set_index(["metric", "basis"])["value"]

# %% [markdown]
# ## 1. The hashprice of the seed-003 snapshot
#
# **The idea.** Hashprice is what one PH/s of machines can expect to earn in a day. Every hash has the
# same tiny chance of finding a block, set by the difficulty $D$: a block takes $D \times 2^{32}$ hashes
# on average. One PH/s ($10^{15}$ hashes a second) running for 86,400 seconds therefore expects
# $86{,}400 \times 10^{15} / (D \times 2^{32})$ blocks, each paying the subsidy $R$ plus the fees $F$,
# worth $S$ dollars per BTC. This is **Luxor's hashprice** (the industry's quote, also Braiins'): it
# uses the difficulty in force, and the fees averaged over the last 144 blocks.
#
# $$h = \frac{S \times 86{,}400 \times (R + F) \times 10^{15}}{D \times 2^{32}} \quad \text{[USD per PH/s per day]}$$
#
# The **hashrate form** divides the day's 144 blocks among an estimate $N$ of the network hashrate,
# $h = S \times 144 \times (R + F) / N$. The two agree when $N$ is the hashrate the difficulty implies,
# $N = D \times 2^{32} / 600$ H/s; an estimate from the blocks actually found moves with luck, so the
# difficulty form is the one for history and quotes, the hashrate form the one for "what if the
# network were $N$" scenarios.

# %%
price = s003["price_usd", "point"]  # [USD/BTC]
n_point = s003["hashrate_ehs", "point"]  # the article's hashrate estimate [EH/s]
difficulty = s003["difficulty", "after_change"]  # [dimensionless]
hp_article_before = s003["hashprice_usd_per_ph_day", "before_change"]  # [USD/PH/day]
hp_article = s003["hashprice_usd_per_ph_day", "after_change"]  # [USD/PH/day]
n_from_difficulty = float(ml.hashrate_from_difficulty_ehs(difficulty))  # [EH/s]
difficulty_t = difficulty / 1e12  # for the labels [T]

hp_luxor = float(ml.hashprice_usd_per_ph_day_from_difficulty(price, difficulty, block_subsidy_btc, fees_per_block_btc))
hp_luxor_no_fees = float(ml.hashprice_usd_per_ph_day_from_difficulty(price, difficulty, block_subsidy_btc))
hp_estimate = float(ml.hashprice_usd_per_ph_day(price, n_point, block_subsidy_btc, fees_per_block_btc))
hp_estimate_no_fees = float(ml.hashprice_usd_per_ph_day(price, n_point, block_subsidy_btc))
fees_add = hp_luxor - hp_luxor_no_fees  # [USD/PH/day]
# what the article's ~$40 would need at the same difficulty: fees alone, or a price alone
fees_needed = float(ml.implied_fees_per_block_btc(hp_article, price, n_from_difficulty, block_subsidy_btc))
fees_needed_share = fees_needed / block_subsidy_btc  # [fraction of the subsidy]
price_needed = hp_article / float(ml.hashprice_btc_per_ph_day_from_difficulty(difficulty, block_subsidy_btc, fees_per_block_btc))
price_needed_gap = price_needed / price - 1  # [fraction]

table1 = pd.DataFrame({
    "form": ["Difficulty (Luxor)", "Difficulty (Luxor)", "Hashrate estimate", "Hashrate estimate"],
    "network": [f"difficulty {difficulty_t:.1f} T"] * 2 + [f"{n_point:,.0f} EH/s"] * 2,
    "fees": [f"{fees_per_block_btc} BTC/block (assumed)", "none"] * 2,
    "hashprice_usd_per_ph_day": [hp_luxor, hp_luxor_no_fees, hp_estimate, hp_estimate_no_fees],
})
display(Markdown(f"**Table 1.** Hashprice at the seed-003 price of \\${price:,.0f}. The article quotes "
                 f"~\\${hp_article_before:.2f} rising to ~\\${hp_article:.0f}."))
display(reader_table(table1, {"form": "Hashprice form", "network": "Network", "fees": "Fees",
                              "hashprice_usd_per_ph_day": Col("Hashprice", "USD/PH/day", fmt=",.2f")}))
headline("snapshot_hashprice_usd_per_ph_day", hp_luxor, unit="USD/PH/day", fmt="{:,.2f}",
         label="Snapshot hashprice, difficulty form (Luxor), seed 003 with assumed fees")

# %%
display(Markdown(f"""**Reading.** The industry's definition gives **\\${hp_luxor:,.2f} per PH/day** at the article's own
difficulty and price (\\${hp_luxor_no_fees:,.2f} without fees); the hashrate form with the article's
{n_point:,.0f} EH/s estimate gives \\${hp_estimate:,.2f}, because that estimate is below the
{n_from_difficulty:,.0f} EH/s the difficulty of {difficulty_t:.1f} T implies. Neither is near the
~\\${hp_article:.0f} the article reports. Fees cannot close the gap: at our assumed
{fees_per_block_btc} BTC a block (an ASSUMPTION - no seed gives fees) they add \\${fees_add:,.2f}, and
\\${hp_article:.0f} would need **{fees_needed:,.2f} BTC per block**, {fees_needed_share:.0%} of the
subsidy. A price would: \\${hp_article:.0f} needs BTC at **\\${price_needed:,.0f}**, {price_needed_gap:+.0%}
against the quoted spot. The snapshot mixes figures of different days (a price, a "partial recovery"
hashrate, a seven-day average, a trough and a difficulty); the article's hashprice was most likely read
when the price was higher. We use the difficulty form with the assumed fees, \\${hp_luxor:,.2f}, as the
snapshot hashprice."""))

# %% [markdown]
# ## 2. Sensitivity to price and network hashrate
#
# Hashprice rises in proportion to the BTC price and falls in inverse proportion to the network
# hashrate, so a 10% higher price and a 10% larger network almost cancel. For this "what if" grid the
# hashrate form is the natural one.

# %%
grid = pd.DataFrame(grid_check, index=[f"${p:,.0f}" for p in heatmap_prices_usd],
                    columns=[f"{n:,.0f}" for n in heatmap_network_ehs])
grid_min, grid_max = float(grid_check.min()), float(grid_check.max())
share_cells_below = float((grid_check < headline_hashprice_usd_per_ph_day).mean())
fig, ax = plt.subplots(figsize=(6.4, 3.8))
sns.heatmap(grid, annot=True, fmt=".1f", cmap="RdYlGn", linewidths=0.5, annot_kws={"fontsize": 8},
            cbar_kws={"label": "Hashprice [USD/PH/day]"}, ax=ax)
ax.set_xlabel("Network hashrate [EH/s]")
ax.set_ylabel("BTC price [USD/BTC]")
ax.set_title("Hashprice by price and network hashrate")
plt.show()

# %%
display(Markdown(f"""The heatmap shows the hashprice (with the assumed fees) for each BTC price (rows) and network
hashrate (columns): from \\${grid_min:,.1f} to \\${grid_max:,.1f} per PH/day on this grid, with
{share_cells_below:.0%} of the cells below \\${headline_hashprice_usd_per_ph_day:.0f}."""))

# %% [markdown]
# ## 3. Break-even by machine, bare and with practitioner inputs
#
# **The idea.** A machine of efficiency $e$ (J/TH) draws $e$ kW per PH/s, $24\,e$ kWh a day. The site
# draws more than its machines - fans, cooling, conversion losses - which the power usage effectiveness
# $\mathrm{PUE}$ (site power over machine power) states; the pool keeps a fee $f$ of the expected reward
# (FPPS pays every share its expected value less the fee); and the machines hash only a share $u$ of the
# day (curtailment, repairs), drawing no power while off. A machine pays its way when what it collects
# covers its power at the wall plus other costs $c$ per installed PH/s:
#
# $$h\,(1 - f)\,u = 24\,e\,\mathrm{PUE}\,p\,u + c \quad\Longrightarrow\quad
# h^{*} = \frac{24\,e\,\mathrm{PUE}\,p\,u + c}{(1 - f)\,u}, \qquad
# p^{*} = \frac{h\,(1 - f)\,u - c}{24\,e\,\mathrm{PUE}\,u}$$
#
# With $c = 0$ the uptime cancels: an idle machine neither earns nor pays for power. The bare break-even
# ($f = 0$, $\mathrm{PUE} = 1$) is $24\,e\,p$. Since hashprice is proportional to the BTC price, a
# machine stops paying its way below the **shutdown price** $S^{*} = h^{*}\,N / (144\,(R + F))$.

# %%
order = asics.sort_values("efficiency_j_per_th")
eff = order["efficiency_j_per_th"].to_numpy()
be_bare = ml.breakeven_hashprice_usd_per_ph_day(eff, power_price_usd_per_kwh)
be_practice = ml.breakeven_hashprice_usd_per_ph_day(eff[:, None], pp, **practice)  # (models, power prices)
table2 = pd.DataFrame(be_practice, columns=[f"at {p:.2f}" for p in pp])
table2.insert(0, "efficiency_j_per_th", eff)
table2.insert(0, "model", order["model"].to_numpy())

reward_btc = block_subsidy_btc + fees_per_block_btc  # [BTC/block]
table3 = pd.DataFrame({
    "model": order["model"].to_numpy(),
    "bare_usd_per_ph_day": be_bare,
    "practice_usd_per_ph_day": ml.breakeven_hashprice_usd_per_ph_day(eff, power_price_usd_per_kwh, **practice),
    "power_price_usd_per_kwh": ml.breakeven_power_price_usd_per_kwh(hp_luxor, eff, **practice),
    "shutdown_usd_per_btc": ml.shutdown_btc_price_usd(eff, power_price_usd_per_kwh, n_from_difficulty, reward_btc,
                                                     **practice),
})
uplift = ref_be_practice / ref_be - 1  # = PUE / (1 - fee) - 1 [fraction]
extra_power = pue - 1  # [fraction]
ref_be_no_uptime = float(ml.breakeven_hashprice_usd_per_ph_day(ref_e, power_price_usd_per_kwh, pool_fee=pool_fee, pue=pue))
ref_shutdown = float(ml.shutdown_btc_price_usd(ref_e, power_price_usd_per_kwh, n_from_difficulty, reward_btc, **practice))
n_underwater = int((table3["shutdown_usd_per_btc"] > price).sum())
n_models = len(table3)
be_with = table3["practice_usd_per_ph_day"]
be_best, be_worst = float(be_with.iloc[0]), float(be_with.iloc[-1])
model_best, model_worst = table3["model"].iloc[0], table3["model"].iloc[-1]

display(Markdown(f"**Table 2.** Break-even hashprice [USD/PH/day] by model and power price [USD/kWh], with a "
                 f"{pool_fee:.0%} pool fee, a PUE of {pue:.2f} and {uptime:.0%} uptime."))
display(reader_table(table2, {"model": "Model", "efficiency_j_per_th": Col("Efficiency", "J/TH", fmt=",.1f"),
                              **{c: Col(c, fmt=",.1f") for c in table2.columns[2:]}}))
display(Markdown(f"**Table 3.** Break-evens of each model: the hashprice at \\${power_price_usd_per_kwh:.2f}/kWh, bare "
                 f"and with the practitioner inputs; the power price at which it breaks even at the snapshot's "
                 f"\\${hp_luxor:,.2f}; and the shutdown BTC price, below which it stops paying its way at "
                 f"\\${power_price_usd_per_kwh:.2f}/kWh and the snapshot's difficulty (both with the practitioner inputs)."))
display(reader_table(table3, {"model": "Model", "bare_usd_per_ph_day": Col("Bare", "USD/PH/day", fmt=",.2f"),
                              "practice_usd_per_ph_day": Col("With fee and PUE", "USD/PH/day", fmt=",.2f"),
                              "power_price_usd_per_kwh": Col("Power price", "USD/kWh", fmt=",.3f"),
                              "shutdown_usd_per_btc": Col("Shutdown", "USD/BTC", fmt=",.0f")}))
headline("reference_breakeven_usd_per_ph_day", ref_be, unit="USD/PH/day", fmt="{:,.2f}",
         label=f"Break-even hashprice, {reference_model} at {power_price_usd_per_kwh:.2f} USD/kWh, bare (24 e p)")
headline("reference_breakeven_practitioner_usd_per_ph_day", ref_be_practice, unit="USD/PH/day", fmt="{:,.2f}",
         label=f"Break-even hashprice, {reference_model} at {power_price_usd_per_kwh:.2f} USD/kWh, "
               f"{pool_fee:.0%} FPPS fee, PUE {pue:.2f}")

# %%
display(Markdown(f"""**Reading.** The reference **{reference_model}** ({ref_e:g} J/TH) needs **\\${ref_be:,.2f} per PH/day**
bare at \\${power_price_usd_per_kwh:.2f}/kWh, and **\\${ref_be_practice:,.2f}** once a {pool_fee:.0%} pool
fee and a PUE of {pue:.2f} are counted: {uplift:+.1%}, since the site draws {extra_power:.0%} more power
than its machines and the pool keeps {pool_fee:.0%} of the revenue ({pue:.2f} / (1 - {pool_fee:.2f})). The {uptime:.0%} uptime changes nothing here (\\${ref_be_no_uptime:,.2f}
without it), as the formula says when there are no other costs. With these inputs the break-even at
\\${power_price_usd_per_kwh:.2f}/kWh runs from \\${be_best:,.2f} ({model_best}) to \\${be_worst:,.2f}
({model_worst}) per PH/day. The {reference_model} stops paying its way below \\${ref_shutdown:,.0f} per BTC;
{n_underwater} of the {n_models} models have a shutdown price above the \\${price:,.0f} spot and run at a loss
on power alone at this power price."""))

# %% [markdown]
# ## 4. How much of a fleet is under water?
#
# The unprofitable share of a fleet is the hashrate-weighted share of machines whose break-even exceeds
# the hashprice:
#
# $$U(h, p) = \frac{\sum_{i} w_{i} \cdot \mathbf{1}\left[ h^{*}_{i}(p) > h \right]}{\sum_{i} w_{i}}$$
#
# **The fleet mix is an ASSUMPTION**: the seeds give no breakdown of the global fleet by model, so the
# mix below (EH/s per model, parameters `fleet_models` / `fleet_ehs`) is illustrative, and so is the single
# power price applied to all of it.

# %%
shares_bare = np.atleast_1d(ml.share_unprofitable(fleet, hp_levels, power_price_usd_per_kwh))
shares = np.atleast_1d(shares_check)
hp_axis = np.linspace(10, 80, 281)
curve_bare = ml.unprofitable_share_curve(fleet, hp_axis, power_price_usd_per_kwh)
curve = ml.unprofitable_share_curve(fleet, hp_axis, power_price_usd_per_kwh, **practice)
fleet_ehs_total = float(ml.units.ths_to_ehs(fleet["hashrate_ths"].sum()))  # [EH/s]

fig, ax = plt.subplots(figsize=(6.8, 3.6))
ax.step(curve_bare.index, curve_bare.to_numpy(), where="post", color="C0", ls="--", label="bare (24 e p)")
ax.step(curve.index, curve.to_numpy(), where="post", color="C0",
        label=f"{pool_fee:.0%} pool fee, PUE {pue:.2f}")
for lv, sh in zip(hp_levels, shares):
    ax.axvline(lv, color="grey", ls=":", lw=1)
    ax.annotate(f"${lv:g}: {sh:.0%}", (lv, sh), xytext=(4, 6), textcoords="offset points", fontsize=8)
ax.axhspan(coinshares_share_low, coinshares_share_high, color="C1", alpha=0.15, label="CoinShares 15-20% (001)")
ax.set_xlabel("Hashprice [USD/PH/day]")
ax.set_ylabel("Share of hashrate unprofitable")
ax.set_title(f"Unprofitable share of the assumed fleet at ${power_price_usd_per_kwh:.2f}/kWh")
usd_axis(ax, axis="x")
percent_axis(ax)
ax.legend(fontsize=8, loc="upper right")
plt.show()

share_at_headline = float(ml.share_unprofitable(fleet, headline_hashprice_usd_per_ph_day, power_price_usd_per_kwh, **practice))
share_at_headline_bare = float(ml.share_unprofitable(fleet, headline_hashprice_usd_per_ph_day, power_price_usd_per_kwh))
if share_at_headline < coinshares_share_low:
    versus_coinshares = "below"
elif share_at_headline > coinshares_share_high:
    versus_coinshares = "above"
else:
    versus_coinshares = "inside"
levels_words = "; ".join(f"at \\${lv:g} **{sh:.1%}** ({sb:.1%} bare)" for lv, sh, sb in zip(hp_levels, shares, shares_bare))
headline("share_unprofitable_at_40", share_at_headline * 100, unit="%", fmt="{:.1f}",
         label=f"Share of assumed fleet unprofitable at {headline_hashprice_usd_per_ph_day:g} USD/PH/day "
               f"({pool_fee:.0%} FPPS fee, PUE {pue:.2f})")

# %%
display(Markdown(f"""**Reading.** The step curves show the share of the assumed {fleet_ehs_total:,.0f} EH/s fleet whose
break-even at \\${power_price_usd_per_kwh:.2f}/kWh exceeds each hashprice, bare (dashed) and with the
practitioner inputs (solid); the shaded band is CoinShares' estimate. With the practitioner inputs:
{levels_words}. At \\${headline_hashprice_usd_per_ph_day:g} the share is **{share_at_headline:.1%}**
({share_at_headline_bare:.1%} bare), {versus_coinshares} CoinShares' range."""))

# %% [markdown]
# ### What power price gives CoinShares' 15-20%?
#
# Turning the question round: at a given hashprice, above which power price is at least a target share of
# the assumed fleet unprofitable? Machine $i$ is under water above its $p^{*}_{i}$; sorting the machines by
# $p^{*}_{i}$ and adding up their hashrate gives the threshold.

# %%
p_low = ml.power_price_for_unprofitable_share_usd_per_kwh(fleet, headline_hashprice_usd_per_ph_day,
                                                          coinshares_share_low, **practice)
p_high = ml.power_price_for_unprofitable_share_usd_per_kwh(fleet, headline_hashprice_usd_per_ph_day,
                                                           coinshares_share_high, **practice)
p_axis = np.linspace(0.02, 0.10, 321)
share_p = ml.share_unprofitable(fleet, headline_hashprice_usd_per_ph_day, p_axis, **practice)
same_threshold = bool(np.isclose(p_low, p_high))
threshold_words = " (the same threshold: one model class carries the share across the whole range)" if same_threshold else ""
fig, ax = plt.subplots(figsize=(6.8, 3.4))
ax.step(p_axis, share_p, where="post", label=f"assumed fleet at ${headline_hashprice_usd_per_ph_day:g}/PH/day")
ax.axhspan(coinshares_share_low, coinshares_share_high, color="C1", alpha=0.15, label="CoinShares 15-20% (001)")
ax.axvline(power_price_usd_per_kwh, color="grey", ls=":", lw=1, label=f"base ${power_price_usd_per_kwh:.2f}/kWh")
ax.set_xlabel("Power price [USD/kWh]")
ax.set_ylabel("Share of hashrate unprofitable")
ax.set_title("Unprofitable share against the power price")
usd_axis(ax, axis="x", decimals=2)
percent_axis(ax)
ax.legend(fontsize=8, loc="upper left")
plt.show()

# %%
display(Markdown(f"""The chart shows how the unprofitable share of the assumed fleet grows with the power price at
\\${headline_hashprice_usd_per_ph_day:g} per PH/day, with the practitioner inputs. At least
{coinshares_share_low:.0%} is unprofitable above **\\${p_low:.4f}/kWh** and at least
{coinshares_share_high:.0%} above **\\${p_high:.4f}/kWh**{threshold_words}. CoinShares' estimate is
consistent with this mix if its marginal machines pay about that or more; with another mix the answer
moves. The seeds give neither the mix nor the power prices."""))

# %% [markdown]
# ### Is a CleanSpark-like fleet under 10% at \$30?
#
# CleanSpark's CEO said that "at a hash price of \$30, less than 10% of our fleet" is unprofitable (002). We
# test an efficient fleet of CleanSpark's January hashrate - its model mix and power price are ASSUMPTIONS.

# %%
clsk_share = float(clsk_check)
clsk_share_bare = float(ml.share_unprofitable(clsk_fleet, clsk_hashprice_usd_per_ph_day, clsk_power_price_usd_per_kwh))
clsk_p10 = ml.power_price_for_unprofitable_share_usd_per_kwh(clsk_fleet, clsk_hashprice_usd_per_ph_day,
                                                             clsk_claimed_share, **practice)
global_at_clsk = float(ml.share_unprofitable(fleet, clsk_hashprice_usd_per_ph_day, power_price_usd_per_kwh, **practice))
clsk_ehs_total = float(ml.units.ths_to_ehs(clsk_fleet["hashrate_ths"].sum()))  # [EH/s]
clsk_weighted_e = float(np.average(clsk_fleet["efficiency_j_per_th"], weights=clsk_fleet["hashrate_ths"]))  # [J/TH]
clsk_verdict = "consistent with" if clsk_share < clsk_claimed_share else "not consistent with"

# %%
display(Markdown(f"""The assumed CleanSpark-like fleet ({clsk_ehs_total:,.1f} EH/s, hashrate-weighted {clsk_weighted_e:.1f} J/TH)
at \\${clsk_power_price_usd_per_kwh:.2f}/kWh has **{clsk_share:.1%}** of its hashrate unprofitable at
\\${clsk_hashprice_usd_per_ph_day:g} per PH/day with the practitioner inputs ({clsk_share_bare:.1%} bare) -
{clsk_verdict} "less than {clsk_claimed_share:.0%}". It stays under {clsk_claimed_share:.0%} up to
\\${clsk_p10:.4f}/kWh. The assumed global fleet at \\${power_price_usd_per_kwh:.2f}/kWh is
{global_at_clsk:.1%} unprofitable at the same hashprice: efficiency is what separates the two."""))

# %% [markdown]
# ## 5. Spot price against all-in cost estimates
#
# All-in cost estimates (power plus other operating costs, depreciation and interest per BTC) differ by
# source. The gap of a price $S$ to a cost $C$ is
#
# $$g = \frac{S}{C} - 1$$
#
# negative when BTC trades below the estimated cost (seed 001's "pressure gauge").

# %%
costs = snap[snap["metric"] == "all_in_cost_usd_per_btc"].reset_index(drop=True)
points = snap[(snap["metric"] == "price_usd") & (snap["basis"] == "point")].drop_duplicates("source").set_index("source")
costs["article_price"] = costs["source"].map(points["value"])
costs["upper_bound_only"] = costs["source"].map(points["qualifier"]).eq("upper_bound").to_numpy()
costs["gap_spot"] = ml.price_to_cost_gap(spot_price_usd, costs["value"].to_numpy())
costs["gap_article"] = ml.price_to_cost_gap(costs["article_price"].fillna(0).to_numpy(), costs["value"].to_numpy())
costs["seed"] = costs["source"].str[:3]
has_own_price = (costs["article_price"].notna() & ~costs["upper_bound_only"]).to_numpy()
all_above_spot = bool((costs["gap_spot"] < 0).all())
cost_lo, cost_hi = float(costs["value"].min()), float(costs["value"].max())
gap_lo, gap_hi = float(costs["gap_spot"].min()), float(costs["gap_spot"].max())

fig, ax = plt.subplots(figsize=(6.0, 3.4))
x = np.arange(len(costs))
ax.bar(x, costs["gap_spot"], width=0.5, label=f"spot ${spot_price_usd:,.0f}")
ax.plot(x[has_own_price], costs.loc[has_own_price, "gap_article"], "o", color="C3", label="the article's own price")
ax.axhline(0, color="black", lw=0.8)
ax.set_xticks(x, [f"${v:,.0f}\n({s})" for v, s in zip(costs["value"], costs["seed"])])
ax.set_xlabel("All-in cost estimate [USD/BTC] (seed)")
ax.set_ylabel("Price relative to cost")
ax.set_title("Price-to-cost gap")
ax.yaxis.set_major_locator(MultipleLocator(0.05))
percent_axis(ax)
ax.legend(fontsize=8, loc="lower left")
plt.show()

table4 = costs.assign(own_price=costs["article_price"].where(has_own_price),
                      own_gap=costs["gap_article"].where(has_own_price))
display(Markdown(f"**Table 4.** The gaps of the chart, at a spot price of \\${spot_price_usd:,.0f}. Seed 002's own "
                 "price is derived from \"about \\$15,000 higher\"; seed 001 says only that the price was \"well "
                 "below\" its estimate, so it has none."))
display(reader_table(table4, {"seed": "Seed", "value": Col("All-in cost", "USD/BTC", fmt=",.0f"),
                              "gap_spot": Col("Gap at the spot price", percent=True, sign=True, decimals=0),
                              "own_price": Col("Article's price", "USD/BTC", fmt=",.0f"),
                              "own_gap": Col("Gap at the article's price", percent=True, sign=True, decimals=0)}))
cost_verdict = "above" if all_above_spot else "not uniformly above"

# %%
display(Markdown(f"""**Reading.** The all-in cost estimates of the seeds run from \\${cost_lo:,.0f} to \\${cost_hi:,.0f} per BTC;
a spot price of \\${spot_price_usd:,.0f} sits {gap_lo:+.0%} to {gap_hi:+.0%} from them. Every estimate is
{cost_verdict} the spot price: by these measures the average miner does not cover its all-in cost, even
while the {reference_model} on \\${power_price_usd_per_kwh:.2f}/kWh power covers its electricity."""))

# %%
display(Markdown(f"""## Reading

* The snapshot's hashprice in the industry's (Luxor's) definition is **\\${hp_luxor:,.2f}** per PH/day,
  short of the ~\\${hp_article:.0f} seed 003 quotes; closing the gap with fees alone would take
  {fees_needed:,.2f} BTC a block, so figures of different days are the likelier cause.
* Break-evens move with the inputs a practitioner adds: a {pool_fee:.0%} pool fee and a PUE of {pue:.2f}
  lift the {reference_model}'s \\${ref_be:,.2f} to **\\${ref_be_practice:,.2f}** per PH/day at
  \\${power_price_usd_per_kwh:.2f}/kWh ({uplift:+.1%}); uptime cancels unless there are fixed costs.
* Fleet-level claims (CoinShares' 15-20%, CleanSpark's < 10%) depend on a mix and power prices the seeds
  do not give; with the assumed mixes the threshold power prices are computed, not asserted."""))
