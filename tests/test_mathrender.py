"""Offline formula rendering (minelib.reports.mathrender): what is math, what is money."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from minelib.reports import mathrender
from minelib.reports.mathrender import MathRenderError, find_math


def tex_of(text):
    return [(m.tex, m.display) for m in find_math(text)]


@pytest.mark.parametrize("text", [
    "a $40 power bill",
    "fees of $40 and $50 per day",
    "between $40-$50",
    "from $40k/$50k",
    "costs $1.5 million ($0.05/kWh)",
    "USD $ 40 $ 50",
    "$40 and 50$ stays money",
    r"a literal \$x\$",
    "code `echo $HOME $x$` stays",
    "```\n$x$ in a fence\n```",
    "~~~python\nprice = '$y$'\n~~~",
    "unclosed $x",
    "$$ $$ empty",
    "para one $x\n\ny$ para two",
])
def test_money_and_code_are_not_math(text):
    assert tex_of(text) == []


@pytest.mark.parametrize("text, expected", [
    ("hashrate $H$ in EH/s", [("H", False)]),
    (r"$\alpha_1 + \beta$", [(r"\alpha_1 + \beta", False)]),
    ("difficulty $D \\cdot 2^{32}$", [("D \\cdot 2^{32}", False)]),
    ("$2^{32}$ hashes", [("2^{32}", False)]),
    ("spent $5 on coffee and got $x^2$", [("x^2", False)]),
    ("a $40 fee for $n$ blocks", [("n", False)]),
    ("$$h = \\frac{R}{H}$$", [("h = \\frac{R}{H}", True)]),
    ("text\n$$\nP = E\n  \\cdot t\n$$\nmore", [("P = E\n  \\cdot t", True)]),
    ("inline $a$ and display $$b$$", [("a", False), ("b", True)]),
    ("soft\n$a +\nb$ wrap", [("a +\nb", False)]),
])
def test_formulas_are_found(text, expected):
    assert tex_of(text) == expected


def test_render_svg_is_inline_svg_sized_in_em():
    out = mathrender.render_svg(r"\frac{a}{b} \cdot 2^{32}")
    assert out.startswith('<span class="math inline"><svg ')
    assert re.search(r'width="[0-9.]+em" height="[0-9.]+em"', out)
    assert "vertical-align:-" in out
    assert "<?xml" not in out and "<!DOCTYPE" not in out and "<style" not in out
    assert "$" not in out  # matplotlib's comment with the source is gone


def test_render_is_cached_and_repeats_safely():
    tex = r"\sum_{i=1}^{n} x_i"
    before = mathrender._render_line.cache_info()
    first = mathrender.render_svg(tex)
    second = mathrender.render_svg(tex)
    after = mathrender._render_line.cache_info()
    assert after.hits >= before.hits + 1
    assert first == second
    # one path, no ids or references: a formula can repeat in a page without clashes
    assert first.count("<path ") == 1
    assert "id=" not in first and "href" not in first and "<use" not in first


def _matrix(transform):
    """3x3 matrix of an SVG transform list made of translate() and scale()."""
    m = np.eye(3)
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", transform or ""):
        a = [float(x) for x in args.replace(",", " ").split()]
        if name == "translate":
            step = np.array([[1, 0, a[0]], [0, 1, a[1] if len(a) > 1 else 0.0], [0, 0, 1]])
        elif name == "scale":
            step = np.diag([a[0], a[1] if len(a) > 1 else a[0], 1.0])
        else:
            raise AssertionError(f"unexpected transform {name}")
        m = m @ step
    return m


def _commands_and_points(d):
    tokens = re.findall(r"[MLQCz]|-?[0-9.]+(?:e-?[0-9]+)?", d or "")
    commands = [t for t in tokens if t in "MLQCz"]
    numbers = [float(t) for t in tokens if t not in "MLQCz"]
    return commands, np.array(numbers).reshape(-1, 2)


def _mathtext_box_pt(tex, size=None):
    """Width, height and depth [pt at BASE_FONTSIZE] of mathtext's box of the formula, from
    matplotlib's own parse at ``size`` (default: TextToPath.FONT_SCALE, the size the
    outlines are laid out at), scaled to BASE_FONTSIZE; width and height at least 1 pt."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.mathtext import MathTextParser
    from matplotlib.textpath import TextToPath

    size = TextToPath.FONT_SCALE if size is None else size
    prop = FontProperties(size=size, math_fontfamily=mathrender.FONTSET)
    width, height, depth, _, _ = MathTextParser("path").parse(f"${tex}$", dpi=72, prop=prop)
    scale = mathrender.BASE_FONTSIZE / size
    return max(width * scale, 1.0), max(height * scale, 1.0), depth * scale


