# %% [markdown]
# # Halving: CleanSpark's Q1 to Q4
#
# The April 2024 halving cut the block subsidy in half. Can a miner that keeps growing mine as many BTC in
# the fourth quarter as in the first? Seed `000_abd4e67359fd40a7.txt` says yes for CleanSpark if the
# network shrinks by 5%. This notebook rebuilds the seed's arithmetic from its named case
# (`minelib.halving.SEED_000`), finds the exact network change at which Q4 equals Q1, and then states
# three conventions the seed leaves implicit - the days of each quarter, what a year-end target means
# for Q4, and fees, which do not halve - and what each does to the answer. It ends with the seed's
# "growth race" between top-tier and second-tier miners.

# %% tags=["parameters"]
q1_miner_hashrate_ehs: float = 16.4  # CleanSpark in Q1 ("6.7 EH → 16.4 EH", seed 000) [EH/s]
year_end_hashrate_ehs: float = 32.0  # CleanSpark's target ("reaches 32 EH by year-end", seed 000) [EH/s]
operational_efficiency: float = 0.86  # captured share of the expected reward ("86%", seed 000) [fraction]
q1_network_hashrate_ehs: float = 566.0  # network hashrate ("566 EH/s at quarter-end", seed 000) [EH/s]
fees_per_block_btc: float = 0.0  # seed 000 counts the subsidy only ("900 BTC mined daily") [BTC/block]
seed_days_per_quarter: float = 91.0  # the seed's day count, used for both quarters ("~91 days") [days]
q4_ramp: str = "linear"  # ASSUMPTION: how the miner ramps to its year-end target ("linear"/"exponential") [-]
what_if_fees_per_block_btc: float = 0.2  # ASSUMPTION: fees for the what-if; no seed gives 2024 fees [BTC/block]
network_change_min_pct: float = -30.0  # lowest network change Q1 -> Q4 in the scenario grid [%]
network_change_max_pct: float = 30.0  # highest network change in the grid [%]
network_change_step_pct: float = 5.0  # step of the scenario grid [%]
target_hashrates_ehs: list = [24.0, 28.0, 32.0, 36.0, 40.0]  # Q4 miner hashrate scenarios [EH/s]
cipher_q1_btc: float = 924.0  # Cipher's reported production ("produced 924 BTC", seed 000) [BTC]
cipher_q3_2024_target_ehs: float = 8.9  # Cipher's target ("8.9 EH by Q3 2024", seed 000) [EH/s]
cipher_end_2025_target_ehs: float = 25.0  # Cipher's target ("25 EH by end-of-2025", seed 000) [EH/s]
cipher_target_years: float = 1.25  # end of Q3 2024 to end of 2025 [years]
clsk_target_years: float = 0.75  # end of Q1 2024 to end of 2024 [years]
top_tier_growth_pct: float = 95.0  # top-tier growth in the race (">95%", seed 000) [% per year]
second_tier_growth_pct: float = 80.0  # second-tier growth in the race ("<80%", seed 000) [% per year]
second_tier_start_ehs: float = 8.9  # ASSUMPTION: the second tier starts at Cipher's Q3-2024 target [EH/s]
rest_of_network_growth_pct: float = 50.0  # ASSUMPTION (not in the seed): growth of all other hashrate [% per year]
race_years: float = 2.0  # length of the growth race [years]

# %%
import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display

import minelib as ml
from minelib.plotting import percent_axis, unit_axis, use_house_style
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
if not network_change_min_pct < network_change_max_pct or network_change_step_pct <= 0:
    raise ValueError(f"the grid needs network_change_min_pct < network_change_max_pct and a step > 0 [%]; got "
                     f"{network_change_min_pct!r}, {network_change_max_pct!r}, {network_change_step_pct!r}")
network_change = np.round(np.arange(network_change_min_pct, network_change_max_pct + network_change_step_pct / 2,
                                    network_change_step_pct) / 100, 6)  # [fraction]
target_hashrates = np.unique(np.append(np.asarray(target_hashrates_ehs, dtype=float), year_end_hashrate_ehs))  # [EH/s]

