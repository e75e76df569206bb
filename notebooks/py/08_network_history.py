# %% [markdown]
# # Network history: difficulty, hashrate and hashprice since 2020
#
# How have the network's difficulty, its hashrate and the revenue of one unit of hashrate
# (hashprice) moved since 2020, across the 2020 and 2024 halvings? How large are the
# difficulty adjustments, and how deep was the hashprice drawdown from the July 2025 high
# that seeds 003 and 004 describe?
#
# Offline, on a fresh clone, the notebook runs on the **shipped snapshot**: a handful of dated
# figures from the seed articles plus protocol facts, not a daily series. After
# `make refresh` (which runs `minelib refresh`) and `source = "refreshed"`, it shows the full
# daily history from Coin Metrics (or mempool.space, or blockchain.com).

# %% tags=["parameters"]
source: str = "snapshot"  # "snapshot" (shipped, offline) or "refreshed" (cache from `minelib refresh`)
start_date: str = "2020-01-01"  # first day shown [YYYY-MM-DD, UTC]
end_date: str = ""  # last day shown [YYYY-MM-DD, UTC]; empty = latest

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

import minelib as ml
from minelib.live import difficulty_epochs, load_network_history
from minelib.plotting import unit_axis, usd_axis, use_house_style
from minelib.reports import headline

use_house_style()

if source not in ("snapshot", "refreshed"):
    raise ValueError(f"source={source!r} is not one of ['snapshot', 'refreshed']")
start = pd.Timestamp(start_date)
end = pd.Timestamp(end_date) if end_date else None
if end is not None and end < start:
    raise ValueError(f"end_date={end_date!r} is before start_date={start_date!r}")

hist = load_network_history(source, start=start_date, end=end_date or None)
is_snapshot = hist.attrs["is_snapshot"]
halvings = ml.load_halvings()
halvings = halvings[halvings["start_date"].notna() & (halvings["start_date"] >= start)
                    & ((halvings["start_date"] <= end) if end is not None else True)]
seeds = ml.load_network_snapshots()
span = f"{hist['date'].min():%d %b %Y} to {hist['date'].max():%d %b %Y}" if len(hist) else "no dates"

if is_snapshot:
    why = ("" if source == "snapshot" else
           " You asked for refreshed data, but no refreshed cache was found, so the notebook fell back to it.")
    display(Markdown(
        f"**Data: the shipped snapshot** (`{hist.attrs['data_version'][:21]}…`), "
        f"{len(hist)} dated rows from {span}: seed-article figures and halving dates only, "
        f"with gaps of months between them.{why} "
        "The full daily history needs `make refresh` (or `minelib refresh`) and then "
        "`source = \"refreshed\"`; the charts below show points, not lines, until then."))
else:
    display(Markdown(
        f"**Data: refreshed cache `{hist.attrs['source']}`** (`{hist.attrs['data_version'][:24]}…`), "
        f"{len(hist):,} daily rows from {span}."))

# %% [markdown]
# ## Hashrate and difficulty
#
# Difficulty is what the protocol adjusts every 2,016 blocks so that blocks keep coming about
# every 600 seconds; hashrate is what the miners bring. At the 600-second target the two are
# tied by

# %% [markdown]
# $$H = \frac{D \cdot 2^{32}}{600\ \mathrm{s}}$$

# %% [markdown]
# so the hashrate implied by the difficulty is a smoothed, two-week-lagged reading of the
# hashrate actually deployed. The halvings (dashed lines) cut the subsidy per block in half.

# %%
style = dict(marker="o", linestyle="none") if is_snapshot else dict(linewidth=1.0)


def mark_halvings(ax):
    for r in halvings.itertuples():
        ax.axvline(r.start_date, color="grey", linestyle="--", linewidth=0.8)
        ax.annotate(f"halving {r.epoch} (block {r.start_height:,})", (r.start_date, 1.0),
                    xycoords=("data", "axes fraction"), fontsize=7, rotation=90,
                    ha="right", va="top", color="grey")


implied_ehs = ml.hashrate_from_difficulty_ehs(hist["difficulty"].dropna())
fig, (ax1, ax2) = plt.subplots(2, 1, sharex=True, figsize=(6.8, 5.0))
ax1.plot(hist["date"], hist["hashrate_ehs"], label="network hashrate", **style)
ax1.plot(hist.loc[hist["difficulty"].notna(), "date"], implied_ehs,
         label="implied by difficulty", alpha=0.8, **style)
