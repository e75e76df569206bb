# %% [markdown]
# # Network history: difficulty, hashrate and hashprice since 2020
#
# How have the network's difficulty, its hashrate and the revenue of one unit of hashrate (hashprice)
# moved since 2020, across the 2020 and 2024 halvings? How large are the difficulty adjustments, and how
# deep was the hashprice drawdown from the July 2025 high that seeds `003_51347cbd2f4016cb.txt` and
# `004_57c45d30c358cac2.txt` describe? Hashprice here is Luxor's: the expected revenue of 1 PH/s for a day
# at that day's difficulty (the *difficulty form*); where a number is in another form, or quoted from an
# article, the text says so.

# %% tags=["parameters"]
source: str = "snapshot"  # "snapshot" (shipped, offline) or "refreshed" (the cache `make refresh` fills) [-]
start_date: str = "2020-01-01"  # first day shown [YYYY-MM-DD, UTC]
end_date: str = "latest"  # last day shown [YYYY-MM-DD, UTC], or "latest" [-]

# %%
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

import minelib as ml
from minelib._validate import check_date
from minelib.live import difficulty_epochs, load_network_history
from minelib.plotting import unit_axis, usd_axis, use_house_style
from minelib.reports import headline
from minelib.tables import Col, reader_table

use_house_style()

# --- derive and validate (papermill injects only the literals above) -----------------
if source not in ("snapshot", "refreshed"):
    raise ValueError(f"source={source!r} is not one of ['snapshot', 'refreshed']")
start = check_date("start_date", start_date)  # a ValueError names the parameter on a bad date
end = None if end_date == "latest" else check_date("end_date", end_date)
if end is not None and end < start:
    raise ValueError(f"end_date={end_date!r} is before start_date={start_date!r}")

hist = load_network_history(source, start=start, end=end)
is_snapshot = bool(hist.attrs["is_snapshot"])
data_version = hist.attrs["data_version"]
last = end if end is not None else pd.Timestamp.max  # [date]
halvings = ml.load_halvings().query("start_date >= @start and start_date <= @last")
seed_figures = ml.load_network_snapshots().query("not is_assumption")  # every stated figure, any date
seeds = seed_figures.query("date >= @start and date <= @last")  # those in the window shown
first_day, last_day = hist["date"].min(), hist["date"].max()
T = ml.units.TRILLION  # difficulty is quoted in T

# %%
n_rows, n_halvings = len(hist), len(halvings)
fallback = source == "refreshed" and is_snapshot
if is_snapshot:
    display(Markdown(
        f"**What this report is built on.** The shipped snapshot (`data/network_history_snapshot.csv`, "
        f"version `{data_version[:21]}…`): {n_rows} dated rows from {first_day:%d %b %Y} to {last_day:%d %b %Y}, "
        f"drawn from the network figures the seed articles state (Table 1) and the {n_halvings} halving dates "
        f"of the protocol, months apart, with nothing between them."
        + (" A refreshed history was asked for, but no refreshed cache was found, so the report fell back to "
           "the snapshot." if fallback else "")
        + " So this report shows the known points as sourced tables and draws no time series.\n\n"
        f"**What `make refresh` adds.** It downloads the daily network history (Coin Metrics; mempool.space or "
        f"blockchain.com if that fails) into `.cache/network/`. Rerun this report with `-p source refreshed` and it "
        f"adds daily charts of hashrate and difficulty since {start:%Y} with the halvings, the distribution of "
        f"every difficulty adjustment, the daily difficulty-form hashprice with and without fees, and the "
        f"drawdown from the July 2025 high measured on that daily series."))
else:
    display(Markdown(
        f"**What this report is built on.** The refreshed cache from `{hist.attrs['source']}` (version "
        f"`{data_version[:24]}…`): {n_rows:,} daily rows from {first_day:%d %b %Y} to {last_day:%d %b %Y}."))

