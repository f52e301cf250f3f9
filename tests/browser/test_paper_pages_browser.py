"""A paper page in a real browser: its times in the reader's timezone after the toggle."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import site_data
import yaml
from conftest import ROOT

pytestmark = pytest.mark.browser

LOS_ANGELES = "America/Los_Angeles"
DATES = yaml.safe_load((ROOT / "cfp/dates.yaml").read_text(encoding="utf-8"))


def reader_text(clock: str) -> str:
    """A venue time of the schedule as the page writes it for a reader in Los Angeles."""
    day = DATES["workshop_day"]
    venue = dt.datetime.combine(
        day["date"], dt.time.fromisoformat(clock), tzinfo=zoneinfo.ZoneInfo(day["timezone"])
    )
    there = venue.astimezone(zoneinfo.ZoneInfo(LOS_ANGELES))
    return f"{there:%A, %B} {there.day}, {there.year}, {there:%H:%M}"


def test_a_paper_page_shows_the_readers_time_after_the_toggle(browser, site_url):
    stem, paper = next(iter(site_data.papers().items()))
    [slot] = [
        slot
        for slot in site_data.slots_of_kind("poster-session")
        if slot.get("poster_session") == paper["poster_session"]
    ]
    context = browser.new_context(timezone_id=LOS_ANGELES)
    try:
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(f"{site_url}papers/{stem}/", wait_until="load")
        first = tab.locator("#when-and-where time").first
        assert first.inner_text().endswith(f", {slot['start']}")
        button = tab.locator("#when-and-where .wsl-localtime-toggle")
        assert button.inner_text() == "Show my time"
        button.click()
        assert first.inner_text() == reader_text(slot["start"])
        status = tab.locator("#when-and-where .wsl-localtime-status").inner_text()
        # The zone by its name and city, not its IANA id (issue 21, item 6).
        assert "Pacific Time \u2013 Los Angeles" in status and LOS_ANGELES not in status
        # The choice holds on the program page too (one mode, shared across pages).
        tab.goto(f"{site_url}program/", wait_until="load")
        status = tab.locator(".wsl-localtime-status").first.inner_text()
        assert "Pacific Time \u2013 Los Angeles" in status
        assert errors == []
    finally:
        context.close()
