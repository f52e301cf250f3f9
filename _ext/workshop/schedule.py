"""The program of the workshop day: the schedule file's models, loading and validation.

``program/schedule.yaml`` holds the thematic sessions and the slots. The day and the venue
timezone are those of the ``workshop_day`` entry of the dates file: never typed twice. Every
problem of the data file is a ``[workshop.schedule]`` warning located at its line. The program
page (directives, reference checks, the local-time toggle) is ``features/program.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import typing as t
import uuid
from dataclasses import dataclass
from pathlib import Path

import pydantic
from sphinx.environment import BuildEnvironment

from .dates import WORKSHOP_DAY, format_day, timezone_label, tzinfo_for
from .diagnostics import Problem, warn
from .site_info import Line
from .yamldata import Located, read_yaml_file, validate

KINDS = {
    "opening": "Opening",
    "invited-talk": "Invited talk",
    "session-intro": "Session introduction",
    "spotlights": "Spotlight talks",
    "poster-session": "Poster session",
    "break": "Break",
    "awards": "Awards",
    "closing": "Closing",
}
Kind = t.Literal[
    "opening", "invited-talk", "session-intro", "spotlights", "poster-session", "break",
    "awards", "closing",
]  # fmt: skip
# Rows a reader can skip when looking for talks.
PAUSES = {"break", "poster-session"}
TOP_LEVEL = ("sessions", "slots", "ends_at")
ID_HELP = "lowercase letters, digits and hyphens, e.g. graphs-and-symmetries"
CLOCK_HELP = 'a quoted 24-hour time "HH:MM", e.g. "09:00"'
# The namespace of every generated identifier (calendar UIDs, frab guids). A constant: the
# identifiers then depend only on the data, so they stay the same across builds and machines.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:wsl-workshop-site:schedule")


def _clock(value: t.Any) -> t.Any:
    if isinstance(value, bool) or not isinstance(value, str | dt.time):
        # YAML reads an unquoted 9:30 as the number 570 (minutes in base 60).
        raise ValueError(f"write the time as {CLOCK_HELP}")
    if isinstance(value, dt.time):
        return value
    match = re.fullmatch(r"(\d{2}):(\d{2})", value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{value!r} is not a time of day; write {CLOCK_HELP}")
    return dt.time(int(match[1]), int(match[2]))


Clock = t.Annotated[dt.time, pydantic.BeforeValidator(_clock)]


class Session(pydantic.BaseModel):
    """A thematic session; its number is its position in the file."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    title: Line = pydantic.Field(min_length=2, description="The theme, e.g. Graphs and Symmetries.")


