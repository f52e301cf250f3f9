"""The program in a real browser: the local-time toggle, keyboard use, and a phone-sized screen."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
import yaml
from axe_checks import axe_violations, describe
from conftest import ROOT

pytestmark = pytest.mark.browser

LOS_ANGELES = "America/Los_Angeles"
# How a reader reads that zone: its name and its city, never the IANA id (issue 21, item 6).
LOS_ANGELES_NAME = "Pacific Time \u2013 Los Angeles"


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
    button = tab.locator(".wsl-schedule-timezone .wsl-localtime-toggle")
    assert button.inner_text() == "Show my time"
    assert first_time(tab) == "09:00"
    button.click()
    # 09:00 in Singapore (UTC+8) is 18:00 the evening before in Los Angeles (UTC-7 in April);
    # the day is said once, by the row above (test_every_venue_time_statement_follows_the_mode).
    assert first_time(tab) == "18:00"
    status = tab.locator("p.wsl-schedule-timezone .wsl-localtime-status").inner_text()
    # The zone by name, not its IANA id (issue 21, item 6).
    assert "Pacific Time \u2013 Los Angeles" in status and "UTC-7" in status
    assert LOS_ANGELES not in status
    assert "Pacific Time \u2013 Los Angeles" in tab.locator(".wsl-tz-label").inner_text()
    assert tab.locator("#slot-0900 th").inner_text() == "18:00\u201318:30"
    assert tab.locator("#slot-1500 th").inner_text() == "00:00\u201301:00"
    # Outside the table (the poster-session headings), every converted time names its day.
    assert (
        tab.locator("#program-posters-1 h2").inner_text().endswith("Sat, Apr 26, 19:00\u201320:00")
    )
    assert (
        tab.locator("#program-posters-2 h2").inner_text().endswith("Sun, Apr 27, 00:00\u201301:00")
    )
    button.click()
    assert first_time(tab) == "09:00"
    assert tab.locator(".wsl-day-marker").count() == 0
    assert tab.errors == []


def test_toggle_converts_the_deadlines_on_the_call_for_papers(open_page):
    tab = open_page("cfp/", timezone_id=LOS_ANGELES)
    deadline = tab.locator("table.wsl-dates-table time.wsl-local").first
    assert deadline.inner_text() == "Monday, February 10, 2025, 23:59 AoE"
    tab.get_by_role("button", name="Show my time").click()
    # 23:59 AoE on Feb 10 is 11:59 UTC on Feb 11, which is 03:59 that morning in Los Angeles.
    # The date says the day: no "(+1 day)" (issue 21, item 6).
    assert deadline.inner_text() == "Tuesday, February 11, 2025, 03:59 PST"
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
    tab.get_by_role("button", name="Show my time").click()
    tab.goto(site_url + "cfp/", wait_until="load")
    assert tab.get_by_role("button", name="Show times as announced").is_visible()
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
    assert button.inner_text() == "Show Singapore time"
    assert first_time(tab) == "18:00"
    tab.keyboard.press("Space")
    assert button.inner_text() == "Show my time"
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
        tab.get_by_role("button", name="Show my time").click()
        scroll_width, inner_width = tab.evaluate(width)
        assert scroll_width <= inner_width
        table = tab.locator("table.wsl-schedule").bounding_box()
        assert table["x"] >= 0 and table["x"] + table["width"] <= inner_width


# -- the program at a glance (issue 15, item 3): expectations from the data files --------------

SCHEDULE = yaml.safe_load((ROOT / "program/schedule.yaml").read_text())
DATES = yaml.safe_load((ROOT / "cfp/dates.yaml").read_text())
INFO = yaml.safe_load((ROOT / "_data/workshop.yaml").read_text())
VENUE_ZONE = zoneinfo.ZoneInfo(DATES["workshop_day"]["timezone"])
DAY = DATES["workshop_day"]["date"]
TOGGLE = ".wsl-schedule-timezone .wsl-localtime-toggle"


def venue_instant(clock: str, minutes: int = 0) -> dt.datetime:
    start = dt.datetime.combine(DAY, dt.time.fromisoformat(clock), VENUE_ZONE)
    return start + dt.timedelta(minutes=minutes)


def poster_papers(session: int) -> list[str]:
    ids = []
    for path in (ROOT / "papers").glob("*.md"):
        text = path.read_text()
        if path.stem == "index" or not text.startswith("---"):
            continue
        if yaml.safe_load(text.split("---")[1]).get("poster_session") == session:
            ids.append(path.stem)
    return ids


def venue_statements(tab) -> str:
    """The text of the page's main content, without the toggle's own label."""
    return tab.evaluate(
        """() => {
          const main = document.querySelector('#main-content').cloneNode(true);
          main.querySelectorAll('.wsl-localtime-toggle').forEach((b) => b.remove());
          return main.innerText;
        }"""
    )


def test_toggle_label_says_the_mode_and_what_pressing_does(open_page):
    tab = open_page("program/", timezone_id=LOS_ANGELES)
    button = tab.locator(TOGGLE)
    statement = tab.locator(".wsl-schedule-timezone")
    assert "Singapore time" in statement.inner_text()
    assert re.search(r"my time", button.inner_text(), re.I)
    button.click()
    assert "Singapore" in button.inner_text() and "my time" not in button.inner_text().lower()
    assert LOS_ANGELES_NAME in statement.inner_text()
    button.click()
    assert re.search(r"my time", button.inner_text(), re.I)
    assert tab.errors == []


def test_every_venue_time_statement_follows_the_mode(open_page):
    tab = open_page("program/", timezone_id=LOS_ANGELES)
    assert "Singapore time" in venue_statements(tab)
    tab.locator(TOGGLE).click()
    text = venue_statements(tab)
    assert "Singapore time" not in text and LOS_ANGELES_NAME in text
    assert LOS_ANGELES_NAME in tab.locator("table.wsl-schedule caption").inner_text()
    # A change of day is said once per day, not on every row.
    assert "day)" not in tab.locator("table.wsl-schedule").inner_text()
    markers = tab.locator("table.wsl-schedule .wsl-day-marker").all_inner_texts()
    assert markers == ["Sat, Apr 26", "Sun, Apr 27"], markers


def test_toggle_on_another_page_does_what_its_label_says(browser, site_url):
    context = browser.new_context(timezone_id=LOS_ANGELES)
    tab = context.new_page()
    tab.goto(site_url + "program/", wait_until="load")
    tab.locator(TOGGLE).click()  # local time on
    tab.goto(site_url + "cfp/", wait_until="load")
    button = tab.locator(".wsl-localtime-toggle")
    deadline = tab.locator("table.wsl-dates-table time.wsl-local").first
    assert "PST" in deadline.inner_text()  # the choice carried over...
    assert "my time" not in button.inner_text().lower()  # ...and the label says pressing undoes it
    button.click()
    assert deadline.inner_text().endswith("AoE")
    assert "my time" in button.inner_text().lower()
    button.click()  # and pressing again does what the label now says
    assert "PST" in deadline.inner_text()
    context.close()


def _open_at(browser, site_url, when: dt.datetime):
    context = browser.new_context(timezone_id=LOS_ANGELES)
    tab = context.new_page()
    tab.clock.install(time=when.timestamp())
    tab.goto(site_url + "program/", wait_until="load")
    return context, tab


def test_now_and_next_are_highlighted_on_the_workshop_day(browser, site_url):
    slots = SCHEDULE["slots"]
    poster = next(i for i, s in enumerate(slots) if s.get("poster_session") == 2)
    during = venue_instant(slots[poster]["start"], 5)
    context, tab = _open_at(browser, site_url, during)
    now = tab.locator("table.wsl-schedule tr.wsl-now")
    upcoming = tab.locator("table.wsl-schedule tr.wsl-next")
    assert now.count() == 1 and upcoming.count() == 1
    assert now.get_attribute("id") == f"slot-{slots[poster]['start'].replace(':', '')}"
    assert upcoming.get_attribute("id") == f"slot-{slots[poster + 1]['start'].replace(':', '')}"
    assert "Now" in now.inner_text() and "Next" in upcoming.inner_text()  # not by colour alone
    context.close()
    # The day before, nothing is highlighted.
    context, tab = _open_at(browser, site_url, during - dt.timedelta(days=1))
    assert tab.locator("tr.wsl-now, tr.wsl-next").count() == 0
    context.close()


def test_task_when_is_poster_session_2_and_what_is_in_it(open_page):
    tab = open_page("program/", viewport={"width": 375, "height": 740})
    slot = next(s for s in SCHEDULE["slots"] if s.get("poster_session") == 2)
    ends = venue_instant(slot["start"], slot["duration"])
    # One interaction: the entry of "On this page" (or the table row's link).
    toc = tab.locator(".bd-toc a[href='#program-posters-2']")
    assert toc.count() == 1
    tab.locator("tr.wsl-slot-poster-session a[href='#program-posters-2']").click()
    heading = tab.locator("#program-posters-2 :is(h2, h3)").first
    assert heading.is_visible()
    text = heading.inner_text()
    assert slot["start"] in text and f"{ends:%H:%M}" in text, text
    listed = tab.locator("#program-posters-2 li.wsl-paper")
    assert sorted(listed.evaluate_all("els => els.map((e) => e.dataset.id)")) == sorted(
        poster_papers(2)
    )


def test_task_program_in_my_time_and_into_my_calendar(open_page):
    viewport = {"width": 1280, "height": 800}
    tab = open_page("program/", timezone_id=LOS_ANGELES, viewport=viewport)
    tab.locator(TOGGLE).click()
    first = venue_instant(SCHEDULE["slots"][0]["start"])
    local = first.astimezone(zoneinfo.ZoneInfo(LOS_ANGELES))
    assert first_time(tab) == f"{local:%H:%M}"
    link = tab.locator("a.wsl-export[href$='.ics']").first
    table = tab.locator("table.wsl-schedule").bounding_box()
    box = link.bounding_box()
    assert box["y"] <= table["y"] + table["height"] + viewport["height"], (box, table)
    response = tab.request.get(link.evaluate("a => a.href"))
    assert response.ok
    calendar = icalendar.Calendar.from_ical(response.body())
    prefix = f"{INFO['acronym']} {DAY.year}: "
    assert all(str(e["SUMMARY"]).startswith(prefix) for e in calendar.events)
    ends = venue_instant(SCHEDULE["ends_at"])
    whole = [e for e in calendar.events if (e.start, e.end) == (first, ends)]
    assert len(whole) == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_local_time_with_now_and_next_has_no_axe_violations(browser, site_url, axe_script, scheme):
    """The states only the script makes (day rows, 'Now'/'Next' marks) pass axe too."""
    slot = next(s for s in SCHEDULE["slots"] if s.get("poster_session") == 2)
    context = browser.new_context(timezone_id=LOS_ANGELES, color_scheme=scheme)
    tab = context.new_page()
    tab.clock.install(time=venue_instant(slot["start"], 5).timestamp())
    tab.goto(site_url + "program/", wait_until="load")
    tab.locator(TOGGLE).click()
    assert tab.locator("tr.wsl-now").count() == 1 and tab.locator(".wsl-day-marker").count()
    violations = axe_violations(tab, axe_script)
    context.close()
    assert violations == [], describe(violations)