# %% [markdown]
# ## 1. Hashrate and difficulty
#
# Difficulty is what the protocol adjusts every 2,016 blocks so that blocks keep coming about every 600
# seconds; hashrate is what the miners bring, and nobody observes it. At the 600-second target the two are
# tied by
#
# $$H = \frac{D \times 2^{32}}{600\ \mathrm{s}}$$
#
# so the hashrate the difficulty implies is a smoothed, two-week-lagged reading of the hashrate actually
# deployed; the hashrate figures the press quotes are estimates from recent block times.

# %%
how_words = {"stated": "", "approx": "about ", "lower_bound": "more than ", "upper_bound": "less than "}
basis_words = {"point": "", "seven_day_avg": " (7-day average)", "peak": " (peak)", "trough": " (low)",
               "before_change": " (before the adjustment)", "after_change": " (after the adjustment)"}
quantity = {"hashrate_ehs": ("Network hashrate", lambda v: f"{v:,.0f} EH/s"),
            "difficulty": ("Difficulty", lambda v: f"{v / T:,.2f} T"),
            "price_usd": ("BTC price", lambda v: f"${v:,.0f}"),
            "hashprice_usd_per_ph_day": ("Hashprice, quoted", lambda v: f"${v:,.2f}/PH/day")}
known = seeds[seeds["metric"].isin(list(quantity))].sort_values(["date", "metric"]).copy()
known["when"] = known["date"].dt.strftime("%d %b %Y") + " (" + known["date_precision"].astype(str) + ")"
known["what"] = [quantity[m][0] for m in known["metric"]]
known["figure"] = [how_words[q] + quantity[m][1](v) + basis_words.get(b, f" ({b})")
                   for m, v, q, b in zip(known["metric"], known["value"], known["qualifier"], known["basis"])]
known["seed"] = known["source"].str[:3]
known_points = known.set_index("when")[["what", "figure", "seed"]]
reader_table(known_points, {"what": Col("Quantity"), "figure": Col("Figure, as the article states it"),
                            "seed": Col("Seed")}, index="Date (precision)",
             caption="Table 1. The network figures the seed articles state since "
                     f"{start:%Y} (data/network_snapshots.csv; dates inferred where the precision says so).")

# %%
# the first and the last point estimate of the hashrate (seeds 000 and 003): notebooks 05 and 09-12 grow the
# network at this rate
trend = ml.montecarlo.trend_drift_from_snapshots(seed_figures)
hashrate_first, hashrate_last = trend["first_ehs"], trend["last_ehs"]  # [EH/s]
first_date, last_date = trend["first_date"], trend["last_date"]  # [date]
hashrate_years = trend["years"]  # [years]
hashrate_factor = hashrate_last / hashrate_first  # [-]
hashrate_growth = trend["growth_per_year"]  # compounded yearly [fraction per year]
latest_difficulty = float(seed_figures.query("metric == 'difficulty' and date == @last_date and basis == 'after_change'")
                          ["value"].item())  # on the same day [dimensionless]
latest_difficulty_t = latest_difficulty / T  # [T]
implied_latest_ehs = float(ml.hashrate_from_difficulty_ehs(latest_difficulty))  # [EH/s]
quoted_vs_implied = hashrate_last / implied_latest_ehs - 1  # [fraction]
headline("latest_hashrate_ehs", hashrate_last if is_snapshot else float(hist.dropna(subset=["hashrate_ehs"])
                                                                       ["hashrate_ehs"].iloc[-1]),
         unit="EH/s", fmt="{:,.0f}",
         label=(f"Network hashrate on {last_date:%d %b %Y}, as quoted (seed 003, an estimate)" if is_snapshot
                else f"Network hashrate on {last_day:%d %b %Y}, {hist.attrs['source']} estimate"))
