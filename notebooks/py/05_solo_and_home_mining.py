# %% [markdown]
# # Solo and home mining: a lottery, not a wage
#
# A teaching notebook. Seed `001_edb144c9be488f88.txt` warns that "Industrial mining cost models do not
# translate neatly to a Bitaxe, a small ASIC, or a solo mining setup at home" and that solo mining "does not
# provide stable income. It does not guarantee a block." Here we make that precise for three miners - a
# ~1.2 TH/s Bitaxe-class home device, a 200 TH/s ASIC and a 10 EH/s industrial miner - against the ~913 EH/s
# network of seed `003_51347cbd2f4016cb.txt`: the odds of finding a block, the expected wait, how uneven the
# reward is, and why a cost per BTC is the wrong lens for a home device. Exercises with checked answers end
# the notebook.

# %% tags=["parameters"]
network_hashrate_ehs: float = 913.0  # network hashrate ("roughly 913 exahashes per second", seed 003) [EH/s]
block_subsidy_btc: float = 3.125  # block subsidy since the April 2024 halving [BTC/block]
fees_per_block_btc: float = 0.025  # ASSUMPTION (no seed gives fees): mean fees per block [BTC/block]
btc_price_usd: float = 71_091.0  # BTC price ("near $71,091", seed 003) [USD/BTC]
home_model: str = "Bitaxe Gamma 601"  # home device, from data/asics.csv (~1.2 TH/s) [-]
asic_model: str = "Antminer S21"  # a single modern ASIC, from data/asics.csv (200 TH/s) [-]
industrial_hashrate_ehs: float = 10.0  # industrial miner ("A miner with 10 EH/s", seed 001) [EH/s]
home_power_price_usd_per_kwh: float = 0.15  # ASSUMPTION: residential electricity price [USD/kWh]
industrial_all_in_cost_usd_per_btc: float = 78_000.0  # JPMorgan all-in cost per BTC (seed 001) [USD/BTC]
horizons_years: list = [1.0, 5.0, 10.0, 25.0]  # horizons for the odds table [years]

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
asics = ml.load_asics().set_index("model")
for name, model in (("home_model", home_model), ("asic_model", asic_model)):
    if model not in asics.index:
        raise ValueError(f"{name}={model!r} is not in data/asics.csv; choose from {list(asics.index)}")
if not horizons_years or any(h <= 0 for h in horizons_years):
    raise ValueError(f"horizons_years={horizons_years!r} must be a non-empty list of positive numbers [years]")

DAYS_PER_YEAR = ml.units.DAYS_PER_YEAR  # 365.25 [days/year]
miners = pd.DataFrame({
    "miner": [f"{home_model} (home)", f"{asic_model}", f"Industrial {industrial_hashrate_ehs:g} EH/s"],
    "hashrate_ths": [float(asics.loc[home_model, "hashrate_ths"]), float(asics.loc[asic_model, "hashrate_ths"]),
                     float(ml.units.ehs_to_ths(industrial_hashrate_ehs))],
}).set_index("miner")
reward_btc = block_subsidy_btc + fees_per_block_btc  # [BTC/block]
h = miners["hashrate_ths"].to_numpy()
# minelib validates: a ValueError names a miner hashrate above the network, a negative fee, ...
ml.expected_blocks_per_day(h, network_hashrate_ehs)
ml.expected_btc_per_year(h, network_hashrate_ehs, reward_btc)
ml.power_cost_usd_per_mw_year(home_power_price_usd_per_kwh)
ml.price_to_cost_gap(btc_price_usd, industrial_all_in_cost_usd_per_btc)


def median_blocks(hashrate_ths, days):
    """Median number of blocks in ``days`` (the typical outcome), from minelib."""
    return int(ml.median_blocks(hashrate_ths, network_hashrate_ehs, days))


