# %% [markdown]
# # The next halving (block 1,050,000)
#
# When does the subsidy fall from 3.125 to 1.5625 BTC, and what must each public miner do to come
# through it producing as much BTC as before? This notebook applies the quarter-before / quarter-after
# machinery of notebook 01 (seed `000_abd4e67359fd40a7.txt`, CleanSpark across the 2024 halving) to the
# 2028 halving and to the six miners whose January 2026 production and hashrate seed
# `002_d81e0ff9e5c96647.txt` reports. It dates block 1,050,000 from the latest height and difficulty in
# `data/` under a network-growth scenario and over Monte Carlo paths (the protocol's retargets), gives
# each miner the hashrate it needs after the halving and the growth that implies, says who is on track
# against a stated target, and shows what the halving does to the hashprice, to the share of the
# fleet under water at today's price, and to the BTC price that covers an all-in cost.

# %% tags=["parameters"]
as_of: str = "2026-02-07"  # time 0: the date of the latest stated difficulty in data/ (seed 002, 7 Feb 2026) [date]
start_height: int | None = None  # None -> ml.estimated_height(as_of): block 840,000 (data/halvings.csv) + the protocol's steady 143.93 blocks/day since (ASSUMPTION: constant hashrate; today's height if you know it) [blocks]
difficulty: float = 125.86e12  # "125.86 trillion" on 7 Feb 2026 (seed 002, data/network_snapshots.csv) [dimensionless]
btc_price_usd: float = 71091.0  # "near $71,091", early February 2026 (seed 003, data/network_snapshots.csv) [USD/BTC]
fees_per_block_btc: float = 0.025  # ASSUMPTION (no seed gives fees), as notebooks 04 and 10 [BTC/block]
fees_what_if_btc: float = 0.2  # ASSUMPTION (no seed gives fees): the high-fee what-if of section 5's prose [BTC/block]
annual_hashrate_growth: float | None = None  # base network growth; None -> derived from data/network_snapshots.csv (566 -> 913 EH/s) [fraction per year]
growth_low: float = 0.0  # ASSUMPTION: low network growth of the scenario tables (the network stops growing) [fraction per year]
growth_high: float = 0.5  # ASSUMPTION: high network growth of the scenario tables [fraction per year]
hashrate_volatility_per_year: float = 0.25  # volatility of the trend hashrate (ASSUMPTION), as notebooks 09 and 10 [1/sqrt(year)]
n_paths: int = 400  # Monte Carlo paths of the halving date [-]
seed: int = 2028  # seed of numpy.random.default_rng; same seed -> same numbers [-]
power_price_usd_per_kwh: float = 0.05  # ASSUMPTION: all-in electricity price of the whole fleet, as notebook 04 [USD/kWh]
fleet_models: list = ["Antminer S21 XP", "Antminer S21 Pro", "Antminer S21", "Antminer S19 XP", "Avalon A1466", "Whatsminer M50S", "Antminer S19j Pro", "Whatsminer M30S++", "Antminer S19"]  # ASSUMPTION: models in the global fleet, as notebook 04 [-]
fleet_ehs: list = [100.0, 150.0, 200.0, 150.0, 50.0, 100.0, 80.0, 50.0, 33.0]  # ASSUMPTION: hashrate of each model (sums to ~913), as notebook 04 [EH/s]

# %%
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import minelib as ml
from minelib.plotting import percent_axis, unit_axis, usd_axis, use_house_style
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
height_is_estimate = start_height is None
start_height = ml.estimated_height(as_of) if height_is_estimate else start_height
last_halving_height, last_halving_date = ml.last_dated_halving(as_of)  # what the estimate counts from [blocks], [date]
for _name, _value, _lo in (("n_paths", n_paths, 10), ("start_height", start_height, 840_000)):
    if not isinstance(_value, int) or _value < _lo:
        raise ValueError(f"{_name}={_value!r} must be a whole number >= {_lo}")
if not fees_what_if_btc >= 0:
    raise ValueError(f"fees_what_if_btc={fees_what_if_btc!r} must be >= 0 [BTC/block]")
