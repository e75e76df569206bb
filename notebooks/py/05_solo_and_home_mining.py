# %% [markdown]
# # Solo and home mining: a lottery, not a wage
#
# A teaching notebook. Seed `001_edb144c9be488f88.txt` warns that "Industrial mining cost models do not
# translate neatly to a Bitaxe, a small ASIC, or a solo mining setup at home" and that solo mining "does not
# provide stable income. It does not guarantee a block." Here we make that precise for three miners, a
# ~1.2 TH/s Bitaxe-class home device, a 200 TH/s ASIC and a 10 EH/s industrial miner, against the ~913 EH/s
# network of seed `003_51347cbd2f4016cb.txt`: the odds of finding a block, how a growing network stretches
# them over the years, how uneven the reward is, what a pool changes (the same expected value less its fee,
# with the luck taken away), and why a cost per BTC is the wrong lens for a home device. Exercises with
# checked answers end the notebook.

# %% tags=["parameters"]
network_hashrate_ehs: float = 913.0  # network hashrate ("roughly 913 exahashes per second", seed 003) [EH/s]
network_date: str = "2026-02-05"  # date of that figure (inferred, data/network_snapshots.csv) [date]
annual_hashrate_growth: float | None = None  # network growth; None -> derived from data/network_snapshots.csv (566 EH/s on 31 Mar 2024, seed 000 -> 913 EH/s on 5 Feb 2026, seed 003), as notebooks 10 and 11 [fraction per year]
block_subsidy_btc: float = 3.125  # block subsidy since the April 2024 halving (height 840,000) [BTC/block]
fees_per_block_btc: float = 0.025  # ASSUMPTION (no seed gives fees): mean fees per block [BTC/block]
btc_price_usd: float = 71_091.0  # BTC price ("near $71,091", seed 003) [USD/BTC]
home_model: str = "Bitaxe Gamma 601"  # home device, from data/asics.csv (~1.2 TH/s) [-]
asic_model: str = "Antminer S21"  # a single modern ASIC, from data/asics.csv (200 TH/s) [-]
industrial_hashrate_ehs: float = 10.0  # industrial miner ("A miner with 10 EH/s", seed 001) [EH/s]
home_power_price_usd_per_kwh: float = 0.15  # ASSUMPTION: residential electricity price [USD/kWh]
industrial_all_in_cost_usd_per_btc: float = 78_000.0  # JPMorgan all-in cost per BTC (seed 001) [USD/BTC]
horizons_years: list = [1.0, 5.0, 10.0, 25.0]  # horizons for the odds table [years]
machine_life_years: float = 5.0  # ASSUMPTION: an ASIC's useful life (CleanSpark depreciates over "3–5 years", seed 000) [years]
pool_fee: float = 0.02  # ASSUMPTION: an FPPS pool's fee, a typical practitioner value [fraction of revenue]
n_draws: int = 200_000  # draws of a solo miner's outcome over the machine's life [-]
seed: int = 5  # random seed of the draws [-]

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display
from matplotlib.ticker import MaxNLocator

import minelib as ml
from minelib.plotting import percent_axis, use_house_style
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
asics = ml.load_asics().set_index("model")
for name, model in (("home_model", home_model), ("asic_model", asic_model)):
    if model not in asics.index:
        raise ValueError(f"{name}={model!r} is not in data/asics.csv; choose from {list(asics.index)}")
if annual_hashrate_growth is not None and not annual_hashrate_growth > 0:
    raise ValueError(f"annual_hashrate_growth={annual_hashrate_growth!r} must be > 0 [fraction per year] "
                     "(section 2 measures what a growing network does to the odds), or None for the data's")
if not horizons_years or any(h <= 0 for h in horizons_years):
    raise ValueError(f"horizons_years={horizons_years!r} must be a non-empty list of positive numbers [years]")
DAYS_PER_YEAR = ml.units.DAYS_PER_YEAR  # 365.25 [days/year]
B = ml.protocol.STEADY_BLOCKS_PER_DAY  # 143.93: a steady network's blocks per day (Bitcoin Core) [blocks/day]

