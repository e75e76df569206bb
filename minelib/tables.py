"""Reader-facing tables: show a DataFrame the way a reader of a report expects it.

A computed DataFrame is made for code: snake_case column names with unit suffixes,
raw floats (``0.594836``), ``inf``, fractions where a reader wants percentages, and an
index whose name pandas prints as an extra header row ("model" alone on a line). This
module turns it into a table for people, in JupyterLab and in the HTML/PDF reports alike:

* every column gets a human label with its unit: ``"Hashrate [TH/s]"``;
* numbers get thousands separators and a sensible number of digits (or the caller's
  format), fractions shown as percentages read ``"12.3 %"``, ``inf`` reads what the caller
  says (``"never"``, ``"unbounded"``; default ``"∞"``), NaN reads ``"–"``;
* the index becomes an ordinary first column with its own label (or is hidden), so no
  stray index-name row appears;
* every label and text cell is HTML-escaped, so a user-supplied label shows as typed.

Use it in a notebook cell::

    from minelib.tables import Col, reader_table

    reader_table(
        miners,
        {"hashrate_ths": Col("Hashrate", unit="TH/s", fmt=",.1f"),
         "p_block_1y": Col("Chance of a block in a year", percent=True, decimals=3),
         "years_to_block": Col("Expected wait", unit="years", fmt=",.0f", inf="never")},
        index="Miner",
        caption="Table 1. Three miners on a 913 EH/s network.",
    )

The result is a pandas ``Styler``: it displays as a table where it ends a cell (or with
``display(...)``), and ``.to_html()`` gives the markup. Columns not named in the mapping
are left out, in the mapping's order. Without a mapping every column is shown under a
label made from its name by :func:`humanize` (``"cost_usd_per_btc"`` ->
``"Cost [USD/BTC]"``).

Examples
--------
>>> format_number(1234567.891), format_number(0.594836), format_number(float("inf"), inf="never")
('1,234,568', '0.595', 'never')
>>> format_percent(0.1234), format_percent(-0.05, sign=True, decimals=0)
('12.3\\xa0%', '-5\\xa0%')
>>> humanize("power_price_usd_per_kwh")
'Power price [USD/kWh]'
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

__all__ = ["Col", "format_number", "format_percent", "humanize", "reader_table"]

#: Text for a missing value.
MISSING = "–"
#: Unit suffixes of column names (the project's naming convention) and how they read,
#: longest first so ``_usd_per_kwh`` wins over ``_usd``.
UNIT_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("_usd_per_ph_day", "USD/PH/day"), ("_usd_per_th_day", "USD/TH/day"),
    ("_btc_per_ph_day", "BTC/PH/day"), ("_usd_per_mw_year", "USD/MW/year"),
    ("_usd_per_kwh", "USD/kWh"), ("_usd_per_btc", "USD/BTC"), ("_j_per_th", "J/TH"),
    ("_per_year", "per year"), ("_per_day", "per day"),
    ("_ehs", "EH/s"), ("_phs", "PH/s"), ("_ths", "TH/s"), ("_hs", "H/s"),
    ("_btc", "BTC"), ("_sats", "sats"), ("_usd", "USD"), ("_mw", "MW"), ("_kw", "kW"),
    ("_pct", "%"), ("_years", "years"), ("_months", "months"), ("_days", "days"),
)


@dataclass(frozen=True)
class Col:
    """How one column reads: its label and unit, and how its numbers are written.

    Parameters
    ----------
    label : str
        What the column is, in words (``"Break-even hashprice"``).
    unit : str, optional
        Shown in brackets after the label (``"USD/PH/day"`` -> ``"... [USD/PH/day]"``).
        Leave it empty for percentages (the cells carry ``%``) and counts without unit.
    fmt : str, optional
        A format spec for the numbers (``",.1f"``, ``"+,.0f"``); default: automatic
        (see :func:`format_number`).
    percent : bool
        The column holds fractions (0.123) to be read as percentages ("12.3 %").
    decimals : int
        Decimals of a percentage (default 1).
    sign : bool
        Write a ``+`` before positive percentages (changes, gaps).
    inf : str
        How ``inf`` reads (default ``"∞"``; e.g. ``"never"`` for a wait, ``"unbounded"``).
    """

    label: str
    unit: str = ""
    fmt: str | None = None
    percent: bool = False
    decimals: int = 1
    sign: bool = False
    inf: str = "∞"

    @property
    def heading(self) -> str:
        return f"{self.label} [{self.unit}]" if self.unit else self.label

    def text(self, value) -> str:
        """One cell as it reads."""
        if self.percent:
            return format_percent(value, self.decimals, sign=self.sign, inf=self.inf)
        return format_number(value, self.fmt, inf=self.inf)


def _missing(value) -> bool:
    """None, NaN, NaT or pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA: its comparisons are NA, whose truth is ambiguous
        return True