# The case: seed 000's, with the parameters above (defaults reproduce it); minelib validates every field.
case = dataclasses.replace(
    ml.halving.SEED_000, q1_miner_hashrate_ehs=q1_miner_hashrate_ehs, q4_miner_hashrate_ehs=year_end_hashrate_ehs,
    operational_efficiency=operational_efficiency, q1_network_hashrate_ehs=q1_network_hashrate_ehs,
    fees_per_block_btc=fees_per_block_btc,
)
is_seed_case = case == ml.halving.SEED_000
days_q1 = ml.days_in_quarter(case.q1_quarter)  # [days]
days_q4 = ml.days_in_quarter(case.q4_quarter)  # [days]
q4_average_ehs = ml.quarter_average_hashrate_ehs(q1_miner_hashrate_ehs, year_end_hashrate_ehs, ramp=q4_ramp,
                                                 start_quarter=case.q1_quarter, end_quarter=case.q4_quarter)
q1_network_btc_per_day = ml.network_btc_per_day(case.q1_block_subsidy_btc, case.fees_per_block_btc)  # [BTC/day]
q4_network_btc_per_day = ml.network_btc_per_day(case.q4_block_subsidy_btc, case.fees_per_block_btc)  # [BTC/day]
rest_of_network_ehs = q1_network_hashrate_ehs - q1_miner_hashrate_ehs - second_tier_start_ehs  # [EH/s]
if rest_of_network_ehs < 0:
    raise ValueError(f"q1_miner_hashrate_ehs + second_tier_start_ehs exceed q1_network_hashrate_ehs="
                     f"{q1_network_hashrate_ehs!r} [EH/s]")
case_words = ("seed 000's case" if is_seed_case else "seed 000's case with this report's parameters")
q1_btc = float(ml.q4_projection(0.0, **case)["q1_btc"].iloc[0])  # modelled Q1 production [BTC]

# %% [markdown]
# ## 1. Network reward capture in Q1
#
# A miner with hashrate $m$ on a network of hashrate $N$ expects the fraction $m/N$ of the blocks. At
# 144 blocks a day, each paying the subsidy $s$ plus fees $f$, over a quarter of $d$ days, a miner that
# turns the fraction $e$ of that expectation into reward (its *operational efficiency*: uptime,
# curtailment, stale shares, pool luck) mines
#
# $$\mathrm{BTC} = \frac{m}{N} \times 144 \times (s + f) \times d \times e$$
#
# The seed gives CleanSpark's hashrate and efficiency but not the BTC it mined in Q1: the Q1 figure is
# **modelled**. For Cipher it is the other way round.

# %%
q1_network_btc = q1_network_btc_per_day * days_q1  # [BTC]
q1_share = float(ml.share_of_issuance(q1_btc, q1_network_btc))  # [fraction]
headline("q1_btc", q1_btc, unit="BTC", fmt="{:,.0f}", label="Q1 BTC mined (modelled, seed 000)")

# %%
display(Markdown(
    f"CleanSpark at **{q1_miner_hashrate_ehs:.1f} EH/s** on a **{q1_network_hashrate_ehs:,.0f} EH/s** network, "
    f"{q1_network_btc_per_day:,.0f} BTC a day over the {days_q1} days of Q1 2024 at {operational_efficiency:.0%} "
    f"efficiency, is modelled to mine **{q1_btc:,.0f} BTC**: {q1_share:.2%} of the {q1_network_btc:,.0f} BTC "
    f"the network earned ({case_words})."
))

# %% [markdown]
# ### Cipher: what its 924 BTC imply
#
# Without Cipher's hashrate we cannot compute its efficiency, but we can compute its **effective
# hashrate** $m_{\mathrm{eff}}$ - the hashrate that, captured at 100%, earns the reported BTC - and from
# it Cipher's efficiency at any hashrate we might assume:
#
# $$m_{\mathrm{eff}} = \frac{\mathrm{BTC} \times N}{144 \times (s + f) \times d}, \qquad e(m) = \frac{m_{\mathrm{eff}}}{m}$$
#
# Cipher's efficiency is below CleanSpark's exactly when its hashrate exceeds $m_{\mathrm{eff}} / e_{\mathrm{CLSK}}$.

# %%
q1_reward_btc = case.q1_block_subsidy_btc + case.fees_per_block_btc  # [BTC/block]
cipher_effective_ehs = float(ml.implied_miner_hashrate_ehs(cipher_q1_btc, q1_network_hashrate_ehs, days_q1,
                                                           q1_reward_btc))
cipher_threshold_ehs = float(ml.implied_miner_hashrate_ehs(
    cipher_q1_btc, q1_network_hashrate_ehs, days_q1, q1_reward_btc, operational_efficiency=operational_efficiency))
