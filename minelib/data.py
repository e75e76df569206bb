"""Loaders for the curated datasets in ``data/``.

Every shipped CSV has a small declarative :class:`Schema` (column -> kind, whether a value
is required, allowed range and unit, allowed categories) and one ``load_<name>()`` function
that reads the file, validates every cell *before* returning anything, and gives back a typed
:class:`pandas.DataFrame` (dates parsed, categories as ``category``, numbers as ``float64``).

Validation errors are :class:`DataValidationError` (a ``ValueError``) and name the file, the
line number as in the CSV (header = line 1, first data row = line 2), the column, the value and
the expected range/unit or type, in the style of :func:`minelib._validate.check_array`.
Missing columns and unknown extra columns are rejected too.

The data dictionary (units, source and date conventions) is ``data/README.md``.
No file is read at import time.

Examples
--------
>>> snaps = load_network_snapshots()
>>> sorted(snaps["metric"].unique())[:3]
['all_in_cost_usd_per_btc', 'btc_issued_per_day', 'difficulty']
>>> halvings = load_halvings()
>>> float(halvings.loc[halvings["epoch"] == 4, "subsidy_btc"].iloc[0])
3.125
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from minelib._validate import _fmt_range

__all__ = [
    "DATA_DIR",
    "SCHEMAS",
    "Column",
    "Schema",
    "DataValidationError",
    "load_network_snapshots",
    "load_miner_monthly",
    "load_miner_quarterly",
    "load_treasury_events",
    "load_halvings",
    "load_asics",
]

#: Folder of the shipped CSVs (found relative to the package, works from any working dir).
DATA_DIR: Path = Path(__file__).resolve().parent.parent / "data"

_KINDS = ("str", "float", "int", "bool", "date", "month", "category")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_RE = re.compile(r"^\d{4}-\d{2}$")


class DataValidationError(ValueError):
    """A shipped or user-supplied data file does not match its schema."""


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    Parameters
    ----------
    name : str
        Header name (units are part of the name, e.g. ``hashrate_ehs``).
    kind : str
        One of ``str, float, int, bool, date, month, category``.
    required : bool
        Whether every row needs a value (the column itself must always be present).
    lo, hi : float, optional
        Accepted range (inclusive) for ``float`` / ``int`` columns.
    unit : str
        Unit shown in error messages.
    categories : tuple of str, optional
        Allowed values of a ``category`` column.
    """

    name: str
    kind: str
    required: bool = True
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    categories: tuple[str, ...] | None = None

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise ValueError(f"Column {self.name!r}: kind={self.kind!r} is not one of {_KINDS}")
        if self.kind == "category" and not self.categories:
            raise ValueError(f"Column {self.name!r}: a category column needs categories")


@dataclass(frozen=True)
class MetricSpec:
    """Unit and accepted range of one ``metric`` of a long-format file."""

    unit: str
    lo: float | None = 0.0
    hi: float | None = None


