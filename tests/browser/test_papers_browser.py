"""The papers page: one list of every paper, grouped and filtered in real Chromium (counts, URL
state, Back, shared links, copy BibTeX), its rows' links, and the list without JavaScript."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import site_data
from site_build import ROOT, SITES, build, served
from site_data import A_PAPER
from workshop.model.records import fold

BROWSER = ".wsl-paper-browser"
ITEMS = "li.wsl-paper"  # anywhere on the page: the page has one list
ROW_LINKS = ("pdf", "arxiv", "code")  # the record's links a row shows, besides OpenReview


def records() -> dict[str, dict]:
    return site_data.papers()


TOTAL = len(records())


def matching(*, topic=None, session=None, presentation=None, words="") -> list[str]:
    terms = fold(words).split()
    return sorted(
        stem
        for stem, r in records().items()
        if (topic is None or topic in r["topics"])
        and (session is None or r["poster_session"] == session)
        and (presentation is None or r["presentation"] == presentation)
        and all(term in fold(" ".join([r["title"], *r["authors"]])) for term in terms)
    )


def expected(**filters) -> int:
    return len(matching(**filters))


def record_hrefs(record: dict) -> set[str]:
    """The external links a row must carry: OpenReview, PDF, arXiv, code, where the record has
    them."""
    hrefs = {record["links"][kind] for kind in ROW_LINKS if kind in record.get("links", {})}
    if record.get("openreview"):
        hrefs.add(f"https://openreview.net/forum?id={record['openreview']}")
    return hrefs


# -- the built page, without a browser ------------------------------------------------------------


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


def paper_file(stem: str, title: str, session: int, presentation: str) -> str:
    return (
        f'---\ntitle: "{title}"\nauthors:\n  - Ada Lovelace\nopenreview: {stem}\n'
        f"presentation: {presentation}\nposter_session: {session}\n"
        "links:\n  code: https://example.org/code\ntopics: [model-analysis]\n---\n"
    )


# Five papers on pages of two: page 1 is the listing, pages 2 and 3 are written beside it.
PAGED = {
    "papers/index.md": "# Papers\n\n```{paper-filter}\n:per-page: 2\n```\n\n"
    "```{toctree}\n:hidden:\n:glob:\n\n*\n```\n",
    **{
        f"papers/Paged{n:05d}.md": paper_file(f"Paged{n:05d}", f"Paper {n}", 1 + n % 2, "poster")
        for n in range(1, 5)
    },
}


# Tiny sites have no _static of their own: the browser test uses the project's script.
PAGED_WITH_SCRIPT = {
    **PAGED,
    "conf.py": (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    + f"\nhtml_static_path = [{str(ROOT / '_static')!r}]\n",
}


def test_without_javascript_the_pages_of_the_list_hold_every_paper_once(tiny_site):
    built = tiny_site("collections", files=PAGED)
    stems = set(site_data.papers(built.srcdir))
    first = built.page("papers/index")
    pages = [first, built.page("papers/page/2"), built.page("papers/page/3")]
    listed = Counter(row["data-id"] for page in pages for row in page.select("li.wsl-paper"))
    assert listed == Counter(stems)
    assert [len(page.select("li.wsl-paper")) for page in pages] == [2, 2, 1]
    nav = [a["href"] for a in first.select("nav.wsl-pages a")]
    assert [urljoin("/papers/", href) for href in nav] == ["/papers/page/2/", "/papers/page/3/"]
    back = built.page("papers/page/3").select_one("nav.wsl-pages a")
    assert urljoin("/papers/page/3/", back["href"]) == "/papers/"
    for page, base in zip(pages, ["/papers/", "/papers/page/2/", "/papers/page/3/"], strict=True):
        for row in page.select("li.wsl-paper"):
            link = urljoin(base, row.select_one(".wsl-paper-title a")["href"])
            assert link == f"/papers/{row['data-id']}/"
    assert not (built.outdir / "papers/page/4").exists()


def test_the_text_builder_shows_every_paper_of_the_paged_list(tiny_site):
    built = tiny_site("collections", files=PAGED, builder="text")
    listing = (built.outdir / "papers/index.txt").read_text(encoding="utf-8")
    for record in site_data.papers(built.srcdir).values():
        assert f"* {record['title']}" in listing


def test_the_extra_pages_and_data_file_are_written_again_only_with_the_list(tiny_site):
    # templates_path of its own: see CONF in test_incremental.py (in-process rebuilds).
    conf = (SITES / "minimal" / "conf.py").read_text(encoding="utf-8") + "templates_path = []\n"
    built = tiny_site("collections", files={**PAGED, "conf.py": conf})
    outputs = [built.outdir / "papers/page/2/index.html", built.outdir / "papers/index-rows.json"]

    def rebuild(name: str, old: str, new: str) -> list[int]:
        times = [output.stat().st_mtime_ns for output in outputs]
        source = built.srcdir / name
        source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        build(built.srcdir, built.outdir, freshenv=False)
        return [t != o.stat().st_mtime_ns for t, o in zip(times, outputs, strict=True)]

    assert rebuild("index.md", "Talk by", "A talk by") == [False, False]
    assert rebuild("papers/Paged00003.md", "Paper 3", "Paper 3, revised") == [True, True]
    assert "Paper 3, revised" in outputs[0].read_text(encoding="utf-8")
    assert "Paper 3, revised" in outputs[1].read_text(encoding="utf-8")


# -- in Chromium ---------------------------------------------------------------------------------


def visible_ids(page) -> list[str]:
    return page.locator(f"{ITEMS}:visible").evaluate_all("els => els.map(e => e.dataset.id)")


def shown(page) -> list[str]:
    """The papers shown, sorted: each once, unless grouped by topic (once per topic)."""
    return sorted(visible_ids(page))


def wait_for_status(page, text: str) -> str:
    """The live region's text once it contains ``text`` (written after a short pause, so a screen
    reader reads the count once)."""
    region = f"{BROWSER} .wsl-filter-status"
    page.wait_for_function(
        "([s, text]) => document.querySelector(s).textContent.includes(text)", arg=[region, text]
    )
    return page.locator(region).inner_text()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def option_count(page, name: str, value: str) -> str:
    """The count shown with one choice of a filter, e.g. ``(5)``."""
    if name == "topic":
        text = page.locator(f"{BROWSER} select[name=topic] option[value='{value}']").inner_text()
    else:
        label = page.locator(f"{BROWSER} label:has(input[name={name}][value='{value}'])")
        text = label.inner_text()
    return re.search(r"\((\d+)\)\s*$", text).group(1)


def group_headings(page) -> list[str]:
    return page.locator(f"{BROWSER} .wsl-group:visible").all_inner_texts()


@pytest.mark.browser
def test_grouping_is_a_view_the_reader_switches(site_url, page):
    page.goto(site_url + "papers/")
    assert shown(page) == sorted(records()) and group_headings(page) == []
    page.check(f"{BROWSER} input[name=group][value=presentation]")
    counts = site_data.presentation_counts()
    assert group_headings(page) == [
        f"Spotlight talks ({counts['spotlight']})",
        f"Posters ({counts['poster']})",
    ]
    assert Counter(visible_ids(page)) == Counter(list(records())), "each paper once"
    assert query(page) == {"group": ["presentation"]}
    page.check(f"{BROWSER} input[name=group][value=session]")
    sessions = site_data.session_counts()
    assert group_headings(page) == [f"Poster session {n} ({sessions[n]})" for n in sorted(sessions)]
    page.check(f"{BROWSER} input[name=group][value=topic]")
    listed = Counter(visible_ids(page))
    assert listed == Counter({stem: len(r["topics"]) for stem, r in records().items()})
    page.check(f"{BROWSER} input[name=group][value='']")
    assert group_headings(page) == [] and shown(page) == sorted(records())


@pytest.mark.browser
def test_filters_apply_to_the_grouped_view_and_count_each_choice(site_url, page):
    page.goto(site_url + "papers/?group=session")
    spotlights = expected(presentation="spotlight")
    assert option_count(page, "presentation", "spotlight") == str(spotlights)
    page.select_option(f"{BROWSER} select[name=topic]", "model-analysis")
    assert shown(page) == matching(topic="model-analysis")
    sessions = Counter(records()[s]["poster_session"] for s in matching(topic="model-analysis"))
    assert group_headings(page) == [f"Poster session {n} ({sessions[n]})" for n in sorted(sessions)]
    for presentation in ("spotlight", "poster"):
        count = expected(topic="model-analysis", presentation=presentation)
        assert option_count(page, "presentation", presentation) == str(count)
    for session in (1, 2):
        count = expected(topic="model-analysis", session=session)
        assert option_count(page, "session", str(session)) == str(count)
    page.check(f"{BROWSER} input[name=session][value='2']")
    count = expected(topic="model-analysis", session=2)
    assert 0 < count < TOTAL and shown(page) == matching(topic="model-analysis", session=2)
    topic_count = expected(topic="applications", session=2)
    assert option_count(page, "topic", "applications") == str(topic_count)
    assert wait_for_status(page, f"Showing {count} of {TOTAL} papers.")
    assert query(page) == {"group": ["session"], "topic": ["model-analysis"], "session": ["2"]}


@pytest.mark.browser
def test_the_url_state_survives_reload_and_back(site_url, page):
    url = site_url + "papers/?topic=synthesis-and-generation&presentation=poster&q=diffusion"
    page.goto(url + "&group=presentation")
    want = matching(topic="synthesis-and-generation", presentation="poster", words="diffusion")
    assert 0 < len(want) < TOTAL and shown(page) == want
    assert page.input_value(f"{BROWSER} select[name=topic]") == "synthesis-and-generation"
    assert page.is_checked(f"{BROWSER} input[name=presentation][value=poster]")
    assert page.is_checked(f"{BROWSER} input[name=group][value=presentation]")
    assert page.input_value(f"{BROWSER} input[name=q]") == "diffusion"
    page.reload()
    assert shown(page) == want
    assert group_headings(page) == [f"Posters ({len(want)})"]
    page.check(f"{BROWSER} input[name=group][value=topic]")
    page.click(f"{BROWSER} .wsl-filter-clear")
    assert set(shown(page)) == set(records()) and query(page) == {"group": ["topic"]}
    assert wait_for_status(page, f"Showing all {TOTAL} papers.")
    page.go_back()
    assert set(shown(page)) == set(want)
    assert page.is_checked(f"{BROWSER} input[name=group][value=topic]")
    page.go_back()
    assert page.is_checked(f"{BROWSER} input[name=group][value=presentation]")
    page.go_forward()
    page.go_forward()
    assert set(shown(page)) == set(records())


@pytest.mark.browser
def test_a_shared_topic_link_opens_the_list_filtered(site_url, page):
    topic = next(iter(records().values()))["topics"][0]
    page.goto(site_url + f"papers/?topic={topic}")
    assert shown(page) == matching(topic=topic)
    assert page.input_value(f"{BROWSER} select[name=topic]") == topic
    page.goto(site_url + "papers/?topic=no-such-topic&group=nonsense")
    assert shown(page) == sorted(records()) and group_headings(page) == []


@pytest.mark.browser
def test_text_search_ignores_case_and_accents(site_url, page):
    page.goto(site_url + "papers/")
    box = page.locator(f"{BROWSER} input[name=q]")
    box.fill("SCHÜRHOLT")
    with_accent = shown(page)
    box.fill("schurholt")
    assert shown(page) == with_accent == matching(words="schurholt") != []
    box.fill("no such paper qqq")
    assert shown(page) == []
    assert wait_for_status(page, "No paper matches these filters")


@pytest.mark.browser
def test_rows_shown_after_filtering_link_to_the_record(site_url, page):
    page.goto(site_url + "papers/?group=topic&presentation=spotlight")
    rows = page.locator(f"{ITEMS}:visible")
    assert rows.count() > 0
    for index in range(rows.count()):
        row = rows.nth(index)
        stem = row.get_attribute("data-id")
        links = row.locator(".wsl-paper-links a").evaluate_all("els => els.map(a => a.href)")
        assert set(links) == record_hrefs(records()[stem]), stem
        title = row.locator(".wsl-paper-title a")
        assert title.evaluate("a => a.href") == site_url + f"papers/{stem}/"


@pytest.mark.browser
def test_copy_bibtex_in_a_row_puts_that_papers_entry_on_the_clipboard(site_url, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(site_url + "papers/?group=presentation")
    row = tab.locator(f"{ITEMS}[data-id='{A_PAPER}']")
    button = row.get_by_role("button", name="Copy BibTeX")
    button.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function(
        "s => document.querySelector(s).textContent.includes('copied')",
        arg=f"{BROWSER} .wsl-copy-status",
    )
    copied = tab.evaluate("navigator.clipboard.readText()")
    tab.goto(site_url + f"papers/{A_PAPER}/")
    assert copied.startswith("@inproceedings{")
    assert copied == tab.locator(".wsl-bibtex pre").evaluate("pre => pre.textContent")
    context.close()


@pytest.mark.browser
def test_the_filter_works_with_the_keyboard_alone(site_url, page):
    page.goto(site_url + "papers/")
    page.focus(f"{BROWSER} input[name=q]")
    page.keyboard.type("weight space")
    assert shown(page) == matching(words="weight space")
    page.keyboard.press("Tab")  # the topic list
    assert page.evaluate("document.activeElement.name") == "topic"
    page.keyboard.press("Tab")  # the presentation radio group (its checked button)
    assert page.evaluate("document.activeElement.name") == "presentation"
    page.keyboard.press("ArrowRight")  # All -> Spotlight talk
    assert page.is_checked(f"{BROWSER} input[name=presentation][value=spotlight]")
    assert shown(page) == matching(words="weight space", presentation="spotlight")
    page.keyboard.press("Tab")  # the session radio group
    page.keyboard.press("Tab")  # Clear filters
    assert page.evaluate("document.activeElement.textContent") == "Clear filters"
    page.keyboard.press("Enter")
    assert shown(page) == sorted(records())
    assert page.evaluate("document.activeElement.name") == "q"


@pytest.mark.browser
def test_the_form_is_labelled_for_screen_readers(site_url, page):
    page.goto(site_url + "papers/")
    form = page.locator(f"{BROWSER} form")
    assert form.get_attribute("role") == "search"
    for control in form.locator("input[type=search], select").all():
        assert page.locator(f"label[for='{control.get_attribute('id')}']").count() == 1
    legends = form.locator("legend").all_inner_texts()
    assert legends == ["Filter the papers", "Presentation", "Poster session", "Group the list"]
    assert page.locator(f"{BROWSER} .wsl-filter-status[role=status][aria-live=polite]").count()


@pytest.mark.browser
def test_without_javascript_the_default_view_lists_every_paper(site_url, browser):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "papers/?topic=applications&group=topic")
    assert sorted(tab.locator(f"{ITEMS}:visible").evaluate_all(
        "els => els.map(e => e.dataset.id)")) == sorted(records())  # fmt: skip
    assert not tab.locator(f"{BROWSER} form").is_visible()
    assert not tab.locator(f"{BROWSER} .wsl-copy-bibtex").first.is_visible()
    context.close()


@pytest.mark.browser
def test_a_paged_list_loads_every_paper_when_the_reader_filters(tiny_site, browser):
    built = tiny_site("collections", files=PAGED_WITH_SCRIPT)
    stems = site_data.papers(built.srcdir)
    with served(built.outdir) as url:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(url + "papers/")
        assert len(visible_ids(tab)) == 2, "page 1 of the list, before any choice"
        assert tab.locator("nav.wsl-pages").is_visible()
        tab.check(f"{BROWSER} input[name=group][value=session]")
        tab.wait_for_selector(f"{BROWSER}[data-shown='{len(stems)}']")  # once fetched
        assert Counter(visible_ids(tab)) == Counter(list(stems))
        assert not tab.locator("nav.wsl-pages").is_visible()
        tab.goto(url + "papers/?session=1")
        want = sorted(s for s, r in stems.items() if r["poster_session"] == 1)
        tab.wait_for_selector(f"{BROWSER}[data-shown='{len(want)}']")
        assert shown(tab) == want
        assert wait_for_status(tab, f"Showing {len(want)} of {len(stems)} papers.")
        context.close()
