"""Screenshots of every kind of page at 1280 and 375 px, light and dark, for reviewers.

``make screenshots`` builds the site (``make html``) and runs this on the result, served on
loopback, in Debian's headless chromium through Playwright (never a downloaded browser):

    python benchmarks/screenshots.py _build/html [--out _build/screenshots] [--only KIND ...]

The browser is ``$CHROME_PATH`` if set, else ``chromium`` (or ``chromium-browser``) on ``PATH``.
Files are named ``<kind>-<width>-<scheme>.png`` (``papers-375-dark.png``); pages longer than
``MAX_HEIGHT`` are cut there. A pull request that changes the look attaches them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

import yaml
from serve import serve

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {1280: {"width": 1280, "height": 800}, 375: {"width": 375, "height": 812}}
SCHEMES = ("light", "dark")
MAX_HEIGHT = 16000  # px; the browser's limit for one capture is about 16,384


def find_chromium() -> str:
    found = os.environ.get("CHROME_PATH") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None
    )
    if not found or not Path(found).exists():
        sys.exit(
            "no chromium: install Debian's package (apt-get install chromium) or set CHROME_PATH"
        )
    return found


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def person_with_role(role: str) -> str | None:
    for path in sorted((ROOT / "people").glob("*.md")):
        if path.stem != "index" and role in (front_matter(path).get("roles") or []):
            return f"people/{path.stem}/"
    return None


def paper_with(site: Path, presentation: str) -> str | None:
    papers = json.loads((site / "papers.json").read_text(encoding="utf-8"))["papers"]
    pages = sorted(p["page"] for p in papers if p.get("presentation") == presentation)
    return pages[0] if pages else None


def page_kinds(site: Path) -> dict[str, str | None]:
    """Each kind of page and its address relative to the site root (None: not in this site)."""
    return {
        "home": "",
        "cfp": "cfp/",
        "program": "program/",
        "papers": "papers/",
        "paper-spotlight": paper_with(site, "spotlight"),
        "paper-poster": paper_with(site, "poster"),
        "reading-list": "papers/reading-list/",
        "people": "people/",
        "speaker": person_with_role("invited-speaker"),
        "organizer": person_with_role("organizer"),
        "agenda": "program/agenda/",
        "search": "search/?q=weight",
        "contribute": "contribute/",
        "404": "404.html",
    }


def agenda_sample(agenda_url: str) -> list[str]:
    """Two slots and two papers of the agenda's data file (agenda.json, beside the page)."""
    from urllib.request import urlopen

    with urlopen(agenda_url.split("?")[0].rstrip("/").rsplit("/", 1)[0] + "/agenda.json") as f:
        items = json.load(f)["items"]
    slots = [i["id"] for i in items if i["kind"] == "slot"][1:3]
    papers = [i["id"] for i in items if i["kind"] == "paper"][:2]
    return slots + papers


def shoot(browser, url: str, kind: str, width: int, scheme: str, target: Path) -> None:
    viewport = VIEWPORTS[width]
    context = browser.new_context(
        viewport=viewport,
        color_scheme=scheme,
        reduced_motion="reduce",
        is_mobile=width < 600,
        has_touch=width < 600,
        device_scale_factor=1,
    )
    if kind == "agenda":
        # A few starred items (agenda.js keeps them in localStorage): a slot and a paper or two.
        starred = json.dumps(agenda_sample(url))
        context.add_init_script(f"localStorage.setItem('wsl-agenda', {json.dumps(starred)})")
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.wait_for_function(f"document.documentElement.dataset.theme === '{scheme}'")
    if kind == "agenda":
        tab.wait_for_selector(".wsl-agenda-item", timeout=30000)
    if kind == "search":
        tab.wait_for_function(
            "document.querySelector('#search-results .search-summary')?.textContent.trim()",
            timeout=30000,
        )
    tab.wait_for_timeout(300)  # deferred scripts (filters, local time) settle
    height = tab.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": viewport["width"], "height": min(height, MAX_HEIGHT)}
    tab.screenshot(path=str(target), full_page=True, clip=clip, animations="disabled")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (_build/html)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "screenshots")
    parser.add_argument("--only", nargs="*", help="page kinds to take (default: all)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    kinds = page_kinds(args.site)
    wanted = {kind: path for kind, path in kinds.items() if not args.only or kind in args.only}
    args.out.mkdir(parents=True, exist_ok=True)
    base, server = serve(args.site)
    taken = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=find_chromium(), args=CHROMIUM_ARGS
            )
            for kind, path in wanted.items():
                if path is None:
                    print(f"  {kind}: no such page in this site, skipped")
                    continue
                for width in VIEWPORTS:
                    for scheme in SCHEMES:
                        target = args.out / f"{kind}-{width}-{scheme}.png"
                        shoot(browser, base + path, kind, width, scheme, target)
                        taken += 1
            browser.close()
    finally:
        server.shutdown()
    print(f"{taken} screenshots in {args.out}")


if __name__ == "__main__":
    main()
