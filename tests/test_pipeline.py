"""The batch report pipeline (minelib.reports, `minelib reports`), end to end.

One module-scoped build runs the fixture notebooks once (3 jobs, 2 workers); tests that
change state work on a copy of that build, so they stay independent and fast.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from minelib import reports
from minelib.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
NOTEBOOKS = ROOT / "notebooks"

JOBS = """\
[[job]]
name = "demo"
notebook = "notebooks/report_demo.ipynb"
[job.parameters]
btc_price_usd = 60000          # an int is accepted for a float parameter
[job.variants.bear]
btc_price_usd = 40000.0
scenario = "bear"

[[job]]
name = "crashy"
notebook = "notebooks/fails_on_param.ipynb"
parameters = { mode = "ok" }
"""


def make_repo(root: Path, jobs: str = JOBS) -> Path:
    (root / "notebooks").mkdir(parents=True)
    for nb in FIXTURES.glob("*.ipynb"):
        shutil.copy(nb, root / "notebooks" / nb.name)
    (root / "data").mkdir()
    (root / "data" / "prices.csv").write_text("date,btc_price_usd\n2024-04-20,64000\n")
    (root / "pyproject.toml").write_text("# marks the repository root for the job file\n")
    (root / "jobs.toml").write_text(jobs)
    return root


def run_cli(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["reports", *map(str, args)])
    return code, out.getvalue(), err.getvalue()


def manifest(out: Path) -> dict:
    doc = json.loads((out / "manifest.json").read_text())
    return {r["name"]: r for r in doc["reports"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_repo(tmp_path_factory.mktemp("built"))
    code, out, err = run_cli("--jobs-file", root / "jobs.toml", "--jobs", 2)
    return root, code, out + err


@pytest.fixture
def repo(built, tmp_path):
    """A private copy of the built repository and its reports."""
    dest = tmp_path / "repo"
    shutil.copytree(built[0], dest)
    return dest


# ----------------------------------------------------------------------------- outputs


def test_build_succeeds_with_all_outputs(built):
    root, code, log = built
    assert code == 0, log
    for job in ("demo", "demo-bear", "crashy"):
        for ext in ("ipynb", "html", "pdf"):
            assert (root / "reports" / job / f"{job}.{ext}").is_file(), (job, ext, log)
    assert not list((root / "reports").glob(".tmp-*"))
    assert re.search(r"\[\d/3\] ok\s+demo-bear", log)


def test_pdf_has_pages_and_headline_numbers(built):
    from pypdf import PdfReader

    out = built[0] / "reports"
    for job, number in (("demo", "45.00"), ("demo-bear", "30.00")):
        pdf = PdfReader(out / job / f"{job}.pdf")
        assert len(pdf.pages) >= 1
        text = "\n".join(page.extract_text() for page in pdf.pages)
        assert number in text and "USD/PH/day" in text, text[:500]
        assert "page 1 of" in text  # page numbers in the footer


def test_html_report_hides_code_and_renders_formulas(built):
    html = (built[0] / "reports" / "demo" / "demo.html").read_text()
    assert "<svg" in html and "$$" not in html
    assert "mathjax" not in html.lower() and "<script" not in html
    assert "a $40 power bill" in html  # money is not math
    assert "hashprice = 144" not in html  # code cells hidden
    assert "Working directory: <code>notebooks</code>" in html  # cwd = notebook folder
    assert reports.data_version(built[0] / "data") in html
    assert "Key figures" in html and "45.00" in html
    bear = (built[0] / "reports" / "demo-bear" / "demo-bear.html").read_text()
    assert '<span class="item">40,000</span>' in bear and '<span class="item">bear</span>' in bear


def test_pdf_draws_the_formulas(built):
    """Formulas are drawn, not text: each formula line of the page is one filled path
    in the PDF (its glyph outlines), beside the page's other fills."""
    import weasyprint
    from pypdf import PdfReader

    out = built[0] / "reports" / "demo"
    html = (out / "demo.html").read_text()
    no_math = re.sub(r'<span class="math (inline|display)">.*?</svg></span>(</span>)?', "",
                     html, flags=re.S)
    assert "<svg" not in no_math
    weasyprint.HTML(string=no_math).write_pdf(out.parent.parent / "nomath.pdf")

    def fills(path):
        data = b"".join(p.get_contents().get_data() for p in PdfReader(path).pages)
        return len(re.findall(rb"\sf\n", data))

    drawn = len(re.findall(r'<svg [^>]*role="img"><path d="M', html))  # non-empty formulas
    assert drawn >= 6
    assert fills(out / "demo.pdf") == fills(out.parent.parent / "nomath.pdf") + drawn