if not -1 < growth_low <= growth_high:
    raise ValueError(f"growth_low={growth_low!r}, growth_high={growth_high!r}: expected -1 < low <= high "
                     "[fraction per year]")
if len(fleet_models) != len(fleet_ehs) or not fleet_models:
    raise ValueError(f"fleet_models ({len(fleet_models)}) and fleet_ehs ({len(fleet_ehs)}) must be non-empty lists "
                     "of the same length")
start = pd.Timestamp(as_of)
halving_height = int(ml.next_halving_height(start_height))
subsidy_now_btc = float(ml.block_subsidy_btc(start_height))  # [BTC/block]
subsidy_after_btc = float(ml.block_subsidy_btc(halving_height))  # [BTC/block]
network_now_ehs = float(ml.hashrate_from_difficulty_ehs(difficulty, ml.STEADY_BLOCK_TIME_S))  # steady state of the difficulty [EH/s]

# network growth from the shipped data: the two point estimates of network hashrate
snap = ml.load_network_snapshots()  # also the cost rows of section 5
trend = ml.montecarlo.trend_drift_from_snapshots(snap)  # compounded yearly: growth_per_year [fraction per year]
growth = trend["growth_per_year"] if annual_hashrate_growth is None else float(annual_hashrate_growth)
scenarios = {"low": growth_low, "base": growth, "high": growth_high}  # [fraction per year]

# the miners with January 2026 production and hashrate (seed 002), and their stated targets
monthly = ml.load_miner_monthly()
jan_month = pd.Period("2026-01", freq="M")  # the latest month in seed 002's table
jan = monthly[(monthly["month"] == str(jan_month)) & monthly["hashrate_ehs"].notna()].set_index("miner")
quarterly = ml.load_miner_quarterly()
targets = quarterly[(quarterly["metric"] == "hashrate_target_ehs") & quarterly["miner"].isin(jan.index)
                    & (quarterly["period"] == "target")].set_index("miner")["value"]
all_in = quarterly[quarterly["metric"] == "all_in_cost_usd_per_btc"]

asics = ml.load_asics().set_index("model")
unknown = [m for m in fleet_models if m not in asics.index]
if unknown:
    raise ValueError(f"fleet_models: unknown ASIC model(s) {unknown}; choose from {list(asics.index)}")
fleet = pd.DataFrame({"efficiency_j_per_th": asics.loc[fleet_models, "efficiency_j_per_th"].to_numpy(),
                      "hashrate_ths": ml.units.ehs_to_ths(np.asarray(fleet_ehs, dtype=float))})

# %% [markdown]
# ## 1. The starting state
#
# Every input with where it comes from. No seed gives a block height, so the height is derived (as in
# notebooks 05, 10 and 12, `minelib.estimated_height`) from the last halving block and the protocol's steady
# pace of blocks (Table 1 gives both); the network hashrate is the one the
# difficulty implies when blocks come at the protocol's steady pace. A reader who wants today's answer
# puts today's height, difficulty and price in the parameters.

# %%
state = pd.DataFrame([
    ("Time 0", f"{start:%d %b %Y}", "date of the latest stated difficulty in data/ (seed 002)"),
    ("Block height", f"{start_height:,}", f"ASSUMPTION (derived): {last_halving_height:,} on {last_halving_date:%d %b %Y} + "
                                          f"{ml.STEADY_BLOCKS_PER_DAY:.2f} blocks a day"
                                          if height_is_estimate else "parameter"),
    ("Difficulty", f"{difficulty / 1e12:,.2f} T", "seed 002, data/network_snapshots.csv"),
    ("Network hashrate", f"{network_now_ehs:,.0f} EH/s",
     f"from the difficulty at {ml.STEADY_BLOCK_TIME_S:.2f} s a block (protocol)"),
    ("BTC price", f"${btc_price_usd:,.0f}", "seed 003, data/network_snapshots.csv"),
    ("Fees per block", f"{fees_per_block_btc:.3f} BTC", "ASSUMPTION (no seed gives fees)"),
    ("Network growth (base)", f"{growth:+.1%} a year",
     f"derived: {trend['first_ehs']:.0f} EH/s ({trend['first_date']:%b %Y}) to {trend['last_ehs']:.0f} EH/s "
     f"({trend['last_date']:%b %Y}), seeds 000 and 003" if annual_hashrate_growth is None else "parameter"),
    ("Network growth (low, high)", f"{scenarios['low']:+.0%}, {scenarios['high']:+.0%} a year", "ASSUMPTION"),
    ("Subsidy now, after block 1,050,000", f"{subsidy_now_btc:g} BTC, {subsidy_after_btc:g} BTC",
     "protocol (GetBlockSubsidy)"),
], columns=["Input", "Value", "Source"])
reader_table(state, caption="Table 1. The starting state.")

