"""The schema engine: declare a CSV's columns once, read it, validate every cell.

A :class:`Schema` lists a file's :class:`Column` s (kind, whether a value is required,
range and unit, categories), the columns whose combination must be unique, the accepted
``metric`` values of a long-format file (:class:`MetricSpec`) and row checks across
columns. :func:`read_validated` reads the CSV as text, checks the header, parses each cell
and runs the checks *before* returning anything, and gives back a typed
:class:`pandas.DataFrame` (dates parsed, categories as ``category``, numbers as
``float64``).

Every error is a :class:`DataValidationError` (a ``ValueError``) naming the file, the line
as in the CSV (header = line 1, first data row = line 2), the column, the value and the
expected range and unit, in the style of :func:`minelib._validate.check_array`.

The files' own schemas are in :mod:`minelib.data.schemas`; the loaders in
:mod:`minelib.data.loaders`.

Why not pandera: it validates whole columns and reports failures by DataFrame index, so
every message would need translating back to a CSV line; a failed cast cascades into
further check errors with tracebacks; a cross-column check reports every cell of the
failing row instead of the column at fault; and it adds ~0.5 s to the import (pandas
alone ~0.9 s) and seven packages, ~16 MB (pydantic, pydantic-core, typeguard,
typing-inspect, typing-inspection, annotated-types, mypy-extensions; pandera 0.35). This
engine is a page long and says exactly what is wrong and where.
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

__all__ = ["Column", "MetricSpec", "Schema", "DataValidationError", "read_validated"]

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
        Accepted range (inclusive) for ``float`` / ``int`` columns [``unit``].
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
    if k == "str":
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


def _read_text_table(path: Path, fname: str, expected: list[str]) -> pd.DataFrame:
    """The CSV as strings; a clear error for an unreadable or empty file."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise _fail(fname, None, None, f"the file is empty; expected a header line with the columns {expected} "
                                       "and at least one data row") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise _fail(fname, None, None, f"cannot be parsed as UTF-8 CSV ({exc})") from None
    return raw


def read_validated(schema: Schema, path: str | Path) -> pd.DataFrame:
    """Read the CSV at ``path``, validate it against ``schema`` and return a typed DataFrame.

    Parameters
    ----------
    schema : Schema
        The file's schema.
    path : str or Path
        The CSV file.

    Returns
    -------
    pandas.DataFrame
        One column per schema column, in schema order, typed by kind.

    Raises
    ------
    FileNotFoundError
        If ``path`` is not a file.
    DataValidationError
        On the first problem: an empty or unreadable file, a missing, unknown or duplicate
        column, a header without data rows, a bad cell, a failed row check or a duplicate
        key; the message names the file, the CSV line and the column.

    Examples
    --------
    >>> import tempfile
    >>> s = Schema("demo", (Column("hashrate_ehs", "float", lo=0.0, unit="EH/s"),))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "demo.csv"
    ...     _ = p.write_text("hashrate_ehs\\n-1\\n", encoding="utf-8")
    ...     read_validated(s, p)
    Traceback (most recent call last):
    ...
    minelib.data.schema.DataValidationError: demo.csv line 2, column 'hashrate_ehs': value '-1' is outside the expected range [0, inf) [EH/s]
    """
    path = Path(path)
    fname = path.name
    if not path.is_file():
        raise FileNotFoundError(f"{schema.name}: data file not found: {path}")
    expected = [c.name for c in schema.columns]
    raw = _read_text_table(path, fname, expected)

    header = list(raw.columns)
    missing = [c for c in expected if c not in header]
    if missing:
        raise _fail(fname, 1, None, f"missing column(s) {missing}; expected columns {expected}")
    extra = [c for c in header if c not in expected]
    if extra:
        raise _fail(fname, 1, None, f"unexpected column(s) {extra}; allowed columns {expected}")
    if len(set(header)) != len(header):
        raise _fail(fname, 1, None, f"duplicate column names in header {header}")
    if raw.empty:
        raise _fail(fname, None, None, "has a header but no data rows; expected at least one row")

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