def test_index_and_manifest(built):
    root = built[0]
    out = root / "reports"
    index = (out / "index.html").read_text()
    links = re.findall(r'href="([^"]+)"', index)
    assert len(links) >= 3 * 3
    for link in links:
        assert not link.startswith(("/", "http")), link  # relative links only
        if link.startswith("#"):
            assert f'id="{link[1:]}"' in index, link  # an anchor on the page
        else:
            assert (out / link).is_file(), link
    m = manifest(out)
    assert set(m) == {"demo", "demo-bear", "crashy"}
    demo = m["demo"]
    assert demo["status"] == "ok" and demo["stale"] is False
    assert demo["parameters"] == {"btc_price_usd": 60000.0}
    heads = {h["name"]: h for h in demo["headlines"]}
    assert math.isclose(heads["hashprice_usd_per_ph_day"]["value"], 45.0)
    assert heads["hashprice_usd_per_ph_day"]["text"] == "45.00"
    assert demo["data_version"] == reports.data_version(root / "data")
    assert demo["code_version"] == "unknown"  # not a git checkout
    assert "45.00" in index and "30.00" in index and "data_version" not in index


def test_index_sets_each_notebooks_variants_side_by_side(built):
    index = (built[0] / "reports" / "index.html").read_text()
    group = index[index.index('id="demo-group"'):]
    group = group[:group.index("</section>")]
    assert re.search(r'<th id="demo">base<span class="job">demo</span></th>\s*'
                     r'<th id="demo-bear">bear<span class="job">demo-bear</span></th>', group)
    row = re.search(r"<tr><th>Hashprice <span class=\"unit\">\[USD/PH/day\]</span></th>(.*?)</tr>",
                    group, re.S)
    assert row and re.findall(r"<b>([^<]+)</b>", row.group(1)) == ["45.00", "30.00"]
    params = re.search(r"<th>Parameters</th>(.*?)</tr>", group, re.S).group(1)
    assert "btc_price_usd = 60,000" in params and "scenario = bear" in params
    assert 'id="crashy-group"' in index  # another notebook, another table


def _browser_overflow(index: Path, width: int) -> str:
    """Load the index in headless Chromium at ``width`` px; say what sticks out."""
    probe = index.with_name(f"probe-{width}.html")
    probe.write_text(index.read_text().replace("</body>", """<script>
const w = window.innerWidth, late = [];
document.querySelectorAll("table, th, td, a").forEach(e => {
  if (e.getBoundingClientRect().right > w + 1) late.push(e.tagName + ":" + e.textContent.slice(0, 30)); });
document.body.setAttribute("data-probe", JSON.stringify({page: document.documentElement.scrollWidth > w, late: late.slice(0, 5)}));
</script></body>"""))
    res = subprocess.run(
        [shutil.which("chromium") or shutil.which("chromium-browser"), "--headless", "--no-sandbox",
         "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", f"--user-data-dir={index.parent / f'.chromium-{width}'}",
         f"--window-size={width},2000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120)
    m = re.search(r'data-probe="([^"]*)"', res.stdout)
    assert m, res.stderr[-2000:]
    return json.loads(m.group(1).replace("&quot;", '"'))


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")),
                    reason="needs Chromium (apt-get install chromium) to lay out the page")
@pytest.mark.parametrize("width", [1280, 800])
def test_index_fits_the_browser_window(built, tmp_path, width):
    """At 1280 px every column (Files, Generated) is on screen; at 800 px nothing sticks
    out of the window either: with the fixture's reports, and with entries as long as the
    real report set's (the flat table of the previous index overflowed at 1280 px)."""
    from minelib.reports.index import write_index

    doc = json.loads((built[0] / "reports" / "manifest.json").read_text())
    long_params = {"margin_btc_price_usd": 100000.0, "spot_btc_price_usd": 100000.0,
                   "scenario_network_change_pct": -30.0, "network_change_min_pct": -40.0,
                   "fleet_models": ["Antminer S21 XP", "Antminer S21 Pro", "Whatsminer M30S++"]}
    heads = [{"name": f"h{i}", "label": "Share of assumed fleet unprofitable at 40 USD/PH/day",
              "value": 1234567.0, "unit": "USD/PH/day", "text": "1,234,567"} for i in range(4)]
    for variant in ("", "-bear", "-bull"):
        doc["reports"].append({
            **doc["reports"][0], "name": f"hashprice_and_fleet_breakeven{variant}",
            "notebook": "notebooks/04_hashprice_and_fleet_breakeven.ipynb",
            "parameters": long_params, "headlines": heads,
            "status": "failed" if variant == "-bear" else "ok",
            "failed_parameters": long_params,
            "error": {"stage": "execute", "cell_index": 12, "execution_count": 12,
                      "cell_source": "breakeven = ml.breakeven_power_price_usd_per_kwh(hashprice_usd_per_ph_day)",
                      "ename": "ValueError", "evalue": "x" * 300}})
    for out in (built[0] / "reports", tmp_path / "long"):
        out.mkdir(exist_ok=True)
        if out.name == "long":
            write_index(out, doc)
        index = tmp_path / f"{out.name}.html"
        shutil.copy(out / "index.html", index)
        probe = _browser_overflow(index, width)
        assert probe == {"page": False, "late": []}, (out.name, probe)


# ------------------------------------------------------------------------------ caching


def test_rerun_with_nothing_changed_touches_nothing(repo):
    """How fast a cached rerun is belongs to `make bench` (benchmarks/bench_reports.py,
    beside a floor measured in the same run), not to a test: timing depends on load."""
    cmd = [sys.executable, "-m", "minelib", "reports", "--jobs-file", str(repo / "jobs.toml")]
    pdf = repo / "reports" / "demo" / "demo.pdf"
    # Other people edit minelib/ while the suite runs, and a changed source file rightly
    # invalidates the cache: then the first rerun rebuilds, and the next one must be cached.
    for _attempt in range(3):
        before = pdf.stat().st_mtime_ns
        res = subprocess.run(cmd, capture_output=True, text=True, cwd=repo)
        assert res.returncode == 0, res.stdout + res.stderr
        if "up to date (use --force" in res.stdout:
            break
    assert "all 3 selected report(s) are up to date" in res.stdout, res.stdout
    assert pdf.stat().st_mtime_ns == before
    assert all(r["cached"] for r in manifest(repo / "reports").values())


def test_no_test_asserts_a_wall_clock_time():
    """Timings belong to benchmarks/: a test that asserts one flakes under load."""
    guard = re.compile(r"assert[^#]*(elapsed|duration|perf_counter|time\.time)[^#]*<")
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for path in sorted((ROOT / "tests").rglob("*.py"))
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if guard.search(line)]
    assert offenders == [], "\n".join(offenders)