class Slot(pydantic.BaseModel):
    """One slot of the program."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    start: Clock = pydantic.Field(description=f"Venue time, {CLOCK_HELP}.")
    duration: int = pydantic.Field(description="Length in minutes, at least 1.")
    kind: Kind = pydantic.Field(
        description="What happens: it sets the slot's label and what the slot links to."
    )
    title: Line | None = pydantic.Field(
        None, min_length=2, description="What the program shows (optional for session-intro)."
    )
    session: str | None = pydantic.Field(
        None, description="The thematic session the slot belongs to: a key under 'sessions'."
    )
    people: list[str] = pydantic.Field(
        default_factory=list,
        description="Who presents, only when known: file names in people/ without .md.",
    )
    papers: list[str] = pydantic.Field(
        default_factory=list,
        description="What is presented, only when known: file names in papers/ without .md.",
    )
    poster_session: t.Literal[1, 2] | None = pydantic.Field(
        None, description="The posters shown in a poster-session slot: 1 or 2."
    )
    note: Line | None = pydantic.Field(None, description="A short remark shown with the slot.")

    @pydantic.field_validator("duration", mode="before")
    @classmethod
    def _minutes(cls, value: t.Any) -> t.Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("write the length as a whole number of minutes, e.g. 30")
        if value <= 0:
            raise ValueError(
                f"a slot lasts at least 1 minute (found {value}); the end of the day is "
                "'ends_at', not a slot"
            )
        return value


@dataclass(frozen=True)
class TimedSlot:
    """A valid slot placed on the day: its position in the file and its exact instants."""

    slot: Slot
    index: int
    starts: dt.datetime
    ends: dt.datetime
    session: str | None
    session_number: int | None
    session_title: str | None

    @property
    def kind(self) -> str:
        return self.slot.kind

    @property
    def title(self) -> str:
        if self.slot.title:
            return self.slot.title
        return f"Session {self.session_number}: {self.session_title}"

    @property
    def minutes(self) -> int:
        return self.slot.duration

    @property
    def anchor(self) -> str:
        return f"slot-{self.starts:%H%M}"

    def guid(self, acronym: str) -> uuid.UUID:
        """Stable across builds: the day, the start and the kind, not the position or title."""
        return uuid.uuid5(GUID_NAMESPACE, f"{acronym}/{self.starts:%Y-%m-%dT%H:%M}/{self.kind}")


@dataclass(frozen=True)
class Row:
    """A line of the program: a slot, an unscheduled gap, or the end of the day."""

    kind: t.Literal["slot", "gap", "end"]
    starts: dt.datetime
    ends: dt.datetime
    slot: TimedSlot | None = None


@dataclass
class Schedule:
    source: str
    day: dt.date
    timezone: str
    sessions: dict[str, Session]
    slots: list[TimedSlot]
    ends_at: dt.datetime | None
    located: Located

    @property
    def tzinfo(self) -> dt.tzinfo:
        return tzinfo_for(self.timezone)

    @property
    def first_start(self) -> dt.datetime | None:
        return self.slots[0].starts if self.slots else None

    @property
    def last_end(self) -> dt.datetime | None:
        ends = [slot.ends for slot in self.slots]
        if self.ends_at is not None:
            ends.append(self.ends_at)
        return max(ends, default=None)

    def timezone_label(self) -> str:
        """ "Singapore time, UTC+8", at the offset of the day itself."""
        when = self.first_start or dt.datetime.combine(self.day, dt.time(12), self.tzinfo)
        return timezone_label(self.timezone, when)

    def where(self, slot: TimedSlot, *field: str | int) -> str:
        return self.located.where(("slots", slot.index, *field))

    def rows(self) -> list[Row]:
        """Slots in time order, with the gaps between them and the end of the day."""
        result: list[Row] = []
        previous_end: dt.datetime | None = None
        for slot in self.slots:
            if previous_end is not None and slot.starts > previous_end:
                result.append(Row("gap", previous_end, slot.starts))
            result.append(Row("slot", slot.starts, slot.ends, slot))
            previous_end = max(previous_end or slot.ends, slot.ends)
        if self.ends_at is not None:
            if previous_end is not None and self.ends_at > previous_end:
                result.append(Row("gap", previous_end, self.ends_at))
            result.append(Row("end", self.ends_at, self.ends_at))
        return result


# -- loading and validation --------------------------------------------------------------------


def load_schedule(path: Path, *, source: str, env: BuildEnvironment) -> Schedule | None:
    """Read and validate the schedule file; every problem is a located warning."""
    located = read_yaml_file(path, source=source)
    if located is None:
        return None
    if not isinstance(located.data, dict):
        warn(
            Problem.schedule,
            f"the schedule file must be a mapping with the keys {', '.join(TOP_LEVEL)}",
            location=located.where(),
        )
        return None
    for key in located.data:
        if key not in TOP_LEVEL:
            warn(
                Problem.schedule,
                f"unknown key {key!r}; allowed: {', '.join(TOP_LEVEL)} (the "
                f"day and timezone come from {env.workshop_dates.source}, key {WORKSHOP_DAY})",
                location=located.where((key,)),
            )
    day, timezone = _workshop_day(env, located)
    if day is None or timezone is None:
        return None
    tzinfo = tzinfo_for(timezone)
    sessions = _load_sessions(located)
    slots = _load_slots(located, sessions, day, tzinfo)
    if not slots:
        return None  # each problem is reported; a program without a slot has nothing to show
    ends_at = _ends_at(located, day, tzinfo)
    schedule = Schedule(source, day, timezone, sessions, slots, ends_at, located)
    _check_times(schedule)  # in file order, to point at a slot listed out of order
    schedule.slots.sort(key=lambda slot: (slot.starts, slot.index))
    return schedule


def _workshop_day(env: BuildEnvironment, located: Located) -> tuple[dt.date | None, str | None]:
    dates = env.workshop_dates
    entry = dates.entries.get(WORKSHOP_DAY)
    if entry is None:
        warn(
            Problem.schedule,
            f"the schedule takes its day from '{WORKSHOP_DAY}' in "
            f"{dates.source}, which is missing or invalid; fix that entry first",
            location=located.where(),
        )
        return None, None
    if entry.timezone is None or entry.timezone == "AoE":
        warn(
            Problem.schedule,
            f"the schedule takes its timezone from '{WORKSHOP_DAY}' in "
            f"{dates.source}, which has {'none' if entry.timezone is None else 'AoE'}; give "
            "that entry the venue's IANA timezone, e.g. timezone: Asia/Singapore",
            location=located.where(),
        )
        return entry.date, None
    return entry.date, entry.timezone


def _ends_at(located: Located, day: dt.date, tzinfo: dt.tzinfo) -> dt.datetime | None:
    if "ends_at" not in located.data:
        return None
    try:
        clock = _clock(located.data["ends_at"])
    except ValueError as error:
        warn(
            Problem.schedule,
            f"field 'ends_at': {error} (found {located.data['ends_at']!r})",
            location=located.where(("ends_at",)),
        )
        return None
    return dt.datetime.combine(day, clock, tzinfo)


def _load_sessions(located: Located) -> dict[str, Session]:
    raw = located.data.get("sessions", {})
    if not isinstance(raw, dict):
        warn(
            Problem.schedule,
            "'sessions' must map session ids to {title: ...}",
            location=located.where(("sessions",)),
        )
        return {}
    sessions: dict[str, Session] = {}
    for key in raw:
        if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key):
            warn(
                Problem.schedule,
                f"session id {key!r} must be {ID_HELP}",
                location=located.where(("sessions", key)),
            )
            continue
        session = validate(
            Session,
            located,
            problem=Problem.schedule,
            path=("sessions", key),
            what=f"session {key}",
        )
        if session is not None:
            sessions[key] = session
    return sessions


def _load_slots(
    located: Located, sessions: dict[str, Session], day: dt.date, tzinfo: dt.tzinfo
) -> list[TimedSlot]:
    raw = located.data.get("slots")
    if not isinstance(raw, list) or not raw:
        warn(
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
            warn(
                Problem.schedule,
                f"{what} must be a mapping of fields (start, duration, kind, title, ...)",
                location=located.where(("slots", index)),
            )
            continue
        slot = validate(Slot, located, problem=Problem.schedule, path=("slots", index), what=what)
        if slot is None:
            continue
        what = f"slot {index + 1} ({slot.start:%H:%M})"
        session = slot.session
        if session is not None and session not in sessions:
            known = ", ".join(sessions) or "(none defined)"
            warn(
                Problem.schedule,
                f"{what}: field 'session': unknown session {session!r}; "
                f"allowed: the ids under 'sessions' in this file: {known}",
                location=located.where(("slots", index, "session")),
            )
            session = None
        if slot.title is None and not (slot.kind == "session-intro" and session):
            warn(
                Problem.schedule,
                f"{what}: missing field 'title'; only a session-intro with a "
                "valid 'session' may leave it out",
                location=located.where(("slots", index)),
            )
            continue
        if slot.kind == "poster-session" and slot.poster_session is None:
            warn(
                Problem.schedule,
                f"{what}: a poster-session slot needs 'poster_session' (1 or 2)"
                ": which session's posters are shown",
                location=located.where(("slots", index)),
            )
        if slot.kind != "poster-session" and slot.poster_session is not None:
            warn(
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


def _check_times(schedule: Schedule) -> None:
    """Order, overlaps, and slots that leave the day."""
    day = schedule.day
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), schedule.tzinfo)
    previous: TimedSlot | None = None
    for slot in schedule.slots:
        what = f"slot {slot.index + 1} '{slot.title}' ({slot.starts:%H:%M})"
        if slot.ends > midnight:
            warn(
                Problem.schedule,
                f"{what} is outside the day: with duration {slot.minutes} it "
                f"ends at {_hhmm(slot.ends, day)}; every slot must end by 24:00 on the workshop "
                f"day, {format_day(day)}",
                location=schedule.where(slot, "duration"),
            )
        elif schedule.ends_at is not None and slot.ends > schedule.ends_at:
            warn(
                Problem.schedule,
                f"{what} is outside the day: it ends at {slot.ends:%H:%M}, "
                f'after the end of the day (ends_at: "{schedule.ends_at:%H:%M}"); shorten the '
                "slot or move ends_at",
                location=schedule.where(slot, "duration"),
            )
        if previous is not None:
            if slot.starts < previous.starts:
                warn(
                    Problem.schedule,
                    f"{what} is listed after a slot that starts later "
                    f"({previous.starts:%H:%M}); list the slots in time order",
                    location=schedule.where(slot, "start"),
                )
            elif slot.starts < previous.ends:
                warn(
                    Problem.schedule,
                    f"{what} overlaps slot {previous.index + 1} "
                    f"'{previous.title}' ({previous.starts:%H:%M}-{previous.ends:%H:%M}); "
                    f"start it at {previous.ends:%H:%M} or later, or shorten the earlier slot",
                    location=schedule.where(slot, "start"),
                )
        if previous is None or slot.starts >= previous.starts:
            previous = slot
