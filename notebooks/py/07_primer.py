# %% [markdown]
# # Primer: the vocabulary of Bitcoin mining economics
#
# What does one mining machine earn, and what does it cost to run? This teaching notebook builds the
# vocabulary of the workbook (hashrate and its units, difficulty, the block subsidy and its halvings,
# the difficulty retarget and its off-by-one, hashprice, J/TH and the power cost per BTC) from **one
# worked example**: a 200 TH/s machine at 17.5 J/TH on \$0.06/kWh power, mining on the network described in
# seed `003_51347cbd2f4016cb.txt` (about 913 EH/s, difficulty about 146.5 trillion, BTC near \$71,091). It
# ends with exercises whose answers a cell checks.

# %% tags=["parameters"]
machine_hashrate_ths: float = 200.0  # the example machine's hashrate (an Antminer S21, data/asics.csv) [TH/s]
machine_efficiency_j_per_th: float = 17.5  # its energy per terahash (data/asics.csv) [J/TH]
power_price_usd_per_kwh: float = 0.06  # ASSUMPTION: an industrial electricity price [USD/kWh]
network_hashrate_ehs: float = 913.0  # network hashrate ("roughly 913 exahashes per second", seed 003) [EH/s]
btc_price_usd: float = 71091.0  # spot price ("near $71,091", seed 003) [USD/BTC]
difficulty: float = 146500000000000.0  # network difficulty ("about 146.5 trillion", seed 003) [dimensionless]
block_height: int = 934000  # ASSUMPTION: approximate block height in early February 2026 [blocks]
fees_per_block_btc: float = 0.0  # ASSUMPTION: fees left out for simplicity (no seed gives them) [BTC/block]
retarget_timespans_days: list = [3.0, 10.0, 14.0, 20.0, 70.0]  # example durations of a 2,016-block epoch [days]

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

import minelib as ml
from minelib.plotting import usd_axis, use_house_style
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
# minelib raises a ValueError naming the parameter on a negative, NaN or implausible value
if machine_hashrate_ths > ml.units.ehs_to_ths(network_hashrate_ehs):
    raise ValueError(f"machine_hashrate_ths={machine_hashrate_ths!r} exceeds the network's hashrate [TH/s]")
machine_hashrate_ehs = float(ml.units.ths_to_ehs(machine_hashrate_ths))  # [EH/s]
subsidy_btc = float(ml.block_subsidy_btc(block_height))  # [BTC/block]
reward_btc = subsidy_btc + fees_per_block_btc  # subsidy + fees per block [BTC/block]
timespans_s = np.asarray(retarget_timespans_days, dtype=float) * ml.units.SECONDS_PER_DAY  # [s]
next_difficulties = ml.next_difficulty(difficulty, timespans_s)  # [dimensionless]

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
unit_names = ["H/s", "GH/s", "TH/s", "PH/s", "EH/s"]
hashrate_units = pd.DataFrame({
    "machine": [ml.units.convert_hashrate(machine_hashrate_ths, "TH/s", u) for u in unit_names],
    "network": [ml.units.convert_hashrate(network_hashrate_ehs, "EH/s", u) for u in unit_names]}, index=unit_names)
blocks_per_machine_block = network_hashrate_ehs / machine_hashrate_ehs  # the inverse of its share [blocks]
reader_table(hashrate_units, {"machine": Col("Example machine", fmt=".4g"), "network": Col("Network", fmt=".4g")},
             index="Unit", caption="Table 1. The machine's and the network's hashrate in five units.")

# %%
display(Markdown(
    f"The table writes the machine's {machine_hashrate_ths:g} TH/s and the network's {network_hashrate_ehs:,.0f} "
    f"EH/s in five units. The machine is **one part in {blocks_per_machine_block:,.0f}** of the network, so it "
    f"expects one block in every {blocks_per_machine_block:,.0f}."
))