home_ths, asic_ths = (float(asics.loc[m, "hashrate_ths"]) for m in (home_model, asic_model))  # [TH/s]
industrial_ths = float(ml.units.ehs_to_ths(industrial_hashrate_ehs))  # [TH/s]
miners = pd.DataFrame({"hashrate_ths": [home_ths, asic_ths, industrial_ths]},
                      index=[f"{home_model} (home)", asic_model, f"Industrial {industrial_hashrate_ehs:g} EH/s"])
home, asic, ind = miners.index
h = miners["hashrate_ths"].to_numpy()
reward_btc = block_subsidy_btc + fees_per_block_btc  # [BTC/block]

# the network's growth: by default between the two point estimates of data/network_snapshots.csv (seeds 000, 003)
trend = ml.montecarlo.trend_drift_from_snapshots()
growth_from_data = annual_hashrate_growth is None
annual_growth = trend["growth_per_year"] if growth_from_data else float(annual_hashrate_growth)  # [fraction/year]
drift = trend["drift_per_year"] if growth_from_data else float(np.log1p(annual_growth))  # continuously [1/year]
growth_source = "seeds 000->003" if growth_from_data else "parameter"
# years until the grown network passes the plausible ceiling of a network hashrate (minelib.plausibility)
plausible_ceiling_ehs = ml.plausibility.limit("network_hashrate_ehs")[1]  # [EH/s]
plausible_years = float(ml.network_growth_years(network_hashrate_ehs, plausible_ceiling_ehs, drift))  # [years]

# the block height on network_date: block 840,000 (data/halvings.csv) plus the days since at B a day
start_height = ml.estimated_height(network_date)  # ESTIMATE [blocks]
life_days = machine_life_years * DAYS_PER_YEAR  # [days]
# minelib validates every input here (a miner above the network, a fee outside [0, 1), a life past the ceiling)
life = pd.DataFrame({
    "solo_mean_btc": ml.expected_solo_btc(h, network_hashrate_ehs, life_days, start_height, drift, fees_per_block_btc),
    "solo_sd_btc": ml.solo_btc_sd(h, network_hashrate_ehs, life_days, start_height, drift, fees_per_block_btc),
    "pooled_btc": ml.expected_pooled_btc(h, network_hashrate_ehs, life_days, start_height, pool_fee, drift,
                                         fees_per_block_btc),
    "p_no_block": 1 - ml.probability_of_block(h, network_hashrate_ehs, life_days, drift),
}, index=miners.index)

# %% [markdown]
# ## 1. Blocks arrive like raindrops
#
# Every hash is an independent lottery ticket. A miner with hashrate $h$ on a network of hashrate $H$ wins
# each block with probability $h/H$. The network finds $B$ blocks a day, so the miner's wins arrive as a
# Poisson process of rate
#
# $$\lambda = \frac{h}{H}\,B$$
#
# blocks per day. $B$ is not quite 144: Bitcoin Core measures each 2,016-block epoch over its 2,015
# intervals, so a network of steady hashrate settles at one block every $600 \times 2016/2015$ seconds,
# $B = 143.93$ a day (the primer, notebook 07, works it through). Over $t$ days the number of blocks $N$ is
# Poisson with mean $\mu = \lambda t$, so the chance of at least one block and the expected wait are
#
# $$P(N \geq 1) = 1 - e^{-\mu}, \qquad E[T] = \frac{1}{\lambda}$$

# %%
miners["share"] = h / float(ml.units.ehs_to_ths(network_hashrate_ehs))
miners["blocks_per_year"] = ml.expected_blocks_per_day(h, network_hashrate_ehs) * DAYS_PER_YEAR
miners["p_block_1y"] = ml.probability_of_block(h, network_hashrate_ehs, DAYS_PER_YEAR)
miners["p_block_1y_pct"] = miners["p_block_1y"] * 100  # [%]
miners["years_to_block"] = ml.expected_years_to_block(h, network_hashrate_ehs)
home_odds = 1 / miners.loc[home, "p_block_1y"]  # one chance in ... [-]
home_wait, asic_wait = miners.loc[home, "years_to_block"], miners.loc[asic, "years_to_block"]  # [years]
ind_blocks_year = miners.loc[ind, "blocks_per_year"]  # [blocks/year]
ind_blocks_day = ind_blocks_year / DAYS_PER_YEAR  # [blocks/day]
headline("home_expected_years_to_block", home_wait, unit="years", fmt="{:,.0f}",
         label=f"Expected wait for a block, {home_model}, today's network at 143.93 blocks/day")