def _backend_outline(tex):
    """The formula as matplotlib's SVG backend draws it (``fig.text`` in a figure of the
    formula's size, glyphs as ``<use>`` of ``<defs>`` paths), every point taken through
    its transforms to page coordinates: the reference for the one-path rendering."""
    import io
    import xml.etree.ElementTree as ET

    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    svg_ns, xlink = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}href"
    prop = FontProperties(size=mathrender.BASE_FONTSIZE, math_fontfamily=mathrender.FONTSET)
    width, height, depth = _mathtext_box_pt(tex)
    fig = Figure(figsize=(width / 72.0, height / 72.0))
    fig.text(0, depth / height, f"${tex}$", fontproperties=prop)
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path"}):
        FigureCanvasSVG(fig).print_svg(buf)
    root = ET.fromstring(buf.getvalue().encode("utf-8"))
    defs = {p.get("id"): p for p in root.iter(f"{svg_ns}path") if p.get("id")}
    commands, points = [], []

    def emit(d, m):
        c, p = _commands_and_points(d)
        commands.extend(c)
        if len(p):
            points.append((m @ np.c_[p, np.ones(len(p))].T).T[:, :2])

    def walk(el, m):
        tag = el.tag.replace(svg_ns, "")
        m = m @ _matrix(el.get("transform"))
        if tag in ("defs", "metadata", "style") or el.get("id") == "patch_1":
            return
        if tag == "use":
            ref = defs[el.get(xlink)[1:]]
            emit(ref.get("d"), m @ _matrix(ref.get("transform")))
        elif tag == "path":
            emit(el.get("d"), m)
        for child in el:
            walk(child, m)

    walk(root, np.eye(3))
    return commands, np.concatenate(points) if points else np.empty((0, 2))


@pytest.mark.parametrize("tex", [
    r"\frac{a}{b} \cdot 2^{32}",  # a fraction rule among glyphs
    r"\sqrt{x^2 + 1}",
    r"\left(\frac{1}{2}\right)^{n}",
    r"\sum_{i=1}^{N} x_i",
    r"\overline{H}_{EH/s} \times 10^{18}",
    r"\mathrm{hashprice} = \frac{144 \cdot (s + f)}{N_{PH/s}}",
    r"x",
    r"\ ",  # nothing to draw
])
def test_one_path_formula_has_the_svg_backends_outline(tex):
    svg, width_em, height_em, depth_em = mathrender._typeset(tex)
    commands, points = _backend_outline(tex)
    d = re.search(r'<path d="([^"]*)"', svg).group(1)
    got_commands, got_points = _commands_and_points(d)
    assert got_commands == commands
    assert got_points.shape == points.shape
    # rounded to 0.001 pt here, to 1e-6 (of glyph units) in the backend's output
    assert np.abs(got_points - points).max(initial=0.0) <= 6e-4
    em = mathrender.BASE_FONTSIZE
    view_w, view_h = (float(v) for v in re.search(r'viewBox="0 0 ([^ ]+) ([^"]+)"', svg).groups())
    assert view_w == pytest.approx(width_em * em, abs=5e-4)
    assert view_h == pytest.approx(height_em * em, abs=5e-4)
    assert f'width="{width_em:.3f}em" height="{height_em:.3f}em"' in svg
    assert 0 <= depth_em < height_em


BOX_FORMULAS = [r"\frac{a}{b} \cdot 2^{32}", r"\sum_{i=1}^{N} x_i",
                r"\mathrm{hashprice} = \frac{144 \cdot (s + f)}{N_{PH/s}}", r"(s_a + f)/(s_1 + f)", r"x"]


@pytest.mark.parametrize("tex", BOX_FORMULAS)
def test_the_box_is_that_of_the_one_parse_the_outlines_come_from(tex, monkeypatch):
    """A formula is parsed once: its width, height and depth are mathtext's box of the parse
    at the outlines' size (TextToPath.FONT_SCALE), scaled like the outlines to BASE_FONTSIZE,
    and mathtext's parser runs once for box and drawing together."""
    import matplotlib._mathtext
    from matplotlib.mathtext import MathTextParser

    MathTextParser._parse_cached.cache_clear()  # mathtext's own cache of parses
    calls = []
    parse = matplotlib._mathtext.Parser.parse
    monkeypatch.setattr(matplotlib._mathtext.Parser, "parse",
                        lambda self, *args, **kw: calls.append(args[0]) or parse(self, *args, **kw))
    svg, width_em, height_em, depth_em = mathrender._typeset(tex)
    assert calls == [f"${tex}$"]
    em = mathrender.BASE_FONTSIZE
    width, height, depth = _mathtext_box_pt(tex)
    assert (width_em * em, height_em * em, depth_em * em) == pytest.approx((width, height, depth), rel=1e-12)
    assert f'viewBox="0 0 {mathrender._num(width)} {mathrender._num(height)}"' in svg