cipher_hashrates = np.linspace(0.9 * cipher_effective_ehs, 1.6 * cipher_effective_ehs, 57)  # hypothetical [EH/s]
cipher_eff = ml.implied_operational_efficiency(cipher_q1_btc, cipher_hashrates, q1_network_hashrate_ehs, days_q1,
                                               q1_reward_btc)

fig, ax = plt.subplots(figsize=(6.8, 3.4))
ax.plot(cipher_hashrates, cipher_eff, label="Cipher: implied efficiency")
ax.axhline(operational_efficiency, color="C1", ls="--", label=f"CleanSpark: {operational_efficiency:.0%}")
ax.axvline(cipher_threshold_ehs, color="grey", ls=":", lw=1)
ax.set(xlabel="Assumed Cipher Q1 hashrate [EH/s]", ylabel="Implied efficiency [%]",
       title="Cipher's efficiency depends on a hashrate the seed does not give")
percent_axis(ax)
unit_axis(ax, "EH/s", axis="x", decimals=1)
ax.legend(loc="upper right")
plt.show()

# %%
display(Markdown(
    f"Cipher's **{cipher_q1_btc:,.0f} BTC** equal the expected reward of **{cipher_effective_ehs:.2f} EH/s** captured "
    f"at 100%. If its average Q1 hashrate was above **{cipher_threshold_ehs:.2f} EH/s** (dotted line), its "
    f"efficiency was below CleanSpark's {operational_efficiency:.0%}, as the seed asserts (\"CLSK demonstrates "
    f"slightly higher effective efficiency\"); below it the claim would be false. The seed does not give Cipher's "
    f"Q1 hashrate. Like the seed we use the quarter-end network ({q1_network_hashrate_ehs:,.0f} EH/s) for the "
    f"whole quarter; if the network grew during Q1 its average was lower and these efficiencies are overstated."
))

# %% [markdown]
# ## 2. Q4 production under network and target scenarios
#
# After the halving each block pays $s_4 + f$ instead of $s_1 + f$. The miner makes up for it only by
# growing its hashrate to $m_4$ faster than the network grows to $N_4 = N_1 (1 + c)$. Dividing Q4 by Q1,
# everything but the ratios cancels:
#
# $$\frac{Q_4}{Q_1} = \frac{m_4}{m_1} \cdot \frac{1}{1+c} \cdot \frac{s_4 + f}{s_1 + f} \cdot \frac{d_4}{d_1} \cdot \frac{e_4}{e_1}$$
#
# Here $d_1$ and $d_4$ are the calendar days of the two quarters, and $m_4$ is the year-end target, as in
# the seed; section 4 revisits both.

# %%
proj = ml.q4_projection(network_change=network_change, **{**case, "q4_miner_hashrate_ehs": target_hashrates})
at_target = proj[np.isclose(proj["q4_miner_hashrate_ehs"], year_end_hashrate_ehs)]
q4_flat_btc = float(at_target.loc[np.isclose(at_target["network_change"], 0.0), "q4_btc"].iloc[0])  # [BTC]
q4_flat_ratio = q4_flat_btc / q1_btc  # [ratio]
n_above = int((proj["q4_over_q1"] >= 1).sum())
n_scenarios = len(proj)
reader_table(at_target, {
    "network_change": Col("Network change", percent=True, decimals=0, sign=True),
    "q4_network_hashrate_ehs": Col("Q4 network", "EH/s", fmt=",.0f"),
    "q4_btc": Col("Q4 production", "BTC", fmt=",.0f"),
    "q4_over_q1": Col("Q4 / Q1", fmt=".3f"),
}, caption=f"Table 1. CleanSpark's Q4 production at {year_end_hashrate_ehs:g} EH/s (Q1: {q1_btc:,.0f} BTC, modelled).")

# %%
grid = proj.pivot(index="network_change", columns="q4_miner_hashrate_ehs", values="q4_over_q1")
grid.index = [ml.tables.format_percent(c, decimals=0, sign=True) for c in grid.index]
grid.columns = [f"{m:g}" for m in grid.columns]
fig, ax = plt.subplots(figsize=(6.4, 4.0))
sns.heatmap(grid, annot=True, fmt=".2f", cmap="RdBu", center=1.0, linewidths=0.5, annot_kws={"fontsize": 7},
            cbar_kws={"label": "Q4 / Q1 [ratio]"}, ax=ax)
