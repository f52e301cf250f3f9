"""The reader's tasks of the review (reader-experience.md), each done as a reader does it: from
the home page, by clicking, in real Chromium. Expectations come from the data files.

1. when poster session 2 is, and what is in it;  2. find a paper and cite it;  3. filter the
papers and share the view;  4. the program in one's own time, into a calendar;  5. the speakers;
6. the submission deadline;  7. from a paper to its authors and to OpenReview.

And those of the second pass (issue 21): the papers on the first screen, one line per paper, a
folded filter that says what is on, the program's speakers and spotlights within a screen of the
table, the poster lists' links, the reading list by authors and year.
"""

from __future__ import annotations

import re

import bibtexparser
import pytest
import site_data
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
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
        page.locator("summary", has_text="Filter and group").click()
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
    expected = papers_of_session(2)
    page.locator(":target summary", has_text=f"Show the {len(expected)} posters").click()
    expect(posters.first).to_be_visible()
    assert set(posters.evaluate_all("items => items.map(i => i.dataset.id)")) == expected


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


# -- the second pass (issue 21) --------------------------------------------------------------------

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def open_papers(browser, site_url: str, viewport: dict):
    """The papers page, reached from the home page by clicking (the phone's drawer, if needed)."""
    phone = viewport["width"] < 500
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    open_home(page, site_url)
    page.locator("a.wsl-door", has_text="Papers").first.click()
    expect(page.locator("h1")).to_contain_text("papers")
    return context, page


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "375x812"])
def test_the_papers_page_opens_on_papers(browser, site_url, viewport):
    context, page = open_papers(browser, site_url, viewport)
    first = page.locator("li.wsl-paper:not([hidden])").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    # The first row, whole, on the first screen: no prose or form pushes it below the fold.
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    title = sorted(site_data.papers().values(), key=lambda p: fold(p["title"]))[0]["title"]
    expect(first.locator(".wsl-paper-title")).to_have_text(title)
    # Titles read as titles, not bold underlined stripes.
    style = first.locator(".wsl-paper-title a").evaluate(
        "a => [getComputedStyle(a).textDecorationLine, getComputedStyle(a).fontWeight]"
    )
    assert style[0] == "none" and int(style[1]) < 600, style
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "375x812"])
def test_one_line_per_paper_is_a_view_kept_in_the_address(browser, site_url, viewport):
    context, page = open_papers(browser, site_url, viewport)
    open_filters(page)
    page.get_by_label("One line each").check()
    assert "view=compact" in page.url
    rows = page.locator("li.wsl-paper:not([hidden])")
    expect(rows).to_have_count(len(site_data.papers()))

    def tallest_in_lines() -> float:
        return rows.evaluate_all(
            """rows => Math.max(...rows.map((row) => row.getBoundingClientRect().height /
                 parseFloat(getComputedStyle(row.querySelector(".wsl-paper-title")).lineHeight)))"""
        )

    assert tallest_in_lines() < 2, "every paper on one line"
    page.reload()
    expect(page.get_by_label("One line each")).to_be_checked()
    assert tallest_in_lines() < 2
    page.go_back()  # before the choice: the rows as they were
    expect(page.get_by_label("One line each")).not_to_be_checked()
    assert tallest_in_lines() >= 2
    context.close()


def test_on_a_phone_the_folded_filter_says_what_is_on(browser, site_url):
    topics = yaml.safe_load((ROOT / "cfp/topics.yaml").read_text(encoding="utf-8"))
    topic = next(iter(site_data.papers().values()))["topics"][0]
    title = next(area["title"] for area in topics if area["id"] == topic)
    context, page = open_papers(browser, site_url, PHONE)
    summary = page.locator("form.wsl-paper-filter summary")
    expect(summary).to_have_text("Filter and group")  # nothing on
    summary.click()
    page.get_by_role("combobox", name="Topic area").select_option(topic)
    page.get_by_role("combobox", name="Poster session").select_option("1")
    summary.click()  # folded again: the papers come first
    expect(page.get_by_label("Title or author")).to_be_hidden()
    expect(summary).to_contain_text(title)
    expect(summary).to_contain_text("Session 1")
    first = page.locator("li.wsl-paper:not([hidden])").first
    assert first.bounding_box()["y"] < PHONE["height"]
    context.close()


