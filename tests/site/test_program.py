"""The program: the schedule file, the program page, the exports, and located validation errors."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from zoneinfo import ZoneInfo

import icalendar
import site_data
import yaml
from site_build import BUILD_EPOCH, ROOT
from site_data import clock, minutes

SCHEDULE = yaml.safe_load((ROOT / "program/schedule.yaml").read_text())
# Labels of the program, not activities: no calendar event (issue 21, item 3).
MARKER_KINDS = {"session-intro"}
ACTIVITIES = [slot for slot in SCHEDULE["slots"] if slot["kind"] not in MARKER_KINDS]
DATES = yaml.safe_load((ROOT / "cfp/dates.yaml").read_text())
INFO = yaml.safe_load((ROOT / "_data/workshop.yaml").read_text())
BUILT_AT = dt.datetime.fromtimestamp(int(BUILD_EPOCH), dt.UTC)


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text().split("---")[1])


PAPERS = [
    front_matter(p)
    for p in (ROOT / "papers").glob("*.md")
    if p.stem != "index" and p.read_text().startswith("---")
]
SPEAKERS = [
    front_matter(p)
    for p in (ROOT / "people").glob("*.md")
    if p.stem != "index" and "invited-speaker" in front_matter(p)["roles"]
]


DAY = DATES["workshop_day"]["date"]
VENUE = ZoneInfo(DATES["workshop_day"]["timezone"])


def local(clock: str) -> dt.datetime:
    """A time of the schedule file on the workshop day, in the venue's timezone."""
    return dt.datetime.combine(DAY, dt.time.fromisoformat(clock), tzinfo=VENUE)


def utc(clock: str) -> str:
    return f"{local(clock).astimezone(dt.UTC):%H:%M}"


# -- the program page of the real site ---------------------------------------------------------


def test_program_table_has_every_slot_with_computed_end_times(real_site):
    page = real_site.page("program/index")
    rows = page.select("table.wsl-schedule tr.wsl-slot")
    assert len(rows) == len(SCHEDULE["slots"])
    for row, slot in zip(rows, SCHEDULE["slots"], strict=True):
        start, end = (t.get_text() for t in row.select(".wsl-slot-time time"))
        assert start == slot["start"]
        assert end == clock(minutes(slot["start"]) + slot["duration"])
        if "title" in slot:
            assert row.select_one(".wsl-slot-title").get_text() == slot["title"]


def test_program_is_grouped_by_the_three_thematic_sessions(real_site):
    page = real_site.page("program/index")
    headings = page.select(".wsl-session-heading th")
    titles = [session["title"] for session in SCHEDULE["sessions"].values()]
    assert [th.contents[0].strip() for th in headings] == [
        f"Session {n}: {title}" for n, title in enumerate(titles, start=1)
    ]
    spans = [[t.get_text() for t in th.select("time")] for th in headings]
    assert spans == site_data.session_spans()
    for group in page.select("tbody.wsl-session"):
        # Each group opens with the session's introduction.
        assert "wsl-slot-session-intro" in group.select("tr.wsl-slot")[0]["class"]


def test_program_states_the_timezone_and_every_time_is_an_instant(real_site):
    page = real_site.page("program/index")
    intro = page.select_one(".wsl-schedule-timezone").get_text(" ", strip=True)
    assert "Times are in Singapore time, UTC+8" in intro
    assert f"In UTC: {utc(SCHEDULE['slots'][0]['start'])} to {utc(SCHEDULE['ends_at'])}." in intro
    assert page.select_one(".wsl-tz-label").get_text() == "in Singapore time, UTC+8"
    times = page.select("table.wsl-schedule time")
    assert times and all(re.fullmatch(rf"{DAY}T\d\d:\d\d:00Z", t["datetime"]) for t in times)
    first = SCHEDULE["slots"][0]["start"]
    assert times[0]["datetime"] == f"{DAY}T{utc(first)}:00Z" and times[0].get_text() == first
    assert {t["data-tz"] for t in times} == {"Asia/Singapore"}