ax1.set_ylabel("hashrate [EH/s]")
unit_axis(ax1, "EH/s")
ax1.legend(loc="upper left")
ax2.plot(hist["date"], hist["difficulty"] / 1e12, color="C2", **style)
ax2.set_ylabel("difficulty [T = 10^12]")
ax2.set_xlabel("date (UTC)")
for ax in (ax1, ax2):
    mark_halvings(ax)
ax1.set_xlim(left=start)
ax1.set_title("Network hashrate and difficulty")
plt.show()

h = hist.dropna(subset=["hashrate_ehs"])
if len(h):
    first, last = h.iloc[0], h.iloc[-1]
    display(Markdown(
        f"The chart shows the network hashrate and the hashrate implied by the difficulty "
        f"(top, EH/s) and the difficulty itself (bottom, trillions). Hashrate went from "
        f"{first['hashrate_ehs']:,.0f} EH/s on {first['date']:%d %b %Y} to "
        f"{last['hashrate_ehs']:,.0f} EH/s on {last['date']:%d %b %Y}, "
        f"a factor of {last['hashrate_ehs'] / first['hashrate_ehs']:.1f}."))
    headline("latest_hashrate_ehs", float(last["hashrate_ehs"]), unit="EH/s", fmt=",.0f",
             label=f"Network hashrate on {last['date']:%d %b %Y}")

# %% [markdown]
# ## How large are the difficulty adjustments?
#
# Each retarget multiplies the difficulty by the ratio of the expected to the actual time the
# last 2,016 blocks took, clamped to a factor of 4 either way:

# %% [markdown]
# $$D_{n+1} = D_n \cdot \frac{2016 \cdot 600\ \mathrm{s}}{t_{\mathrm{actual}}}$$

# %% [markdown]
# Below, the ratio of each difficulty level to the previous one, as a percentage change.

# %%
epochs = difficulty_epochs(hist, min_days=1 if is_snapshot else 2)
changes = (epochs["ratio"].dropna() - 1.0) * 100.0

fig, ax = plt.subplots()
if len(changes):
    ax.hist(changes, bins=min(30, max(len(changes), 1)), color="C0", edgecolor="white")
ax.axvline(0, color="grey", linewidth=0.8)
ax.set_xlabel("difficulty change between successive levels [%]")
ax.set_ylabel("number of adjustments")
ax.set_title("Distribution of difficulty adjustments")
plt.show()

if len(changes) >= 1:
    big_drop = epochs.loc[epochs["ratio"].idxmin()]
    caveat = (" The snapshot's difficulty values are a few dated figures, so successive values"
              " here need not be adjacent epochs." if is_snapshot else "")
    display(Markdown(
        f"The histogram counts the percentage change between successive difficulty levels: "
        f"{len(changes)} change(s), median {changes.median():+.2f}%, "
        f"{(changes < 0).sum()} downward. The {'largest drop' if big_drop['ratio'] < 1 else 'smallest increase'}, "
        f"{(big_drop['ratio'] - 1) * 100:+.2f}%, took effect around {big_drop['date']:%d %b %Y}.{caveat}"))
else:
    display(Markdown("There are fewer than two difficulty levels in this window, so no "
                     "adjustment can be measured; refresh the data for the full series."))

# %% [markdown]
# ## Hashprice since 2020
#
# Hashprice is the expected revenue of one PH/s for one day: the protocol's 144 blocks a day
# times the reward per block (subsidy plus fees), shared over the network's hashrate, at the
# day's bitcoin price:

# %% [markdown]
# $$\mathrm{hashprice} = \frac{P \cdot 144 \cdot (s + f)}{H_{\mathrm{PH/s}}}$$

# %%
fig, ax = plt.subplots()
ax.plot(hist["date"], hist["hashprice_usd_per_ph_day"], label="with fees", **style)
ax.plot(hist["date"], hist["hashprice_usd_per_ph_day_ex_fees"], label="subsidy only",
        alpha=0.8, **style)
mark_halvings(ax)
usd_axis(ax)
ax.set_ylabel("hashprice [USD/PH/day]")
ax.set_xlabel("date (UTC)")
ax.set_xlim(left=start)
ax.legend(loc="upper right")
ax.set_title("Hashprice")
plt.show()