headline("asic_p_block_one_year", miners.loc[asic, "p_block_1y"] * 100, unit="%", fmt="{:.2f}",
         label=f"Chance of a block in a year, {asic_model}, today's network")
reader_table(miners, {"hashrate_ths": Col("Hashrate", "TH/s", fmt=",.1f"),
                      "share": Col("Share of network", fmt=".2e"),
                      "blocks_per_year": Col("Expected blocks", "per year", fmt=",.4g"),
                      "p_block_1y_pct": Col("Chance of a block in a year", "%", fmt=",.3g"),
                      "years_to_block": Col("Expected wait", "years")},
             index="Miner", caption=f"Table 1. Three miners on a {network_hashrate_ehs:,.0f} EH/s network.")

# %%
display(Markdown(
    f"The {home} has a **1 in {home_odds:,.0f}** chance of a block in a year and waits on average "
    f"**{home_wait:,.0f} years**; the {asic} waits {asic_wait:,.0f} years; the industrial miner expects "
    f"{ind_blocks_year:,.0f} blocks a year, about {ind_blocks_day:,.1f} a day."
))

# %% [markdown]
# ## 2. A growing network stretches the odds
#
# The network does not stand still. If it grows at a constant rate $r$ (continuously compounded),
# $H(t) = H_0 e^{rt}$, a fixed miner's rate falls as $\lambda_0 e^{-rt}$ and the expected blocks in $t$
# years are the integral
#
# $$\mu(t) = \lambda_0 \int_0^t e^{-rs}\,ds = \lambda_0\,\frac{1 - e^{-rt}}{r}$$
#
# So $t$ years on a growing network hold the blocks of $(1 - e^{-rt})/r$ years on today's, and never more
# than 1/$r$ years however long the miner waits. Unless the parameter `annual_hashrate_growth` sets it, the
# rate here is the network's own, between the two point estimates of network hashrate in
# `data/network_snapshots.csv`: seed 000's at the end of Q1 2024 and seed 003's in early February 2026 (the
# paragraph after Table 3 gives the figures).

# %%
horizons = np.asarray(horizons_years, dtype=float)  # [years]
equivalent_years = ml.constant_network_days(horizons * DAYS_PER_YEAR, drift) / DAYS_PER_YEAR  # [years]
longest, longest_equivalent = float(horizons.max()), float(equivalent_years[-1])  # [years]
ceiling_years = 1 / drift  # the most any wait can hold [years of today's network]
longest_network_ehs = network_hashrate_ehs * np.exp(drift * longest)  # [EH/s]
def years_label(y):  # "1 year", "5 years": a horizon as a column or row label
    return f"{y:g} year" + ("" if y == 1 else "s")


# Deliberate what-if past the plausible network (minelib.plausibility): how far exponential growth goes
with ml.plausibility.relaxed("network_hashrate_ehs"):
    odds = pd.DataFrame({years_label(y): ml.probability_of_block(h, network_hashrate_ehs, y * DAYS_PER_YEAR, drift)
                         for y in horizons}, index=miners.index)
flat_odds = pd.DataFrame({years_label(y): ml.probability_of_block(h, network_hashrate_ehs, y * DAYS_PER_YEAR)
                          for y in horizons}, index=miners.index)
asic_longest_flat, asic_longest_growing = flat_odds.iloc[1, -1], odds.iloc[1, -1]  # [probability]
home_longest_growing = odds.iloc[0, -1]  # [probability]
headline("growing_network_equivalent_years", longest_equivalent, unit="years", fmt="{:.1f}",
         label=f"{years_label(longest)} of a network growing {drift:.1%}/year (continuously compounded, {growth_source}) "
               f"hold the expected blocks of this many years at today's")
equiv = pd.DataFrame({"horizon": horizons, "equivalent": equivalent_years},
                     index=[years_label(y) for y in horizons])
reader_table(equiv, {"equivalent": Col("Years at today's network", "years", fmt=",.2f")}, index="Time mining",
             caption=f"Table 2. Expected blocks of a growing network ({drift:.3f}/year) as years at today's.")

