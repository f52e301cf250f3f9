"""The real site: strict build, navigation, the facts on the home page and the CFP, dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from site_build import ROOT

NAVBAR = ["Home", "Call for Papers", "Program", "People", "Papers"]
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_WITH_WEEKDAY = re.compile(rf"\b({WEEKDAYS}),\s+({MONTHS})\s+(\d{{1,2}}),\s+(\d{{4}})")


def html_pages(built):
    return sorted(built.outdir.rglob("*.html"))


@pytest.mark.parametrize("docname", ["index", "cfp/index", "papers/index"])
def test_navbar_lists_the_five_sections_and_they_exist(real_site, docname):
    links = real_site.page(docname).select(".bd-header .navbar-nav a.nav-link")
    assert [a.get_text(strip=True) for a in links] == NAVBAR
    here = real_site.outdir / docname.removesuffix("index")
    for link in links:
        if link["href"] == "#":  # the current page
            assert link.get("aria-current") == "page"
            continue
        target = (here / link["href"]).resolve()
        assert (target / "index.html").is_file(), link["href"]


def test_search_is_enabled(real_site):
    assert (real_site.outdir / "search" / "index.html").exists()
    assert (real_site.outdir / "searchindex.js").exists()
    assert real_site.page("index").select_one("form[action*='search']") is not None


def test_logo_is_our_own_svg_in_light_and_dark(real_site):
    images = real_site.page("index").select(".navbar-brand img")
    sources = sorted(img["src"].rsplit("/", 1)[-1] for img in images)
    assert sources == ["logo-dark.svg", "logo-light.svg"]
    for name in sources:
        assert (real_site.outdir / "_static" / name).read_text().startswith("<svg")


def test_home_page_states_the_facts(real_site):
    text = real_site.page("index").get_text(" ", strip=True)
    for fact in [
        "Neural Network Weights as a New Data Modality",
        "Sunday, April 27, 2025",
        "Singapore",
        "ICLR 2025",
        "Topaz 220-225",
        "in person",
        "The workshop took place",  # the day is in the front door's "When" (test_home_browser)
    ]:
        assert fact in text, fact
    # index.md says one thing per state of the day; the site is built after it: "passed" only.
    states = re.findall(
        r"^:+\{if-date\} workshop_day (\w+)\n\[(\w+)\]\{\.wsl-hero-state\}",
        (real_site.srcdir / "index.md").read_text(encoding="utf-8"),
        flags=re.M,
    )
    assert {state for state, _ in states} == {"passed", "today", "upcoming"}
    shown = [label.get_text() for label in real_site.page("index").select(".wsl-hero-state")]
    assert shown == [label for state, label in states if state == "passed"]
    for dimension in [
        "Weight space as a modality",
        "Model analysis",
        "Model synthesis",
        "Learning from populations",
        "Applications to neural fields and beyond",
    ]:
        assert dimension in text, dimension
    assert "Research goals and key questions" in text
    hrefs = {a["href"] for a in real_site.page("index").select("main a[href]")}
    assert "https://openreview.net/group?id=ICLR.cc/2025/Workshop/WSL" in hrefs
    assert "https://arxiv.org/abs/2603.10090" in hrefs


def test_home_cards_lead_to_each_section(real_site):
    cards = real_site.page("index").select("main .sd-card a.sd-stretched-link")
    targets = {a["href"].strip("/").split("/")[0] for a in cards}
    assert targets == {"cfp", "program", "people", "papers"}


def test_cfp_states_the_facts(real_site):
    page = real_site.page("cfp/index")
    text = page.get_text(" ", strip=True)
    for fact in [
        "At most 4 pages",
        "At most 8 pages",
        "references or supplementary material",
        "posters",
        "spotlight talks",
        "self-contained",
        "OpenReview portal",
        "3 to 5 pages",
        "financial assistance",
        "Sunday, March 2, 2025",
    ]:
        assert fact in text, fact
    hrefs = {a["href"] for a in page.select("main a[href]")}
    assert "https://iclr.cc/Conferences/2025/CallForTinyPapers" in hrefs
    assert "https://iclr.cc/Conferences/2025/CallForPapers" in hrefs
    assert any(h.endswith("iclr_workshop.zip") for h in hrefs)
    assert len(page.select("section[id^=topic-]")) == 6


def test_every_printed_weekday_matches_its_date(real_site):
    seen = 0
    for path in html_pages(real_site):
        for weekday, month, day, year in DATE_WITH_WEEKDAY.findall(path.read_text()):
            date = dt.datetime.strptime(f"{month} {day} {year}", "%B %d %Y").date()
            assert date.strftime("%A") == weekday, f"{path}: {weekday}, {month} {day}, {year}"
            seen += 1
    assert seen >= 10


def test_dates_table_is_chronological_and_shows_utc(real_site):
    rows = real_site.page("cfp/index").select("table.wsl-dates-table tbody tr")
    labels = [row.select("td")[0].get_text(" ", strip=True) for row in rows]
    assert labels[0] == "Paper submission deadline" and labels[-1] == "Workshop day"
    stamps = [row.select_one("time")["datetime"] for row in rows]
    assert stamps == sorted(stamps)
    submission = rows[0]
    assert submission.select_one("del").get_text() == "Monday, February 3, 2025"
    assert "Tuesday, February 11, 2025, 11:59 UTC" in submission.get_text(" ", strip=True)
    # Said once above the table, not "passed" on every row (issue 21, item 6).
    assert not real_site.page("cfp/index").select("table.wsl-dates-table .wsl-state")
    [said] = real_site.page("cfp/index").select(".wsl-dates-state")
    assert said.get_text() == "All these dates have passed."


def test_no_page_types_a_date(real_site):
    """Dates live in cfp/dates.yaml only: Markdown sources never spell one out."""
    spelled = re.compile(rf"\b({MONTHS}) \d{{1,2}}(,)? 20\d\d|\b20\d\d-\d\d-\d\d\b")
    for source in ROOT.glob("**/*.md"):
        if any(part in {".venv", "_build", "tests", "node_modules"} for part in source.parts):
            continue
        if source.name in {"README.md", "CONTRIBUTING.md"}:
            continue
        text = source.read_text()
        if source.parent.name == "news":  # a post's own day is a field of its record, once
            text = re.sub(r"(?m)^date: .*$", "", text, count=1)
        assert not spelled.search(text), source