def test_changed_notebook_reruns_and_force_reruns(repo):
    nb_path = repo / "notebooks" / "report_demo.ipynb"
    nb = json.loads(nb_path.read_text())
    nb["cells"].append({"cell_type": "markdown", "id": "cell-new", "metadata": {},
                        "source": ["An extra closing remark."]})
    nb_path.write_text(json.dumps(nb, indent=1))
    code, log, _ = run_cli("--jobs-file", repo / "jobs.toml", "--only", "demo")
    assert code == 0, log
    assert "1 to run" in log and re.search(r"ok\s+demo\s", log)
    assert "An extra closing remark." in (repo / "reports/demo/demo.html").read_text()
    m = manifest(repo / "reports")
    assert m["demo"]["stale"] is False and m["demo"]["cached"] is False
    assert m["demo-bear"]["stale"] is True  # its notebook changed but it was not selected

    code, log, _ = run_cli("--jobs-file", repo / "jobs.toml", "--only", "crash*", "--force")
    assert code == 0, log
    assert re.search(r"\[1/1\] ok\s+crashy", log)


# ------------------------------------------------------------------------------ failure


def test_failing_job_keeps_last_good_report_and_others_run(repo):
    out = repo / "reports"
    before = {p.name: p.read_bytes() for p in (out / "crashy").iterdir()}
    bear_mtime = (out / "demo-bear" / "demo-bear.pdf").stat().st_mtime_ns
    jobs = (repo / "jobs.toml").read_text().replace('mode = "ok"', 'mode = "crash"')
    (repo / "jobs.toml").write_text(jobs)

    code, log, _ = run_cli("--jobs-file", repo / "jobs.toml", "--only", "crashy",
                           "--only", "demo-bear", "--force")
    assert code == 1
    summary = log[log.index("report(s) failed"):]
    assert "crashy" in summary and "cell 3" in summary
    assert 'if mode == "crash":' in summary and "RuntimeError" in summary
    assert re.search(r"ok\s+demo-bear", log)  # the other job still ran
    assert (out / "demo-bear" / "demo-bear.pdf").stat().st_mtime_ns != bear_mtime
    after = {p.name: p.read_bytes() for p in (out / "crashy").iterdir()}
    assert after == before  # last good report intact, byte for byte
    assert (out / "_failed" / "crashy.ipynb").is_file()
    assert not list(out.glob(".tmp-*")) and not list(out.glob(".old-*"))

    m = manifest(out)["crashy"]
    assert m["status"] == "failed" and m["stale"] is True
    assert m["error"]["cell_index"] == 3 and m["error"]["ename"] == "RuntimeError"
    assert m["files"]["html"] == "crashy/crashy.html"
    index = (out / "index.html").read_text()
    assert 'href="crashy/crashy.html"' in index and "failed" in index
    # the row says which parameters failed, and which the kept report was made with
    params = re.search(r"<th>Parameters</th>(.*?)</tr>", index[index.index('id="crashy"'):], re.S)
    assert "failed with: mode = crash" in params.group(1), params.group(1)
    assert "shown report: mode = ok" in params.group(1)


def test_failing_job_without_previous_report(tmp_path):
    root = make_repo(tmp_path, JOBS.replace('mode = "ok"', 'mode = "crash"'))
    code, log, _ = run_cli("--jobs-file", root / "jobs.toml", "--only", "crashy")
    assert code == 1 and "crashy" in log
    assert not (root / "reports" / "crashy").exists()
    m = manifest(root / "reports")
    assert m["crashy"]["files"] is None and m["demo"]["status"] == "not run"
    for link in re.findall(r'href="([^"]+)"', (root / "reports" / "index.html").read_text()):
        assert link.startswith("#") or (root / "reports" / link).is_file(), link


