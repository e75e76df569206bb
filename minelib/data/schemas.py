"""The schemas of the curated files in ``data/`` (the data dictionary is ``data/README.md``).

Each schema declares a file's columns, units and ranges, and the checks across columns
that keep its provenance honest: every figure names its seed article and quote, derived
figures are flagged, quarter ends are calendar quarter ends, the halving table follows the
protocol and an ASIC's power over hashrate is its efficiency. The engine that applies them
is :mod:`minelib.data.schema`.
"""

from __future__ import annotations

import re

import pandas as pd

from minelib.data.schema import Column, MetricSpec, Schema
from minelib.plausibility import LIMITS
from minelib.protocol import HALVING_INTERVAL_BLOCKS, INITIAL_SUBSIDY_SATS, block_subsidy_sats, halving_height
from minelib.units import SATS_PER_BTC

__all__ = [
    "NETWORK_SNAPSHOTS",
    "MINER_MONTHLY",
    "MINER_QUARTERLY",
    "TREASURY_EVENTS",
    "HALVINGS",
    "ASICS",
    "ASIC_EFFICIENCY_RTOL",
    "HPC_DEALS",
    "SCHEMAS",
    "FIGURE_QUALIFIERS",
    "RANGE_QUALIFIERS",
]



def _plausible(quantity: str) -> tuple[float | None, float | None]:
    """The plausible range of a physical quantity (:mod:`minelib.plausibility`), for a file's range."""
    return LIMITS[quantity].lo, LIMITS[quantity].hi


def _plausible_kw(quantity: str) -> dict:
    lo, hi = _plausible(quantity)
    return {"lo": lo, "hi": hi}


_PRECISION = ("day", "week", "month", "quarter", "approx")
#: How an article states a single figure (the ``qualifier`` column, data/README.md):
#: ``stated`` (a plain figure), ``approx`` ("roughly", "near", "nearly"), ``lower_bound``
#: ("over", "more than"), ``upper_bound`` ("under", "below").
FIGURE_QUALIFIERS: tuple[str, ...] = ("stated", "approx", "lower_bound", "upper_bound")
#: The ends of a stated range ("between $9 million and $11 million"), one row each.
RANGE_QUALIFIERS: tuple[str, ...] = ("range_low", "range_high")
_QUALIFIER = FIGURE_QUALIFIERS + RANGE_QUALIFIERS
_SEED = r"^\d{3}_[0-9a-f]{16}\.txt$"


def _seed_source(row):
    if not re.match(_SEED, row["source"]):
        return "source", f"value {row['source']!r} is not a seed file name like '002_d81e0ff9e5c96647.txt'"
    return None


def _provenance_columns():
    return (
        Column("source", "str"),
        Column("quote", "str"),
        Column("is_assumption", "bool"),
    )


_NETWORK_METRICS = {
    "difficulty": MetricSpec("dimensionless", *_plausible("difficulty")),
    "hashrate_ehs": MetricSpec("EH/s", 0.0, _plausible("network_hashrate_ehs")[1]),
    "hashprice_usd_per_ph_day": MetricSpec("USD/PH/day", 0.0, 1e4),
    "price_usd": MetricSpec("USD/BTC", *_plausible("btc_price_usd")),
    "all_in_cost_usd_per_btc": MetricSpec("USD/BTC", 0.0, 1e8),
    "btc_issued_per_day": MetricSpec("BTC/day", 0.0, 7200.0),
}

NETWORK_SNAPSHOTS = Schema(
    name="network_snapshots",
    columns=(
        Column("date", "date"),
        Column("date_precision", "category", categories=_PRECISION),
        Column("date_inferred", "bool"),
        Column("date_note", "str"),
        Column("metric", "str"),
        Column("value", "float", lo=0.0),
        Column("unit", "str"),
        Column("qualifier", "category", categories=_QUALIFIER),
        Column("basis", "category", categories=(
            "point", "peak", "trough", "seven_day_avg", "before_change", "after_change", "model_estimate",
        )),
        *_provenance_columns(),
        Column("note", "str", required=False),
    ),
    metrics=_NETWORK_METRICS,
    row_checks=(_seed_source,),
)

_MONTHLY_NUMERIC = ("btc_mined", "btc_mined_self", "btc_mined_cloud", "hashrate_ehs", "btc_sold", "btc_held_end")


