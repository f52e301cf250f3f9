"""The papers page in real Chromium: one list of every paper, grouped and filtered (counts, URL
state, Back, shared links, copy BibTeX), its rows' links, and the list without JavaScript.
The built page itself: tests/site/test_papers_listing.py, tests/tiny/test_papers_listing_tiny.py."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
import site_data
from site_build import ROOT, SITES, served
from site_data import A_PAPER, PAGED, record_hrefs
from workshop.model.records import fold

BROWSER = ".wsl-paper-browser"
ITEMS = "li.wsl-paper"  # anywhere on the page: the page has one list


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


# Tiny sites have no _static of their own: the browser test uses the project's script and style
# (which shows the controls only where the script runs).
PAGED_WITH_SCRIPT = {
    **PAGED,
    "conf.py": (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    + f"\nhtml_static_path = [{str(ROOT / '_static')!r}]\nhtml_css_files = ['wsl.css']\n",
}


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
    option = page.locator(f"{BROWSER} select[name={name}] option[value='{value}']")
    return re.search(r"\((\d+)\)\s*$", option.text_content()).group(1)


def group_headings(page) -> list[str]:
    return page.locator(f"{BROWSER} .wsl-group:visible").all_inner_texts()


@pytest.mark.browser
def test_grouping_is_a_view_the_reader_switches(site_url, page):
    page.goto(site_url + "papers/")
    assert shown(page) == sorted(records()) and group_headings(page) == []
    page.select_option(f"{BROWSER} select[name=group]", "presentation")
    counts = site_data.presentation_counts()
    assert group_headings(page) == [
        f"Spotlight talks ({counts['spotlight']})",
        f"Posters ({counts['poster']})",
    ]
    assert Counter(visible_ids(page)) == Counter(list(records())), "each paper once"
    assert query(page) == {"group": ["presentation"]}
    page.select_option(f"{BROWSER} select[name=group]", "session")
    sessions = site_data.session_counts()
    assert group_headings(page) == [f"Poster session {n} ({sessions[n]})" for n in sorted(sessions)]
    page.select_option(f"{BROWSER} select[name=group]", "topic")
    listed = Counter(visible_ids(page))
    assert listed == Counter({stem: len(r["topics"]) for stem, r in records().items()})
    page.select_option(f"{BROWSER} select[name=group]", "")
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
    page.select_option(f"{BROWSER} select[name=session]", "2")
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
    assert page.input_value(f"{BROWSER} select[name=presentation]") == "poster"
    assert page.input_value(f"{BROWSER} select[name=group]") == "presentation"
    assert page.input_value(f"{BROWSER} input[name=q]") == "diffusion"
    page.reload()
    assert shown(page) == want
    assert group_headings(page) == [f"Posters ({len(want)})"]
    page.select_option(f"{BROWSER} select[name=group]", "topic")
    page.click(f"{BROWSER} .wsl-filter-clear")
    assert set(shown(page)) == set(records()) and query(page) == {"group": ["topic"]}
    assert wait_for_status(page, f"Showing all {TOTAL} papers.")
    page.go_back()
    assert set(shown(page)) == set(want)
    assert page.input_value(f"{BROWSER} select[name=group]") == "topic"
    page.go_back()
    assert page.input_value(f"{BROWSER} select[name=group]") == "presentation"
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
    page.keyboard.press("Tab")  # the presentation list
    assert page.evaluate("document.activeElement.name") == "presentation"
    page.keyboard.press("ArrowDown")  # All -> Spotlight talk
    assert page.input_value(f"{BROWSER} select[name=presentation]") == "spotlight"
    assert shown(page) == matching(words="weight space", presentation="spotlight")
    for name in ("session", "group", "view"):  # the bar's other controls, in order
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == name
    page.keyboard.press("Tab")  # Clear filters (shown once a filter is on)
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
    for control in form.locator("input[type=checkbox]").all():
        assert page.locator(f"label[for='{control.get_attribute('id')}']").count() == 1
    labels = form.locator("label").all_inner_texts()
    assert labels == [
        "Title or author", "Topic area", "Presentation", "Poster session", "Group by",
        "One line each",
    ]  # fmt: skip
    assert page.locator(f"{BROWSER} .wsl-filter-status[role=status][aria-live=polite]").count()


# The boxes of what the first paint shows of the list: the form, its bar, the count, each row and
# its copy button (x, y, width, height; None where not shown).
BOXES = """s => [...document.querySelectorAll(s)].map((el) => {
  const box = el.getBoundingClientRect();
  return box.width && box.height ? [box.x, box.y, box.width, box.height] : null;
})"""
PAINTED = ", ".join(
    f"{BROWSER} {part}"
    for part in ("form", ".wsl-filter-bar", ".wsl-count", "li.wsl-paper", ".wsl-copy-bibtex")
)


# The site's scripts on the papers page: the filter and the agenda's stars on each row.
OUR_SCRIPTS = "**/_static/{paper-filter,agenda}.js*"


def painted(browser, url: str, viewport: dict, *, script: bool) -> tuple[object, list]:
    """A tab at ``url`` and the boxes of the list, with the site's scripts run or never loaded
    (so the page shows what it paints before they run)."""
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    if not script:
        tab.route(OUR_SCRIPTS, lambda route: route.abort())
    tab.goto(url)
    if script:  # they have run: the copy buttons' live region, a star on each row
        tab.wait_for_selector(f"{BROWSER} .wsl-copy-status", state="attached")
        tab.wait_for_selector(f"{BROWSER} li.wsl-paper:last-child > .wsl-star")
    tab.evaluate("document.fonts.ready.then(() => true)")
    return tab, tab.evaluate(BOXES, PAINTED)


@pytest.mark.browser
@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 412, "height": 823}]
)
def test_the_controls_are_in_the_first_paint_and_the_script_moves_nothing(
    site_url, browser, viewport
):
    """With scripts on, the form and the copy buttons are painted with the page, before
    paper-filter.js has run (no late reveal, which costs Lighthouse's speed index and layout
    shift), folded on a phone-sized screen; once it and agenda.js (a star on each row) have
    run, nothing has moved."""
    tab, before = painted(browser, site_url + "papers/", viewport, script=False)
    phone = viewport["width"] < 640
    assert tab.locator(f"{BROWSER} form").is_visible()
    assert tab.locator(f"{BROWSER} summary").is_visible() == phone
    assert tab.locator(f"{BROWSER} input[name=q]").is_visible() != phone, "folded on a phone"
    rows = tab.locator(f"{BROWSER} {ITEMS}").count()
    assert tab.locator(f"{BROWSER} .wsl-copy-bibtex:visible").count() == rows > 0, "one a row"
    assert not tab.locator(f"{BROWSER} .wsl-filter-clear").is_visible(), "nothing to clear"
    tab.context.close()
    tab, after = painted(browser, site_url + "papers/", viewport, script=True)
    tab.context.close()
    assert after == before


@pytest.mark.browser
def test_without_javascript_the_default_view_lists_every_paper(site_url, browser):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "papers/?topic=applications&group=topic")
    assert sorted(tab.locator(f"{ITEMS}:visible").evaluate_all(
        "els => els.map(e => e.dataset.id)")) == sorted(records())  # fmt: skip
    assert not tab.locator(f"{BROWSER} form").is_visible()
    assert tab.locator(f"{BROWSER} .wsl-copy-bibtex").count() == tab.locator(ITEMS).count()
    assert tab.locator(f"{BROWSER} .wsl-copy-bibtex:visible").count() == 0, "no dead control"
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
        tab.select_option(f"{BROWSER} select[name=group]", "session")
        tab.wait_for_selector(f"{BROWSER}[data-shown='{len(stems)}']")  # once fetched
        assert Counter(visible_ids(tab)) == Counter(list(stems))
        assert not tab.locator("nav.wsl-pages").is_visible()
        tab.goto(url + "papers/?session=1")
        want = sorted(s for s, r in stems.items() if r["poster_session"] == 1)
        tab.wait_for_selector(f"{BROWSER}[data-shown='{len(want)}']")
        assert shown(tab) == want
        assert wait_for_status(tab, f"Showing {len(want)} of {len(stems)} papers.")
        tab.goto(url + "papers/page/2/")  # no script there: its rows have no copy button shown
        assert tab.locator(ITEMS).count() > 0
        assert tab.locator(".wsl-copy-bibtex").count() == tab.locator(ITEMS).count()
        assert tab.locator(".wsl-copy-bibtex:visible").count() == 0, "no dead control"
        context.close()