# %%
t_years = np.geomspace(1 / DAYS_PER_YEAR, 100, 200)  # [years]
t_grow = t_years[t_years <= plausible_years]  # the growing network stays plausible up to here [years]
fig, ax = plt.subplots(figsize=(6.8, 3.8))
for j, name in enumerate(miners.index):
    hr = miners.loc[name, "hashrate_ths"]
    ax.plot(t_years, ml.probability_of_block(hr, network_hashrate_ehs, t_years * DAYS_PER_YEAR), color=f"C{j}",
            label=f"{name}, today's network")
    ax.plot(t_grow, ml.probability_of_block(hr, network_hashrate_ehs, t_grow * DAYS_PER_YEAR, drift),
            color=f"C{j}", ls="--", label=f"{name}, growing {drift:.1%}/year")
ax.set(xscale="log", yscale="log", ylim=(1e-8, 2), xlabel="Time mining [years]",
       ylabel="P(at least one block) [probability]", title="Chance of finding at least one block")
ax.set_xticks([1 / 365.25, 1 / 12, 1, 10, 100], ["1 day", "1 month", "1 year", "10 years", "100 years"])
ax.set_yticks([1e-8, 1e-6, 1e-4, 1e-2, 1], ["10⁻⁸", "10⁻⁶", "10⁻⁴", "1 %", "100 %"])
ax.minorticks_off()
ax.legend(fontsize=7, loc="lower right")
plt.show()

# %%
reader_table(odds * 100, {c: Col(c, "%", fmt=",.3g") for c in odds.columns}, index="Miner",
             caption=f"Table 3. Chance of at least one block by horizon, network growing {drift:.1%}/year "
                     f"(the {longest:g}-year column is a what-if past the plausible network).")

# %%
display(Markdown(
    (f"From {trend['first_ehs']:,.0f} EH/s on {trend['first_date']:%d %b %Y} (seed 000) to {trend['last_ehs']:,.0f} "
     f"EH/s on {trend['last_date']:%d %b %Y} (seed 003), {trend['years']:.2f} years, is a drift of "
     if growth_from_data else "The parameter `annual_hashrate_growth` sets a drift of ")
    + f"**{drift:.3f} a year** continuously compounded ({annual_growth:.1%} compounded "
    f"yearly). At that rate **{years_label(longest)} of mining hold the expected blocks of {longest_equivalent:.1f} "
    f"years at today's network**, and no wait, however long, holds more than {ceiling_years:.1f}. For the "
    f"{asic} the chance of a block in {years_label(longest)} falls from {asic_longest_flat:.1%} on today's network to "
    f"{asic_longest_growing:.1%}; for the {home} it is {home_longest_growing:.4%}.\n\n"
    f"The growing lines in the chart are dashed and stop after {plausible_years:.1f} years, where the network "
    f"would pass {plausible_ceiling_ehs:,.0f} EH/s, the library's plausible ceiling; "
    f"the {longest:g}-year column of Table 3 carries the growth on to {longest_network_ehs:,.0f} EH/s as a "
    f"deliberate what-if. Exponential growth cannot go on for decades, so the true odds lie between the solid "
    f"and the dashed lines, nearer the dashed ones for the first decade."
))

# %% [markdown]
# ## 3. How uneven is the reward?
#
# With a fixed reward per block, a year's reward is proportional to $N$. Its standard deviation relative to
# its mean, the coefficient of variation, is
#
# $$\mathrm{CV} = \frac{\sqrt{\mu}}{\mu} = \frac{1}{\sqrt{\mu}}$$
#
# A CV of 0.04 is a salary that varies by 4 %; a CV of 100 is a lottery. The whole distribution,
# $P(N = k) = \mu^{k} e^{-\mu} / k!$, shows the same thing.

# %%
miners["cv"] = ml.yearly_reward_cv(h, network_hashrate_ehs)
cv_home, cv_asic, cv_ind = miners["cv"]  # [-]
k = np.arange(3)
kk = np.arange(int(ind_blocks_year - 4 * np.sqrt(ind_blocks_year)), int(ind_blocks_year + 4 * np.sqrt(ind_blocks_year)))
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.8, 3.4), gridspec_kw={"width_ratios": [2, 3]})
for j, name in enumerate([home, asic]):
    pk = ml.probability_of_k_blocks(k, miners.loc[name, "hashrate_ths"], network_hashrate_ehs, DAYS_PER_YEAR)
    ax1.bar(k + (j - 0.5) * 0.4, pk, width=0.4, label=name)
