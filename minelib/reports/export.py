"""Export of an executed notebook: the HTML report page and its PDF.

nbconvert's HTML exporter (``basic`` template, code cells hidden) renders the body from
outputs sanitized by :mod:`minelib.reports.sanitize`; the
formulas are typeset offline as inline SVG by :mod:`minelib.reports.mathrender`; the
page template ``templates/report.html.j2`` adds the header (title, key figures,
parameters, versions) and the print stylesheet; WeasyPrint writes the PDF from that HTML.
nbconvert, Jinja2 and WeasyPrint are imported on first use.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

from . import mathrender
from .inspection import cell_source, first_heading
from .sanitize import sanitize_outputs

__all__ = ["render_report_html", "write_pdf"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

_EXPORTER = None


def exporter():
    """nbconvert's HTML exporter for reports (built once per process)."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor

        exp = HTMLExporter(template_name="basic", exclude_input=True,
                           exclude_input_prompt=True, exclude_output_prompt=True,
                           anchor_link_text="")
        tags = TagRemovePreprocessor(
            remove_cell_tags={"remove-cell", "remove_cell", "injected-parameters"},
            remove_all_outputs_tags={"remove-output", "remove_output"},
            enabled=True)
        exp.register_preprocessor(tags, enabled=True)
        _EXPORTER = exp
    return _EXPORTER


@functools.cache
def jinja_env():
    """The Jinja2 environment of the report and index templates (autoescaping; built once
    per process, so each template is compiled once, not once per report)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _take_title(nb) -> str | None:
    """Remove the first Markdown H1 from the notebook and return its text."""
    found = first_heading(nb)
    if found is None:
        return None
    index, match = found
    cell = nb["cells"][index]
    src = cell_source(cell)
    cell["source"] = src[:match.start()] + src[match.end():].lstrip("\n")
    return match.group(1).strip()


_CSS_SAFE = re.compile(r"[^A-Za-z0-9 _.:+-]")


def render_report_html(nb, *, job_name: str, notebook: str, title: str | None,
                       parameters: list[dict], headlines: list[dict], generated: str,
                       data_ver: str, code_ver: str) -> str:
    """The report page of an executed notebook: code hidden, formulas as SVG.

    Every string a user supplies (job name, title, parameter values, headline labels) is
    escaped; notebook outputs are sanitised; formulas are rendered to SVG so the page
    needs no JavaScript.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (papermill's output).
    job_name : str
        The job's name, shown in the page header.
    notebook : str
        The notebook's path relative to the repository, shown in the header.
    title : str or None
        The report title; None takes the notebook's first ``# `` heading.
    parameters : list of dict
        One per declared parameter, as ``driver._parameter_rows`` builds them: ``name``,
        ``items`` (the value's items as text), ``sep`` (what goes between them),
        ``default`` (as text), ``overridden`` (set by the job), ``annotation``; shown in
        the parameter box.
    headlines : list of dict
        The notebook's headline numbers (:func:`minelib.reports.headline`).
    generated : str
        UTC time stamp of the run.
    data_ver : str
        Data version shown in the header and footer.
    code_ver : str
        Code version shown in the header and footer.

    Returns
    -------
    str
        A complete HTML document.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A title")])
    >>> page = render_report_html(nb, job_name="<script>x</script>", notebook="n.ipynb",
    ...     title=None, parameters=[], headlines=[], generated="2026-01-01T00:00:00Z",
    ...     data_ver="d", code_ver="c")
    >>> "<script>x</script>" in page, "&lt;script&gt;x&lt;/script&gt;" in page
    (False, True)
    """
    nb = copy.deepcopy(nb)
    # papermill's injected cell has no output; dropping it keeps cell numbers in errors
    # equal to those of the source notebook
    nb["cells"] = [c for c in nb["cells"] if "injected-parameters"
                   not in (c.get("metadata", {}).get("tags") or [])]
    nb_title = _take_title(nb)
    nb, tokens = mathrender.render_notebook_math(nb, notebook=notebook)
    sanitize_outputs(nb, tokens)  # outputs are untrusted; the SVG goes in after this
    body, _ = exporter().from_notebook_node(nb)
    title = title or nb_title or Path(notebook).stem
    body = mathrender.restore_math(body, tokens)
    css = _report_css()
    page = jinja_env().get_template("report.html.j2").render(
        title=title.replace("\\$", "$"), title_html=mathrender.math_to_html(title, notebook=notebook),
        job=job_name, notebook=notebook,
        parameters=parameters, headlines=headlines, generated=generated,
        data_version=data_ver, code_version=code_ver, css=css, body=body,
        footer_left=_CSS_SAFE.sub("", f"data {data_ver} · code {code_ver}"),
        footer_center=_CSS_SAFE.sub("", job_name))
    return mathrender.strip_mathjax(page)


@functools.cache
def _report_css() -> str:
    return (TEMPLATE_DIR / "report.css").read_text(encoding="utf-8")


def _weasyprint():
    import warnings

    with warnings.catch_warnings():  # "HarfBuzz-Subset will be required" (system library)
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="weasyprint")
        import weasyprint
    return weasyprint


def write_pdf(html_text: str, pdf_path: Path, base_url: str) -> None:
    """Write the PDF of a report page (WeasyPrint; A4, the print rules of report.css).

    Parameters
    ----------
    html_text : str
        The page, as :func:`render_report_html` returns it.
    pdf_path : Path
        Where to write the PDF (overwritten).
    base_url : str
        Folder that relative links and images in the page resolve against.

    Returns
    -------
    None

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = pathlib.Path(d) / "r.pdf"
    ...     write_pdf("<h1>Hashprice</h1>", out, d)
    ...     out.read_bytes()[:5]
    b'%PDF-'
    """
    _weasyprint().HTML(string=html_text, base_url=base_url).write_pdf(str(pdf_path))


def preimport() -> None:
    """Import nbconvert and WeasyPrint and build the exporter (before workers fork)."""
    _weasyprint()
    exporter()
