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

    seaborn's ``whitegrid`` theme with the colour-blind-safe palette, figures of
    :data:`FIGSIZE` (the text width of an A4 report page), bold titles, no top or right
    spine, legends without frames, constrained layout. It changes matplotlib's global
    ``rcParams``: call it once, at the top of a notebook.

    Titles sit at the top edge of their axes (``axes.titley = 1.0``, plus the usual pad).
    That is where matplotlib's automatic placement puts them on every chart of this
    workbook (none has ticks or labels above its axes), and fixing it skips that
    placement, which measures every tick label of the axes again on each draw (a fifth
    to a third of the time a simple chart takes to render). A chart with ticks on top
    would pass ``y=`` to ``set_title``.

    Returns
    -------
    None

    Examples
    --------
    >>> use_house_style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["figure.figsize"], mpl.rcParams["axes.titley"]
    ([6.8, 3.8], 1.0)
    """
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook", font_scale=0.9)
    mpl.rcParams.update({
        "figure.figsize": list(FIGSIZE),
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.titley": 1.0,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "figure.constrained_layout.use": True,
    })


def usd_axis(ax, axis: str = "y", decimals: int = 0, suffix: str = ""):
    """Format an axis as US dollars with thousands separators, e.g. ``$45,000/BTC``, ``-$2.0M``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to format.
    axis : {"y", "x"}
        Which axis; anything but ``"y"`` means x.
    decimals : int
        Decimals shown [digits].
    suffix : str
        Text after the amount, e.g. ``"/BTC"`` or ``"M"``.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, so calls chain.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = usd_axis(Figure().subplots(), suffix="/BTC")
    >>> ax.yaxis.get_major_formatter()(45000)
    '$45,000/BTC'
    >>> fmt = usd_axis(Figure().subplots(), decimals=1, suffix="M").yaxis.get_major_formatter()
    >>> fmt(-2.0, 0), fmt(1234.5, 0)
    ('-$2.0M', '$1,234.5M')
    """
    fmt = FuncFormatter(lambda v, _pos: f"{'-' if round(v, decimals) < 0 else ''}${abs(v):,.{decimals}f}{suffix}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def percent_axis(ax, axis: str = "y", xmax: float = 1.0, decimals: int = 0):
    """Format an axis holding fractions as percentages (``0.25`` -> ``25%``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to format.
    axis : {"y", "x"}
        Which axis; anything but ``"y"`` means x.
    xmax : float
        The data value that reads 100 % [the unit of the data]: 1.0 for fractions, 100
        for data already in percent.
    decimals : int
        Decimals shown [digits].

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, so calls chain.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> percent_axis(Figure().subplots()).yaxis.get_major_formatter()(0.25)
    '25%'
    >>> percent_axis(Figure().subplots(), xmax=100, decimals=1).yaxis.get_major_formatter()(12.34)
    '12.3%'
    """
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(xmax=xmax, decimals=decimals))
    return ax


def unit_axis(ax, unit: str, axis: str = "y", decimals: int = 0):
    """Append a unit to the tick labels, e.g. ``566 EH/s``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to format.
    unit : str
        The unit of the plotted values, shown after each number (``"EH/s"``,
        ``"J/TH"``).
    axis : {"y", "x"}
        Which axis; anything but ``"y"`` means x.
    decimals : int
        Decimals shown [digits].

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, so calls chain.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> unit_axis(Figure().subplots(), "EH/s", axis="x").xaxis.get_major_formatter()(566)
    '566 EH/s'
    """
    fmt = FuncFormatter(lambda v, _pos: f"{v:,.{decimals}f} {unit}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def close_all() -> None:
    """Close every open figure (keeps long notebook runs light on memory)."""
    plt.close("all")
