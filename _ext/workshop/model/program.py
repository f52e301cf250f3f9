"""The program of the workshop day: thematic sessions and slots, placed on the day.

The models; reading and checking the file is :mod:`.program_file`.
"""

from __future__ import annotations

import datetime as dt
import typing as t
import uuid
from dataclasses import dataclass

import pydantic

from .dates import timezone_label, tzinfo_for
from .fields import (
    CLOCK_HELP,
    POSTER_SESSIONS,
    Clock,
    Line,
    PosterSession,
    SlotKind,
    one_of,
)
from .yamlio import Located

# Rows a reader can skip when looking for talks.
PAUSES = {"break", "poster-session"}
# Labels in the program, not activities: no calendar event of their own (a 10-minute "Session
# 1" event says nothing a reader can attend).
MARKERS = {"session-intro"}
TOP_LEVEL = ("sessions", "slots", "ends_at")
ID_HELP = "lowercase letters, digits and hyphens, e.g. graphs-and-symmetries"
# The namespace of every generated identifier (calendar UIDs, frab guids). A constant: the
# identifiers then depend only on the data, so they stay the same across builds and machines.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:wsl-workshop-site:schedule")


class Session(pydantic.BaseModel):
    """A thematic session; its number is its position in the file."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    title: Line = pydantic.Field(min_length=2, description="The theme, e.g. Graphs and Symmetries.")


class Slot(pydantic.BaseModel):
    """One slot of the program."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    start: Clock = pydantic.Field(description=f"Venue time, {CLOCK_HELP}.")
    duration: int = pydantic.Field(description="Length in minutes, at least 1.")
    kind: SlotKind = pydantic.Field(
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
    poster_session: PosterSession | None = pydantic.Field(
        None, description=f"The posters shown in a poster-session slot: {one_of(POSTER_SESSIONS)}."
    )
    note: Line | None = pydantic.Field(None, description="A short remark shown with the slot.")
    room: Line | None = pydantic.Field(
        None, description="Where the slot takes place (e.g. a poster hall), only when known."
    )

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
    def is_activity(self) -> bool:
        """Something a reader attends (a calendar event), not a label of the program."""
        return self.kind not in MARKERS

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