hp = hist.dropna(subset=["hashprice_usd_per_ph_day"])
hp_ex = hist.dropna(subset=["hashprice_usd_per_ph_day_ex_fees"])
if len(hp_ex):
    r = hp_ex.iloc[-1]
    display(Markdown(
        f"The chart shows hashprice in US dollars per PH/s per day, with fees and from the "
        f"subsidy alone; each halving halves the subsidy part overnight. On "
        f"{r['date']:%d %b %Y} the subsidy-only hashprice was \\${r['hashprice_usd_per_ph_day_ex_fees']:,.2f}/PH/day "
        f"(\\${r['price_usd']:,.0f}/BTC x 144 x {r['subsidy_btc_per_block']:g} BTC / "
        f"{r['hashrate_ehs'] * 1000:,.0f} PH/s)."))
if len(hp):
    r = hp.iloc[-1]
    headline("latest_hashprice_usd_per_ph_day", float(r["hashprice_usd_per_ph_day"]),
             unit="USD/PH/day", fmt=",.2f", label=f"Hashprice on {r['date']:%d %b %Y}")

# %% [markdown]
# ## The drawdown from the July 2025 high
#
# Seed 004 recalls a hashprice "above \$62 per PH/s" in July 2025 and reports it approaching
# \$40 in late 2025; seed 003 reports an uptick from about \$37.15 to \$40 in early 2026.
# The drawdown from a high is

# %% [markdown]
# $$\mathrm{drawdown} = \frac{\mathrm{hashprice}_{\mathrm{low}}}{\mathrm{hashprice}_{\mathrm{high}}} - 1$$

# %%
hps = seeds[seeds["metric"] == "hashprice_usd_per_ph_day"].sort_values("date")
july = hps[(hps["date"].dt.year == 2025) & (hps["date"].dt.month == 7)].iloc[0]
late = hps[(hps["date"] > july["date"]) & (hps["source"] == july["source"])].iloc[0]
seed_drawdown = late["value"] / july["value"] - 1.0
display(Markdown(
    f"From the seeds: \\${july['value']:,.0f}/PH/day ({july['qualifier'].replace('_', ' ')}, "
    f"{july['date']:%B %Y}) to \\${late['value']:,.0f}/PH/day ({late['date']:%B %Y}) is a drawdown "
    f"of {seed_drawdown:.0%}; since the July figure is a lower bound, the fall was at least that deep."))
headline("hashprice_drawdown_seed_pct", float(seed_drawdown * 100), unit="%", fmt="+.0f",
         label="Hashprice drawdown, July 2025 high to late 2025 (seeds 004)")

window = hist[(hist["date"] >= "2025-07-01")].dropna(subset=["hashprice_usd_per_ph_day"])
july_data = window[window["date"] < "2025-08-01"]
if len(july_data) >= 20 and len(window) > len(july_data):
    hi = july_data.loc[july_data["hashprice_usd_per_ph_day"].idxmax()]
    after = window[window["date"] > hi["date"]]
    lo = after.loc[after["hashprice_usd_per_ph_day"].idxmin()]
    dd = lo["hashprice_usd_per_ph_day"] / hi["hashprice_usd_per_ph_day"] - 1.0
    fig, ax = plt.subplots()
    ax.plot(window["date"], window["hashprice_usd_per_ph_day"], linewidth=1.0)
    ax.scatter([hi["date"], lo["date"]], [hi["hashprice_usd_per_ph_day"], lo["hashprice_usd_per_ph_day"]],
               color="C3", zorder=3)
    usd_axis(ax)
    ax.set_ylabel("hashprice [USD/PH/day]")
    ax.set_xlabel("date (UTC)")
    ax.set_title("Hashprice since July 2025")
    plt.show()
    display(Markdown(
        f"The chart shows the daily hashprice since July 2025 with its July high and the low "
        f"after it. In the data the July high was \\${hi['hashprice_usd_per_ph_day']:,.2f}/PH/day "
        f"on {hi['date']:%d %b %Y} and the low \\${lo['hashprice_usd_per_ph_day']:,.2f}/PH/day "
        f"on {lo['date']:%d %b %Y}: a drawdown of {dd:.0%}, against {seed_drawdown:.0%} from the seeds."))
    headline("hashprice_drawdown_data_pct", float(dd * 100), unit="%", fmt="+.0f",
             label="Hashprice drawdown from the July 2025 high (daily data)")
else:
    display(Markdown(
        "This data set does not cover July 2025 and the months after it day by day, so the "
        "drawdown is measured from the seed figures only; run `make refresh` and set "
        "`source = \"refreshed\"` to measure it on the daily series."))