ax.set(xlabel="Q4 miner hashrate [EH/s]", ylabel="Network change Q1 to Q4 [%]", title="Q4 production relative to Q1")
plt.show()
headline("q4_btc_flat_network", q4_flat_btc, unit="BTC", fmt="{:,.0f}",
         label="Q4 BTC at flat network (year-end target as Q4 hashrate, calendar days)")

# %%
offset_words = ("more than offsets" if q4_flat_ratio >= 1 else
                "does not quite offset" if q4_flat_ratio >= 0.95 else "does not offset")
miner_growth = year_end_hashrate_ehs / q1_miner_hashrate_ehs - 1  # [fraction]
reward_cut = 1 - q4_network_btc_per_day / q1_network_btc_per_day  # [fraction]
display(Markdown(
    f"The heatmap shows Q4 production as a multiple of Q1 for each network change (rows) and Q4 hashrate "
    f"(columns); blue cells are above 1. {n_above} of the {n_scenarios} scenarios are blue. At "
    f"{year_end_hashrate_ehs:g} EH/s and a flat network Q4 yields **{q4_flat_btc:,.0f} BTC**, {q4_flat_ratio:.1%} of "
    f"Q1: growing the hashrate by {miner_growth:.0%} {offset_words} the {reward_cut:.0%} cut in network reward."
))

# %% [markdown]
# ## 3. The break-even network change
#
# Setting $Q_4 = Q_1$ and solving for $c$ gives the network change at which the miner just holds its
# production:
#
# $$c^{*} = \frac{m_4}{m_1} \cdot \frac{s_4 + f}{s_1 + f} \cdot \frac{d_4}{d_1} \cdot \frac{e_4}{e_1} - 1$$
#
# A negative $c^{*}$ means the network must shrink. The seed: *"If total network hash rate drops just 5%
# from Q1's 566 EH level, CleanSpark will mine the same amount of BTC in Q4 as it did in Q1."*

# %%
breakeven = float(ml.breakeven_network_change(**case))  # [fraction]
breakeven_seed_days = float(ml.breakeven_network_change(**case, days_q1=seed_days_per_quarter,
                                                        days_q4=seed_days_per_quarter))  # [fraction]
q4_over_q1_minus5 = float(ml.q4_projection(network_change=-0.05, **case)["q4_over_q1"].iloc[0])  # [ratio]
ok_steps = at_target.loc[(at_target["network_change"] <= 0) & (at_target["q4_over_q1"] >= 1), "network_change"]
first_step = float(ok_steps.max()) if len(ok_steps) else None  # [fraction]
breakeven_network_ehs = q1_network_hashrate_ehs * (1 + breakeven)  # [EH/s]
headline("breakeven_network_change", 100 * breakeven, unit="%", fmt="{:+.2f}",
         label="Break-even network change (year-end target as Q4 hashrate, calendar days, no fees)")
headline("q4_over_q1_at_minus_5pct", q4_over_q1_minus5, unit="x", fmt="{:.3f}",
         label="Q4/Q1 at -5% network (calendar days)")

# %%
fine = np.linspace(network_change_min_pct / 100, network_change_max_pct / 100, 121)
curve = ml.q4_projection(network_change=fine, **case)
fig, ax = plt.subplots(figsize=(6.8, 3.4))
ax.plot(curve["network_change"], curve["q4_btc"], label=f"Q4 at {year_end_hashrate_ehs:g} EH/s")
ax.axhline(q1_btc, color="C1", ls="--", label="Q1 (modelled)")
ax.plot(at_target["network_change"], at_target["q4_btc"], "o", color="C0", ms=4,
        label=f"{network_change_step_pct:g}% grid")
ax.axvline(breakeven, color="grey", ls=":", lw=1)
ax.set(xlabel="Network change Q1 to Q4 [%]", ylabel="BTC mined in the quarter [BTC]",
       title="Q4 production against the network's change")
percent_axis(ax, axis="x")
unit_axis(ax, "BTC")
ax.legend(loc="upper right")
plt.show()

# %%
grid_words = ("no step of the grid between 0% and its lowest change gives Q4 >= Q1" if first_step is None else
              f"the first {network_change_step_pct:g}% step of the grid at which Q4 >= Q1 is a "
              f"{abs(first_step):.0%} drop" if first_step < 0 else "a flat network already gives Q4 >= Q1")