@dataclass(frozen=True)
class Schema:
    """Declarative schema of one data file.

    ``key`` lists the columns whose combination must be unique; ``metrics`` (long-format
    files) maps each allowed ``metric`` to its unit and range; ``row_checks`` are functions
    ``f(row: dict) -> (column, message) | None`` run on each parsed row.
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    metrics: dict[str, MetricSpec] = field(default_factory=dict)
    row_checks: tuple[Callable[[dict], tuple[str, str] | None], ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


# --------------------------------------------------------------------------- parsing


def _fail(fname: str, line: int | None, col: str | None, msg: str) -> DataValidationError:
    where = fname
    if line is not None:
        where += f" line {line}"
    if col is not None:
        where += f", column '{col}'"
    return DataValidationError(f"{where}: {msg}")


def _parse_cell(col: Column, raw: str, fname: str, line: int):
    """Parse one cell; raise DataValidationError naming file, line and column."""
    unit_s = f" [{col.unit}]" if col.unit else ""
    if raw == "":
        if col.required:
            raise _fail(fname, line, col.name, f"value is missing; a value is required ({col.kind}{unit_s})")
        return None
    k = col.kind
    if k in ("str",):
        return raw
    if k == "category":
        if raw not in col.categories:
            raise _fail(fname, line, col.name, f"value {raw!r} is not one of {list(col.categories)}")
        return raw
    if k == "bool":
        low = raw.strip().lower()
        if low not in ("true", "false"):
            raise _fail(fname, line, col.name, f"value {raw!r} is not a boolean; expected 'true' or 'false'")
        return low == "true"
    if k == "date":
        try:
            if not _DATE_RE.match(raw):
                raise ValueError
            return date.fromisoformat(raw)
        except ValueError:
            raise _fail(fname, line, col.name, f"value {raw!r} is not an ISO date; expected YYYY-MM-DD") from None
    if k == "month":
        ok = bool(_MONTH_RE.match(raw)) and 1 <= int(raw[5:7]) <= 12
        if not ok:
            raise _fail(fname, line, col.name, f"value {raw!r} is not a month; expected YYYY-MM")
        return raw
    # numeric
    rng = _fmt_range(col.lo, col.hi, True, True)
    what = "a whole number" if k == "int" else "a number"
    try:
        v = float(raw)
    except ValueError:
        raise _fail(fname, line, col.name, f"value {raw!r} is not numeric; expected {what} in {rng}{unit_s}") from None
    if math.isnan(v) or math.isinf(v):
        raise _fail(fname, line, col.name, f"value {raw!r} is not allowed; expected {what} in {rng}{unit_s}")
    if k == "int" and v != math.floor(v):
        raise _fail(fname, line, col.name, f"value {raw!r} is not {what}; expected {what} in {rng}{unit_s}")
    if (col.lo is not None and v < col.lo) or (col.hi is not None and v > col.hi):
        raise _fail(fname, line, col.name, f"value {raw!r} is outside the expected range {rng}{unit_s}")
    return int(v) if k == "int" else v


def _read_validated(schema: Schema, path) -> pd.DataFrame:
    path = Path(path) if path is not None else DATA_DIR / schema.filename
    fname = path.name
    if not path.is_file():
        raise FileNotFoundError(f"{schema.name}: data file not found: {path}")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise _fail(fname, None, None, f"cannot be parsed as UTF-8 CSV ({exc})") from None

    expected = [c.name for c in schema.columns]
    header = list(raw.columns)
    missing = [c for c in expected if c not in header]
    if missing:
        raise _fail(fname, 1, None, f"missing column(s) {missing}; expected columns {expected}")
    extra = [c for c in header if c not in expected]
    if extra:
        raise _fail(fname, 1, None, f"unexpected column(s) {extra}; allowed columns {expected}")
    if len(set(header)) != len(header):
        raise _fail(fname, 1, None, f"duplicate column names in header {header}")

    rows = []
    seen: dict[tuple, int] = {}
    for i, rec in enumerate(raw.to_dict("records")):
        line = i + 2  # header is line 1
        row = {c.name: _parse_cell(c, rec[c.name], fname, line) for c in schema.columns}
        if schema.metrics:
            _check_metric(schema, row, rec, fname, line)
        for check in schema.row_checks:
            res = check(row)
            if res is not None:
                col, msg = res
                raise _fail(fname, line, col, msg)
        if schema.key:
            k = tuple(row[c] for c in schema.key)
            if k in seen:
                raise _fail(
                    fname, line, ",".join(schema.key),
                    f"duplicate key {k!r}; already used on line {seen[k]}",
                )
            seen[k] = line
        rows.append(row)
    return _to_frame(schema, rows)


def _check_metric(schema: Schema, row: dict, rec: dict, fname: str, line: int) -> None:
    metric = row["metric"]
    spec = schema.metrics.get(metric)
    if spec is None:
        raise _fail(fname, line, "metric", f"value {metric!r} is not one of {sorted(schema.metrics)}")
    if row["unit"] != spec.unit:
        raise _fail(fname, line, "unit", f"value {row['unit']!r} does not match metric {metric!r}; expected {spec.unit!r}")
    v = row["value"]
    if (spec.lo is not None and v < spec.lo) or (spec.hi is not None and v > spec.hi):
        rng = _fmt_range(spec.lo, spec.hi, True, True)
        raise _fail(
            fname, line, "value",
            f"value {rec['value']!r} is outside the expected range {rng} [{spec.unit}] for metric {metric!r}",
        )


def _to_frame(schema: Schema, rows: list[dict]) -> pd.DataFrame:
    data = {}
    for c in schema.columns:
        vals = [r[c.name] for r in rows]
        if c.kind == "float":
            s = pd.Series([np.nan if v is None else v for v in vals], dtype="float64")
        elif c.kind == "int":
            s = pd.Series(vals, dtype="int64" if c.required else "Int64")
        elif c.kind == "bool":
            s = pd.Series(vals, dtype="bool" if c.required else "boolean")
        elif c.kind == "date":
            s = pd.to_datetime(pd.Series([pd.NaT if v is None else pd.Timestamp(v) for v in vals], dtype="object"))
            s = s.astype("datetime64[ns]")
        elif c.kind == "month":
            s = pd.Series(pd.PeriodIndex([pd.NaT if v is None else v for v in vals], freq="M"))
        elif c.kind == "category":
            s = pd.Series(pd.Categorical(vals, categories=list(c.categories)))
        else:
            s = pd.Series([pd.NA if v is None else v for v in vals], dtype="string")
        data[c.name] = s
    return pd.DataFrame(data, columns=[c.name for c in schema.columns])


# --------------------------------------------------------------------------- schemas

_PRECISION = ("day", "week", "month", "quarter", "approx")
_QUALIFIER = ("stated", "approx", "lower_bound", "upper_bound", "range_low", "range_high")
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
    "difficulty": MetricSpec("dimensionless", 1.0, 1e16),
    "hashrate_ehs": MetricSpec("EH/s", 0.0, 1e5),
    "hashprice_usd_per_ph_day": MetricSpec("USD/PH/day", 0.0, 1e4),
    "price_usd": MetricSpec("USD/BTC", 0.0, 1e8),
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
        Column("hashrate_ehs", "float", required=False, lo=0.0, hi=1e4, unit="EH/s"),
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
    "efficiency_target_j_per_th": MetricSpec("J/TH", 0.0, 1e4),
    "hashrate_ehs": MetricSpec("EH/s", 0.0, 1e4),
    "hashrate_target_ehs": MetricSpec("EH/s", 0.0, 1e4),
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

_HALVING_INTERVAL = 210_000
_INITIAL_SUBSIDY_SATS = 50 * 100_000_000


def _halving_protocol(row):
    e = row["epoch"]
    if row["start_height"] != e * _HALVING_INTERVAL:
        return "start_height", f"value {row['start_height']} != epoch * 210000 = {e * _HALVING_INTERVAL}"
    if row["end_height"] != (e + 1) * _HALVING_INTERVAL - 1:
        return "end_height", f"value {row['end_height']} != (epoch + 1) * 210000 - 1 = {(e + 1) * _HALVING_INTERVAL - 1}"
    expect = _INITIAL_SUBSIDY_SATS >> e if e < 64 else 0
    if row["subsidy_sats"] != expect:
        return "subsidy_sats", f"value {row['subsidy_sats']} != 5000000000 >> {e} = {expect} [sats]"
    if abs(row["subsidy_btc"] - expect / 1e8) > 1e-12:
        return "subsidy_btc", f"value {row['subsidy_btc']} != subsidy_sats / 1e8 = {expect / 1e8} [BTC]"
    if (row["start_date"] is None) != (row["date_status"] == "future"):
        return "start_date", "must be given exactly when date_status is 'actual'"
    return None


HALVINGS = Schema(
    name="halvings",
    columns=(
        Column("epoch", "int", lo=0, hi=63),
        Column("start_height", "int", lo=0, unit="blocks"),
        Column("end_height", "int", lo=0, unit="blocks"),
        Column("subsidy_sats", "int", lo=0, hi=_INITIAL_SUBSIDY_SATS, unit="sats"),
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


ASICS = Schema(
    name="asics",
    columns=(
        Column("manufacturer", "str"),
        Column("model", "str"),
        Column("hashrate_ths", "float", lo=1e-3, hi=1e4, unit="TH/s"),
        Column("power_w", "float", lo=1.0, hi=1e5, unit="W"),
        Column("efficiency_j_per_th", "float", lo=1.0, hi=1e4, unit="J/TH"),
        Column("release_year", "int", required=False, lo=2009, hi=2100, unit="year"),
        Column("source", "str"),
        Column("verified", "bool"),
        Column("is_assumption", "bool"),
        Column("note", "str", required=False),
    ),
    key=("manufacturer", "model"),
    row_checks=(_asic_consistency,),
)

#: Schema of every shipped file, by name.
SCHEMAS: dict[str, Schema] = {
    s.name: s for s in (NETWORK_SNAPSHOTS, MINER_MONTHLY, MINER_QUARTERLY, TREASURY_EVENTS, HALVINGS, ASICS)
}


# --------------------------------------------------------------------------- loaders


def load_network_snapshots(path=None) -> pd.DataFrame:
    """Network-level figures from the seed articles, long format (one row per figure).

    Metrics: ``difficulty`` [dimensionless], ``hashrate_ehs`` [EH/s],
    ``hashprice_usd_per_ph_day`` [USD/PH/day], ``price_usd`` [USD/BTC],
    ``all_in_cost_usd_per_btc`` [USD/BTC], ``btc_issued_per_day`` [BTC/day].

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/network_snapshots.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (datetime64), ``date_precision`` (category: day, week, month,
        quarter, approx), ``date_inferred`` (bool), ``date_note``, ``metric``, ``value``
        (float64, in ``unit``), ``unit``, ``qualifier`` (stated, approx, lower_bound,
        upper_bound, ...), ``basis`` (point, peak, trough, seven_day_avg, before_change,
        after_change, model_estimate), ``source`` (seed file), ``quote``, ``is_assumption``
        (bool), ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    Seeds ``000_abd4e67359fd40a7.txt`` ... ``004_57c45d30c358cac2.txt``.

    Examples
    --------
    >>> df = load_network_snapshots()
    >>> d = df[(df.metric == "difficulty") & (df.source == "002_d81e0ff9e5c96647.txt")]
    >>> float(d["value"].iloc[0])
    125860000000000.0
    >>> hp = df[df.metric == "hashprice_usd_per_ph_day"].sort_values("date")
    >>> float(hp["value"].iloc[0]), hp["qualifier"].iloc[0]
    (62.0, 'lower_bound')
    """
    return _read_validated(NETWORK_SNAPSHOTS, path)


def load_miner_monthly(path=None) -> pd.DataFrame:
    """Monthly production updates of listed miners (wide format, one row per miner-month).

    Blank cells are figures the article does not give (NaN, never invented). Rows with a
    derived figure have ``is_assumption`` true and list the derived columns in
    ``derived_columns`` (``;``-separated).

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/miner_monthly.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``miner``, ``month`` (period[M]), ``btc_mined``, ``btc_mined_self``,
        ``btc_mined_cloud``, ``btc_sold``, ``btc_held_end`` [BTC], ``hashrate_ehs`` [EH/s],
        ``hashrate_basis`` (average, month_end, unspecified), ``source``, ``quote``,
        ``is_assumption``, ``derived_columns``, ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    Seed ``002_d81e0ff9e5c96647.txt`` ("January's tale of the tape").

    Examples
    --------
    >>> df = load_miner_monthly()
    >>> jan = df[(df.miner == "CleanSpark") & (df.month == pd.Period("2026-01", "M"))]
    >>> jan[["btc_mined", "btc_sold", "btc_held_end"]].iloc[0].tolist()
    [573.0, 158.6, 13513.0]
    """
    return _read_validated(MINER_MONTHLY, path)


def load_miner_quarterly(path=None) -> pd.DataFrame:
    """Quarterly company figures, targets and modelling assumptions (long format).

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/miner_quarterly.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``miner``, ``period`` (calendar quarter ``YYYYQn``, or ``target`` /
        ``policy`` when undated), ``fiscal_period`` (company label, e.g. ``FY2026 Q1``),
        ``period_end`` (datetime64, NaT when undated), ``date_inferred``, ``date_note``,
        ``metric``, ``value`` (float64, in ``unit``), ``unit``, ``kind`` (actual, target,
        estimate, assumption), ``qualifier``, ``source``, ``quote``, ``is_assumption``,
        ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    Seeds ``000_abd4e67359fd40a7.txt`` and ``002_d81e0ff9e5c96647.txt``.

    Examples
    --------
    >>> df = load_miner_quarterly()
    >>> iren = df[(df.miner == "IREN") & (df.period == "2025Q4")].set_index("metric")["value"]
    >>> float(iren["mining_revenue_usd"] + iren["ai_cloud_revenue_usd"]) / 1e6
    184.7
    """
    return _read_validated(MINER_QUARTERLY, path)


def load_treasury_events(path=None) -> pd.DataFrame:
    """BTC treasury events: holdings, sales, transfers, pledges and sale policies.

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/treasury_events.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (datetime64), ``date_precision``, ``date_inferred``, ``date_note``,
        ``miner``, ``event_type`` (holding, sale, transfer_out, pledged_share,
        cashless_exercise, sale_policy), ``btc`` [BTC], ``usd`` [USD], ``fraction``
        [0-1], ``qualifier``, ``source``, ``quote``, ``is_assumption``, ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    Seeds ``001_edb144c9be488f88.txt`` and ``002_d81e0ff9e5c96647.txt``.

    Examples
    --------
    >>> df = load_treasury_events()
    >>> cango = df[(df.miner == "Cango") & (df.event_type == "holding")].sort_values("date")
    >>> cango["btc"].tolist()
    [7528.0, 3645.0]
    """
    return _read_validated(TREASURY_EVENTS, path)


def load_halvings(path=None) -> pd.DataFrame:
    """Halving schedule: epoch, height range, subsidy, and the dates of past halvings.

    ``subsidy_sats = 5_000_000_000 >> epoch`` (Bitcoin Core ``GetBlockSubsidy``), epoch
    ``e`` covers heights ``210000 e`` to ``210000 (e + 1) - 1``.

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/halvings.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``epoch`` (int64), ``start_height``, ``end_height`` [blocks],
        ``subsidy_sats`` [sats] (int64), ``subsidy_btc`` [BTC], ``start_date``
        (datetime64, UTC date of the epoch's first block; NaT for future epochs),
        ``date_status`` (actual, future), ``source``, ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell.

    References
    ----------
    Bitcoin Core ``src/validation.cpp`` (``GetBlockSubsidy``); block timestamps.

    Examples
    --------
    >>> h = load_halvings()
    >>> h.loc[h.date_status == "actual", ["epoch", "start_height"]].values.tolist()[-1]
    [4, 840000]
    >>> int(h.loc[h.epoch == 5, "subsidy_sats"].iloc[0])
    156250000
    """
    return _read_validated(HALVINGS, path)


def load_asics(path=None) -> pd.DataFrame:
    """ASIC miner nameplate specifications.

    Parameters
    ----------
    path : str or Path, optional
        CSV to read instead of the shipped ``data/asics.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``manufacturer``, ``model``, ``hashrate_ths`` [TH/s], ``power_w`` [W],
        ``efficiency_j_per_th`` [J/TH], ``release_year`` (Int64, <NA> if not confirmed),
        ``source`` (what was checked), ``verified`` (bool: a stored public page confirmed
        the hashrate and the power or efficiency), ``is_assumption`` (bool: some figure
        derived), ``note``.

    Raises
    ------
    DataValidationError
        Names the file, CSV line and column of the first bad cell; also when
        ``power_w / hashrate_ths`` differs from ``efficiency_j_per_th`` by more than 3%.

    References
    ----------
    Manufacturers' published nameplate specifications, as checked in the ``source`` column.

    Examples
    --------
    >>> a = load_asics().set_index("model")
    >>> a.loc["Antminer S19 Pro", ["hashrate_ths", "power_w"]].tolist()
    [110.0, 3250.0]
    """
    return _read_validated(ASICS, path)
