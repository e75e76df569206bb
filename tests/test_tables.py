"""Reader-facing tables (minelib.tables): labels with units, formatted numbers, one header."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from minelib.reports.sanitize import clean_html
from minelib.tables import Col, format_number, format_percent, humanize, reader_table

NBSP = "\u00a0"


@pytest.mark.parametrize("value, expected", [
    (71091.0, "71,091"), (1_234_567.891, "1,234,568"), (913, "913"), (-45_000, "-45,000"),
    (146.5, "146.5"), (35.04, "35.0"), (1.0273, "1.03"), (0.594836, "0.595"),
    (0.0000123, "1.2e-05"), (np.float64(2.5), "2.50"), (np.int64(934_000), "934,000"),
    (math.inf, "∞"), (-math.inf, "-∞"), (math.nan, "–"), (None, "–"), ("text", "text"),
])
def test_format_number_by_size(value, expected):
    assert format_number(value) == expected


def test_format_number_takes_the_callers_spec_and_inf_text():
    assert format_number(0.594836, ",.4f") == "0.5948"
    assert format_number(12.0, "+,.1f") == "+12.0"
    assert format_number(math.inf, inf="never") == "never"
    assert format_number(pd.NA) == "–"


@pytest.mark.parametrize("fraction, kwargs, expected", [
    (0.123, {}, f"12.3{NBSP}%"), (1.0, {}, f"100.0{NBSP}%"), (1.0, {"decimals": 0}, f"100{NBSP}%"),
    (0.05, {"sign": True}, f"+5.0{NBSP}%"), (-0.35, {"decimals": 0}, f"-35{NBSP}%"),
    (math.nan, {}, "–"), (math.inf, {"inf": "unbounded"}, "unbounded"),
])
def test_format_percent(fraction, kwargs, expected):
    assert format_percent(fraction, **kwargs) == expected


@pytest.mark.parametrize("name, label", [
    ("hashrate_ths", "Hashrate [TH/s]"), ("power_price_usd_per_kwh", "Power price [USD/kWh]"),
    ("cost_usd_per_btc", "Cost [USD/BTC]"), ("hashprice_usd_per_ph_day", "Hashprice [USD/PH/day]"),
    ("efficiency_j_per_th", "Efficiency [J/TH]"), ("network_change_pct", "Network change [%]"),
    ("model", "Model"), ("usd", "Usd"),
])
def test_humanize(name, label):
    assert humanize(name) == label


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    return [[re.sub(r"[ \t\n]+", " ", c).strip(" \t\n") for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, flags=re.S)]
            for r in rows]


@pytest.fixture
def fleet():
    return pd.DataFrame(
        {"efficiency_j_per_th": [17.5, 31.0], "p_block_1y": [0.0115, 0.000069],
         "wait_years": [86.4, math.inf], "gap": [0.1234, -0.05]},
        index=pd.Index(["Antminer S21", "Whatsminer M30S++"], name="model"))


def test_reader_table_reads_like_a_report_table(fleet):
    html = reader_table(
        fleet,
        {"efficiency_j_per_th": Col("Efficiency", "J/TH", fmt=".1f"),
         "p_block_1y": Col("Chance of a block in a year", percent=True, decimals=3),
         "wait_years": Col("Expected wait", "years", fmt=",.0f", inf="never"),
         "gap": Col("Gap vs spot", percent=True, sign=True)},
        index="Model", caption="Table 2. Two machines.").to_html()
    assert _cells(html) == [
        ["Model", "Efficiency [J/TH]", "Chance of a block in a year", "Expected wait [years]",
         "Gap vs spot"],
        ["Antminer S21", "17.5", f"1.150{NBSP}%", "86", f"+12.3{NBSP}%"],
        ["Whatsminer M30S++", "31.0", f"0.007{NBSP}%", "never", f"-5.0{NBSP}%"],
    ]
    assert "index_name" not in html and ">model<" not in html  # no stray index-name row
    assert "<caption>Table 2. Two machines.</caption>" in html
    assert html.count('class="data row0 col0 text"') == 1  # the label column reads as text


def test_reader_table_defaults_and_column_selection(fleet):
    html = reader_table(fleet[["efficiency_j_per_th"]]).to_html()
    assert _cells(html)[0] == ["Model", "Efficiency [J/TH]"]  # index labelled from its name
    plain = reader_table(pd.DataFrame({"cost_usd": [1500.0, 2.0]})).to_html()
    assert _cells(plain) == [["Cost [USD]"], ["1,500"], ["2"]]  # a 0..n-1 index is hidden
    hidden = reader_table(fleet, {"gap": "Gap"}, index=False).to_html()
    assert _cells(hidden)[0] == ["Gap"] and "Antminer" not in hidden
    series = reader_table(fleet["wait_years"], {"wait_years": Col("Wait", inf="never")}).to_html()
    assert _cells(series)[2] == ["Whatsminer M30S++", "never"]


def test_reader_table_escapes_labels_and_text():
    df = pd.DataFrame({"note": ["<script>alert(1)</script>"], "value_usd": [1.0]},
                      index=pd.Index(['"><img src=x onerror=alert(1)>'], name="site"))
    html = reader_table(df, {"note": "Note <b>", "value_usd": Col("Value", "USD")},
                        caption="</style><b>x</b>").to_html()
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "Note &lt;b&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html or "&quot;&gt;&lt;img" in html
    # and it survives the report sanitizer with its text intact
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in clean_html(html)


def test_reader_table_rejects_unknown_or_clashing_columns(fleet):
    with pytest.raises(ValueError, match=r"columns=\['nope'\] are not in the DataFrame"):
        reader_table(fleet, {"nope": "Nope"})
    with pytest.raises(ValueError, match="same label"):
        reader_table(fleet, {"gap": "Model"}, index="Model")


def test_a_caption_stays_on_the_page_of_its_first_rows(tmp_path):
    """Seen in the network-history PDF: "Table 3. ..." alone at the foot of a page, its rows on
    the next. Fill page 1 until only the caption fits, then check where caption and rows land."""
    pypdf = pytest.importorskip("pypdf")
    from pathlib import Path

    from minelib.reports import export

    css = (Path(export.__file__).parent / "templates" / "report.css").read_text()
    table = reader_table(pd.DataFrame({"value_usd": [37.15, 40.0, 30.51]}, index=["q1", "q2", "c1"]),
                         {"value_usd": Col("Hashprice", "USD/PH/day")}, index="Figure",
                         caption="Table 9. CAPTIONMARK").to_html()

    def pages_of(filler_lines, with_table=True):
        filler = "".join(f"<p>line {i};</p>" for i in range(filler_lines))
        html = f"<html><head><style>{css}</style></head><body>{filler}{table if with_table else ''}</body></html>"
        pdf = tmp_path / f"t{filler_lines}.pdf"
        export.write_pdf(html, pdf, str(tmp_path))
        return [p.extract_text() for p in pypdf.PdfReader(pdf).pages]

    # the last filler line that fits on the page where the filler starts
    first = pages_of(120, with_table=False)
    start = min(i for i, t in enumerate(first) if "line 0;" in t)
    last_fit = max(i for i in range(120) if f"line {i};" in first[start])
    moved = 0  # fillers after which the table starts on the next page
    for filler_lines in range(last_fit - 4, last_fit + 2):  # the table's rows cross the page end in here
        pages = pages_of(filler_lines)
        on = {k: min(i for i, t in enumerate(pages) if k in t) for k in ("CAPTIONMARK", "q1")}
        assert on["CAPTIONMARK"] == on["q1"], f"{filler_lines} lines: caption on page {on['CAPTIONMARK']}, rows on {on['q1']}"
        moved += on["q1"] > start
    assert moved, "no filler length pushed the table to the next page"