def test_unknown_facts_stay_unknown_and_slots_link_to_groups(real_site):
    page = real_site.page("program/index")
    invited = page.select("tr.wsl-slot-invited-talk")
    assert len(invited) == len(site_data.slots_of_kind("invited-talk"))
    speaker_names = {person["name"] for person in SPEAKERS}
    for row in invited:
        text = row.get_text(" ", strip=True)
        assert "Invited talk" in text
        assert not any(name in text for name in speaker_names)  # no guessed speaker
        assert row.select_one("a")["href"] == "#program-invited-speakers"
    listed = {
        a.get_text() for a in page.select("#program-invited-speakers .wsl-people .wsl-name a")
    }
    assert listed == speaker_names

    spotlights = page.select("tr.wsl-slot-spotlights")
    assert [row.select_one(".wsl-slot-title").get_text()[0] for row in spotlights] == ["2", "3"]
    assert all(row.select_one("a")["href"] == "#program-spotlight-papers" for row in spotlights)
    spotlight_list = page.select_one("#program-spotlight-papers").find_next("ul")
    assert sorted(li["data-id"] for li in spotlight_list.select("li.wsl-paper")) == sorted(
        p["openreview"] for p in PAPERS if p["presentation"] == "spotlight"
    )
    assert len(spotlight_list.select("li")) == site_data.presentation_counts()["spotlight"]
    award = page.select_one("tr.wsl-slot-awards").get_text(" ", strip=True)
    assert "not recorded publicly" in award


def test_poster_sessions_link_to_the_posters_of_that_session(real_site):
    page = real_site.page("program/index")
    counts = Counter(p["poster_session"] for p in PAPERS)
    rows = page.select("tr.wsl-slot-poster-session")
    assert len(rows) == 2
    for number, row in enumerate(rows, start=1):
        link = row.select_one(".wsl-slot-details a")
        assert link["href"] == f"#program-posters-{number}"
        assert f"{counts[number]} posters of poster session {number}." in link.parent.get_text()
        listed = page.select_one(f"#program-posters-{number}").find_next("ul")
        assert len(listed.select("li.wsl-paper")) == counts[number]
        assert {li["data-session"] for li in listed.select("li.wsl-paper")} == {str(number)}


def test_local_time_script_only_on_pages_with_times_to_convert(real_site):
    def scripts(docname):
        return [s["src"] for s in real_site.page(docname).select("script[src*=localtime]")]

    for docname in ("program/index", "cfp/index"):
        [src] = scripts(docname)
        assert real_site.page(docname).select_one(f"script[src='{src}']").has_attr("defer")
    for docname in ("papers/index", "people/index"):
        assert scripts(docname) == []
    button = real_site.page("cfp/index").select_one("button.wsl-localtime-toggle")
    assert button.get_text() == "Show my time" and button.has_attr("hidden")
    deadline = real_site.page("cfp/index").select_one("time.wsl-local[datetime$='Z']")
    assert deadline["data-tz"] == "Etc/GMT+12"  # AoE, for the toggle's change-of-day note


def test_export_links_point_to_generated_files(real_site):
    for docname, keys in (("program/index", 4), ("cfp/index", 1)):
        links = real_site.page(docname).select("a.wsl-export")
        assert len(links) == keys  # the program, the day, the two frab files; the dates
        folder = (real_site.outdir / docname).parent
        for link in links:
            assert (folder / link["href"]).resolve().is_file(), link["href"]
    cfp = real_site.page("cfp/index").select_one("a.wsl-export")["href"]
    assert cfp == "important-dates.ics"


# -- exports of the real site ------------------------------------------------------------------