display(Markdown(
    f"Q4 (line) crosses Q1 (dashed) at the break-even (dotted): **{breakeven:+.2%}**, a network of "
    f"{breakeven_network_ehs:,.1f} EH/s. On the article's way of reading a table, {grid_words}. The seed's "
    f"\"5%\" reads like such a step, not the root: at -5% Q4/Q1 is {q4_over_q1_minus5:.3f}."
))

# %%
by_target = ml.breakeven_network_change(**{**case, "q4_miner_hashrate_ehs": target_hashrates})
targets_table = pd.DataFrame({"growth": target_hashrates / q1_miner_hashrate_ehs - 1, "breakeven": by_target,
                              "network_ehs": q1_network_hashrate_ehs * (1 + by_target)},
                             index=pd.Index(target_hashrates, name="q4_miner_hashrate_ehs"))
targets_table.index = [f"{m:g}" for m in target_hashrates]
reader_table(targets_table, {"growth": Col("Growth on Q1", percent=True, decimals=0, sign=True),
                             "breakeven": Col("Break-even network change", percent=True, decimals=2, sign=True),
                             "network_ehs": Col("Break-even network", "EH/s", fmt=",.1f")},
             index="Q4 hashrate [EH/s]", caption="Table 2. Break-even network change by Q4 hashrate (calendar days).")

# %% [markdown]
# ## 4. Three conventions the seed leaves implicit
#
# **Days.** The seed gives "~91 days" for Q1 and compares equal quarters. The calendar gives each
# quarter its own days (Q1 2024 has a leap-year February), and the ratio moves by $d_4/d_1$.
#
# **The year-end target.** "32 EH by year-end" is the hashrate at the *end* of Q4. Using it for the whole
# quarter (the quarter-end convention) overstates Q4: a miner that grows to its target during the year
# averages less. We state a ramp from the Q1 level at the end of Q1 to the target at the end of Q4 and
# take its Q4 average, $\bar m_4 = \frac{1}{d_4}\int_{Q_4} m(t)\,dt$:
#
# $$m(t) = m_1 + (m_e - m_1)\frac{t}{T} \;\text{(linear)}, \qquad m(t) = m_1 \left(\frac{m_e}{m_1}\right)^{t/T} \;\text{(exponential)}$$
#
# with $t$ counted from the end of Q1 and $T$ the days to the end of Q4.
#
# **Fees.** The halving halves the subsidy, not the fees. With fees $f$ per block the reward ratio is
# $(s_4 + f)/(s_1 + f)$, above one half.

# %%
ramp_labels = {"quarter_end": "Calendar days, year-end target for all of Q4",
               "linear": "Calendar days, Q4 average of a linear ramp",
               "exponential": "Calendar days, Q4 average of an exponential ramp"}
q4_by_ramp = pd.Series({ramp_labels[r]: ml.quarter_average_hashrate_ehs(
    q1_miner_hashrate_ehs, year_end_hashrate_ehs, ramp=r, start_quarter=case.q1_quarter, end_quarter=case.q4_quarter)
    for r in ml.halving.RAMPS})  # [EH/s]
conv = pd.DataFrame({"q4_miner_hashrate_ehs": q4_by_ramp,
                     "breakeven": ml.breakeven_network_change(**{**case, "q4_miner_hashrate_ehs": q4_by_ramp})})
conv.loc["Seed: ~91 days each, year-end target for all of Q4"] = [year_end_hashrate_ehs, breakeven_seed_days]
conv = conv.iloc[[-1, 0, 1, 2]]
breakeven_q4_average = float(conv.loc[ramp_labels[q4_ramp], "breakeven"])  # [fraction]
headline("breakeven_network_change_q4_average", 100 * breakeven_q4_average, unit="%", fmt="{:+.2f}",
         label=f"Break-even network change (Q4 average of a {q4_ramp} ramp to the year-end target, calendar days)")
reader_table(conv, {"q4_miner_hashrate_ehs": Col("Q4 hashrate", "EH/s", fmt=".2f"),
                    "breakeven": Col("Break-even network change", percent=True, decimals=2, sign=True)},
             index="Convention", caption="Table 3. Break-even under each reading of the days and the target.")