ax1.set_xticks(k, ["0", "1", "2"])
ax1.set(yscale="log", ylim=(1e-9, 1e3), xlabel="Blocks in a year [blocks]", ylabel="Probability",
        title="Small miners")
ax1.set_yticks([1e-8, 1e-6, 1e-4, 1e-2, 1], ["10⁻⁸", "10⁻⁶", "10⁻⁴", "1 %", "100 %"])
ax1.minorticks_off()
ax1.legend(fontsize=7, loc="upper right")
ax2.fill_between(kk, ml.probability_of_k_blocks(kk, industrial_ths, network_hashrate_ehs, DAYS_PER_YEAR),
                 step="mid", color="C2", alpha=0.8)
ax2.set(xlabel="Blocks in a year [blocks]", ylabel="Probability", title=ind)
ax2.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 4, 5, 10]))
percent_axis(ax2, decimals=1)
plt.show()

# %%
display(Markdown(
    f"The left panel shows, on a log scale, that a small device's year almost always ends with zero blocks; "
    f"the right panel shows the industrial miner's blocks per year, a narrow bell around {ind_blocks_year:,.0f}. "
    f"The coefficient of variation of a year's reward is **{cv_home:,.0f}** for the {home}, **{cv_asic:,.1f}** "
    f"for the {asic} and **{cv_ind:.3f}** for the industrial miner."
))

# %% [markdown]
# ## 4. The expected value and the typical outcome
#
# The expected reward per year is $E = \lambda \times 365.25 \times (R + F)$ BTC, with $R$ the subsidy and
# $F$ the fees per block. For a small device it is a real number of satoshis, but almost no year pays it.
# The median year pays the median number of blocks times the reward, and for a small device the median
# number of blocks is zero.

# %%
miners["expected_btc_year"] = ml.expected_btc_per_year(h, network_hashrate_ehs, reward_btc)
miners["median_blocks_year"] = ml.median_blocks(h, network_hashrate_ehs, DAYS_PER_YEAR)
miners["median_btc_year"] = miners["median_blocks_year"] * reward_btc
home_expected_sats = float(ml.units.btc_to_sats(miners.loc[home, "expected_btc_year"]))  # [sats/year]
home_expected_usd = miners.loc[home, "expected_btc_year"] * btc_price_usd  # [USD/year]
home_median_btc = miners.loc[home, "median_btc_year"]  # [BTC/year]
zero_median = ", ".join(miners.index[miners["median_blocks_year"] == 0]) or "none"
ind_mean_btc, ind_median_btc = miners.loc[ind, "expected_btc_year"], miners.loc[ind, "median_btc_year"]  # [BTC]
reader_table(miners, {"expected_btc_year": Col("Expected reward", "BTC/year", fmt=",.6g"),
                      "median_blocks_year": Col("Median blocks", "per year", fmt=",.0f"),
                      "median_btc_year": Col("Median reward", "BTC/year", fmt=",.4g")},
             index="Miner", caption=f"Table 4. Mean and median reward in a year ({reward_btc:g} BTC per block, "
                                    f"fees an ASSUMPTION).")

# %%
display(Markdown(
    f"The {home} 'earns' {home_expected_sats:,.0f} sats a year on average (\\${home_expected_usd:,.2f} at "
    f"\\${btc_price_usd:,.0f}), yet its median year pays **{home_median_btc:g} BTC**. Miners whose median year "
    f"pays nothing: {zero_median}. For the industrial miner mean and median are {ind_mean_btc:,.0f} and "
    f"{ind_median_btc:,.0f} BTC."
))

# %% [markdown]
# ## 5. Solo or pooled: the same mean, a different life
#
# A pool that pays **FPPS** (full pay per share) pays each share its expected value, subsidy and fees, at
# the current difficulty, whatever the pool's own luck, and keeps a fee $f$. Over a machine's life the miner
# is paid
#
# $$\mathrm{pooled} = (1 - f)\,E_{\mathrm{solo}}, \qquad E_{\mathrm{solo}} = \sum_k R_k\,\mu_k$$
#
# where era $k$ runs between halvings, pays $R_k$ per block (the subsidy of its heights plus fees) and holds
# $\mu_k$ expected blocks of the growing network. Solo, the miner keeps the fee and takes the whole spread
# of a compound Poisson sum, $\mathrm{sd} = \sqrt{\sum_k R_k^2\,\mu_k}$. The pool takes the luck away; it
# cannot take away the network's growth or the halvings, which are in both.