def read_calendar(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_program_calendar_has_one_event_per_slot_in_the_venue_timezone(real_site):
    calendar = read_calendar(real_site.outdir / "program/wsl-2025.ics")
    guids = {slot_guid(slot) for slot in SCHEDULE["slots"]}
    events = [event for event in calendar.events if str(event["UID"]) in guids]
    assert len(events) == len(ACTIVITIES)
    first = events[0]
    assert (
        f"{first.start.astimezone(dt.UTC):%Y-%m-%d %H:%M}"
        == f"{DAY} {utc(SCHEDULE['slots'][0]['start'])}"
    )
    assert first["DTSTART"].params["TZID"] == "Asia/Singapore"
    [timezone] = calendar.timezones
    assert timezone.tz_name == "Asia/Singapore"
    for event, slot in zip(events, ACTIVITIES, strict=True):
        assert f"{event.start:%H:%M}" == slot["start"]
        assert event.end - event.start == dt.timedelta(minutes=slot["duration"])
        assert event.DTSTAMP == BUILT_AT
        assert event["LOCATION"].startswith(INFO["room"])
    assert len({str(event["UID"]) for event in events}) == len(events)
    # The end of the day is the last line of the program, not an event.
    assert all(f"{event.start:%H:%M}" != SCHEDULE["ends_at"] for event in events)


def test_dates_calendar_has_deadlines_at_their_exact_instant(real_site):
    calendar = read_calendar(real_site.outdir / "cfp/important-dates.ics")
    events = {str(event["SUMMARY"]).split(": ", 1)[1]: event for event in calendar.events}
    assert len(events) == len(DATES)
    submission = events[DATES["submission_deadline"]["label"]]
    # Feb 10 23:59 AoE (UTC-12) is Feb 11 11:59 UTC.
    assert submission.start == dt.datetime(2025, 2, 11, 11, 59, tzinfo=dt.UTC)
    assert "DTEND" not in submission  # a deadline is an instant
    assistance = events[DATES["tiny_papers_financial_assistance"]["label"]]
    assert assistance.start == dt.date(2025, 3, 2) and assistance.end == dt.date(2025, 3, 3)
    workshop = events[DATES["workshop_day"]["label"]]
    assert workshop.start == dt.date(2025, 4, 27)
    assert all(event.DTSTAMP == BUILT_AT for event in calendar.events)


# The fields the c3voc schedule schema (frab's JSON) requires of an event.
FRAB_EVENT_FIELDS = {
    "abstract",
    "date",
    "duration",
    "guid",
    "id",
    "language",
    "links",
    "persons",
    "room",
    "slug",
    "start",
    "subtitle",
    "title",
    "track",
    "type",
    "url",
}


def test_frab_json_is_one_day_one_room_with_every_slot(real_site):
    data = json.loads((real_site.outdir / "program/schedule.json").read_text())
    conference = data["schedule"]["conference"]
    assert data["schedule"]["version"]
    assert re.fullmatch(r"^[a-z0-9_-][a-z0-9_]{3,}$", conference["acronym"])
    assert conference["start"] == conference["end"] == DAY.isoformat()
    assert conference["daysCount"] == 1 and conference["time_zone_name"] == "Asia/Singapore"
    assert [room["name"] for room in conference["rooms"]] == [INFO["room"]]
    [day] = conference["days"]
    assert day["date"] == DAY.isoformat()
    assert day["day_start"] == local(SCHEDULE["slots"][0]["start"]).isoformat()
    assert day["day_end"] == local(SCHEDULE["ends_at"]).isoformat()
    [(room, events)] = day["rooms"].items()
    assert room == INFO["room"] and len(events) == len(SCHEDULE["slots"])
    for number, (event, slot) in enumerate(zip(events, SCHEDULE["slots"], strict=True), 1):
        assert set(event) >= FRAB_EVENT_FIELDS
        assert event["id"] == number
        assert uuid.UUID(event["guid"]).version == 5
        assert event["start"] == slot["start"]
        assert event["duration"] == clock(slot["duration"])
        assert event["type"] == slot["kind"]
        assert event["persons"] == []  # no speaker is known for any slot
        assert re.fullmatch(r"^[a-z0-9_-]+[a-z0-9]$", event["slug"])
    first_intro = next(i for i, s in enumerate(SCHEDULE["slots"]) if s["kind"] == "session-intro")
    [first_session] = [SCHEDULE["sessions"][SCHEDULE["slots"][first_intro]["session"]]["title"]]
    assert events[first_intro]["title"] == f"Session 1: {first_session}"
    assert events[first_intro]["track"] == first_session


def test_frab_xml_matches_the_json_and_the_calendar(real_site):
    root = ET.parse(real_site.outdir / "program/schedule.xml").getroot()
    assert root.tag == "schedule"
    assert root.findtext("conference/title") == INFO["name"]
    assert root.findtext("conference/days") == "1"
    [day] = root.findall("day")
    assert day.get("date") == DAY.isoformat() and day.get("index") == "1"
    [room] = day.findall("room")
    assert room.get("name") == INFO["room"]
    events = room.findall("event")
    assert len(events) == len(SCHEDULE["slots"])
    for event in events:
        for tag in (
            "room",
            "title",
            "type",
            "date",
            "start",
            "duration",
            "abstract",
            "slug",
            "subtitle",
            "track",
            "persons",
            "language",
        ):
            assert event.find(tag) is not None, tag
        assert re.fullmatch(r"\d\d:\d\d", event.findtext("duration"))
    json_events = json.loads((real_site.outdir / "program/schedule.json").read_text())["schedule"][
        "conference"
    ]["days"][0]["rooms"][INFO["room"]]
    calendar = read_calendar(real_site.outdir / "program/wsl-2025.ics")
    guids = [event.get("guid") for event in events]
    assert guids == [event["guid"] for event in json_events]
    # After the whole day; the calendar has no event for a label of the program.
    activities = {slot_guid(slot) for slot in ACTIVITIES}
    assert [g for g in guids if g in activities] == [
        str(event["UID"]) for event in calendar.events
    ][1:]


# -- the tiny program site: exports, determinism, bad input -----------------------------------


# -- the program at a glance (issue 15, item 3) -------------------------------------------------

PROGRAM_PREFIX = f"{INFO['acronym']} {DATES['workshop_day']['date'].year}: "


def slot_guid(slot: dict) -> str:
    """A slot's UID as calendars have stored it since the first export: never to change."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "urn:wsl-workshop-site:schedule")
    day = DATES["workshop_day"]["date"]
    return str(uuid.uuid5(namespace, f"{INFO['acronym']}/{day}T{slot['start']}/{slot['kind']}"))


def test_program_has_no_filler_rows(real_site):
    page = real_site.page("program/index")
    table = page.select_one("table.wsl-schedule")
    rows = [tr for tr in table.select("tbody tr") if "wsl-session-heading" not in tr["class"]]
    # One row per slot of the data file, in time order, no filler row; the end of the day last,
    # so the table ends when the day's calendar event does (issue 21, item 3).
    assert len(rows) == len(SCHEDULE["slots"]) + 1
    assert all("wsl-slot" in tr["class"] for tr in rows[:-1])
    starts = sorted(slot["start"] for slot in SCHEDULE["slots"])
    assert [tr.get("id") for tr in rows[:-1]] == [
        f"slot-{start.replace(':', '')}" for start in starts
    ]
    assert rows[-1].select_one("time").get_text() == SCHEDULE["ends_at"]


def test_unknown_speakers_are_said_once_not_per_row(real_site):
    page = real_site.page("program/index")
    main = page.select_one("main") or page
    unknown = [s for s in SCHEDULE["slots"] if s["kind"] == "invited-talk" and not s.get("people")]
    assert unknown, "the data file names a speaker for every talk: the note has nothing to say"
    unknown_words = re.compile(r"not (recorded )?publi|not in the workshop.s public records")
    notes = main.find_all(string=unknown_words)
    talk_notes = [n for n in notes if "speaker" in n.parent.get_text()]
    assert len(talk_notes) == 1, talk_notes
    # Nothing unknown said per row, and no hedge ("One of the 4 invited speakers.", "Among the
    # 5 spotlight papers.") repeated in each: the row points to the section, once said.
    for row in page.select("tr.wsl-slot-invited-talk, tr.wsl-slot-spotlights"):
        text = row.get_text(" ", strip=True)
        assert not unknown_words.search(text), text
        assert not re.search(r"\b(One of|Among) the\b", text), text


def test_program_calendar_names_every_event_after_the_workshop(real_site):
    calendar = read_calendar(real_site.outdir / "program/wsl-2025.ics")
    summaries = [str(event["SUMMARY"]) for event in calendar.events]
    assert all(s.startswith(PROGRAM_PREFIX) for s in summaries), summaries
    by_uid = {str(event["UID"]): event for event in calendar.events}
    assert not any(
        slot_guid(slot) in by_uid for slot in SCHEDULE["slots"] if slot not in ACTIVITIES
    )
    for slot in ACTIVITIES:
        event = by_uid[slot_guid(slot)]  # the UIDs of the slots have not changed
        if "title" in slot:
            assert str(event["SUMMARY"]) == PROGRAM_PREFIX + slot["title"]
    day = DATES["workshop_day"]["date"]
    starts = dt.datetime.combine(day, dt.time.fromisoformat(SCHEDULE["slots"][0]["start"]))
    ends = dt.datetime.combine(day, dt.time.fromisoformat(SCHEDULE["ends_at"]))
    [whole] = [e for e in calendar.events if str(e["UID"]) not in map(slot_guid, SCHEDULE["slots"])]
    assert str(whole["SUMMARY"]) == PROGRAM_PREFIX + INFO["name"]
    assert whole.start.replace(tzinfo=None) == starts and whole.end.replace(tzinfo=None) == ends
    assert whole["DTSTART"].params["TZID"] == DATES["workshop_day"]["timezone"]