# %% [markdown]
# ## 1. Blocks arrive like raindrops
#
# Every hash is an independent lottery ticket. A miner with hashrate $h$ on a network of hashrate $H$ wins
# each block with probability $h/H$, and with 144 blocks a day its wins arrive as a Poisson process of rate
#
# $$\lambda = \frac{h}{H} \times 144$$
#
# blocks per day. Over $t$ days the number of blocks $N$ is Poisson with mean $\mu = \lambda t$, so the
# chance of at least one block and the expected wait are
#
# $$P(N \geq 1) = 1 - \exp(-\lambda t), \qquad E[T] = \frac{1}{\lambda}$$

# %%
miners["share"] = h / float(ml.units.ehs_to_ths(network_hashrate_ehs))
miners["blocks_per_year"] = ml.expected_blocks_per_day(h, network_hashrate_ehs) * DAYS_PER_YEAR
miners["p_block_1y"] = ml.probability_of_block(h, network_hashrate_ehs, DAYS_PER_YEAR)
miners["years_to_block"] = ml.expected_years_to_block(h, network_hashrate_ehs)
table = miners.rename(columns={"hashrate_ths": "Hashrate [TH/s]", "share": "Share of network",
                               "blocks_per_year": "Expected blocks/year", "p_block_1y": "P(>= 1 block in a year)",
                               "years_to_block": "Expected wait [years]"})
display(Markdown(f"**Table 1.** Three miners on a {network_hashrate_ehs:,.0f} EH/s network."))
display(table.style.format({"Hashrate [TH/s]": "{:,.1f}", "Share of network": "{:.2e}",
                            "Expected blocks/year": "{:,.4g}", "P(>= 1 block in a year)": "{:.3%}",
                            "Expected wait [years]": "{:,.3g}"}))
home, asic, ind = miners.index
display(Markdown(
    f"The {home} has a **1 in {1 / miners.loc[home, 'p_block_1y']:,.0f}** chance of a block in a year and waits on "
    f"average **{miners.loc[home, 'years_to_block']:,.0f} years**; the {asic} waits {miners.loc[asic, 'years_to_block']:,.0f} "
    f"years; the industrial miner expects {miners.loc[ind, 'blocks_per_year']:,.0f} blocks a year, about "
    f"{miners.loc[ind, 'blocks_per_year'] / 365.25:,.1f} a day."
))
headline("home_expected_years_to_block", miners.loc[home, "years_to_block"], unit="years", fmt="{:,.0f}",
         label=f"Expected wait for a block, {home_model}")
headline("asic_p_block_one_year", miners.loc[asic, "p_block_1y"] * 100, unit="%", fmt="{:.2f}",
         label=f"Chance of a block in a year, {asic_model}")

# %%
t_years = np.geomspace(1 / 365.25, 100, 200)
fig, ax = plt.subplots(figsize=(6.8, 3.6))
for name in miners.index:
    p = ml.probability_of_block(miners.loc[name, "hashrate_ths"], network_hashrate_ehs, t_years * DAYS_PER_YEAR)
    ax.plot(t_years, p, label=name)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_ylim(1e-8, 2)
ax.set_xlabel("Time mining [years]")
ax.set_ylabel("P(at least one block) [probability]")
ax.set_title("Chance of finding at least one block")
ax.legend(fontsize=8)
plt.show()
p_ind = ml.probability_of_block(miners.loc[ind, "hashrate_ths"], network_hashrate_ehs, t_years * DAYS_PER_YEAR)
t99_days = float(t_years[np.argmax(p_ind >= 0.99)] * DAYS_PER_YEAR) if (p_ind >= 0.99).any() else float("nan")
horizon_rows = {f"{y:g} years": ml.probability_of_block(h, network_hashrate_ehs, y * DAYS_PER_YEAR) for y in horizons_years}
display(Markdown("**Table 2.** Probability of at least one block by horizon."))
display(pd.DataFrame(horizon_rows, index=miners.index).style.format("{:.4%}"))
display(Markdown(
    f"The chart shows, on log scales, the chance of at least one block against time spent mining, for a day up to a "
    f"century. The industrial miner reaches a 99% chance of at least one block within {t99_days:,.1f} days; a small "
    f"device's line stays straight (probability close to $\\lambda t$) as long as $\\lambda t$ is small - for the home "
    f"device, for longer than any hardware lasts. Over {max(horizons_years):g} years the {home} has a "
    f"{float(ml.probability_of_block(miners.loc[home, 'hashrate_ths'], network_hashrate_ehs, max(horizons_years) * DAYS_PER_YEAR)):.3%} chance."
))

