"""Sphinx's search in real Chromium: the right page first for the readers' queries, snippets of
page text, the search box's words."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
import yaml
from site_build import ROOT
from workshop.config import OPTIONS
from workshop.model.yamlio import split_front_matter

pytestmark = pytest.mark.browser


TOP = 3  # the right page must be one of the first TOP results


def front_matter(path: Path) -> dict:
    text, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(text) if text else {}


def person_page(surname: str) -> str:
    found = [
        p
        for p in sorted((ROOT / "people").glob("*.md"))
        if front_matter(p).get("name", "").endswith(surname)
    ]
    assert len(found) == 1, f"expected one person named ...{surname}: {found}"
    return f"people/{found[0].stem}/"


def paper_pages(word: str) -> set[str]:
    """Papers whose title contains ``word`` as a whole word."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    found = {
        f"papers/{p.stem}/"
        for p in sorted((ROOT / "papers").glob("*.md"))
        if pattern.search(str(front_matter(p).get("title", "")))
    }
    assert found, f"no paper title has the word {word!r}"
    return found


def search(page, site_url: str, query: str) -> list[str]:
    """The result pages, best first, as paths relative to the site root."""
    page.goto(f"{site_url}search/?q={urllib.parse.quote(query)}", wait_until="load")
    # The summary is written once every result is on the page.
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.textContent.trim()",
        timeout=20000,
    )
    hrefs = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
    return [urllib.parse.urlsplit(href).path.lstrip("/").split("#")[0] for href in hrefs]


CASES = [  # (query, the pages that count as right)
    ("Knyazev", lambda: {person_page("Knyazev")}),
    ("Schürholt", lambda: {person_page("Schürholt")}),
    ("Schurholt", lambda: {person_page("Schürholt")}),
    ("Schuerholt", lambda: {person_page("Schürholt")}),
    ("superexpressive", lambda: paper_pages("superexpressive")),  # a word of one title
    ("fractals", lambda: paper_pages("fractal")),  # the title says "Fractal"
    ("trajectories", lambda: paper_pages("trajectory")),  # the title says "Trajectory"
    ("deadline", lambda: {"cfp/"}),  # the call for papers holds the dates
    ("poster session", lambda: {"program/"}),  # the program says when each one is
]


@pytest.mark.browser
@pytest.mark.parametrize(("query", "expected"), CASES, ids=[case[0] for case in CASES])
def test_search_ranks_the_right_page_first(page, site_url, query, expected):
    right = expected()
    results = search(page, site_url, query)
    assert set(results[:TOP]) & right, f"{query!r}: wanted one of {right} in {results[:TOP]}"


SNIPPET_QUERIES = ("Knyazev", "Hoshen", "poster session", "camera-ready", "hypernetworks")


def snippets(page, site_url: str, query: str) -> list[str]:
    search(page, site_url, query)
    # Summaries arrive one by one after the result list: wait until every result has its own
    # (object results, a person or paper by name, show "(Workshop person, in ...)" instead).
    page.wait_for_function(
        "[...document.querySelectorAll('#search-results li:not(.kind-object)')]"
        ".every((li) => li.querySelector('p.context'))",
        timeout=20000,
    )
    return page.eval_on_selector_all(
        "#search-results li p.context", "ps => ps.map(p => p.innerText)"
    )


def noise(real_site) -> dict[str, list[str]]:
    """What readers must not see in a snippet, taken from the built pages and the config."""
    papers = real_site.page("papers/index")
    form = papers.select_one("form.wsl-paper-filter")
    # The filter's own words: its single labels, and each group of choices as read in a row
    # ("Presentation All Spotlight talk Poster"); single choices are also chip words.
    labels = [
        element.get_text(" ", strip=True)
        for element in form.select("label[for], button, fieldset.wsl-filter-fields > legend")
    ]
    groups = [
        " ".join(group.get_text(" ", strip=True).split())
        for group in form.select("fieldset.wsl-filter-choice")
    ]
    chips = {chip.get_text(strip=True) for chip in papers.select(".wsl-badge")}
    people = real_site.page("people/index")
    glued = {
        avatar.get_text(strip=True) + avatar.find_next(class_="wsl-name").get_text(strip=True)
        for avatar in people.select(".wsl-avatar")
        if avatar.get_text(strip=True) and avatar.find_next(class_="wsl-name")
    }
    return {
        "form label": labels + groups,
        "configuration": [option.name for option in OPTIONS],
        "avatar initials glued to a name": sorted(glued),
        "chip glued to the next word": [rf"{re.escape(chip)}[A-Z]" for chip in sorted(chips)],
        "TeX escape": [r"\\[\"'`^~]"],
    }


@pytest.mark.browser
def test_snippets_show_the_page_text_not_labels_or_configuration(page, real_site, site_url):
    kinds = noise(real_site)
    problems = []
    for query in SNIPPET_QUERIES:
        for text in snippets(page, site_url, query):
            flat = " ".join(text.split())
            for kind, patterns in kinds.items():
                regex = kind in ("chip glued to the next word", "TeX escape")
                for pattern in patterns:
                    if re.search(pattern, text) if regex else pattern in flat:
                        problems.append(f"{query!r}: {kind} {pattern!r} in {flat[:160]!r}")
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_the_search_box_says_search_the_site(page, site_url):
    """The search dialog of every page (Ctrl+K) and the search page's own box."""
    for url in (site_url, f"{site_url}search/"):
        page.goto(url, wait_until="load")
        placeholders = page.eval_on_selector_all(
            "input[name=q]", "fields => fields.map(f => f.placeholder)"
        )
        assert placeholders, f"no search box on {url}"
        assert all(text.startswith("Search the site") for text in placeholders), placeholders
