"""The papers listing of the real site as built: every paper once, with its record's links and
BibTeX, and its script only there (in Chromium: tests/browser/test_papers_browser.py)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urljoin

import site_data
from site_data import A_PAPER, record_hrefs

ITEMS = "li.wsl-paper"


def records() -> dict[str, dict]:
    return site_data.papers()


def test_the_page_lists_every_paper_once_with_the_links_of_its_record(real_site):
    page = real_site.page("papers/index")
    rows = page.select(ITEMS)
    assert Counter(row["data-id"] for row in rows) == Counter(list(records())), "each paper once"
    for row in rows:
        stem = row["data-id"]
        record = records()[stem]
        title = row.select_one(".wsl-paper-title a")
        assert title.get_text() == record["title"]
        assert urljoin("/papers/", title["href"]) == f"/papers/{stem}/"
        assert ", ".join(record["authors"]) in row.select_one(".wsl-authors").get_text()
        links = {a["href"] for a in row.select(".wsl-paper-links a")}
        assert links == record_hrefs(record), stem
        bibtex = row.select_one("button.wsl-copy-bibtex")["data-bibtex"]
        cite = real_site.page(f"papers/{stem}").select_one(".wsl-bibtex pre").get_text()
        assert bibtex == cite, f"{stem}: the row's BibTeX is the paper page's entry"


def test_the_script_loads_only_on_the_papers_listing(real_site):
    page = real_site.page("papers/index")
    scripts = page.select("script[src*='paper-filter.js']")
    assert len(scripts) == 1 and scripts[0].has_attr("defer")
    for other in ("index", f"papers/{A_PAPER}", "cfp/index", "papers/reading-list"):
        assert not real_site.page(other).select("script[src*='paper-filter.js']"), other
