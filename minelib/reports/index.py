"""The report set's catalogue: ``<out>/manifest.json`` and ``<out>/index.html``.

The manifest is the machine-readable record of every job (status, parameters, headline
numbers, files, versions, errors); the index is the same record as a page for a reader.
Both are rewritten atomically after every finished job, so an interrupted run leaves a
consistent catalogue.
"""

from __future__ import annotations

import json
from pathlib import Path

from minelib._atomic import write_atomic

from .export import jinja_env

__all__ = ["load_manifest", "write_index", "error_line"]


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


def write_index(out: Path, manifest: dict) -> None:
    """Write ``index.html`` and ``manifest.json`` for ``manifest`` (atomically)."""
    rows = []
    for r in manifest["reports"]:
        rows.append({**r, "error_line": error_line(r.get("error")),
                     "params_shown": ", ".join(f"{k}={v!r}" for k, v in
                                               (r.get("parameters") or {}).items())})
    page = jinja_env().get_template("index.html.j2").render(m=manifest, rows=rows)
    write_atomic(out / "index.html", page)
    write_atomic(out / "manifest.json", json.dumps(manifest, indent=2, default=repr) + "\n")