# %%
fee_grid = np.linspace(0.0, 0.5, 51)  # [BTC/block]
reward_ratio = (ml.network_btc_per_day(case.q4_block_subsidy_btc, fee_grid)
                / ml.network_btc_per_day(case.q1_block_subsidy_btc, fee_grid))  # Q4/Q1 reward per block [ratio]
what_if_ratio = float(ml.network_btc_per_day(case.q4_block_subsidy_btc, what_if_fees_per_block_btc)
                      / ml.network_btc_per_day(case.q1_block_subsidy_btc, what_if_fees_per_block_btc))  # [ratio]
breakeven_with_fees = float(ml.breakeven_network_change(**{**case, "fees_per_block_btc": what_if_fees_per_block_btc}))
headline("breakeven_network_change_with_fees", 100 * breakeven_with_fees, unit="%", fmt="{:+.2f}",
         label=f"Break-even network change with {what_if_fees_per_block_btc:g} BTC fees per block (ASSUMPTION)")
fig, ax = plt.subplots(figsize=(6.8, 3.0))
ax.plot(fee_grid, reward_ratio)
ax.axhline(0.5, color="grey", ls=":", lw=1)
ax.plot([what_if_fees_per_block_btc], [what_if_ratio], "o", color="C3")
ax.set(xlabel="Fees per block [BTC/block]", ylabel="Q4 / Q1 reward per block [ratio]",
       title="The halving halves the subsidy, not the fees")
plt.show()

# %%
display(Markdown(
    f"Table 3 gives the break-even under each reading. Counting Q1's {days_q1} and Q4's {days_q4} days moves it "
    f"from {breakeven_seed_days:+.2%} to **{breakeven:+.2%}**. Reading the {year_end_hashrate_ehs:g} EH/s target as "
    f"the end point of a {q4_ramp} ramp, Q4 averages {q4_average_ehs:.2f} EH/s and the break-even becomes "
    f"**{breakeven_q4_average:+.2%}**. The chart shows the Q4/Q1 reward per block against fees: "
    f"{what_if_ratio:.3f} at {what_if_fees_per_block_btc:g} BTC a block (dot), not 0.5. With those fees (an "
    f"ASSUMPTION; no seed gives 2024 fees) and the year-end target the break-even becomes {breakeven_with_fees:+.2%}."
))

# %% [markdown]
# ## 5. The growth race: top tier vs second tier
#
# The seed: *"If second-tier miners grow slower than top-tier ones (e.g., <80% vs. >95%), their share of
# newly minted BTC will shrink - even if absolute output increases slightly."* With every participant
# growing geometrically at its own rate $g$, a miner's share is
#
# $$s_i(t) = \frac{m_i(0)\,(1+g_i)^t}{\sum_j m_j(0)\,(1+g_j)^t + R(0)\,(1+g_R)^t}$$
#
# where $R$ is the rest of the network. The stated targets imply, over $T$ years, the compound growth
# $g = (m_{\mathrm{end}} / m_{\mathrm{start}})^{1/T} - 1$.

# %%
clsk_growth = float(ml.annualized_growth(q1_miner_hashrate_ehs, year_end_hashrate_ehs, clsk_target_years))
cipher_growth = float(ml.annualized_growth(cipher_q3_2024_target_ehs, cipher_end_2025_target_ehs,
                                           cipher_target_years))
targets = pd.DataFrame({
    "start_ehs": [q1_miner_hashrate_ehs, cipher_q3_2024_target_ehs],
    "end_ehs": [year_end_hashrate_ehs, cipher_end_2025_target_ehs],
    "years": [clsk_target_years, cipher_target_years],
    "annual_growth": [clsk_growth, cipher_growth],
}, index=pd.Index(["CleanSpark", "Cipher"], name="miner"))
reader_table(targets, {"start_ehs": Col("Start", "EH/s", fmt="g"), "end_ehs": Col("Target", "EH/s", fmt="g"),
                       "years": Col("Over", "years", fmt="g"),
                       "annual_growth": Col("Annualised growth", percent=True, decimals=0)},
             index="Miner", caption="Table 4. Growth implied by the targets in seed 000.")

# %%
pace_words = "falls short of" if cipher_growth < clsk_growth else "matches or beats"
display(Markdown(
    f"Annualised, CleanSpark's target is **{clsk_growth:.0%} a year** and Cipher's **{cipher_growth:.0%}**: Cipher's "
    f"plan {pace_words} CleanSpark's pace. The race below uses the article's stylised rates "
    f"({top_tier_growth_pct:g}% and {second_tier_growth_pct:g}%) as annual rates."
))

