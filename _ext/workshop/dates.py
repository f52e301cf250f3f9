"""Every date of the workshop from one data file, rendered with computed weekdays.

* ``{date}`key``` renders a date ("Monday, February 10, 2025, 23:59 AoE"), its exact UTC instant
  for deadlines, and the original date struck through when it was moved.
* ``{important-dates}`` renders the table of all dates in chronological order, with their state.
* ``{if-date} key state`` shows its content only while the date is in that state
  ("upcoming", "today" or "passed"), judged against the build date.

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
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .diagnostics import Problem, warn
from .render import nodes as html
from .site_info import Line
from .tables import table
from .yamldata import read_yaml_file, validate

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

    def sorted(self) -> list[tuple[str, DateEntry]]:
        return sorted(self.entries.items(), key=lambda item: (item[1].starts, item[0]))


def build_instant() -> dt.datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), UTC)
    return dt.datetime.now(UTC).replace(microsecond=0)


def load_dates(path: Path, *, source: str) -> Dates:
    """Read and validate the dates file; every problem is a located warning."""
    located = read_yaml_file(path, source=source)
    entries: dict[str, DateEntry] = {}
    if located is None:
        return Dates(entries, source)
    if not isinstance(located.data, dict):
        warn(Problem.dates, "the dates file must map keys to dates", location=located.where())
        return Dates(entries, source)
    for key in located.data:
        if not isinstance(key, str) or not key.replace("_", "").isalnum():
            warn(
                Problem.dates,
                f"date key {key!r} must be letters, digits and underscores",
                location=located.where((key,)),
            )
            continue
        entry = validate(DateEntry, located, problem=Problem.dates, path=(key,), what=key)
        if entry is not None:
            entries[key] = entry
    _check_order(entries, located)
    return Dates(entries, source)


def _check_order(entries: dict[str, DateEntry], located) -> None:
    for key in MILESTONES:
        if key not in entries and key not in located.data:
            warn(
                Problem.dates,
                f"missing required date '{key}'; every workshop defines: {', '.join(MILESTONES)}",
                location=located.where(),
            )
    present = [key for key in MILESTONES if key in entries]
    for earlier, later in zip(present, present[1:], strict=False):
        if entries[later].starts < entries[earlier].ends:
            warn(
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
            warn(
                Problem.dates,
                f"deadline '{key}' ({entry.local_text()}) falls after the workshop day "
                f"({workshop.local_text()}); a deadline must end before the workshop starts",
                location=located.where((key, "date")),
            )


# -- state kept in the build environment ------------------------------------------------------


def on_builder_inited(app: Sphinx) -> None:
    env = app.env
    source = app.config.workshop_dates_file
    env.workshop_dates = load_dates(Path(app.srcdir, source), source=source)
    env.workshop_now = build_instant()


def get_dates(env: BuildEnvironment) -> Dates:
    return env.workshop_dates


def date_states(env: BuildEnvironment) -> dict[str, str]:
    return {key: entry.state(env.workshop_now) for key, entry in env.workshop_dates.entries.items()}


def note_uses_dates(env: BuildEnvironment, *, states: bool) -> None:
    """Record that the current document shows dates (and, if ``states``, their states)."""
    env.note_dependency(env.workshop_dates.source)
    if states:
        env.get_domain("workshop").note_state_user(env.docname)


def lookup(env: BuildEnvironment, key: str, *, location: object) -> DateEntry | None:
    entry = env.workshop_dates.entries.get(key)
    if entry is None:
        known = ", ".join(sorted(env.workshop_dates.entries)) or "(none)"
        warn(
            Problem.date_ref,
            f"unknown date key {key!r}; keys defined in {env.workshop_dates.source}: {known}",
            location=location,
        )
    return entry


def on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    """Re-read the pages that show a date state when a state changed since the last build."""
    states = date_states(env)
    previous = getattr(env, "workshop_previous_states", None)
    env.workshop_previous_states = states
    if previous is None or previous == states:
        return []
    return sorted(env.get_domain("workshop").state_users())


# -- rendering ---------------------------------------------------------------------------------


def date_nodes(entry: DateEntry, *, state: str, with_utc: bool = True) -> nodes.inline:
    """A date as inline nodes: local time, UTC instant (deadlines), original date struck out."""
    wrapper = nodes.inline(classes=["wsl-date", f"wsl-date-{state}"])
    wrapper += html.make("time", entry.local_text(), classes=["wsl-local"], datetime=entry.iso())
    utc = entry.utc_text() if with_utc and entry.kind == "deadline" else None
    if utc:
        wrapper += nodes.inline("", f" ({utc})", classes=["wsl-date-utc"])
    if entry.originally is not None and entry.originally != entry.date:
        moved = "extended from " if entry.extended else "moved from "
        original = nodes.inline("", " (" + moved, classes=["wsl-date-original"])
        original += html.make(
            "del", format_day(entry.originally), datetime=entry.originally.isoformat()
        )
        original += nodes.Text(")")
        wrapper += original
    return wrapper


class DateRole(SphinxRole):
    """``{date}`submission_deadline``` renders that date from the dates file."""

    def run(self):
        note_uses_dates(self.env, states=True)
        entry = lookup(self.env, self.text.strip(), location=self.get_location())
        if entry is None:
            return [nodes.literal(self.rawtext, self.text)], []
        return [date_nodes(entry, state=entry.state(self.env.workshop_now))], []


class ImportantDatesDirective(SphinxDirective):
    """The table of every date, in chronological order, generated from the dates file."""

    has_content = False

    def run(self):
        note_uses_dates(self.env, states=True)
        now = self.env.workshop_now
        rows = []
        for _key, entry in get_dates(self.env).sorted():
            state = entry.state(now)
            what: list[nodes.Node] = [nodes.Text(entry.label)]
            if entry.note:
                what += [nodes.Text(" "), nodes.inline("", f"({entry.note})", classes=["wsl-note"])]
            utc = entry.utc_text()
            rows.append(
                [
                    what,
                    [date_nodes(entry, state=state, with_utc=False)],
                    [nodes.Text(utc or "\N{EM DASH}")],
                    [nodes.inline("", state, classes=["wsl-state", f"wsl-state-{state}"])],
                ]
            )
        node = table(["What", "When", "In UTC", "Status"], rows, classes=["wsl-dates-table"])
        self.set_source_info(node)
        return [node]


class IfDateDirective(SphinxDirective):
    """Show the content only while a date is in one of the given states.

    ``{if-date} workshop_day passed`` or ``{if-date} submission_deadline upcoming today``.
    """

    required_arguments = 2
    optional_arguments = 2
    has_content = True

    def run(self):
        note_uses_dates(self.env, states=True)
        key, *wanted = self.arguments
        unknown = [state for state in wanted if state not in STATES]
        if unknown:
            warn(
                Problem.date_ref,
                f"unknown date state {unknown[0]!r}; allowed: {', '.join(STATES)}",
                location=self.get_location(),
            )
            return []
        entry = lookup(self.env, key, location=self.get_location())
        if entry is None or entry.state(self.env.workshop_now) not in wanted:
            return []
        return self.parse_content_to_nodes(allow_section_headings=True)


def setup_dates(app: Sphinx) -> None:
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.add_role("date", DateRole())
    app.add_directive("important-dates", ImportantDatesDirective)
    app.add_directive("if-date", IfDateDirective)
