"""Notebook outputs on their way into a report (minelib.reports.sanitize)."""

from __future__ import annotations

import pandas as pd
import pytest

from minelib.reports.headline import HEADLINE_MIME
from minelib.reports.sanitize import clean_html, markdown_to_html, sanitize_outputs, tidy_table_headers

WJ = "\u2060"


@pytest.mark.parametrize("dirty, clean", [
    ("<p onclick=\"x()\">a</p>", "<p>a</p>"),
    ('<a href="javascript:alert(1)">l</a>', '<a rel="noopener noreferrer">l</a>'),
    ('<a href="https://example.org/x">l</a>', '<a href="https://example.org/x" rel="noopener noreferrer">l</a>'),
    ("<style>td { color: red }</style><em>x</em>", "<em>x</em>"),
    ("<script>alert(1)</script>ok", "ok"),
    ('<table id="T_1" border="1"><tr style="text-align: right;"><td class="data">1</td></tr></table>',
     '<table><tbody><tr><td class="data">1</td></tr></tbody></table>'),
    ('<iframe src="x"></iframe><svg onload="x()"><circle/></svg>t', "t"),
])
def test_clean_html_keeps_tables_and_text_only(dirty, clean):
    assert clean_html(dirty) == clean


def test_markdown_outputs_show_raw_html_as_text():
    out = markdown_to_html('**Sites**: <img src=x onerror=alert(1)> and `a<b`\n\n<div>x</div>')
    assert "<img" not in out and "<div>" not in out
    assert "<strong>Sites</strong>" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "<code>a&lt;b</code>" in out


def test_index_name_row_moves_into_the_corner_and_units_do_not_break():
    df = pd.DataFrame({"J/TH": [13.5]}, index=pd.Index(["Whatsminer M30S++"], name="model"))
    for html in (df._repr_html_(), df.style.format("{:.1f}").to_html()):
        tidy = tidy_table_headers(clean_html(html))
        head = tidy[tidy.index("<thead>"):tidy.index("</thead>")]
        assert head.count("<tr>") == 1 and ">model</th>" in head and f"J/{WJ}TH" in head
    multi = df.copy()
    multi.columns = pd.MultiIndex.from_tuples([("efficiency", "J/TH")])
    html = clean_html(multi._repr_html_())
    assert tidy_table_headers(html) == html.replace("J/TH", f"J/{WJ}TH")  # left as it is


def test_sanitize_outputs_treats_every_rich_output_as_untrusted():
    nb = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {"text/markdown": "label <script>x</script>",
                                                 "text/plain": "md"}},
        {"output_type": "display_data", "data": {"text/html": "<b onclick=1>t</b><script>x</script>",
                                                 "text/plain": "h"}},
        {"output_type": "display_data", "data": {"application/javascript": "alert(1)",
                                                 "text/plain": "js"}},
        {"output_type": "display_data", "data": {"image/svg+xml": "<svg><script>x</script></svg>"}},
        {"output_type": "display_data", "data": {HEADLINE_MIME: {"name": "n"}, "text/html": "<span>h</span>"}},
        {"output_type": "stream", "name": "stdout", "text": "<script>printed</script>"},
    ]}]}
    fragments: dict[str, str] = {}
    sanitize_outputs(nb, fragments)
    md, html, js, svg, head, stream = (o.get("data", o) for o in nb["cells"][0]["outputs"])
    assert md["text/html"] == "<p>label &lt;script&gt;x&lt;/script&gt;</p>\n"
    assert html["text/html"] == "t"
    assert set(js) == {"text/plain"}  # the script output is dropped
    token = svg["text/html"]
    assert fragments[token].startswith('<img class="svg-output" alt="" src="data:image/svg+xml;base64,')
    assert set(svg) == {"text/html"}
    assert head[HEADLINE_MIME] == {"name": "n"} and head["text/html"] == "<span>h</span>"
    assert stream["text"] == "<script>printed</script>"  # nbconvert escapes streams itself