def _monthly_consistency(row):
    derived = [d for d in (row["derived_columns"] or "").split(";") if d]
    bad = [d for d in derived if d not in _MONTHLY_NUMERIC]
    if bad:
        return "derived_columns", f"names {bad} are not numeric columns; expected names from {list(_MONTHLY_NUMERIC)}"
    empty = [d for d in derived if row[d] is None]
    if empty:
        return "derived_columns", f"lists {empty} but those cells are empty"
    if bool(derived) != row["is_assumption"]:
        return "is_assumption", (
            f"value {row['is_assumption']} disagrees with derived_columns={row['derived_columns']!r}; "
            "is_assumption must be true exactly when some column is derived"
        )
    if row["hashrate_ehs"] is not None and row["hashrate_basis"] is None:
        return "hashrate_basis", "value is missing; required when hashrate_ehs is given"
    if all(row[c] is None for c in _MONTHLY_NUMERIC):
        return "btc_mined", "row has no numeric value at all"
    return None


MINER_MONTHLY = Schema(
    name="miner_monthly",
    columns=(
        Column("miner", "str"),
        Column("month", "month"),
        Column("btc_mined", "float", required=False, lo=0.0, hi=30_000.0, unit="BTC"),
        Column("btc_mined_self", "float", required=False, lo=0.0, hi=30_000.0, unit="BTC"),
        Column("btc_mined_cloud", "float", required=False, lo=0.0, hi=30_000.0, unit="BTC"),
        Column("hashrate_ehs", "float", required=False, **_plausible_kw("miner_hashrate_ehs"), unit="EH/s"),
        Column("hashrate_basis", "category", required=False, categories=("average", "month_end", "unspecified")),
        Column("btc_sold", "float", required=False, lo=0.0, hi=1e6, unit="BTC"),
        Column("btc_held_end", "float", required=False, lo=0.0, hi=21e6, unit="BTC"),
        *_provenance_columns(),
        Column("derived_columns", "str", required=False),
        Column("note", "str", required=False),
    ),
    key=("miner", "month"),
    row_checks=(_seed_source, _monthly_consistency),
)

_QUARTERLY_METRICS = {
    "btc_produced": MetricSpec("BTC", 0.0, 1e6),
    "btc_held_end": MetricSpec("BTC", 0.0, 21e6),
    "power_cost_usd_per_btc": MetricSpec("USD/BTC", 0.0, 1e7),
    "all_in_cost_usd_per_btc": MetricSpec("USD/BTC", 0.0, 1e7),
    "breakeven_price_usd": MetricSpec("USD/BTC", 0.0, 1e7),
    "efficiency_target_j_per_th": MetricSpec("J/TH", *_plausible("efficiency_j_per_th")),
    "hashrate_ehs": MetricSpec("EH/s", *_plausible("miner_hashrate_ehs")),
    "hashrate_target_ehs": MetricSpec("EH/s", *_plausible("miner_hashrate_ehs")),
    "opex_usd": MetricSpec("USD", 0.0, 1e11),
    "revenue_usd": MetricSpec("USD", 0.0, 1e11),
    "mining_revenue_usd": MetricSpec("USD", 0.0, 1e11),
    "ai_cloud_revenue_usd": MetricSpec("USD", 0.0, 1e11),
    "product_revenue_usd": MetricSpec("USD", 0.0, 1e11),
    "mining_cost_usd": MetricSpec("USD", 0.0, 1e11),
    "depreciation_usd": MetricSpec("USD", 0.0, 1e11),
    "operating_loss_usd": MetricSpec("USD", 0.0, 1e11),
    "net_loss_usd": MetricSpec("USD", 0.0, 1e11),
    "operational_efficiency_fraction": MetricSpec("fraction", 0.0, 1.0),
    "opex_growth_fraction": MetricSpec("fraction", 0.0, 10.0),
    "ga_growth_fraction": MetricSpec("fraction", 0.0, 10.0),
    "depreciation_growth_fraction": MetricSpec("fraction", 0.0, 10.0),
    "depreciation_life_years": MetricSpec("years", 0.0, 50.0),
}


