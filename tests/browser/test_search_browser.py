"""Sphinx's search in real Chromium: the right page first for the readers' queries, snippets of
page text, the search box's words."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
import site_data
import snowballstemmer
import yaml
from site_build import ROOT
from site_data import NOT_RECORDS
from workshop.config import OPTIONS
from workshop.model.records import fold
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


SNIPPET_QUERIES = (
    "Knyazev", "Hoshen", "poster session", "camera-ready", "hypernetworks", "deadline", "diffusion",
)  # fmt: skip


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
    # Single labels ("Poster session") are ordinary words; the form read as text is not:
    # two labels in a row, the choices of a list in a row, the buttons.
    single = [element.get_text(" ", strip=True) for element in form.select("label[for]")]
    labels = [f"{a} {b}" for a, b in zip(single, single[1:], strict=False)]
    labels += [b.get_text(" ", strip=True) for b in form.select("button")]
    groups = [
        " ".join(" ".join(o.get_text(" ", strip=True) for o in select.select("option")).split())
        for select in form.select("select")
    ]
    chips = {chip.get_text(strip=True) for chip in papers.select(".wsl-badge")}
    people = real_site.page("people/index")
    glued = {
        avatar.get_text(strip=True) + avatar.find_next(class_="wsl-name").get_text(strip=True)
        for avatar in people.select(".wsl-avatar")
        if avatar.get_text(strip=True) and avatar.find_next(class_="wsl-name")
    }
    headers = {
        " ".join(th.get_text(" ", strip=True) for th in thead.select("th"))
        for docname in ("cfp/index", "program/index", "contribute")
        for thead in real_site.page(docname).select("main thead")
    }
    return {
        "table header row": sorted(h for h in headers if " " in h),
        "source markup": [r"\{[a-z][a-z-]*\}`", r"\{[a-z][a-z-]*\}\s*`"],
        "chips read in a row": [
            rf"{re.escape(a)} {re.escape(b)}" for a in sorted(chips) for b in sorted(chips)
        ],
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
                regex = kind in (
                    "chip glued to the next word", "TeX escape", "source markup",
                    "chips read in a row",
                )  # fmt: skip
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


# -- precision: one result per page, and each result about the words (issue 21) -------------------

STEM = snowballstemmer.stemmer("english")
# The reader's queries of the review; a surname and a title word come from the data.
READER_QUERIES = ["diffusion", "poster session", "deadline"]


def stems(text: str) -> set[str]:
    words = re.findall(r"[\w-]+", fold(text))
    return {STEM.stemWord(part) for word in words for part in (word, *word.split("-"))}


def a_surname() -> str:
    """The surname of the invited speaker whose file comes first."""
    for path in sorted((ROOT / "people").glob("*.md")):
        person = front_matter(path)
        if "invited-speaker" in person.get("roles", []):
            return person["name"].split()[-1]
    raise AssertionError("no invited speaker")


def a_title_word() -> str:
    """The longest word of the first paper's title (a word readers would type)."""
    path = next(p for p in sorted((ROOT / "papers").glob("*.md")) if front_matter(p).get("title"))
    return max(re.findall(r"[A-Za-z]{4,}", front_matter(path)["title"]), key=len).lower()


def all_queries() -> list[str]:
    return [*READER_QUERIES, a_surname(), a_title_word()]


def own_text(real_site, path: str) -> str:
    """What a result page says of itself: a record's own fields and text (a paper: title,
    authors, abstract, body; a person: name, affiliation, biography), else the page's text."""
    folder, _, name = path.rstrip("/").partition("/")
    record = ROOT / folder / f"{name}.md"
    if folder in ("papers", "people") and name not in NOT_RECORDS and record.exists():
        data = front_matter(record)
        body = record.read_text(encoding="utf-8").split("---", 2)[-1]
        fields = [data.get(k, "") for k in ("title", "name", "affiliation", "abstract")]
        return " ".join([*map(str, fields), *data.get("authors", []), body])
    stripped = path.rstrip("/")
    if not stripped:
        docname = "index"
    elif (ROOT / stripped / "index.md").exists():
        docname = f"{stripped}/index"
    else:
        docname = stripped
    page = real_site.page(docname)
    return page.select_one("main").get_text(" ")


def result_links(page, site_url: str, query: str) -> list[str]:
    search(page, site_url, query)
    hrefs = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.href)")
    return [href.removeprefix(site_url) for href in hrefs]


@pytest.mark.browser
@pytest.mark.parametrize("query", all_queries())
def test_one_result_per_page_and_each_about_the_words(page, site_url, real_site, query):
    links = result_links(page, site_url, query)
    assert links, f"{query!r}: no result"
    assert len(links) == len(set(links)), f"{query!r}: a result twice: {links}"
    pages = [link.split("#")[0] for link in links]
    every_record = {
        f"{kind}/{stem}/" for kind in ("papers", "people") for stem in site_data.records(kind)
    }
    records = [p for p in pages if p in every_record]
    assert len(records) == len(set(records)), f"{query!r}: a record's page twice: {records}"
    wanted = stems(query)
    for path in dict.fromkeys(pages):
        missing = wanted - stems(own_text(real_site, path))
        assert not missing, f"{query!r}: {path} matches only through what it points to"


def says(stem: str, wanted: set[str]) -> bool:
    """Whether a paper's title or abstract has every word of ``wanted`` (stems)."""
    data = site_data.papers()[stem]
    return wanted <= stems(f"{data['title']} {data.get('abstract', '')}")


@pytest.mark.browser
@pytest.mark.parametrize("query", ["diffusion", a_title_word()])
def test_the_papers_that_say_the_word_are_the_paper_results_and_come_first(page, site_url, query):
    wanted = stems(query)
    saying = {f"papers/{stem}/" for stem in site_data.papers() if says(stem, wanted)}
    assert saying, f"no paper says {query!r}"
    pages = [link.split("#")[0] for link in result_links(page, site_url, query)]
    records = {f"papers/{stem}/" for stem in site_data.papers()}
    found = [p for p in pages if p in records]
    assert set(found) == saying, f"{query!r}: {found} against {saying}"
    assert set(pages[: len(saying)]) == saying, f"{query!r}: the papers first, not {pages}"


@pytest.mark.browser
@pytest.mark.parametrize("query", READER_QUERIES)
def test_the_contributor_guide_never_outranks_a_reader_page(page, site_url, query):
    pages = [link.split("#")[0] for link in result_links(page, site_url, query)]
    if "contribute/" in pages:
        first = pages.index("contribute/")
        assert all(p == "contribute/" for p in pages[first:]), f"{query!r}: {pages}"
