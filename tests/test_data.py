"""Tests of the curated datasets and their loaders (minelib.data).

Expected values are typed from the seed articles (or worked out by hand), never taken
from the function under test.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from minelib import data as md
from minelib import live

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
S2 = "002_d81e0ff9e5c96647.txt"

LOADERS = {
    "network_snapshots": md.load_network_snapshots,
    "miner_monthly": md.load_miner_monthly,
    "miner_quarterly": md.load_miner_quarterly,
    "treasury_events": md.load_treasury_events,
    "halvings": md.load_halvings,
    "asics": md.load_asics,
    "hpc_deals": md.load_hpc_deals,  # figures checked in tests/test_hpc.py
}
# Files with a loader outside minelib.data (and their own schema and tests).
OTHER_LOADERS = {
    "network_history_snapshot": lambda: live.load_network_history("snapshot"),  # tests/test_live.py
}


# ------------------------------------------------------------------ shipped files


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_shipped_file_loads(name):
    df = LOADERS[name]()
    assert len(df) > 0
    assert list(df.columns) == [c.name for c in md.SCHEMAS[name].columns]


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_loader_works_from_any_cwd(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(LOADERS[name]()) > 0


def test_every_data_file_has_a_loader_and_readme_entry():
    csvs = sorted(p.stem for p in DATA.glob("*.csv"))
    assert csvs == sorted({**LOADERS, **OTHER_LOADERS})
    assert all(len(load()) > 0 for load in OTHER_LOADERS.values())
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for name in csvs:
        assert f"{name}.csv" in readme


@pytest.mark.parametrize("name", ["network_snapshots", "miner_monthly", "miner_quarterly", "treasury_events"])
def test_quotes_are_verbatim_in_their_seed(name):
    if not SEEDS.is_dir():
        pytest.skip("seed articles not available")
    df = LOADERS[name]()
    for src, quote in zip(df["source"], df["quote"]):
        text = (SEEDS / src).read_text(encoding="utf-8")
        for fragment in quote.split(" [...] "):
            assert fragment in text, (src, fragment)


# ------------------------------------------------------------------ seed figures


def test_network_snapshot_figures():
    df = md.load_network_snapshots()

    def values(metric, source):
        sel = df[(df.metric == metric) & (df.source == source)]
        return sorted(sel["value"].tolist())

    assert values("difficulty", "001_edb144c9be488f88.txt") == [124.93e12, 138.96e12]
    assert values("difficulty", S2) == [125.86e12]
    assert values("difficulty", "003_51347cbd2f4016cb.txt") == [146.5e12, 156e12]
    assert values("hashrate_ehs", "000_abd4e67359fd40a7.txt") == [566.0]
    assert values("hashrate_ehs", "003_51347cbd2f4016cb.txt") == [700.0, 913.0, 1000.0, 1100.0]
    assert values("hashprice_usd_per_ph_day", "003_51347cbd2f4016cb.txt") == [37.15, 40.0]
    assert values("hashprice_usd_per_ph_day", "004_57c45d30c358cac2.txt") == [40.0, 62.0]
    assert values("price_usd", "003_51347cbd2f4016cb.txt") == [71091.0]
    assert values("all_in_cost_usd_per_btc", "001_edb144c9be488f88.txt") == [78000.0]
    assert values("all_in_cost_usd_per_btc", S2) == [84300.0]
    assert values("all_in_cost_usd_per_btc", "003_51347cbd2f4016cb.txt") == [87000.0]
    # implied price in 002: $84,300 all-in cost is "about $15,000 higher" -> 69,300, marked derived
    implied = df[(df.metric == "price_usd") & (df.source == S2) & (df.value == 84_300 - 15_000)]
    assert len(implied) == 1 and bool(implied["is_assumption"].iloc[0])
    # every undated article's date is marked inferred and explained
    assert df.loc[df.source != "000_abd4e67359fd40a7.txt", "date_inferred"].all()
    assert (df["date_note"].str.len() > 20).all()


def test_network_units_match_metrics():
    df = md.load_network_snapshots()
    expected = {
        "difficulty": "dimensionless",
        "hashrate_ehs": "EH/s",
        "hashprice_usd_per_ph_day": "USD/PH/day",
        "price_usd": "USD/BTC",
        "all_in_cost_usd_per_btc": "USD/BTC",
        "btc_issued_per_day": "BTC/day",
    }
    for metric, unit in zip(df["metric"], df["unit"]):
        assert expected[metric] == unit


def _monthly(df, miner, month):
    sel = df[(df.miner == miner) & (df.month == pd.Period(month, "M"))]
    assert len(sel) == 1, (miner, month)
    return sel.iloc[0]


def test_miner_monthly_seed_figures():
    df = md.load_miner_monthly()
    r = _monthly(df, "CleanSpark", "2026-01")
    assert (r.btc_mined, r.btc_sold, r.btc_held_end, r.hashrate_ehs) == (573, 158.6, 13513, 42.6)
    assert r.hashrate_basis == "average" and not r.is_assumption
    assert _monthly(df, "CleanSpark", "2025-12").hashrate_ehs == pytest.approx(42.6 + 4.6)
    b = _monthly(df, "Bitdeer", "2026-01")
    assert (b.btc_mined, b.hashrate_ehs, b.btc_held_end) == (668, 63.2, 1530)
    assert _monthly(df, "Bitdeer", "2025-12").btc_mined == 636
    assert _monthly(df, "Bitdeer", "2025-01").btc_mined == 126
    assert _monthly(df, "Cango", "2026-01").btc_mined == 496.3
    assert _monthly(df, "Cango", "2026-01").btc_sold == 550
    assert _monthly(df, "Cango", "2025-12").hashrate_ehs == pytest.approx(37 + 6.3)
    assert [_monthly(df, "Hive", m).btc_mined for m in ("2025-11", "2025-12", "2026-01")] == [290, 306, 297]
    f = _monthly(df, "BitFuFu", "2026-01")
    assert (f.btc_mined, f.btc_mined_self, f.btc_mined_cloud, f.btc_held_end) == (229, 46, 183, 1796)
    assert f.btc_mined_self + f.btc_mined_cloud == f.btc_mined
    fd = _monthly(df, "BitFuFu", "2025-12")
    assert (fd.btc_mined, fd.hashrate_ehs, fd.btc_held_end) == (188, pytest.approx(26.1), 1780)
    c = _monthly(df, "Canaan", "2026-01")
    assert (c.btc_mined, c.hashrate_ehs, c.hashrate_basis) == (83, 6.6, "month_end")


def test_miner_monthly_never_invents_numbers():
    df = md.load_miner_monthly()
    # figures the article does not give stay blank
    assert np.isnan(_monthly(df, "Bitdeer", "2025-12").btc_held_end)
    assert np.isnan(_monthly(df, "Hive", "2026-01").btc_sold)
    # derived figures are flagged and named
    for names, flag in zip(df["derived_columns"].fillna(""), df["is_assumption"]):
        derived = [c for c in names.split(";") if c]
        assert bool(derived) == bool(flag)


def test_miner_quarterly_seed_figures():
    df = md.load_miner_quarterly()

    def v(miner, period, metric):
        sel = df[(df.miner == miner) & (df.period == period) & (df.metric == metric)]
        assert len(sel) == 1, (miner, period, metric)
        return float(sel["value"].iloc[0])

    assert v("Cipher", "2024Q1", "btc_produced") == 924
    assert v("Cipher", "2024Q1", "power_cost_usd_per_btc") == 16_000
    assert v("Cipher", "target", "efficiency_target_j_per_th") == 22
    assert v("Cipher", "2024Q3", "hashrate_target_ehs") == 8.9
    assert v("Cipher", "2025Q4", "hashrate_target_ehs") == 25
    assert v("CleanSpark", "2024Q1", "all_in_cost_usd_per_btc") == 45_000
    assert v("CleanSpark", "2023Q3", "hashrate_ehs") == 6.7
    assert v("CleanSpark", "2024Q1", "hashrate_ehs") == 16.4
    assert v("CleanSpark", "2023Q3", "opex_usd") == 60e6
    assert v("CleanSpark", "2024Q1", "opex_usd") == 100e6
    assert v("CleanSpark", "2024Q4", "hashrate_target_ehs") == 32
    assert v("CleanSpark", "2024Q4", "operational_efficiency_fraction") == 0.86
    assert v("CleanSpark", "2025Q4", "revenue_usd") == 181.2e6
    assert v("CleanSpark", "2025Q4", "btc_held_end") == 13_100
    assert v("IREN", "2025Q4", "revenue_usd") == 184.7e6
    assert v("IREN", "2025Q4", "mining_revenue_usd") == 167.4e6
    assert v("IREN", "2025Q4", "ai_cloud_revenue_usd") == 17.3e6
    assert v("Canaan", "2025Q4", "mining_revenue_usd") == 30.4e6
    assert v("Canaan", "2025Q4", "mining_cost_usd") == 37e6
    assert v("Canaan", "2025Q4", "depreciation_usd") == 12.1e6
    assert v("Canaan", "2025Q4", "btc_held_end") == 1_750
    # the article's own arithmetic: 32 EH/s is "up 95%" from 16.4; 16.4/6.7 = "2.45x"
    assert 32 / 16.4 == pytest.approx(1.95, abs=0.01)
    assert 16.4 / 6.7 == pytest.approx(2.45, abs=0.01)
    # the 86% efficiency is the article's modelling assumption
    row = df[df.metric == "operational_efficiency_fraction"].iloc[0]
    assert row.is_assumption and row.kind == "assumption"


def test_quarter_period_end_is_quarter_end():
    df = md.load_miner_quarterly()
    q = df[df.period.str.match(r"^\d{4}Q[1-4]$")]
    ends = {"Q1": "03-31", "Q2": "06-30", "Q3": "09-30", "Q4": "12-31"}
    for period, end in zip(q["period"], q["period_end"]):
        assert end.strftime("%Y-%m-%d") == f"{period[:4]}-{ends[period[4:]]}"


def test_treasury_events_seed_figures():
    df = md.load_treasury_events()

    def btc(miner, event_type):
        return sorted(df[(df.miner == miner) & (df.event_type == event_type)]["btc"].tolist())

    assert btc("Cango", "sale") == [550, 4451]
    assert btc("Cango", "holding") == [3645, 7528]
    assert df[(df.miner == "Cango") & (df.btc == 4451)]["usd"].iloc[0] == 305e6
    assert btc("MARA", "holding") == [52850, 53250]
    assert btc("MARA", "transfer_out") == [807, 1300]
    assert df[df.event_type == "pledged_share"]["fraction"].iloc[0] == pytest.approx(1 / 3, abs=1e-3)
    hive = df[df.event_type == "cashless_exercise"].iloc[0]
    assert (hive.miner, hive.btc, hive.usd) == ("Hive", 480, 7.4e6)
    q1 = df[df.miner == "Public miners (aggregate)"].iloc[0]
    assert (q1.btc, q1.qualifier, q1.source) == (32_000, "lower_bound", "001_edb144c9be488f88.txt")
    pol = df[(df.miner == "CleanSpark") & (df.event_type == "sale_policy")].iloc[0]
    assert pol.fraction == 1.0 and pol.is_assumption
    mar = df[(df.miner == "MARA") & (df.btc == 52850)].iloc[0]
    assert mar.date == pd.Timestamp("2025-09-30") and not mar.date_inferred


# ------------------------------------------------------------------ protocol & hardware


def test_halvings_match_protocol():
    h = md.load_halvings()
    assert h["epoch"].tolist() == list(range(len(h)))
    for e, height, sats, btc in zip(h.epoch, h.start_height, h.subsidy_sats, h.subsidy_btc):
        assert height == 210_000 * e
        assert sats == (50 * 100_000_000) >> e
        assert btc == pytest.approx(50 / 2**e if sats else 0.0, rel=0, abs=1e-8)
    assert int(h.subsidy_sats.iloc[-1]) == 0 and int(h.subsidy_sats.iloc[-2]) == 1
    # the total supply implied by the table is the famous 20,999,999.9769 BTC
    assert int((h.subsidy_sats * 210_000).sum()) == 2_099_999_997_690_000


def test_halving_dates():
    h = md.load_halvings().set_index("start_height")
    expected = {0: "2009-01-03", 210_000: "2012-11-28", 420_000: "2016-07-09",
                630_000: "2020-05-11", 840_000: "2024-04-20"}
    for height, day in expected.items():
        assert h.loc[height, "start_date"] == pd.Timestamp(day)
        assert h.loc[height, "date_status"] == "actual"
    nxt = h.loc[1_050_000]
    assert pd.isna(nxt.start_date) and nxt.date_status == "future"
    assert nxt.subsidy_btc == 1.5625  # 002: "the block reward reduced to just 1.5625 tokens"


def test_asic_power_over_hashrate_is_efficiency():
    a = md.load_asics()
    for _, r in a.iterrows():
        assert r.power_w / r.hashrate_ths == pytest.approx(r.efficiency_j_per_th, rel=0.03), r.model


def test_asic_known_nameplates():
    a = md.load_asics().set_index("model")
    assert tuple(a.loc["Antminer S19 Pro", ["hashrate_ths", "power_w"]]) == (110, 3250)
    assert tuple(a.loc["Antminer S21", ["hashrate_ths", "efficiency_j_per_th"]]) == (200, 17.5)
    assert tuple(a.loc["Antminer S21 Pro", ["hashrate_ths", "power_w"]]) == (234, 3510)
    assert a.loc["Bitaxe Gamma 601", "hashrate_ths"] == 1.2
    # unverified rows say so and name what was checked
    assert (a["source"].str.len() > 20).all()
    assert a.loc["Whatsminer M30S++", "verified"] == False  # noqa: E712


# ------------------------------------------------------------------ broken copies


def _rewrite(name, tmp_path, edit):
    """Copy a shipped CSV to tmp_path, apply edit(rows) to the list of dict rows."""
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cols = list(rows[0].keys())
    cols, rows = edit(cols, rows)
    out = tmp_path / f"broken_{name}.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return out


def _set(row_index, column, value):
    def edit(cols, rows):
        rows[row_index][column] = value
        return cols, rows
    return edit


def test_missing_column_is_named(tmp_path):
    def drop(cols, rows):
        cols = [c for c in cols if c != "btc_sold"]
        return cols, [{k: v for k, v in r.items() if k != "btc_sold"} for r in rows]

    path = _rewrite("miner_monthly", tmp_path, drop)
    with pytest.raises(md.DataValidationError, match=r"broken_miner_monthly\.csv line 1: missing column\(s\) \['btc_sold'\]"):
        md.load_miner_monthly(path)


def test_unknown_column_is_rejected(tmp_path):
    def add(cols, rows):
        for r in rows:
            r["hashrate_phs"] = "1"
        return cols + ["hashrate_phs"], rows

    path = _rewrite("asics", tmp_path, add)
    with pytest.raises(md.DataValidationError, match=r"unexpected column\(s\) \['hashrate_phs'\]"):
        md.load_asics(path)


def test_out_of_range_value_names_file_row_column(tmp_path):
    path = _rewrite("miner_monthly", tmp_path, _set(3, "btc_mined", "-573"))
    with pytest.raises(ValueError) as exc:
        md.load_miner_monthly(path)
    msg = str(exc.value)
    assert "broken_miner_monthly.csv line 5" in msg  # data row index 3 -> CSV line 5
    assert "column 'btc_mined'" in msg and "'-573'" in msg and "[0, 30000] [BTC]" in msg


def test_wrong_type_names_file_row_column(tmp_path):
    path = _rewrite("asics", tmp_path, _set(0, "power_w", "lots"))
    with pytest.raises(md.DataValidationError, match=r"broken_asics\.csv line 2, column 'power_w': value 'lots' is not numeric"):
        md.load_asics(path)


def test_bad_bool(tmp_path):
    path = _rewrite("treasury_events", tmp_path, _set(1, "is_assumption", "yes"))
    with pytest.raises(md.DataValidationError, match=r"line 3, column 'is_assumption'"):
        md.load_treasury_events(path)


@pytest.mark.parametrize("bad", ["2026-02-30", "10/02/2026", "2026-2-1", ""])
def test_bad_date_names_file_row_column(tmp_path, bad):
    path = _rewrite("network_snapshots", tmp_path, _set(6, "date", bad))
    with pytest.raises(md.DataValidationError, match=r"broken_network_snapshots\.csv line 8, column 'date'"):
        md.load_network_snapshots(path)


def test_bad_month(tmp_path):
    path = _rewrite("miner_monthly", tmp_path, _set(0, "month", "2026-13"))
    with pytest.raises(md.DataValidationError, match=r"line 2, column 'month': value '2026-13' is not a month"):
        md.load_miner_monthly(path)


def test_metric_range_and_unit(tmp_path):
    path = _rewrite("network_snapshots", tmp_path, _set(0, "unit", "TH/s"))
    with pytest.raises(md.DataValidationError, match=r"line 2, column 'unit'.*expected 'EH/s'"):
        md.load_network_snapshots(path)
    path = _rewrite("miner_quarterly", tmp_path, _set(11, "value", "86"))  # 86 instead of 0.86
    with pytest.raises(md.DataValidationError, match=r"line 13, column 'value'.*\[0, 1\] \[fraction\]"):
        md.load_miner_quarterly(path)


def test_unknown_category(tmp_path):
    path = _rewrite("treasury_events", tmp_path, _set(0, "event_type", "buy"))
    with pytest.raises(md.DataValidationError, match=r"line 2, column 'event_type': value 'buy' is not one of"):
        md.load_treasury_events(path)


def test_duplicate_key(tmp_path):
    def dup(cols, rows):
        return cols, rows + [dict(rows[0])]

    path = _rewrite("miner_monthly", tmp_path, dup)
    with pytest.raises(md.DataValidationError, match=r"duplicate key .* already used on line 2"):
        md.load_miner_monthly(path)


def test_derived_flag_must_match(tmp_path):
    path = _rewrite("miner_monthly", tmp_path, _set(1, "is_assumption", "false"))  # Bitdeer Dec (derived)
    with pytest.raises(md.DataValidationError, match=r"line 3, column 'is_assumption'"):
        md.load_miner_monthly(path)


def test_broken_halving_subsidy(tmp_path):
    path = _rewrite("halvings", tmp_path, _set(4, "subsidy_sats", "312500001"))
    with pytest.raises(md.DataValidationError, match=r"line 6, column 'subsidy_sats'.*5000000000 >> 4 = 312500000"):
        md.load_halvings(path)


def test_inconsistent_asic_efficiency(tmp_path):
    path = _rewrite("asics", tmp_path, _set(2, "efficiency_j_per_th", "25"))  # S19 Pro really 29.5
    with pytest.raises(md.DataValidationError, match=r"line 4, column 'efficiency_j_per_th'.*by more than 3%"):
        md.load_asics(path)


def test_missing_file():
    with pytest.raises(FileNotFoundError):
        md.load_asics("/nonexistent/asics.csv")


@pytest.mark.parametrize("content", ["", "\n"])
def test_empty_file_names_the_file(tmp_path, content):
    path = tmp_path / "my_asics.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(md.DataValidationError, match=r"^my_asics\.csv: the file is empty; expected a header line"):
        md.load_asics(path)


def test_header_without_rows_names_the_file(tmp_path):
    path = _rewrite("asics", tmp_path, lambda cols, rows: (cols, []))
    with pytest.raises(md.DataValidationError, match=r"^broken_asics\.csv: has a header but no data rows"):
        md.load_asics(path)


def test_halving_check_follows_the_protocol(tmp_path):
    """The halving schema takes heights and subsidies from minelib.protocol, not its own copy."""
    path = _rewrite("halvings", tmp_path, _set(3, "start_height", "630001"))
    with pytest.raises(md.DataValidationError, match=r"line 5, column 'start_height': value 630001 != epoch \* 210000 = 630000"):
        md.load_halvings(path)
    path = _rewrite("halvings", tmp_path, _set(2, "subsidy_btc", "12.5000001"))
    with pytest.raises(md.DataValidationError, match=r"line 4, column 'subsidy_btc'.*= 12.5 \[BTC\]"):
        md.load_halvings(path)


def test_schema_machinery_lives_under_minelib_data():
    import minelib

    assert md.Schema is md.schema.Schema and md.SCHEMAS is md.schemas.SCHEMAS
    assert set(md.SCHEMAS) == set(LOADERS)
    assert minelib.data.load_asics is md.loaders.load_asics
