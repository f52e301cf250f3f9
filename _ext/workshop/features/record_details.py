"""What record pages say beyond their front matter, from the program and the other records.

A paper page gets, when it is written:

* "When and where": its poster session and, for a spotlight, its spotlight block, found in the
  program through the data (``kind`` and ``poster_session`` of a slot, the ``papers`` of a
  spotlight slot), with the date, the times (the local-time button of ``_static/localtime.js``
  shows them in the reader's time), the room (the poster session's where the program gives one,
  else the workshop's), a link to the slot in the program, the paper's own calendar file
  (export ``paper-ics``, "WSL 2025 poster: <title>") with Google Calendar and Outlook links, a
  block's ``.ics`` (export ``slot-ics``) only for a spotlight whose block is unknown, and the
  place of the paper's agenda star;
* its abstract, if the front matter has one (plain text);
* its topics as links to the papers listing filtered by topic (``?topic=<id>``);
* "More by these authors" and "Same topic", bounded lists (``model/related.py``), computed
  once per build at ``env-updated`` (``features/incremental.py``, which also rewrites the pages
  whose lists change).

An invited speaker's page says which talk is theirs where the program names them, else, once,
that the title of the talk is not in the workshop's public records.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri as relative_path

from ..domain import Users, relative_uri
from ..model.dates import WORKSHOP_DAY
from ..model.program import Schedule, TimedSlot
from ..model.records import Paper, Person
from ..model.related import Related, related_papers
from ..render.nodes import topic_link
from ..render.record_pages import (
    Appearance,
    abstract_section,
    related_sections,
    resolved_topic,
    speaker_talks,
    when_and_where,
)
from ..state import build_memory, site_data
from .calendar_events import paper_events, poster_slot, spotlight_slot
from .data_files import PROGRAM_STRUCTURE, note_data_file, slot_key
from .exports import EXPORTS
from .records import domain, papers
from .when import calendar_line

# -- what the program says of a record ------------------------------------------------------------


def appearances(schedule: Schedule, paper: Paper) -> list[Appearance]:
    """The paper's poster session and, for a spotlight, its spotlight block(s)."""
    posters = tuple(
        slot
        for slot in schedule.slots
        if slot.kind == "poster-session" and slot.slot.poster_session == paper.poster_session
    )
    found = [Appearance(f"Poster session {paper.poster_session}", posters)]
    if paper.presentation == "spotlight":
        spotlights = [slot for slot in schedule.slots if slot.kind == "spotlights"]
        named = tuple(slot for slot in spotlights if paper.id in slot.slot.papers)
        # Not named by any slot: one of the spotlight slots that name no paper.
        unnamed = tuple(slot for slot in spotlights if not slot.slot.papers)
        slots = named or unnamed
        found.append(Appearance("Spotlight talk", slots, one_of=not named and len(slots) > 1))
    return found


def talks_of(schedule: Schedule, person: Person) -> list[TimedSlot]:
    return [s for s in schedule.slots if s.kind == "invited-talk" and person.id in s.slot.people]


def is_speaker(person: Person) -> bool:
    return "invited-speaker" in person.roles


