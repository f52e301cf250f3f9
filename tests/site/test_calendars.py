"""When and where, everywhere (issue 21, item 3): the calendar files parse with icalendar and
carry the events of program/schedule.yaml and the paper records; the web-calendar links carry
the same event; paper pages name the room; the agenda's data file lists every item.

Expectations come from the data files, never from counts typed here.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import site_data
import yaml
from site_build import ROOT

SCHEDULE = site_data.schedule()
DATES = yaml.safe_load((ROOT / "cfp/dates.yaml").read_text())
INFO = yaml.safe_load((ROOT / "_data/workshop.yaml").read_text())
PAPERS = site_data.papers()
DAY = DATES["workshop_day"]["date"]
VENUE = ZoneInfo(DATES["workshop_day"]["timezone"])
YEAR = DAY.year
STEM = f"{INFO['acronym'].lower()}-{YEAR}"
MARKER_KINDS = {"session-intro"}  # labels of the program, not activities


def at(clock: str) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time.fromisoformat(clock), tzinfo=VENUE)


def iso(when: dt.datetime) -> str:
    return f"{when.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"


def slot_end(slot: dict) -> dt.datetime:
    return at(slot["start"]) + dt.timedelta(minutes=slot["duration"])


def calendar(real_site, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((real_site.outdir / path).read_bytes())


def poster_slot(paper: dict) -> dict:
    [slot] = [
        s
        for s in SCHEDULE["slots"]
        if s["kind"] == "poster-session" and s.get("poster_session") == paper["poster_session"]
    ]
    return slot


def page_address(stem: str) -> str:
    return f"{INFO['site_url'].rstrip('/')}/papers/{stem}/"


def test_the_day_alone_is_a_file_from_the_first_start_to_the_end_of_the_day(real_site):
    [day] = calendar(real_site, f"program/{STEM}-day.ics").events
    assert day.start == at(SCHEDULE["slots"][0]["start"])
    ends = at(SCHEDULE["ends_at"]) if "ends_at" in SCHEDULE else slot_end(SCHEDULE["slots"][-1])
    assert day.end == ends
    assert str(day["SUMMARY"]) == f"{INFO['acronym']} {YEAR}: {INFO['name']}"
    assert str(day["LOCATION"]).startswith(INFO["room"])


def test_the_program_ends_at_one_time_everywhere(real_site):
    """The table's last time, the day's calendar event and the front door's hours agree."""
    ends = SCHEDULE.get("ends_at") or f"{slot_end(SCHEDULE['slots'][-1]):%H:%M}"
    table = real_site.page("program/index").select_one("table.wsl-schedule")
    last = table.select("tbody tr")[-1].select("time")[-1]
    assert last.get_text() == ends
    [day] = calendar(real_site, f"program/{STEM}.ics").events[:1]
    assert f"{day.end:%H:%M}" == ends
    hours = real_site.page("index").select_one(".wsl-hero .wsl-hours")
    assert [t.get_text() for t in hours.select("time")] == [SCHEDULE["slots"][0]["start"], ends]


def test_no_calendar_event_for_a_label_of_the_program(real_site):
    events = calendar(real_site, f"program/{STEM}.ics").events
    starts = {f"{e.start:%H:%M}" for e in events[1:]}  # after the whole day
    for slot in SCHEDULE["slots"]:
        assert (slot["start"] in starts) == (slot["kind"] not in MARKER_KINDS), slot
        anchor = f"slot-{slot['start'].replace(':', '')}"
        written = (real_site.outdir / f"program/calendar/{STEM}-{anchor}.ics").is_file()
        assert written == (slot["kind"] not in MARKER_KINDS), anchor


def test_each_paper_has_its_own_calendar_file_named_after_it(real_site):
    for stem, paper in PAPERS.items():
        events = calendar(real_site, f"papers/calendar/{STEM}-{stem}.ics").events
        named = [s for s in SCHEDULE["slots"] if stem in s.get("papers", [])]
        assert len(events) == 1 + len(named), stem
        poster = events[0]
        assert str(poster["SUMMARY"]) == f"{INFO['acronym']} {YEAR} poster: {paper['title']}"
        slot = poster_slot(paper)
        assert poster.start == at(slot["start"]) and poster.end == slot_end(slot)
        assert str(poster["URL"]) == page_address(stem)
        assert str(poster["LOCATION"]).startswith(slot.get("room") or INFO["room"])


def test_paper_pages_name_the_room_and_link_their_own_calendar(real_site):
    for stem, paper in PAPERS.items():
        page = real_site.page(f"papers/{stem}")
        section = page.select_one("#when-and-where")
        room = poster_slot(paper).get("room") or INFO["room"]
        assert room in section.select_one(".wsl-place").get_text(), stem
        line = section.select_one(".wsl-add-to-calendar-line")
        ics = line.select_one("a.wsl-add-to-calendar")["href"]
        path = posixpath.normpath(posixpath.join(f"papers/{stem}/", ics))
        assert path == f"papers/calendar/{STEM}-{stem}.ics"
        [event] = calendar(real_site, path).events[:1]
        links = {a.get_text(): a["href"] for a in line.select("a.wsl-web-calendar")}
        assert set(links) == {"Google Calendar", "Outlook"}
        google = parse_qs(urlsplit(links["Google Calendar"]).query)
        assert google["text"] == [str(event["SUMMARY"])]
        utc = [w.astimezone(dt.UTC) for w in (event.start, event.end)]
        assert google["dates"] == ["/".join(f"{w:%Y%m%dT%H%M%SZ}" for w in utc)]
        outlook = parse_qs(urlsplit(links["Outlook"]).query)
        assert outlook["subject"] == [str(event["SUMMARY"])]
        assert outlook["startdt"] == [f"{utc[0]:%Y-%m-%dT%H:%M:%SZ}"]
        assert page_address(stem) in google["details"][0]


def test_the_front_door_adds_the_day_to_calendars(real_site):
    line = real_site.page("index").select_one(".wsl-hero .wsl-add-to-calendar-line")
    assert line.select_one("a.wsl-add-to-calendar")["href"] == f"program/{STEM}-day.ics"
    [day] = calendar(real_site, f"program/{STEM}-day.ics").events
    google = parse_qs(urlsplit(line.select_one("a[href*='calendar.google.com']")["href"]).query)
    assert google["text"] == [str(day["SUMMARY"])]


def test_the_agendas_data_file_has_every_activity_and_paper_with_its_times(real_site):
    data = json.loads((real_site.outdir / "program/agenda.json").read_text())
    by_id = {item["id"]: item for item in data["items"]}
    for slot in SCHEDULE["slots"]:
        anchor = f"slot-{slot['start'].replace(':', '')}"
        assert (anchor in by_id) == (slot["kind"] not in MARKER_KINDS)
        if anchor in by_id:
            assert (
                by_id[anchor]["starts"]
                == f"{at(slot['start']).astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"
            )
    for stem, paper in PAPERS.items():
        item = by_id[f"paper-{stem}"]
        assert item["title"] == paper["title"]
        assert (
            item["starts"]
            == f"{at(poster_slot(paper)['start']).astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"
        )
        assert (real_site.outdir / item["path"] / "index.html").is_file()
    assert [i["starts"] for i in data["items"]] == sorted(i["starts"] for i in data["items"])