display(Markdown(
    f"The two point estimates of the hashrate the seeds give rise from {hashrate_first:,.0f} EH/s on "
    f"{first_date:%d %b %Y} to {hashrate_last:,.0f} EH/s on {last_date:%d %b %Y}: a factor of "
    f"{hashrate_factor:.2f} in {hashrate_years:.1f} years, {hashrate_growth:.1%} a year compounded. On the later "
    f"date the difficulty of {latest_difficulty_t:,.1f} T implies {implied_latest_ehs:,.0f} EH/s at 600-second "
    f"blocks, so the quoted {hashrate_last:,.0f} EH/s is {quoted_vs_implied:+.0%} from the protocol's reading: "
    f"quoted hashrates are estimates, and this report does not mix them with the difficulty."
))

# %%
if not is_snapshot:
    hr = hist.dropna(subset=["hashrate_ehs"])
    fig, (ax1, ax2) = plt.subplots(2, 1, sharex=True, figsize=(6.8, 5.0))
    ax1.plot(hr["date"], hr["hashrate_ehs"], lw=1.0, label="network hashrate (estimate)")
    d = hist.dropna(subset=["difficulty"])
    ax1.plot(d["date"], ml.hashrate_from_difficulty_ehs(d["difficulty"]), lw=1.0, alpha=0.8,
             label="implied by the difficulty")
    ax1.set_ylabel("Hashrate [EH/s]")
    unit_axis(ax1, "EH/s")
    ax1.legend(loc="best", fontsize=8)
    ax2.plot(d["date"], d["difficulty"] / T, color="C2", lw=1.0)
    ax2.set(ylabel="Difficulty [T]", xlabel="Date (UTC)", xlim=(max(start, first_day), last_day))
    for ax in (ax1, ax2):
        for r in halvings.itertuples():
            ax.axvline(r.start_date, color="grey", ls="--", lw=0.8)
    ax2.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax2.xaxis.get_major_locator()))
    ax1.set_title("Network hashrate and difficulty (dashed: halvings)")
    plt.show()
    display(Markdown(
        f"Daily hashrate went from {float(hr['hashrate_ehs'].iloc[0]):,.0f} EH/s on {hr['date'].iloc[0]:%d %b %Y} "
        f"to {float(hr['hashrate_ehs'].iloc[-1]):,.0f} EH/s on {hr['date'].iloc[-1]:%d %b %Y}."))

# %% [markdown]
# ## 2. How large are the difficulty adjustments?
#
# Each retarget multiplies the difficulty by the ratio of the expected to the actual time the last 2,016
# blocks took (measured over their 2,015 intervals), clamped to a factor of 4 either way:
#
# $$D_{n+1} = D_n \times \frac{2016 \times 600\ \mathrm{s}}{t_{\mathrm{actual}}}$$

# %%
pairs = (seed_figures[seed_figures["metric"].eq("difficulty") & seed_figures["basis"].isin(["before_change", "after_change"])]
         .pivot_table(index=["date", "source"], columns="basis", values="value", aggfunc="first")
         .dropna().reset_index())
pairs["change"] = pairs["after_change"] / pairs["before_change"] - 1
pairs["epoch_days"] = ml.TARGET_TIMESPAN_S / ml.units.SECONDS_PER_DAY / (1 + pairs["change"])  # what it took [days]
pairs["when"] = pairs["date"].dt.strftime("%d %b %Y") + ", seed " + pairs["source"].str[:3]
adjustments = pairs.set_index("when")[["before_change", "after_change", "change", "epoch_days"]] / [T, T, 1, 1]
largest_drop = pairs.loc[pairs["change"].idxmin()]
largest_drop_pct, largest_drop_when = float(largest_drop["change"]), largest_drop["when"]
largest_drop_days = float(largest_drop["epoch_days"])  # [days]
n_pairs = len(pairs)
if is_snapshot:
    display(reader_table(adjustments, {"before_change": Col("Before", "T", fmt=",.2f"),
                                       "after_change": Col("After", "T", fmt=",.2f"),
                                       "change": Col("Change", percent=True, sign=True),
                                       "epoch_days": Col("The epoch took", "days", fmt=",.1f")},
                         index="Adjustment", caption="Table 2. The difficulty adjustments the seeds report "
                                                     "(before and after), and what the epoch before took."))
    display(Markdown(
        f"The seeds report {n_pairs} adjustments with both levels; the larger drop, {largest_drop_pct:+.1%} "
        f"({largest_drop_when}), means the epoch before it took {largest_drop_days:.1f} days instead of 14: "
        f"hashrate left the network. Two dated levels say nothing of the adjustments between them, so the "
        f"snapshot gives no distribution; `make refresh` gives every adjustment since {start:%Y}."))
