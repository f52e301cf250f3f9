"""What the export writer keeps from one build for the next, so that a one-paper edit makes
again what that paper changes, not what the site holds (``features/exports.py`` writes):

- ``Call``: a file as a call of a pure serialiser of ``formats/``. Its digest (the serialiser's
  code, icalendar's version, the arguments) is kept beside the doctrees with the file's path:
  the file is made only when the digest differs from the one that made it.
- ``PaperExports``: each paper's part of the exports (its calendar file's digest, its agenda
  item, its row of ``papers.json``), made after reading (``env-get-updated``: pickled with the
  environment, in ``BuildMemory``) and made again only for a paper that changed, or for every
  paper when what they read beside it changed (the facts, the program, the workshop's year,
  the build's "now", the site's address, the builder, the code that makes them).
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import icalendar
from sphinx.application import Sphinx

from ..domain import target_uri
from ..formats import json as json_format
from ..formats.ical import CalendarEvent, events_calendar
from ..model.program import TimedSlot
from ..model.records import Paper
from ..state import build_memory, build_scratch, site_data
from .calendar_events import acronym, paper_events, paper_item, workshop_year
from .records import papers


class Call(t.NamedTuple):
    """A file as a call of a pure serialiser of ``formats/`` (its bytes are ``call()``): the
    writer makes it only when the call differs from the one that made the file last time."""

    function: t.Callable[..., bytes]
    args: tuple = ()
    kwargs: dict[str, t.Any] = {}  # noqa: RUF012  # never changed: a NamedTuple's default

    def __call__(self) -> bytes:
        return self.function(*self.args, **self.kwargs)

    def __repr__(self) -> str:  # the function by name: its repr holds an address
        name = f"{self.function.__module__}.{self.function.__qualname__}"
        return f"{name}(*{self.args!r}, **{sorted(self.kwargs.items())!r})"

    def digest(self) -> str:
        version = _code_version(self.function.__module__)
        return hashlib.sha256(f"{version}{self!r}".encode()).hexdigest()


class RememberedCall(t.NamedTuple):
    """A ``Call`` known by the digest remembered with its inputs: ``make`` gives the call only
    when the file must be written again (its arguments cost more than the file's digest)."""

    known: str
    make: t.Callable[[], Call]

    def digest(self) -> str:
        return self.known

    def __call__(self) -> bytes:
        return self.make()()


@functools.cache
def _code_version(module_name: str) -> str:
    """A module's code and the calendar library's version: what a file is made with is made
    again when either changes, whatever its inputs."""
    source = Path(t.cast(str, sys.modules[module_name].__file__)).read_bytes()
    return hashlib.sha256(source + icalendar.__version__.encode()).hexdigest()


# The code that makes a paper's part of the exports, beside the paper and the inputs below.
_PAPER_CODE = (
    __name__,
    paper_events.__module__,
    events_calendar.__module__,
    json_format.__name__,
    Paper.__module__,
    TimedSlot.__module__,  # a slot's title and times
)

# agenda.json: no spaces, by json's C encoder (an item encoded alone reads as in the file).
AGENDA_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def paper_calendar(app: Sphinx, paper: Paper, events: list[CalendarEvent] | None = None) -> Call:
    """A paper's own calendar file: its events (``calendar_events.paper_events``)."""
    data = site_data(app.env)
    schedule = data.schedule
    assert schedule is not None, "written only with a valid program (export_files.py)"
    if events is None:
        events = paper_events(app, paper)
    return Call(
        events_calendar,
        (schedule.timezone, schedule.day.year, tuple(events)),
        {
            "name": f"{acronym(app)} {workshop_year(app)}: {paper.title}",
            "key": f"paper/{paper.id}",
            "acronym": acronym(app),
            "now": data.now,
        },
    )


def agenda_entry(
    app: Sphinx, paper: Paper, events: list[CalendarEvent] | None = None
) -> tuple[str, str] | None:
    """``(its start, its item as JSON)``: a paper's item of ``agenda.json``; None without an
    event."""
    item = paper_item(app, paper, paper_events(app, paper) if events is None else events)
    return (item["starts"], AGENDA_ENCODER.encode(item)) if item is not None else None


def json_row(app: Sphinx, paper: Paper, key: str, page: str) -> str:
    """A paper's line of ``papers.json``."""
    return json_format.paper_row(paper, key, page, app.config.html_baseurl)


class PaperExports(t.NamedTuple):
    """A paper's part of the exports, and what it was made from beside the shared inputs."""

    paper: Paper
    uri: str | None  # its page, from the site's root
    citation_key: str | None
    calendar: str | None  # the digest of its calendar file's Call; None: no program
    agenda: tuple[str, str] | None  # agenda_entry(); None: no event
    json_row: str | None  # None: no key or no page (papers.json makes it, or fails, itself)


@dataclass
class RememberedExports:
    """Every paper's exports of the last build, and the inputs they shared."""

    inputs: tuple = ()
    papers: dict[str, PaperExports] = field(default_factory=dict)


def _inputs(app: Sphinx) -> tuple:
    """What every paper's part of the exports reads beside the paper."""
    data = site_data(app.env)
    schedule = data.schedule
    return (
        tuple(_code_version(name) for name in _PAPER_CODE),
        data.info,
        None if schedule is None else (schedule.timezone, schedule.day, tuple(schedule.slots)),
        workshop_year(app),
        data.now,
        app.config.html_baseurl,
        app.builder.name,
    )


def _made(app: Sphinx, paper: Paper, uri: str | None, key: str | None) -> PaperExports:
    events = paper_events(app, paper)
    has_program = site_data(app.env).schedule is not None
    return PaperExports(
        paper,
        uri,
        key,
        paper_calendar(app, paper, events).digest() if has_program else None,
        agenda_entry(app, paper, events),
        json_row(app, paper, key, uri) if key is not None and uri is not None else None,
    )


def remember_paper_exports(app: Sphinx) -> None:
    """Each paper's part of the exports of this build: the last build's where neither the paper
    (nor its page, nor its key) nor the shared inputs changed. After the citation keys
    (``features/citations.py``), before the environment is pickled."""
    if app.builder.format != "html":
        return
    memory = build_memory(app.env)
    inputs, before = _inputs(app), memory.paper_exports
    kept = before.papers if before is not None and before.inputs == inputs else {}
    keys = memory.citation_keys
    made = {}
    for paper_id, paper in papers(app.env).items():
        uri, key = target_uri(app.builder, paper.docname), keys.get(paper_id)
        old = kept.get(paper_id)
        if (
            old is not None
            and (old.paper is paper or old.paper == paper)
            and old.uri == uri
            and old.citation_key == key
        ):
            # The paper read again unchanged: kept, with this build's record.
            made[paper_id] = old if old.paper is paper else old._replace(paper=paper)
        else:
            made[paper_id] = _made(app, paper, uri, key)
    memory.paper_exports = RememberedExports(inputs, made)
    build_scratch(app).paper_exports = made


def this_builds(app: Sphinx, paper: Paper) -> PaperExports | None:
    """The paper's part of the exports made for this build; None if none was (then its files
    are made from the paper)."""
    made = build_scratch(app).paper_exports
    found = made.get(paper.id) if made is not None else None
    return found if found is not None and found.paper is paper else None
