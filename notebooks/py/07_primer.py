# %% [markdown]
# # Primer: the vocabulary of Bitcoin mining economics
#
# What does one mining machine earn, and what does it cost to run? This teaching notebook builds the
# vocabulary of the workbook - hashrate and its units, difficulty, the block subsidy and its halvings,
# the difficulty retarget, hashprice, J/TH and the power cost per BTC - from **one worked example**:
# a 200 TH/s machine at 17.5 J/TH on \$0.06/kWh power, mining on the network described in seed
# `003_51347cbd2f4016cb.txt` (about 913 EH/s, difficulty about 146.5 trillion, BTC near \$71,091).
# It ends with exercises whose answers a cell checks.

# %% tags=["parameters"]
machine_hashrate_ths: float = 200.0  # the example machine's hashrate [TH/s]
machine_efficiency_j_per_th: float = 17.5  # its energy per terahash [J/TH]
power_price_usd_per_kwh: float = 0.06  # electricity price [USD/kWh]
network_hashrate_ehs: float = 913.0  # network hashrate ("roughly 913 exahashes per second", seed 003) [EH/s]
btc_price_usd: float = 71091.0  # spot price ("near $71,091", seed 003) [USD/BTC]
difficulty: float = 146500000000000.0  # network difficulty ("about 146.5 trillion", seed 003) [dimensionless]
block_height: int = 934000  # ASSUMPTION: approximate block height in early February 2026 [blocks]
fees_per_block_btc: float = 0.0  # mean transaction fees per block, left out for simplicity [BTC/block]
retarget_timespans_days: list = [3.0, 10.0, 14.0, 20.0, 70.0]  # example durations of a 2,016-block epoch [days]

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
# minelib raises a ValueError naming the parameter on a negative, NaN or out-of-range value
machine_hashrate_ehs = float(ml.units.convert_hashrate(machine_hashrate_ths, "TH/s", "EH/s"))  # [EH/s]
subsidy_btc = float(ml.block_subsidy_btc(block_height))  # [BTC/block]
reward_btc = subsidy_btc + fees_per_block_btc  # subsidy + fees per block [BTC/block]
ml.hashprice_usd_per_ph_day(btc_price_usd, network_hashrate_ehs, subsidy_btc, fees_per_block_btc)
ml.power_cost_usd_per_btc(machine_efficiency_j_per_th, power_price_usd_per_kwh, 1e-3)
ml.hashrate_from_difficulty_ehs(difficulty)
timespans_s = np.asarray(retarget_timespans_days, dtype=float) * ml.units.SECONDS_PER_DAY  # [s]
ml.next_difficulty(difficulty, timespans_s)
if machine_hashrate_ehs > network_hashrate_ehs:
    raise ValueError(f"machine_hashrate_ths={machine_hashrate_ths!r} exceeds the network's hashrate [TH/s]")

# %% [markdown]
# ## 1. Hashrate and its units
#
# Mining is guessing: a miner hashes block headers until one hash falls below the network's target.
# **Hashrate** counts guesses per second (H/s). The numbers are so large that we use SI prefixes, and
# most mistakes in mining analysis are factors of 1,000 between them:
#
# $$1\,\mathrm{EH/s} = 10^{3}\,\mathrm{PH/s} = 10^{6}\,\mathrm{TH/s} = 10^{18}\,\mathrm{H/s}$$
#
# A machine that is the fraction $m/N$ of the network's hashrate expects the same fraction of its blocks.

# %%
units = ["H/s", "GH/s", "TH/s", "PH/s", "EH/s"]
table = pd.DataFrame({
    "Unit": units,
    "Example machine": [ml.units.convert_hashrate(machine_hashrate_ths, "TH/s", u) for u in units],
    "Network": [ml.units.convert_hashrate(network_hashrate_ehs, "EH/s", u) for u in units],
})
display(table.style.format({"Example machine": "{:.4g}", "Network": "{:.4g}"}).hide(axis="index"))
machine_share = machine_hashrate_ehs / network_hashrate_ehs  # both in EH/s [fraction]
display(Markdown(
    f"The table writes the machine's {machine_hashrate_ths:g} TH/s and the network's {network_hashrate_ehs:,.0f} EH/s "
    f"in five units. The machine is **{machine_share:.3g}** of the network - one part in "
    f"{1 / machine_share:,.0f} - so it expects one block in every {1 / machine_share:,.0f}."
))

