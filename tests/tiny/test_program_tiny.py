"""The program on tiny sites: bad schedules give typed, located warnings; exports, UIDs,
presenters, lengths and the text builder, built from small schedules."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import xml.etree.ElementTree as ET

import icalendar
import pytest
import yaml
from site_build import SITES, build, build_in_subprocess
from site_data import clock, minutes
from sphinx.util.inventory import InventoryFile

TINY_SCHEDULE = (SITES / "program/program/schedule.yaml").read_text()


def read_calendar(path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_known_presenters_are_linked_and_exported(tiny_site):
    built = tiny_site("program")
    row = built.page("program/index").select_one("#slot-0930")
    link = row.select_one(".wsl-slot-details a")
    assert link.get_text() == "Ada Lovelace" and "people/ada-lovelace" in link["href"]
    # A named speaker is said by name; only a talk without one points to the list of speakers
    # (both sides checked, so a change of that wording cannot make this pass unseen).
    page = built.page("program/index")
    for slot in yaml.safe_load(TINY_SCHEDULE)["slots"]:
        if slot["kind"] == "invited-talk":
            talk = page.select_one(f"#slot-{slot['start'].replace(':', '')}")
            details = talk.select_one(".wsl-slot-details")
            named = bool(slot.get("people"))
            people_links = [a for a in details.select("a") if "people/" in a["href"]]
            assert bool(people_links) == named, details
            assert ("invited speaker" in details.get_text().lower()) != named, details
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
    assert "allowed: program-ics, day-ics, schedule-json, schedule-xml, dates-ics" in line


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
