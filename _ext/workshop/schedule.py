"""The program of the workshop day from one data file, and the reader's local time.

* ``program/schedule.yaml`` holds the thematic sessions and the slots. The day and the venue
  timezone are those of the ``workshop_day`` entry of the dates file: never typed twice.
* ``{schedule}`` renders the timezone statement with the local-time button, the program table
  (one row per slot, grouped by thematic session, end times computed) and one note on what was
  not published; ``{schedule-groups}`` renders what the slots point to, as sections (the posters
  of each poster session with its time, the invited speakers, the spotlight papers). A slot links
  to those sections only on a page that has them.
* ``{local-time-toggle}`` renders the button of ``_static/localtime.js``, which shows every
  ``<time datetime>`` of the page in the reader's timezone. The script is loaded only on pages
  that have the button (the schedule has its own).

Every problem of the data file is a ``[workshop.schedule]`` warning located at its line; references
to people and papers are checked once every record has been read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing as t
import uuid
from dataclasses import dataclass
from pathlib import Path

import pydantic
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .dates import WORKSHOP_DAY, format_day, timezone_label, tzinfo_for
from .diagnostics import Problem, warn
from .domain import page_link as make_link
from .features.listings import render_people
from .features.records import papers, people, people_by_name
from .render import nodes as html
from .render.paper_list import paper_items, plural
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


def check_references(schedule: Schedule, env: BuildEnvironment) -> None:
    """People and papers named by slots must be records; run once every document is read."""
    # field -> (what one id names, its folder, the records)
    fields = {
        "people": ("person", "people/", people(env)),
        "papers": ("paper", "papers/", papers(env)),
    }
    for slot in schedule.slots:
        for field, (what, folder, ids) in fields.items():
            for position, target in enumerate(getattr(slot.slot, field)):
                if target in ids:
                    continue
                close = difflib.get_close_matches(target, list(ids), n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                allowed = ", ".join(ids) if len(ids) <= 20 else f"{len(ids)} ids"
                warn(
                    Problem.schedule,
                    f"slot {slot.index + 1} ({slot.starts:%H:%M}): field '{field}': unknown "
                    f"{what} {target!r}; allowed: the file name without .md of a page in "
                    f"{folder} ({allowed or 'none'}){hint}",
                    location=schedule.where(slot, field, position),
                )


# -- state kept in the build environment --------------------------------------------------------


def schedule_source(config) -> str:
    return config.workshop_schedule_file


def on_builder_inited(app: Sphinx) -> None:
    source = schedule_source(app.config)
    path = Path(app.srcdir, source)
    # A site without a schedule file has no program; a page asking for one is told so.
    app.env.workshop_schedule = (
        load_schedule(path, source=source, env=app.env) if path.exists() else None
    )


def get_schedule(env: BuildEnvironment) -> Schedule | None:
    return getattr(env, "workshop_schedule", None)


def on_env_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    schedule = get_schedule(env)
    if schedule is not None:
        check_references(schedule, env)


# -- what a slot says and links to ---------------------------------------------------------------

# Targets on the program page below the table, generated from the records.
SPEAKERS_ANCHOR = "program-invited-speakers"
SPOTLIGHTS_ANCHOR = "program-spotlight-papers"


def posters_anchor(session: int) -> str:
    return f"program-posters-{session}"


@dataclass(frozen=True)
class Part:
    """A piece of what the program says about a slot; HTML links it, plain text does not."""

    text: str
    anchor: str | None = None  # a target below the table, on the program page
    docname: str | None = None  # a record's page


def slot_details(slot: TimedSlot, env: BuildEnvironment) -> list[Part]:
    """What the program says about a slot beyond its title, for every output."""
    parts: list[Part] = []
    data = slot.slot
    # Unknown ids were reported by check_references; the slot then reads as if none were given.
    known_people, known_papers = people(env), papers(env)
    presenters = [known_people[p] for p in data.people if p in known_people]
    presented = [known_papers[p] for p in data.papers if p in known_papers]
    if presenters:
        parts.append(Part("With "))
        for position, person in enumerate(presenters):
            parts.append(Part(", " if position else ""))
            parts.append(Part(person.name, docname=person.docname))
        parts.append(Part(". "))
    elif slot.kind == "invited-talk":
        # Who spoke in which slot was not published: said once, by unknowns_note().
        parts += [
            Part("One of the "),
            Part(plural(len(invited_speakers(env)), "invited speaker"), SPEAKERS_ANCHOR),
            Part(". "),
        ]
    if presented:
        parts.append(Part("Papers: "))
        for position, paper in enumerate(presented):
            parts.append(Part("; " if position else ""))
            parts.append(Part(paper.title, docname=paper.docname))
        parts.append(Part(". "))
    elif slot.kind == "spotlights":
        parts += [
            Part("Among the "),
            Part(plural(len(spotlight_papers(env)), "spotlight paper"), SPOTLIGHTS_ANCHOR),
            Part(". "),
        ]
    if data.poster_session is not None:
        count = len(posters(env, data.poster_session))
        parts += [
            Part(f"{plural(count, 'poster')} of "),
            Part(f"poster session {data.poster_session}", posters_anchor(data.poster_session)),
            Part(". "),
        ]
    if data.note:
        parts.append(Part(data.note))
    if parts and parts[-1].anchor is None and parts[-1].docname is None:
        parts[-1] = Part(parts[-1].text.rstrip())
    return [part for part in parts if part.text]


def plain_details(slot: TimedSlot, env: BuildEnvironment) -> str:
    return "".join(part.text for part in slot_details(slot, env)).strip()


def invited_speakers(env: BuildEnvironment) -> list:
    return sorted(
        (p for p in people(env).values() if "invited-speaker" in p.roles), key=lambda p: p.sort_key
    )


def spotlight_papers(env: BuildEnvironment) -> list:
    return sorted(
        (p for p in papers(env).values() if p.presentation == "spotlight"), key=lambda p: p.sort_key
    )


def posters(env: BuildEnvironment, session: int) -> list:
    return sorted(
        (p for p in papers(env).values() if p.poster_session == session), key=lambda p: p.sort_key
    )


# -- rendering the program ------------------------------------------------------------------------


class schedule_placeholder(nodes.General, nodes.Element):
    """Where generated content goes once every record is read.

    ``part`` says which: ``table``, ``posters-<n>``, ``speakers`` or ``spotlights``.
    """


def _note_schedule_page(env: BuildEnvironment, config) -> None:
    env.note_dependency(schedule_source(config))
    env.note_dependency(env.workshop_dates.source)
    domain = env.get_domain("workshop")
    domain.put("listing_users", env.docname, True)  # written again when a record changes
    domain.put("localtime_users", env.docname, True)
    domain.put("schedule_users", env.docname, True)  # the exports link back to it


def _placeholder(directive: SphinxDirective, part: str) -> schedule_placeholder:
    node = schedule_placeholder(part=part)
    directive.set_source_info(node)
    return node


class ScheduleDirective(SphinxDirective):
    """``{schedule}``: the timezone statement with the local-time button, the program table,
    and one note on what was not published."""

    has_content = False

    def run(self):
        _note_schedule_page(self.env, self.config)
        schedule = get_schedule(self.env)
        if schedule is None:
            warn(
                Problem.schedule,
                f"{{schedule}} needs a valid schedule file "
                f"{schedule_source(self.config)} (see the warnings above, or create it; "
                "the option workshop_schedule_file names another file)",
                location=self.get_location(),
            )
            return []
        return [render_intro(schedule), _placeholder(self, "table"), *unknowns_note(schedule)]


class ScheduleGroupsDirective(SphinxDirective):
    """``{schedule-groups}``: what the slots link to, one section each (so "On this page" lists
    them): every poster session with its time and posters, the invited speakers, the spotlight
    papers. Sections, so put it at the level where they belong (e.g. under the page title)."""

    has_content = False

    def run(self):
        _note_schedule_page(self.env, self.config)
        schedule = get_schedule(self.env)
        if schedule is None:
            return []  # {schedule} on the same page says why
        result: list[nodes.Node] = []
        for slot in schedule.slots:
            number = slot.slot.poster_session
            if slot.kind == "poster-session" and number is not None:
                title = nodes.title("", f"Poster session {number}, ")
                title += time_element(slot.starts, schedule.timezone)
                title += nodes.Text("\N{EN DASH}")
                title += time_element(slot.ends, schedule.timezone, ends=True)
                result.append(self._section(title, posters_anchor(number), f"posters-{number}"))
        if any(s.kind == "invited-talk" and not s.slot.people for s in schedule.slots):
            title = nodes.title("", "Invited speakers")
            result.append(self._section(title, SPEAKERS_ANCHOR, "speakers"))
        if any(s.kind == "spotlights" and not s.slot.papers for s in schedule.slots):
            title = nodes.title("", "Spotlight papers")
            result.append(self._section(title, SPOTLIGHTS_ANCHOR, "spotlights"))
        return result

    def _section(self, title: nodes.title, anchor: str, part: str) -> nodes.section:
        section = nodes.section("", title, ids=[anchor], names=[anchor])
        self.set_source_info(section)
        section += _placeholder(self, part)
        return section


def unknowns_note(schedule: Schedule) -> list[nodes.paragraph]:
    """What the program cannot say, said once under the table rather than on every row."""
    unknown = []
    if any(s.kind == "invited-talk" and not s.slot.people for s in schedule.slots):
        unknown += ["the titles of the invited talks", "which invited speaker gave which talk"]
    if any(s.kind == "spotlights" and not s.slot.papers for s in schedule.slots):
        unknown.append("which spotlight paper was presented in which slot")
    if not unknown:
        return []
    listed = ", ".join(unknown[:-1]) + (" and " if len(unknown) > 1 else "") + unknown[-1]
    text = f"{listed[0].upper()}{listed[1:]} were not published."
    return [nodes.paragraph("", text, classes=["wsl-schedule-unknowns"])]


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def time_element(when: dt.datetime, timezone: str, *, ends: bool = False) -> html.element:
    """``<time datetime="...Z" data-tz=...>09:00</time>``: the toggle converts it.

    The end of a range (``ends``) shows only the clock when it falls on the start's day.
    """
    classes = ["wsl-time", "wsl-time-end"] if ends else ["wsl-time"]
    return html.make(
        "time", f"{when:%H:%M}", classes=classes, datetime=_iso(when), data_tz=timezone
    )


def _minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{minutes} min"


def _time_cell(slot: TimedSlot, timezone: str) -> html.element:
    cell = html.make("th", classes=["wsl-slot-time"], scope="row")
    cell += time_element(slot.starts, timezone)
    cell += nodes.Text("\N{EN DASH}")
    cell += time_element(slot.ends, timezone, ends=True)
    return cell


def detail_nodes(
    app: Sphinx, docname: str, parts: list[Part], targets: set[str]
) -> list[nodes.Node]:
    """``targets``: the ids on the page; a link to a section the page lacks stays plain text."""
    result: list[nodes.Node] = []
    for part in parts:
        if part.docname is not None:
            result.append(make_link(app.builder, docname, part.docname, part.text))
        elif part.anchor is not None and part.anchor in targets:
            result.append(
                nodes.reference(
                    "",
                    part.text,
                    refuri=f"#{part.anchor}",
                    internal=True,
                    classes=["reference", "internal"],
                )
            )
        else:
            result.append(nodes.Text(part.text))
    return result


def _row(
    app: Sphinx, docname: str, schedule: Schedule, slot: TimedSlot, targets: set[str]
) -> html.element:
    what = html.make("td", classes=["wsl-slot-what"])
    tr = html.make(
        "tr",
        classes=[
            "wsl-slot",
            f"wsl-slot-{slot.kind}",
            *(["wsl-pause"] if slot.kind in PAUSES else []),
        ],
    )
    tr["ids"] = [slot.anchor]
    # Inside its session's group, an introduction need not repeat the session's name.
    title = (
        f"Introduction to session {slot.session_number}"
        if slot.kind == "session-intro" and not slot.slot.title
        else slot.title
    )
    what += nodes.inline("", title, classes=["wsl-slot-title"])
    details = slot_details(slot, app.env)
    if details:
        what += nodes.Text(" ")
        what += nodes.inline(
            "", "", *detail_nodes(app, docname, details, targets), classes=["wsl-slot-details"]
        )
    tr += _time_cell(slot, schedule.timezone)
    tr += html.make("td", _minutes_text(slot.minutes), classes=["wsl-slot-length"])
    tr += what
    return tr


def render_table(app: Sphinx, docname: str, schedule: Schedule, targets: set[str]) -> html.element:
    """One row per slot, grouped by thematic session: no rows for gaps or the end of the day."""
    table = html.make("table", classes=["wsl-schedule"])
    # Said for screen readers; the statement above the table says it to everyone.
    caption = html.make(
        "caption", f"Program of {format_day(schedule.day)} at the venue, ", classes=["wsl-sr-only"]
    )
    caption += html.make("span", f"in {schedule.timezone_label()}", classes=["wsl-tz-label"])
    table += caption
    head = html.make("thead")
    header = html.make("tr")
    header += html.make("th", "Time", scope="col")
    header += html.make("th", "Length", scope="col")
    header += html.make("th", "What", scope="col")
    head += header
    table += head
    groups: list[tuple[str | None, list[TimedSlot]]] = []
    for slot in schedule.slots:
        if not groups or groups[-1][0] != slot.session:
            groups.append((slot.session, []))
        groups[-1][1].append(slot)
    for key, slots in groups:
        body = html.make("tbody", classes=["wsl-schedule-group"])
        if key is not None:
            first = slots[0]
            body["classes"].append("wsl-session")
            body["ids"] = [f"session-{key}"]
            heading = html.make("tr", classes=["wsl-session-heading"])
            cell = html.make(
                "th",
                f"Session {first.session_number}: {first.session_title} ",
                scope="rowgroup",
                colspan="3",
            )
            span = html.make("span", "", classes=["wsl-session-span"])
            span += time_element(first.starts, schedule.timezone)
            span += nodes.Text("\N{EN DASH}")
            span += time_element(max(s.ends for s in slots), schedule.timezone, ends=True)
            cell += span
            heading += cell
            body += heading
        for slot in slots:
            body += _row(app, docname, schedule, slot, targets)
        table += body
    return table


def toggle_nodes(*, venue_name: str | None = None) -> list[nodes.Node]:
    """The local-time button, hidden until the script runs (without it, venue times stay).

    Its label says what pressing it does ("Show my time", "Show Singapore time"); the status
    next to it says which times are shown.
    """
    button = html.make(
        "button",
        "Show my time",
        classes=["wsl-localtime-toggle"],
        type="button",
        hidden="hidden",
        data_venue_name=venue_name or "",
    )
    status = html.make("span", "", classes=["wsl-localtime-status"], role="status")
    return [status, nodes.Text(" "), button]


def render_intro(schedule: Schedule) -> nodes.paragraph:
    """The one statement of the timezone; the script rewrites it in the reader's time."""
    label = schedule.timezone_label()
    intro = nodes.paragraph(classes=["wsl-schedule-timezone", "wsl-localtime"])
    status, space, button = toggle_nodes(venue_name=label.split(",")[0])
    status += nodes.Text("Times are in ")
    status += nodes.strong("", label)
    status += nodes.Text(", the time at the venue.")
    if schedule.first_start is not None and schedule.last_end is not None:
        first, last = (
            when.astimezone(dt.UTC) for when in (schedule.first_start, schedule.last_end)
        )
        on = "" if first.date() == schedule.day else f" on {format_day(first.date())}"
        status += nodes.Text(f" In UTC: {first:%H:%M} to {last:%H:%M}{on}.")
    intro += [status, space, button]
    return intro


