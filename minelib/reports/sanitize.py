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
  ``<style>`` go with their content, event handlers and ``javascript:`` URLs go;
* ``image/svg+xml`` is shown as an ``<img>`` (a script in an image never runs);
* any other rich output (``application/javascript``, widgets, ...) is dropped; text,
  PNG and JPEG outputs are escaped or encoded by nbconvert itself.

Formulas rendered by :mod:`minelib.reports.mathrender` are placeholder tokens at this
point (letters and digits, untouched by either step) and become inline SVG only after
sanitizing.
"""

from __future__ import annotations

import base64
import secrets

__all__ = ["OUTPUT_TAGS", "OUTPUT_ATTRIBUTES", "clean_html", "markdown_to_html",
           "sanitize_outputs"]

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
                data["text/html"] = clean_html(_source(data["text/html"]))
            elif "image/svg+xml" in data and not ({"image/png", "image/jpeg"} & set(data)):
                svg = _source(data["image/svg+xml"]).encode("utf-8")
                token = f"mlfrag{secrets.token_hex(6)}z"
                fragments[token] = ('<img class="svg-output" alt="" src="data:image/svg+xml;'
                                    f'base64,{base64.b64encode(svg).decode("ascii")}">')
                data["text/html"] = token
            for key in [k for k in data if k not in _SAFE_KEYS and k != "text/html"]:
                if not key.startswith("application/vnd.minelib."):  # headline payloads
                    del data[key]
