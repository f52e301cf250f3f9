"""The program in a real browser: the local-time toggle, keyboard use, and a phone-sized screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LOS_ANGELES = "America/Los_Angeles"


@pytest.fixture
def open_page(browser, site_url):
    """Open a page of the real site in a fresh context (own timezone, viewport, JS setting)."""
    contexts = []

    def open_(path: str, **context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(site_url + path, wait_until="load")
        tab.errors = errors
        return tab

    yield open_
    for context in contexts:
        context.close()


def first_time(tab) -> str:
    return tab.locator("table.wsl-schedule time").first.inner_text()


def test_toggle_shows_the_program_in_the_readers_timezone(open_page):
    tab = open_page("program/", timezone_id=LOS_ANGELES)
    button = tab.get_by_role("button", name="Show times in my timezone")
    assert button.get_attribute("aria-pressed") == "false"
    assert first_time(tab) == "09:00"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    # 09:00 in Singapore (UTC+8) is 18:00 the evening before in Los Angeles (UTC-7 in April).
    assert first_time(tab) == "Sat, Apr 26, 18:00 (-1 day)"
    status = tab.locator("p.wsl-schedule-timezone .wsl-localtime-status").inner_text()
    assert LOS_ANGELES in status and "UTC-7" in status
    assert LOS_ANGELES in tab.locator(".wsl-tz-label").inner_text()
    # The end of a range on the same day shows only the clock.
    assert tab.locator("#slot-0900 th").inner_text() == "Sat, Apr 26, 18:00 (-1 day)\u201318:30"
    # Past local midnight the day is named again, without a shift: it is the venue's day.
    assert tab.locator("#slot-1500 th").inner_text().startswith("Sun, Apr 27, 00:00")
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert first_time(tab) == "09:00"
    assert tab.errors == []


def test_toggle_converts_the_deadlines_on_the_call_for_papers(open_page):
    tab = open_page("cfp/", timezone_id=LOS_ANGELES)
    deadline = tab.locator("table.wsl-dates-table time.wsl-local").first
    assert deadline.inner_text() == "Monday, February 10, 2025, 23:59 AoE"
    tab.get_by_role("button", name="Show times in my timezone").click()
    # 23:59 AoE on Feb 10 is 11:59 UTC on Feb 11, which is 03:59 that morning in Los Angeles.
    assert deadline.inner_text() == "Tuesday, February 11, 2025, 03:59 PST (+1 day)"
    # Dates without a time stay as written; the UTC column is untouched.
    assert "Sunday, March 2, 2025" in tab.locator("table.wsl-dates-table").inner_text()
    assert (
        "Tuesday, February 11, 2025, 11:59 UTC" in tab.locator("table.wsl-dates-table").inner_text()
    )
    assert tab.errors == []


def test_toggle_choice_is_remembered_across_pages(browser, site_url):
    context = browser.new_context(timezone_id=LOS_ANGELES)
    tab = context.new_page()
    tab.goto(site_url + "program/", wait_until="load")
    tab.get_by_role("button", name="Show times in my timezone").click()
    tab.goto(site_url + "cfp/", wait_until="load")
    button = tab.get_by_role("button", name="Show times in my timezone")
    assert button.get_attribute("aria-pressed") == "true"
    assert "PST" in tab.locator("table.wsl-dates-table time.wsl-local").first.inner_text()
    context.close()


def test_toggle_is_operable_with_the_keyboard(open_page):
    tab = open_page("program/", timezone_id=LOS_ANGELES)
    button = tab.locator(".wsl-schedule-timezone .wsl-localtime-toggle")
    for _ in range(60):  # Tab through the page until the button has the focus
        tab.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the local-time button cannot be reached with Tab")
    tab.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    assert first_time(tab).startswith("Sat, Apr 26")
    tab.keyboard.press("Space")
    assert button.get_attribute("aria-pressed") == "false"
    assert first_time(tab) == "09:00"


def test_without_javascript_venue_times_and_utc_stay(open_page):
    tab = open_page("program/", java_script_enabled=False, timezone_id=LOS_ANGELES)
    assert not tab.locator(".wsl-localtime-toggle").first.is_visible()
    assert first_time(tab) == "09:00"
    intro = tab.locator(".wsl-schedule-timezone").inner_text()
    assert "Singapore time, UTC+8" in intro and "In UTC: 01:00 to 09:30." in intro


@pytest.mark.parametrize("path", ["program/", "cfp/"])
def test_no_horizontal_scrolling_on_a_phone(open_page, path):
    tab = open_page(path, viewport={"width": 375, "height": 740}, timezone_id=LOS_ANGELES)
    width = "[document.scrollingElement.scrollWidth, window.innerWidth]"
    scroll_width, inner_width = tab.evaluate(width)
    assert scroll_width <= inner_width
    if path == "program/":
        # Converted times are longer; the stacked rows still fit.
        tab.get_by_role("button", name="Show times in my timezone").click()
        scroll_width, inner_width = tab.evaluate(width)
        assert scroll_width <= inner_width
        table = tab.locator("table.wsl-schedule").bounding_box()
        assert table["x"] >= 0 and table["x"] + table["width"] <= inner_width
