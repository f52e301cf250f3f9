"""iCalendar files made with the ``icalendar`` library: the program, and the important dates.

* The program: one VEVENT for the whole day and one per activity (and a file per slot, for the
  "add to calendar" links), in the venue's IANA timezone (``TZID`` plus its VTIMEZONE), each
  named after the workshop ("WSL 2025: Lunch break") so that they read well among the other
  events of a personal calendar. A label of the program that is not an activity (a session's
  introduction marker) has no event.
* The day alone (``day_calendar``): one event from the first start to the end of the day.
* Any list of ``CalendarEvent`` (``events_calendar``): a paper's own events ("WSL 2025 poster:
  <title>"), the same values that the Google and Outlook links carry (``calendar_links.py``).
* The important dates: a deadline is an event at its exact instant (in UTC, since AoE has no
  IANA name); a date without a time is an all-day event.

UIDs are UUIDs derived from the data, and DTSTAMP is the build instant (``SOURCE_DATE_EPOCH``),
so the same sources give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import typing as t
import uuid
from dataclasses import dataclass

import icalendar

from ..model.dates import Dates, format_day
from ..model.fields import SLOT_KINDS as KINDS
from ..model.program import GUID_NAMESPACE, Schedule, TimedSlot


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a calendar file or of a web-calendar link."""

    uid: str
    summary: str
    starts: dt.datetime
    ends: dt.datetime
    location: str = ""
    description: str = ""
    url: str | None = None
    category: str | None = None


def _calendar(name: str, prodid: str, uid: uuid.UUID) -> icalendar.Calendar:
    calendar = icalendar.Calendar.new(name=name, prodid=prodid, uid=str(uid))
    calendar.add("calscale", "GREGORIAN")
    return calendar


def program_calendar(
    schedule: Schedule,
    *,
    acronym: str,
    title: str,
    location: str,
    now: dt.datetime,
    describe: dict[int, str],
    url: str | None,
) -> bytes:
    """The whole program; ``describe`` maps a slot's file position to its plain description."""
    year = schedule.day.year
    calendar = _calendar(
        f"{acronym} {year}: {title}",
        f"-//{acronym} {year}//program//EN",
        uuid.uuid5(GUID_NAMESPACE, f"{acronym}/{year}/program"),
    )
    _add_timezone(calendar, schedule)
    prefix = f"{acronym} {year}: "
    day = _day_event(schedule, acronym=acronym, year=year, now=now, url=url)
    if day is not None:
        day.add("summary", prefix + title)
        day.add("location", location)
        calendar.add_component(day)
    for slot in schedule.slots:
        if not slot.is_activity:
            continue
        calendar.add_component(
            _slot_event(
                slot,
                prefix=prefix,
                acronym=acronym,
                location=location,
                now=now,
                description=describe.get(slot.index, ""),
                url=url,
            )
        )
    return _ical(calendar)


# The VTIMEZONE of each (zone, year), made once per process: it takes ~35 ms, and every
# calendar file has it (components are only serialised). A build is handed the one the last
# build made (``state.py``), so that make serve's forked builds do not make it again.
_TIMEZONES: dict[tuple[str, int], icalendar.Timezone] = {}


def vtimezone(tzid: str, year: int) -> icalendar.Timezone:
    """Only the year of the workshop: a short VTIMEZONE that still covers the day."""
    if (tzid, year) not in _TIMEZONES:
        _TIMEZONES[tzid, year] = icalendar.Timezone.from_tzid(
            tzid, first_date=dt.date(year, 1, 1), last_date=dt.date(year, 12, 31)
        )
    return _TIMEZONES[tzid, year]


def keep_vtimezone(tzid: str, year: int, component: icalendar.Timezone) -> None:
    """The VTIMEZONE an earlier build made with :func:`vtimezone`."""
    _TIMEZONES.setdefault((tzid, year), component)


def _add_timezone(calendar: icalendar.Calendar, schedule: Schedule) -> None:
    calendar.add("x-wr-timezone", schedule.timezone)
    calendar.add_component(vtimezone(schedule.timezone, schedule.day.year))


def slot_calendar(
    schedule: Schedule,
    slot: TimedSlot,
    *,
    acronym: str,
    location: str,
    now: dt.datetime,
    description: str,
    url: str | None,
) -> bytes:
    """One slot of the program, for an "add to calendar" link: the same event (same UID) as in
    the whole program's file, so importing both gives it once."""
    year = schedule.day.year
    calendar = _calendar(
        f"{acronym} {year}: {slot.title}",
        f"-//{acronym} {year}//program//EN",
        uuid.uuid5(GUID_NAMESPACE, f"{acronym}/{year}/program/{slot.anchor}"),
    )
    _add_timezone(calendar, schedule)
    calendar.add_component(
        _slot_event(
            slot,
            prefix=f"{acronym} {year}: ",
            acronym=acronym,
            location=location,
            now=now,
            description=description,
            url=url,
        )
    )
    return _ical(calendar)