# -------------------------------------------------------------------------- validation

BAD_JOB_FILES = {
    "unknown parameter": (
        '[[job]]\nname = "a"\nnotebook = "notebooks/report_demo.ipynb"\n'
        "parameters = { btc_prices_usd = 1.0 }\n",
        ["job 'a'", "'btc_prices_usd'", "did you mean 'btc_price_usd'"]),
    "unknown notebook": (
        '[[job]]\nname = "a"\nnotebook = "notebooks/nope.ipynb"\n',
        ["job 'a'", "notebooks/nope.ipynb", "not found"]),
    "bad type": (
        '[[job]]\nname = "a"\nnotebook = "notebooks/report_demo.ipynb"\n'
        'parameters = { n_rows = 2.5 }\n',
        ["job 'a'", "'n_rows'", "is a float", "declares it as int"]),
    "bad type in variant": (
        '[[job]]\nname = "a"\nnotebook = "notebooks/report_demo.ipynb"\n'
        '[job.variants.bull]\nbtc_price_usd = "lots"\n',
        ["job 'a-bull'", "'btc_price_usd'", "is a str"]),
    "bool for int": (
        '[[job]]\nname = "a"\nnotebook = "notebooks/report_demo.ipynb"\n'
        'parameters = { n_rows = true }\n',
        ["job 'a'", "'n_rows'", "is a bool"]),
    "duplicate name": (
        '[[job]]\nname = "a"\nnotebook = "notebooks/report_demo.ipynb"\n'
        '[[job]]\nname = "a"\nnotebook = "notebooks/fails_on_param.ipynb"\n',
        ["job 'a'", "duplicate job name"]),
    "unknown key": (
        '[[job]]\nname = "a"\nnotebok = "notebooks/report_demo.ipynb"\n',
        ["job 'a'", "'notebok'"]),
    "not toml": ("[[job]\nname = 1\n", ["not valid TOML"]),
}


@pytest.mark.parametrize("case", list(BAD_JOB_FILES))
def test_bad_job_file_is_rejected_before_running(tmp_path, case):
    text, expected = BAD_JOB_FILES[case]
    root = make_repo(tmp_path, text)
    code, out, err = run_cli("--jobs-file", root / "jobs.toml", "--out", tmp_path / "out")
    assert code == 2, out + err
    assert "jobs.toml" in err and "nothing was run" in err
    for fragment in expected:
        assert fragment in err, (fragment, err)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, expected", [
    (["-p", "no_such=1"], ["-p no_such: no selected notebook declares a parameter 'no_such'"]),
    (["-p", "btc_price=1.0"], ["did you mean 'btc_price_usd'?"]),
    (["-p", "n_rows=many"], ["'n_rows'", "'many' is a str"]),
    (["--only", "nomatch*"], ["--only 'nomatch*' matches no job"]),
    (["-p", "novalue"], ["expected NAME=VALUE"]),
])
def test_bad_overrides_are_rejected_before_running(tmp_path, args, expected):
    root = make_repo(tmp_path)
    code, out, err = run_cli("--jobs-file", root / "jobs.toml", "--out", tmp_path / "out",
                             "--only", "demo", *args)
    assert code == 2, out + err
    for fragment in expected:
        assert fragment in err, (fragment, err)
    assert not (tmp_path / "out").exists()


def test_job_file_variants_and_int_widening(tmp_path):
    root = make_repo(tmp_path)
    jobs = {j.name: j for j in reports.load_jobs(root / "jobs.toml")}
    assert list(jobs) == ["demo", "demo-bear", "crashy"]
    assert jobs["demo"].parameters == {"btc_price_usd": 60000.0}
    assert isinstance(jobs["demo"].parameters["btc_price_usd"], float)
    assert jobs["demo-bear"].parameters == {"btc_price_usd": 40000.0, "scenario": "bear"}
    assert jobs["demo-bear"].effective_parameters()["n_rows"] == 4
    reports.apply_overrides([jobs["demo"]], reports.parse_overrides(["n_rows=7"]))
    assert jobs["demo"].parameters["n_rows"] == 7


@pytest.mark.parametrize("text", ["", "# every job commented out\n# [[job]]\n"])
def test_a_job_file_without_jobs_is_an_error(tmp_path, text):
    root = make_repo(tmp_path, text)
    code, out, err = run_cli("--jobs-file", root / "jobs.toml", "--out", tmp_path / "out")
    assert code == 2, out + err
    assert "jobs.toml: defines no jobs" in err and "nothing was run" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["../outside.ipynb", "ABSOLUTE"])
def test_a_notebook_outside_the_repository_is_rejected_before_reading_it(tmp_path, where):
    root = make_repo(tmp_path / "repo")
    outside = tmp_path / "outside.ipynb"
    outside.write_text("this is not JSON, and it is not ours to read")
    path = str(outside) if where == "ABSOLUTE" else where
    (root / "jobs.toml").write_text(f'[[job]]\nname = "x"\nnotebook = "{path}"\n')
    code, out, err = run_cli("--jobs-file", root / "jobs.toml")
    assert code == 2, out + err
    assert f"job 'x': notebook '{path}' is outside the repository" in err, err
    assert "JSON" not in err and "Expecting value" not in err and "cannot read" not in err