# %% [markdown]
# ## 2. When block 1,050,000 comes
#
# The halving happens at a height, not on a date. Between retargets the difficulty $D$ is fixed, so a
# network of hashrate $H(t)$ finds blocks at the rate $H(t) / (D\, 2^{32})$; every 2,016 blocks Bitcoin
# Core resets the difficulty from the time the epoch took, measured from its first block to its last
# (2,015 intervals):
#
# $$D_{k+1} = D_k \, \frac{2016 \cdot 600\ \mathrm{s}}{\mathrm{clamp}(T_k,\ T/4,\ 4T)}, \qquad
# \int_0^{T_n} H(t)\, dt = n\, D\, 2^{32}$$
#
# With constant hashrate the blocks settle at $600 \times 2016 / 2015$ s (the protocol's steady
# interval), so the date is the height gap times that interval ahead. A growing network
# ($H(t) = H_0 (1+g)^t$) runs ahead of each difficulty and brings the halving forward.

# %%
gap_blocks = halving_height - start_height
growth_rates = np.array(list(scenarios.values()))
halving_dates = pd.Series(ml.expected_halving_date(start_height, as_of, network_now_ehs, growth_rates,
                                                   difficulty=difficulty).tz_localize(None), index=list(scenarios))
steady_date = start + pd.Timedelta(seconds=gap_blocks * ml.STEADY_BLOCK_TIME_S)
base_date, low_date, high_date = halving_dates["base"], halving_dates["low"], halving_dates["high"]
days_to_base = (base_date - start).total_seconds() / ml.units.SECONDS_PER_DAY

mc_dates = ml.halving_date_paths(n_paths, start=as_of, start_height=start_height, difficulty=difficulty,
                                 hashrate_drift_per_year=float(np.log1p(growth)),
                                 hashrate_volatility_per_year=hashrate_volatility_per_year, seed=seed)
mc_q05, mc_q50, mc_q95 = mc_dates.quantile([0.05, 0.5, 0.95])
mc_width_days = (mc_q95 - mc_q05).total_seconds() / ml.units.SECONDS_PER_DAY

# %%
fig, ax = plt.subplots()
ax.hist(mc_dates, bins=30, color="C0", alpha=0.75)
for date, name, color in ((low_date, "low", "C3"), (base_date, "base", "black"), (high_date, "high", "C2")):
    ax.axvline(date, color=color, lw=1.2, ls="--", label=f"{name} growth: {date:%d %b %Y}")
ax.set_ylabel("Monte Carlo paths")
ax.set_title("Date of block 1,050,000: Monte Carlo paths and the three growth scenarios")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=8, frameon=False)
fig.autofmt_xdate()
plt.show()