# %% [markdown]
# ## 2. How uneven is the reward?
#
# With a fixed reward per block, a year's reward is proportional to $N$. Its standard deviation relative to
# its mean - the coefficient of variation - is
#
# $$\mathrm{CV} = \frac{\sqrt{\mu}}{\mu} = \frac{1}{\sqrt{\mu}}$$
#
# A CV of 0.04 is a salary that varies by 4%; a CV of 100 is a lottery. The whole distribution,
# $P(N = k) = \mu^{k} \exp(-\mu) / k!$, shows the same thing.

# %%
miners["cv"] = ml.yearly_reward_cv(h, network_hashrate_ehs)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.8, 3.4), gridspec_kw={"width_ratios": [2, 3]})
small = list(miners.index[:2])
k = np.arange(3)
for j, name in enumerate(small):
    pk = ml.probability_of_k_blocks(k, miners.loc[name, "hashrate_ths"], network_hashrate_ehs, DAYS_PER_YEAR)
    ax1.bar(k + (j - 0.5) * 0.4, pk, width=0.4, label=name)
ax1.set_xticks(k, ["0", "1", "2"])
ax1.set_yscale("log")
ax1.set_ylim(top=1e3)  # room for the legend
ax1.set_yticks([1e-8, 1e-6, 1e-4, 1e-2, 1.0])
ax1.set(xlabel="Blocks in a year [blocks]", ylabel="Probability [log scale]", title="Small miners")
ax1.legend(fontsize=7)
mu_ind = miners.loc[ind, "blocks_per_year"]
kk = np.arange(int(mu_ind - 4 * np.sqrt(mu_ind)), int(mu_ind + 4 * np.sqrt(mu_ind)))
ax2.fill_between(kk, ml.probability_of_k_blocks(kk, miners.loc[ind, "hashrate_ths"], network_hashrate_ehs, DAYS_PER_YEAR),
                 step="mid", color="C2", alpha=0.8)
ax2.set(xlabel="Blocks in a year [blocks]", ylabel="Probability [fraction]", title=ind)
from matplotlib.ticker import MaxNLocator
ax2.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 4, 5, 10]))
percent_axis(ax2, decimals=1)
plt.show()
display(Markdown(
    f"The left panel shows, on a log scale, that a small device's year almost always ends with zero blocks; the right "
    f"panel shows the industrial miner's blocks per year, a narrow bell around {mu_ind:,.0f}. Coefficients of "
    f"variation of a year's reward: " + "; ".join(f"{n}: **{miners.loc[n, 'cv']:,.3g}**" for n in miners.index) + "."
))

# %% [markdown]
# ## 3. The expected value and the typical outcome
#
# The expected reward per year is $E = \lambda \times 365.25 \times (R + F)$ BTC. For a small device it is a
# real number of satoshis - but almost no year pays it. The median year pays the median number of blocks
# times the reward, and for a small device the median number of blocks is zero.

# %%
miners["expected_btc_year"] = ml.expected_btc_per_year(h, network_hashrate_ehs, reward_btc)
miners["median_blocks_year"] = [median_blocks(x, DAYS_PER_YEAR) for x in h]
miners["median_btc_year"] = miners["median_blocks_year"] * reward_btc
t3 = miners[["expected_btc_year", "median_blocks_year", "median_btc_year"]].rename(columns={
    "expected_btc_year": "Expected BTC/year", "median_blocks_year": "Median blocks/year",
    "median_btc_year": "Median BTC/year"})