# %% [markdown]
# ## 2. Difficulty and the $2^{32}$ relation
#
# Hashrate is never observed; what the protocol fixes is the **difficulty** $D$. At difficulty $D$ a
# block takes on average $D \times 2^{32}$ hashes, and the protocol aims at one block every 600 seconds,
# so the hashrate that the difficulty implies is
#
# $$H = \frac{D \times 2^{32}}{600\,\mathrm{s}}$$
#
# If the actual hashrate differs, blocks come faster or slower than every 600 s:
#
# $$\mathrm{blocks\ per\ day} = \frac{86400\,H}{D \times 2^{32}}$$

# %%
implied_ehs = float(ml.hashrate_from_difficulty_ehs(difficulty))  # at 600 s blocks [EH/s]
difficulty_t = difficulty / ml.units.TRILLION  # [trillion]
stated_vs_implied = network_hashrate_ehs / implied_ehs - 1  # [fraction]
blocks_at_stated = float(ml.blocks_per_day(network_hashrate_ehs, difficulty))  # [blocks/day]
interval_at_stated_s = ml.units.SECONDS_PER_DAY / blocks_at_stated  # [s]
target_blocks = ml.protocol.TARGET_BLOCKS_PER_DAY  # 144 [blocks/day]
display(Markdown(
    f"A difficulty of **{difficulty_t:,.1f} T** implies **{implied_ehs:,.1f} EH/s** at 600-second blocks. The "
    f"seed's hashrate figure is {network_hashrate_ehs:,.0f} EH/s, {stated_vs_implied:+.1%} from that. Both cannot "
    f"hold for long: at {network_hashrate_ehs:,.0f} EH/s and this difficulty the network would find "
    f"{blocks_at_stated:.1f} blocks a day instead of {target_blocks:.0f} (one every {interval_at_stated_s:,.0f} s). "
    f"Hashrate figures in the press are estimates from recent block times and lag or lead the difficulty; treat "
    f"the two as separate inputs."
))

# %% [markdown]
# ### The protocol's off-by-one: 143.93 blocks a day, not 144
#
# Every 2,016 blocks Bitcoin Core resets the difficulty so that the next epoch would take two weeks at the
# pace just observed (section 4). It measures that pace from the timestamp of the epoch's *first* block to
# that of its *last* block (`CalculateNextWorkRequired` in `src/pow.cpp`): 2,016 blocks, but only **2,015
# intervals** between them. So on a network whose hashrate never changes, the difficulty settles where
# 2,015 intervals take the 14-day target, $T_{\mathrm{target}} = 2016 \times 600$ s, and a block comes
# every
#
# $$\bar t = \frac{2016 \times 600\,\mathrm{s}}{2015} = 600.30\,\mathrm{s}, \qquad \frac{86400}{\bar t} = 143.93\ \mathrm{blocks\ a\ day}$$
#
# The code below starts a steady network at the difficulty of exact 600-second blocks and lets the protocol
# retarget it (`ml.next_difficulty`, the protocol's rule) for a few epochs.

# %%
intervals_measured = ml.protocol.RETARGET_INTERVAL_BLOCKS - 1  # 2,015 [intervals]
epochs = [float(ml.difficulty_from_hashrate(network_hashrate_ehs))]  # 600 s blocks at the start
for _ in range(3):
    interval_s = ml.units.SECONDS_PER_DAY / float(ml.blocks_per_day(network_hashrate_ehs, epochs[-1]))  # [s]
    epochs.append(float(ml.next_difficulty(epochs[-1], intervals_measured * interval_s)))
retarget_path = pd.DataFrame({"difficulty_t": np.array(epochs) / ml.units.TRILLION,
                              "blocks_per_day": ml.blocks_per_day(network_hashrate_ehs, np.array(epochs))},
                             index=pd.RangeIndex(len(epochs)))