# %%
display(Markdown(
    f"From height {start_height:,} on {start:%d %B %Y} there are {gap_blocks:,} blocks to go. At constant hashrate "
    f"they come {ml.STEADY_BLOCK_TIME_S:.2f} s apart and take until **{steady_date:%d %B %Y}**. "
    f"With the network growing {growth:.1%} a year (base) block "
    f"1,050,000 comes on **{base_date:%d %B %Y}**, {days_to_base:,.0f} days after time 0; at "
    f"{scenarios['low']:+.0%} a year on {low_date:%d %B %Y}, at {scenarios['high']:+.0%} on {high_date:%d %B %Y}. "
    f"Over {n_paths:,} Monte Carlo paths (trend hashrate as a geometric Brownian motion with the base growth "
    f"as drift and a {hashrate_volatility_per_year:.0%} volatility, ASSUMPTION) the median date is "
    f"{mc_q50:%d %B %Y} and 90 % of paths fall between **{mc_q05:%d %B %Y} and {mc_q95:%d %B %Y}** "
    f"({mc_width_days:,.0f} days): the quarter of the halving is well pinned down, the week is not."
))
headline("halving_days_from_as_of", days_to_base, unit="days", fmt=",.0f",
         label=f"Block 1,050,000 expected {base_date:%d %b %Y} (network {growth:+.1%} a year): days after {start:%d %b %Y}")
headline("halving_mc_width_days", mc_width_days, unit="days", fmt=",.0f",
         label="Monte Carlo: width of the 90 % interval of the halving date")

# %% [markdown]
# ## 3. The hashrate each miner needs after the halving
#
# Notebook 01's comparison, moved to 2028: the quarter before is the last full calendar quarter
# before block 1,050,000, the quarter after the first full one after it (the halving quarter itself
# mixes both subsidies). A miner that holds its January 2026 share of the network until the quarter
# before mines there, per day, what it mined in January. To mine as much in the quarter after, with
# $m_1$ its January hashrate, $N_0$ today's network, $N_a = N_0 (1+g)^{t_a}$ the network in the middle
# of the quarter after, $s$ the subsidies, $f$ the fees and $d$ the quarters' days:
#
# $$m_a^* = m_1 \, \frac{N_a}{N_0} \, \frac{s_1 + f}{s_a + f} \, \frac{d_1}{d_a}, \qquad
# g_m = \left(\frac{m_a^*}{m_1}\right)^{1 / t_a} - 1$$
#
# The operational efficiency cancels when it is the same on both sides. The multiple $m_a^*/m_1$ is
# the same for every miner: the protocol and the network do not care who mines. What differs is what
# each miner has said it will do.

# %%
miners = jan.index.tolist()
jan_hashrate_ehs = jan["hashrate_ehs"].to_numpy(dtype=float)
dec = monthly[monthly["month"] == str(jan_month - 1)].set_index("miner")["hashrate_ehs"].reindex(miners).to_numpy(dtype=float)
last_month_growth = jan_hashrate_ehs / dec - 1  # December 2025 -> January 2026 (seed 002's "points" changes)
jan_mid = jan_month.start_time + pd.Timedelta(days=jan_month.days_in_month / 2)  # middle of January 2026


def reward_ratio_at(fees_btc: float) -> float:
    """The block reward's fall at the halving, (s_1 + f) / (s_a + f) [-]: the subsidy halves, the fees
    per block ``fees_btc`` [BTC/block] do not."""
    return (subsidy_now_btc + fees_btc) / (subsidy_after_btc + fees_btc)


reward_ratio = reward_ratio_at(fees_per_block_btc)  # at the assumed fees [-]
rows = {}
for name, g in scenarios.items():
    q_before, q_after = ml.halving_quarters(halving_dates[name])
    mid_before, mid_after = (q.start_time + (q.end_time - q.start_time) / 2 for q in (q_before, q_after))
    network_before_ehs, network_after_ehs = (
        network_now_ehs * (1 + g) ** ((mid - start).total_seconds() / ml.units.SECONDS_PER_DAY / ml.units.DAYS_PER_YEAR)
        for mid in (mid_before, mid_after))
    required = ml.required_q4_hashrate_ehs(
        network_after_ehs / network_now_ehs - 1, q1_miner_hashrate_ehs=jan_hashrate_ehs, operational_efficiency=1.0,
        q1_network_hashrate_ehs=network_now_ehs, q1_block_subsidy_btc=subsidy_now_btc,
        q4_block_subsidy_btc=subsidy_after_btc, fees_per_block_btc=fees_per_block_btc,
        q1_quarter=q_before, q4_quarter=q_after)
    years_from_jan = (mid_after - jan_mid).total_seconds() / ml.units.SECONDS_PER_DAY / ml.units.DAYS_PER_YEAR
    rows[name] = dict(q_before=q_before, q_after=q_after, network_before_ehs=network_before_ehs,
                      network_after_ehs=network_after_ehs,
                      required=required, years_from_jan=years_from_jan)
