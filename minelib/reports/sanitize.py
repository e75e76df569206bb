"""Notebook outputs are untrusted: sanitize them before they become report HTML.

Anything a user supplies (a label parameter, a job-file value) can reach a notebook's
outputs: an f-string in ``display(Markdown(...))``, a DataFrame or Styler index, a table
caption. pandas' Styler does not escape labels, and Markdown passes raw HTML through,
so a label ``<script>...</script>`` would run in the report page. The pipeline therefore
treats every output a kernel produced as untrusted (the notebook's own Markdown cells,
the job file's title and the pipeline's own markup are trusted and escaped by the page
template):

* ``text/markdown`` is rendered with raw HTML *escaped* (mistune ``escape=True``): a
  label shows literally, as typed;
* ``text/html`` (DataFrames, Stylers, headlines) is cleaned by nh3, the binding of the
  Rust sanitizer ammonia, keeping only the tags and attributes tables and formatted
  text use (:data:`OUTPUT_TAGS`, :data:`OUTPUT_ATTRIBUTES`); ``<script>`` and
  ``<style>`` go with their content, event handlers and ``javascript:`` URLs go; then
  :func:`tidy_table_headers` removes pandas' index-name header row;
* ``image/svg+xml`` is shown as an ``<img>`` (a script in an image never runs);
* any other rich output (``application/javascript``, widgets, ...) is dropped; text,
  PNG and JPEG outputs are escaped or encoded by nbconvert itself.

Formulas rendered by :mod:`minelib.reports.mathrender` are placeholder tokens at this
point (letters and digits, untouched by either step) and become inline SVG only after
sanitizing.
"""

from __future__ import annotations

import base64
import re
import secrets

__all__ = ["OUTPUT_TAGS", "OUTPUT_ATTRIBUTES", "clean_html", "markdown_to_html",
           "tidy_table_headers", "sanitize_outputs"]

#: Tags a notebook output may keep in a report: tables and formatted text.
OUTPUT_TAGS = frozenset({
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "p", "div", "span", "br", "hr", "strong", "em", "del", "code",
    "pre", "kbd", "sub", "sup", "small", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "a",
})
#: Attributes kept, per tag ("*": every tag). No ids (they could clash with the page's),
#: no inline styles, no event handlers.
OUTPUT_ATTRIBUTES = {
    "*": {"class", "title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
    "a": {"href"},
}
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Output MIME types passed to nbconvert unchanged (it escapes or encodes them).
_SAFE_KEYS = frozenset({"text/plain", "text/latex", "image/png", "image/jpeg"})


def clean_html(html: str) -> str:
    """Keep only :data:`OUTPUT_TAGS` / :data:`OUTPUT_ATTRIBUTES` of an output's HTML.

    >>> clean_html('<table><tr><th>"><img src=x onerror=alert(1)></th>'
    ...            '<td style="color:red"><script>x()</script>7</td></tr></table>')
    '<table><tbody><tr><th>"&gt;</th><td>7</td></tr></tbody></table>'
    """
    import nh3

    return nh3.clean(html, tags=set(OUTPUT_TAGS),
                     attributes={k: set(v) for k, v in OUTPUT_ATTRIBUTES.items()},
                     url_schemes=set(_URL_SCHEMES), strip_comments=True,
                     link_rel="noopener noreferrer")


_THEAD_RE = re.compile(r"<thead>(.*?)</thead>", re.S)
_ROW_RE = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL_RE = re.compile(r"<th([^>]*)>(.*?)</th>", re.S)
_TH_RE = re.compile(r"(<th(?:\s[^>]*)?>)(.*?)(</th>)", re.S)
_TAG_SPLIT_RE = re.compile(r"(<[^>]*>)")


def _blank(cell_text: str) -> bool:
    return not cell_text.replace("&nbsp;", "").strip()


def tidy_table_headers(html: str) -> str:
    """Reader-facing table headers from pandas' HTML (DataFrame and Styler alike).

    * pandas puts the index name on a header row of its own ("model" above the labels,
      every other cell blank): it moves into the empty corner cell of the row above;
    * a unit in a header never breaks after its slash ("J/" / "TH"): a word joiner
      (U+2060) follows each ``/`` in header cells, so headers wrap between words only.

    >>> tidy_table_headers("<thead><tr><th></th><th>J/TH</th></tr>"
    ...                    "<tr><th>model</th><th></th></tr></thead>")
    '<thead><tr><th>model</th><th>J/\u2060TH</th></tr></thead>'
    """
    def merge(m: re.Match) -> str:
        rows = _ROW_RE.findall(m.group(1))
        if len(rows) != 2:
            return m.group(0)
        top, names = (_CELL_RE.findall(r) for r in rows)
        if (len(top) != len(names) or not top or not _blank(top[0][1]) or _blank(names[0][1])
                or not all(_blank(text) for _attrs, text in names[1:])):
            return m.group(0)
        corner = f"<th{names[0][0]}>{names[0][1]}</th>"
        first_row = _CELL_RE.sub(lambda c: corner, rows[0], count=1)
        return f"<thead><tr>{first_row}</tr></thead>"

    def join_slashes(m: re.Match) -> str:
        parts = _TAG_SPLIT_RE.split(m.group(2))  # text and tags alternate; text only
        text = "".join(p if i % 2 else p.replace("/", "/\u2060") for i, p in enumerate(parts))
        return m.group(1) + text + m.group(3)

    return _TH_RE.sub(join_slashes, _THEAD_RE.sub(merge, html))


_MARKDOWN = None


def markdown_to_html(text: str) -> str:
    """Render an output's Markdown with raw HTML escaped (shown as typed, never markup).

    >>> markdown_to_html("**cost** for <script>alert(1)</script>")
    '<p><strong>cost</strong> for &lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
    """
    global _MARKDOWN
    if _MARKDOWN is None:
        import mistune

        _MARKDOWN = mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])
    return _MARKDOWN(text)


def _source(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def sanitize_outputs(nb, fragments: dict[str, str]) -> None:
    """Sanitize the rich outputs of every code cell of ``nb`` in place (see the module).

    ``fragments`` receives the pipeline's own markup (an SVG output as ``<img>``) under
    placeholder tokens, to be swapped in after export like the formulas.
    """
    for cell in nb["cells"]:
        for output in cell.get("outputs", []) or []:
            data = output.get("data")
            if not data:
                continue
            if "text/markdown" in data:
                data["text/html"] = clean_html(markdown_to_html(_source(data["text/markdown"])))
            elif "text/html" in data:
                data["text/html"] = tidy_table_headers(clean_html(_source(data["text/html"])))
            elif "image/svg+xml" in data and not ({"image/png", "image/jpeg"} & set(data)):
                svg = _source(data["image/svg+xml"]).encode("utf-8")
                token = f"mlfrag{secrets.token_hex(6)}z"
                fragments[token] = ('<img class="svg-output" alt="" src="data:image/svg+xml;'
                                    f'base64,{base64.b64encode(svg).decode("ascii")}">')
                data["text/html"] = token
            for key in [k for k in data if k not in _SAFE_KEYS and k != "text/html"]:
                if not key.startswith("application/vnd.minelib."):  # headline payloads
                    del data[key]