else:
    epochs = difficulty_epochs(hist, min_days=2)
    changes = epochs["ratio"].dropna() - 1.0  # [fraction]
    n_changes, n_down = len(changes), int((changes < 0).sum())
    median_change = float(changes.median())  # [fraction]
    big = epochs.loc[epochs["ratio"].idxmin()]
    big_change = float(big["ratio"]) - 1  # [fraction]
    big_words = "the largest drop" if big_change < 0 else "the smallest increase"
    fig, ax = plt.subplots(figsize=(6.8, 3.2))
    ax.hist(changes * 100, bins=30, color="C0", edgecolor="white")
    ax.axvline(0, color="grey", lw=0.8)
    ax.set(xlabel="Difficulty change at a retarget [%]", ylabel="Adjustments", title="Difficulty adjustments")
    plt.show()
    display(Markdown(
        f"{n_changes} adjustments, median {median_change:+.2%}, {n_down} downward; {big_words}, "
        f"{big_change:+.2%}, took effect around {big['date']:%d %b %Y}. Of the adjustments the seeds report, "
        f"the larger drop was {largest_drop_pct:+.1%} ({largest_drop_when})."))

# %% [markdown]
# ## 3. Hashprice: quoted and computed
#
# Luxor's hashprice (and Braiins') is the expected revenue of 1 PH/s for a day at the current difficulty
# $D$, price $P$, subsidy $s$ and mean fees per block $f$ (over the last 144 blocks):
#
# $$h = \frac{P \times 86400 \times 10^{15} \times (s + f)}{D \times 2^{32}}$$
#
# This **difficulty form** is what the workbook calls hashprice. The **hashrate form**,
# $P \times 144 \times (s + f) / H_{\mathrm{PH/s}}$, divides by an estimated hashrate instead; on a daily
# series it carries the estimate's noise (a lucky day with more blocks shows a *lower* hashprice).

# %%
on_day = last_date  # the latest day with a difficulty and a price in the seeds
day = seed_figures[seed_figures["date"] == on_day]
day_price = float(day.query("metric == 'price_usd' and basis == 'point'")["value"].item())  # [USD/BTC]
day_subsidy = float(ml.block_subsidy_btc(ml.last_dated_halving(on_day)[0]))  # [BTC/block]
quoted_hp = day.query("metric == 'hashprice_usd_per_ph_day'").set_index("basis")["value"]
quoted_after, quoted_before = float(quoted_hp["after_change"]), float(quoted_hp["before_change"])  # [USD/PH/day]
computed_hp = float(ml.hashprice_usd_per_ph_day_from_difficulty(day_price, latest_difficulty, day_subsidy))
hashrate_form_hp = float(ml.hashprice_usd_per_ph_day(day_price, hashrate_last, day_subsidy))  # 144 blocks/day
# fees per block that would make the difficulty form reach the quote: the hashrate form at the hashrate the
# difficulty implies at 600 s blocks is the difficulty form, so its inverse answers
fees_needed = float(ml.implied_fees_per_block_btc(quoted_after, day_price, implied_latest_ehs, day_subsidy))
fees_needed_share = fees_needed / day_subsidy  # [fraction of the subsidy]
quoted_vs_computed = quoted_after / computed_hp - 1  # [fraction]
hashprice_rows = pd.DataFrame({
    "value": [quoted_before, quoted_after, computed_hp, hashrate_form_hp],
    "how": ["quoted, seed 003 (before the adjustment; fees included, form not stated)",
            "quoted, seed 003 (after the adjustment; fees included, form not stated)",
            f"computed, difficulty form (Luxor), subsidy only: {latest_difficulty_t:,.1f} T, ${day_price:,.0f}",
            f"computed, hashrate form, subsidy only: {hashrate_last:,.0f} EH/s at 144 blocks a day"]},
    index=["Quoted", "Quoted", "Difficulty form", "Hashrate form"])