display(Markdown(f"**Table 3.** Mean and median reward in a year ({reward_btc:g} BTC per block, incl. assumed fees)."))
display(t3.style.format({"Expected BTC/year": "{:,.6g}", "Median blocks/year": "{:,.0f}", "Median BTC/year": "{:,.4g}"}))
display(Markdown(
    f"The {home} 'earns' {miners.loc[home, 'expected_btc_year'] * 1e8:,.0f} sats a year on average "
    f"(\\${miners.loc[home, 'expected_btc_year'] * btc_price_usd:,.2f} at \\${btc_price_usd:,.0f}) - yet its median year "
    f"pays **{miners.loc[home, 'median_btc_year']:g} BTC**. Miners whose median year pays nothing: "
    f"{', '.join(miners.index[miners['median_blocks_year'] == 0]) or 'none'}. For the industrial miner "
    f"mean and median are {miners.loc[ind, 'expected_btc_year']:,.0f} and {miners.loc[ind, 'median_btc_year']:,.0f} BTC."
))

# %% [markdown]
# ## 4. Why industrial cost models do not transfer
#
# An industrial cost model divides a period's costs by the BTC the period produces. For a device that draws
# $W$ watts with efficiency $e$ at power price $p$, the power cost per *expected* BTC is
#
# $$c = \frac{24 \times e \times p}{h_{\mathrm{BTC}}}$$
#
# with $h_{\mathrm{BTC}}$ the hashprice in BTC per PH/s per day. For a home device the denominator is an
# expectation that almost never materialises: the owner pays a certain power bill every year for a tiny
# chance at a whole block.

# %%
hp_btc = float(ml.hashprice_btc_per_ph_day(network_hashrate_ehs, block_subsidy_btc, fees_per_block_btc))
home_e = float(asics.loc[home_model, "efficiency_j_per_th"])
home_w = float(asics.loc[home_model, "power_w"])
home_cost_per_btc = float(ml.power_cost_usd_per_btc(home_e, home_power_price_usd_per_kwh, hp_btc))
home_bill_year = float(ml.power_cost_usd_per_mw_year(home_power_price_usd_per_kwh)) * home_w / 1e6  # W -> MW
block_value = reward_btc * btc_price_usd
ev_usd = float(miners.loc[home, "expected_btc_year"]) * btc_price_usd
p_home = float(miners.loc[home, "p_block_1y"])
gap_home = float(ml.price_to_cost_gap(btc_price_usd, home_cost_per_btc))
display(Markdown(
    f"* Power cost per expected BTC of the {home} at \\${home_power_price_usd_per_kwh:.2f}/kWh (an ASSUMED residential "
    f"price): **\\${home_cost_per_btc:,.0f}**, against a price of \\${btc_price_usd:,.0f} ({gap_home:+.0%}) and the "
    f"industrial all-in estimate of \\${industrial_all_in_cost_usd_per_btc:,.0f} (001).\n"
    f"* What the owner actually faces in a year: a certain power bill of **\\${home_bill_year:,.2f}** "
    f"({home_w:g} W all year) against a {p_home:.4%} chance of a block worth \\${block_value:,.0f}. The expected value is "
    f"\\${ev_usd:,.2f}; in {1 - p_home:.3%} of years the reward is zero.\n"
    f"* So the 'cost per BTC' is "
    f"{'above' if home_cost_per_btc > btc_price_usd else 'below'} the price here, but that comparison describes an average "
    f"over ~{miners.loc[home, 'years_to_block']:,.0f} years of running, not any year the owner will live through. "
    f"Industrial models also carry site leases, staff, debt and depreciation a home miner does not have, while "
    f"leaving out what the home miner may value: learning, running real proof-of-work hardware, taking part in the "
    f"network (001). The honest framing is a small, known yearly cost for a lottery ticket - never a yield."
))