def test_a_second_concurrent_run_says_the_lock_is_held_with_exit_status_3(repo):
    import fcntl

    out = repo / "reports"
    before = (out / "manifest.json").read_bytes()
    with open(out / ".lock", "a+") as held:  # what a running `minelib reports` holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.truncate(0)
        held.write("pid 4242, started 2026-01-01T00:00:00Z\n")
        held.flush()
        code, log, err = run_cli("--jobs-file", repo / "jobs.toml", "--force")
    assert code == 3, log + err
    assert "another 'minelib reports' run (pid 4242, started 2026-01-01T00:00:00Z)" in err
    assert "is writing to" in err and "nothing was run" in err
    assert "invalid job specification" not in err
    assert (out / "manifest.json").read_bytes() == before
    # the lock is free again: the next run goes ahead (all cached)
    code, log, err = run_cli("--jobs-file", repo / "jobs.toml")
    assert code == 0, log + err


def test_exit_statuses_are_documented():
    from minelib.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    epilog = sub.choices["reports"].epilog
    for status in ("0 all ok", "1 a report failed", "2 invalid job file", "3 another run"):
        assert status in epilog, epilog
    readme = (ROOT / "README.md").read_text()
    assert "| 3 |" in readme and "another run" in readme


def test_missing_command_is_a_usage_error():
    with pytest.raises(SystemExit) as exc, contextlib.redirect_stderr(io.StringIO()):
        main([])
    assert exc.value.code == 2


# ---------------------------------------------------------------- versions, headlines


def test_data_version_hashes_names_and_bytes(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "a.csv").write_text("x\n1\n")
    v1 = reports.data_version(d)
    assert re.fullmatch(r"[0-9a-f]{12}", v1) and reports.data_version(d) == v1
    (d / ".gitkeep").write_text("")
    assert reports.data_version(d) == v1  # hidden files ignored
    (d / "a.csv").write_text("x\n2\n")
    v2 = reports.data_version(d)
    assert v2 != v1
    (d / "a.csv").rename(d / "b.csv")
    assert reports.data_version(d) != v2  # names count too


