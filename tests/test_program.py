"""The program: the schedule file, the program page, the exports, and located validation errors."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from zoneinfo import ZoneInfo

import icalendar
import pytest
import site_data
import yaml
from site_build import BUILD_EPOCH, ROOT, SITES, build, build_in_subprocess
from sphinx.util.inventory import InventoryFile

SCHEDULE = yaml.safe_load((ROOT / "program/schedule.yaml").read_text())
DATES = yaml.safe_load((ROOT / "cfp/dates.yaml").read_text())
INFO = yaml.safe_load((ROOT / "_data/workshop.yaml").read_text())
TINY_SCHEDULE = (SITES / "program/program/schedule.yaml").read_text()
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


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def clock(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


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
    for docname in ("index", "papers/index", "people/index"):
        assert scripts(docname) == []
    button = real_site.page("cfp/index").select_one("button.wsl-localtime-toggle")
    assert button.get_text() == "Show my time" and button.has_attr("hidden")
    deadline = real_site.page("cfp/index").select_one("time.wsl-local[datetime$='Z']")
    assert deadline["data-tz"] == "Etc/GMT+12"  # AoE, for the toggle's change-of-day note


def test_export_links_point_to_generated_files(real_site):
    for docname, keys in (("program/index", 3), ("cfp/index", 1)):
        links = real_site.page(docname).select("a.wsl-export")
        assert len(links) == keys
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
    assert len(events) == len(SCHEDULE["slots"])
    first = events[0]
    assert (
        f"{first.start.astimezone(dt.UTC):%Y-%m-%d %H:%M}"
        == f"{DAY} {utc(SCHEDULE['slots'][0]['start'])}"
    )
    assert first["DTSTART"].params["TZID"] == "Asia/Singapore"
    [timezone] = calendar.timezones
    assert timezone.tz_name == "Asia/Singapore"
    for event, slot in zip(events, SCHEDULE["slots"], strict=True):
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
    assert guids == [str(event["UID"]) for event in calendar.events][1:]  # after the whole day


# -- the tiny program site: exports, determinism, bad input -----------------------------------


def test_known_presenters_are_linked_and_exported(tiny_site):
    built = tiny_site("program")
    row = built.page("program/index").select_one("#slot-0930")
    link = row.select_one(".wsl-slot-details a")
    assert link.get_text() == "Ada Lovelace" and "people/ada-lovelace" in link["href"]
    assert "not recorded" not in row.get_text()
    events = json.loads((built.outdir / "program/schedule.json").read_text())["schedule"][
        "conference"
    ]["days"][0]["rooms"]["Topaz 220-225"]
    assert [p["name"] for p in events[1]["persons"]] == ["Ada Lovelace"]
    xml = ET.parse(built.outdir / "program/schedule.xml").getroot()
    assert [p.text for p in xml.iter("person")] == ["Ada Lovelace"]
    intro = built.page("program/index").select_one("#slot-1130")
    assert intro.select_one(".wsl-slot-title").get_text() == "Introduction to session 2"
    assert events[4]["title"] == "Session 2: Downstream Applications"


def test_text_builder_shows_every_slot_one_per_item(tiny_site):
    """Builders without HTML get the program as a list: every slot of the file, in time order,
    its times and title in one item, each session named; no button that cannot work there."""
    data = yaml.safe_load(TINY_SCHEDULE)
    built = tiny_site("program", builder="text")
    text = (built.outdir / "program/index.txt").read_text()
    items = [" ".join(item.split()) for item in re.split(r"^\s*\* ", text, flags=re.M)[1:]]
    rows = [item for item in items if re.match(r"\d\d:\d\d\N{EN DASH}\d\d:\d\d", item)]
    sessions = list(data["sessions"])
    slots = sorted(data["slots"], key=lambda slot: slot["start"])
    assert len(rows) == len(slots)
    for row, slot in zip(rows, slots, strict=True):
        end = clock(minutes(slot["start"]) + slot["duration"])
        number = sessions.index(slot["session"]) + 1 if "session" in slot else None
        title = slot.get("title") or f"Introduction to session {number}"
        assert row.startswith(f"{slot['start']}\N{EN DASH}{end}"), row
        assert title in row, row
    flat = " ".join(text.split())
    for number, session in enumerate(data["sessions"].values(), start=1):
        assert f"Session {number}: {session['title']}" in flat
    assert "Show my time" not in text


def export_bytes(outdir) -> dict[str, bytes]:
    names = (
        "program/wsl-2025.ics",
        "program/schedule.json",
        "program/schedule.xml",
        "cfp/important-dates.ics",
    )
    return {name: (outdir / name).read_bytes() for name in names}


@pytest.mark.slow
def test_exports_are_byte_identical_across_builds_and_with_two_processes(tiny_site, tmp_path):
    first = tiny_site("program")
    again = build(first.srcdir, tmp_path / "again" / "html")
    parallel = tmp_path / "parallel" / "html"
    build_in_subprocess(first.srcdir, parallel, jobs="2")
    assert export_bytes(first.outdir) == export_bytes(again.outdir) == export_bytes(parallel)


def test_uids_stay_when_a_title_changes(tiny_site, tmp_path):
    first = tiny_site("program")
    before = read_calendar(first.outdir / "program/wsl-2025.ics")
    renamed = TINY_SCHEDULE.replace("title: Closing remarks", "title: Farewell")
    (first.srcdir / "program/schedule.yaml").write_text(renamed)
    second = build(first.srcdir, tmp_path / "renamed" / "html")
    after = read_calendar(second.outdir / "program/wsl-2025.ics")
    assert [str(e["UID"]) for e in before.events] == [str(e["UID"]) for e in after.events]
    assert str(after.events[-1]["SUMMARY"]).endswith(": Farewell")


# case -> (text to replace, replacement, text at the warning's line in the new file, fragments)
BAD_SCHEDULES = {
    "overlapping slots": (
        'start: "10:00"',
        'start: "09:50"',
        'start: "09:50"',
        [
            "slot 3 '1 spotlight talk' (09:50) overlaps slot 2 'Invited talk + Q&A' (09:30-10:00)",
            "start it at 10:00 or later",
        ],
    ),
    "unparsable time": (
        'start: "11:40"',
        'start: "11h40"',
        'start: "11h40"',
        ["slot 6", "field 'start'", "'11h40' is not a time of day", '"HH:MM"'],
    ),
    "impossible time": (
        'start: "11:40"',
        'start: "24:10"',
        'start: "24:10"',
        ["field 'start'", "'24:10' is not a time of day"],
    ),
    "unquoted time": (
        'start: "11:40"',
        "start: 11:40",
        "start: 11:40",
        ["field 'start'", 'quoted 24-hour time "HH:MM"'],
    ),
    "zero duration": (
        "duration: 20\n    kind: closing",
        "duration: 0\n    kind: closing",
        "duration: 0",
        ["slot 7", "field 'duration'", "at least 1 minute (found 0)", "'ends_at'"],
    ),
    "negative duration": (
        "duration: 20\n    kind: closing",
        "duration: -5\n    kind: closing",
        "duration: -5",
        ["field 'duration'", "at least 1 minute (found -5)"],
    ),
    "slot past midnight": (
        'start: "12:10"',
        'start: "23:50"',
        "duration: 20\n    kind: closing",
        [
            "'Closing remarks' (23:50) is outside the day",
            "ends at 00:10 on Monday, April 28",
            "must end by 24:00 on the workshop day, Sunday, April 27, 2025",
        ],
    ),
    "slot after the end of the day": (
        'ends_at: "12:45"',
        'ends_at: "12:20"',
        "duration: 20\n    kind: closing",
        [
            "'Closing remarks' (12:10) is outside the day",
            "ends at 12:30",
            'after the end of the day (ends_at: "12:20")',
        ],
    ),
    "slots out of time order": (
        'start: "11:40"',
        'start: "08:00"',
        'start: "08:00"',
        [
            "slot 6 'Invited talk + Q&A' (08:00) is listed after a slot that starts later (11:30)",
            "list the slots in time order",
        ],
    ),
    "unknown person": (
        "people: [ada-lovelace]",
        "people: [ada-lovelase]",
        "people: [ada-lovelase]",
        [
            "slot 2 (09:30)",
            "field 'people'",
            "unknown person 'ada-lovelase'",
            "file name without .md of a page in people/",
            "ada-lovelace, charles-babbage",
            "did you mean ada-lovelace?",
        ],
    ),
    "unknown paper": (
        "title: 1 spotlight talk",
        "title: 1 spotlight talk\n    papers: [AbCdEf9999]",
        "papers: [AbCdEf9999]",
        [
            "slot 3 (10:00)",
            "field 'papers'",
            "unknown paper 'AbCdEf9999'",
            "papers/",
            "did you mean AbCdEf1234?",
        ],
    ),
    "unknown session": (
        "session: applications\n    title: Invited",
        "session: application\n    title: Invited",
        "session: application\n",
        [
            "slot 6 (11:40)",
            "field 'session'",
            "unknown session 'application'",
            "allowed: the ids under 'sessions' in this file: symmetries, applications",
        ],
    ),
    "unknown kind": (
        "kind: closing",
        "kind: farewell",
        "kind: farewell",
        ["field 'kind'", "'opening'", "'closing'"],
    ),
    "poster session without its posters": (
        "    poster_session: 1\n",
        "",
        'start: "10:30"',
        ["slot 4 (10:30)", "needs 'poster_session' (1 or 2)"],
    ),
    "unknown top-level key": (
        'ends_at: "12:45"',
        'ends_at: "12:45"\ndate: 2025-04-27',
        "date: 2025-04-27",
        [
            "unknown key 'date'",
            "allowed: sessions, slots, ends_at",
            "the day and timezone come from cfp/dates.yaml",
        ],
    ),
}


@pytest.mark.parametrize("case", list(BAD_SCHEDULES), ids=list(BAD_SCHEDULES))
def test_bad_schedule_gives_typed_located_warning(tiny_site, case):
    old, new, needle, fragments = BAD_SCHEDULES[case]
    assert old in TINY_SCHEDULE
    text = TINY_SCHEDULE.replace(old, new, 1)
    built = tiny_site("program", files={"program/schedule.yaml": text}, allow_warnings=True)
    lines = [line for line in built.warning_lines() if "[workshop.schedule]" in line]
    assert len(lines) == 1, built.warnings
    [line] = lines
    expected_line = text[: text.index(needle)].count("\n") + 1
    assert f"program/schedule.yaml:{expected_line}:" in line, line
    for fragment in fragments:
        assert fragment in line, (fragment, line)


def test_schedule_needs_the_venue_timezone_from_the_dates_file(tiny_site):
    dates = (SITES / "minimal/cfp/dates.yaml").read_text()
    assert "  timezone: Asia/Singapore" in dates
    built = tiny_site(
        "program",
        allow_warnings=True,
        files={"cfp/dates.yaml": dates.replace("  timezone: Asia/Singapore\n", "")},
    )
    lines = [line for line in built.warning_lines() if "[workshop." in line]
    first_key = next(
        n
        for n, line in enumerate(TINY_SCHEDULE.splitlines(), 1)
        if line and not line.startswith("#")
    )
    assert any(
        f"program/schedule.yaml:{first_key}:" in line
        and "[workshop.schedule]" in line
        and "timezone from 'workshop_day' in cfp/dates.yaml" in line
        and "timezone: Asia/Singapore" in line
        for line in lines
    ), lines
    # Without a schedule there is nothing to export, and the links say so.
    assert any(
        "[workshop.export]" in line and "'program-ics' is not generated" in line for line in lines
    ), lines
    assert not (built.outdir / "program/wsl-2025.ics").exists()


def test_unknown_export_key_is_a_typed_warning(tiny_site):
    built = tiny_site(
        "program",
        allow_warnings=True,
        files={
            "program/index.md": "# Program\n\n```{schedule}\n```\n\nGet {export}`program.ics`.\n"
        },
    )
    [line] = built.warning_lines()
    assert "program/index.md:6" in line and "[workshop.export]" in line
    assert "unknown export 'program.ics'" in line
    assert "allowed: program-ics, schedule-json, schedule-xml, dates-ics" in line


def test_lengths_are_elapsed_time_on_a_day_the_clocks_change(tiny_site):
    """New York springs forward at 02:00 on 2026-03-08: 01:30 plus 60 minutes is 03:30."""
    dates = (SITES / "minimal/cfp/dates.yaml").read_text()
    day = "  date: 2025-04-27\n  timezone: Asia/Singapore"
    assert day in dates
    schedule = (
        'slots:\n  - start: "01:30"\n    duration: 60\n    kind: opening\n    title: Night owls\n'
    )
    built = tiny_site(
        "program",
        files={
            "cfp/dates.yaml": dates.replace(
                day, "  date: 2026-03-08\n  timezone: America/New_York"
            ),
            "program/schedule.yaml": schedule,
        },
    )
    [event] = [
        e
        for e in read_calendar(built.outdir / "program/wsl-2026.ics").events
        if str(e["SUMMARY"]).endswith(": Night owls")
    ]
    elapsed = event.end.astimezone(dt.UTC) - event.start.astimezone(dt.UTC)
    assert elapsed == dt.timedelta(hours=1)
    assert f"{event.end:%H:%M}" == "03:30"
    row = built.page("program/index").select_one("#slot-0130 .wsl-slot-time").get_text()
    assert row == "01:30\N{EN DASH}03:30"


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
    # One row per slot of the data file: no "Nothing scheduled", no "End of the day" line.
    assert len(rows) == len(SCHEDULE["slots"])
    assert all("wsl-slot" in tr["class"] for tr in rows)
    assert "Nothing scheduled" not in table.get_text()


def test_unknown_speakers_are_said_once_not_per_row(real_site):
    page = real_site.page("program/index")
    main = page.select_one("main") or page
    unknown = [s for s in SCHEDULE["slots"] if s["kind"] == "invited-talk" and not s.get("people")]
    assert unknown, "the data file names a speaker for every talk: the note has nothing to say"
    notes = main.find_all(string=re.compile(r"not (recorded )?publi"))
    talk_notes = [n for n in notes if "speaker" in n.parent.get_text()]
    assert len(talk_notes) == 1, talk_notes
    for row in page.select("tr.wsl-slot-invited-talk"):
        assert "publi" not in row.get_text(), row.get_text()  # nothing unknown said per row


def test_program_calendar_names_every_event_after_the_workshop(real_site):
    calendar = read_calendar(real_site.outdir / "program/wsl-2025.ics")
    summaries = [str(event["SUMMARY"]) for event in calendar.events]
    assert all(s.startswith(PROGRAM_PREFIX) for s in summaries), summaries
    by_uid = {str(event["UID"]): event for event in calendar.events}
    for slot in SCHEDULE["slots"]:
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


def test_without_schedule_groups_slots_link_to_nothing_missing(tiny_site):
    """A page with {schedule} but no {schedule-groups}: no link to a section it lacks."""
    page = tiny_site("program").page("program/index")
    assert "program-invited-speakers" not in str(page)  # the tiny site's page has no groups
    ids = {tag["id"] for tag in page.select("[id]")}
    anchors = [a["href"][1:] for a in page.select("table.wsl-schedule a[href^='#']")]
    assert all(anchor in ids for anchor in anchors), anchors


def test_program_slots_are_objects_for_intersphinx(tiny_site):
    """Other Sphinx sites can link to a slot of the program (objects.inv), at its table row."""
    built = tiny_site("program")
    with (built.outdir / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "https://wsl.example/", posixpath.join)
    slots = inventory.get("workshop:slot", {})
    schedule = yaml.safe_load((built.srcdir / "program/schedule.yaml").read_text())
    assert sorted(slots) == sorted(
        f"slot-{slot['start'].replace(':', '')}" for slot in schedule["slots"]
    )
    for name, item in slots.items():
        page, _, anchor = item.uri.removeprefix("https://wsl.example/").partition("#")
        assert anchor == name and built.page(page.rstrip("/")).find("tr", id=anchor), item.uri
