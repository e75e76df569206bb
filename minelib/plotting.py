"""The house plot style and a few axis helpers shared by the notebooks.

One look for every chart: seaborn's ``whitegrid`` theme, a colour-blind-safe palette,
figure sizes that fit an A4 report page, and axis formatters that put the unit on the
tick labels (``$40``, ``25%``, ``566 EH/s``).
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.ticker import FuncFormatter, PercentFormatter

__all__ = ["use_house_style", "usd_axis", "percent_axis", "unit_axis", "FIGSIZE", "FIGSIZE_WIDE"]

#: Fits the text width of an A4 report (about 17 cm) at 100 dpi.
FIGSIZE = (6.8, 3.8)
FIGSIZE_WIDE = (6.8, 3.0)
PALETTE = "colorblind"


def use_house_style() -> None:
    """Apply the workbook's plot style (idempotent).

    Examples
    --------
    >>> use_house_style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["figure.figsize"]
    [6.8, 3.8]
    """
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook", font_scale=0.9)
    mpl.rcParams.update({
        "figure.figsize": list(FIGSIZE),
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "figure.constrained_layout.use": True,
    })


def usd_axis(ax, axis: str = "y", decimals: int = 0, suffix: str = ""):
    """Format an axis as US dollars with thousands separators, e.g. ``$45,000/BTC``, ``-$2.0M``.

    >>> fig, ax = plt.subplots()
    >>> fmt = usd_axis(ax, decimals=1, suffix="M").yaxis.get_major_formatter()
    >>> fmt(-2.0, 0), fmt(1234.5, 0)
    ('-$2.0M', '$1,234.5M')
    >>> plt.close(fig)
    """
    fmt = FuncFormatter(lambda v, _pos: f"{'-' if round(v, decimals) < 0 else ''}${abs(v):,.{decimals}f}{suffix}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def percent_axis(ax, axis: str = "y", xmax: float = 1.0, decimals: int = 0):
    """Format an axis holding fractions as percentages (``0.25`` -> ``25%``)."""
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(xmax=xmax, decimals=decimals))
    return ax


def unit_axis(ax, unit: str, axis: str = "y", decimals: int = 0):
    """Append a unit to the tick labels, e.g. ``566 EH/s``."""
    fmt = FuncFormatter(lambda v, _pos: f"{v:,.{decimals}f} {unit}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def close_all() -> None:
    """Close every open figure (keeps long notebook runs light on memory)."""
    plt.close("all")
