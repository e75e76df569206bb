"""The network's growth between the data's two point estimates of hashrate: one function
(``minelib.montecarlo.trend_drift_from_snapshots``) that notebooks 05, 08, 09, 10, 11 and 12 take it from."""

from __future__ import annotations

import csv
import math
from datetime import date
from fractions import Fraction
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pandas as pd
import pytest

import minelib
import minelib.data
from minelib.montecarlo import trend_drift_from_snapshots
from minelib.reports.inspection import notebook_parameters

ROOT = Path(__file__).resolve().parents[1]


def _point_estimates_from_the_csv():
    """The first and the last point estimate of network hashrate, read from the CSV by hand."""
    with open(ROOT / "data" / "network_snapshots.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["metric"] == "hashrate_ehs" and r["basis"] == "point"]
    rows.sort(key=lambda r: r["date"])
    return [(date.fromisoformat(r["date"]), float(r["value"])) for r in (rows[0], rows[-1])]


def test_growth_of_the_shipped_data_by_hand():
    (d0, h0), (d1, h1) = _point_estimates_from_the_csv()
    assert (d0, h0, d1, h1) == (date(2024, 3, 31), 566.0, date(2026, 2, 5), 913.0)  # seeds 000 and 003
    days = (d1 - d0).days
    assert days == 676  # 275 days left of 2024 after 31 Mar, 365 in 2025, 36 to 5 Feb 2026
    years = Fraction(days) / Fraction(36525, 100)  # Julian years, exactly
    trend = trend_drift_from_snapshots()
    assert trend["years"] == float(years)
    assert (trend["first_ehs"], trend["last_ehs"]) == (566.0, 913.0)
    assert (trend["first_date"], trend["last_date"]) == (pd.Timestamp(d0), pd.Timestamp(d1))
    # compounded once a year: (913 / 566)^(365.25 / 676) - 1 = 29.48 %; continuously: ln(913 / 566) x 365.25 / 676
    assert trend["growth_per_year"] == pytest.approx((913 / 566) ** (36525 / 67600) - 1, rel=1e-13)
    assert trend["drift_per_year"] == pytest.approx(math.log(913 / 566) * 36525 / 67600, rel=1e-13)
    assert round(trend["growth_per_year"], 4) == 0.2948
    # the two are one growth: exp(mu) - 1 = g, and back
    assert trend["growth_per_year"] == np.expm1(trend["drift_per_year"])
    assert np.log1p(trend["growth_per_year"]) == pytest.approx(trend["drift_per_year"], rel=1e-15)


def test_growth_of_a_doubling_in_365_days():
    # the two point estimates of hashrate count; a peak and another metric do not
    snap = pd.DataFrame({"date": pd.to_datetime(["2023-01-01", "2023-06-01", "2024-01-01", "2023-03-01"]),
                         "metric": ["hashrate_ehs", "hashrate_ehs", "hashrate_ehs", "difficulty"],
                         "basis": ["point", "peak", "point", "point"], "value": [100.0, 900.0, 200.0, 1e14]})
    # 100 -> 200 EH/s over 365 days, 365 / 365.25 Julian years: 2^(365.25 / 365) - 1 a year,
    # ln 2 x 365.25 / 365 continuously
    out = trend_drift_from_snapshots(snap)
    assert (out["first_ehs"], out["last_ehs"]) == (100.0, 200.0)
    assert out["years"] == 365 / 365.25
    assert out["growth_per_year"] == pytest.approx(2 ** (365.25 / 365) - 1, rel=1e-13)
    assert out["drift_per_year"] == pytest.approx(math.log(2) * 365.25 / 365, rel=1e-13)
    with pytest.raises(ValueError, match="expected two"):
        trend_drift_from_snapshots(snap.iloc[:1])


# --------------------------------------------------------------------------- the notebooks
def _run_until(notebook: str, name: str, **overrides) -> dict:
    """Run a notebook's code cells in order, with ``overrides`` after its parameters cell (as
    papermill does), until ``name`` is defined; return the namespace."""
    nb = nbformat.read(ROOT / "notebooks" / notebook, as_version=4)
    ns: dict = {}
    with matplotlib.rc_context():  # the notebooks set the house style: leave the worker's rcParams as they were
        try:
            for cell in nb.cells:
                if cell.cell_type != "code":
                    continue
                exec(compile(cell.source, notebook, "exec"), ns)  # noqa: S102 - the repository's own notebook
                if "parameters" in cell.metadata.get("tags", []):
                    ns.update(overrides)
                if name in ns:
                    return ns
        finally:
            plt.close("all")
    raise AssertionError(f"{notebook} never defines {name}")


#: notebook -> (its growth compounded yearly or None, the drift it simulates with or None)
GROWTH_NAMES = {"05_solo_and_home_mining.ipynb": ("annual_growth", "drift"),
                "08_network_history.ipynb": ("hashrate_growth", None),
                "09_uncertainty.ipynb": (None, "drift"),
                "10_asic_investment.ipynb": ("growth", None),
                "11_next_halving.ipynb": ("growth", None),
                "12_hedging_hashprice.ipynb": (None, "drift")}


@pytest.fixture
def faster_network(monkeypatch):
    """The shipped snapshots with seed 003's 913 EH/s point estimate moved to 1,200 EH/s."""
    snap = minelib.load_network_snapshots()
    moved = snap.copy()
    moved.loc[(moved["metric"] == "hashrate_ehs") & (moved["basis"] == "point") & (moved["value"] == 913.0),
              "value"] = 1200.0
    monkeypatch.setattr(minelib.data, "load_network_snapshots", lambda path=None: moved.copy())
    monkeypatch.setattr(minelib, "load_network_snapshots", lambda path=None: moved.copy())
    return trend_drift_from_snapshots(moved)


@pytest.mark.parametrize("notebook", list(GROWTH_NAMES))
def test_notebooks_take_the_networks_growth_from_the_data(notebook, faster_network):
    """Every notebook's default growth is the data's, through the one function: move the
    data and the growth follows (notebook 05 typed 566 and 913 EH/s as parameters before)."""
    growth_name, drift_name = GROWTH_NAMES[notebook]
    ns = _run_until(notebook, drift_name or growth_name)
    assert faster_network["last_ehs"] == 1200.0
    if growth_name:
        assert ns[growth_name] == faster_network["growth_per_year"]
    if drift_name:
        assert ns[drift_name] == faster_network["drift_per_year"]


@pytest.mark.parametrize("notebook", ["05_solo_and_home_mining.ipynb", "10_asic_investment.ipynb",
                                      "11_next_halving.ipynb"])
def test_annual_hashrate_growth_overrides_the_data(notebook):
    param = notebook_parameters(ROOT / "notebooks" / notebook)["annual_hashrate_growth"]
    assert param.default is None
    growth_name, drift_name = GROWTH_NAMES[notebook]
    ns = _run_until(notebook, drift_name or growth_name, annual_hashrate_growth=0.1)
    assert ns[growth_name] == 0.1
    if drift_name:
        assert ns[drift_name] == np.log1p(0.1)


@pytest.mark.parametrize("notebook", ["09_uncertainty.ipynb", "12_hedging_hashprice.ipynb"])
def test_hashrate_drift_per_year_overrides_the_data(notebook):
    assert notebook_parameters(ROOT / "notebooks" / notebook)["hashrate_drift_per_year"].default is None
    assert _run_until(notebook, "drift", hashrate_drift_per_year=0.1)["drift"] == 0.1


def test_notebook_05_refuses_a_network_that_does_not_grow():
    with pytest.raises(ValueError, match=r"annual_hashrate_growth=0\.0 must be > 0 \[fraction per year\]"):
        _run_until("05_solo_and_home_mining.ipynb", "drift", annual_hashrate_growth=0.0)


def test_notebook_11_prose_follows_the_fees_and_the_protocol(monkeypatch):
    """Notebook 11's prose states the reward's fall, the steady block interval and the middle of
    January from variables, not as typed words ("nearly twice", "600.30 s", 15.5 days): at
    1 BTC of fees a block the reward falls by (3.125 + 1) / (1.5625 + 1) = 1.61, not twice."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    ns = _run_until("11_next_halving.ipynb", "after_quarters", fees_per_block_btc=1.0, fees_what_if_btc=0.5,
                    n_paths=10)
    text = "\n".join(o.data for o in shown if isinstance(o, IPython.display.Markdown))
    assert "the halving alone asks for 1.61 times the hashrate a day, short of 2 times" in text
    # the what-if: (3.125 + 0.5) / (1.5625 + 0.5) = 1.76
    assert "at 0.5 BTC a block the factor would be 1.76 instead of 1.61." in text
    assert "twice" not in text
    assert f"{600 * 2016 / 2015:.2f} s apart" in text  # Bitcoin Core's 2,015 intervals per 2,016 blocks
    assert ns["jan_mid"] == pd.Timestamp("2026-01-16 12:00")  # 31 days / 2 after 1 January
    # the multiple every miner needs is the reward's fall x the network's growth x the quarters' days
    assert ns["multiple_base"] == pytest.approx(
        (3.125 + 1) / (1.5625 + 1) * ns["network_factor_base"] * ns["days_ratio_base"], rel=1e-12)


def test_notebook_05_says_1_year_for_a_one_year_horizon(monkeypatch):
    """With horizons_years=[1.0] the tables, the headline and the prose said "1 years": every
    label of a horizon comes from the notebook's years_label."""
    import IPython.display

    import minelib.reports

    shown, labels = [], []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    monkeypatch.setattr(minelib.reports, "headline", lambda *a, label=None, **kw: labels.append(label))
    ns = _run_until("05_solo_and_home_mining.ipynb", "kk", horizons_years=[1.0])
    text = "\n".join([o.data for o in shown if isinstance(o, IPython.display.Markdown)] + labels)
    assert "1 years" not in text and "1-year" in text
    assert any(label.startswith("1 year of a network growing") for label in labels)
    assert "**1 year of mining hold" in text and "the chance of a block in 1 year falls" in text
    assert list(ns["odds"].columns) == ["1 year"]
