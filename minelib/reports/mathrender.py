r"""Offline formula rendering for the reports: LaTeX in Markdown -> inline SVG.

nbconvert's HTML loads MathJax from a CDN, which fails offline and never reaches a PDF.
This module renders the formulas once, at export time, with matplotlib's *mathtext*
(a TeX subset that needs no LaTeX installation) and inlines the result as ``<svg>``, so
the HTML report is self-contained and WeasyPrint draws the formulas into the PDF.

What counts as a formula (the rule notebook authors write against)
------------------------------------------------------------------
Money is common in this workbook ("a $40 power bill"), so a single ``$`` is only read as
math when it clearly is:

* ``$$ ... $$`` is display math (may span lines, not a blank line).
* ``$ ... $`` is inline math when all of these hold:

  1. the text between the dollars is non-empty, has no ``$`` (``\$`` is fine) and no
     blank line;
  2. it neither starts nor ends with whitespace (``$ 40`` and ``40 $`` are money);
  3. the closing ``$`` is not followed by a digit (``$40-$50`` is money);
  4. if it starts with a digit it must contain TeX markup, one of ``\ ^ _ { }``
     (``$2^{32}$`` is math, ``$40 and 50$`` is not).

* ``\$`` is always a literal dollar sign (write ``"\\$"`` in a Python string), and
  dollars inside inline code spans and fenced code blocks are never math.

Examples
--------
>>> [(m.display, m.tex) for m in find_math("fees of $40 and $50, hashrate $H$ and $2^{32}$")]
[(False, 'H'), (False, '2^{32}')]
>>> [(m.display, m.tex) for m in find_math("power $0.05/kWh, $$P = E \\cdot t$$")]
[(True, 'P = E \\cdot t')]
>>> find_math(r"a literal \$x\$ and `code $y$`")
[]

Each formula line is typeset once per process (an LRU cache) and, when
:func:`use_disk_cache` names a folder (the report pipeline uses ``<out>/.cache/formulas``),
once per folder: the SVG is stored under the SHA-256 of the formula and everything that
shapes its drawing (:data:`RENDER_VERSION`, matplotlib's version, the font set and size),
so parallel workers, the bear and bull variants of a report and later runs reuse it.

A formula mathtext cannot typeset fails with :class:`MathRenderError`, which names the
notebook, the cell and the formula. A few common LaTeX spellings mathtext lacks
(``\le``, ``\ge``, ``\tfrac``, ``\displaystyle``, ``\textrm``, ``\lvert``) are translated
first. The supported subset is described at
https://matplotlib.org/stable/users/explain/text/mathtext.html
"""

from __future__ import annotations

import copy
import functools
import hashlib
import html
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "MathRenderError",
    "MathSpan",
    "find_math",
    "formulas_read_as_money",
    "render_svg",
    "math_to_html",
    "render_notebook_math",
    "restore_math",
    "strip_mathjax",
    "use_disk_cache",
]

#: Font size [pt] formulas are typeset at; the SVG is then sized in ``em`` so it scales
#: with the surrounding text.
BASE_FONTSIZE = 20.0
#: mathtext font set: DejaVu Sans, the family of the report's headings and tables, and
#: what every report so far has shown (an earlier ``"cm"`` setting never reached the
#: parser: the font properties carried matplotlib's default, ``dejavusans``).
FONTSET = "dejavusans"
#: Version of the SVG this module writes for a formula; part of the disk-cache key, so a
#: change to :func:`_render_line`'s output must bump it. 2: one flattened ``<path>``.
#: 3: the box from the drawing's own parse (one parse, not two): mathtext rounds it up to
#: 0.2 pt at 20 pt instead of 1 pt, so boxes shrink by up to 1.2 pt wide, 1.6 pt high.
RENDER_VERSION = 3

_disk_cache: Path | None = None

_TEX_MARKUP = set("\\^_{}")
_ALIASES = [
    (re.compile(r"\\(?:displaystyle|textstyle)(?![A-Za-z])\s*"), ""),
    (re.compile(r"\\le(?![A-Za-z])"), r"\\leq"),
    (re.compile(r"\\ge(?![A-Za-z])"), r"\\geq"),
    (re.compile(r"\\tfrac(?![A-Za-z])"), r"\\frac"),
    (re.compile(r"\\textrm(?![A-Za-z])"), r"\\text"),
    (re.compile(r"\\[lr]vert(?![A-Za-z])"), "|"),
    (re.compile(r"\\[lr]Vert(?![A-Za-z])"), r"\\Vert"),
]


