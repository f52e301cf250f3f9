"""Every date of the workshop from one data file: the model, its checks, and how dates read.

The build date is ``SOURCE_DATE_EPOCH`` when set, so builds are reproducible and testable.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import os
import typing as t
import zoneinfo
from pathlib import Path

import pydantic

from .fields import Line
from .problems import Problem, Report
from .yamlio import Located, read_yaml_file, validate

AOE = dt.timezone(dt.timedelta(hours=-12), "AoE")
UTC = dt.UTC
TIMEZONE_HELP = "'AoE' (Anywhere on Earth, UTC-12), 'UTC', or an IANA name such as 'Asia/Singapore'"
STATES = ("upcoming", "today", "passed")
# The milestones every workshop has, in the order they must happen.
MILESTONES = ("submission_deadline", "author_notification", "camera_ready_deadline", "workshop_day")
WORKSHOP_DAY = "workshop_day"

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_day(day: dt.date) -> str:
    """ "Monday, February 10, 2025": the weekday is computed, never typed (and locale-free)."""
    return f"{_WEEKDAYS[day.weekday()]}, {_MONTHS[day.month - 1]} {day.day}, {day.year}"


@functools.cache
def iana_zone_names() -> frozenset[str]:
    """The zone names of the IANA database, from the tzdata package.

    Not ``zoneinfo.available_timezones()``: that also lists files of the build machine such as
    ``localtime`` (whatever zone the machine is set to). "Factory" is IANA's zone for
    "not configured" and never a venue.
    """
    names = importlib.resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(names.split()) - {"Factory"}


def tzinfo_for(name: str) -> dt.tzinfo:
    if name == "AoE":
        return AOE
    if name == "UTC":
        return UTC
    if name not in iana_zone_names():
        raise ValueError(f"unknown timezone {name!r}; allowed: {TIMEZONE_HELP}")
    return zoneinfo.ZoneInfo(name)


def utc_offset_label(offset: dt.timedelta) -> str:
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    minutes = abs(rest) // 60
    sign = "+" if offset >= dt.timedelta(0) else "-"
    return f"UTC{sign}{abs(hours)}" + (f":{minutes:02d}" if minutes else "")


def timezone_label(name: str, when: dt.datetime) -> str:
    """How a reader sees a timezone: "AoE", "UTC", "Singapore time, UTC+8"."""
    if name in ("AoE", "UTC"):
        return name
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time, {utc_offset_label(when.utcoffset() or dt.timedelta(0))}"


class DateEntry(pydantic.BaseModel):
    """One date of the dates file."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    label: Line = pydantic.Field(description="What happens, as shown in the dates table.")
    kind: t.Literal["deadline", "announcement", "event"] = pydantic.Field(
        description="'deadline' (something is due), 'announcement' or 'event'."
    )
    date: dt.date = pydantic.Field(description="The day, as YYYY-MM-DD.")
    time: dt.time | None = pydantic.Field(None, description='Time of day, quoted: "23:59".')
    timezone: str | None = pydantic.Field(
        None, validate_default=True, description=f"One of {TIMEZONE_HELP}."
    )
    originally: dt.date | None = pydantic.Field(
        None, description="The date announced first, when it was moved (shown struck through)."
    )
    note: Line | None = pydantic.Field(None, description="A short remark shown in the table.")

    @pydantic.field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str | None, info: pydantic.ValidationInfo) -> str | None:
        if name is not None:
            tzinfo_for(name)
        elif info.data.get("time") is not None:
            raise ValueError(f"a date with a time needs a timezone: {TIMEZONE_HELP}")
        return name

    @pydantic.field_validator("time", mode="before")
    @classmethod
    def _quoted_time(cls, value: t.Any) -> t.Any:
        if isinstance(value, int | float):
            raise ValueError('write the time as a quoted "HH:MM" string, e.g. "23:59"')
        return value

    @pydantic.field_validator("time")
    @classmethod
    def _no_offset(cls, value: dt.time | None) -> dt.time | None:
        if value is not None and value.tzinfo is not None:
            raise ValueError(
                'a time has no UTC offset: write the local time, quoted ("23:59"), and the '
                f"zone in 'timezone' ({TIMEZONE_HELP})"
            )
        return value

    @property
    def tzinfo(self) -> dt.tzinfo:
        # A day without a timezone lasts until it has ended everywhere on Earth.
        return tzinfo_for(self.timezone or "AoE")

    @property
    def instant(self) -> dt.datetime | None:
        """The exact moment, when the time is known."""
        if self.time is None:
            return None
        return dt.datetime.combine(self.date, self.time, self.tzinfo)

    @property
    def starts(self) -> dt.datetime:
        return self.instant or dt.datetime.combine(self.date, dt.time(0, 0), self.tzinfo)

    @property
    def ends(self) -> dt.datetime:
        return self.instant or dt.datetime.combine(
            self.date + dt.timedelta(days=1), dt.time(0, 0), self.tzinfo
        )

    @property
    def extended(self) -> bool:
        return self.originally is not None and self.originally < self.date

    def state(self, now: dt.datetime) -> str:
        if now >= self.ends:
            return "passed"
        if self.instant is None and now >= self.starts:
            return "today"
        return "upcoming"

    def local_text(self) -> str:
        """ "Monday, February 10, 2025, 23:59 AoE"."""
        if self.instant is None:
            return format_day(self.date)
        label = timezone_label(self.timezone or "AoE", self.instant)
        return f"{format_day(self.date)}, {self.time:%H:%M} {label}"

    def utc_text(self) -> str | None:
        if self.instant is None or self.timezone == "UTC":
            return None
        instant = self.instant.astimezone(UTC)
        return f"{format_day(instant.date())}, {instant:%H:%M} UTC"

    def iso(self) -> str:
        if self.instant is None:
            return self.date.isoformat()
        return self.instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Dates(t.NamedTuple):
    entries: dict[str, DateEntry]
    source: str
    # Keys the file defines but that were refused (already reported at their line), or every
    # key when the file itself was refused: pages that show them add no second message.
    refused: frozenset[str] | t.Literal["all"] = frozenset()

    def was_refused(self, key: str) -> bool:
        return self.refused == "all" or key in self.refused

    def sorted(self) -> list[tuple[str, DateEntry]]:
        return sorted(self.entries.items(), key=lambda item: (item[1].starts, item[0]))