retarget_path["interval_s"] = ml.units.SECONDS_PER_DAY / retarget_path["blocks_per_day"]
steady_blocks = float(retarget_path["blocks_per_day"].iloc[-1])  # [blocks/day]
steady_interval_s = float(retarget_path["interval_s"].iloc[-1])  # [s]
difficulty_step = epochs[1] / epochs[0] - 1  # the one retarget that moves it [fraction]
blocks_lost_per_year = (target_blocks - steady_blocks) * ml.units.DAYS_PER_YEAR  # [blocks/year]
if not np.isclose(steady_blocks, ml.protocol.STEADY_BLOCKS_PER_DAY):  # the library's constant says the same
    raise AssertionError(f"{steady_blocks} != minelib.protocol.STEADY_BLOCKS_PER_DAY")
reader_table(retarget_path, {"difficulty_t": Col("Difficulty", "T", fmt=",.4f"),
                             "interval_s": Col("Mean block interval", "s", fmt=",.2f"),
                             "blocks_per_day": Col("Blocks", "per day", fmt=",.2f")},
             index="Epoch", caption=f"Table 2. A steady {network_hashrate_ehs:,.0f} EH/s network under the "
                                    f"protocol's retarget.")

# %%
display(Markdown(
    f"The first retarget raises the difficulty by {difficulty_step:.4%}, and from then on it does not move: the "
    f"network settles at one block every **{steady_interval_s:.2f} s**, **{steady_blocks:.2f} blocks a day**, "
    f"the value `minelib.protocol.STEADY_BLOCKS_PER_DAY` holds. The difference from 144 is small, about "
    f"{blocks_lost_per_year:,.0f} blocks a year, but it is the protocol's, and it shifts every halving date a "
    f"little later. In practice the network's hashrate grows, and blocks come a little *faster* than this "
    f"between retargets because the difficulty lags the hashrate; the models that project halvings and solo "
    f"odds (notebooks 05 and 09) start from the protocol's steady rate and say so."
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
# Summing the subsidy over all heights gives the supply cap, a little *under* 21 million BTC, because
# each halving rounds down to whole satoshis.

# %%
last_height = 34 * ml.HALVING_INTERVAL_BLOCKS  # the subsidy is 0 from the 33rd halving on [blocks]
heights = np.arange(0, last_height + 1, 10_500)  # [blocks]
supply_mbtc = ml.units.sats_to_btc(ml.total_issuance_sats(0, heights)) / ml.units.MILLION  # [million BTC]
total_btc = float(ml.units.sats_to_btc(ml.total_issuance_sats(0, last_height)))  # [BTC]
issued_btc = float(ml.units.sats_to_btc(ml.total_issuance_sats(0, block_height)))  # [BTC]
issued_share = issued_btc / total_btc  # [fraction]
next_halving = int(ml.next_halving_height(block_height))  # [height]
blocks_to_halving = next_halving - block_height  # [blocks]
days_to_halving = blocks_to_halving / ml.protocol.STEADY_BLOCKS_PER_DAY  # at the steady rate [days]
network_btc_day = float(ml.network_btc_per_day(subsidy_btc, fees_per_block_btc, ml.protocol.STEADY_BLOCKS_PER_DAY))
sub_heights = np.arange(0, 9 * ml.HALVING_INTERVAL_BLOCKS, 5_000)  # [blocks]

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.8, 3.2))
ax1.step(sub_heights / ml.units.MILLION, ml.block_subsidy_btc(sub_heights), where="post")
ax1.axvline(block_height / ml.units.MILLION, color="grey", ls=":", lw=1)
ax1.set(xlabel="Block height [million blocks]", ylabel="Subsidy [BTC/block]", title="Subsidy by height")
ax2.plot(heights / ml.units.MILLION, supply_mbtc)
ax2.axhline(21, color="C1", ls="--", lw=1, label="21 million")
ax2.axvline(block_height / ml.units.MILLION, color="grey", ls=":", lw=1, label="example height")
ax2.set(xlabel="Block height [million blocks]", ylabel="Coins issued [million BTC]", title="Cumulative supply",
        ylim=(0, 24))
ax2.legend(fontsize=8, loc="lower right")
plt.show()