class MathRenderError(ValueError):
    """A formula that matplotlib's mathtext cannot typeset."""

    def __init__(self, formula: str, reason: str, *, notebook: str | None = None,
                 cell: int | None = None):
        self.formula = formula
        self.reason = reason
        self.notebook = notebook
        self.cell = cell
        where = ""
        if notebook:
            where = f"{notebook}"
            if cell is not None:
                where += f", cell {cell}"
            where += ": "
        super().__init__(
            f"{where}cannot render formula ${formula}$ with matplotlib mathtext: {reason} "
            "(mathtext supports a TeX subset, see "
            "https://matplotlib.org/stable/users/explain/text/mathtext.html)"
        )


@dataclass(frozen=True)
class MathSpan:
    """One formula found in Markdown text: ``text[start:end]`` is the delimited source."""

    start: int
    end: int
    tex: str
    display: bool


# --------------------------------------------------------------------------- finding

_FENCE_RE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


def _code_mask(text: str) -> list[bool]:
    """Per character: True inside a fenced code block or an inline code span."""
    mask = [False] * len(text)
    # fenced blocks, line by line
    pos = 0
    fence = None
    for line in text.splitlines(keepends=True):
        m = _FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)
            inside = True
        elif fence is not None and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
            fence = None
            inside = True
        else:
            inside = fence is not None
        if inside:
            for k in range(pos, pos + len(line)):
                mask[k] = True
        pos += len(line)
    # inline code spans: a run of n backticks up to the next run of exactly n
    i = 0
    n_text = len(text)
    while i < n_text:
        if text[i] == "`" and not mask[i]:
            j = i
            while j < n_text and text[j] == "`":
                j += 1
            run = text[i:j]
            close = re.compile(r"(?<!`)" + re.escape(run) + r"(?!`)")
            m = close.search(text, j)
            if m and not any(mask[j:m.start()]):
                for k in range(i, m.end()):
                    mask[k] = True
                i = m.end()
                continue
            i = j
            continue
        i += 1
    return mask


def _find_closing(text: str, start: int, token: str) -> int:
    """Index of the next unescaped ``token`` at or after ``start``, or -1."""
    j = text.find(token, start)
    while j != -1 and j > 0 and text[j - 1] == "\\":
        j = text.find(token, j + 1)
    return j


def find_math(text: str) -> list[MathSpan]:
    """Find the formulas in Markdown ``text`` by the rule in the module docstring."""
    return _find_math(text, digit_rule=True)


def formulas_read_as_money(text: str) -> list[str]:
    r"""Inline formulas in Markdown ``text`` that the rule reads as money, such as ``$1/r$``:
    ``$...$`` pairs without whitespace that fail only point 4 (MathJax typesets them, the
    report prints the dollars; write ``1/$r$``); :func:`.inspection.notebook_hygiene` lists them.

    >>> formulas_read_as_money("never more than $1/r$ years, $2^{32}$, $40-$50 and $40 or 50$")
    ['1/r']
    """
    read = {(s.start, s.end) for s in find_math(text)}
    return [s.tex for s in _find_math(text, digit_rule=False)
            if (s.start, s.end) not in read and not any(ch.isspace() for ch in s.tex)]


def _find_math(text: str, digit_rule: bool) -> list[MathSpan]:
    """:func:`find_math`, with or without the rule's point 4 (``digit_rule``)."""
    spans: list[MathSpan] = []
    mask = _code_mask(text)
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if mask[i]:
            i += 1
            continue
        if c == "\\":  # \$ (and any other escape) is literal
            i += 2
            continue
        if c != "$":
            i += 1
            continue
        if text.startswith("$$", i):
            j = _find_closing(text, i + 2, "$$")
            body = text[i + 2:j] if j != -1 else ""
            if j != -1 and body.strip() and "\n\n" not in body and not any(mask[i:j + 2]):
                spans.append(MathSpan(i, j + 2, body.strip(), True))
                i = j + 2
            else:
                i += 2
            continue
        j = _find_closing(text, i + 1, "$")
        if j != -1:
            body = text[i + 1:j]
            ok = (
                body
                and "\n\n" not in body
                and not body[0].isspace()
                and not body[-1].isspace()
                and not (j + 1 < n and text[j + 1].isdigit())
                and not (digit_rule and body[0].isdigit() and not (_TEX_MARKUP & set(body)))
                and not text.startswith("$$", j)
                and not any(mask[i:j + 1])
            )
            if ok:
                spans.append(MathSpan(i, j + 1, body, False))
                i = j + 1
                continue
        i += 1
    return spans


# ------------------------------------------------------------------------- rendering