def test_kernel_side_imports_stay_light():
    """Notebooks run `from minelib.reports import headline` in every kernel: that must not
    import the exporters, and headline.py itself needs only the standard library."""
    heavy = ["nbconvert", "weasyprint", "papermill", "nbclient", "jinja2", "nh3", "mistune"]
    code = ("import sys; from minelib.reports import headline; "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.strip() == "[]", res.stdout + res.stderr
    alone = ("import importlib.util, sys; before = set(sys.modules); "
             "spec = importlib.util.spec_from_file_location('h', sys.argv[1]); "
             "spec.loader.exec_module(importlib.util.module_from_spec(spec)); "
             "print(sorted({m.split('.')[0] for m in set(sys.modules) - before} "
             "- set(sys.stdlib_module_names)))")
    res = subprocess.run([sys.executable, "-c", alone, str(ROOT / "minelib/reports/headline.py")],
                         capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.strip() == "[]", res.stdout + res.stderr


def test_headline_payload_validates():
    np = pytest.importorskip("numpy")
    p = reports.headline_payload("hp", np.float64(45.0), unit="USD/PH/day", fmt=",.1f")
    assert p == {"name": "hp", "label": "hp", "value": 45.0, "unit": "USD/PH/day",
                 "text": "45.0"}
    assert json.dumps(p)
    assert reports.headline_payload("n", 1234567, fmt="{:,} blocks")["text"] == "1,234,567 blocks"
    for bad in (float("nan"), "45", None, True):
        with pytest.raises(ValueError, match="headline 'hp'"):
            reports.headline_payload("hp", bad)
    with pytest.raises(ValueError, match="fmt="):
        reports.headline_payload("hp", 1.0, fmt=",.2q")


# ------------------------------------------------------------------ notebook hygiene


def _hygiene_targets():
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def test_repository_notebooks_are_clean():
    """Every notebooks/*.ipynb: one literal-only parameters cell, python3, no outputs."""
    problems = [p for nb in _hygiene_targets() for p in reports.notebook_hygiene(nb)]
    assert not problems, "\n".join(problems)


def test_fixture_notebooks_are_clean():
    fixtures = sorted(FIXTURES.glob("*.ipynb"))
    assert fixtures
    for nb in fixtures:
        assert reports.notebook_hygiene(nb) == []


def test_hygiene_check_catches_problems(tmp_path):
    nb = json.loads((FIXTURES / "fails_on_param.ipynb").read_text())
    nb["metadata"]["kernelspec"]["name"] = "python2"
    nb["cells"][2]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    nb["cells"][2]["execution_count"] = 3
    nb["cells"][1]["source"] = "mode = 'ok'\nvalue_btc = float('1.5')\n"
    path = tmp_path / "dirty.ipynb"
    path.write_text(json.dumps(nb))
    text = "\n".join(reports.notebook_hygiene(path))
    assert "python2" in text and "stored outputs" in text and "execution count" in text
    assert "not a literal" in text and "line 2" in text
    nb["cells"][3]["metadata"]["tags"] = ["parameters"]
    path.write_text(json.dumps(nb))
    assert "2 cells are tagged 'parameters'" in "\n".join(reports.notebook_hygiene(path))


def test_hygiene_names_a_dollar_the_reports_would_print(tmp_path):
    """JupyterLab's MathJax shows $1/r$ as a formula; the report's rule (a formula that
    starts with a digit needs TeX markup) prints it as money. Money is not named."""
    nb = json.loads((FIXTURES / "fails_on_param.ipynb").read_text())
    md = {"cell_type": "markdown", "metadata": {}, "source": ["never more than $1/r$ years; a \\$40 bill; $H$"]}
    nb["cells"].append(md)
    path = tmp_path / "dollars.ipynb"
    path.write_text(json.dumps(nb))
    problems = reports.notebook_hygiene(path)
    cell = len(nb["cells"]) - 1
    assert len(problems) == 1 and f"cell {cell}: $1/r$ prints as money" in problems[0]
    md["source"] = ["never more than $\\frac{1}{r}$ years; a \\$40 bill; $H$"]
    path.write_text(json.dumps(nb))
    assert reports.notebook_hygiene(path) == []


# ----------------------------------------------------------------- kernel reuse, data source

STATE_JOBS = """\
[[job]]
name = "state-a"
notebook = "notebooks/kernel_state_a.ipynb"

[[job]]
name = "state-b"
notebook = "notebooks/kernel_state_b.ipynb"
"""


def test_reused_kernel_is_reset_between_jobs(tmp_path):
    """One worker runs A then B in the same kernel: B sees none of A's state."""
    root = make_repo(tmp_path / "repo", STATE_JOBS)
    code, out, err = run_cli("--jobs-file", root / "jobs.toml", "--jobs", 1)
    assert code == 0, out + err
    b = {h["name"]: h["value"] for h in manifest(root / "reports")["state-b"]["headlines"]}
    assert b == {"leak_seen": 0, "pandas_option_reset": 1, "rc_reset": 1, "cwd_is_notebook_folder": 1}
    # nothing the kernel says about its reuse (e.g. IPython history errors) reaches a report
    for job in ("state-a", "state-b"):
        nb = json.loads((root / "reports" / job / f"{job}.ipynb").read_text())
        streams = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "stream"]
        assert streams == [], streams


def test_fresh_kernels_run_each_job_in_its_own_kernel(tmp_path):
    root = make_repo(tmp_path / "repo", STATE_JOBS)
    code, out, err = run_cli("--jobs-file", root / "jobs.toml", "--jobs", 1, "--fresh-kernels")
    assert code == 0, out + err
    b = {h["name"]: h["value"] for h in manifest(root / "reports")["state-b"]["headlines"]}
    assert b["leak_seen"] == 0


def test_data_source_refreshed_sets_source_and_pins_version(tmp_path, monkeypatch):
    monkeypatch.setenv("MINELIB_CACHE_DIR", str(tmp_path / "empty-cache"))  # nothing cached
    root = make_repo(tmp_path / "repo", STATE_JOBS)
    code, out, err = run_cli("--jobs-file", root / "jobs.toml", "--only", "state-a", "--data", "refreshed")
    assert code == 0, out + err
    doc = json.loads((root / "reports" / "manifest.json").read_text())
    assert doc["data_source"] == "refreshed"
    entry = {r["name"]: r for r in doc["reports"]}["state-a"]
    assert entry["parameters"]["source"] == "refreshed"
    assert {h["name"]: h["value"] for h in entry["headlines"]}["source_is_refreshed"] == 1
    # empty cache: load_network_history falls back to the snapshot, and the version says so
    assert entry["data_version"].startswith(doc["data_version"] + "+snapshot:")
    assert "refreshed" in (root / "reports" / "index.html").read_text()
    # the snapshot run of the same job is a different input: it reruns, with the plain version
    code, out, err = run_cli("--jobs-file", root / "jobs.toml", "--only", "state-a")
    assert code == 0 and "1 to run" in out, out + err
    assert manifest(root / "reports")["state-a"]["data_version"] == doc["data_version"]


def test_unknown_data_source_is_rejected(tmp_path):
    root = make_repo(tmp_path / "repo", STATE_JOBS)
    with pytest.raises(SystemExit):
        run_cli("--jobs-file", root / "jobs.toml", "--data", "live")
    assert not (root / "reports").exists()


def test_notebooks_are_committed_in_nbstripout_form():
    """The git filter `make` installs would rewrite any other form, and every fresh clone
    would then look modified (reports stamped '-dirty')."""
    paths = [*_hygiene_targets(), *sorted(FIXTURES.glob("*.ipynb"))]
    res = subprocess.run([sys.executable, "-m", "nbstripout", "--verify", *map(str, paths)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


# ------------------------------------------------- user strings and solutions in reports

HOSTILE = ['<script>document.title="X"</script>', '"><img src=x onerror=alert(1)>',
           "</style><b>bold</b>"]


def _toml_list(items) -> str:
    return "[" + ", ".join(json.dumps(s) for s in items) + "]"


HOSTILE_JOBS = f"""\
[[job]]
name = "hostile"
notebook = "notebooks/labels_demo.ipynb"
title = {json.dumps("Title </title><script>alert('t')</script> " + HOSTILE[1])}
[job.parameters]
labels = {_toml_list(HOSTILE)}
[job.variants.fails]
fail_with = {json.dumps(HOSTILE[1] + HOSTILE[0])}

[[job]]
name = "exercise"
notebook = "notebooks/exercise_demo.ipynb"
"""
SECRET = "31,327.25"  # rate_per_day x days of exercise_demo: printed only by its solution


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = make_repo(tmp_path_factory.mktemp("hostile"), HOSTILE_JOBS)
    code, out, err = run_cli("--jobs-file", root / "jobs.toml", "--jobs", 2,
                             "--only", "hostile*", "-p", f"note={HOSTILE[2]}")
    assert code == 1 and "hostile-fails" in out, out + err  # fails on purpose
    code, out, err = run_cli("--jobs-file", root / "jobs.toml", "--only", "exercise")
    assert code == 0, out + err
    return root


def assert_no_hostile_markup(page: str, where: str) -> None:
    """None of HOSTILE survives as markup: no script, no event handler, no foreign image,
    no element opened by a label, and nothing closes the page's one <style> early."""
    from html.parser import HTMLParser

    tags, bold_texts = [], []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            if tags and tags[-1][0] == "b":
                bold_texts.append(data)

    Parser(convert_charrefs=True).feed(page)
    assert not [t for t in tags if t[0] == "script"], where
    assert not [(t, a) for t, a in tags if any(n.lower().startswith("on") for n in a)], where
    assert all(a.get("src", "").startswith("data:image/") for t, a in tags if t == "img"), where
    assert "bold" not in bold_texts, where  # the label's <b> did not become an element
    assert page.lower().count("<style") == 1 and page.lower().count("</style>") == 1, where
    assert "<script" not in page.lower() and "<img src=x" not in page.lower(), where


def test_hostile_strings_never_become_markup(hostile):
    out = hostile / "reports"
    html = (out / "hostile" / "hostile.html").read_text()
    assert_no_hostile_markup(html, "report")
    assert_no_hostile_markup((out / "index.html").read_text(), "index")
    # the labels are still there, shown as typed: in prose (Markdown output), in the
    # parameter box, and in the headline label
    assert 'Sites: <strong>&lt;script&gt;document.title="X"&lt;/script&gt;, "&gt;&lt;img' in html
    assert "<dt>Cost at &lt;script&gt;document.title=" in html  # key figures
    assert "&lt;/style&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    index = (out / "index.html").read_text()
    assert "&lt;script&gt;document.title" in index  # in the failed job's error line


def test_parameter_box_reads_as_prose(hostile):
    """No None, no '', no Python quotes; thousands separators; a list as its items."""
    html = (hostile / "reports" / "hostile" / "hostile.html").read_text()
    box = html[html.index('<div class="params">'):html.index("</section>", html.index('<div class="params">'))]

    def shown(name):
        m = re.search(rf'<span class="pname">{name}</span> = <span class="pval">(.*?)</span></div>', box)
        return m and re.sub(r"<[^>]+>", "|", m.group(1))

    assert shown("fail_with") == "|(empty)|"
    assert shown("footnote") == "|none|"
    assert shown("scale_usd") == "|1,234,567.5|"
    assert shown("labels").count("|; |") == 2  # three items, '; ' between them
    assert "None" not in box and "&#39;&#39;" not in box and "[&#39;" not in box


def test_a_long_list_parameter_breaks_between_its_items_in_the_pdf(tmp_path):
    """The parameter box's list values wrap at the separators only: every multi-word item
    (a machine model) is whole on one line of the PDF, and the list does wrap."""
    import nbformat
    from pypdf import PdfReader

    from minelib.reports import export

    models = [f"Model {i} Hydro XP{'+' * (i % 3)}" for i in range(24)]
    rows = [{"name": "fleet_models", "items": models, "sep": "; ", "default": "(empty)", "overridden": True,
             "annotation": "list"},
            {"name": "n_paths", "items": ["2,000"], "sep": "", "default": "2,000", "overridden": False,
             "annotation": "int"}]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Layout\n\nA paragraph.")])
    html = export.render_report_html(nb, job_name="layout", notebook="notebooks/x.ipynb", title=None,
                                     parameters=rows, headlines=[], generated="2026-01-01T00:00:00Z",
                                     data_ver="d", code_ver="c")
    export.write_pdf(html, tmp_path / "layout.pdf", str(tmp_path))
    lines = [ln for page in PdfReader(tmp_path / "layout.pdf").pages for ln in page.extract_text().splitlines()]
    box = [ln for ln in lines if "Model" in ln]
    assert len(box) > 2, box  # the list wraps ...
    for item in models:  # ... between items only
        assert any(item in ln for ln in box), (item, box)


def test_hostile_strings_never_reach_the_pdf_as_markup(hostile):
    from pypdf import PdfReader

    pdf = PdfReader(hostile / "reports" / "hostile" / "hostile.pdf")
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert 'document.title="X"' in text  # printed as text, not run or dropped


def test_reports_never_show_solutions(hostile):
    from pypdf import PdfReader

    out = hostile / "reports" / "exercise"
    html = (out / "exercise.html").read_text()
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(out / "exercise.pdf").pages)
    executed = (out / "exercise.ipynb").read_text()
    for where, text in (("html", html), ("pdf", pdf_text), ("ipynb", executed)):
        assert SECRET not in text and "31327.25" not in text, where
        assert "Solution: answer_1" not in text, where
    # the report says where the solutions are, at the place of the solution cell
    assert "Solutions are not printed in reports" in html
    assert "notebooks/exercise_demo.ipynb" in html and "cell 6" in html
    assert html.index("not answered yet") < html.index("Solutions are not printed") \
        < html.index("A closing remark after the solution")
    assert "Solutions are not printed" in pdf_text


@pytest.fixture(scope="module")
def real_reports(tmp_path_factory):
    """The real costs notebook with hostile cost labels, and the real primer."""
    tmp = tmp_path_factory.mktemp("real")
    (tmp / "jobs.toml").write_text(f"""\
[[job]]
name = "costs"
notebook = "notebooks/02_cost_per_btc_and_depreciation.ipynb"
parameters = {{ cost_estimate_labels = {_toml_list(HOSTILE)} }}

[[job]]
name = "primer"
notebook = "notebooks/07_primer.ipynb"
""")
    code, out, err = run_cli("--jobs-file", tmp / "jobs.toml", "--root", ROOT,
                             "--out", tmp / "out", "--jobs", 2)
    assert code == 0, out + err
    return tmp / "out"


def test_costs_notebook_cost_labels_are_not_markup(real_reports):
    for page in (real_reports / "costs" / "costs.html", real_reports / "index.html"):
        assert_no_hostile_markup(page.read_text(), page.name)


def test_primer_report_has_no_answer_key(real_reports):
    from pypdf import PdfReader

    out = real_reports / "primer"
    html = (out / "primer.html").read_text()
    text = "\n".join(p.extract_text() for p in PdfReader(out / "primer.pdf").pages)
    # the solution cell printed "Exercise 6: 99,334.4" etc. (PDF pages 4-5, issue 8)
    for where, page in (("html", html), ("pdf", text)):
        assert not re.search(r"Exercise \d: [\d,.e+]+\s", page), where
        assert "Solutions are not printed in reports" in page, where
        assert "not answered yet" in page, where  # the checker still shows its hints


def test_new_jobs_run_every_notebooks_first_job_before_any_variant(tmp_path):
    """Unknown durations: bases first (no two workers typeset one notebook's formulas at
    once, and a variant finds its base's formulas cached); known ones: longest first."""
    from types import SimpleNamespace

    from minelib.reports.driver import _split_cached
    from minelib.reports.jobs import Job

    def job(name, nb):
        return Job(name, nb, tmp_path / nb, {}, {})

    jobs = [job("a", "a.ipynb"), job("a-bear", "a.ipynb"), job("a-bull", "a.ipynb"),
            job("b", "b.ipynb"), job("b-bear", "b.ipynb"), job("c", "c.ipynb")]
    plan = SimpleNamespace(selected=jobs, out=tmp_path, hashes={j.name: "h" for j in jobs})
    to_run, cached = _split_cached(plan, {}, force=False)
    assert [j.name for j in to_run] == ["a", "b", "c", "a-bear", "b-bear", "a-bull"]
    assert cached == []
    old = {"a-bull": {"duration_s": 9.0}, "c": {"duration_s": 1.0}, "b": {"duration_s": 5.0}}
    to_run, _ = _split_cached(plan, old, force=True)
    assert [j.name for j in to_run] == ["a", "a-bear", "b-bear", "a-bull", "b", "c"]


def test_kernel_reset_reports_an_error_and_a_kernel_that_does_not_answer(tmp_path):
    """The reset runs over the shell channel only; a failure names the exception, and a
    kernel that does not answer in time is an error, not a hang."""
    from minelib.reports import worker

    km = worker._start_kernel(str(tmp_path))
    try:
        worker._run_in_kernel(km, "x = 1", first=True)
        worker._run_in_kernel(km, "assert x == 1")  # state kept between calls, no readiness wait
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            worker._run_in_kernel(km, "1 / 0")
        with pytest.raises(RuntimeError, match="did not answer within 0.5 s"):
            worker._run_in_kernel(km, "import time; time.sleep(3)", timeout=0.5)
    finally:
        worker._stop_kernel(km)