display(reader_table(hashprice_rows, {"value": Col("Hashprice", "USD/PH/day", fmt=",.2f"), "how": Col("How")},
                     index="Figure", caption=f"Table 3. Hashprice on {on_day:%d %b %Y}: the article's figure "
                                             f"beside the ones its own numbers give."))
headline("latest_hashprice_usd_per_ph_day", computed_hp, unit="USD/PH/day", fmt="{:,.2f}",
         label=f"Hashprice on {on_day:%d %b %Y}, difficulty form (Luxor), subsidy only, computed from seed 003's "
               f"difficulty and price")
headline("quoted_hashprice_usd_per_ph_day", quoted_after, unit="USD/PH/day", fmt="{:,.2f}",
         label=f"Hashprice on {on_day:%d %b %Y} as quoted by seed 003 (market-derived, fees included, form not "
               f"stated)")
display(Markdown(
    f"Seed 003 quotes **\\${quoted_after:,.2f}/PH/day** (up from \\${quoted_before:,.2f}) on {on_day:%d %b %Y}. "
    f"Its own difficulty and price give **\\${computed_hp:,.2f}/PH/day** in the difficulty form from the subsidy "
    f"alone; the quote is {quoted_vs_computed:+.0%} above it. Fees would close the gap only at "
    f"{fees_needed:.2f} BTC a block, {fees_needed_share:.0%} of the subsidy, which no seed supports (none gives "
    f"fees per block): the quoted figure does not follow from the article's own numbers, and the report keeps "
    f"the two apart. The hashrate form gives \\${hashrate_form_hp:,.2f}, because the quoted {hashrate_last:,.0f} "
    f"EH/s is below the hashrate the difficulty implies."
))

# %%
if not is_snapshot:
    hp = hist.dropna(subset=["hashprice_usd_per_ph_day"])
    latest_hp = hp.iloc[-1]
    fig, ax = plt.subplots(figsize=(6.8, 3.4))
    ax.plot(hp["date"], hp["hashprice_usd_per_ph_day"], lw=1.0, label="with fees")
    ax.plot(hist["date"], hist["hashprice_usd_per_ph_day_ex_fees"], lw=1.0, alpha=0.8, label="subsidy only")
    for r in halvings.itertuples():
        ax.axvline(r.start_date, color="grey", ls="--", lw=0.8)
    usd_axis(ax)
    ax.set(ylabel="Hashprice [USD/PH/day]", xlabel="Date (UTC)", title="Hashprice, difficulty form (dashed: halvings)",
           xlim=(max(start, first_day), last_day))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.legend(loc="best", fontsize=8)
    plt.show()
    headline("latest_data_hashprice_usd_per_ph_day", float(latest_hp["hashprice_usd_per_ph_day"]), unit="USD/PH/day",
             fmt="{:,.2f}", label=f"Hashprice on {latest_hp['date']:%d %b %Y}, difficulty form (Luxor), with fees "
                                  f"({hist.attrs['source']})")
    display(Markdown(
        f"On {latest_hp['date']:%d %b %Y} the difficulty-form hashprice was "
        f"\\${float(latest_hp['hashprice_usd_per_ph_day']):,.2f}/PH/day with fees and "
        f"\\${float(latest_hp['hashprice_usd_per_ph_day_ex_fees']):,.2f} from the subsidy alone; each halving "
        f"halves the subsidy part overnight."))

# %% [markdown]
# ## 4. The drawdown from the July 2025 high
#
# Seed 004 recalls a hashprice "above \$62 per PH/s" in July 2025 and reports it approaching \$40 in late
# 2025. The drawdown from a high is
#
# $$\mathrm{drawdown} = \frac{h_{\mathrm{low}}}{h_{\mathrm{high}}} - 1$$

