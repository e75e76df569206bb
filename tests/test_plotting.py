"""Tests of minelib.plotting: the house style's fixed title position is where matplotlib's own placement puts it."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
import seaborn as sns
from matplotlib.figure import Figure

from minelib.plotting import percent_axis, usd_axis, use_house_style


def line_with_dates(ax):
    months = pd.period_range("2026-01", periods=24, freq="M").to_timestamp()
    ax.fill_between(months, np.linspace(10, 20, 24), np.linspace(30, 60, 24), alpha=0.25, label="90% of paths")
    ax.plot(months, np.linspace(20, 40, 24), label="median")
    usd_axis(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2)


def heatmap(ax):
    grid = pd.DataFrame(np.linspace(0.8, 1.2, 63).reshape(9, 7))
    sns.heatmap(grid, annot=True, fmt=".2f", cmap="RdBu", center=1.0, cbar_kws={"label": "ratio"}, ax=ax)


def log_axes(ax):
    ax.plot([1, 10, 100], [0.25, 1, 4])
    ax.set(xscale="log", yscale="log")
    percent_axis(ax)


def title_extents(draw, titley):
    """Window extents of the titles of two side-by-side axes drawn in the house style."""
    with matplotlib.rc_context():
        use_house_style()
        if titley != "house":
            matplotlib.rcParams["axes.titley"] = titley
        fig = Figure()
        axes = fig.subplots(1, 2)
        for ax in axes:
            draw(ax)
            ax.set_title("A title [unit]")
        fig.canvas.draw()
        return [tuple(ax.title.get_window_extent().bounds) for ax in axes]


@pytest.mark.parametrize("draw", [line_with_dates, heatmap, log_axes])
def test_fixed_title_position_equals_matplotlibs_automatic_one(draw):
    # None: matplotlib measures what is on top of the axes and places the title above it
    assert title_extents(draw, "house") == title_extents(draw, None)


def test_house_style_fixes_the_title_position():
    with matplotlib.rc_context({"axes.titley": None}):
        use_house_style()
        assert matplotlib.rcParams["axes.titley"] == 1.0