# %%
draws = ml.simulate_solo_btc(asic_ths, network_hashrate_ehs, life_days, start_height, n_draws,
                             hashrate_drift_per_year=drift, fees_per_block_btc=fees_per_block_btc, seed=seed)
asic_life = life.loc[asic]
asic_mean, asic_sd, asic_pooled = asic_life["solo_mean_btc"], asic_life["solo_sd_btc"], asic_life["pooled_btc"]
asic_p_none = asic_life["p_no_block"]  # [probability]
asic_cv_life = asic_sd / asic_mean  # [-]
asic_pooled_usd = asic_pooled * btc_price_usd  # at today's price [USD]
block_before_btc = reward_btc  # a block before the next halving [BTC]
block_after_btc = float(ml.block_subsidy_btc(ml.next_halving_height(start_height))) + fees_per_block_btc  # after [BTC]
ind_cv_life = life.loc[ind, "solo_sd_btc"] / life.loc[ind, "solo_mean_btc"]  # [-]
ind_fee_btc = life.loc[ind, "solo_mean_btc"] - life.loc[ind, "pooled_btc"]  # [BTC]
headline("asic_life_solo_vs_pooled_btc", asic_pooled, unit="BTC", fmt="{:.4f}",
         label=f"{asic_model} over {machine_life_years:g} years in a {pool_fee:.0%} FPPS pool (growing network, "
               f"halvings)")
headline("asic_life_p_no_block", asic_p_none * 100, unit="%", fmt="{:.1f}",
         label=f"Chance that a solo {asic_model} finds no block in {machine_life_years:g} years (growing network)")
life["cv"] = life["solo_sd_btc"] / life["solo_mean_btc"]
life["p_no_block_pct"] = life["p_no_block"] * 100  # [%]
reader_table(life, {"solo_mean_btc": Col("Solo, expected", "BTC", fmt=",.4g"),
                    "solo_sd_btc": Col("Solo, spread (sd)", "BTC", fmt=",.4g"),
                    "cv": Col("Spread / mean", fmt=",.3g"),
                    "p_no_block_pct": Col("Solo, chance of nothing", "%", fmt=",.3g"),
                    "pooled_btc": Col(f"Pooled, paid ({pool_fee:.0%} FPPS fee)", "BTC", fmt=",.4g")},
             index="Miner", caption=f"Table 5. Over a {machine_life_years:g}-year life from block {start_height:,} "
                                    f"(estimated), network growing {drift:.1%}/year, halving in 2028.")

# %%
values, counts = np.unique(draws.round(9), return_counts=True)  # the few amounts a solo life can pay [BTC]
fig, ax = plt.subplots(figsize=(6.8, 3.2))
ax.vlines(values, 1e-6, counts / n_draws, color="C1", lw=3, label="solo: share of draws paying this much")
ax.vlines([asic_pooled], 1e-6, [1.0], color="C0", lw=3, label=f"pooled ({pool_fee:.0%} FPPS): paid for certain")
ax.axvline(asic_mean, color="k", ls=":", lw=1, label="solo: expected value")
ax.set(xlabel=f"BTC received over {machine_life_years:g} years [BTC]", ylabel="Share of lives", yscale="log",
       ylim=(1e-5, 5), title=f"{asic_model}: solo or pooled ({n_draws:,} simulated lives)")
ax.set_yticks([1e-4, 1e-3, 1e-2, 0.1, 1], ["0.01 %", "0.1 %", "1 %", "10 %", "100 %"])
ax.minorticks_off()
ax.legend(fontsize=7, loc="upper right")
plt.show()