# %%
halvings = ml.load_halvings()
halving_table = halvings.loc[halvings["epoch"] <= 6].set_index("epoch")
halving_table["date"] = halving_table["start_date"].dt.strftime("%Y-%m-%d").fillna("not yet")
reader_table(halving_table, {"start_height": Col("First height", fmt=",d"), "subsidy_btc": Col("Subsidy", "BTC", fmt="g"),
                             "date": Col("Date (UTC)")},
             index="Epoch", caption="Table 3. The first halving epochs (data/halvings.csv).")

# %%
display(Markdown(
    f"Left: the subsidy falls in steps, one per halving; right: the supply it adds up to. At the example height "
    f"{block_height:,} the subsidy is **{subsidy_btc:g} BTC** per block, {issued_btc:,.0f} BTC have been issued "
    f"({issued_share:.1%} of all that ever will be), and the next halving comes at height {next_halving:,} "
    f"({blocks_to_halving:,} blocks, about {days_to_halving:,.0f} days at the steady 143.93 blocks a day). The "
    f"total over all epochs is **{total_btc:,.4f} BTC**, just under 21 million. With {fees_per_block_btc:g} BTC "
    f"of fees per block, the network earns {network_btc_day:,.0f} BTC per day."
))

# %% [markdown]
# ## 4. The retarget and its clamp
#
# Every 2,016 blocks the difficulty is reset so that the next 2,016 blocks would take two weeks at the
# pace just observed. To keep one bad epoch from swinging it wildly, the observed timespan $T$ is clamped to
# between a quarter and four times the target $T_{\mathrm{target}} = 2016 \times 600\,\mathrm{s}$:
#
# $$D_{\mathrm{next}} = D \times \frac{T_{\mathrm{target}}}{\min\left(\max\left(T, \frac{T_{\mathrm{target}}}{4}\right), 4\,T_{\mathrm{target}}\right)}$$

# %%
days = np.geomspace(1, 100, 200)  # [days]
ratio = ml.next_difficulty(difficulty, days * ml.units.SECONDS_PER_DAY) / difficulty  # [-]
examples = next_difficulties / difficulty  # [-]
fig, ax = plt.subplots(figsize=(6.8, 3.4))
ax.plot(days, ratio, label="next / current difficulty")
ax.plot(retarget_timespans_days, examples, "o", color="C3", label="the examples of Table 4")
ax.axvline(14, color="grey", ls=":", lw=1)
ax.set(xscale="log", yscale="log", xlabel="Time the epoch took [days]", ylabel="Next / current difficulty",
       title="The retarget: inverse to the epoch's duration, clamped at x4 and /4")
ax.set_xticks([1, 3.5, 14, 56, 100], ["1", "3.5", "14", "56", "100"])
ax.set_yticks([0.25, 0.5, 1, 2, 4], ["¼", "½", "1", "2", "4"])
ax.minorticks_off()
ax.legend(fontsize=8, loc="upper right")
plt.show()

# %%
snaps = ml.load_network_snapshots()
diff003 = snaps.query("source == '003_51347cbd2f4016cb.txt' and metric == 'difficulty'").set_index("basis")["value"]
d_before_t = float(diff003["before_change"]) / ml.units.TRILLION  # [T]
d_after_t = float(diff003["after_change"]) / ml.units.TRILLION  # [T]
seed_step = d_after_t / d_before_t - 1  # [fraction]
seed_epoch_days = ml.TARGET_TIMESPAN_S / ml.units.SECONDS_PER_DAY / (1 + seed_step)  # what the epoch took [days]
clamp_low_days = ml.TARGET_TIMESPAN_S / 4 / ml.units.SECONDS_PER_DAY  # [days]
clamp_high_days = 4 * ml.TARGET_TIMESPAN_S / ml.units.SECONDS_PER_DAY  # [days]
retarget_examples = pd.DataFrame({"days": retarget_timespans_days, "next_t": next_difficulties / ml.units.TRILLION,
                                  "change": examples - 1})