def _normalise(tex: str) -> str:
    tex = " ".join(tex.split())  # mathtext wants one line
    for pattern, repl in _ALIASES:
        tex = pattern.sub(repl, tex)
    return tex


def _split_lines(tex: str) -> list[str]:
    r"""Split display math on top-level ``\\`` line breaks (outside braces)."""
    lines, depth, cur, i = [], 0, [], 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\" and tex.startswith("\\\\", i) and depth == 0:
            lines.append("".join(cur))
            cur = []
            i += 2
            continue
        if ch == "\\" and i + 1 < len(tex):
            cur.append(tex[i:i + 2])
            i += 2
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur.append(ch)
        i += 1
    lines.append("".join(cur))
    return [ln.strip() for ln in lines if ln.strip()]


def use_disk_cache(folder: str | os.PathLike | None) -> None:
    """Keep rendered formulas in ``folder`` (created on first write), or None for none.

    Entries are content-addressed (see the module docstring), written atomically, and
    never trusted blindly: an unreadable entry is rendered again and replaced.

    >>> use_disk_cache(None)
    """
    global _disk_cache
    _disk_cache = Path(folder) if folder is not None else None


def _cache_key(tex: str) -> str:
    import matplotlib

    ident = json.dumps([RENDER_VERSION, matplotlib.__version__, FONTSET, BASE_FONTSIZE, tex])
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=4096)
def _render_line(tex: str) -> tuple[str, float, float, float]:
    """SVG markup, width, height, depth [em]."""
    if _disk_cache is None:
        return _typeset(tex)
    from minelib._atomic import write_atomic

    path = _disk_cache / f"{_cache_key(tex)}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry["tex"] == tex:
            return entry["svg"], entry["width"], entry["height"], entry["depth"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # absent, torn or foreign: render it
    svg, width, height, depth = _typeset(tex)
    write_atomic(path, json.dumps({"tex": tex, "svg": svg, "width": width, "height": height,
                                   "depth": depth}), durable=False)  # checked when read
    return svg, width, height, depth


def _typeset(tex: str) -> tuple[str, float, float, float]:
    """Typeset one line with mathtext: SVG of one ``<path>``, width, height, depth [em].

    The drawing is what matplotlib's SVG backend writes for ``fig.text`` of the formula
    with ``svg.fonttype="path"`` (each glyph a ``<use>`` of a ``<defs>`` outline, under
    three nested transforms), with those transforms applied here once: the glyph outlines
    and rules that :meth:`~matplotlib.textpath.TextToPath.get_text_path` lays out, scaled
    from its ``FONT_SCALE`` to :data:`BASE_FONTSIZE`, flipped to SVG's downward y and
    placed with the baseline ``depth`` above the bottom edge, written as one path with
    coordinates rounded to 0.001 pt. The shapes are the same (``tests/test_mathrender.py``
    compares them point by point with the backend's). WeasyPrint then reads one path per
    formula instead of a tree of transformed ``<use>`` elements, which cost it about a
    third of its time per report (0.9 of 2.7 CPU-seconds on five reports; now ~0.15 s),
    and no matplotlib figure is drawn here.

    The formula is parsed once: the box (width, height, depth) is that of the parse the
    outlines come from, at ``FONT_SCALE`` and scaled like them. ``get_text_path`` parses
    with the same parser, size and dpi, and :meth:`~matplotlib.mathtext.MathTextParser.parse`
    caches its results ("multiple calls to parse with the same expression should be
    fast"), so it reuses the parse made here for the box.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path as MplPath
    from matplotlib.textpath import text_to_path
    from matplotlib.transforms import Affine2D

    src = f"${tex}$"
    prop = FontProperties(size=BASE_FONTSIZE, math_fontfamily=FONTSET)
    drawn = prop.copy()
    drawn.set_size(text_to_path.FONT_SCALE)  # as get_text_path parses it
    try:
        width, height, depth, _, _ = text_to_path.mathtext_parser.parse(src, text_to_path.DPI, drawn)
        verts, codes = text_to_path.get_text_path(prop, src, ismath=True)
    except Exception as exc:  # pyparsing/ValueError: report the last, useful line
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)
        raise MathRenderError(tex, reason) from None
    scale = BASE_FONTSIZE / text_to_path.FONT_SCALE
    width, height, depth = max(width * scale, 1.0), max(height * scale, 1.0), depth * scale
    to_svg = Affine2D().scale(scale, -scale).translate(0.0, height - depth)
    d = _path_data(MplPath(verts, codes).transformed(to_svg))
    em = BASE_FONTSIZE  # size in em so the formula follows the font size of its context
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width / em:.3f}em" '
           f'height="{height / em:.3f}em" viewBox="0 0 {_num(width)} {_num(height)}" '
           f'role="img"><path d="{d}"/></svg>')
    return svg, width / em, height / em, depth / em


def _num(x: float) -> str:
    """``x`` to 0.001, without trailing zeros (an SVG number)."""
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


_SVG_COMMAND = {1: "M", 2: "L", 3: "Q", 4: "C", 79: "z"}  # matplotlib Path codes


def _path_data(path) -> str:
    """The ``d`` attribute of a matplotlib :class:`~matplotlib.path.Path` (M, L, Q, C, z)."""
    parts = []
    for vertices, code in path.iter_segments(simplify=False, curves=True):
        parts.append(_SVG_COMMAND[code])
        if code != 79:
            parts.extend(_num(v) for v in vertices)
    return " ".join(parts)


def render_svg(tex: str, *, display: bool = False) -> str:
    r"""Render one formula (without its dollars) as an inline ``<svg>`` element.

    The result is cached on the LaTeX string; the SVG has no element ids, so the same
    formula can appear any number of times in one page.

    Raises
    ------
    MathRenderError
        If mathtext cannot parse ``tex``.

    Examples
    --------
    >>> render_svg(r"x^2").startswith('<span class="math inline"><svg ')
    True
    """
    lines = _split_lines(_normalise(tex)) if display else [_normalise(tex)]
    if not lines:
        raise MathRenderError(tex, "empty formula")
    parts = []
    for line in lines:
        try:
            svg, _w, _h, depth = _render_line(line)
        except MathRenderError as exc:
            raise MathRenderError(tex, exc.reason) from None
        alt = html.escape(line, quote=True)
        # the box is mathtext's advance, not the ink: an italic f or j reaches past it
        svg = svg.replace(
            "<svg ", f'<svg aria-label="{alt}" style="vertical-align:{-depth:.3f}em;overflow:visible" ', 1
        )
        parts.append(svg)
    if display:
        inner = "".join(f'<span class="math-line">{p}</span>' for p in parts)
        return f'<span class="math display">{inner}</span>'
    return f'<span class="math inline">{parts[0]}</span>'


def math_to_html(text: str, *, notebook: str | None = None, cell: int | None = None) -> str:
    r"""Escape plain ``text`` as HTML, with its formulas as inline SVG (report titles).

    Markdown goes through :func:`render_notebook_math` instead.

    >>> "<svg" in math_to_html(r"$\alpha$ costs $40")
    True
    """
    tokens: dict[str, str] = {}
    return restore_math(_protect_text(text, tokens, secrets.token_hex(4), notebook, cell), tokens)


def _render(span: MathSpan, notebook, cell) -> str:
    try:
        return render_svg(span.tex, display=span.display)
    except MathRenderError as exc:
        raise MathRenderError(span.tex, exc.reason, notebook=notebook, cell=cell) from None


# --------------------------------------------------------- notebook-level processing


def _protect_markdown(text: str, tokens: dict, nonce: str, notebook, cell) -> str:
    """Replace formulas by alphanumeric tokens; escape the remaining (money) dollars."""
    mask = _code_mask(text)
    out, pos = [], 0

    def plain(chunk_start, chunk_end):
        # escape lone dollars outside code so nbconvert's own math handling ignores them
        buf = []
        k = chunk_start
        while k < chunk_end:
            ch = text[k]
            if ch == "\\" and k + 1 < chunk_end:
                buf.append(text[k:k + 2])
                k += 2
                continue
            buf.append("\\$" if ch == "$" and not mask[k] else ch)
            k += 1
        return "".join(buf)

    for span in find_math(text):
        out.append(plain(pos, span.start))
        token = f"mlmath{nonce}x{len(tokens):04d}z"
        tokens[token] = _render(span, notebook, cell)
        out.append(token)
        pos = span.end
    out.append(plain(pos, len(text)))
    return "".join(out)


def _protect_text(text: str, tokens: dict, nonce: str, notebook, cell) -> str:
    """Escape plain ``text`` as HTML, its formulas replaced by tokens (as in Markdown)."""
    out, pos = [], 0
    for span in find_math(text):
        out.append(html.escape(text[pos:span.start]).replace("\\$", "$"))
        token = f"mlmath{nonce}x{len(tokens):04d}z"
        tokens[token] = _render(span, notebook, cell)
        out.append(token)
        pos = span.end
    out.append(html.escape(text[pos:]).replace("\\$", "$"))
    return "".join(out)


def _source(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def render_notebook_math(nb, notebook: str | None = None):
    """Render the formulas of a notebook for HTML export.

    Returns ``(nb_copy, tokens)``: in the copy, formulas in Markdown cells and in
    ``text/markdown`` outputs are replaced by placeholder tokens (neither Markdown
    processing nor the output sanitizer can mangle them), and ``text/latex`` outputs gain
    a ``text/html`` rendering (escaped text and tokens). After exporting the copy to
    HTML, :func:`restore_math` swaps the tokens for the SVG.

    Raises
    ------
    MathRenderError
        Naming the notebook, the cell index and the formula.
    """
    nb = copy.deepcopy(nb)
    tokens: dict[str, str] = {}
    nonce = secrets.token_hex(4)
    for index, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") == "markdown":
            cell["source"] = _protect_markdown(_source(cell["source"]), tokens, nonce,
                                               notebook, index)
        for output in cell.get("outputs", []) or []:
            data = output.get("data")
            if not data:
                continue
            if "text/markdown" in data:
                data["text/markdown"] = _protect_markdown(
                    _source(data["text/markdown"]), tokens, nonce, notebook, index)
            if "text/latex" in data and "text/html" not in data:
                latex = _source(data["text/latex"])
                if find_math(latex):
                    data["text/html"] = ('<div class="latex-output">'
                                         f"{_protect_text(latex, tokens, nonce, notebook, index)}</div>")
    return nb, tokens


_TAG_RE = re.compile(r"<[^>]+>")


_INLINE = '<span class="math inline">'


def restore_math(html_text: str, tokens: dict[str, str]) -> str:
    """Swap the placeholder tokens in exported HTML for their SVG.

    Tokens that ended up inside a tag (e.g. in a heading's ``id``) are dropped there.
    An inline formula is glued to the word before it (the space becomes a no-break
    space, as TeX's ``~``) and to the punctuation after it, in a ``math-glue`` span the
    stylesheet keeps on one line: a line never starts with a formula cut off from its
    word ("share" / "$m/N$ of the network"), nor with the comma after it.

    >>> restore_math("the share mlmathx0z, and", {"mlmathx0z": '<span class="math inline">S</span>'})
    'the <span class="math-glue">share&nbsp;<span class="math inline">S</span>,</span> and'
    """
    if not tokens:
        return html_text
    token_re = re.compile("|".join(re.escape(t) for t in tokens))
    html_text = _TAG_RE.sub(lambda m: token_re.sub("", m.group(0)), html_text)
    out, pos = [], 0
    for m in token_re.finditer(html_text):
        start, end = m.span()
        fragment = tokens[m.group(0)]
        if start < pos:  # already inside the glued text after the previous formula
            continue
        pre, space = _word_before(html_text, start, pos)
        post = _WORD_AFTER.match(html_text, end).group(0)
        if not fragment.startswith(_INLINE) or not (pre or post):
            out += [html_text[pos:start], fragment]
            pos = end
            continue
        lead = start - len(pre) - space
        glued = f'{pre}{"&nbsp;" if space else ""}{fragment}{post}'
        out += [html_text[pos:lead], f'<span class="math-glue">{glued}</span>']
        pos = end + len(post)
    out.append(html_text[pos:])
    return token_re.sub(lambda t: tokens[t.group(0)], "".join(out))  # a token right after one


_WORD_AFTER = re.compile(r"[^\s<>]{0,40}")


def _word_before(text: str, start: int, floor: int) -> tuple[str, int]:
    """(word, 1 if one space separates it else 0): the word of at most 40 characters (no
    space, no tag) that ends just before ``text[start]``, not reaching below ``floor``."""
    space = int(start - 1 >= floor and text[start - 1] in " \t\n")
    i = j = start - 1 - space
    while j >= floor and i - j < 40 and not text[j].isspace() and text[j] not in "<>":
        j -= 1
    word = text[j + 1:i + 1]
    return word, space if word else 0


_MATHJAX_RE = re.compile(
    r"<!--\s*Load mathjax\s*-->|<!--\s*MathJax configuration\s*-->|"
    r"<script\b[^>]*(?:mathjax|text/x-mathjax-config)[^>]*>.*?</script>",
    re.I | re.S,
)


def strip_mathjax(html_text: str) -> str:
    """Remove MathJax ``<script>`` tags (CDN loader and configuration) from HTML.

    >>> strip_mathjax('<p>a</p><script src="https://cdn/mathjax/tex.js"></script>')
    '<p>a</p>'
    """
    return _MATHJAX_RE.sub("", html_text)
