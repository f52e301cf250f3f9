"""Lighthouse (mobile profile) on our pages beside the bare stack's, served with gzip.

``make lighthouse`` installs the npm package ``lighthouse`` into benchmarks/.lighthouse, builds the
site and runs this with the system's Chromium (CHROME_PATH, then PATH; never a downloaded one):

    python benchmarks/lighthouse.py _build/html [--doctrees _build/doctrees] [--pairs 3]
        [--strict] [PAGE ...]

The bare stack (Sphinx, MyST, sphinx-design and the theme, nothing of ours: ``bench.py``'s
``make_bare_site``) is built with the same documents as ours, read from our doctrees. For each
page (default: home, program, papers and one paper page), Lighthouse runs on ours, then on the
bare stack's page of the same path, ``--pairs`` times, interleaved, on the same machine. The
medians of both are printed with a verdict: our performance at least the bare stack's, and our
accessibility, best practices and SEO 100 in every run. ``--strict`` exits 1 on any FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import make_bare_site
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
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "BP", "seo": "SEO"}
SIDES = ("ours", "bare")
# The metrics behind the performance score, to say where a difference comes from.
METRICS = {
    "first-contentful-paint": ("FCP", "ms"),
    "largest-contentful-paint": ("LCP", "ms"),
    "speed-index": ("SI", "ms"),
    "total-blocking-time": ("TBT", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
}


def default_pages(site: Path) -> list[str]:
    papers = sorted(p.parent.name for p in (site / "papers").glob("*/index.html"))
    paper = "YICyBtCoZw" if "YICyBtCoZw" in papers else papers[0]
    return ["", "program/", "papers/", f"papers/{paper}/"]


def build_bare(doctrees: Path, dest: Path) -> Path:
    """The bare stack's site with our documents (``dest``/src), built into ``dest``/html."""
    with (doctrees / "environment.pickle").open("rb") as stream:
        docnames = sorted(pickle.load(stream).found_docs)
    shutil.rmtree(dest, ignore_errors=True)
    src, out = dest / "src", dest / "html"
    make_bare_site(src, docnames)
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", "-j", "auto",
               "-d", str(dest / "doctrees"), str(src), str(out)]  # fmt: skip
    subprocess.run(command, check=True)
    return out


def run(url: str, report: Path) -> dict:
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, check=True, env=env)
    return json.loads(report.read_text(encoding="utf-8"))


def scores(result: dict) -> dict[str, float]:
    """The four scores (0-100) and the metrics' values of one run."""
    found = {c: result["categories"][c]["score"] * 100 for c in CATEGORIES}
    return found | {m: result["audits"][m]["numericValue"] for m in METRICS}


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


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def verdict(ours: list[dict], bare: list[dict]) -> tuple[bool, str]:
    """PASS when our median performance is at least the bare stack's and our other three
    scores are 100 in every run."""
    slower = median(ours, "performance") < median(bare, "performance")
    below = [c for c in CATEGORIES[1:] if min(run[c] for run in ours) < 100]
    reasons = (["performance below the bare stack"] if slower else []) + [
        f"{c} below 100" for c in below
    ]
    return not reasons, "PASS" if not reasons else "FAIL: " + ", ".join(reasons)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument("pages", nargs="*", help="paths under the site (default: 4 pages)")
    parser.add_argument("--doctrees", type=Path, help="its doctrees (default: site/../doctrees)")
    parser.add_argument("--pairs", type=int, default=3, help="runs of each, interleaved")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any FAIL")
    args = parser.parse_intermixed_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make lighthouse`, which installs it")
    if CHROMIUM is None:
        sys.exit(MISSING)
    pages = args.pages or default_pages(args.site)
    doctrees = args.doctrees or args.site.parent / "doctrees"
    bare_site = build_bare(doctrees, args.site.parent / "lighthouse-bare")
    servers = dict(ours=serve(args.site), bare=serve(bare_site))
    runs: dict[str, dict[str, list[dict]]] = {page: dict(ours=[], bare=[]) for page in pages}
    notes = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page in pages:
                results = []
                for pair in range(args.pairs):
                    for side, (base, _) in servers.items():
                        print(f"[lighthouse] {side} /{page} ({pair + 1}/{args.pairs})",
                              file=sys.stderr, flush=True)  # fmt: skip
                        result = run(base + page, Path(tmp) / f"{side}.json")
                        runs[page][side].append(scores(result))
                        results += [result] if side == "ours" else []
                # What costs our points: the run of median performance.
                results.sort(key=lambda r: r["categories"]["performance"]["score"])
                lines = shortcomings(results[len(results) // 2])
                notes += [f"  /{page}", *lines] if lines else []
    finally:
        for _, server in servers.values():
            server.shutdown()
    print(f"Medians of {args.pairs} interleaved runs each (ours, then bare).\n")
    names = " · ".join(SHORT[c] for c in CATEGORIES)
    print(f"| page | ours: {names} | bare stack: {names} | result |\n|---|---|---|---|")
    passed = True
    for page, sides in runs.items():
        ok, said = verdict(sides["ours"], sides["bare"])
        passed &= ok
        cells = [" · ".join(f"{median(sides[s], c):.0f}" for c in CATEGORIES) for s in SIDES]
        print(f"| /{page} | " + " | ".join(cells) + f" | {said} |")
    print("\n| page | " + " | ".join(f"{name} ours / bare" for name, _ in METRICS.values()) + " |")
    print("|---|" + "---|" * len(METRICS))
    for page, sides in runs.items():
        cells = []
        for metric, (_, unit) in METRICS.items():
            values = [median(sides[s], metric) for s in SIDES]
            form = "{:.0f} ms" if unit else "{:.3f}"
            cells.append(" / ".join(form.format(v) for v in values))
        print(f"| /{page} | " + " | ".join(cells) + " |")
    if notes:
        print("\nOur audits below full score (the run of median performance):\n" + "\n".join(notes))
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