def _fill(
    app: Sphinx, docname: str, schedule: Schedule, part: str, targets: set[str]
) -> list[nodes.Node]:
    env = app.env
    if part == "table":
        return [render_table(app, docname, schedule, targets)]
    if part == "speakers":
        return render_people(app, docname, {"role": "invited-speaker"})
    by_name = people_by_name(env)
    if part == "spotlights":
        text = "The papers chosen for the spotlight talks, with their poster sessions."
        return [
            nodes.paragraph("", text, classes=["wsl-count"]),
            paper_items(app.builder, docname, spotlight_papers(env), by_name),
        ]
    chosen = posters(env, int(part.removeprefix("posters-")))
    return [
        nodes.paragraph("", plural(len(chosen), "poster"), classes=["wsl-count"]),
        paper_items(app.builder, docname, chosen, by_name),
    ]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    schedule = get_schedule(app.env)
    targets = {anchor for section in doctree.findall(nodes.section) for anchor in section["ids"]}
    for node in list(doctree.findall(schedule_placeholder)):
        if schedule is None:
            node.replace_self([])
            continue
        part = node.get("part", "table")
        node.replace_self(_fill(app, docname, schedule, part, targets))
    if docname in app.env.get_domain("workshop").items("localtime_users"):
        annotate_date_times(app.env, doctree)


