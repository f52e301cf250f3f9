"""The papers listing's filter in real Chromium: counts, URL state, keyboard, no-JS fallback."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import site_data
from site_data import A_PAPER
from workshop.model.records import fold

pytestmark = pytest.mark.browser
# Tests ask for site_url before the browser: the site is built (and sphinx-sitemap has forked its
# manager process) before Playwright starts, so that process holds none of Playwright's pipes.

BROWSER = ".wsl-paper-browser"
ITEMS = f"{BROWSER} li.wsl-paper"


def records() -> list[dict]:
    return list(site_data.papers().values())


TOTAL = len(records())


def expected(*, topic=None, session=None, presentation=None, words="") -> int:
    terms = fold(words).split()
    return sum(
        1
        for r in records()
        if (topic is None or topic in r["topics"])
        and (session is None or r["poster_session"] == session)
        and (presentation is None or r["presentation"] == presentation)
        and all(term in fold(" ".join([r["title"], *r["authors"]])) for term in terms)
    )


def shown(page) -> int:
    return page.locator(f"{ITEMS}:visible").count()


def wait_for_status(page, text: str) -> str:
    """The live region's text once it contains ``text``.

    The region is written after a short pause, so a screen reader reads the count once.
    """
    region = f"{BROWSER} [role=status]"
    page.wait_for_function(
        "([s, text]) => document.querySelector(s).textContent.includes(text)", arg=[region, text]
    )
    return page.locator(region).inner_text()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_topic_and_session_filters_give_the_count_of_the_records(site_url, page):
    page.goto(site_url + "papers/")
    assert shown(page) == TOTAL
    page.select_option(f"{BROWSER} select[name=topic]", "model-analysis")
    page.check(f"{BROWSER} input[name=session][value='2']")
    count = expected(topic="model-analysis", session=2)
    assert 0 < count < TOTAL
    assert shown(page) == count
    ids = page.locator(f"{ITEMS}:visible").evaluate_all("els => els.map(e => e.dataset.id)")
    assert all(
        "model-analysis"
        in page.locator(f"{ITEMS}[data-id='{i}']").get_attribute("data-topics").split()
        for i in ids
    )
    assert wait_for_status(page, f"Showing {count} of {TOTAL} papers.")
    assert query(page) == {"topic": ["model-analysis"], "session": ["2"]}


def test_the_url_reproduces_the_view_and_clearing_restores_all(site_url, page):
    url = site_url + "papers/?topic=synthesis-and-generation&presentation=poster&q=diffusion"
    page.goto(url)
    count = expected(topic="synthesis-and-generation", presentation="poster", words="diffusion")
    assert 0 < count < TOTAL and shown(page) == count
    assert page.input_value(f"{BROWSER} select[name=topic]") == "synthesis-and-generation"
    assert page.is_checked(f"{BROWSER} input[name=presentation][value=poster]")
    assert page.input_value(f"{BROWSER} input[name=q]") == "diffusion"
    page.reload()
    assert shown(page) == count
    page.click(f"{BROWSER} .wsl-filter-clear")
    assert shown(page) == TOTAL
    assert query(page) == {}
    assert wait_for_status(page, f"Showing all {TOTAL} papers.")


def test_back_and_forward_walk_through_filter_states(site_url, page):
    page.goto(site_url + "papers/")
    page.select_option(f"{BROWSER} select[name=topic]", "applications")
    page.check(f"{BROWSER} input[name=session][value='1']")
    assert shown(page) == expected(topic="applications", session=1)
    page.go_back()
    assert shown(page) == expected(topic="applications")
    assert page.is_checked(f"{BROWSER} input[name=session][value='']")
    page.go_forward()
    assert shown(page) == expected(topic="applications", session=1)


def test_text_search_ignores_case_and_accents(site_url, page):
    page.goto(site_url + "papers/")
    box = page.locator(f"{BROWSER} input[name=q]")
    box.fill("SCHÜRHOLT")
    with_accent = shown(page)
    box.fill("schurholt")
    assert shown(page) == with_accent == expected(words="schurholt") > 0
    box.fill("no such paper qqq")
    assert shown(page) == 0
    assert wait_for_status(page, "No paper matches these filters")


def test_the_filter_works_with_the_keyboard_alone(site_url, page):
    page.goto(site_url + "papers/")
    page.focus(f"{BROWSER} input[name=q]")
    page.keyboard.type("weight space")
    assert shown(page) == expected(words="weight space")
    page.keyboard.press("Tab")  # the topic list
    assert page.evaluate("document.activeElement.name") == "topic"
    page.keyboard.press("Tab")  # the presentation radio group (its checked button)
    assert page.evaluate("document.activeElement.name") == "presentation"
    page.keyboard.press("ArrowRight")  # All -> Spotlight talk
    assert page.is_checked(f"{BROWSER} input[name=presentation][value=spotlight]")
    assert shown(page) == expected(words="weight space", presentation="spotlight")
    page.keyboard.press("Tab")  # the session radio group
    page.keyboard.press("Tab")  # Clear filters
    assert page.evaluate("document.activeElement.textContent") == "Clear filters"
    page.keyboard.press("Enter")
    assert shown(page) == TOTAL
    assert page.evaluate("document.activeElement.name") == "q"


def test_the_form_is_labelled_for_screen_readers(site_url, page):
    page.goto(site_url + "papers/")
    form = page.locator(f"{BROWSER} form")
    assert form.get_attribute("role") == "search"
    for control in form.locator("input[type=search], select").all():
        assert page.locator(f"label[for='{control.get_attribute('id')}']").count() == 1
    legends = form.locator("legend").all_inner_texts()
    assert legends == ["Filter the papers", "Presentation", "Poster session"]
    assert page.locator(f"{BROWSER} [role=status][aria-live=polite]").count() == 1


def test_without_javascript_the_whole_list_shows_and_the_form_stays_hidden(site_url, browser):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "papers/?topic=applications")
    assert tab.locator(f"{ITEMS}:visible").count() == TOTAL
    assert not tab.locator(f"{BROWSER} form").is_visible()
    assert re.fullmatch(f"{TOTAL} papers", tab.locator(f"{BROWSER} .wsl-count").inner_text())
    context.close()


def test_the_script_loads_only_on_the_papers_listing(real_site):
    page = real_site.page("papers/index")
    scripts = page.select("script[src*='paper-filter.js']")
    assert len(scripts) == 1 and scripts[0].has_attr("defer")
    for other in ("index", f"papers/{A_PAPER}", "cfp/index", "papers/reading-list"):
        assert not real_site.page(other).select("script[src*='paper-filter.js']"), other


def test_the_copy_button_puts_the_entry_on_the_clipboard(site_url, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(site_url + f"papers/{A_PAPER}/")
    button = tab.get_by_role("button", name="Copy BibTeX")
    button.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("document.querySelector('.wsl-copy-status').textContent !== ''")
    assert "copied" in tab.locator(".wsl-copy-status").inner_text()
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@inproceedings{")
    assert copied == tab.locator(".wsl-bibtex pre").evaluate("pre => pre.textContent")
    context.close()