# %%
top, second = "Top tier (CleanSpark)", "Second tier (Cipher-like)"
race_kw = dict(miner_hashrate_ehs={top: q1_miner_hashrate_ehs, second: second_tier_start_ehs},
               miner_annual_growth={top: top_tier_growth_pct / 100, second: second_tier_growth_pct / 100},
               rest_of_network_ehs=rest_of_network_ehs, years=race_years, steps_per_year=4,
               network_btc_per_day=q4_network_btc_per_day)
race = ml.growth_race(rest_annual_growth=rest_of_network_growth_pct / 100, **race_kw)
named = race[race["miner"] != "rest of network"]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.8, 3.4))
sns.lineplot(data=named, x="years", y="share", hue="miner", marker="o", ms=4, ax=ax1, legend=False)
sns.lineplot(data=named, x="years", y="btc", hue="miner", marker="o", ms=4, ax=ax2)
ax1.set(xlabel="Years from start [years]", ylabel="Share of new BTC [%]", title="Share of issuance")
ax2.set(xlabel="Years from start [years]", ylabel="BTC per quarter [BTC]", title="BTC mined per quarter")
percent_axis(ax1, decimals=1)
ax2.legend(title=None, fontsize=8, loc="upper left")
plt.show()

# %%
ends = named.groupby("miner").agg(share_start=("share", "first"), share_end=("share", "last"),
                                  btc_start=("btc", "first"), btc_end=("btc", "last"))
second_share_start, second_share_end = ends.loc[second, "share_start"], ends.loc[second, "share_end"]
top_share_start, top_share_end = ends.loc[top, "share_start"], ends.loc[top, "share_end"]
network_path = race.groupby("step")["network_hashrate_ehs"].first()
network_growth = float(ml.annualized_growth(network_path.iloc[0], network_path.iloc[-1], race_years))
share_verb = "shrinks" if second_share_end < second_share_start else "grows"
display(Markdown(
    f"The panels follow the race at constant post-halving issuance ({q4_network_btc_per_day:,.0f} BTC a day). Over "
    f"{race_years:g} years the second tier's share {share_verb} from {second_share_start:.2%} to "
    f"{second_share_end:.2%}, the top tier's goes from {top_share_start:.2%} to {top_share_end:.2%}, and the whole "
    f"network grows {network_growth:.0%} a year. A share shrinks when a miner grows slower than the **network**, not "
    f"than the leader. The rest of the network's {rest_of_network_growth_pct:g}% a year is our ASSUMPTION, so "
    f"Table 5 varies it."
))

# %%
rest_growths = np.array(sorted({0.0, 0.25, 0.5, 0.8, 1.0, rest_of_network_growth_pct / 100}))  # [fraction/year]
shares = []
for g_rest in rest_growths:
    s = ml.growth_race(rest_annual_growth=g_rest, **race_kw)
    s = s[s["miner"] == second]
    shares.append((s["share"].iloc[0], s["share"].iloc[-1], s["btc"].iloc[-1] / s["btc"].iloc[0] - 1))
by_rest = pd.DataFrame(shares, columns=["share_start", "share_end", "btc_change"],
                       index=pd.Index(rest_growths, name="rest_growth"))
by_rest.index = [ml.tables.format_percent(g, decimals=0) for g in by_rest.index]
reader_table(by_rest, {"share_start": Col("Second-tier share, start", percent=True, decimals=2),
                       "share_end": Col("Second-tier share, end", percent=True, decimals=2),
                       "btc_change": Col("Change in BTC per quarter", percent=True, decimals=0, sign=True)},
             index="Rest-of-network growth per year",
             caption=f"Table 5. The second tier after {race_years:g} years, by the growth of everyone else.")

# %% [markdown]
# ## Reading
#
# * **Q1.** CleanSpark's Q1 production is a model output; Cipher's efficiency comparison hinges on a
#   hashrate the seed does not give.
# * **Q4.** The exact break-even answers the seed's question; its "~5%" is a step of a scenario grid.
#   The answer depends on conventions the seed does not state: the calendar's 92 days of Q4, whether a
#   year-end target is the quarter's hashrate or its end point, and fees, which the halving leaves alone.
# * **Growth race.** A second-tier miner loses share when it grows slower than the network; growing slower
#   than the leader always loses ground to the leader, but not necessarily share.
