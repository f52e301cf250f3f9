"""What a first visit costs, in real Chromium: no web font fetched, icons still shown; the search
box works on any page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from site_data import A_PAPER

pytestmark = pytest.mark.browser


@pytest.mark.browser
def test_first_visit_fetches_no_font_and_icons_still_show(page, site_url):
    fonts = []
    page.on("request", lambda request: fonts.append(request.url)
            if request.resource_type == "font" else None)  # fmt: skip
    page.goto(site_url + "papers/", wait_until="networkidle")
    assert fonts == []
    icon = page.locator(".theme-switch-button .theme-switch").first
    mask = icon.evaluate("el => getComputedStyle(el, '::before').maskImage")
    assert mask.startswith('url("data:image/svg+xml')
    box = page.locator(".search-button-field i").first.evaluate(
        "el => getComputedStyle(el, '::before').width"
    )
    assert box != "0px"


@pytest.mark.browser
def test_search_box_on_any_page_opens_the_search_results(page, site_url):
    page.goto(site_url + f"papers/{A_PAPER}/", wait_until="load")
    page.wait_for_function("() => window.bootstrap !== undefined")
    page.locator(".search-button-field").first.click()
    field = page.locator("#pst-search-dialog input[name=q]")
    field.fill("hypernetworks")
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=hypernetworks$"))
    expect(page.locator("#search-results li").first).to_be_visible(timeout=15000)