# %% [markdown]
# ## 2. Difficulty and the $2^{32}/600$ relation
#
# Hashrate is never observed; what the protocol fixes is the **difficulty** $D$. At difficulty $D$ a
# block takes on average $D \times 2^{32}$ hashes, and the protocol aims at one block every 600 seconds,
# so the hashrate that the difficulty implies is
#
# $$H = \frac{D \times 2^{32}}{600\,\mathrm{s}}$$
#
# If the actual hashrate differs, blocks come faster or slower than every 600 s:
# $\mathrm{blocks/day} = 86400 \cdot H / (D \cdot 2^{32})$.

# %%
implied_ehs = float(ml.hashrate_from_difficulty_ehs(difficulty))
blocks_at_stated = float(ml.blocks_per_day(network_hashrate_ehs, difficulty))
display(Markdown(
    f"A difficulty of **{difficulty / 1e12:,.1f} T** implies **{implied_ehs:,.1f} EH/s** at 600-second blocks. "
    f"The seed's hashrate figure is {network_hashrate_ehs:,.0f} EH/s, {network_hashrate_ehs / implied_ehs - 1:+.1%} "
    f"from that. Both cannot hold for long: at {network_hashrate_ehs:,.0f} EH/s and this difficulty the network would find "
    f"{blocks_at_stated:.1f} blocks a day instead of {ml.blocks_per_day():.0f} (one every "
    f"{ml.units.SECONDS_PER_DAY / blocks_at_stated:,.0f} s). Hashrate figures in the press are estimates from recent "
    f"block times and lag or lead the difficulty; treat the two as separate inputs. Below, the example uses the "
    f"seed's hashrate, with 144 blocks a day."
))

# %% [markdown]
# ## 3. The block subsidy, the halvings and the 21 million cap
#
# Each block pays its miner a **subsidy** of new coins plus the transactions' fees. The subsidy started at
# 50 BTC and halves every 210,000 blocks (about four years); Bitcoin Core computes it in integer
# satoshis ($1\,\mathrm{BTC} = 10^{8}$ sats) with a right shift:
#
# $$\mathrm{subsidy}(h) = \left\lfloor \frac{50 \times 10^{8}}{2^{\lfloor h / 210000 \rfloor}} \right\rfloor\,\mathrm{sats}$$
#
# Summing the subsidy over all heights gives the supply cap - a little *under* 21 million BTC, because
# each halving rounds down to whole satoshis.

# %%
heights = np.arange(0, 34 * ml.HALVING_INTERVAL_BLOCKS + 1, 10_500)
supply_btc = ml.units.sats_to_btc(ml.total_issuance_sats(0, heights))
total_btc = float(ml.units.sats_to_btc(ml.total_issuance_sats(0, 34 * ml.HALVING_INTERVAL_BLOCKS)))
issued_btc = float(ml.units.sats_to_btc(ml.total_issuance_sats(0, block_height)))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.8, 3.2))
sub_heights = np.arange(0, 9 * ml.HALVING_INTERVAL_BLOCKS, 5_000)
ax1.step(sub_heights / 1e6, ml.block_subsidy_btc(sub_heights), where="post")
ax1.axvline(block_height / 1e6, color="grey", ls=":", lw=1)
ax1.set(xlabel="Block height [million blocks]", ylabel="Subsidy [BTC/block]", title="Subsidy by height")
ax2.plot(heights / 1e6, supply_btc / 1e6)
ax2.axhline(21, color="C1", ls="--", lw=1, label="21 million")
ax2.axvline(block_height / 1e6, color="grey", ls=":", lw=1, label="example height")
ax2.set(xlabel="Block height [million blocks]", ylabel="Coins issued [million BTC]", title="Cumulative supply")
ax2.legend(fontsize=8)
plt.show()

halvings = ml.load_halvings()
show = halvings.loc[halvings["epoch"] <= 6, ["epoch", "start_height", "subsidy_btc", "start_date"]].copy()
show["start_date"] = show["start_date"].dt.strftime("%Y-%m-%d").fillna("future")
display(show.rename(columns={"epoch": "Epoch", "start_height": "First height", "subsidy_btc": "Subsidy [BTC]",
                             "start_date": "Date (UTC)"}).style.format({"First height": "{:,}", "Subsidy [BTC]": "{:g}"})
        .hide(axis="index"))