def annotate_date_times(env: BuildEnvironment, doctree: nodes.document) -> None:
    """Give the ``{date}`` role's times their timezone, so the toggle can tell a change of day."""
    by_instant = {
        entry.iso(): entry.timezone or "AoE"
        for _key, entry in env.workshop_dates.sorted()
        if entry.instant is not None
    }
    for node in doctree.findall(html.element):
        attributes = node["attributes"]
        if node["tag"] == "time" and "data_tz" not in attributes:
            timezone = by_instant.get(attributes.get("datetime", ""))
            if timezone is not None:
                # Intl knows AoE (UTC-12) as Etc/GMT+12 (POSIX signs are inverted).
                attributes["data_tz"] = "Etc/GMT+12" if timezone == "AoE" else timezone


# -- the local-time toggle ------------------------------------------------------------------------


class LocalTimeToggleDirective(SphinxDirective):
    """``{local-time-toggle}``: a button that shows the page's times in the reader's timezone."""

    has_content = False

    def run(self):
        self.env.get_domain("workshop").put("localtime_users", self.env.docname, True)
        paragraph = nodes.paragraph(classes=["wsl-localtime"])
        paragraph.extend(toggle_nodes())
        self.set_source_info(paragraph)
        return [paragraph]


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    if pagename in app.env.get_domain("workshop").items("localtime_users"):
        app.add_js_file("localtime.js", loading_method="defer")


def setup_schedule(app: Sphinx) -> None:
    app.add_node(schedule_placeholder)
    # After the dates are loaded: the schedule takes its day and timezone from them.
    app.connect("builder-inited", on_builder_inited, priority=600)
    app.connect("env-check-consistency", on_env_check_consistency)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context)
    app.add_directive("schedule", ScheduleDirective)
    app.add_directive("schedule-groups", ScheduleGroupsDirective)
    app.add_directive("local-time-toggle", LocalTimeToggleDirective)
