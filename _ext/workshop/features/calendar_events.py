"""The events a reader can add to a calendar, from the program and the records: the day, each
activity of the program, each paper's own poster (and its spotlight, where the program names
its slot). One source for the calendar files, the web-calendar links and the agenda's data
file (``agenda.json``), so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import typing as t
import uuid

from sphinx.application import Sphinx

from ..domain import Users, domain, target_uri
from ..formats.ical import CalendarEvent, day_event
from ..model.dates import WORKSHOP_DAY
from ..model.program import GUID_NAMESPACE, Schedule, TimedSlot
from ..model.records import Paper
from ..state import site_data
from .records import papers
from .slot_details import plain_details

T = t.TypeVar("T")


def acronym(app: Sphinx) -> str:
    info = site_data(app.env).info
    return info.acronym if info is not None else "workshop"


def workshop_year(app: Sphinx) -> int | None:
    """The year of the workshop's day (the dates file), which names its files."""
    entry = site_data(app.env).dates.entries.get(WORKSHOP_DAY)
    return entry.date.year if entry is not None else None


def venue(app: Sphinx, slot: TimedSlot | None = None) -> str:
    """ "Topaz 220-225, ICLR 2025, Singapore": the slot's room where the program gives one,
    else the workshop's."""
    info = site_data(app.env).info
    if info is None:
        return ""
    room = (slot.slot.room if slot is not None else None) or info.room
    return ", ".join(filter(None, (room, info.conference, info.city)))


def absolute(app: Sphinx, docname: str, anchor: str = "") -> str | None:
    """The page's address on the published site (``html_baseurl``), or None without one."""
    base, uri = app.config.html_baseurl, target_uri(app.builder, docname)
    if not base or uri is None:
        return None
    return base.rstrip("/") + "/" + uri + (f"#{anchor}" if anchor else "")


def program_docname(app: Sphinx) -> str | None:
    users = domain(app.env).users(Users.schedule)
    return sorted(users)[0] if users else None


def the_day(app: Sphinx) -> CalendarEvent | None:
    data = site_data(app.env)
    if data.schedule is None or data.info is None:
        return None
    program = program_docname(app)
    return day_event(
        data.schedule,
        acronym=acronym(app),
        title=data.info.name,
        location=venue(app),
        url=absolute(app, program) if program else None,
    )


def slot_event(app: Sphinx, slot: TimedSlot) -> CalendarEvent:
    """The same event (UID, summary) as the slot's in the program's calendar file."""
    schedule = site_data(app.env).schedule
    assert schedule is not None, "a slot comes from the program"
    program = program_docname(app)
    return CalendarEvent(
        uid=str(slot.guid(acronym(app))),
        summary=f"{acronym(app)} {schedule.day.year}: {slot.title}",
        starts=slot.starts,
        ends=slot.ends,
        location=venue(app, slot),
        description=plain_details(slot, app.env),
        url=absolute(app, program, slot.anchor) if program else None,
    )


def poster_slot(schedule: Schedule, paper: Paper) -> TimedSlot | None:
    return next(
        (
            slot
            for slot in schedule.slots
            if slot.kind == "poster-session" and slot.slot.poster_session == paper.poster_session
        ),
        None,
    )


def spotlight_slot(schedule: Schedule, paper: Paper) -> TimedSlot | None:
    """Only a slot that names the paper: which block a spotlight was in is otherwise unknown."""
    return next(
        (s for s in schedule.slots if s.kind == "spotlights" and paper.id in s.slot.papers), None
    )


def paper_events(app: Sphinx, paper: Paper) -> list[CalendarEvent]:
    """ "WSL 2025 poster: <title>" at its poster session (and its spotlight talk where known),
    with the paper page's address."""
    schedule = site_data(app.env).schedule
    if schedule is None:
        return []
    year, url = schedule.day.year, absolute(app, paper.docname)
    events = []
    for what, slot in (
        ("poster", poster_slot(schedule, paper)),
        ("spotlight", spotlight_slot(schedule, paper)),
    ):
        if slot is None:
            continue
        events.append(
            CalendarEvent(
                uid=str(uuid.uuid5(GUID_NAMESPACE, f"{acronym(app)}/{year}/{what}/{paper.id}")),
                summary=f"{acronym(app)} {year} {what}: {paper.title}",
                starts=slot.starts,
                ends=slot.ends,
                location=venue(app, slot),
                description=f"{slot.title}. {', '.join(paper.authors)}.",
                url=url,
                category="Poster" if what == "poster" else "Spotlight talk",
            )
        )
    return events


# -- the agenda's data file --------------------------------------------------------------------


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _item(item_id: str, kind: str, title: str, event: CalendarEvent, path: str | None) -> dict:
    return {
        "id": item_id,
        "kind": kind,
        "title": title,
        "summary": event.summary,
        "starts": _iso(event.starts),
        "ends": _iso(event.ends),
        "location": event.location,
        "path": path,  # from the site's root
        "url": event.url,
        "uid": event.uid,
    }


def paper_item(app: Sphinx, paper: Paper, events: list[CalendarEvent]) -> dict | None:
    """The agenda's item of a paper (``paper-<id>``): its first event; None without one."""
    if not events:
        return None
    path = target_uri(app.builder, paper.docname)
    return _item(f"paper-{paper.id}", "paper", paper.title, events[0], path)


def slot_items(app: Sphinx) -> list[dict]:
    """The agenda's item of every activity of the program (``slot-<hhmm>``), in its order."""
    schedule = site_data(app.env).schedule
    assert schedule is not None, "written only with a valid program (exports.py)"
    program = program_docname(app)
    program_uri = target_uri(app.builder, program) if program else None
    return [
        _item(
            slot.anchor,
            "slot",
            slot.title,
            slot_event(app, slot),
            f"{program_uri}#{slot.anchor}" if program_uri is not None else None,
        )
        for slot in schedule.slots
        if slot.is_activity
    ]


def agenda_order(items: list[tuple[str, bool, T]]) -> list[T]:
    """``(starts, is a paper, item)``, the slots in the program's order, then the papers by
    title: the items in the agenda's order (by start, a slot before the papers at its time)."""
    return [item for _, _, item in sorted(items, key=lambda entry: entry[:2])]


def agenda_head(app: Sphinx) -> dict:
    """What the agenda page needs beside its items (``items``, the last key, left empty): the
    pages it links, the timezone, the name of a calendar of the reader's selection."""
    schedule = site_data(app.env).schedule
    assert schedule is not None, "written only with a valid program (exports.py)"
    program = program_docname(app)
    pages = {"program": target_uri(app.builder, program) if program else None}
    listings = sorted(
        {f"{paper.docname.rpartition('/')[0]}/index" for paper in papers(app.env).values()}
    )
    if listings and listings[0] in app.env.all_docs:
        pages["papers"] = target_uri(app.builder, listings[0])
    return {
        "pages": {key: uri for key, uri in pages.items() if uri is not None},
        "timezone": schedule.timezone,
        "timezone_label": schedule.timezone_label(),
        "calendar_name": f"{acronym(app)} {schedule.day.year}: my agenda",
        "items": [],
    }
