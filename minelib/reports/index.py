"""The report set's catalogue: ``<out>/manifest.json`` and ``<out>/index.html``.

The manifest is the machine-readable record of every job (status, parameters, headline
numbers, files, versions, errors); the index is the same record as a page for a reader,
grouped the way an analyst compares it: one table per notebook, its variants (base,
bear, bull) side by side, one row per headline number.
Both are rewritten atomically after every finished job, so an interrupted run leaves a
consistent catalogue.
"""

from __future__ import annotations

import json
from pathlib import Path

from minelib._atomic import write_atomic

from .export import jinja_env
from .present import value_text

__all__ = ["load_manifest", "write_index", "error_line", "index_groups"]


def load_manifest(out: Path) -> dict:
    """The previous run's manifest entries by job name (empty if none or unreadable)."""
    try:
        with open(out / "manifest.json", encoding="utf-8") as fh:
            doc = json.load(fh)
        return {r["name"]: r for r in doc.get("reports", []) if isinstance(r, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def error_line(err: dict | None) -> str:
    """One line saying where and how a job failed (cell, source line, exception)."""
    if not err:
        return ""
    where = ""
    if err.get("cell_index") is not None:
        where = f"cell {err['cell_index']}"
        if err.get("execution_count"):
            where += f" [In {err['execution_count']}]"
        if err.get("cell_source"):
            where += f" `{err['cell_source']}`"
        where += ": "
    elif err.get("stage") and err["stage"] != "execute":
        where = f"{err['stage']} export: "
    evalue = (err.get("evalue") or "").strip().splitlines()
    return f"{where}{err.get('ename')}: {evalue[-1] if evalue else ''}".strip()


def _variant(name: str, base: str) -> str:
    """'bear' for job 'hashprice-bear' beside base job 'hashprice'; 'base' for the base."""
    if name == base:
        return "base"
    return name[len(base) + 1:] if name.startswith(base + "-") else name


def _parameters_shown(r: dict) -> dict:
    """What the index says about a job's parameters: the overrides its shown report was
    made with, and, for a failed run, the overrides that failed."""
    failed = r.get("status") == "failed"
    shown = r.get("parameters") if r.get("files") or not failed else None
    return {
        "shown": [(k, value_text(v)) for k, v in (shown or {}).items()],
        "has_report": bool(r.get("files")),
        "failed": ([(k, value_text(v)) for k, v in (r.get("failed_parameters") or {}).items()]
                   if failed else None),
    }


def index_groups(manifest: dict) -> list[dict]:
    """The reports grouped by notebook, each group a comparison: one column per job
    (base, bear, bull ...), one row per headline number (matched by name)."""
    groups: dict[str, dict] = {}
    for r in manifest["reports"]:
        group = groups.setdefault(r["notebook"], {"notebook": r["notebook"], "jobs": []})
        group["jobs"].append(r)
    out = []
    for group in groups.values():
        base = group["jobs"][0]["name"]
        columns = []
        for r in group["jobs"]:
            columns.append({**r, "variant": _variant(r["name"], base),
                            "error_line": error_line(r.get("error")),
                            "params": _parameters_shown(r)})
        rows: dict[str, dict] = {}
        for r in group["jobs"]:
            for h in r.get("headlines") or []:
                row = rows.setdefault(h["name"], {"label": h.get("label") or h["name"],
                                                  "unit": h.get("unit") or "", "cells": {}})
                row["cells"][r["name"]] = h
        for row in rows.values():  # one unit for the row when every job agrees
            units = {h.get("unit") or "" for h in row["cells"].values()}
            row["unit"] = units.pop() if len(units) == 1 else ""
        title = next((r.get("title") for r in group["jobs"] if r.get("title")), None)
        out.append({"notebook": group["notebook"], "title": title or group["notebook"],
                    "anchor": base, "columns": columns, "rows": list(rows.values())})
    return out


def write_index(out: Path, manifest: dict) -> None:
    """Write ``index.html`` and ``manifest.json`` for ``manifest`` (atomically)."""
    statuses = [r.get("status") for r in manifest["reports"]]
    summary = {"total": len(statuses), "ok": statuses.count("ok"),
               "failed": statuses.count("failed"), "not_run": statuses.count("not run"),
               "stale": sum(1 for r in manifest["reports"] if r.get("stale") and r.get("files"))}
    page = jinja_env().get_template("index.html.j2").render(
        m=manifest, groups=index_groups(manifest), summary=summary)
    write_atomic(out / "index.html", page)
    write_atomic(out / "manifest.json", json.dumps(manifest, indent=2, default=repr) + "\n")