base = rows["base"]
growth_needed_per_year = ml.annualized_growth(jan_hashrate_ehs, base["required"], base["years_from_jan"])
growth_needed_per_month = (1 + growth_needed_per_year) ** (1 / 12) - 1  # the same compound rate, per month
multiple_base = float(base["required"][0] / jan_hashrate_ehs[0])
network_factor_base = base["network_after_ehs"] / network_now_ehs  # network growth until the quarter after [-]
days_ratio_base = ml.days_in_quarter(base["q_before"]) / ml.days_in_quarter(base["q_after"])  # d_1 / d_a [-]
target_ehs = targets.reindex(miners).to_numpy(dtype=float)
on_track = target_ehs >= base["required"]  # NaN targets compare False; their verdict is "no target"
verdict = np.where(np.isnan(target_ehs), "no target", np.where(on_track, "on track", "short"))
n_with_target, n_on_track = int(np.isfinite(target_ehs).sum()), int(on_track.sum())
miner_table = pd.DataFrame({
    "miner": miners, "jan_btc": jan["btc_mined"].to_numpy(), "jan_ehs": jan_hashrate_ehs,
    "low_ehs": rows["low"]["required"], "base_ehs": base["required"], "high_ehs": rows["high"]["required"],
    "per_year": growth_needed_per_year, "per_month": growth_needed_per_month, "last_month": last_month_growth,
    "target_ehs": target_ehs, "verdict": verdict,
})
ahead = miner_table.loc[miner_table["last_month"] >= miner_table["per_month"], "miner"].tolist()
ahead_text = " and ".join(ahead) if ahead else "none"
q_before_text, q_after_text = f"{base['q_before']}", f"{base['q_after']}"

# %%
reader_table(miner_table, {
    "miner": "Miner",
    "jan_btc": Col("BTC mined, Jan 2026", unit="BTC", fmt=",.0f"),
    "jan_ehs": Col("Hashrate, Jan 2026", unit="EH/s", fmt=",.1f"),
    "low_ehs": Col(f"Needed after, {scenarios['low']:+.0%}/yr", unit="EH/s", fmt=",.1f"),
    "base_ehs": Col(f"Needed after, base {scenarios['base']:+.1%}/yr", unit="EH/s", fmt=",.1f"),
    "high_ehs": Col(f"Needed after, {scenarios['high']:+.0%}/yr", unit="EH/s", fmt=",.1f"),
    "per_year": Col("Growth needed (base), per year", percent=True, decimals=1),
    "per_month": Col("per month", percent=True, decimals=2),
    "last_month": Col("Dec 2025 to Jan 2026", percent=True, decimals=1, sign=True),
    "target_ehs": Col("Stated target", unit="EH/s", fmt=",.0f"),
    "verdict": "Base case",
}, caption=f"Table 2. Hashrate needed in {q_after_text} to mine as much as in {q_before_text} "
           "(January 2026 figures: seed 002; target: data/miner_quarterly.csv).")

# %%
order = np.argsort(jan_hashrate_ehs)
y = np.arange(len(miners))
fig, ax = plt.subplots(figsize=(7.5, 3.8))
ax.hlines(y, rows["low"]["required"][order], rows["high"]["required"][order], color="C0", lw=4, alpha=0.35,
          label="needed after the halving, low to high growth")
ax.plot(base["required"][order], y, "o", color="C0", label="needed, base growth")
ax.plot(jan_hashrate_ehs[order], y, "s", color="0.3", label="January 2026")
ax.plot(target_ehs[order], y, "D", color="C3", label="stated target")
ax.set_yticks(y, [miners[i] for i in order])
ax.set_xscale("log")
unit_axis(ax, "EH/s", axis="x")
ax.set_xlabel("hashrate [EH/s, log scale]")
ax.set_title(f"Who can hold production through the halving ({q_before_text} to {q_after_text})")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, fontsize=8, frameon=False)
plt.show()