def build_instant() -> dt.datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), UTC)
    return dt.datetime.now(UTC).replace(microsecond=0)


def load_dates(path: Path, *, source: str, report: Report) -> Dates:
    """Read and validate the dates file; every problem is reported, located."""
    located = read_yaml_file(path, source=source, report=report)
    entries: dict[str, DateEntry] = {}
    if located is None:
        return Dates(entries, source, "all")
    if not isinstance(located.data, dict):
        report(Problem.dates, "the dates file must map keys to dates", location=located.where())
        return Dates(entries, source, "all")
    refused: set[str] = set()
    for key in located.data:
        if not isinstance(key, str) or not key.replace("_", "").isalnum():
            report(
                Problem.dates,
                f"date key {key!r} must be letters, digits and underscores",
                location=located.where((key,)),
            )
            continue
        entry = validate(
            DateEntry, located, problem=Problem.dates, report=report, path=(key,), what=key
        )
        if entry is None:
            refused.add(key)
        else:
            entries[key] = entry
    _check_order(entries, located, report)
    return Dates(entries, source, frozenset(refused))


def _check_order(entries: dict[str, DateEntry], located: Located, report: Report) -> None:
    for key in MILESTONES:
        if key not in entries and key not in located.data:
            report(
                Problem.dates,
                f"missing required date '{key}'; every workshop defines: {', '.join(MILESTONES)}",
                location=located.where(),
            )
    present = [key for key in MILESTONES if key in entries]
    for earlier, later in zip(present, present[1:], strict=False):
        if entries[later].starts < entries[earlier].ends:
            report(
                Problem.dates,
                f"'{later}' ({entries[later].local_text()}) must come after '{earlier}' "
                f"({entries[earlier].local_text()}); required order: {' < '.join(MILESTONES)}",
                location=located.where((later, "date")),
            )
    workshop = entries.get(WORKSHOP_DAY)
    if workshop is None:
        return
    for key, entry in entries.items():
        if entry.kind == "deadline" and entry.ends > workshop.starts:
            report(
                Problem.dates,
                f"deadline '{key}' ({entry.local_text()}) falls after the workshop day "
                f"({workshop.local_text()}); a deadline must end before the workshop starts",
                location=located.where((key, "date")),
            )