# %%
quotes = seed_figures.query("metric == 'hashprice_usd_per_ph_day' and source.str.startswith('004')",
                     engine="python").sort_values("date")
july, late = quotes.iloc[0], quotes.iloc[-1]
july_hp, late_hp = float(july["value"]), float(late["value"])  # quoted [USD/PH/day]
seed_drawdown = late_hp / july_hp - 1  # [fraction]
july_words = how_words[july["qualifier"]].strip()
headline("hashprice_drawdown_seed_pct", seed_drawdown * 100, unit="%", fmt="{:+.0f}",
         label="Hashprice drawdown, July 2025 high to late 2025, from seed 004's quoted figures (at least as deep; "
               "form not stated)")
display(Markdown(
    f"From seed 004's quoted figures, {july_words} \\${july_hp:,.0f}/PH/day ({july['date']:%B %Y}) to about "
    f"\\${late_hp:,.0f}/PH/day ({late['date']:%B %Y}) is a drawdown of **{seed_drawdown:.0%}**; since the July "
    f"figure is a lower bound, the fall was at least that deep. These are quoted figures whose form the article "
    f"does not state."
))

# %%
window = hist[hist["date"] >= "2025-07-01"].dropna(subset=["hashprice_usd_per_ph_day"])
july_data = window[window["date"] < "2025-08-01"]
has_daily_july = (not is_snapshot) and len(july_data) >= 20 and len(window) > len(july_data)
if has_daily_july:
    hi = july_data.loc[july_data["hashprice_usd_per_ph_day"].idxmax()]
    lo = window[window["date"] > hi["date"]].pipe(lambda w: w.loc[w["hashprice_usd_per_ph_day"].idxmin()])
    data_drawdown = float(lo["hashprice_usd_per_ph_day"] / hi["hashprice_usd_per_ph_day"] - 1)  # [fraction]
    fig, ax = plt.subplots(figsize=(6.8, 3.2))
    ax.plot(window["date"], window["hashprice_usd_per_ph_day"], lw=1.0)
    ax.scatter([hi["date"], lo["date"]], [hi["hashprice_usd_per_ph_day"], lo["hashprice_usd_per_ph_day"]],
               color="C3", zorder=3)
    usd_axis(ax)
    ax.set(ylabel="Hashprice [USD/PH/day]", xlabel="Date (UTC)", title="Hashprice since July 2025, difficulty form")
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    plt.show()
    headline("hashprice_drawdown_data_pct", data_drawdown * 100, unit="%", fmt="{:+.0f}",
             label="Hashprice drawdown from the July 2025 high, difficulty form with fees (daily data)")
    display(Markdown(
        f"On the daily difficulty-form series the July high was \\${float(hi['hashprice_usd_per_ph_day']):,.2f} "
        f"on {hi['date']:%d %b %Y} and the low after it \\${float(lo['hashprice_usd_per_ph_day']):,.2f} on "
        f"{lo['date']:%d %b %Y}: a drawdown of **{data_drawdown:.0%}**, against {seed_drawdown:.0%} from the "
        f"quoted figures."))
else:
    display(Markdown(
        "This report's data holds no daily hashprice for July 2025 and the months after it, so the drawdown on "
        "the difficulty form cannot be measured here; `make refresh` and `-p source refreshed` measure it on "
        "the daily series, and the quoted figures above are all the snapshot can say."))

# %% [markdown]
# ## Reading
#
# * The snapshot is a handful of figures, each traced to a seed article; the report shows them as such
#   and leaves the daily history to `make refresh`.
# * Difficulty is the protocol's, hashrate an estimate: a quoted hashrate can sit well away from what the
#   difficulty implies, and the hashprice follows whichever one it is computed from.
# * The workbook's hashprice is the difficulty form (Luxor). A quoted figure is labelled as quoted and set
#   beside the computed one; seed 003's \$40 is well above what its own difficulty and price give.