# %%
hive_target = float(targets.get("Hive", np.nan))
hive_needed = float(base["required"][miners.index("Hive")]) if "Hive" in miners else np.nan
growth_low_per_year = float(ml.annualized_growth(1.0, rows["low"]["required"][0] / jan_hashrate_ehs[0],
                                                 rows["low"]["years_from_jan"]))
display(Markdown(
    f"Under the base growth every miner needs **{multiple_base:.2f} times** its January 2026 hashrate in "
    f"{q_after_text}, a growth of **{growth_needed_per_year[0]:.1%} a year** ({growth_needed_per_month[0]:.2%} a "
    f"month) from January 2026. Even with the network growing {scenarios['low']:+.0%} a year it needs "
    f"{growth_low_per_year:.1%} a year: "
    f"the halving alone asks for {reward_ratio:.2f} times the hashrate a day, short of "
    f"{subsidy_now_btc / subsidy_after_btc:g} times only by what fees, which do not halve, add to each block. "
    f"Of the {len(miners)} miners only Hive states a target in the seeds ({hive_target:.0f} EH/s, seed 002); "
    f"it needs {hive_needed:.1f} EH/s. Miners on track against a stated target: {n_on_track} of {n_with_target}. "
    f"The others' plans point the same way: CleanSpark does not \"plan on spending a significant portion of our "
    f"cash on mining\" (seed 002), and Canaan's deployed hashrate \"topped 10 EH/s\" (seed 002). January's own "
    f"change, a poor guide since storms curtailed several miners (seed 002), beat the {growth_needed_per_month[0]:.2%} "
    f"a month needed for: **{ahead_text}**."
))
headline("required_hashrate_multiple", multiple_base, unit="x January 2026 hashrate", fmt=".2f",
         label=f"Hashrate needed in {q_after_text} to match {q_before_text} production (network {growth:+.1%} a year)")
headline("growth_needed_per_year", 100 * growth_needed_per_year[0], unit="% a year", fmt=".1f",
         label=f"Hashrate growth each miner needs from January 2026 (network {growth:+.1%} a year)")
headline("miners_on_track", n_on_track, unit=f"of {n_with_target} with a stated target", fmt="d",
         label=f"Miners on track to hold production through the halving (network {growth:+.1%} a year)")

# %% [markdown]
# ## 4. What the halving does to hashprice and to the fleet
#
# Hashprice (Luxor's definition: the expected revenue of 1 PH/s for a day at the current difficulty)
# is
#
# $$h = \frac{S \cdot 86400 \cdot 10^{15} \, (s + f)}{D \cdot 2^{32}} \quad \mathrm{[USD/PH/day]}$$
#
# The halving block does not change the difficulty, so on the day after it the hashprice falls by
# $(s_a + f)/(s_1 + f)$ exactly; by the quarter after, the difficulty has followed the network. A
# machine is under water when its power cost, $24\, e\, p$ USD per PH/s per day at $e$ J/TH and $p$
# USD/kWh, exceeds the hashprice. The fleet below is notebook 04's mix (an ASSUMPTION: no seed gives
# the global fleet by model) at the price of today, held.

# %%
difficulty_after = float(ml.difficulty_from_hashrate(base["network_after_ehs"], ml.STEADY_BLOCK_TIME_S))
hp_now = float(ml.hashprice_usd_per_ph_day_from_difficulty(btc_price_usd, difficulty, subsidy_now_btc, fees_per_block_btc))
hp_day_after = float(ml.hashprice_usd_per_ph_day_from_difficulty(btc_price_usd, difficulty, subsidy_after_btc,
                                                                   fees_per_block_btc))
hp_quarter_after = float(ml.hashprice_usd_per_ph_day_from_difficulty(btc_price_usd, difficulty_after, subsidy_after_btc,
                                                                       fees_per_block_btc))
share_now, share_day_after, share_quarter_after = ml.share_unprofitable(
    fleet, np.array([hp_now, hp_day_after, hp_quarter_after]), power_price_usd_per_kwh)