# %%
display(Markdown(
    f"Over {machine_life_years:g} years the solo {asic} expects **{asic_mean:.4f} BTC**, with a spread of "
    f"{asic_sd:.4f} BTC, {asic_cv_life:.1f} times the mean: in **{asic_p_none:.1%}** of lives it finds nothing, "
    f"and otherwise mostly one whole block, worth {block_before_btc:g} BTC before the 2028 halving and "
    f"{block_after_btc:g} BTC after it. The same machine in a {pool_fee:.0%} FPPS pool "
    f"is paid **{asic_pooled:.4f} BTC** over the same life (\\${asic_pooled_usd:,.0f} at today's price), a "
    f"little every day. For the industrial miner the spread is already small ({ind_cv_life:.4f} of the mean), "
    f"so the pool's fee, {ind_fee_btc:,.0f} BTC over the life, buys little: large miners can mine solo, "
    f"small ones buy certainty with the fee."
))

# %% [markdown]
# ## 6. Why industrial cost models do not transfer
#
# An industrial cost model divides a period's costs by the BTC the period produces. For a device of
# efficiency $e$ (J/TH) at power price $p$ (USD/kWh), the power cost per *expected* BTC is
#
# $$c = \frac{24 \times e \times p}{h_{\mathrm{BTC}}}$$
#
# with $h_{\mathrm{BTC}}$ the hashprice in BTC per PH/s per day. For a home device the denominator is an
# expectation that almost never materialises: the owner pays a certain power bill every year for a tiny
# chance at a whole block.

# %%
hp_btc = float(ml.hashprice_btc_per_ph_day(network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc))
home_e = float(asics.loc[home_model, "efficiency_j_per_th"])  # [J/TH]
home_w = float(asics.loc[home_model, "power_w"])  # [W]
home_cost_per_btc = float(ml.power_cost_usd_per_btc(home_e, home_power_price_usd_per_kwh, hp_btc))  # [USD/BTC]
home_bill_year = float(ml.power_cost_usd_per_mw_year(home_power_price_usd_per_kwh)) * home_w / ml.units.WATTS_PER_MW
block_value = reward_btc * btc_price_usd  # [USD]
p_home = float(miners.loc[home, "p_block_1y"])  # [probability]
p_home_none = 1 - p_home  # [probability]
gap_home = float(ml.price_to_cost_gap(btc_price_usd, home_cost_per_btc))  # [fraction]
cost_words = "above" if home_cost_per_btc > btc_price_usd else "below"
display(Markdown(
    f"* Power cost per expected BTC of the {home} at \\${home_power_price_usd_per_kwh:.2f}/kWh (an ASSUMED "
    f"residential price): **\\${home_cost_per_btc:,.0f}**, against a price of \\${btc_price_usd:,.0f} "
    f"({gap_home:+.0%}) and the industrial all-in estimate of \\${industrial_all_in_cost_usd_per_btc:,.0f} (001).\n"
    f"* What the owner actually faces in a year: a certain power bill of **\\${home_bill_year:,.2f}** "
    f"({home_w:g} W all year) against a {p_home:.4%} chance of a block worth \\${block_value:,.0f}. The "
    f"expected value is \\${home_expected_usd:,.2f}; in {p_home_none:.3%} of years the reward is zero.\n"
    f"* So the 'cost per BTC' is {cost_words} the price here, but that comparison describes an average over "
    f"~{home_wait:,.0f} years of running, not any year the owner will live through. Industrial models also "
    f"carry site leases, staff, debt and depreciation a home miner does not have, while leaving out what the "
    f"home miner may value: learning, running real proof-of-work hardware, taking part in the network (001). "
    f"The honest framing is a small, known yearly cost for a lottery ticket, never a yield."
))

# %% [markdown]
# ## Exercises
#
# Answer by setting the variables in the next cell (leave `None` for an exercise you skip), then run the
# checker. Numbers are accepted within 2 % unless stated. Use the parameters above (network hashrate, reward,
# devices, growth) unless the exercise says otherwise; `minelib` has a function for each.
#
# 1. `ex1_p_block`: the probability that the 200 TH/s ASIC of Table 1 finds at least one block in **one year**
#    on today's network (as a fraction, e.g. 0.01).
# 2. `ex2_years_at_peak`: the expected wait, in years, of the home device if the network were back at its
#    October peak of **1,100 EH/s** (seed 003).
# 3. `ex3_cv_industrial`: the coefficient of variation of a year's reward for the industrial miner.
# 4. `ex4_cost_per_btc`: the home device's power cost per expected BTC, in USD, at **\$0.10/kWh**.
# 5. `ex5_median_blocks`: the median number of blocks the 200 TH/s ASIC finds in one year (exact integer).
# 6. `ex6_machines_for_even_odds`: the smallest number of 200 TH/s ASICs whose combined hashrate gives at least
#    a 50 % chance of a block within one year on today's network (exact integer).
# 7. `ex7_equivalent_years`: how many years at today's network hold the expected blocks of **10 years** on the
#    network growing at this notebook's drift.