def test_a_box_from_a_parse_at_another_size_differs():
    """The premise of the test above: mathtext rounds its width, height and depth up to whole
    points at the size it parses at, so a box from a parse at BASE_FONTSIZE differs from
    that of the parse at FONT_SCALE the drawing comes from, for all but the last of these."""
    em = mathrender.BASE_FONTSIZE
    moved = [tex for tex in BOX_FORMULAS
             if _mathtext_box_pt(tex, size=em) != pytest.approx(_mathtext_box_pt(tex), rel=1e-12)]
    assert moved == BOX_FORMULAS[:-1]  # x is 12 x 11 pt at either size


def test_an_italic_overhang_past_the_box_is_not_clipped():
    """mathtext's box is the formula's advance, not its ink: the hook of an italic f reaches
    past the right edge and that of a j past the left (computed here from matplotlib's
    outlines). An <svg> clips to its box by default (img, svg { overflow: hidden } in
    browsers and WeasyPrint), so the formula's SVG lets the ink overflow."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path as MplPath
    from matplotlib.textpath import text_to_path

    prop = FontProperties(size=mathrender.BASE_FONTSIZE, math_fontfamily=mathrender.FONTSET)
    scale = mathrender.BASE_FONTSIZE / text_to_path.FONT_SCALE
    ink_f = MplPath(*text_to_path.get_text_path(prop, "$f$", ismath=True)).get_extents()
    ink_j = MplPath(*text_to_path.get_text_path(prop, "$j$", ismath=True)).get_extents()
    assert ink_f.x1 * scale > _mathtext_box_pt("f")[0] + 1.0  # pt
    assert ink_j.x0 * scale < -1.0
    for tex in ("f", "j", r"s_1 + f"):
        for out in (mathrender.render_svg(tex), mathrender.render_svg(tex, display=True)):
            style = re.search(r'<svg [^>]*style="([^"]*)"', out).group(1)
            assert "overflow:visible" in style.replace(" ", "").split(";")


def test_display_math_splits_lines_and_aliases():
    out = mathrender.render_svg(r"a \le b \\ c \ge d", display=True)
    assert out.startswith('<span class="math display">')
    assert out.count('<span class="math-line">') == 2


def test_unsupported_formula_names_notebook_cell_and_formula():
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "fine $x$"},
        {"cell_type": "markdown", "metadata": {}, "source": ["bad ", "$\\foo{x}$"]},
    ]}
    with pytest.raises(MathRenderError) as exc:
        mathrender.render_notebook_math(nb, notebook="notebooks/01_hashprice.ipynb")
    msg = str(exc.value)
    assert "notebooks/01_hashprice.ipynb" in msg and "cell 1" in msg
    assert "$\\foo{x}$" in msg and "Unknown symbol" in msg
    assert exc.value.cell == 1 and exc.value.formula == "\\foo{x}"


def test_notebook_math_tokens_and_restore():
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {},
         "source": "## Revenue $R$\n\nA $40 bill, `$x$` in code, $$R = B \\cdot P$$"},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "", "outputs": [
            {"output_type": "display_data", "metadata": {},
             "data": {"text/markdown": "hashprice $h \\approx 45$", "text/plain": "x"}},
            {"output_type": "display_data", "metadata": {},
             "data": {"text/latex": "$\\displaystyle \\frac{1}{2}$", "text/plain": "1/2"}},
        ]},
    ]}
    copy, tokens = mathrender.render_notebook_math(nb)
    assert nb["cells"][0]["source"].startswith("## Revenue $R$")  # input untouched
    src = copy["cells"][0]["source"]
    assert len(tokens) == 4 and "\\$40" in src and "`$x$`" in src and "$$" not in src
    latex_html = copy["cells"][1]["outputs"][1]["data"]["text/html"]
    assert "<svg" not in latex_html  # a token until after the output sanitizer
    assert "<svg" in mathrender.restore_math(latex_html, tokens)
    token = next(iter(tokens))
    html = f'<h2 id="Revenue-{token}">Revenue {token}</h2>'
    restored = mathrender.restore_math(html, tokens)
    assert restored.startswith('<h2 id="Revenue-"><span class="math-glue">Revenue&nbsp;'
                               '<span class="math inline"><svg')


def test_inline_formulas_are_glued_to_their_word_and_punctuation():
    """No line may start with a formula cut off from its word, or with the comma after
    it: the word, a no-break space, the formula and the punctuation share a nowrap span."""
    tokens = {"mlmathAx0z": '<span class="math inline"><svg/></span>',
              "mlmathAx1z": '<span class="math display"><svg/></span>'}
    html = "<p>A miner's share mlmathAx0z is its hashrate (mlmathAx0z), and</p><p>mlmathAx1z</p>"
    out = mathrender.restore_math(html, tokens)
    assert ("A miner's <span class=\"math-glue\">share&nbsp;<span class=\"math inline\"><svg/>"
            "</span></span> is its hashrate <span class=\"math-glue\">(<span class=\"math inline\">"
            "<svg/></span>),</span> and") in out
    assert "<p><span class=\"math display\"><svg/></span></p>" in out  # display math alone
    css = (Path(mathrender.__file__).parent / "templates" / "report.css").read_text()
    assert re.search(r"\.math-glue\s*\{[^}]*white-space:\s*nowrap", css)


def test_exported_report_html_has_svg_and_money(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from minelib import reports

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(
            "# Title with $x$\n\nCosts $40 and $50; the hashprice $h$ is\n\n"
            "$$h = \\frac{144 \\cdot 3.125 \\cdot P}{H}$$\n\nand \\$5 stays."),
    ])
    html = reports.render_report_html(
        nb, job_name="t", notebook="t.ipynb", title=None, parameters=[], headlines=[],
        generated="2024-01-01T00:00:00Z", data_ver="d", code_ver="c")
    assert "$$" not in html
    assert html.count("<svg") >= 3  # title, inline, display
    assert "Costs $40 and $50" in html and "and $5 stays" in html
    assert "mathjax" not in html.lower()
    assert not re.search(r"<[^>]*mlmath", html)


def test_strip_mathjax():
    html = ('<head><script type="text/x-mathjax-config">MathJax.Hub.Config({})</script>'
            '<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js">'
            "</script><script>keep()</script></head>")
    assert mathrender.strip_mathjax(html) == "<head><script>keep()</script></head>"


def _without_ids(svg):
    return re.sub(r"m\d+-", "m-", svg)


@pytest.fixture
def render_to_disk(tmp_path, monkeypatch):
    """render_svg(tex) with an empty disk cache in tmp_path and nothing in memory:
    returns the SVG and the cache entry it left."""
    monkeypatch.setattr(mathrender, "_disk_cache", None)  # restored after the test
    mathrender.use_disk_cache(tmp_path)
    mathrender._render_line.cache_clear()

    def render(tex):
        svg = mathrender.render_svg(tex)
        (entry,) = tmp_path.glob("*.json")
        mathrender._render_line.cache_clear()  # the next call comes as from another process
        return svg, entry

    return render


def test_formulas_are_kept_on_disk_by_content(render_to_disk, monkeypatch):
    tex = r"\frac{144 \cdot (s + f)}{N_{PH/s}}"
    first, entry = render_to_disk(tex)
    assert entry.stem == hashlib.sha256(json.dumps(
        [mathrender.RENDER_VERSION, matplotlib.__version__, mathrender.FONTSET,
         mathrender.BASE_FONTSIZE, tex]).encode()).hexdigest()
    # a worker or a later run: mathtext is not called again
    monkeypatch.setattr(mathrender, "_typeset", lambda t: pytest.fail(f"typeset {t!r} again"))
    assert _without_ids(mathrender.render_svg(tex)) == _without_ids(first)


def test_a_torn_cache_entry_is_rendered_again(render_to_disk, monkeypatch):
    tex = r"x_{torn}^2"
    good, entry = render_to_disk(tex)
    entry.write_text(entry.read_text()[:40])  # a crash mid-write elsewhere
    calls = []
    real = mathrender._typeset
    monkeypatch.setattr(mathrender, "_typeset", lambda t: calls.append(t) or real(t))
    assert _without_ids(mathrender.render_svg(tex)) == _without_ids(good)
    assert calls == [tex]
    assert json.loads(entry.read_text())["tex"] == tex  # replaced whole


def test_cache_entries_are_written_whole_without_fsync(render_to_disk, monkeypatch):
    # a cache entry is checked when read, so it skips the fsync a durable file pays
    monkeypatch.setattr("os.fsync", lambda fd: pytest.fail("fsync of a cache entry"))
    svg, entry = render_to_disk(r"\frac{h}{t}")
    stored = json.loads(entry.read_text())
    assert stored["tex"] == r"\frac{h}{t}" and stored["svg"].split("<path", 1)[1] in svg
    assert not list(entry.parent.glob(".*.tmp"))