def test_the_program_reads_at_a_glance(page, site_url):
    """Unknowns said once; the speakers and spotlights within a screen of the table; the poster
    lists folded, each paper linked to its page and its OpenReview; no chip repeating a heading."""
    page.set_viewport_size(DESKTOP)
    open_home(page, site_url)
    page.get_by_role("link", name="Program", exact=True).first.click()
    table = page.locator("table.wsl-schedule")
    table_end = table.evaluate("t => t.getBoundingClientRect().bottom + window.scrollY")
    for anchor in ("program-invited-speakers", "program-spotlight-papers"):
        top = page.locator(f"#{anchor}").evaluate(
            "s => s.getBoundingClientRect().top + window.scrollY"
        )
        assert top - table_end < DESKTOP["height"], (anchor, top, table_end)
    main = page.locator("main").inner_text()
    assert len(re.findall(r"invited speaker gave which talk", main)) == 1
    assert not re.search(r"One of the \d+ invited speakers|Among the \d+ spotlight papers", main)
    page.locator("tr.wsl-slot-invited-talk a", has_text="Invited speakers").first.click()
    expect(page.locator("#program-invited-speakers")).to_be_in_viewport()
    papers = site_data.papers()
    for number in sorted({paper["poster_session"] for paper in papers.values()}):
        section = page.locator(f"#program-posters-{number}")
        rows = section.locator("li.wsl-paper")
        expect(rows.first).to_be_hidden()  # folded
        section.locator("summary").click()
        expect(rows.first).to_be_visible()
        for row in rows.all():
            record = papers[row.get_attribute("data-id")]
            title = row.locator(".wsl-paper-title a")
            assert title.get_attribute("href").endswith(f"/papers/{row.get_attribute('data-id')}/")
            hrefs = row.locator(".wsl-paper-links a").evaluate_all("a => a.map(x => x.href)")
            if record.get("openreview"):
                assert f"https://openreview.net/forum?id={record['openreview']}" in hrefs
            chips = row.locator(".wsl-badge").all_inner_texts()
            assert f"Poster session {number}" not in chips, chips
    spotlights = page.locator("#program-spotlight-papers .wsl-badge").all_inner_texts()
    assert "Spotlight talk" not in spotlights
    speakers = page.locator("#program-invited-speakers .wsl-badge").all_inner_texts()
    assert "Invited speaker" not in speakers


def reading_list_label(entry) -> str:
    """How a reader cites a .bib entry: first author's surname, "and" the second or "et al.",
    then the year."""
    surnames = [name.split(",")[0].strip() for name in entry["author"].split(" and ")]
    who = {1: surnames[0], 2: " and ".join(surnames)}.get(len(surnames), f"{surnames[0]} et al.")
    return f"{who} {entry['year']}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x800", "375x812"])
def test_the_reading_list_is_one_click_from_the_papers(browser, site_url, viewport):
    library = bibtexparser.parse_string(
        (ROOT / "papers/reading-list.bib").read_text(encoding="utf-8"),
        append_middleware=[LatexDecodingMiddleware()],
    )
    context, page = open_papers(browser, site_url, viewport)
    page.locator("main").get_by_role("link", name="reading list").first.click()
    expect(page.locator("h1")).to_contain_text("Reading list")
    labels = [
        text.strip().strip("[]") for text in page.locator(".citation .label").all_inner_texts()
    ]
    assert len(labels) == len(library.entries)
    wanted = {reading_list_label(entry) for entry in library.entries}
    for label in labels:
        assert re.sub(r"(\d{4})[a-z]$", r"\1", label) in wanted, label
    assert not set(labels) & {entry.key for entry in library.entries}, "no BibTeX key as a label"
    context.close()