hp_grid = np.linspace(0.0, 1.3 * hp_now, 200)
curve = ml.unprofitable_share_curve(fleet, hp_grid, power_price_usd_per_kwh)

# %%
fig, ax = plt.subplots()
ax.plot(curve.index, curve.to_numpy(), color="C0", drawstyle="steps-post")
for hp, label, color in ((hp_now, "today", "C2"), (hp_day_after, "day after", "C1"),
                         (hp_quarter_after, f"{q_after_text}", "C3")):
    ax.axvline(hp, color=color, lw=1.2, ls="--")
    ax.annotate(label, (hp, 0.02), rotation=90, va="bottom", ha="right", fontsize=8, color=color)
usd_axis(ax, axis="x")
percent_axis(ax)
ax.set_xlabel("hashprice [USD per PH/s per day]")
ax.set_ylabel("fleet hashrate under water")
ax.set_title(f"Unprofitable share of the fleet at ${power_price_usd_per_kwh:.2f}/kWh")
plt.show()
display(Markdown(
    f"At \\${btc_price_usd:,.0f} and today's difficulty the hashprice is **\\${hp_now:.2f}/PH/day** (with "
    f"{fees_per_block_btc:g} BTC of fees a block, an ASSUMPTION) and {share_now:.0%} of the assumed fleet is under "
    f"water. The day after the halving, at the same price and difficulty, it is **\\${hp_day_after:.2f}** and "
    f"**{share_day_after:.0%}** of the fleet is under water; by {q_after_text}, with the network at "
    f"{base['network_after_ehs']:,.0f} EH/s (base growth), \\${hp_quarter_after:.2f} and {share_quarter_after:.0%}. "
    f"At today's price the halving leaves only the most efficient machines on cheap power running: the network "
    f"growth of the base case would need a much higher price to happen at all."
))
headline("hashprice_after_halving_usd_per_ph_day", hp_day_after, unit="USD/PH/day", fmt=",.2f",
         label="Difficulty-form hashprice the day after the halving, at today's price and difficulty (fees: ASSUMPTION)")
headline("unprofitable_share_after_halving_pct", 100 * share_day_after, unit="% of fleet hashrate", fmt=".0f",
         label="Fleet under water the day after the halving at today's price (notebook 04's fleet mix: ASSUMPTION)")

# %% [markdown]
# ## 5. The price that covers an all-in cost after the halving
#
# CoinShares' all-in cost per BTC is the cash cost (power and cash SG&A, without stock-based
# compensation) plus depreciation, amortisation and stock-based compensation. A miner whose all-in
# cost is $C_1$ USD per BTC in the quarter before, and whose costs per unit of hashrate stay as they
# are, pays the same per day after the halving for fewer BTC: the price that covers its cost is
#
# $$P^* = C_1 \, (1 + c) \, \frac{s_1 + f}{s_a + f}$$
#
# with $c$ the network's change from the quarter before to the quarter after. The same price holds if
# the miner grows to $m_a^*$ and its costs grow in proportion: it then mines as much as before at
# $m_a^*/m_1$ times the cost. The seeds give one miner's all-in cost (CleanSpark's, measured in Q1
# 2024) and three estimates of the average miner's; each is read here as the cost in the quarter
# before the halving (an ASSUMPTION: falling machine costs per TH/s would lower it).

# %%
cost_rows = [("CleanSpark, Q1 2024", float(all_in.loc[all_in["miner"] == "CleanSpark", "value"].iloc[0]), "seed 000")]
for _, r in snap[snap["metric"] == "all_in_cost_usd_per_btc"].sort_values("value").iterrows():
    cost_rows.append(("Average miner", float(r["value"]), f"seed {r['source'][:3]}"))
costs = pd.DataFrame(cost_rows, columns=["who", "cost", "source"])
for name, r in rows.items():
    c_between = r["network_after_ehs"] / r["network_before_ehs"] - 1  # network change, quarter before -> after
    costs[name] = ml.covered_price_after_halving_usd(
        costs["cost"].to_numpy(), c_between, q1_block_subsidy_btc=subsidy_now_btc,
        q4_block_subsidy_btc=subsidy_after_btc, fees_per_block_btc=fees_per_block_btc)
