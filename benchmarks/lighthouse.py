"""Lighthouse (mobile profile) on the built site served with gzip; prints the four scores.

``make lighthouse`` installs the npm package ``lighthouse`` into benchmarks/.lighthouse, builds the
site and runs this with the system's Chromium (CHROME_PATH, then PATH; never a downloaded one):

    python benchmarks/lighthouse.py _build/html [--strict] [PAGE ...]

The pages default to home, program, papers and one paper page. ``--strict`` exits 1 unless
every score is 100.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from serve import serve
from workshop.chromium import MISSING, find_chromium

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / ".lighthouse/node_modules/.bin/lighthouse"
CHROMIUM = find_chromium()  # CHROME_PATH, then PATH (workshop/chromium.py)
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def default_pages(site: Path) -> list[str]:
    papers = sorted(p.parent.name for p in (site / "papers").glob("*/index.html"))
    paper = "YICyBtCoZw" if "YICyBtCoZw" in papers else papers[0]
    return ["", "program/", "papers/", f"papers/{paper}/"]


def run(url: str, report: Path) -> dict:
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, check=True, env=env)
    return json.loads(report.read_text(encoding="utf-8"))


def shortcomings(result: dict) -> list[str]:
    """Scored audits below 1 in each category, to say what costs points."""
    lines = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                lines.append(f"    {category}: {audit['id']} ({audit['score']:.2f}) {value}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument("pages", nargs="*", help="paths under the site (default: 4 pages)")
    parser.add_argument("--strict", action="store_true", help="exit 1 unless all are 100")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make lighthouse`, which installs it")
    if CHROMIUM is None:
        sys.exit(MISSING)
    pages = args.pages or default_pages(args.site)
    base, server = serve(args.site)
    rows, notes = [], []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for index, page in enumerate(pages):
                result = run(base + page, Path(tmp) / f"report-{index}.json")
                scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
                rows.append((f"/{page}", scores))
                notes += [f"  /{page}", *shortcomings(result)] if min(scores) < 100 else []
    finally:
        server.shutdown()
    print("| page | " + " | ".join(CATEGORIES) + " |")
    print("|---|" + "---|" * len(CATEGORIES))
    for page, scores in rows:
        print(f"| {page} | " + " | ".join(str(s) for s in scores) + " |")
    if notes:
        print("\nAudits below full score:\n" + "\n".join(notes))
    perfect = all(min(scores) == 100 for _, scores in rows)
    return 1 if args.strict and not perfect else 0


if __name__ == "__main__":
    sys.exit(main())
