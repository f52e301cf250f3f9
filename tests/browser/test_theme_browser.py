"""What readers see in a real browser: light and dark mode, search."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_light_and_dark_mode_follow_the_switch_and_the_system(browser, site_url):
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        tab = context.new_page()
        tab.goto(site_url)
        assert tab.evaluate("document.documentElement.dataset.theme") == scheme
        logo = tab.locator(f".navbar-brand img.only-{scheme}")
        assert logo.is_visible()
        context.close()


def test_theme_switch_changes_the_mode(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url, wait_until="load")
    for mode in ("dark", "light", "dark"):
        page.locator(".theme-switch-button:visible").first.click()
        page.locator(f".theme-change-button[data-mode={mode}]:visible").click()
        assert page.evaluate("document.documentElement.dataset.theme") == mode
    page.reload(wait_until="load")  # the choice is remembered
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"


def test_search_page_finds_a_paper(page, site_url):
    page.goto(site_url + "search/?q=hypernetworks")
    page.wait_for_selector("#search-results li", timeout=15000)
    results = page.locator("#search-results li a").all_inner_texts()
    assert any("Hyper" in title for title in results), results