reader_table(retarget_examples, {"days": Col("Epoch took", "days", fmt="g"),
                                 "next_t": Col("Next difficulty", "T", fmt=",.1f"),
                                 "change": Col("Change", percent=True, decimals=0, sign=True)},
             caption=f"Table 4. The next difficulty after an epoch of the example difficulty ({difficulty_t:,.1f} T).")

# %%
display(Markdown(
    f"The line shows the factor by which the difficulty changes against the time an epoch took (the dotted "
    f"line is the 14-day target); it is flat beyond the clamps at {clamp_low_days:g} and {clamp_high_days:g} "
    f"days. Seed 003's adjustment from about {d_before_t:,.1f} T to {d_after_t:,.1f} T is a {seed_step:+.1%} "
    f"step: the epoch before it took about {seed_epoch_days:.1f} days."
))

# %% [markdown]
# ## 5. Hashprice: what one unit of hashrate earns
#
# **Hashprice** is the expected revenue of one unit of hashrate per day. Practitioners (Luxor's Hashrate
# Index, Braiins) compute it from the difficulty, which the protocol fixes, rather than from a hashrate
# estimate. One PH/s makes $10^{15}$ hashes a second, and a block takes $D \times 2^{32}$ of them on
# average, so per PH/s per day
#
# $$h = \frac{86400 \times 10^{15} \times (\mathrm{subsidy} + \mathrm{fees}) \times \mathrm{price}}{D \times 2^{32}}$$
#
# This **difficulty form** needs no block rate and no hashrate estimate. The **hashrate form**,
# $h = B \times (\mathrm{subsidy} + \mathrm{fees}) \times \mathrm{price} / N_{\mathrm{PH/s}}$ with $B$ blocks
# a day, shares the network's daily reward by hashrate; it agrees with the difficulty form only when $N$ is
# the hashrate the difficulty implies at $B$ blocks a day. The industry quotes hashprice per PH/s per day
# (seed 003: "\$37.15 → \$40 per petahash per day"); machine sellers often quote per TH/s per day, 1,000
# times smaller.

# %%
hashprice_btc = float(ml.hashprice_btc_per_ph_day_from_difficulty(difficulty, subsidy_btc, fees_per_block_btc))
hashprice_ph = float(ml.hashprice_usd_per_ph_day_from_difficulty(btc_price_usd, difficulty, subsidy_btc,
                                                                 fees_per_block_btc))  # [USD/PH/day]
hashprice_th = float(ml.units.usd_per_ph_day_to_usd_per_th_day(hashprice_ph))  # [USD/TH/day]
hashprice_sats_th = float(ml.units.btc_to_sats(hashprice_btc)) / ml.units.TH_PER_PH  # [sats/TH/day]
hashprice_hashrate_form = float(ml.hashprice_usd_per_ph_day(btc_price_usd, network_hashrate_ehs, subsidy_btc,
                                                            fees_per_block_btc))  # at 144 blocks/day [USD/PH/day]
form_gap = hashprice_hashrate_form / hashprice_ph - 1  # [fraction]
machine_btc_day = hashprice_btc * machine_hashrate_ths / ml.units.TH_PER_PH  # [BTC/day]
machine_sats_day = float(ml.units.btc_to_sats(machine_btc_day))  # [sats/day]
machine_revenue_day = machine_btc_day * btc_price_usd  # [USD/day]
headline("hashprice_usd_per_ph_day", hashprice_ph, unit="USD/PH/day", fmt="{:,.2f}",
         label="Hashprice, difficulty form (Luxor), subsidy only, at seed 003's difficulty and price")