# %% [markdown]
# ## Exercises
#
# Answer by setting the variables in the next cell (leave `None` for an exercise you skip), then run the
# checker. Numbers are accepted within 2% unless stated. Use the parameters above (network hashrate, reward,
# devices) unless the exercise says otherwise; `minelib` has a function for each.
#
# 1. `ex1_p_block`: the probability that the 200 TH/s ASIC of Table 1 finds at least one block in **one year**
#    (as a fraction, e.g. 0.01).
# 2. `ex2_years_at_peak`: the expected wait, in years, of the home device if the network were back at its
#    October peak of **1,100 EH/s** (seed 003).
# 3. `ex3_cv_industrial`: the coefficient of variation of a year's reward for the industrial miner.
# 4. `ex4_cost_per_btc`: the home device's power cost per expected BTC, in USD, at **\$0.10/kWh**.
# 5. `ex5_median_blocks`: the median number of blocks the 200 TH/s ASIC finds in one year (exact integer).
# 6. `ex6_machines_for_even_odds`: the smallest number of 200 TH/s ASICs whose combined hashrate gives at least
#    a 50% chance of a block within one year (exact integer).

# %%
# Your answers (None = not answered yet)
ex1_p_block = None
ex2_years_at_peak = None
ex3_cv_industrial = None
ex4_cost_per_btc = None
ex5_median_blocks = None
ex6_machines_for_even_odds = None

# %%
# The checker: the expected answers, computed with minelib from the notebook's parameters.
from minelib.exercises import Exercise, check_answers

asic_ths = float(asics.loc[asic_model, "hashrate_ths"])
home_ths = float(asics.loc[home_model, "hashrate_ths"])
n_machines = np.arange(1, 200_001)  # candidate fleet sizes [machines]
p_even = ml.probability_of_block(n_machines * asic_ths, network_hashrate_ehs, DAYS_PER_YEAR)
exercises = [
    Exercise("ex1_p_block", float(ml.probability_of_block(asic_ths, network_hashrate_ehs, DAYS_PER_YEAR)),
             "P(N >= 1) = 1 - exp(-lambda t), lambda = 144 h/H blocks a day (ml.probability_of_block)."),
    Exercise("ex2_years_at_peak", float(ml.expected_years_to_block(home_ths, 1_100.0)),
             "E[T] = 1/lambda on a 1,100 EH/s network, in years (ml.expected_years_to_block)."),
    Exercise("ex3_cv_industrial", float(ml.yearly_reward_cv(float(ml.units.ehs_to_ths(industrial_hashrate_ehs)),
                                                            network_hashrate_ehs)),
             "CV = 1 / sqrt(mu), mu the expected blocks in a year (ml.yearly_reward_cv)."),
    Exercise("ex4_cost_per_btc", float(ml.power_cost_usd_per_btc(home_e, 0.10, hp_btc)),
             "24 x J/TH x USD/kWh / hashprice in BTC per PH/s per day, at 0.10 USD/kWh (ml.power_cost_usd_per_btc)."),
    Exercise("ex5_median_blocks", median_blocks(asic_ths, DAYS_PER_YEAR),
             "the median of a Poisson count with mean mu = lambda x 365.25 days (ml.median_blocks).", rtol=0),
    Exercise("ex6_machines_for_even_odds", int(n_machines[np.argmax(p_even >= 0.5)]),
             "P(N >= 1) >= 0.5 means lambda t >= ln 2; solve for the number of machines and round up.", rtol=0),
]
check_answers(exercises, globals())

# %% jupyter={"source_hidden": true} tags=["solution"]
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
# * A small device's chance of a block is proportional to its hashrate and to time; its expected wait is
#   $1/\lambda$, and while $\lambda t$ is small the median year pays nothing.
# * The coefficient of variation, $1/\sqrt{\mu}$, is the single number that says whether mining is a wage or a
#   lottery; it only becomes small for miners expecting hundreds of blocks a year.
# * Cost-per-BTC models average over outcomes a home miner never sees. For home mining, compare a known power
#   bill with what the hobby is worth to you - as seed 001 puts it, "it should never be sold as a reliable yield
#   machine."