def _period_end_needed(row):
    if re.match(r"^\d{4}Q[1-4]$", row["period"]) and row["period_end"] is None:
        return "period_end", f"value is missing; required for the calendar quarter {row['period']!r}"
    if row["period_end"] is not None and re.match(r"^\d{4}Q[1-4]$", row["period"]):
        q = pd.Period(row["period"], freq="Q")
        if pd.Timestamp(row["period_end"]) != q.end_time.normalize():
            return "period_end", (
                f"value {row['period_end'].isoformat()!r} is not the last day of {row['period']} "
                f"({q.end_time.date().isoformat()})"
            )
    if not re.match(r"^(\d{4}Q[1-4]|target|policy)$", row["period"]):
        return "period", f"value {row['period']!r} is not a calendar quarter like '2025Q4', 'target' or 'policy'"
    return None


MINER_QUARTERLY = Schema(
    name="miner_quarterly",
    columns=(
        Column("miner", "str"),
        Column("period", "str"),
        Column("fiscal_period", "str", required=False),
        Column("period_end", "date", required=False),
        Column("date_inferred", "bool"),
        Column("date_note", "str"),
        Column("metric", "str"),
        Column("value", "float", lo=0.0),
        Column("unit", "str"),
        Column("kind", "category", categories=("actual", "target", "estimate", "assumption")),
        Column("qualifier", "category", categories=_QUALIFIER),
        *_provenance_columns(),
        Column("note", "str", required=False),
    ),
    metrics=_QUARTERLY_METRICS,
    row_checks=(_seed_source, _period_end_needed),
)


def _treasury_amount(row):
    if row["btc"] is None and row["usd"] is None and row["fraction"] is None:
        return "btc", "value is missing; a row needs at least one of btc, usd, fraction"
    return None


TREASURY_EVENTS = Schema(
    name="treasury_events",
    columns=(
        Column("date", "date"),
        Column("date_precision", "category", categories=_PRECISION),
        Column("date_inferred", "bool"),
        Column("date_note", "str"),
        Column("miner", "str"),
        Column("event_type", "category", categories=(
            "holding", "sale", "transfer_out", "pledged_share", "cashless_exercise", "sale_policy",
        )),
        Column("btc", "float", required=False, lo=0.0, hi=21e6, unit="BTC"),
        Column("usd", "float", required=False, lo=0.0, hi=1e12, unit="USD"),
        Column("fraction", "float", required=False, lo=0.0, hi=1.0, unit="fraction"),
        Column("qualifier", "category", categories=_QUALIFIER),
        *_provenance_columns(),
        Column("note", "str", required=False),
    ),
    row_checks=(_seed_source, _treasury_amount),
)

def _halving_protocol(row):
    """Heights and subsidy of an epoch as the protocol defines them (:mod:`minelib.protocol`)."""
    e = row["epoch"]
    start = int(halving_height(e))
    if row["start_height"] != start:
        return "start_height", f"value {row['start_height']} != epoch * {HALVING_INTERVAL_BLOCKS} = {start}"
    end = int(halving_height(e + 1)) - 1
    if row["end_height"] != end:
        return "end_height", f"value {row['end_height']} != (epoch + 1) * {HALVING_INTERVAL_BLOCKS} - 1 = {end}"
    expect = int(block_subsidy_sats(start))
    if row["subsidy_sats"] != expect:
        return "subsidy_sats", f"value {row['subsidy_sats']} != {INITIAL_SUBSIDY_SATS} >> {e} = {expect} [sats]"
    expect_btc = expect / SATS_PER_BTC
    if abs(row["subsidy_btc"] - expect_btc) > 1e-12:
        return "subsidy_btc", f"value {row['subsidy_btc']} != subsidy_sats / {SATS_PER_BTC:.0e} = {expect_btc} [BTC]"
    if (row["start_date"] is None) != (row["date_status"] == "future"):
        return "start_date", "must be given exactly when date_status is 'actual'"
    return None


HALVINGS = Schema(
    name="halvings",
    columns=(
        Column("epoch", "int", lo=0, hi=63),
        Column("start_height", "int", lo=0, unit="blocks"),
        Column("end_height", "int", lo=0, unit="blocks"),
        Column("subsidy_sats", "int", lo=0, hi=INITIAL_SUBSIDY_SATS, unit="sats"),
        Column("subsidy_btc", "float", lo=0.0, hi=50.0, unit="BTC"),
        Column("start_date", "date", required=False),
        Column("date_status", "category", categories=("actual", "future")),
        Column("source", "str"),
        Column("note", "str", required=False),
    ),
    key=("epoch",),
    row_checks=(_halving_protocol,),
)