def day_event(
    schedule: Schedule, *, acronym: str, title: str, location: str, url: str | None
) -> CalendarEvent | None:
    """The whole workshop, from the first start to the end of the day (``ends_at``)."""
    if schedule.first_start is None or schedule.last_end is None:
        return None
    year = schedule.day.year
    return CalendarEvent(
        uid=str(uuid.uuid5(GUID_NAMESPACE, f"{acronym}/{year}/program/day")),
        summary=f"{acronym} {year}: {title}",
        starts=schedule.first_start,
        ends=schedule.last_end,
        location=location,
        description=f"The program: {url}" if url else "",
        url=url,
    )


def events_calendar(
    timezone: str,
    year: int,
    events: t.Sequence[CalendarEvent],
    *,
    name: str,
    key: str,
    acronym: str,
    now: dt.datetime,
) -> bytes:
    """A calendar file of the given events, in the venue's ``timezone`` in the workshop's
    ``year`` (``key`` names the file's own UID: the events keep theirs, so importing two files
    gives each event once). Its arguments are all it reads: equal arguments, equal bytes."""
    calendar = _calendar(
        name,
        f"-//{acronym} {year}//program//EN",
        uuid.uuid5(GUID_NAMESPACE, f"{acronym}/{year}/{key}"),
    )
    calendar.add("x-wr-timezone", timezone)
    calendar.add_component(vtimezone(timezone, year))
    for event in events:
        calendar.add_component(
            icalendar.Event.new(
                uid=event.uid,
                stamp=now,
                start=event.starts,
                end=event.ends,
                summary=event.summary,
                location=event.location or None,
                categories=[event.category] if event.category else (),
                description=event.description or None,
                url=event.url or None,
            )
        )
    ical: bytes = calendar.to_ical()  # icalendar's annotation: Any
    return ical


def _day_event(
    schedule: Schedule, *, acronym: str, year: int, now: dt.datetime, url: str | None
) -> icalendar.Event | None:
    """The whole workshop as one event, from the first start to the end of the day.

    Timed, not all-day: an all-day event has no timezone, so a reader in Los Angeles would see
    it on Sunday although the workshop runs from Saturday evening there.
    """
    if schedule.first_start is None or schedule.last_end is None:
        return None
    return icalendar.Event.new(
        uid=str(uuid.uuid5(GUID_NAMESPACE, f"{acronym}/{year}/program/day")),
        stamp=now,
        start=schedule.first_start,
        end=schedule.last_end,
        description=f"The program: {url}" if url else None,
        url=url or None,
    )


def _slot_event(
    slot: TimedSlot,
    *,
    prefix: str,
    acronym: str,
    location: str,
    now: dt.datetime,
    description: str,
    url: str | None,
) -> icalendar.Event:
    event = icalendar.Event.new(
        uid=str(slot.guid(acronym)),
        stamp=now,
        start=slot.starts,
        end=slot.ends,
        summary=prefix + slot.title,
        location=location,
        categories=[KINDS[slot.kind]],
        description=description or None,
        url=f"{url}#{slot.anchor}" if url else None,
    )
    return event


def dates_calendar(dates: Dates, *, acronym: str, year: int, now: dt.datetime) -> bytes:
    """Every date of the dates file; deadlines at their exact instant."""
    calendar = _calendar(
        f"{acronym} {year}: important dates",
        f"-//{acronym} {year}//important dates//EN",
        uuid.uuid5(GUID_NAMESPACE, f"{acronym}/{year}/dates"),
    )
    for key, entry in dates.sorted():
        lines = [entry.local_text()]
        if entry.utc_text():
            lines.append(f"In UTC: {entry.utc_text()}.")
        if entry.originally is not None and entry.originally != entry.date:
            lines.append(
                f"{'Extended' if entry.extended else 'Moved'} from {format_day(entry.originally)}."
            )
        if entry.note:
            lines.append(entry.note)
        start: dt.date | dt.datetime
        end: dt.date | None
        if entry.instant is not None:
            start, end = entry.instant.astimezone(dt.UTC), None  # an instant: no duration
        else:
            start, end = entry.date, entry.date + dt.timedelta(days=1)  # all day
        event = icalendar.Event.new(
            uid=str(uuid.uuid5(GUID_NAMESPACE, f"{acronym}/{year}/dates/{key}")),
            stamp=now,
            start=start,
            end=end,
            summary=f"{acronym} {year}: {entry.label}",
            description="\n".join(lines),
            categories=[entry.kind],
        )
        if entry.kind != "event":
            event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        calendar.add_component(event)
    return _ical(calendar)


def _ical(calendar: icalendar.Calendar) -> bytes:
    ical: bytes = calendar.to_ical()  # icalendar's annotation: Any
    return ical
