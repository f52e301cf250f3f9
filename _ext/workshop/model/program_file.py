"""Reading and checking the program file (``program/schedule.yaml``) into a :class:`Schedule`.

The day and the venue timezone are those of the ``workshop_day`` entry of the dates: never typed
twice. Every problem is reported at its line; references to people and papers are checked by
:func:`check_references` once every record is known.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing as t
from pathlib import Path

from .dates import WORKSHOP_DAY, Dates, format_day, tzinfo_for
from .fields import POSTER_SESSIONS, clock, one_of
from .problems import Problem, Report
from .program import ID_HELP, TOP_LEVEL, Schedule, Session, Slot, TimedSlot
from .yamlio import Located, read_yaml_file, validate

# -- loading and validation --------------------------------------------------------------------


def load_schedule(path: Path, *, source: str, dates: Dates, report: Report) -> Schedule | None:
    """Read and validate the schedule file; every problem is reported, located.

    The day and the venue timezone are those of the ``workshop_day`` entry of ``dates``.
    """
    located = read_yaml_file(path, source=source, report=report)
    if located is None:
        return None
    if not isinstance(located.data, dict):
        report(
            Problem.schedule,
            f"the schedule file must be a mapping with the keys {', '.join(TOP_LEVEL)}",
            location=located.where(),
        )
        return None
    for key in located.data:
        if key not in TOP_LEVEL:
            report(
                Problem.schedule,
                f"unknown key {key!r}; allowed: {', '.join(TOP_LEVEL)} (the "
                f"day and timezone come from {dates.source}, key {WORKSHOP_DAY})",
                location=located.where((key,)),
            )
    day, timezone = _workshop_day(dates, located, report)
    if day is None or timezone is None:
        return None
    tzinfo = tzinfo_for(timezone)
    sessions = _load_sessions(located, report)
    slots = _load_slots(located, sessions, day, tzinfo, report)
    if not slots:
        return None  # each problem is reported; a program without a slot has nothing to show
    ends_at = _ends_at(located, day, tzinfo, report)
    schedule = Schedule(source, day, timezone, sessions, slots, ends_at, located)
    _check_times(schedule, report)  # in file order, to point at a slot listed out of order
    schedule.slots.sort(key=lambda slot: (slot.starts, slot.index))
    return schedule


def _workshop_day(
    dates: Dates, located: Located, report: Report
) -> tuple[dt.date | None, str | None]:
    entry = dates.entries.get(WORKSHOP_DAY)
    if entry is None:
        report(
            Problem.schedule,
            f"the schedule takes its day from '{WORKSHOP_DAY}' in "
            f"{dates.source}, which is missing or invalid; fix that entry first",
            location=located.where(),
        )
        return None, None
    if entry.timezone is None or entry.timezone == "AoE":
        report(
            Problem.schedule,
            f"the schedule takes its timezone from '{WORKSHOP_DAY}' in "
            f"{dates.source}, which has {'none' if entry.timezone is None else 'AoE'}; give "
            "that entry the venue's IANA timezone, e.g. timezone: Asia/Singapore",
            location=located.where(),
        )
        return entry.date, None
    return entry.date, entry.timezone


def _ends_at(
    located: Located, day: dt.date, tzinfo: dt.tzinfo, report: Report
) -> dt.datetime | None:
    if "ends_at" not in located.data:
        return None
    try:
        time_of_day = clock(located.data["ends_at"])
    except ValueError as error:
        report(
            Problem.schedule,
            f"field 'ends_at': {error} (found {located.data['ends_at']!r})",
            location=located.where(("ends_at",)),
        )
        return None
    return dt.datetime.combine(day, time_of_day, tzinfo)


def _load_sessions(located: Located, report: Report) -> dict[str, Session]:
    raw = located.data.get("sessions", {})
    if not isinstance(raw, dict):
        report(
            Problem.schedule,
            "'sessions' must map session ids to {title: ...}",
            location=located.where(("sessions",)),
        )
        return {}
    sessions: dict[str, Session] = {}
    for key in raw:
        if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key):
            report(
                Problem.schedule,
                f"session id {key!r} must be {ID_HELP}",
                location=located.where(("sessions", key)),
            )
            continue
        session = validate(
            Session,
            located,
            problem=Problem.schedule,
            report=report,
            path=("sessions", key),
            what=f"session {key}",
        )
        if session is not None:
            sessions[key] = session
    return sessions


def _load_slots(
    located: Located,
    sessions: dict[str, Session],
    day: dt.date,
    tzinfo: dt.tzinfo,
    report: Report,
) -> list[TimedSlot]:
    raw = located.data.get("slots")
    if not isinstance(raw, list) or not raw:
        report(
            Problem.schedule,
            "'slots' must be a non-empty list of slots (start, duration, kind, title, ...)",
            location=located.where(("slots",)),
        )
        return []
    numbers = {key: number for number, key in enumerate(sessions, start=1)}
    result: list[TimedSlot] = []
    for index, item in enumerate(raw):
        what = f"slot {index + 1}"
        if not isinstance(item, dict):
            report(
                Problem.schedule,
                f"{what} must be a mapping of fields (start, duration, kind, title, ...)",
                location=located.where(("slots", index)),
            )
            continue
        slot = validate(
            Slot, located, problem=Problem.schedule, report=report, path=("slots", index), what=what
        )
        if slot is None:
            continue
        what = f"slot {index + 1} ({slot.start:%H:%M})"
        session = slot.session
        if session is not None and session not in sessions:
            known = ", ".join(sessions) or "(none defined)"
            report(
                Problem.schedule,
                f"{what}: field 'session': unknown session {session!r}; "
                f"allowed: the ids under 'sessions' in this file: {known}",
                location=located.where(("slots", index, "session")),
            )
            session = None
        if slot.title is None and not (slot.kind == "session-intro" and session):
            report(
                Problem.schedule,
                f"{what}: missing field 'title'; only a session-intro with a "
                "valid 'session' may leave it out",
                location=located.where(("slots", index)),
            )
            continue
        if slot.kind == "poster-session" and slot.poster_session is None:
            report(
                Problem.schedule,
                f"{what}: a poster-session slot needs 'poster_session' ({one_of(POSTER_SESSIONS)})"
                ": which session's posters are shown",
                location=located.where(("slots", index)),
            )
        if slot.kind != "poster-session" and slot.poster_session is not None:
            report(
                Problem.schedule,
                f"{what}: field 'poster_session' is only for slots of kind "
                f"poster-session (this one is {slot.kind})",
                location=located.where(("slots", index, "poster_session")),
            )
        starts = dt.datetime.combine(day, slot.start, tzinfo)
        # Elapsed minutes, computed in UTC: right even on a day when the clocks change.
        ends = (starts.astimezone(dt.UTC) + dt.timedelta(minutes=slot.duration)).astimezone(tzinfo)
        result.append(
            TimedSlot(
                slot,
                index,
                starts,
                ends,
                session,
                numbers.get(session or ""),
                sessions[session].title if session else None,
            )
        )
    return result


def _hhmm(when: dt.datetime, day: dt.date) -> str:
    return f"{when:%H:%M}" if when.date() == day else f"{when:%H:%M} on {format_day(when.date())}"


def _check_times(schedule: Schedule, report: Report) -> None:
    """Order, overlaps, and slots that leave the day."""
    day = schedule.day
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), schedule.tzinfo)
    previous: TimedSlot | None = None
    for slot in schedule.slots:
        what = f"slot {slot.index + 1} '{slot.title}' ({slot.starts:%H:%M})"
        if slot.ends > midnight:
            report(
                Problem.schedule,
                f"{what} is outside the day: with duration {slot.minutes} it "
                f"ends at {_hhmm(slot.ends, day)}; every slot must end by 24:00 on the workshop "
                f"day, {format_day(day)}",
                location=schedule.where(slot, "duration"),
            )
        elif schedule.ends_at is not None and slot.ends > schedule.ends_at:
            report(
                Problem.schedule,
                f"{what} is outside the day: it ends at {slot.ends:%H:%M}, "
                f'after the end of the day (ends_at: "{schedule.ends_at:%H:%M}"); shorten the '
                "slot or move ends_at",
                location=schedule.where(slot, "duration"),
            )
        if previous is not None:
            if slot.starts < previous.starts:
                report(
                    Problem.schedule,
                    f"{what} is listed after a slot that starts later "
                    f"({previous.starts:%H:%M}); list the slots in time order",
                    location=schedule.where(slot, "start"),
                )
            elif slot.starts < previous.ends:
                report(
                    Problem.schedule,
                    f"{what} overlaps slot {previous.index + 1} "
                    f"'{previous.title}' ({previous.starts:%H:%M}-{previous.ends:%H:%M}); "
                    f"start it at {previous.ends:%H:%M} or later, or shorten the earlier slot",
                    location=schedule.where(slot, "start"),
                )
        if previous is None or slot.starts >= previous.starts:
            previous = slot


def check_references(
    schedule: Schedule,
    *,
    people: t.Collection[str],
    papers: t.Collection[str],
    report: Report,
) -> None:
    """People and papers named by slots must be records (ids: file names without .md)."""
    # field -> (what one id names, its folder, the records)
    fields = {
        "people": ("person", "people/", people),
        "papers": ("paper", "papers/", papers),
    }
    for slot in schedule.slots:
        for field, (what, folder, ids) in fields.items():
            for position, target in enumerate(getattr(slot.slot, field)):
                if target in ids:
                    continue
                close = difflib.get_close_matches(target, list(ids), n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                allowed = ", ".join(ids) if len(ids) <= 20 else f"{len(ids)} ids"
                report(
                    Problem.schedule,
                    f"slot {slot.index + 1} ({slot.starts:%H:%M}): field '{field}': unknown "
                    f"{what} {target!r}; allowed: the file name without .md of a page in "
                    f"{folder} ({allowed or 'none'}){hint}",
                    location=schedule.where(slot, field, position),
                )