#: Accepted relative mismatch between power_w / hashrate_ths and efficiency_j_per_th.
ASIC_EFFICIENCY_RTOL: float = 0.03


def _asic_consistency(row):
    ratio = row["power_w"] / row["hashrate_ths"]
    eff = row["efficiency_j_per_th"]
    if abs(ratio - eff) > ASIC_EFFICIENCY_RTOL * eff:
        return "efficiency_j_per_th", (
            f"value {eff:g} disagrees with power_w / hashrate_ths = {ratio:.3g} by more than "
            f"{ASIC_EFFICIENCY_RTOL:.0%} [J/TH]"
        )
    return None


def _asic_price_dated(row):
    """A price is a dated assumption with its source: the three price cells come together."""
    cells = [row["price_usd_per_th"], row["price_date"], row["price_source"]]
    given = [bool(pd.notna(c)) and c != "" for c in cells]
    if any(given) and not all(given):
        return "price_usd_per_th", "a price needs price_usd_per_th, price_date and price_source together"
    return None


ASICS = Schema(
    name="asics",
    columns=(
        Column("manufacturer", "str"),
        Column("model", "str"),
        Column("hashrate_ths", "float", lo=1e-3, hi=1e4, unit="TH/s"),
        Column("power_w", "float", lo=1.0, hi=1e5, unit="W"),
        Column("efficiency_j_per_th", "float", **_plausible_kw("efficiency_j_per_th"), unit="J/TH"),
        Column("release_year", "int", required=False, lo=2009, hi=2100, unit="year"),
        Column("source", "str"),
        Column("verified", "bool"),
        Column("is_assumption", "bool"),
        Column("note", "str", required=False),
        Column("price_usd_per_th", "float", required=False, lo=0.0, hi=1e3, unit="USD/TH"),
        Column("price_date", "date", required=False),
        Column("price_source", "str", required=False),
    ),
    key=("manufacturer", "model"),
    row_checks=(_asic_consistency, _asic_price_dated),
)

def _deal_provenance(row):
    """A public page by URL, and a seed quote exactly when a seed file is named."""
    if not row["url"].startswith("https://"):
        return "url", f"value {row['url']!r} is not a public page address starting with 'https://'"
    if (row["seed"] is None) != (row["seed_quote"] is None):
        return "seed_quote", "must be given exactly when seed names the seed article that also reports the figure"
    if row["seed"] is not None and not re.match(_SEED, row["seed"]):
        return "seed", f"value {row['seed']!r} is not a seed file name like '004_57c45d30c358cac2.txt'"
    return None


HPC_DEALS = Schema(
    name="hpc_deals",
    columns=(
        Column("deal", "str"),
        Column("announced", "date"),
        Column("metric", "str"),
        Column("value", "float", lo=0.0),
        Column("unit", "str"),
        Column("qualifier", "category", categories=_QUALIFIER),
        Column("url", "str"),
        Column("quote", "str"),
        Column("seed", "str", required=False),
        Column("seed_quote", "str", required=False),
        Column("is_assumption", "bool"),
        Column("note", "str", required=False),
    ),
    key=("deal", "metric", "qualifier"),
    metrics={
        "contract_value_usd": MetricSpec("USD", 0.0, 1e12),
        "contract_value_with_extensions_usd": MetricSpec("USD", 0.0, 1e12),
        "term_years": MetricSpec("years", 0.0, 100.0),
        "extension_count": MetricSpec("count", 0.0, 10.0),
        "extension_term_years": MetricSpec("years", 0.0, 100.0),
        "capacity_it_mw": MetricSpec("MW", 0.0, 1e5),
        "capacity_gross_mw": MetricSpec("MW", 0.0, 1e5),
        "capacity_unstated_mw": MetricSpec("MW", 0.0, 1e5),
        "project_cost_usd_per_it_mw": MetricSpec("USD/MW", 0.0, 1e9),
        "noi_margin": MetricSpec("fraction", 0.0, 1.0),
        "equipment_purchase_usd": MetricSpec("USD", 0.0, 1e12),
    },
    row_checks=(_deal_provenance,),
)

#: Schema of every shipped file, by name.
SCHEMAS: dict[str, Schema] = {
    s.name: s for s in (NETWORK_SNAPSHOTS, MINER_MONTHLY, MINER_QUARTERLY, TREASURY_EVENTS, HALVINGS, ASICS, HPC_DEALS)
}
