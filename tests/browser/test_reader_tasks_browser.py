"""The reader's tasks of the review (reader-experience.md), each done as a reader does it: from
the home page, by clicking, in real Chromium. Expectations come from the data files.

1. when poster session 2 is, and what is in it;  2. find a paper and cite it;  3. filter the
papers and share the view;  4. the program in one's own time, into a calendar;  5. the speakers;
6. the submission deadline;  7. from a paper to its authors and to OpenReview.
"""

from __future__ import annotations

import re

import pytest
import site_data
import yaml
from playwright.sync_api import expect
from site_build import ROOT
from workshop.model.records import fold

pytestmark = pytest.mark.browser


def slot_of_poster_session(number: int) -> dict:
    return next(
        slot
        for slot in site_data.slots_of_kind("poster-session")
        if slot.get("poster_session") == number
    )


def papers_of_session(number: int) -> set[str]:
    return {stem for stem, paper in site_data.papers().items() if paper["poster_session"] == number}


def open_home(page, site_url: str) -> None:
    page.goto(site_url)
    expect(page.locator("h1")).to_be_visible()


def open_filters(page) -> None:
    """The papers page's form: open on a desktop, folded on a phone until its summary is pressed."""
    words = page.get_by_label("Title or author")
    expect(page.locator("form.wsl-paper-filter")).to_be_visible()
    if not words.is_visible():
        page.locator("summary", has_text="Group and filter").click()
    expect(words).to_be_visible()


def test_when_poster_session_2_is_and_what_is_in_it(page, site_url):
    slot = slot_of_poster_session(2)
    open_home(page, site_url)
    page.get_by_role("link", name="Program", exact=True).first.click()
    row = page.locator(f"#slot-{slot['start'].replace(':', '')}")
    expect(row).to_contain_text(slot["start"])
    expect(row).to_contain_text("Poster session 2")
    row.get_by_role("link", name="poster session 2").click()
    expect(page.locator(":target h2")).to_contain_text(slot["start"])
    posters = page.locator(":target li.wsl-paper")
    assert set(posters.evaluate_all("items => items.map(i => i.dataset.id)")) == papers_of_session(
        2
    )


def test_find_a_paper_and_cite_it(page, site_url):
    stem, paper = next(iter(site_data.papers().items()))
    open_home(page, site_url)
    page.get_by_role("link", name="Papers", exact=True).first.click()
    open_filters(page)
    page.get_by_label("Title or author").fill(" ".join(paper["title"].split()[:4]))
    page.locator("li.wsl-paper:not([hidden]) .wsl-paper-title a", has_text=paper["title"]).click()
    expect(page.locator("h1")).to_contain_text(paper["title"])
    bibtex = page.locator("#cite pre").inner_text()
    assert bibtex.startswith("@inproceedings{")
    assert "title = {" in bibtex and "year = {" in bibtex
    if paper.get("openreview"):
        assert f"forum?id={paper['openreview']}" in bibtex


def test_filter_the_papers_and_share_the_view(page, site_url, browser):
    topic = next(iter(site_data.papers().values()))["topics"][0]
    expected = sum(topic in paper["topics"] for paper in site_data.papers().values())
    open_home(page, site_url)
    page.get_by_role("link", name="Papers", exact=True).first.click()
    open_filters(page)
    page.get_by_role("combobox", name="Topic area").select_option(topic)
    expect(page.locator("li.wsl-paper:not([hidden])")).to_have_count(expected)
    shared = page.url
    assert f"topic={topic}" in shared
    other = browser.new_context().new_page()  # someone the link was sent to
    other.goto(shared)
    expect(other.locator("li.wsl-paper:not([hidden])")).to_have_count(expected)
    expect(other.locator(".wsl-filter-status")).to_contain_text(str(expected))
    other.context.close()


def test_the_program_in_my_time_and_into_my_calendar(browser, site_url):
    context = browser.new_context(timezone_id="America/Los_Angeles")
    page = context.new_page()
    open_home(page, site_url)
    page.get_by_role("link", name="Program", exact=True).first.click()
    first = site_data.schedule()["slots"][0]
    venue_time = page.locator("tr.wsl-slot time.wsl-time").first
    expect(venue_time).to_have_text(first["start"])
    page.locator("button.wsl-localtime-toggle").first.click()
    expect(venue_time).not_to_have_text(first["start"])  # 9:00 in Singapore is the day before
    calendar = page.locator("a[href$='.ics']").first
    response = page.request.get(calendar.evaluate("a => a.href"))
    assert response.ok and response.text().startswith("BEGIN:VCALENDAR")
    context.close()


def test_find_the_speakers(page, site_url):
    speakers = {
        person["name"]
        for person in site_data.people().values()
        if "invited-speaker" in person["roles"]
    }
    open_home(page, site_url)
    page.get_by_role("link", name="Speakers", exact=True).first.click()
    section = page.locator("#invited-speakers")
    expect(section).to_be_in_viewport()
    names = set(section.locator(".wsl-name").all_inner_texts())
    assert names == speakers


def test_find_the_deadline(page, site_url):
    dates = yaml.safe_load((ROOT / "cfp/dates.yaml").read_text(encoding="utf-8"))
    deadline = dates["submission_deadline"]
    open_home(page, site_url)
    page.get_by_role("link", name="Call for papers").first.click()
    row = page.locator("table.wsl-dates-table tr", has_text=deadline["label"])
    day = deadline["date"]
    expect(row).to_contain_text(f"{day:%B} {day.day}, {day.year}")
    expect(row).to_contain_text(deadline["time"])


def test_from_a_paper_to_its_authors_and_openreview(page, site_url):
    people = {fold(person["name"]): stem for stem, person in site_data.people().items()}
    stem, paper = next(
        (stem, paper)
        for stem, paper in site_data.papers().items()
        if paper.get("openreview") and any(fold(name) in people for name in paper["authors"])
    )
    page.goto(site_url + f"papers/{stem}/")
    forum = page.locator(".wsl-links a", has_text="OpenReview")
    expect(forum).to_have_attribute(
        "href", f"https://openreview.net/forum?id={paper['openreview']}"
    )
    author = next(name for name in paper["authors"] if fold(name) in people)
    page.locator(".wsl-paper-header a.wsl-author", has_text=author).click()
    expect(page).to_have_url(re.compile(rf"/people/{people[fold(author)]}/$"))
    expect(page.locator("main")).to_contain_text(paper["title"])
