"""Checks that guard the house: they discover the library's public functions, never list them.

* Every public function of every public module (packages included, found by walking
  ``minelib``) has a numpydoc docstring: a summary line, ``Parameters`` naming every
  parameter with a ``[unit]`` for each numeric one, ``Returns`` and ``Examples``.
* Every *vectorized* model function - one whose required parameters are all model
  quantities (sampled below by name) and which returns a number for numbers - returns an
  ndarray for an ndarray and a Series (same index) for a Series, in each parameter, and is
  decorated with :func:`minelib._validate.vectorized` so mismatched shapes name both
  parameters.
* Every parameter that names a quantity with a plausibility limit is held to it.
* The top-level API imports names, grouped by module, without star imports.

Functions in modules other engineers are rewriting, which fail today, are in the xfail
lists below (strict: when one passes, the test says so and the entry goes).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import numbers
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import minelib
from minelib import plausibility

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- discovery


def _public_modules():
    names = []
    for info in pkgutil.walk_packages(minelib.__path__, "minelib."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts[1:]):
            continue  # private modules (_validate, _atomic) and __main__
        names.append(info.name)
    return sorted(names)


def _public_names(mod) -> list[str]:
    """A module's public names: its ``__all__``, else every name without a leading '_'.

    A module inside a package (``minelib.live.cache``) is the package's machinery: its
    public functions are those the package exports in its own ``__all__``.
    """
    return list(getattr(mod, "__all__", [n for n in vars(mod) if not n.startswith("_")]))


def _public_functions():
    found = {}
    for modname in _public_modules():
        mod = importlib.import_module(modname)
        parent = modname.rpartition(".")[0]
        exported = None if parent == "minelib" else set(_public_names(importlib.import_module(parent)))
        for name in _public_names(mod):
            obj = getattr(mod, name, None)
            if not inspect.isfunction(obj) or obj.__module__ != modname:
                continue
            if exported is not None and name not in exported:
                continue
            found[f"{modname}.{name}"] = obj
    for name in minelib.__all__:  # the top level re-exports functions of the modules above
        obj = getattr(minelib, name)
        if inspect.isfunction(obj):
            assert f"{obj.__module__}.{obj.__name__}" in found, name
    return found


FUNCTIONS = _public_functions()

# --------------------------------------------------------------------------- xfail lists
# Known debt, cleared as it is paid (strict xfail: an entry that passes fails the run, so
# it goes). Public functions whose docstrings miss a numpydoc section or a [unit]:
XFAIL_DOCS: set[str] = set()
# Vectorized functions that do not yet return the kind of their inputs in every parameter,
# or are not decorated with @vectorized (a shape mismatch gives numpy's bare message
# instead of naming both parameters).
XFAIL_KINDS: set[str] = set()


def _params(names, xfail):
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="known debt: see the XFAIL lists"))
            if n in xfail else n for n in sorted(names)]


# --------------------------------------------------------------------------- numpydoc

_SECTION = re.compile(r"^(\w[\w ]*)\n-+\n", re.M)
_NUMERIC = re.compile(r"\b(float|int|ndarray|series|array|array-like|scalar|number)s?\b", re.I)
_UNIT = re.compile(r"\[[^\]]+\]")
_NO_UNIT = {"seed"}  # parameters to which no unit applies


def _sections(doc: str) -> dict[str, str]:
    heads = list(_SECTION.finditer(doc))
    return {m.group(1): doc[m.end(): heads[i + 1].start() if i + 1 < len(heads) else len(doc)]
            for i, m in enumerate(heads)}


def _documented_params(text: str) -> dict[str, str]:
    """{name: header + description} of a numpydoc Parameters section."""
    out, current = {}, None
    for line in text.splitlines():
        if line and not line[0].isspace():
            names, _, _ = line.partition(" : ")
            current = [n.strip().lstrip("*") for n in names.split(",")]
            for n in current:
                out[n] = line
        elif current:
            for n in current:
                out[n] += "\n" + line
    return out


def numpydoc_problems(func) -> list[str]:
    doc = inspect.getdoc(func) or ""
    if not doc.strip():
        return ["no docstring"]
    problems = []
    if not doc.splitlines()[0].strip():
        problems.append("no summary line")
    sections = _sections(doc)
    params = [p for p in inspect.signature(func).parameters.values() if p.name not in ("self", "cls")]
    if params:
        if "Parameters" not in sections:
            problems.append("no Parameters section")
        else:
            documented = _documented_params(sections["Parameters"])
            for p in params:
                entry = documented.get(p.name)
                if entry is None:
                    problems.append(f"parameter {p.name!r} not documented")
                elif p.name not in _NO_UNIT and _NUMERIC.search(entry.splitlines()[0]) and not _UNIT.search(entry):
                    problems.append(f"numeric parameter {p.name!r} has no [unit]")
    for needed in ("Returns", "Examples"):
        if needed not in sections and not (needed == "Returns" and "Yields" in sections):
            problems.append(f"no {needed} section")
    return problems


@pytest.mark.parametrize("qualname", _params(FUNCTIONS, XFAIL_DOCS))
def test_numpydoc_sections(qualname):
    assert numpydoc_problems(FUNCTIONS[qualname]) == []


def test_checker_catches_what_it_should():
    def bad(network_hashrate_ehs, days):
        """Summary.

        Parameters
        ----------
        network_hashrate_ehs : float
            Hashrate without a unit.
        """

    assert numpydoc_problems(bad) == [
        "numeric parameter 'network_hashrate_ehs' has no [unit]", "parameter 'days' not documented",
        "no Returns section", "no Examples section",
    ]
    assert numpydoc_problems(lambda x: x) == ["no docstring"]


# --------------------------------------------------------------------------- return kinds

#: A plausible sample of every model quantity a vectorized function takes, by parameter name.
SAMPLES = {
    "actual_timespan_s": 1_209_600.0, "amount_btc": 3.125, "amount_sats": 312_500_000,
    "base_cost_usd": 1e8, "block_subsidy_btc": 3.125, "blocks_per_day": 144.0, "btc_mined": 500.0,
    "btc_price_usd": 70_000.0, "capacity_mw": 200.0, "capex_usd": 3e8, "capex_usd_per_mw": 8e6,
    "cash_cost_usd": 5e7, "cash_usd": 1e7, "contract_value_usd": 5e9, "cost_usd": 5e7, "cost_growth": 0.3,
    "cost_usd_per_btc": 50_000.0,
    "days": 91.0, "days_since_halving": 100.0, "difficulty": 1.4e14, "drop": 0.3,
    "efficiency_j_per_th": 20.0, "elasticity": 0.7, "end": 25.0, "end_btc": 1_300.0, "end_height": 210_000,
    "end_miner_hashrate_ehs": 32.0, "end_quarter": "2024Q4",
    "epoch": 4, "fiat_costs_usd": 2e7, "from_unit": "EH/s", "hashprice_btc_per_ph_day": 5e-4,
    "hashprice_usd_per_ph_day": 40.0, "hashprice_usd_per_th_day": 0.04, "hashrate_ehs": 566.0,
    "hashrate_growth": 0.5, "hashrate_hs": 9e20, "hashrate_ths": 200.0, "height": 840_000,
    "hpc_margin_usd_per_mw_year": 1.5e6, "hpc_revenue_usd_per_mw_year": 1.8e6, "k": 1,
    "lease_usd_per_kw_month": 150.0, "miner_hashrate_ehs": 16.4, "miner_hashrate_ths": 200.0,
    "mining_margin_usd_per_mw_year": 5e5, "network_btc": 13_950.0, "network_hashrate_ehs": 900.0,
    "power_price_usd_per_kwh": 0.05, "power_usd": 3e7, "price_usd": 70_000.0, "produced_btc": 500.0,
    "production_btc": 500.0,
    "ramp": "linear", "recovery_months": 6.0, "revenue_usd_per_mw_year": 7e5, "reward_btc_per_block": 3.2,
    "sold_btc": 100.0, "start": 8.9, "start_btc": 1_000.0, "start_date": "2024-04-20", "start_height": 0,
    "start_miner_hashrate_ehs": 16.4, "start_quarter": "2024Q1", "term_years": 10.0,
    "to_unit": "TH/s", "total_cost_usd": 1e7, "treasury_btc": 1_000.0, "useful_life_years": 5.0,
    "value": 566.0, "years": 1.25,
    # minelib.hpc
    "machine_cost_usd_per_th": 20.0, "machine_life_years": 4.0, "average_lease_usd_per_kw_month": 148.8,
    "escalator_per_year": 0.03, "extended_value_usd": 7e9, "extended_term_years": 20.0,
}


def _required(func):
    return [p.name for p in inspect.signature(func).parameters.values()
            if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _call(func, **override):
    kwargs = {n: SAMPLES[n] for n in _required(func)}
    kwargs.update(override)
    return func(**kwargs)


def _is_number(x):
    return isinstance(x, numbers.Number) and not isinstance(x, (bool, np.bool_))


def _vectorized_functions():
    found = {}
    for qualname, func in FUNCTIONS.items():
        req = _required(func)
        if not req or not all(n in SAMPLES for n in req):
            continue
        try:
            out = _call(func)
        except Exception as exc:  # pragma: no cover - a sample the function refuses is a bug in SAMPLES
            raise AssertionError(f"{qualname} refuses the samples: {exc}") from exc
        if _is_number(out):
            found[qualname] = func
    return found


VECTORIZED = _vectorized_functions()


def test_discovery_finds_the_model_functions():
    # a floor, not a list: if discovery breaks, this says so
    assert len(VECTORIZED) >= 50
    for name in ("minelib.revenue.hashprice_usd_per_ph_day", "minelib.fleet.breakeven_hashprice_usd_per_ph_day",
                 "minelib.protocol.block_subsidy_sats", "minelib.solo.probability_of_block"):
        assert name in VECTORIZED


@pytest.mark.parametrize("qualname", _params(VECTORIZED, XFAIL_KINDS))
def test_return_kind_follows_the_inputs(qualname):
    func = VECTORIZED[qualname]
    scalar = _call(func)
    assert _is_number(scalar) and not isinstance(scalar, np.ndarray)
    index = pd.Index(["a", "b", "c"])
    for name in _required(func):
        v = SAMPLES[name]
        if isinstance(v, str):
            continue
        try:
            arr = _call(func, **{name: np.array([v, v, v])})
        except ValueError as exc:
            if "scalar" in str(exc):
                continue  # a parameter documented as scalar-only
            raise
        assert isinstance(arr, np.ndarray) and arr.shape == (3,), (name, type(arr))
        assert np.allclose(arr.astype(float), float(scalar)), name
        ser = _call(func, **{name: pd.Series([v, v, v], index=index)})
        assert isinstance(ser, pd.Series) and ser.index.equals(index), (name, type(ser))
    assert getattr(func, "__minelib_vectorized__", False), "not decorated with minelib._validate.vectorized"


@pytest.mark.parametrize("qualname", sorted(VECTORIZED))
def test_plausibility_limits_reach_every_function(qualname):
    """A parameter that names a physical quantity is held to its plausible range."""
    func = VECTORIZED[qualname]
    for name in _required(func):
        quantity = plausibility._quantity_of(name)
        if quantity is None or plausibility.LIMITS[quantity].hi is None:
            continue
        with pytest.raises(ValueError, match=rf"^{name}="):
            _call(func, **{name: plausibility.LIMITS[quantity].hi * 1e3})


# --------------------------------------------------------------------------- the front door


def test_init_imports_names_grouped_by_module():
    tree = ast.parse((ROOT / "minelib" / "__init__.py").read_text(encoding="utf-8"))
    source = (ROOT / "minelib" / "__init__.py").read_text(encoding="utf-8").splitlines()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            assert all(a.name != "*" for a in node.names), "no star imports"
            if node.module and node.module != "minelib":
                # a comment names the file the names come from
                comment = source[node.lineno - 2].strip()
                mod = importlib.import_module(node.module)
                files = {f"# minelib/{node.module.split('.', 1)[1].replace('.', '/')}.py"}
                for alias in node.names:
                    obj = getattr(mod, alias.name)
                    home = getattr(obj, "__module__", node.module)
                    if inspect.isfunction(obj):
                        files.add(f"# minelib/{home.split('.', 1)[1].replace('.', '/')}.py")
                assert comment in files, (node.module, comment)
    for name in minelib.__all__:
        obj = getattr(minelib, name)
        if inspect.isfunction(obj):
            assert obj.__module__.startswith("minelib."), name


def test_generic_names_stay_under_their_modules():
    for name, home in (("Column", minelib.data), ("Schema", minelib.data), ("SCHEMAS", minelib.data),
                       ("DataValidationError", minelib.data), ("DATA_DIR", minelib.data),
                       ("SEED_000", minelib.halving), ("HalvingCase", minelib.halving),
                       ("TREASURY_COLUMNS", minelib.treasury), ("POLICIES", minelib.treasury)):
        assert name not in minelib.__all__
        assert hasattr(home, name)
    for name in ("Column", "Schema", "SCHEMAS", "SEED_000", "TREASURY_COLUMNS", "POLICIES"):
        with pytest.raises(AttributeError):
            getattr(minelib, name)


def test_machinery_is_imported_on_first_use():
    code = ("import sys, minelib as ml; lazy = ('live', 'montecarlo', 'sweep', 'reports', 'plotting');"
            "print(sorted(m for m in lazy if 'minelib.' + m in sys.modules));"
            "print(ml.live.__name__, ml.montecarlo.__name__, ml.sweep.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "minelib.live minelib.montecarlo minelib.sweep"
    assert {"live", "montecarlo", "sweep", "units", "data", "plausibility", "__version__"} <= set(minelib.__all__)
    assert set(minelib.__all__) == set(dir(minelib))


# --------------------------------------------------------------------------- module size

LONG_MODULE_LINES = 600  # a module longer than this says why in its docstring


def _docstring_lines(tree) -> int:
    n = 0
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and ast.get_docstring(node) is not None:
            n += node.body[0].end_lineno - node.body[0].lineno + 1
    return n


@pytest.mark.parametrize("path", sorted(Path(minelib.__file__).parent.rglob("*.py")),
                         ids=lambda p: str(p.relative_to(Path(minelib.__file__).parent)))
def test_long_modules_say_why_and_their_code_stays_short(path):
    """One module, one job: over ~600 lines a module states why; its code stays under that."""
    source = path.read_text(encoding="utf-8")
    lines = len(source.splitlines())
    if lines <= LONG_MODULE_LINES:
        return
    tree = ast.parse(source)
    assert "Why this module is long" in (ast.get_docstring(tree) or ""), \
        f"{path.name} has {lines} lines and no 'Why this module is long' paragraph in its docstring"
    code = lines - _docstring_lines(tree)
    assert code <= LONG_MODULE_LINES, f"{path.name}: {code} lines of code besides docstrings: split it"