# -- reading ---------------------------------------------------------------------------------------


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Paper and speaker pages show the program: read again when it changes."""
    env = app.env
    paper, person = domain(env).paper(env.docname), domain(env).person(env.docname)
    speaker = person if person is not None and is_speaker(person) else None
    schedule = site_data(env).schedule
    if paper is None and speaker is None:
        return
    # What the page shows of the program (where its slots are, and those slots) and of the
    # workshop's day: read again when that changes, or when a program file appears.
    program_file = app.config.workshop_schedule_file
    note_data_file(env, program_file, PROGRAM_STRUCTURE)
    note_data_file(env, site_data(env).dates.source, WORKSHOP_DAY)
    if schedule is None:
        return
    if speaker is None:  # a paper page: its times can be shown in the reader's time
        assert paper is not None
        for appearance in appearances(schedule, paper):
            for slot in appearance.slots:
                note_data_file(env, program_file, slot_key(slot.anchor))
        for fact in PLACE_FACTS:
            note_data_file(env, app.config.workshop_info_file, fact)
        domain(env).note_user(Users.localtime, env.docname)
        return
    header = next(iter(doctree.findall(_is_person_header)), None)
    if header is not None:
        slots = talks_of(schedule, speaker)
        for slot in slots:
            note_data_file(env, program_file, slot_key(slot.anchor))
        header.parent.insert(header.parent.index(header) + 1, speaker_talks(schedule, slots))


def _is_person_header(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "wsl-person-header" in node["classes"]


def _is_paper_header(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "wsl-paper-header" in node["classes"]


# -- related papers ------------------------------------------------------------------------------


def related_of(env: BuildEnvironment) -> dict[str, Related]:
    """``paper id -> Related`` of this build (computed at env-updated)."""
    related = build_memory(env).related
    return related if related is not None else related_papers(papers(env).values())


# -- writing ---------------------------------------------------------------------------------------


def _program_link(app: Sphinx, docname: str):
    programs = domain(app.env).users(Users.program_table)

    def link(slot: TimedSlot) -> nodes.Node | None:
        if not programs:
            return None
        uri = relative_uri(app.builder, docname, programs[0])
        if not uri and programs[0] != docname:
            return None
        return nodes.reference("", "in the program", refuri=f"{uri}#{slot.anchor}", internal=True)

    return link


def _calendar_link(app: Sphinx, docname: str, paper: Paper):
    """A block's calendar file, for the blocks that the paper's own file does not hold."""
    parts = EXPORTS["slot-ics"].parts
    paths = parts(app) if parts is not None and app.builder.format == "html" else {}
    schedule = site_data(app.env).schedule
    found = (
        (poster_slot(schedule, paper), spotlight_slot(schedule, paper))
        if schedule is not None
        else ()
    )
    own = {slot.index for slot in found if slot is not None}
    here = app.builder.get_target_uri(docname)

    def link(slot: TimedSlot) -> nodes.Node | None:
        path = paths.get(slot.anchor)
        if path is None or slot.index in own:
            return None
        return nodes.reference(
            "",
            "add to calendar",
            refuri=relative_path(here, path),
            internal=True,
            classes=["reference", "internal", "wsl-export", "wsl-add-to-calendar"],
        )

    return link


# The facts a paper page's "when and where" shows (its room, and its calendar line's
# event: named with the acronym, with the page's address on the site).
PLACE_FACTS = ("room", "conference", "city", "acronym", "site_url")


def _place(app: Sphinx, paper: Paper) -> str | None:
    """ "Room Topaz 220-225, ICLR 2025, Singapore": the room of the paper's poster session
    where the program gives one, else the workshop's (the facts file)."""
    info, schedule = site_data(app.env).info, site_data(app.env).schedule
    if info is None:
        return None
    slot = poster_slot(schedule, paper) if schedule is not None else None
    room = (slot.slot.room if slot is not None else None) or info.room
    return ", ".join(filter(None, (f"Room {room}" if room else "", info.conference, info.city)))


def _paper_calendar(app: Sphinx, docname: str, paper: Paper) -> nodes.Node | None:
    """The paper's own calendar file, and the same event for Google Calendar and Outlook."""
    if app.builder.format != "html":
        return None
    path = EXPORTS["paper-ics"].file_of(app, paper.id)
    events = paper_events(app, paper)
    if path is None or not events:
        return None
    uri = relative_path(app.builder.get_target_uri(docname), path)
    return calendar_line(
        "Add this paper to your calendar: ", uri, events[0], ics_label="calendar file (.ics)"
    )


def _listing_uri(app: Sphinx, docname: str, paper: Paper) -> str | None:
    """The papers listing of the paper's folder (``papers/index``), from this page."""
    listing = f"{paper.docname.rpartition('/')[0]}/index"
    if listing not in app.env.all_docs:
        return None
    return relative_uri(app.builder, docname, listing) or None


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    env = app.env
    paper = domain(env).paper(docname)
    if paper is None:
        return
    topics = site_data(env).topics
    listing = _listing_uri(app, docname, paper)
    for node in list(doctree.findall(topic_link)):
        area = topics.get(node["topic"])
        title = area.title if area is not None else node["topic"]
        node.replace_self(resolved_topic(listing, node["topic"], title))
    header = next(iter(doctree.findall(_is_paper_header)), None)
    if header is None:
        return
    page = header.parent
    added: list[nodes.Node] = []
    schedule = site_data(env).schedule
    if schedule is not None:
        added.append(
            when_and_where(
                schedule,
                appearances(schedule, paper),
                place=_place(app, paper),
                program=_program_link(app, docname),
                calendar=_calendar_link(app, docname, paper),
                add_to_calendar=_paper_calendar(app, docname, paper),
                agenda_id=f"paper-{paper.id}",
            )
        )
    abstract = abstract_section(paper)
    if abstract is not None:
        added.append(abstract)
    position = page.index(header) + 1
    page[position:position] = added
    related = related_of(env).get(paper.id, Related())
    by_id = papers(env)
    page.extend(
        related_sections(
            app.builder,
            docname,
            [by_id[pid] for pid in related.by_authors if pid in by_id],
            [by_id[pid] for pid in related.same_topic if pid in by_id],
        )
    )


def setup_record_details(app: Sphinx) -> None:
    app.connect("doctree-read", on_doctree_read, priority=450)  # after the record is stored
    app.connect("doctree-resolved", on_doctree_resolved)
