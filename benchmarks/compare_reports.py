"""Compare two report sets word for word: same reports, same PDF text.

A speed-up of the report pipeline must not change what the reports say. This reads the
``manifest.json`` of two output folders (``minelib reports --out A`` and ``--out B``) and
compares, report by report, the status and the words of every PDF, in order (pypdf),
ignoring the generation time, the versions and the page footers (a page break that moves
is no difference, a changed word is). ``tools/headline_diff.py`` compares the headline
numbers. Exit status 1 on any difference.

    python benchmarks/compare_reports.py reports-before/ reports-after/
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

_VOLATILE = re.compile(r"(generated|code|data) [^\n·]*|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?\S*")


def pdf_text(path: Path, name: str) -> tuple[int, str]:
    """(pages, the words of every page in order), without the volatile header fields and
    the page furniture (footer: job name, page n of m), so a moved page break is no
    difference but a changed word is."""
    from pypdf import PdfReader

    pages = PdfReader(str(path)).pages
    furniture = re.compile(rf"page \d+ of \d+|(?<!\S){re.escape(name)}(?!\S)")
    words = (furniture.sub("", _VOLATILE.sub("", p.extract_text() or "")).split() for p in pages)
    return len(pages), " ".join(" ".join(w) for w in words)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    args = ap.parse_args(argv)
    reports = [{r["name"]: r for r in json.loads((d / "manifest.json").read_text())["reports"]}
               for d in (args.before, args.after)]
    differences = 0
    if set(reports[0]) != set(reports[1]):
        print(f"different report names: {sorted(set(reports[0]) ^ set(reports[1]))}")
        differences += 1
    for name in sorted(set(reports[0]) & set(reports[1])):
        a, b = reports[0][name], reports[1][name]
        if a["status"] != b["status"]:
            print(f"{name}: status {a['status']} -> {b['status']}")
            differences += 1
            continue
        if a["status"] == "ok":
            pa, pb = (pdf_text(d / r["files"]["pdf"], name) for d, r in ((args.before, a), (args.after, b)))
            if pa[1] != pb[1]:
                at = next(i for i, (x, y) in enumerate(zip(pa[1], pb[1])) if x != y) if pa[1][:1] else 0
                print(f"{name}: PDF text differs from character {at}: "
                      f"{pa[1][at - 40:at + 40]!r} vs {pb[1][at - 40:at + 40]!r}")
                differences += 1
                continue
            if pa[0] != pb[0]:
                print(f"{name}: same text, {pa[0]} vs {pb[0]} pages")
        print(f"{name}: same ({pa[0] if a['status'] == 'ok' else 0} pages of PDF text)")
    print(f"{len(set(reports[0]) & set(reports[1]))} reports compared, {differences} with differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