display(Markdown(
    f"At a difficulty of {difficulty_t:,.1f} T the hashprice is **\\${hashprice_ph:,.2f} per PH/s per day** "
    f"(difficulty form) = \\${hashprice_th:,.4f} per TH/s per day ({hashprice_sats_th:,.1f} sats per TH/s per "
    f"day). The {machine_hashrate_ths:g} TH/s machine expects {machine_sats_day:,.0f} sats a day, worth "
    f"**\\${machine_revenue_day:,.2f}**. The hashrate form with the seed's {network_hashrate_ehs:,.0f} EH/s and "
    f"144 blocks a day gives \\${hashprice_hashrate_form:,.2f} ({form_gap:+.1%}): the press hashrate is "
    f"{stated_vs_implied:+.1%} from the one the difficulty implies, and the hashprice inherits that gap. Seed "
    f"003's quoted \\$40 includes fees and is taken at its own moment's price."
))

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
machine_kwh_day = machine_power_w / ml.units.WATTS_PER_KW * ml.units.HOURS_PER_DAY  # [kWh/day]
power_cost_btc = float(ml.power_cost_usd_per_btc(machine_efficiency_j_per_th, power_price_usd_per_kwh,
                                                 hashprice_btc))  # [USD/BTC]
power_cost_day = power_cost_btc * machine_btc_day  # [USD/day]
be_hashprice = float(ml.breakeven_hashprice_usd_per_ph_day(machine_efficiency_j_per_th, power_price_usd_per_kwh))
be_power = float(ml.breakeven_power_price_usd_per_kwh(hashprice_ph, machine_efficiency_j_per_th))  # [USD/kWh]
margin = float(ml.margin_fraction(btc_price_usd, power_cost_btc))  # [fraction]
cost_words = "below" if power_cost_btc < btc_price_usd else "above"
prices = np.linspace(0.2 * btc_price_usd, 1.6 * btc_price_usd, 50)  # [USD/BTC]
headline("machine_power_cost_usd_per_btc", power_cost_btc, unit="USD/BTC", fmt="{:,.0f}",
         label="Example machine: power cost per BTC (difficulty-form hashprice)")

fig, ax = plt.subplots(figsize=(6.8, 3.4))
ax.plot(prices, machine_btc_day * prices, label="Revenue")
ax.axhline(power_cost_day, color="C1", ls="--", label="Power cost")
ax.axvline(btc_price_usd, color="grey", ls=":", lw=1, label="Spot")
ax.plot([power_cost_btc], [power_cost_day], "o", color="C3", label="Shutdown price")
ax.set(xlabel="BTC price [USD/BTC]", ylabel="Per day [USD/day]", title="The example machine: revenue and power cost per day")
usd_axis(ax, axis="x")
usd_axis(ax, decimals=0)
ax.legend(fontsize=8, loc="upper left")
plt.show()

# %%
display(Markdown(
    f"The chart compares the machine's daily revenue, which rises with the BTC price, with its daily power "
    f"bill, which does not. It draws **{machine_power_w:,.0f} W**, i.e. {machine_kwh_day:,.1f} kWh a day costing "
    f"\\${power_cost_day:,.2f}, against \\${machine_revenue_day:,.2f} of revenue. Its power cost per BTC is "
    f"**\\${power_cost_btc:,.0f}**, {cost_words} the \\${btc_price_usd:,.0f} spot (power margin {margin:+.0%}). "
    f"It breaks even at a hashprice of \\${be_hashprice:,.2f}/PH/day, at a power price of "
    f"\\${be_power:.4f}/kWh, or at a BTC price of \\${power_cost_btc:,.0f}: the shutdown price is the power cost "
    f"per BTC again, the same question asked the other way. Power is only part of the cost: notebook 02 adds "
    f"the rest of the cost stack."
))

# %% [markdown]
# ## Exercises
#
# Write your answers in the next cell (replace `None` with a number) and run the checker below it. Use
# `minelib` or a calculator; the checker accepts answers within 0.1 % (exercise 7 within 0.01 %).
#
# 1. The network's hashrate in **TH/s**.
# 2. The block subsidy in **BTC** after the halving at height 1,050,000.
# 3. Seed `002_d81e0ff9e5c96647.txt` reports a difficulty of 125.86 T. What hashrate in **EH/s** does it
#    imply at 600-second blocks?
# 4. An epoch at the example difficulty took 12 days. What is the **next difficulty** (a plain number, not
#    in T)?
# 5. The example network's difficulty-form hashprice in **USD per TH/s per day**.
# 6. The **power cost per BTC** (USD) of an older 34 J/TH machine at the example power price and difficulty.
# 7. How many **blocks a day** does a network whose hashrate never changes find under Bitcoin Core's
#    retarget?