costs["covered_today"] = np.where(btc_price_usd >= costs["base"], "yes", "no")
n_covered_today = int((costs["covered_today"] == "yes").sum())
avg_cost = float(costs.loc[costs["source"] == "seed 002", "cost"].iloc[0])
avg_covered = float(costs.loc[costs["source"] == "seed 002", "base"].iloc[0])
clsk_covered = float(costs["base"].iloc[0])
reader_table(costs, {
    "who": "All-in cost of", "source": "Source",
    "cost": Col("Before the halving", unit="USD/BTC", fmt=",.0f"),
    "low": Col(f"Covered after, {scenarios['low']:+.0%}/yr", unit="USD/BTC", fmt=",.0f"),
    "base": Col("Covered after, base", unit="USD/BTC", fmt=",.0f"),
    "high": Col(f"Covered after, {scenarios['high']:+.0%}/yr", unit="USD/BTC", fmt=",.0f"),
    "covered_today": f"Covered at ${btc_price_usd:,.0f}?",
}, caption="Table 3. BTC price at which an all-in cost is covered in the quarter after the halving.")

# %%
display(Markdown(
    f"The average all-in cost of \\${avg_cost:,.0f} per BTC (seed 002, February 2026) needs **\\${avg_covered:,.0f}** "
    f"after the halving under the base growth; CleanSpark's 2024 cost of \\${costs['cost'].iloc[0]:,.0f}, if it "
    f"still held, would need \\${clsk_covered:,.0f}. Today's \\${btc_price_usd:,.0f} covers {n_covered_today} of "
    f"these {len(costs)} costs after the halving (base growth). Fees move this little at {fees_per_block_btc:g} BTC a block; at {fees_what_if_btc:g} BTC a block "
    f"the factor would be {reward_ratio_at(fees_what_if_btc):.2f} instead of "
    f"{reward_ratio:.2f}."
))
headline("covered_price_average_cost_usd", avg_covered, unit="USD/BTC", fmt=",.0f",
         label=f"BTC price covering the ${avg_cost:,.0f} average all-in (CoinShares) cost after the halving (network {growth:+.1%} a year)")

# %% [markdown]
# ## 6. Reading the results
#
# What the numbers above say, and which assumption to move first.

# %%
after_quarters = sorted({str(r["q_after"]) for r in rows.values()})
same_quarter = len(after_quarters) == 1
spread_days = (low_date - high_date).total_seconds() / ml.units.SECONDS_PER_DAY
display(Markdown(
    f"* Between {scenarios['low']:+.0%} and {scenarios['high']:+.0%} network growth a year the date of block "
    f"1,050,000 moves by {spread_days:,.0f} days; the first full quarter after it is "
    + (f"{after_quarters[0]} in every scenario, so the miner table compares like with like."
       if same_quarter else f"one of {', '.join(after_quarters)} depending on the scenario.")
    + f"\n* Holding production through the halving asks every miner for the same multiple of its hashrate: "
    f"{multiple_base:.2f} under the base growth: the reward's fall ({reward_ratio:.2f}) times the "
    f"network's growth until then ({network_factor_base:.2f}) times the quarters' days ({days_ratio_base:.2f}). "
    f"Miners with a stated target in the seeds that plan for it: {n_on_track} of {n_with_target}.\n"
    f"* At today's \\${btc_price_usd:,.0f} the halving would put {share_day_after:.0%} of the assumed fleet under water "
    f"and lift the price covering the average all-in cost to \\${avg_covered:,.0f}. Something gives: the price, the "
    f"network's growth (the low scenario), or the miners, who are turning sites over to AI/HPC (seed 002).\n\n"
    f"Assumptions to move first: the network growth (the report jobs `next-halving-low` and `next-halving-high`), "
    f"the fees per block and the fleet mix. The model leaves out efficiency gains of new machines (they lower the "
    f"cost per BTC) and a post-halving dip of the hashrate (the Monte Carlo of notebooks 09 and 10 has one)."
))