# %%
# Your answers (None = not answered yet)
ex1_p_block = None
ex2_years_at_peak = None
ex3_cv_industrial = None
ex4_cost_per_btc = None
ex5_median_blocks = None
ex6_machines_for_even_odds = None
ex7_equivalent_years = None

# %%
# The checker: the expected answers, computed with minelib from the notebook's parameters.
from minelib.exercises import Exercise, check_answers

n_machines = np.arange(1, 200_001)  # candidate fleet sizes [machines]
p_even = ml.probability_of_block(n_machines * asic_ths, network_hashrate_ehs, DAYS_PER_YEAR)
exercises = [
    Exercise("ex1_p_block", float(ml.probability_of_block(asic_ths, network_hashrate_ehs, DAYS_PER_YEAR)),
             "P(N >= 1) = 1 - exp(-lambda t), lambda = 143.93 h/H blocks a day (ml.probability_of_block)."),
    Exercise("ex2_years_at_peak", float(ml.expected_years_to_block(home_ths, 1_100.0)),
             "E[T] = 1/lambda on a 1,100 EH/s network, in years (ml.expected_years_to_block)."),
    Exercise("ex3_cv_industrial", float(ml.yearly_reward_cv(industrial_ths, network_hashrate_ehs)),
             "CV = 1 / sqrt(mu), mu the expected blocks in a year (ml.yearly_reward_cv)."),
    Exercise("ex4_cost_per_btc", float(ml.power_cost_usd_per_btc(home_e, 0.10, hp_btc)),
             "24 x J/TH x USD/kWh / hashprice in BTC per PH/s per day, at 0.10 USD/kWh (ml.power_cost_usd_per_btc)."),
    Exercise("ex5_median_blocks", int(ml.median_blocks(asic_ths, network_hashrate_ehs, DAYS_PER_YEAR)),
             "the median of a Poisson count with mean mu = lambda x 365.25 days (ml.median_blocks).", rtol=0),
    Exercise("ex6_machines_for_even_odds", int(n_machines[np.argmax(p_even >= 0.5)]),
             "P(N >= 1) >= 0.5 means lambda t >= ln 2; solve for the number of machines and round up.", rtol=0),
    Exercise("ex7_equivalent_years", float(ml.constant_network_days(10 * DAYS_PER_YEAR, drift) / DAYS_PER_YEAR),
             "(1 - exp(-r t)) / r with t = 10 years and r the drift per year (ml.constant_network_days)."),
]
check_answers(exercises, globals())

# %% tags=["solution"]
# Solution (hidden in JupyterLab; reports never show it). The checker accepts the right answers
# and rejects wrong ones - e.g. an answer off by a unit factor of 1,000.
solutions = {e.key: e.expected for e in exercises}
assert check_answers(exercises, solutions).n_correct == len(exercises)
assert check_answers(exercises, {k: v * 1000 + 1 for k, v in solutions.items()}).n_correct == 0
assert "100 times too large" in check_answers(exercises, {"ex1_p_block": 100 * solutions["ex1_p_block"]})[0].message
for key, value in solutions.items():
    print(f"{key}: {value:,.6g}")

# %% [markdown]
# ## Reading
#
# * A small device's chance of a block grows with its hashrate and with time, but a growing network shrinks
#   it year after year: decades of mining hold a few years of today's odds, never more than 1/$r$.
# * The coefficient of variation, $1/\sqrt{\mu}$, says whether mining is a wage or a lottery. An FPPS pool
#   turns the lottery into a wage for its fee, at the same expected value.
# * Cost-per-BTC models average over outcomes a home miner never sees: as seed 001 puts it, "it should never
#   be sold as a reliable yield machine."
