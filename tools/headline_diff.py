"""Compare the headline numbers of two report sets, job by job.

    python tools/headline_diff.py OLD/manifest.json NEW/manifest.json [--rtol 1e-9]

Each report's manifest entry carries the headline numbers its notebook published
(:func:`minelib.reports.headline`). This prints, as a Markdown table, every headline that
moved (beyond ``rtol``), appeared or disappeared, and how many stayed identical: the check
that a refactoring left the reports' numbers alone, and the list of what an economics
change moved. Exit status 0 when nothing moved, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import math
import sys


def headlines(manifest_path: str) -> dict[tuple[str, str], dict]:
    """{(job, headline name): headline} of the jobs that ran ok."""
    with open(manifest_path, encoding="utf-8") as fh:
        manifest = json.load(fh)
    return {(r["name"], h["name"]): h
            for r in manifest["reports"] if r.get("status") == "ok"
            for h in r.get("headlines") or []}


def moved(old: dict, new: dict, rtol: float) -> bool:
    """Numbers compared within ``rtol``; a headline without a number by its text."""
    a, b = old.get("value"), new.get("value")
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return not math.isclose(a, b, rel_tol=rtol, abs_tol=0.0)
    return (a, old.get("text")) != (b, new.get("text"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rtol", type=float, default=1e-9,
                        help="relative tolerance below which a number counts as unchanged")
    args = parser.parse_args(argv)
    old, new = headlines(args.old), headlines(args.new)
    rows, same = [], 0
    for key in sorted(old.keys() | new.keys()):
        o, n = old.get(key), new.get(key)
        if o and n and not moved(o, n, args.rtol):
            same += 1
            continue
        label = (n or o)["label"]
        unit = (n or o).get("unit") or ""
        rows.append(f"| {key[0]} | {key[1]} ({label}) | {o['text'] if o else '(none)'} | "
                    f"{n['text'] if n else '(none)'} | {unit} |")
    print(f"{same} headline(s) identical; {len(rows)} moved, added or removed")
    if rows:
        print("\n| job | headline | old | new | unit |\n|---|---|---|---|---|")
        print("\n".join(rows))
    return 1 if rows else 0


if __name__ == "__main__":
    sys.exit(main())