def format_number(value, fmt: str | None = None, *, inf: str = "∞") -> str:
    """A number as a reader reads it.

    Default format by size: integers with thousands separators; from 1,000 no decimals,
    from 10 one, from 1 two, below 1 three significant digits (an exponent below 0.001).
    ``fmt`` (a format spec such as ``",.2f"``) overrides. ``inf`` reads ``inf`` (and
    ``-inf`` reads ``"-" + inf``); NaN and None read ``"–"``; text is returned as is.

    Parameters
    ----------
    value : int, float, NumPy scalar, str or None
        The cell's value [any unit: the text does not carry it; the column label does,
        see :class:`Col`]. A boolean or other object reads as ``str(value)``.
    fmt : str, optional
        A format spec that replaces the automatic one, e.g. ``",.2f"``.
    inf : str
        How an infinite value reads (``"never"``, ``"unbounded"``); default ``"∞"``.

    Returns
    -------
    str
        The text of the cell.

    Examples
    --------
    >>> [format_number(v) for v in (71091.0, 35.04, 1.0273, 0.000012, 42, True)]
    ['71,091', '35.0', '1.03', '1.2e-05', '42', 'True']
    """
    if isinstance(value, str):
        return value
    if _missing(value):
        return MISSING
    if hasattr(value, "item"):
        value = value.item()  # NumPy scalar -> Python number
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and math.isinf(value):
        return inf if value > 0 else f"-{inf}"
    if fmt is not None:
        return format(value, fmt)
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return f"{value:,.0f}"
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:,.1f}"
    if size >= 1:
        return f"{value:,.2f}"
    return f"{value:.3g}" if size >= 0.001 else f"{value:.2g}"


def format_percent(fraction, decimals: int = 1, *, sign: bool = False, inf: str = "∞") -> str:
    """A fraction as a percentage: ``0.123`` -> ``"12.3 %"`` (a no-break space before %).

    Parameters
    ----------
    fraction : float, NumPy scalar or None
        The value [fraction, 1 = 100 %]; NaN and None read ``"–"``.
    decimals : int
        Decimals of the percentage [digits].
    sign : bool
        Write ``+`` before positive values (for changes and gaps).
    inf : str
        How an infinite value reads; default ``"∞"``.

    Returns
    -------
    str
        E.g. ``"12.3\xa0%"``, with thousands separators above 999 %.

    Examples
    --------
    >>> format_percent(0.035), format_percent(1.0, decimals=0), format_percent(None)
    ('3.5\\xa0%', '100\\xa0%', '–')
    """
    if _missing(fraction):
        return MISSING
    if hasattr(fraction, "item"):
        fraction = fraction.item()
    if math.isinf(fraction):
        return inf if fraction > 0 else f"-{inf}"
    return f"{100 * fraction:{'+' if sign else ''},.{decimals}f}\u00a0%"