# %%
nxt = int(ml.next_halving_height(block_height))
network_btc_day = float(ml.network_btc_per_day(subsidy_btc, fees_per_block_btc))
display(Markdown(
    f"Left: the subsidy falls in steps, one per halving; right: the supply it adds up to. At the example height "
    f"{block_height:,} the subsidy is **{subsidy_btc:g} BTC** per block, {issued_btc:,.0f} BTC have been issued "
    f"({issued_btc / total_btc:.1%} of all that ever will be), and the next halving comes at height {nxt:,} "
    f"({nxt - block_height:,} blocks, about {(nxt - block_height) / ml.blocks_per_day():,.0f} days at 144 blocks a day). "
    f"The total over all epochs is **{total_btc:,.4f} BTC**, just under 21 million. With "
    f"{fees_per_block_btc:g} BTC of fees per block, the network earns {network_btc_day:,.0f} BTC per day."
))

# %% [markdown]
# ## 4. The retarget and its clamp
#
# Every 2,016 blocks the difficulty is reset so that the next 2,016 blocks would take two weeks at the
# hashrate just observed. To keep one bad epoch from swinging it wildly, the observed timespan $T$ is
# clamped to between a quarter and four times the target $T_{\mathrm{target}} = 2016 \times 600\,\mathrm{s}$:
#
# $$D_{\mathrm{next}} = D \times \frac{T_{\mathrm{target}}}{\min\left(\max\left(T, \frac{T_{\mathrm{target}}}{4}\right), 4\,T_{\mathrm{target}}\right)}$$

# %%
days = np.geomspace(1, 100, 200)
ratio = ml.next_difficulty(difficulty, days * ml.units.SECONDS_PER_DAY) / difficulty
fig, ax = plt.subplots(figsize=(6.8, 3.4))
ax.plot(days, ratio, label="next / current difficulty")
examples = ml.next_difficulty(difficulty, timespans_s) / difficulty
ax.plot(retarget_timespans_days, examples, "o", color="C3", label="examples below")
ax.axvline(14, color="grey", ls=":", lw=1)
ax.set_xscale("log"); ax.set_yscale("log")
ax.set_xlabel("Time the epoch took [days]")
ax.set_ylabel("Next / current difficulty [ratio]")
ax.set_title("The retarget: inverse to the epoch's duration, clamped at x4 and /4")
ax.legend(fontsize=8)
plt.show()
snaps = ml.load_network_snapshots()
diff003 = snaps[(snaps["source"] == "003_51347cbd2f4016cb.txt") & (snaps["metric"] == "difficulty")].set_index("basis")["value"]
d_before, d_after = float(diff003["before_change"]), float(diff003["after_change"])  # seed 003 [dimensionless]
ex = pd.DataFrame({"Epoch took [days]": retarget_timespans_days,
                   "Next difficulty [T]": ml.next_difficulty(difficulty, timespans_s) / 1e12,
                   "Change": examples - 1})
display(ex.style.format({"Epoch took [days]": "{:g}", "Next difficulty [T]": "{:,.1f}", "Change": "{:+.0%}"})
        .hide(axis="index"))
display(Markdown(
    f"The line shows the factor by which the difficulty changes against the time an epoch took (the dotted line is "
    f"the 14-day target); it is flat beyond the clamps at {ml.TARGET_TIMESPAN_S / 4 / ml.units.SECONDS_PER_DAY:g} and "
    f"{4 * ml.TARGET_TIMESPAN_S / ml.units.SECONDS_PER_DAY:g} days. Seed 003's adjustment from about "
    f"{d_before / 1e12:,.1f} T to {d_after / 1e12:,.1f} T is a {d_after / d_before - 1:+.1%} step: the epoch before it took "
    f"about {ml.TARGET_TIMESPAN_S / ml.units.SECONDS_PER_DAY * d_before / d_after:.1f} days."
))

# %% [markdown]
# ## 5. Hashprice: what one unit of hashrate earns
#
# **Hashprice** is the expected revenue of one unit of hashrate per day. The network pays
# $144 \times (\mathrm{subsidy} + \mathrm{fees})$ BTC a day, shared in proportion to hashrate, so per PH/s:
#
# $$h = \frac{144 \times (\mathrm{subsidy} + \mathrm{fees}) \times \mathrm{price}}{N_{\mathrm{PH/s}}}$$
#
# The industry quotes it per PH/s per day (seed 003: "\$37.15 → \$40 per petahash per day"); machine
# sellers often quote per TH/s per day, which is 1,000 times smaller.

# %%
hashprice_btc = float(ml.hashprice_btc_per_ph_day(network_hashrate_ehs, subsidy_btc, fees_per_block_btc))  # [BTC/PH/day]
hashprice_ph = float(ml.hashprice_usd_per_ph_day(btc_price_usd, network_hashrate_ehs, subsidy_btc, fees_per_block_btc))
hashprice_th = float(ml.hashprice_usd_per_th_day(btc_price_usd, network_hashrate_ehs, subsidy_btc, fees_per_block_btc))
machine_btc_day = float(ml.expected_btc_mined(machine_hashrate_ehs, network_hashrate_ehs, 1.0, subsidy_btc,
                                              fees_per_block_btc))  # [BTC/day]
machine_revenue_day = machine_btc_day * btc_price_usd  # [USD/day]
display(Markdown(
    f"On this network the hashprice is **\\${hashprice_ph:,.2f} per PH/s per day** = \\${hashprice_th:,.4f} per TH/s per "
    f"day ({hashprice_btc * 1e8 / 1e3:,.1f} sats per TH/s per day). The {machine_hashrate_ths:g} TH/s machine expects "
    f"{ml.units.btc_to_sats(machine_btc_day):,} sats a day, worth **\\${machine_revenue_day:,.2f}**. Seed 003 quotes a "
    f"hashprice of about \\$40; the difference from our subsidy-only figure comes from transaction fees and from which "
    f"hashrate estimate is used (at the difficulty-implied {implied_ehs:,.0f} EH/s it would be "
    f"\\${float(ml.hashprice_usd_per_ph_day(btc_price_usd, implied_ehs, subsidy_btc, fees_per_block_btc)):,.2f})."
))
headline("hashprice_usd_per_ph_day", hashprice_ph, unit="USD/PH/day", fmt="{:,.2f}", label="Hashprice (subsidy only)")

# %% [markdown]
# ## 6. Efficiency (J/TH) and the power cost per BTC
#
# A machine's **efficiency** is the energy it spends per terahash, in joules per TH. Because
# J/TH × TH/s = J/s = W, efficiency times hashrate is the machine's power draw. Over a day it uses
# $24 \cdot \epsilon \cdot m_{\mathrm{TH/s}} / 1000$ kWh; divided by the BTC the same hashrate earns, the
# electricity bill per BTC mined is
#
# $$C_{\mathrm{power}} = \frac{24 \cdot \epsilon \cdot p}{h_{\mathrm{BTC/PH/day}}}$$
#
# The machine runs at a profit on power as long as the price exceeds this cost; equivalently, as long as
# the hashprice exceeds $24 \cdot \epsilon \cdot p$ per PH/s per day.

# %%
machine_power_w = machine_hashrate_ths * machine_efficiency_j_per_th  # J/TH x TH/s = W [W]
power_cost_btc = float(ml.power_cost_usd_per_btc(machine_efficiency_j_per_th, power_price_usd_per_kwh, hashprice_btc))
power_cost_day = power_cost_btc * machine_btc_day  # [USD/day]
be_hashprice = float(ml.breakeven_hashprice_usd_per_ph_day(machine_efficiency_j_per_th, power_price_usd_per_kwh))
be_power = float(ml.breakeven_power_price_usd_per_kwh(hashprice_ph, machine_efficiency_j_per_th))
shutdown = float(ml.shutdown_btc_price_usd(machine_efficiency_j_per_th, power_price_usd_per_kwh, network_hashrate_ehs,
                                           reward_btc))

prices = np.linspace(0.2 * btc_price_usd, 1.6 * btc_price_usd, 50)
fig, ax = plt.subplots(figsize=(6.8, 3.4))
ax.plot(prices, machine_btc_day * prices, label="Revenue")
ax.axhline(power_cost_day, color="C1", ls="--", label="Power cost")
ax.axvline(btc_price_usd, color="grey", ls=":", lw=1, label="Spot")
ax.plot([shutdown], [power_cost_day], "o", color="C3", label="Shutdown price")
ax.set_xlabel("BTC price [USD/BTC]")
ax.set_ylabel("Per day [USD/day]")
ax.set_title("The example machine: revenue and power cost per day")
usd_axis(ax, axis="x")
usd_axis(ax, decimals=0)
ax.legend(fontsize=8)
plt.show()

# %%
margin = float(ml.margin_fraction(btc_price_usd, power_cost_btc))
display(Markdown(
    f"The chart compares the machine's daily revenue, which rises with the BTC price, with its daily power bill, which "
    f"does not. It draws **{machine_power_w:,.0f} W**, i.e. {machine_power_w * 24 / 1000:,.1f} kWh a day costing "
    f"\\${power_cost_day:,.2f}, against \\${machine_revenue_day:,.2f} of revenue. Its power cost per BTC is "
    f"**\\${power_cost_btc:,.0f}**, {'below' if power_cost_btc < btc_price_usd else 'above'} the \\${btc_price_usd:,.0f} "
    f"spot (power margin {margin:+.0%}). It breaks even at a hashprice of \\${be_hashprice:,.2f}/PH/day, at a power "
    f"price of \\${be_power:.4f}/kWh, or at a BTC price of \\${shutdown:,.0f} (the shutdown price"
    f"{' - the power cost per BTC again, the same question asked the other way' if np.isclose(shutdown, power_cost_btc) else ''}"
    f"). Power is only "
    f"part of the cost: notebook 02 adds the rest of the cost stack."
))
headline("machine_power_cost_usd_per_btc", power_cost_btc, unit="USD/BTC", fmt="{:,.0f}",
         label="Example machine: power cost per BTC")

# %% [markdown]
# ## Exercises
#
# Write your answers in the next cell (replace `None` with a number) and run the checker below it.
# Use `minelib` or a calculator - the checker accepts answers within 0.1%.
#
# 1. The network's hashrate in **TH/s**.
# 2. The block subsidy in **BTC** after the halving at height 1,050,000.
# 3. Seed `002_d81e0ff9e5c96647.txt` reports a difficulty of 125.86 T. What hashrate in **EH/s** does it imply
#    at 600-second blocks?
# 4. An epoch at the example difficulty took 12 days. What is the **next difficulty** (a plain number, not in T)?
# 5. The example network's hashprice in **USD per TH/s per day**.
# 6. The **power cost per BTC** (USD) of an older 34 J/TH machine at the example power price on the example network.

# %%
answer_1 = None  # network hashrate [TH/s]
answer_2 = None  # subsidy at height 1,050,000 [BTC]
answer_3 = None  # hashrate implied by 125.86 T [EH/s]
answer_4 = None  # next difficulty after a 12-day epoch [dimensionless]
answer_5 = None  # hashprice [USD/TH/day]
answer_6 = None  # power cost per BTC of a 34 J/TH machine [USD/BTC]

# %%
# The checker: the expected answers, computed with minelib from the notebook's parameters.
from minelib.exercises import Exercise, check_answers

exercises = [
    Exercise("answer_1", float(ml.units.convert_hashrate(network_hashrate_ehs, "EH/s", "TH/s")),
             "1 EH/s = 1,000,000 TH/s.", rtol=1e-3),
    Exercise("answer_2", float(ml.block_subsidy_btc(1_050_000)),
             "height // 210,000 halvings of 50 BTC; the 2024 halving (height 840,000) set 3.125 BTC.", rtol=1e-3),
    Exercise("answer_3", float(ml.hashrate_from_difficulty_ehs(125.86e12)),
             "H = D x 2^32 / 600 s, then divide hashes per second by 10^18.", rtol=1e-3),
    Exercise("answer_4", float(ml.next_difficulty(difficulty, 12 * ml.units.SECONDS_PER_DAY)),
             "D_next = D x 14 days / 12 days (12 days is inside the clamp).", rtol=1e-3),
    Exercise("answer_5", float(ml.hashprice_usd_per_th_day(btc_price_usd, network_hashrate_ehs, subsidy_btc,
                                                           fees_per_block_btc)),
             "hashprice per PH/s per day divided by 1,000.", rtol=1e-3),
    Exercise("answer_6", float(ml.power_cost_usd_per_btc(34.0, power_price_usd_per_kwh, hashprice_btc)),
             "24 x J/TH x USD/kWh / hashprice in BTC per PH/s per day.", rtol=1e-3),
]
check_answers(exercises, globals())

# %% jupyter={"source_hidden": true} tags=["solution"]
# Solution (hidden in JupyterLab; reports never show it). The checker accepts the right answers
# and rejects wrong ones - e.g. an answer off by a unit factor of 1,000.
solutions = {e.key: e.expected for e in exercises}
assert check_answers(exercises, solutions).n_correct == len(exercises)
assert check_answers(exercises, {k: v * 1000 for k, v in solutions.items()}).n_correct == 0
assert not check_answers(exercises, {"answer_2": 3.125})[1].correct  # today's subsidy, not the next one
assert not check_answers(exercises, {"answer_4": difficulty * 12 / 14})[3].correct  # the ratio inverted
for key, value in solutions.items():
    print(f"{key}: {value:,.6g}")