# %%
answer_1 = None  # network hashrate [TH/s]
answer_2 = None  # subsidy at height 1,050,000 [BTC]
answer_3 = None  # hashrate implied by 125.86 T [EH/s]
answer_4 = None  # next difficulty after a 12-day epoch [dimensionless]
answer_5 = None  # hashprice [USD/TH/day]
answer_6 = None  # power cost per BTC of a 34 J/TH machine [USD/BTC]
answer_7 = None  # blocks a day of a steady network [blocks/day]

# %%
# The checker: the expected answers, computed with minelib from the notebook's parameters.
from minelib.exercises import Exercise, check_answers

exercises = [
    Exercise("answer_1", float(ml.units.ehs_to_ths(network_hashrate_ehs)), "1 EH/s = 1,000,000 TH/s.", rtol=1e-3),
    Exercise("answer_2", float(ml.block_subsidy_btc(1_050_000)),
             "height // 210,000 halvings of 50 BTC; the 2024 halving (height 840,000) set 3.125 BTC.", rtol=1e-3),
    Exercise("answer_3", float(ml.hashrate_from_difficulty_ehs(125.86e12)),
             "H = D x 2^32 / 600 s, then divide hashes per second by 10^18.", rtol=1e-3),
    Exercise("answer_4", float(ml.next_difficulty(difficulty, 12 * ml.units.SECONDS_PER_DAY)),
             "D_next = D x 14 days / 12 days (12 days is inside the clamp).", rtol=1e-3),
    Exercise("answer_5", hashprice_th, "86,400 x 10^12 x subsidy x price / (D x 2^32) for one TH/s.", rtol=1e-3),
    Exercise("answer_6", float(ml.power_cost_usd_per_btc(34.0, power_price_usd_per_kwh, hashprice_btc)),
             "24 x J/TH x USD/kWh / hashprice in BTC per PH/s per day.", rtol=1e-3),
    Exercise("answer_7", ml.protocol.STEADY_BLOCKS_PER_DAY,
             "the retarget measures 2,015 intervals: 86,400 / (600 x 2016 / 2015).", rtol=1e-4),
]
check_answers(exercises, globals())

# %% tags=["solution"]
# Solution (hidden in JupyterLab; reports never show it). The checker accepts the right answers
# and rejects wrong ones - e.g. an answer off by a unit factor of 1,000.
solutions = {e.key: e.expected for e in exercises}
assert check_answers(exercises, solutions).n_correct == len(exercises)
assert check_answers(exercises, {k: v * 1000 for k, v in solutions.items()}).n_correct == 0
assert not check_answers(exercises, {"answer_2": 3.125})[1].correct  # today's subsidy, not the next one
assert not check_answers(exercises, {"answer_4": difficulty * 12 / 14})[3].correct  # the ratio inverted
assert not check_answers(exercises, {"answer_7": 144.0})[6].correct  # the 600 s target, not the protocol's rate
for key, value in solutions.items():
    print(f"{key}: {value:,.6g}")

# %% [markdown]
# ## Reading
#
# * Hashrate is a share: a machine earns its fraction of the network's blocks. Difficulty is what the
#   protocol fixes, and $2^{32}$ hashes per unit of difficulty turn one into the other.
# * The retarget measures 2,015 intervals, so a steady network finds 143.93 blocks a day, not 144.
# * Hashprice, the workbook's standard, is the difficulty form: what one PH/s earns in a day at today's
#   difficulty, price and reward; the power cost per BTC is the power bill over that.
