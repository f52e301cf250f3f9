"""Paper pages that say when and where (issue 15, item 2): on a real build, expectations from the
data files (the schedule, the dates, the records), never from the pages themselves."""

from __future__ import annotations

import datetime as dt
import posixpath
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import site_data
import yaml
from site_build import ROOT

SCHEDULE = site_data.schedule()
DATES = yaml.safe_load((ROOT / "cfp/dates.yaml").read_text(encoding="utf-8"))
DAY = DATES["workshop_day"]["date"]
VENUE = ZoneInfo(DATES["workshop_day"]["timezone"])
LINK_LABELS = {"arxiv": "arXiv", "pdf": "PDF", "code": "Code", "poster": "Poster"}
LINK_LABELS |= {"slides": "Slides", "video": "Video", "project": "Project page"}
RELATED_LIMIT = 5


def starts(slot: dict) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time.fromisoformat(slot["start"]), tzinfo=VENUE)


def ends(slot: dict) -> dt.datetime:
    return starts(slot) + dt.timedelta(minutes=slot["duration"])


def venue_day() -> str:
    return f"{DAY:%A, %B} {DAY.day}, {DAY.year}"  # the C locale: English names


def when_section(real_site, stem: str):
    page = real_site.page(f"papers/{stem}")
    section = page.select_one("section#when-and-where")
    assert section is not None, stem
    return section


def slot_lines(section, label: str) -> list:
    """The lines (``<p>``) that give the times of one appearance, e.g. "Poster session 2"."""
    [item] = [li for li in section.select(".wsl-appearances > li") if li.strong.text == label]
    return [p for p in item.select("p") if p.select("time")]


def assert_slot_line(line, slot: dict, stem: str) -> None:
    start, end = line.select("time")
    assert start["datetime"] == f"{starts(slot).astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}", stem
    assert end["datetime"] == f"{ends(slot).astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}", stem
    assert start.text == f"{venue_day()}, {slot['start']}", stem
    assert end.text == f"{ends(slot):%H:%M}", stem
    assert ("room" in line.get_text()) == bool(slot.get("room")), stem
    if slot.get("room"):
        assert slot["room"] in line.get_text(), stem


def test_each_paper_page_gives_its_poster_session_day_time_and_room_iff_known(real_site):
    for stem, paper in site_data.papers().items():
        section = when_section(real_site, stem)
        slots = [
            slot
            for slot in site_data.slots_of_kind("poster-session")
            if slot.get("poster_session") == paper["poster_session"]
        ]
        assert slots, f"the program has no slot for poster session {paper['poster_session']}"
        lines = slot_lines(section, f"Poster session {paper['poster_session']}")
        assert len(lines) == len(slots), stem
        for line, slot in zip(lines, slots, strict=True):
            assert_slot_line(line, slot, stem)


def test_spotlight_pages_give_their_spotlight_block_and_posters_none(real_site):
    spotlight_slots = site_data.slots_of_kind("spotlights")
    for stem, paper in site_data.papers().items():
        section = when_section(real_site, stem)
        labels = [li.strong.text for li in section.select(".wsl-appearances > li")]
        if paper["presentation"] != "spotlight":
            assert labels == [f"Poster session {paper['poster_session']}"], stem
            continue
        named = [slot for slot in spotlight_slots if stem in slot.get("papers", [])]
        expected = named or [slot for slot in spotlight_slots if not slot.get("papers")]
        lines = slot_lines(section, "Spotlight talk")
        assert len(lines) == len(expected), stem
        for line, slot in zip(lines, expected, strict=True):
            assert_slot_line(line, slot, stem)
        # Not named by the program: the page says the block is not known, and says it once.
        unsure = "which one is not in the workshop" in section.get_text()
        assert unsure == (not named and len(expected) > 1), stem


def test_the_calendar_link_of_each_slot_is_a_file_with_that_slot(real_site):
    checked = set()
    for stem in site_data.papers():
        page_folder = f"papers/{stem}/"
        for line in when_section(real_site, stem).select("p:has(time)"):
            [link] = line.select("a.wsl-add-to-calendar")
            path = posixpath.normpath(posixpath.join(page_folder, link["href"]))
            if path in checked:
                continue
            checked.add(path)
            calendar = icalendar.Calendar.from_ical((real_site.outdir / path).read_bytes())
            [event] = calendar.events
            start = line.select_one("time")["datetime"]
            assert f"{event.start.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}" == start, path
            assert event["DTSTART"].params["TZID"] == DATES["workshop_day"]["timezone"]
    kinds = ("poster-session", "spotlights")
    assert len(checked) == len([s for s in SCHEDULE["slots"] if s["kind"] in kinds])


def test_each_paper_page_shows_the_links_of_its_record_and_no_other(real_site):
    for stem, paper in site_data.papers().items():
        row = real_site.page(f"papers/{stem}").select_one(".wsl-paper-header .wsl-links")
        expected = {
            LINK_LABELS[kind]: url for kind, url in (paper.get("links") or {}).items() if url
        }
        if paper.get("openreview"):
            expected["OpenReview"] = f"https://openreview.net/forum?id={paper['openreview']}"
        shown = {a.get_text(): a["href"] for a in row.select("a")} if row else {}
        assert shown == expected, stem


def test_topics_link_to_the_papers_listing_filtered_by_topic(real_site):
    for stem, paper in site_data.papers().items():
        links = real_site.page(f"papers/{stem}").select(".wsl-topics a")
        topics = []
        for link in links:
            url = urlsplit(link["href"])
            assert posixpath.normpath(posixpath.join(f"papers/{stem}/", url.path)) == "papers"
            topics += parse_qs(url.query)["topic"]
        assert topics == paper["topics"], stem


def related(real_site, stem: str, anchor: str) -> list[str]:
    section = real_site.page(f"papers/{stem}").select_one(f"section#{anchor}")
    if section is None:
        return []
    return [a["href"].strip("./").split("/")[-1] for a in section.select("li a")]


def test_related_lists_are_bounded_and_share_an_author_or_a_topic(real_site):
    papers = site_data.papers()

    def authors(stem: str) -> set[str]:
        return {name.casefold() for name in papers[stem]["authors"]}

    for stem, paper in papers.items():
        by_authors = related(real_site, stem, "more-by-these-authors")
        same_topic = related(real_site, stem, "same-topic")
        coauthored = [other for other in papers if other != stem and authors(other) & authors(stem)]
        sharing = [
            o for o in papers if o != stem and set(papers[o]["topics"]) & set(paper["topics"])
        ]
        assert len(by_authors) == min(RELATED_LIMIT, len(coauthored)), stem
        assert set(by_authors) <= set(coauthored), stem
        assert len(same_topic) <= RELATED_LIMIT, stem
        assert set(same_topic) <= set(sharing) - set(by_authors), stem
        assert bool(same_topic) == bool(set(sharing) - set(by_authors)), stem
        assert stem not in by_authors + same_topic, stem


def test_speaker_pages_say_once_that_talk_titles_were_not_published(real_site):
    talks = site_data.slots_of_kind("invited-talk")
    for stem, person in site_data.people().items():
        text = real_site.page(f"people/{stem}").select_one("article").get_text()
        named = [slot for slot in talks if stem in slot.get("people", [])]
        said = text.count("title of the talk is not in the workshop")
        expected = "invited-speaker" in person["roles"] and not named
        assert said == (1 if expected else 0), stem


# -- tiny sites: what the real data does not have ------------------------------------------------