def humanize(name) -> str:
    """A column name as a label: the unit suffix in brackets, words capitalised.

    The suffixes are the project's naming convention (:data:`UNIT_SUFFIXES`, longest
    first, so ``_usd_per_kwh`` wins over ``_usd``).

    Parameters
    ----------
    name : str or object
        A column or index name (``str(name)`` is used).

    Returns
    -------
    str
        ``"Words [unit]"``, or ``"Words"`` without a known suffix.

    Examples
    --------
    >>> humanize("hashrate_ths"), humanize("share_unprofitable"), humanize("model")
    ('Hashrate [TH/s]', 'Share unprofitable', 'Model')
    """
    text = str(name)
    unit = ""
    for suffix, reads in UNIT_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text, unit = text[: -len(suffix)], reads
            break
    words = text.replace("_", " ").strip()
    words = words[:1].upper() + words[1:]
    return f"{words} [{unit}]" if unit else words


def reader_table(df, columns: dict | None = None, *, index: str | bool | None = None,
                 caption: str | None = None):
    """A DataFrame as a reader-facing table (a pandas ``Styler``); see the module.

    Parameters
    ----------
    df : pandas.DataFrame or pandas.Series
        The computed table [each column in the unit its name's suffix says, e.g.
        ``_ths``]; a Series is shown as one column.
    columns : dict, optional
        ``{column name: Col(...) or a label}``: the columns to show, in order, and how
        each reads. Default: every column, labelled by :func:`humanize`.
    index : str or bool, optional
        The label of the index, shown as the first column; ``False`` hides the index.
        Default: hidden for a plain 0..n-1 index, else shown labelled by
        :func:`humanize` of its name.
    caption : str, optional
        A caption above the table ("Table 2. ...").

    Returns
    -------
    pandas.io.formats.style.Styler
        Numbers formatted, labels and text escaped, one header row.

    Raises
    ------
    ValueError
        If ``columns`` names a column ``df`` does not have, or two columns get the same
        label.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"wait_years": [14466.4, float("inf")]},
    ...                   index=pd.Index(["Bitaxe", "idle"], name="model"))
    >>> html = reader_table(df, {"wait_years": Col("Expected wait", "years", inf="never")},
    ...                     index="Device").to_html()
    >>> "Expected wait [years]" in html and "14,466" in html and "never" in html
    True
    >>> html.count("<tr>")  # one header row (no index-name row), two body rows
    3
    """
    import pandas as pd

    frame = df.to_frame() if isinstance(df, pd.Series) else df
    if columns is None:
        columns = {c: Col(humanize(c)) for c in frame.columns}
    specs = {name: (c if isinstance(c, Col) else Col(str(c))) for name, c in columns.items()}
    missing = [name for name in specs if name not in frame.columns]
    if missing:
        raise ValueError(f"reader_table: columns={missing!r} are not in the DataFrame "
                         f"(it has {list(frame.columns)!r})")
    shown = frame[list(specs)].copy()
    formatters = {spec.heading: spec.text for spec in specs.values()}
    shown.columns = [spec.heading for spec in specs.values()]
    if index is None:
        plain = isinstance(frame.index, pd.RangeIndex) and frame.index.name is None
        index = False if plain else humanize(frame.index.name or "")
    labels = [*([] if index is False else [str(index)]), *shown.columns]
    if len(set(labels)) != len(labels):
        raise ValueError(f"reader_table: two columns have the same label: {labels!r}")
    if index is not False:
        shown.insert(0, str(index), [str(v) for v in frame.index])
        formatters[str(index)] = str
    shown = shown.reset_index(drop=True)
    text_cols = [c for c in shown.columns  # left-aligned: the index column and text columns
                 if formatters[c] is str or pd.api.types.is_string_dtype(shown[c].dtype)]
    styler = (shown.style.format(formatters, escape="html")
              .format_index(escape="html", axis=1)
              .hide(axis="index"))
    classes = pd.DataFrame("", index=shown.index, columns=shown.columns)
    for col in text_cols:
        classes[col] = "text"
    styler = styler.set_td_classes(classes).set_table_styles(
        [{"selector": "td.text", "props": "text-align: left;"}])
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler
